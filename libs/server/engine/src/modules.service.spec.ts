import { moduleInfo } from '@neurograph/contracts';
import { Engine } from '@neurograph/core';
import { moduleJson } from './modules.service';

describe('moduleJson', () => {
  it('is JSON.stringify(moduleInfo) for every module, also after its state changed', async () => {
    const engine = new Engine();
    const same = () => {
      for (const record of engine.modules.list()) expect(moduleJson(record)).toBe(JSON.stringify(moduleInfo(record)));
    };
    same();
    for (let i = 0; i < 50; i++) engine.emit({ vector: [i / 50, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], space: 'modules' });
    const configurable = engine.modules.list().find((record) => record.descriptor.configurable && record.descriptor.canDisable);
    expect(configurable).toBeDefined();
    const id = configurable?.descriptor.id as string;
    await engine.modules.disable(id);
    same();
    await engine.modules.enable(id);
    same();
    expect(engine.modules.list().some((record) => record.state.metrics.operations > 0)).toBe(true);
  });
});
