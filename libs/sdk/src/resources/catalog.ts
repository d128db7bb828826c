import type { ActionExecution, CreateRuleRequest, CreateSensorRequest, Page, Rule, RulePatch, Sensor, SensorPatch } from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';

const idPath = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

export class SensorsResource {
  constructor(private readonly http: Http) {}

  list(options?: CallOptions): Promise<Page<Sensor>> {
    return this.http.request({ method: 'GET', path: '/sensors', ...options });
  }
  create(sensor: CreateSensorRequest, options?: CallOptions): Promise<Sensor> {
    return this.http.request({ method: 'POST', path: '/sensors', body: sensor, ...options });
  }
  get(id: string, options?: CallOptions): Promise<Sensor> {
    return this.http.request({ method: 'GET', path: idPath('/sensors', id), ...options });
  }
  update(id: string, patch: SensorPatch, options?: CallOptions): Promise<Sensor> {
    return this.http.request({ method: 'PATCH', path: idPath('/sensors', id), body: patch, ...options });
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: idPath('/sensors', id), ...options });
  }
}

export class RulesResource {
  constructor(private readonly http: Http) {}

  list(options?: CallOptions): Promise<Page<Rule>> {
    return this.http.request({ method: 'GET', path: '/rules', ...options });
  }
  create(rule: CreateRuleRequest, options?: CallOptions): Promise<Rule> {
    return this.http.request({ method: 'POST', path: '/rules', body: rule, ...options });
  }
  get(id: string, options?: CallOptions): Promise<Rule> {
    return this.http.request({ method: 'GET', path: idPath('/rules', id), ...options });
  }
  update(id: string, patch: RulePatch, options?: CallOptions): Promise<Rule> {
    return this.http.request({ method: 'PATCH', path: idPath('/rules', id), body: patch, ...options });
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: idPath('/rules', id), ...options });
  }
}

export class ActionsResource {
  constructor(private readonly http: Http) {}

  /** The execution log, newest first. */
  list(query: { limit?: number } = {}, options?: CallOptions): Promise<Page<ActionExecution>> {
    return this.http.request({ method: 'GET', path: '/actions', query, ...options });
  }
}
