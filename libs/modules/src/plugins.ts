import type { ModuleDescriptor } from './descriptor.js';
import { ModuleError } from './errors.js';
import type { ModuleHooks, ModuleRegistry } from './registry.js';
import { satisfies } from './semver.js';

export type PluginKind = 'encoder' | 'executor' | 'analyzer' | 'other';

/** A third-party module: what it is, what it needs, and how it plugs into the host. */
export interface Plugin<TContext> {
  descriptor: ModuleDescriptor;
  kind: PluginKind;
  requires: {
    /** Semver range of the host core it works with, e.g. `^0.1.0`. */
    core: string;
    /** Other modules it needs, with version ranges. */
    modules?: Record<string, string>;
  };
  /** Called once when installed; returns the module's lifecycle hooks. */
  setup(context: TContext): ModuleHooks | void;
}

/**
 * Installs plugins into a registry after checking them: the host core version must satisfy the
 * plugin's range, every required module must be installed at a satisfying version, and ids must be
 * free. A refused plugin changes nothing and the error says which requirement failed.
 */
export class PluginHost<TContext> {
  constructor(
    private readonly registry: ModuleRegistry,
    private readonly coreVersion: string,
    private readonly context: TContext,
  ) {}

  install(plugin: Plugin<TContext>): void {
    const reasons = this.incompatibilities(plugin);
    if (reasons.length > 0) {
      throw new ModuleError('PLUGIN_INCOMPATIBLE', `Plugin "${plugin?.descriptor?.id}" refused: ${reasons.map((r) => r.message).join('; ')}`, reasons);
    }
    const hooks = plugin.setup(this.context) ?? {};
    this.registry.register(plugin.descriptor, hooks);
  }

  incompatibilities(plugin: Plugin<TContext>): { field: string; rule: string; message: string }[] {
    const reasons: { field: string; rule: string; message: string }[] = [];
    if (!plugin || typeof plugin.setup !== 'function' || !plugin.descriptor) return [{ field: 'plugin', rule: 'shape', message: 'needs a descriptor, requires and setup()' }];
    const core = satisfies(this.coreVersion, plugin.requires?.core);
    if (core === null) reasons.push({ field: 'requires.core', rule: 'range', message: `unreadable core range "${plugin.requires?.core}"` });
    else if (!core) reasons.push({ field: 'requires.core', rule: 'semver', message: `needs core ${plugin.requires.core}, host is ${this.coreVersion}` });
    for (const [id, range] of Object.entries(plugin.requires?.modules ?? {})) {
      if (!this.registry.has(id)) {
        reasons.push({ field: `requires.modules.${id}`, rule: 'missing', message: `needs module "${id}" (${range}), which is not installed` });
        continue;
      }
      const installed = this.registry.get(id).descriptor.version;
      const ok = satisfies(installed, range);
      if (!ok) reasons.push({ field: `requires.modules.${id}`, rule: 'semver', message: `needs ${id} ${range}, installed is ${installed}` });
    }
    if (this.registry.has(plugin.descriptor.id)) reasons.push({ field: 'descriptor.id', rule: 'unique', message: `module "${plugin.descriptor.id}" is already installed` });
    return reasons;
  }
}
