import { type BusEvent, JsonEvent, LocalEvent } from './event-bus.js';
import { ReplayLog } from './replay-log.js';

/** A seeded generator, so a failure replays the same way. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const PIECES = ['a', '"', 'é', '€', '😀', '{"k":1}', ' '];

function text(next: () => number, maxPieces: number): string {
  let out = '';
  const pieces = 1 + Math.floor(next() * maxPieces);
  for (let i = 0; i < pieces; i++) out += PIECES[Math.floor(next() * PIECES.length)];
  return out;
}

type Kept = { seq: number; text?: string; event: BusEvent };

/** What a replay returns, comparable with the model: texts as their JSON, objects as themselves. */
function replayed(log: ReplayLog, after = 0, limit = Infinity) {
  return log.after('signals', after, limit).map((event) => (event instanceof JsonEvent ? event.json : event));
}

function modelOf(kept: Kept[]) {
  return kept.map((k) => k.text ?? k.event);
}

function objectEvent(seq: number): BusEvent {
  return new LocalEvent({ channel: 'signals', type: 'log', id: String(seq), seq, timestamp: '', data: {} });
}

describe('ReplayLog', () => {
  it('replays the last events in order, texts byte for byte, while the ring grows and wraps', () => {
    const next = random(7);
    const capacity = 50;
    const log = new ReplayLog(capacity, { firstBytes: 64 });
    const kept: Kept[] = [];
    for (let seq = 1; seq <= 3000; seq++) {
      const event = objectEvent(seq);
      const entry: Kept = next() < 0.2 ? { seq, event } : { seq, event, text: text(next, seq % 500 === 0 ? 400 : 40) };
      log.add(seq, event, entry.text);
      kept.push(entry);
      if (kept.length > capacity) kept.shift();
      if (seq % 7 === 0) expect(replayed(log)).toEqual(modelOf(kept));
    }
    const from = kept[10].seq;
    expect(replayed(log, from, 5)).toEqual(modelOf(kept.slice(11, 16)));
  });

  it('drops the oldest texts once the ring may not grow, and keeps every newer one', () => {
    const next = random(11);
    const maxBytes = 4096;
    const log = new ReplayLog(1000, { firstBytes: 256, maxBytes });
    const all: (Kept & { text: string })[] = [];
    for (let seq = 1; seq <= 2000; seq++) {
      // At most maxBytes / 8 bytes each (a piece is at most 7 bytes).
      const entry = { seq, event: objectEvent(seq), text: text(next, 70) } satisfies Kept;
      log.add(seq, entry.event, entry.text);
      all.push(entry);
      if (seq % 13 !== 0) continue;
      const got = replayed(log);
      // A suffix of what was added, the newest included...
      expect(got).toEqual(modelOf(all.slice(all.length - got.length)));
      // ...holding at least every newest text that fits in half the ring.
      let bytes = 0;
      let fitting = 0;
      for (let i = all.length - 1; i >= 0 && (bytes += Buffer.byteLength(all[i].text)) <= maxBytes / 2; i--) fitting++;
      expect(got.length).toBeGreaterThanOrEqual(fitting);
    }
  });

  it('writes only where no text it keeps lies, before and after wrapping', () => {
    const log = new ReplayLog(10, { firstBytes: 32, maxBytes: 32 });
    const add = (seq: number, letter: string, bytes: number) => {
      log.add(seq, objectEvent(seq), letter.repeat(bytes));
      return letter.repeat(bytes);
    };
    add(1, 'a', 5); // [0, 5)
    const b = add(2, 'b', 20); // [5, 25)
    // 10 bytes fit neither after B nor, once A is dropped, in the 5 bytes before it: B goes too.
    const c = add(3, 'c', 10); // [0, 10)
    expect(replayed(log)).toEqual([c]);
    add(4, 'b', 20); // [10, 30)
    const d = add(5, 'd', 4); // no room at the end; C is dropped and D goes at [0, 4)
    expect(replayed(log)).toEqual([b, d]);
    const e = add(6, 'e', 6); // wrapped: exactly the 6 bytes before B, [4, 10)
    expect(replayed(log)).toEqual([b, d, e]);
    const f = add(7, 'f', 3); // not one byte more: B is dropped, F goes at [10, 13)
    expect(replayed(log)).toEqual([d, e, f]);
  });

  it('keeps a text larger than the ring may grow whole, and a capacity of 0 keeps nothing', () => {
    const log = new ReplayLog(3, { firstBytes: 16, maxBytes: 64 });
    const large = 'x'.repeat(100);
    log.add(1, objectEvent(1), 'small');
    log.add(2, objectEvent(2), large);
    log.add(3, objectEvent(3), 'after');
    expect(replayed(log)).toEqual(['small', large, 'after']);
    const none = new ReplayLog(0);
    none.add(1, objectEvent(1), 'text');
    expect(none.after('signals', 0, 10)).toEqual([]);
  });
});
