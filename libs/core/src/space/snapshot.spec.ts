import { Engine } from '../engine/engine.js';
import { clusteredVectors } from '../testing/fixtures.js';
import { restoreSpace, snapshotSpace } from './snapshot.js';

describe('space snapshots', () => {
  function learnedEngine() {
    const engine = new Engine({ now: () => Date.parse('2026-03-01T12:00:00Z'), learning: { maxTokensPerSpace: 300 } });
    const vectors = clusteredVectors(7, 600);
    engine.emitBatch(vectors.map((vector, i) => ({ vector, sequenceId: `chat-${i % 5}` })));
    return engine;
  }

  it('round-trips through JSON: same tokens, edges, ids and kNN answers, and learning continues identically', () => {
    const engine = learnedEngine();
    const original = engine.space('default');
    const restored = restoreSpace(JSON.parse(JSON.stringify(snapshotSpace(original))));

    expect(restored.size).toBe(original.size);
    expect(restored.tick).toBe(original.tick);
    expect(restored.nextTokenId).toBe(original.nextTokenId);
    expect(restored.graph.edgeCount).toBe(original.graph.edgeCount);
    expect(restored.tokenIds(-1, 1000)).toEqual(original.tokenIds(-1, 1000));
    for (const id of original.tokenIds(-1, 20)) expect(restored.token(id)).toEqual(original.token(id));
    for (const query of clusteredVectors(8, 25)) expect(restored.nearest(query, 10)).toEqual(original.nearest(query, 10));

    const next = { vector: clusteredVectors(9, 1)[0], sequenceId: 'chat-1' };
    const other = new Engine({ now: () => Date.parse('2026-03-01T12:00:00Z') });
    other.adoptSpace(restored);
    const a = engine.emit(next);
    const b = other.emit(next);
    const comparable = (r: typeof a) => ({ ...r, processingTimeUs: 0, signalId: '', triggeredActions: r.triggeredActions.map((t) => ({ ...t, actionId: '', durationMs: 0 })) });
    expect(comparable(b)).toEqual(comparable(a));
  });

  it('never hands out an evicted token id again after a restore', () => {
    const engine = learnedEngine();
    const original = engine.space('default');
    const restored = restoreSpace(snapshotSpace(original));
    const { tokenId } = restored.addToken({ vector: [0, 0, 0, 0, 0, 0, 0, 0] }, Date.now());
    expect(tokenId).toBe(original.nextTokenId);
  });

  it('refuses a broken snapshot, naming the field, and builds nothing', () => {
    const snapshot = snapshotSpace(learnedEngine().space('default'));
    const broken = JSON.parse(JSON.stringify(snapshot));
    broken.tokens[3].vector[2] = 7;
    broken.tokens[5].weight = -1;
    broken.tick = 1.5;
    expect(() => restoreSpace(broken)).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID' }));
    try {
      restoreSpace(broken);
    } catch (error) {
      const fields = (error as { issues: { field: string }[] }).issues.map((i) => i.field);
      expect(fields).toEqual(['tick']);
    }
    broken.tick = 3;
    try {
      restoreSpace(broken);
    } catch (error) {
      const fields = (error as { issues: { field: string }[] }).issues.map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(['tokens.3.vector.2', 'tokens.5.weight']));
    }
    expect(() => restoreSpace(null)).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID' }));
    expect(() => restoreSpace({ ...snapshot, format: 'other' })).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID' }));
  });
});
