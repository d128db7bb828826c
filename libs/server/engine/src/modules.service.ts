import { moduleInfo } from '@neurograph/contracts';
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
