import { Injectable } from '@nestjs/common';
import type { SensorConfig } from '@neurograph/core';
import { AuditService, type RequestPrincipal } from '@neurograph/server-auth';
import { ApiError } from '@neurograph/server-http';
import { EngineHost } from './engine-host.js';

const sensorNotFound = (id: string) => ApiError.notFound('SENSOR_NOT_FOUND', `Sensor "${id}"`);
const ruleNotFound = (id: string) => ApiError.notFound('RULE_NOT_FOUND', `Rule "${id}"`);

/** Sensors, rules and the action log: definitions operators manage, persisted as they change. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly host: EngineHost,
    private readonly audit: AuditService,
  ) {}

  private get engine() {
    return this.host.engine;
  }

  sensors() {
    return { items: this.engine.gateway.sensors.list() };
  }

  sensor(id: string): SensorConfig {
    const sensor = this.engine.gateway.sensors.get(id);
    if (!sensor) throw sensorNotFound(id);
    return sensor;
  }

  async createSensor(input: Partial<SensorConfig> & Pick<SensorConfig, 'sensorId' | 'encoder'>, actor: RequestPrincipal, requestId?: string) {
    const sensor = this.engine.gateway.sensors.register(input);
    await this.host.persist(() => this.host.state.saveSensor(sensor));
    await this.audit.record(actor, { action: 'sensor.create', target: sensor.sensorId, requestId });
    return sensor;
  }

  async updateSensor(id: string, patch: Partial<Omit<SensorConfig, 'sensorId'>>, actor: RequestPrincipal, requestId?: string) {
    this.sensor(id);
    const sensor = this.engine.gateway.sensors.update(id, patch);
    await this.host.persist(() => this.host.state.saveSensor(sensor));
    await this.audit.record(actor, { action: 'sensor.update', target: id, details: patch, requestId });
    return sensor;
  }

  async removeSensor(id: string, actor: RequestPrincipal, requestId?: string) {
    this.sensor(id);
    if (this.engine.gateway.sensors.isBuiltin(id)) throw new ApiError(409, 'SENSOR_BUILTIN', `"${id}" is built in; disable it instead`, [{ field: 'id', rule: 'builtin', message: 'cannot be deleted' }]);
    this.engine.gateway.sensors.remove(id);
    await this.host.persist(() => this.host.state.deleteSensor(id));
    await this.audit.record(actor, { action: 'sensor.delete', target: id, requestId });
  }

  rules() {
    return { items: this.engine.actions.listRules() };
  }

  rule(id: string) {
    const rule = this.engine.actions.rule(id);
    if (!rule) throw ruleNotFound(id);
    return rule;
  }

  async upsertRule(input: Record<string, unknown>, actor: RequestPrincipal, requestId?: string, mustExist = false) {
    if (mustExist) this.rule(String(input.id));
    const rule = this.engine.actions.upsertRule(input);
    await this.host.persist(() => this.host.state.saveRule(rule));
    await this.audit.record(actor, { action: mustExist ? 'rule.update' : 'rule.create', target: rule.id, requestId });
    return rule;
  }

  async removeRule(id: string, actor: RequestPrincipal, requestId?: string) {
    if (!this.engine.actions.removeRule(id)) throw ruleNotFound(id);
    await this.host.persist(() => this.host.state.deleteRule(id));
    await this.audit.record(actor, { action: 'rule.delete', target: id, requestId });
  }

  actions(limit: number) {
    return { items: this.engine.actions.history(limit) };
  }
}
