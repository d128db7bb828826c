import type { ModuleConfig, ModuleConfigRequest, ModuleInfo, ModuleList, ModuleMetricsSnapshot, SetEnabledRequest } from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';

const modulePath = (id: string) => `/modules/${encodeURIComponent(id)}`;

export class ModulesResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  list(options?: CallOptions): Promise<ModuleList> {
    return this.http.request({ method: 'GET', path: '/modules', ...options });
  }
  get(id: string, options?: CallOptions): Promise<ModuleInfo> {
    return this.http.request({ method: 'GET', path: modulePath(id), ...options });
  }
  enable(id: string, options?: CallOptions): Promise<ModuleInfo> {
    return this.setEnabled(id, true, options);
  }
  /** Rejects with a ConflictError (`MODULE_CANNOT_BE_DISABLED`) for the engine's core modules. */
  disable(id: string, options?: CallOptions): Promise<ModuleInfo> {
    return this.setEnabled(id, false, options);
  }
  metrics(id: string, options?: CallOptions): Promise<ModuleMetricsSnapshot> {
    return this.http.request({ method: 'GET', path: `${modulePath(id)}/metrics`, ...options });
  }
  /** The config and the JSON Schema it is checked against. */
  getConfig(id: string, options?: CallOptions): Promise<ModuleConfig> {
    return this.http.request({ method: 'GET', path: `${modulePath(id)}/config`, ...options });
  }
  /** Replaces the config; a ValidationError (422 `CONFIG_INVALID`) lists what the schema refused. */
  setConfig(id: string, config: Record<string, unknown>, options?: CallOptions): Promise<ModuleInfo> {
    return this.http.request({ method: 'PUT', path: `${modulePath(id)}/config`, body: { config } satisfies ModuleConfigRequest, ...options });
  }
  /** Merges into the config. */
  patchConfig(id: string, config: Record<string, unknown>, options?: CallOptions): Promise<ModuleInfo> {
    return this.http.request({ method: 'PATCH', path: `${modulePath(id)}/config`, body: { config } satisfies ModuleConfigRequest, ...options });
  }

  private setEnabled(id: string, enabled: boolean, options?: CallOptions): Promise<ModuleInfo> {
    return this.http.request({ method: 'PUT', path: `${modulePath(id)}/enabled`, body: { enabled } satisfies SetEnabledRequest, ...options });
  }
}
