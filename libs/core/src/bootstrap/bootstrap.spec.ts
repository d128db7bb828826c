import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { weightedDistance } from '../common/vector.js';
import { Engine } from '../engine/engine.js';
import { parseGlove } from './glove.js';
import { projectTo8 } from './pca.js';

// A synthetic embedding (see tools/fixtures/generate-embeddings.ts): six topics of twelve words.
const glove = readFileSync(join(__dirname, 'test-data', 'mini-embeddings.glove.txt'), 'utf8');

describe('GloVe parsing and PCA to 8-D', () => {
  it('parses words and vectors, and refuses malformed lines naming them', () => {
    const e = parseGlove(glove);
    expect(e.words).toHaveLength(72);
    expect(e.dimensions).toBe(32);
    expect(() => parseGlove(`${glove}broken 1 2 3\n`)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'line.73', rule: 'dimensions' })] }));
    expect(() => parseGlove(glove.replace(/^(\S+) \S+/, '$1 NaN'))).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'line.1', rule: 'finite' })] }));
    expect(() => parseGlove('a 1 2 3 4 5 6 7 8\n')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('keeps most of the variance, maps into the unit cube, and keeps topics together', () => {
    const e = parseGlove(glove);
    const p = projectTo8(e);
    expect(p.explainedVariance).toBeGreaterThan(0.8);
    expect(p.points.every((x) => x >= 0 && x <= 1)).toBe(true);
    const at = (word: string) => p.points.subarray(e.words.indexOf(word) * 8, e.words.indexOf(word) * 8 + 8);
    expect(weightedDistance(at('cat'), at('kitten'))).toBeLessThan(weightedDistance(at('cat'), at('server')));
    expect(weightedDistance(at('погода'), at('rain'))).toBeLessThan(weightedDistance(at('погода'), at('pizza')));
    expect(projectTo8(parseGlove(glove)).points).toEqual(p.points);
  });
});

describe('bootstrap module', () => {
  it('seeds labelled tokens and places text by the meaning of known words', () => {
    const engine = new Engine();
    const report = engine.bootstrap(glove);
    expect(report).toMatchObject({ words: 72, sourceDimensions: 32, tokensAdded: 72 });
    const space = engine.space('default');
    expect(space.size).toBe(72);
    const labelOf = (id: number) => space.token(id)?.label;
    const nearest = (text: string) => engine.emit({ payload: text }).neighbors.filter((n) => labelOf(n.tokenId)).slice(0, 3).map((n) => labelOf(n.tokenId));
    const topics = { animals: ['cat', 'kitten', 'dog', 'puppy', 'horse', 'bird', 'mouse', 'sofa', 'кот', 'собака', 'лошадь', 'птица'], computing: ['server', 'memory', 'cpu', 'disk', 'network', 'database', 'crash', 'outage', 'сервер', 'память', 'сеть', 'диск'] };
    expect(nearest('the kitten and the puppy').every((w) => topics.animals.includes(w as string))).toBe(true);
    expect(nearest('сервер: закончилась память').every((w) => topics.computing.includes(w as string))).toBe(true);
    expect(engine.gateway.sensors.get('text.chat')?.encoder).toBe('text-meaning');
  });

  it('hands text back to the hash encoder when disabled, and refuses to seed while off', async () => {
    const engine = new Engine();
    engine.bootstrap(glove);
    await engine.modules.disable('bootstrap');
    expect(engine.gateway.sensors.get('text.chat')?.encoder).toBe('text-hash');
    expect(() => engine.bootstrap(glove)).toThrow(expect.objectContaining({ code: 'MODULE_DISABLED' }));
    await engine.modules.enable('bootstrap');
    expect(engine.gateway.sensors.get('text.chat')?.encoder).toBe('text-meaning');
  });
});
