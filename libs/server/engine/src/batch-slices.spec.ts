import { Engine } from '@neurograph/core';
import { emitInSlices } from './batch-slices';

const vector = (i: number) => Array.from({ length: 8 }, (_, d) => ((i * 7 + d * 3) % 11) / 11);
/** Valid signals with refusals among them (a vector of the wrong size, an unknown sensor) at known places. */
const inputs = Array.from({ length: 23 }, (_, i) => (i % 7 === 3 ? { vector: [1, 2] } : i % 9 === 5 ? { payload: 'x', sensorId: 'no.such.sensor' } : { vector: vector(i), space: 'sliced' }));

/** What the engine answers for the inputs, minus what differs between two engines anyway. */
const comparable = ({ results, errors }: ReturnType<Engine['emitBatch']>) => ({
  results: results.map((r) => r && { tokenId: r.tokenId, created: r.created, isNovel: r.isNovel, neighbors: r.neighbors, tick: r.tick }),
  errors: errors.map(({ index, error }) => ({ index, code: error.code, issues: error.issues })),
});

describe('emitInSlices', () => {
  it.each([1, 3, 10, 23, 100])('answers slices of %i exactly as one emitBatch of the whole batch', async (size) => {
    const whole = new Engine({ now: () => 1_000 }).emitBatch(inputs);
    const engine = new Engine({ now: () => 1_000 });
    const sliced = await emitInSlices(inputs, size, (slice) => engine.emitBatch(slice));
    expect(comparable(sliced)).toEqual(comparable(whole));
    expect(sliced.errors.map((e) => e.index)).toEqual([3, 5, 10, 14, 17]);
  });

  it('serves the event loop between slices, and only between them', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('waiting I/O'));
    await emitInSlices([1, 2, 3, 4, 5], 2, (slice) => {
      order.push(`slice ${slice.join(',')}`);
      return { results: slice.map(() => null), errors: [] };
    });
    expect(order).toEqual(['slice 1,2', 'waiting I/O', 'slice 3,4', 'slice 5']);
  });
});
