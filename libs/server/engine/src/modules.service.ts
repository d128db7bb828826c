import type { ModuleInfo } from '@neurograph/contracts';
import { Injectable } from '@nestjs/common';
import type { ModuleRecord } from '@neurograph/modules';
import { AuditService, type RequestPrincipal } from '@neurograph/server-auth';
import { EngineHost } from './engine-host.js';

/** `ModuleInfo` of 02-api.md: what a module is, and its live state. */
export function moduleInfo(record: ModuleRecord): ModuleInfo {
  const { descriptor: d, state } = record;
  return {
    id: d.id,
    name: d.name,
    version: d.version,
    description: d.description,
    canDisable: d.canDisable,
    configurable: d.configurable,
    disableWarning: d.disableWarning ?? null,
    dependsOn: d.dependsOn,
    enabled: state.enabled,
    status: state.status,
    config: state.config,
    metrics: state.metrics,
    error: state.error ?? null,
  };
}

/** Inspect, switch and configure engine modules; every change is persisted and audited before it is answered. */
@Injectable()
export class ModulesService {
  constructor(
    private readonly host: EngineHost,
    private readonly audit: AuditService,
  ) {}

  list() {
    const modules = this.host.engine.modules.list().map(moduleInfo);
    return { modules, total: modules.length };
  }

  get(id: string) {
    return moduleInfo(this.host.engine.modules.get(id));
  }

  /** The config and the JSON Schema it is checked against (what a config editor needs). */
  config(id: string) {
    const { descriptor, state } = this.host.engine.modules.get(id);
    return { config: state.config, schema: descriptor.configSchema };
  }

  async setEnabled(id: string, enabled: boolean, actor: RequestPrincipal, requestId?: string) {
    const modules = this.host.engine.modules;
    const record = enabled ? await modules.enable(id) : await modules.disable(id);
    await this.settle(actor, enabled ? 'module.enable' : 'module.disable', id, undefined, requestId);
    return moduleInfo(record);
  }

  async configure(id: string, config: unknown, merge: boolean, actor: RequestPrincipal, requestId?: string) {
    const modules = this.host.engine.modules;
    const record = merge ? await modules.patchConfig(id, config) : await modules.configure(id, config);
    await this.settle(actor, 'module.configure', id, { config: record.state.config }, requestId);
    return moduleInfo(record);
  }

  private async settle(actor: RequestPrincipal, action: string, target: string, details: Record<string, unknown> | undefined, requestId?: string) {
    await this.host.flush();
    await this.audit.record(actor, { action, target, details, requestId });
  }
}
