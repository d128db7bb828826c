import { Engine } from '../engine/engine.js';
import { Intuition } from './intuition.js';

describe('Intuition', () => {
  it('predicts what it has seen follow, with confidence from the counts', () => {
    const intuition = new Intuition();
    // Sequence A B C repeated four times, then A D once.
    for (let i = 0; i < 4; i++) [1, 2, 3].forEach((t) => intuition.observe('s', `chat-${i}`, t, `type.${t}`));
    intuition.observe('s', 'chat-9', 1, 'type.1');
    intuition.observe('s', 'chat-9', 4, 'type.4');
    const fromA = intuition.predictToken('s', 1);
    expect(fromA.map((p) => p.next)).toEqual([2, 4]);
    expect(fromA[0].confidence).toBeCloseTo(4 / 5, 10);
    expect(intuition.predictToken('s', 2)).toEqual([{ next: 3, count: 4, confidence: 1 }]);
    expect(intuition.predictType('type.2')[0]).toMatchObject({ next: 'type.3', confidence: 1 });
    expect(intuition.predictToken('other-space', 1)).toEqual([]);
  });

  it('recognises a run once it recurs often enough', () => {
    const intuition = new Intuition({ patternLength: 3, minOccurrences: 3 });
    const matches = [];
    for (let i = 0; i < 4; i++) for (const t of [7, 8, 9]) matches.push(intuition.observe('s', `seq-${i}`, t, 'x'));
    const found = matches.filter((m) => m !== null);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ tokens: [7, 8, 9], occurrences: 3, confidence: 1 });
    expect(found[1]).toMatchObject({ occurrences: 4 });
  });

  it('keeps successors bounded, forgetting the rarest', () => {
    const intuition = new Intuition({ maxSuccessors: 2 });
    for (const next of [2, 2, 3, 4]) {
      const seq = `q-${next}-${Math.random()}`;
      intuition.observe('s', seq, 1, 'x');
      intuition.observe('s', seq, next, 'x');
    }
    expect(intuition.predictToken('s', 1).map((p) => p.next)).toEqual([2, 4]);
  });

  it('refuses bad options', () => {
    expect(() => new Intuition({ patternLength: 1 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('Intuition in the engine', () => {
  it('raises signal.activation.pattern_match when a learned sequence recurs', () => {
    const engine = new Engine();
    const matches: unknown[] = [];
    engine.subscribe({ pattern: 'signal.activation.pattern_match' }, (e) => {
      matches.push(e.payload);
    });
    const steps = [0.1, 0.5, 0.9].map((x) => [x, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    for (let round = 0; round < 4; round++) for (const vector of steps) engine.emit({ vector, sequenceId: `visit-${round}` });
    expect(matches).toHaveLength(2);
    expect(matches[0]).toMatchObject({ space: 'default', occurrences: 3 });
    const first = engine.space('default').nearest(steps[0], 1)[0].tokenId;
    const second = engine.space('default').nearest(steps[1], 1)[0].tokenId;
    expect(engine.intuition.predictToken('default', first)[0]).toMatchObject({ next: second, confidence: 1 });
  });
});
