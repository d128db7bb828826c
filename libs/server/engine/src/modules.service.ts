import { moduleInfo } from '@neurograph/contracts';
import type { ModuleDescriptor, ModuleRecord } from '@neurograph/modules';
import { Injectable } from '@nestjs/common';
import { AuditService, type RequestPrincipal } from '@neurograph/server-auth';
import { EngineHost } from './engine-host.js';

/** Inspect, switch and configure engine modules; every change is persisted and audited before it is answered. */
@Injectable()
export class ModulesService {
  constructor(
    private readonly host: EngineHost,
    private readonly audit: AuditService,
  ) {}

  /** The `ModuleList` as its JSON text, as the route answers it. */
  listJson(): string {
    const modules = this.host.engine.modules.list();
    return `{"modules":[${modules.map(moduleJson).join(',')}],"total":${modules.length}}`;
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

/** Each descriptor's half of a module's JSON, without its closing brace. */
const describedJson = new WeakMap<ModuleDescriptor, string>();

/**
 * `JSON.stringify(moduleInfo(record))`, with the descriptor's half (names and descriptions in two
 * languages, most of the text) serialized once: descriptors are frozen at registration, and only
 * the state changes between calls. The listing is the api's most frequent read.
 */
export function moduleJson(record: ModuleRecord): string {
  let head = describedJson.get(record.descriptor);
  if (head === undefined) {
    const { enabled, status, config, metrics, error, ...described } = moduleInfo(record);
    head = JSON.stringify(described).slice(0, -1);
    describedJson.set(record.descriptor, head);
  }
  const { state } = record;
  return `${head},${JSON.stringify({ enabled: state.enabled, status: state.status, config: state.config, metrics: state.metrics, error: state.error ?? null }).slice(1)}`;
}
