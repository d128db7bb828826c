import { type ModuleDescriptor } from './descriptor.js';
import { type Plugin, PluginHost } from './plugins.js';
import { ModuleRegistry } from './registry.js';
import { satisfies } from './semver.js';

const descriptor = (id: string, version = '1.0.0'): ModuleDescriptor => ({
  id,
  name: id,
  version,
  description: { en: id, ru: id },
  canDisable: true,
  configurable: false,
  configSchema: { type: 'object' },
  dependsOn: [],
});

describe('semver ranges', () => {
  it.each([
    ['1.4.2', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.2.5', '^0.2.1', true],
    ['0.3.0', '^0.2.1', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.5.0', '>=1.2.0 <2.0.0', true],
    ['3.0.0', '^1.0.0 || ^3.0.0', true],
    ['1.0.0-rc.1', '>=1.0.0', false],
    ['5.0.0', '*', true],
  ])('%s satisfies %s → %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('says when a range is unreadable', () => {
    expect(satisfies('1.0.0', '^banana')).toBeNull();
  });
});

describe('PluginHost', () => {
  function host() {
    const registry = new ModuleRegistry();
    registry.register(descriptor('gateway', '1.4.0'));
    const encoders: string[] = [];
    return { registry, encoders, host: new PluginHost(registry, '0.1.0', { registerEncoder: (name: string) => encoders.push(name) }) };
  }
  const plugin = (over: Partial<Plugin<{ registerEncoder(name: string): void }>> = {}): Plugin<{ registerEncoder(name: string): void }> => ({
    descriptor: descriptor('emoji_encoder'),
    kind: 'encoder',
    requires: { core: '^0.1.0', modules: { gateway: '^1.2.0' } },
    setup: (context) => context.registerEncoder('emoji'),
    ...over,
  });

  it('installs a compatible plugin through its setup', () => {
    const { registry, encoders, host: h } = host();
    h.install(plugin());
    expect(encoders).toEqual(['emoji']);
    expect(registry.isEnabled('emoji_encoder')).toBe(true);
  });

  it('refuses incompatible or unsatisfied plugins with the reason, changing nothing', () => {
    const { registry, encoders, host: h } = host();
    expect(() => h.install(plugin({ requires: { core: '^2.0.0' } }))).toThrow(expect.objectContaining({ code: 'PLUGIN_INCOMPATIBLE', message: expect.stringContaining('needs core ^2.0.0, host is 0.1.0') }));
    expect(() => h.install(plugin({ requires: { core: '^0.1.0', modules: { gateway: '^2.0.0' } } }))).toThrow(expect.objectContaining({ message: expect.stringContaining('installed is 1.4.0') }));
    expect(() => h.install(plugin({ requires: { core: '^0.1.0', modules: { vision: '^1.0.0' } } }))).toThrow(expect.objectContaining({ message: expect.stringContaining('not installed') }));
    expect(encoders).toEqual([]);
    expect(registry.has('emoji_encoder')).toBe(false);
  });
});
