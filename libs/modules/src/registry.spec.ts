import { type ModuleDescriptor } from './descriptor.js';
import { ModuleError } from './errors.js';
import { type ModuleEvent, ModuleRegistry } from './registry.js';

const describeIt = (id: string, extra: Partial<ModuleDescriptor> = {}): ModuleDescriptor => ({
  id,
  name: id,
  version: '1.0.0',
  description: { en: `The ${id} module`, ru: `Модуль ${id}` },
  canDisable: true,
  configurable: true,
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { queueSize: { type: 'integer', minimum: 1, maximum: 10000, default: 100 }, mode: { type: 'string', enum: ['fast', 'safe'], default: 'safe' } },
  },
  dependsOn: [],
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<ModuleError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModuleError);
    return error as ModuleError;
  }
  throw new Error('expected a refusal');
}

describe('ModuleRegistry lifecycle', () => {
  it('calls the hooks, changes state and emits one event per change', async () => {
    const registry = new ModuleRegistry();
    const calls: string[] = [];
    registry.register(describeIt('gateway'), { onEnable: () => void calls.push('enable'), onDisable: () => void calls.push('disable'), onConfigure: (c) => void calls.push(`configure ${c.queueSize}`) });
    const events: ModuleEvent[] = [];
    registry.on((e) => events.push(e));
    await registry.disable('gateway');
    expect(registry.isEnabled('gateway')).toBe(false);
    expect(registry.get('gateway').state.status).toBe('disabled');
    await registry.disable('gateway');
    await registry.enable('gateway');
    await registry.patchConfig('gateway', { queueSize: 500 });
    expect(calls).toEqual(['disable', 'enable', 'configure 500']);
    expect(events.map((e) => e.type)).toEqual(['module.disabled', 'module.enabled', 'module.configured']);
    expect(registry.config('gateway')).toEqual({ queueSize: 500, mode: 'safe' });
  });

  it('hands out descriptors and configs that no reader can change, and keeps none of the caller\'s objects', async () => {
    const registry = new ModuleRegistry();
    const descriptor = describeIt('gateway');
    const config = { queueSize: 7 };
    registry.register(descriptor, {}, { config });
    descriptor.name = 'renamed by the caller';
    config.queueSize = 8;
    const record = registry.get('gateway');
    expect(record.descriptor.name).toBe('gateway');
    expect(record.state.config).toEqual({ queueSize: 7, mode: 'safe' });
    expect(() => Object.assign(record.state.config, { queueSize: 9 })).toThrow(TypeError);
    expect(() => ((record.descriptor.configSchema as { properties: Record<string, unknown> }).properties['extra'] = {})).toThrow(TypeError);
    expect(() => Object.assign(registry.config('gateway'), { mode: 'fast' })).toThrow(TypeError);
    await registry.patchConfig('gateway', { mode: 'fast' });
    expect(record.state.config).toEqual({ queueSize: 7, mode: 'safe' });
    expect(registry.config('gateway')).toEqual({ queueSize: 7, mode: 'fast' });
  });

  it('refuses to disable a core module', async () => {
    const registry = new ModuleRegistry();
    registry.register(describeIt('guardian', { canDisable: false }));
    const error = await refusal(registry.disable('guardian'));
    expect(error.code).toBe('MODULE_CANNOT_BE_DISABLED');
    expect(registry.isEnabled('guardian')).toBe(true);
  });

  it('refuses to disable a module enabled modules depend on, and to enable one whose dependency is off', async () => {
    const registry = new ModuleRegistry();
    registry.register(describeIt('signal_system'));
    registry.register(describeIt('action_controller', { dependsOn: ['signal_system'] }));
    const error = await refusal(registry.disable('signal_system'));
    expect(error.code).toBe('MODULE_DEPENDENCY');
    expect(error.message).toContain('action_controller');
    await registry.disable('action_controller');
    await registry.disable('signal_system');
    expect((await refusal(registry.enable('action_controller'))).code).toBe('MODULE_DEPENDENCY');
  });

  it('validates config against the schema with readable errors naming the field', async () => {
    const registry = new ModuleRegistry();
    registry.register(describeIt('grid'));
    const error = await refusal(registry.configure('grid', { queueSize: 20000, mode: 'turbo', colour: 'red' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues.map((i) => `${i.field} ${i.rule}`)).toEqual(['config.queueSize maximum', 'config.mode enum', 'config.colour additionalProperties']);
    expect(error.issues[0].message).toBe('must be <= 10000');
    expect(registry.config('grid')).toEqual({ queueSize: 100, mode: 'safe' });
    expect((await refusal(registry.patchConfig('grid', 'x'))).code).toBe('CONFIG_INVALID');
  });

  it('puts a module whose hook throws in status error and rolls back', async () => {
    const registry = new ModuleRegistry();
    registry.register(describeIt('bootstrap'), { onDisable: () => Promise.reject(new Error('disk full')) });
    const events: ModuleEvent[] = [];
    registry.on((e) => events.push(e));
    const error = await refusal(registry.disable('bootstrap'));
    expect(error.code).toBe('MODULE_HOOK_FAILED');
    expect(registry.get('bootstrap').state).toMatchObject({ enabled: true, status: 'error', error: 'disk full' });
    expect(events.map((e) => e.type)).toEqual(['module.error']);
  });

  it('refuses unknown modules, duplicates, bad descriptors and non-configurable changes', async () => {
    const registry = new ModuleRegistry();
    registry.register(describeIt('cdna', { configurable: false }));
    expect((await refusal(registry.enable('nope'))).code).toBe('MODULE_NOT_FOUND');
    expect(() => registry.register(describeIt('cdna'))).toThrow(expect.objectContaining({ code: 'MODULE_EXISTS' }));
    expect(() => registry.register(describeIt('Bad Id', { version: 'one' }))).toThrow(expect.objectContaining({ code: 'DESCRIPTOR_INVALID' }));
    expect(() => registry.register(describeIt('weird', { configSchema: { type: 'object', oneOf: [] } as never }))).toThrow(expect.objectContaining({ code: 'DESCRIPTOR_INVALID' }));
    expect((await refusal(registry.configure('cdna', {}))).code).toBe('MODULE_NOT_CONFIGURABLE');
  });

  it('snapshots and restores flags and configs, reporting what it could not apply', async () => {
    const build = () => {
      const registry = new ModuleRegistry();
      registry.register(describeIt('signal_system'));
      registry.register(describeIt('action_controller', { dependsOn: ['signal_system'] }));
      return registry;
    };
    const original = build();
    await original.disable('action_controller');
    await original.disable('signal_system');
    await original.patchConfig('action_controller', { queueSize: 7 });
    const snapshot = JSON.parse(JSON.stringify(original.snapshot()));
    snapshot.modules.push({ id: 'gone', enabled: true, config: {} });
    const copy = build();
    const report = await copy.restore(snapshot);
    expect(copy.snapshot()).toEqual(original.snapshot());
    expect(report.skipped).toEqual([{ id: 'gone', reason: 'No module "gone"' }]);
  });
});

describe('module metrics', () => {
  it('measures operations, the 1-minute rate, latency percentiles, errors and counters', () => {
    let t = 1_000_000;
    const registry = new ModuleRegistry(() => t);
    const metrics = registry.register(describeIt('grid'));
    for (let i = 1; i <= 100; i++) metrics.record(i);
    t += 30_000;
    for (let i = 1; i <= 20; i++) metrics.record(1000);
    metrics.recordError();
    metrics.increment('splits', 3);
    const snapshot = registry.get('grid').state.metrics;
    expect(snapshot.operations).toBe(120);
    expect(snapshot.opsPerSecond).toBeCloseTo(120 / 60, 10);
    expect(snapshot.latencyUs.p50).toBeCloseTo(60, -0.5);
    expect(snapshot.latencyUs.p99).toBeCloseTo(1000, -1.5);
    expect(snapshot.latencyUs.max).toBe(1000);
    expect(snapshot.errors).toBe(1);
    expect(snapshot.custom).toEqual({ splits: 3 });
    t += 61_000;
    expect(registry.get('grid').state.metrics.opsPerSecond).toBe(0);
  });
});
