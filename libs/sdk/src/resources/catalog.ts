import type { ActionExecution, CreateRuleRequest, CreateSensorRequest, Page, Rule, RulePatch, Sensor, SensorPatch } from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';

/** List, get, create, update and delete: what sensors and rules share. */
export class CatalogResource<T, Create, Patch> {
  /** @internal Built by `NeuroGraph`. */
  constructor(
    private readonly http: Http,
    private readonly base: string,
  ) {}

  list(options?: CallOptions): Promise<Page<T>> {
    return this.http.request({ method: 'GET', path: this.base, ...options });
  }
  create(item: Create, options?: CallOptions): Promise<T> {
    return this.http.request({ method: 'POST', path: this.base, body: item, ...options });
  }
  get(id: string, options?: CallOptions): Promise<T> {
    return this.http.request({ method: 'GET', path: this.path(id), ...options });
  }
  update(id: string, patch: Patch, options?: CallOptions): Promise<T> {
    return this.http.request({ method: 'PATCH', path: this.path(id), body: patch, ...options });
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: this.path(id), ...options });
  }

  private path(id: string): string {
    return `${this.base}/${encodeURIComponent(id)}`;
  }
}

export class SensorsResource extends CatalogResource<Sensor, CreateSensorRequest, SensorPatch> {
  /** @internal Built by `NeuroGraph`. */
  constructor(http: Http) {
    super(http, '/sensors');
  }
}

/** Rules: when a signal matches `when`, run `actions`. */
export class RulesResource extends CatalogResource<Rule, CreateRuleRequest, RulePatch> {
  /** @internal Built by `NeuroGraph`. */
  constructor(http: Http) {
    super(http, '/rules');
  }
}

export class ActionsResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  /** The execution log, newest first. */
  list(query: { limit?: number } = {}, options?: CallOptions): Promise<Page<ActionExecution>> {
    return this.http.request({ method: 'GET', path: '/actions', query, ...options });
  }
}
