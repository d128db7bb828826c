import { type ModuleDescriptor, descriptorIssues, type ModuleStatus } from './descriptor.js';
import { ModuleError } from './errors.js';
import { ModuleMetrics, type ModuleMetricsSnapshot } from './metrics.js';
import { validate, withDefaults } from './schema.js';

/** What a module does when the registry changes it; any hook may be async. Configs are frozen. */
export interface ModuleHooks<TConfig = Record<string, unknown>> {
  onEnable?(): void | Promise<void>;
  onDisable?(): void | Promise<void>;
  onConfigure?(config: TConfig, previous: TConfig): void | Promise<void>;
}

export interface ModuleState {
  enabled: boolean;
  status: ModuleStatus;
  config: Record<string, unknown>;
  metrics: ModuleMetricsSnapshot;
  error?: string;
}

export interface ModuleRecord {
  descriptor: ModuleDescriptor;
  state: ModuleState;
}

export type ModuleEventType = 'module.enabled' | 'module.disabled' | 'module.configured' | 'module.error';

export interface ModuleEvent {
  type: ModuleEventType;
  moduleId: string;
  enabled: boolean;
  config: Record<string, unknown>;
  error?: string;
}

export interface RegistrySnapshot {
  modules: { id: string; enabled: boolean; config: Record<string, unknown> }[];
}

interface Entry {
  descriptor: ModuleDescriptor;
  hooks: ModuleHooks;
  enabled: boolean;
  status: ModuleStatus;
  config: Record<string, unknown>;
  metrics: ModuleMetrics;
  error?: string;
}

/**
 * The modules of an engine and their live state. Changes go through hooks that have real effects;
 * refusals are typed (`MODULE_CANNOT_BE_DISABLED`, `MODULE_DEPENDENCY`, `CONFIG_INVALID`, …). Disabling
 * a module that enabled modules depend on is refused with their names rather than cascading, so an
 * operator never switches off more than they asked for. A hook that throws leaves the module in
 * status `error` with the previous flag and config restored.
 */
export class ModuleRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(event: ModuleEvent) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  register(descriptor: ModuleDescriptor, hooks: ModuleHooks = {}, options: { enabled?: boolean; config?: Record<string, unknown> } = {}): ModuleMetrics {
    const issues = descriptorIssues(descriptor);
    if (issues.length > 0) throw new ModuleError('DESCRIPTOR_INVALID', `Invalid module descriptor: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    if (this.entries.has(descriptor.id)) throw new ModuleError('MODULE_EXISTS', `Module "${descriptor.id}" is already registered`, [{ field: 'id', rule: 'unique', message: 'already registered' }]);
    const config = this.validatedConfig(descriptor, options.config ?? {});
    const enabled = options.enabled ?? true;
    const metrics = new ModuleMetrics(this.now);
    this.entries.set(descriptor.id, { descriptor: frozenCopy(descriptor), hooks, enabled, status: enabled ? 'active' : 'disabled', config, metrics });
    return metrics;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** O(1), for hot-path checks. */
  isEnabled(id: string): boolean {
    return this.entries.get(id)?.enabled === true;
  }

  get(id: string): ModuleRecord {
    return this.recordOf(this.require(id));
  }

  list(): ModuleRecord[] {
    return [...this.entries.values()].map((e) => this.recordOf(e));
  }

  metrics(id: string): ModuleMetrics {
    return this.require(id).metrics;
  }

  /** The module's config, frozen. */
  config<T = Record<string, unknown>>(id: string): T {
    return this.require(id).config as T;
  }

  on(listener: (event: ModuleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async enable(id: string): Promise<ModuleRecord> {
    const entry = this.require(id);
    if (entry.enabled) return this.recordOf(entry);
    const off = entry.descriptor.dependsOn.filter((dep) => !this.isEnabled(dep));
    if (off.length > 0) {
      throw new ModuleError('MODULE_DEPENDENCY', `Module "${id}" needs ${off.join(', ')} enabled first`, [{ field: 'dependsOn', rule: 'enabled', message: `enable ${off.join(', ')} first` }]);
    }
    await this.change(entry, () => entry.hooks.onEnable?.(), () => (entry.enabled = true), 'module.enabled');
    return this.recordOf(entry);
  }

  async disable(id: string): Promise<ModuleRecord> {
    const entry = this.require(id);
    if (!entry.descriptor.canDisable) {
      throw new ModuleError('MODULE_CANNOT_BE_DISABLED', `Module "${id}" is a core module and cannot be disabled`, [{ field: 'id', rule: 'canDisable', message: 'core module' }]);
    }
    if (!entry.enabled) return this.recordOf(entry);
    const dependants = [...this.entries.values()].filter((e) => e.enabled && e.descriptor.dependsOn.includes(id)).map((e) => e.descriptor.id);
    if (dependants.length > 0) {
      throw new ModuleError('MODULE_DEPENDENCY', `Module "${id}" is needed by ${dependants.join(', ')}; disable them first`, [
        { field: 'id', rule: 'dependants', message: `needed by ${dependants.join(', ')}` },
      ]);
    }
    await this.change(entry, () => entry.hooks.onDisable?.(), () => (entry.enabled = false), 'module.disabled');
    return this.recordOf(entry);
  }

  /** Replaces the config (defaults filled from the schema). */
  async configure(id: string, config: unknown): Promise<ModuleRecord> {
    const entry = this.require(id);
    if (!entry.descriptor.configurable) throw new ModuleError('MODULE_NOT_CONFIGURABLE', `Module "${id}" has no settings`, [{ field: 'config', rule: 'configurable', message: 'module is not configurable' }]);
    const next = this.validatedConfig(entry.descriptor, config);
    const previous = entry.config;
    await this.change(entry, () => entry.hooks.onConfigure?.(next, previous), () => (entry.config = next), 'module.configured');
    return this.recordOf(entry);
  }

  /** Merges a partial config onto the current one, then validates the whole. */
  async patchConfig(id: string, partial: unknown): Promise<ModuleRecord> {
    const entry = this.require(id);
    if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
      throw new ModuleError('CONFIG_INVALID', 'A config patch must be an object', [{ field: 'config', rule: 'type', message: 'must be an object' }]);
    }
    return this.configure(id, { ...entry.config, ...(partial as Record<string, unknown>) });
  }

  snapshot(): RegistrySnapshot {
    return { modules: [...this.entries.values()].map((e) => ({ id: e.descriptor.id, enabled: e.enabled, config: e.config })) };
  }

  /**
   * Re-applies persisted flags and configs through the same validated paths. Unknown modules and
   * refused changes are reported, not thrown, so one stale row cannot stop a server from starting.
   */
  async restore(snapshot: RegistrySnapshot): Promise<{ applied: string[]; skipped: { id: string; reason: string }[] }> {
    const applied: string[] = [];
    const failures = new Map<string, string>();
    let pending = Array.isArray(snapshot?.modules) ? [...snapshot.modules] : [];
    // Dependencies make order matter; rather than sorting a graph, retry what failed while a pass
    // still makes progress.
    while (pending.length > 0) {
      const retry: typeof pending = [];
      for (const row of pending) {
        try {
          await this.applyRow(row);
          applied.push(row.id);
          failures.delete(row.id);
        } catch (error) {
          failures.set(String(row?.id), error instanceof Error ? error.message : String(error));
          retry.push(row);
        }
      }
      if (retry.length === pending.length) break;
      pending = retry;
    }
    return { applied, skipped: [...failures].map(([id, reason]) => ({ id, reason })) };
  }

  private async applyRow(row: RegistrySnapshot['modules'][number]): Promise<void> {
    const entry = this.require(row?.id);
    if (entry.descriptor.configurable && JSON.stringify(entry.config) !== JSON.stringify(row.config)) await this.configure(row.id, row.config);
    if (row.enabled === true && !entry.enabled) await this.enable(row.id);
    if (row.enabled === false && entry.enabled) await this.disable(row.id);
  }

  private async change(entry: Entry, hook: () => void | Promise<void> | undefined, apply: () => void, type: ModuleEventType): Promise<void> {
    const before = { enabled: entry.enabled, config: entry.config };
    apply();
    try {
      await hook();
    } catch (error) {
      entry.enabled = before.enabled;
      entry.config = before.config;
      entry.status = 'error';
      entry.error = error instanceof Error ? error.message : String(error);
      entry.metrics.recordError();
      this.emit({ type: 'module.error', moduleId: entry.descriptor.id, enabled: entry.enabled, config: entry.config, error: entry.error });
      throw new ModuleError('MODULE_HOOK_FAILED', `Module "${entry.descriptor.id}" failed: ${entry.error}`, [{ field: 'id', rule: 'hook', message: entry.error }]);
    }
    entry.status = entry.enabled ? 'active' : 'disabled';
    entry.error = undefined;
    this.emit({ type, moduleId: entry.descriptor.id, enabled: entry.enabled, config: entry.config });
  }

  private validatedConfig(descriptor: ModuleDescriptor, config: unknown): Record<string, unknown> {
    const filled = withDefaults(descriptor.configSchema, config ?? {});
    const issues = validate(descriptor.configSchema, filled);
    if (issues.length > 0) throw new ModuleError('CONFIG_INVALID', `Invalid config for "${descriptor.id}": ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues);
    return frozenCopy(filled as Record<string, unknown>);
  }

  private require(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new ModuleError('MODULE_NOT_FOUND', `No module "${id}"`, [{ field: 'id', rule: 'exists', message: `unknown module "${id}"` }]);
    return entry;
  }

  /** Descriptor and config are shared, not copied: they are frozen, and `GET /modules` reads them all. */
  private recordOf(entry: Entry): ModuleRecord {
    const state: ModuleState = { enabled: entry.enabled, status: entry.status, config: entry.config, metrics: entry.metrics.snapshot() };
    if (entry.error) state.error = entry.error;
    return { descriptor: entry.descriptor, state };
  }

  private emit(event: ModuleEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A deep copy that nobody can change, so that it can be handed out without copying again. */
function frozenCopy<T>(value: T): T {
  return deepFreeze(JSON.parse(JSON.stringify(value)) as T);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
