import { Engine } from '../engine/engine.js';
import { ENGINE_MODULE_IDS } from './engine-modules.js';

const v = (x: number, y = 0.5) => [x, y, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

async function refusedWith(code: string, action: () => unknown): Promise<void> {
  try {
    await action();
  } catch (error) {
    expect((error as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('engine modules', () => {
  it('registers every engine module with its descriptor, all enabled', () => {
    const engine = new Engine();
    const listed = engine.modules.list();
    expect(listed.map((m) => m.descriptor.id).sort()).toEqual([...ENGINE_MODULE_IDS].sort());
    for (const m of listed) {
      expect(m.state).toMatchObject({ enabled: true, status: 'active' });
      expect(m.descriptor.description.ru.length).toBeGreaterThan(0);
    }
  });

  it('a disabled gateway refuses input with a typed error, and works again once enabled', async () => {
    const engine = new Engine();
    const events: string[] = [];
    engine.subscribe({ pattern: 'module.*' }, (e) => {
      events.push(e.type);
    });
    await engine.modules.disable('gateway');
    await refusedWith('MODULE_DISABLED', () => engine.emit({ vector: v(0.1) }));
    expect(engine.hasSpace('default')).toBe(false);
    await engine.modules.enable('gateway');
    expect(engine.emit({ vector: v(0.1) }).processed).toBe(true);
    expect(events).toEqual(['module.disabled', 'module.enabled']);
  });

  it('a disabled signal system neither learns nor delivers, and the result says so', async () => {
    const engine = new Engine();
    let delivered = 0;
    engine.subscribe({ pattern: 'signal.input.*' }, () => {
      delivered++;
    });
    await engine.modules.disable('intuition_engine');
    await engine.modules.disable('action_controller');
    await engine.modules.disable('signal_system');
    const result = engine.emit({ vector: v(0.2) });
    expect(result).toMatchObject({ processed: false, tokenId: -1, delivered: 0, tick: 0 });
    expect(delivered).toBe(0);
    expect(engine.hasSpace('default')).toBe(false);
    await refusedWith('VALIDATION_FAILED', () => engine.emit({ vector: [2, 0, 0, 0, 0, 0, 0, 0] }));
  });

  it('the intuition engine cannot be left running without the signal system, and stops predicting when disabled', async () => {
    const engine = new Engine();
    await refusedWith('MODULE_DEPENDENCY', () => engine.modules.disable('signal_system'));
    const matches: unknown[] = [];
    engine.subscribe({ pattern: 'signal.activation.pattern_match' }, (e) => {
      matches.push(e);
    });
    await engine.modules.disable('intuition_engine');
    for (let round = 0; round < 4; round++) for (const x of [0.1, 0.5, 0.9]) engine.emit({ vector: v(x), sequenceId: `r${round}` });
    expect(matches).toEqual([]);
    await refusedWith('MODULE_DISABLED', () => engine.predictNext('default', 0));
  });

  it('refuses to disable core modules', async () => {
    const engine = new Engine();
    for (const id of ['guardian', 'cdna', 'token_manager', 'grid', 'connection_manager']) await refusedWith('MODULE_CANNOT_BE_DISABLED', () => engine.modules.disable(id));
  });

  it('applies module configs where they live', async () => {
    const engine = new Engine();
    for (let i = 0; i < 12; i++) engine.emit({ vector: v(0.1 + (i % 4) * 0.15, 0.1 + Math.floor(i / 4) * 0.15) });
    expect(engine.emit({ vector: v(0.3, 0.3) }).neighbors.length).toBeGreaterThan(3);
    await engine.modules.patchConfig('grid', { maxNeighbors: 3 });
    expect(engine.emit({ vector: v(0.3, 0.3) }).neighbors).toHaveLength(3);
    await engine.modules.patchConfig('gateway', { defaultSpace: 'sensors' });
    expect(engine.emit({ vector: v(0.5) }).tick).toBe(1);
    expect(engine.hasSpace('sensors')).toBe(true);
    await engine.modules.patchConfig('signal_system', { defaultQueueSize: 7 });
    const stream = engine.stream({});
    for (let i = 0; i < 10; i++) engine.publish('custom.event', i);
    expect(stream.stats()).toMatchObject({ queued: 7, dropped: 3 });
    await engine.modules.patchConfig('connection_manager', { learningRate: 0.5 });
    expect(engine.space('default').graph.settings.learningRate).toBe(0.5);
    await engine.modules.patchConfig('cdna', { historyLimit: 10 });
    for (let i = 0; i < 15; i++) engine.constitution.update({ plasticity: 0.1 + i / 100 }, 'ops');
    expect(engine.constitution.history({ limit: 100 })).toHaveLength(10);
    await refusedWith('CONFIG_INVALID', () => engine.modules.patchConfig('grid', { maxNeighbors: 0 }));
  });

  it('measures the signal system: operations, rate and latency move with traffic', () => {
    const engine = new Engine();
    expect(engine.modules.get('signal_system').state.metrics.operations).toBe(0);
    for (let i = 0; i < 50; i++) engine.emit({ vector: v(i / 50) });
    const metrics = engine.modules.get('signal_system').state.metrics;
    expect(metrics.operations).toBe(50);
    expect(metrics.opsPerSecond).toBeGreaterThan(0);
    expect(metrics.latencyUs.p50).toBeGreaterThan(0);
  });

  it('persists and restores module state through a snapshot', async () => {
    const engine = new Engine();
    await engine.modules.disable('intuition_engine');
    await engine.modules.patchConfig('grid', { maxNeighbors: 5 });
    const snapshot = JSON.parse(JSON.stringify(engine.modules.snapshot()));
    const restarted = new Engine();
    const report = await restarted.modules.restore(snapshot);
    expect(report.skipped).toEqual([]);
    expect(restarted.modules.isEnabled('intuition_engine')).toBe(false);
    expect(restarted.modules.config('grid')).toMatchObject({ maxNeighbors: 5 });
    expect(restarted.createSpace('default').parameters.maxNeighbors).toBe(5);
    for (let i = 0; i < 12; i++) restarted.emit({ vector: v(0.1 + (i % 4) * 0.15, 0.1 + Math.floor(i / 4) * 0.15) });
    expect(restarted.emit({ vector: v(0.3, 0.3) }).neighbors).toHaveLength(5);
  });
});

describe('plugins', () => {
  const descriptor = (id: string) => ({ id, name: id, version: '1.0.0', description: { en: id, ru: id }, canDisable: true, configurable: false, configSchema: { type: 'object' as const }, dependsOn: [] });

  it('installs an encoder and an executor from a compatible plugin, and refuses an incompatible one with the reason', () => {
    const engine = new Engine();
    engine.installPlugin({
      descriptor: descriptor('shout_tools'),
      kind: 'other',
      requires: { core: '^0.1.0', modules: { gateway: '^0.1.0' } },
      setup(context) {
        context.registerEncoder({ name: 'constant', encode: () => [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9] });
        context.registerExecutor({ type: 'shout', execute: (params) => String(params.text).toUpperCase() });
      },
    });
    engine.gateway.sensors.register({ sensorId: 'lamp', encoder: 'constant' });
    expect(engine.emit({ sensorId: 'lamp', payload: 'on' }).processed).toBe(true);
    engine.actions.upsertRule({ id: 'loud', when: { 'source.sensorId': 'lamp' }, actions: [{ type: 'shout', params: { text: 'hi' } }] });
    expect(engine.emit({ sensorId: 'lamp', payload: 'on' }).triggeredActions.find((a) => a.ruleId === 'loud')?.output).toBe('HI');
    expect(engine.modules.has('shout_tools')).toBe(true);
    expect(() => engine.installPlugin({ descriptor: descriptor('future'), kind: 'analyzer', requires: { core: '^1.0.0' }, setup: () => undefined })).toThrow(
      expect.objectContaining({ code: 'PLUGIN_INCOMPATIBLE', message: expect.stringContaining('needs core ^1.0.0, host is 0.1.0') }),
    );
    expect(engine.modules.has('future')).toBe(false);
  });
});
