import type { RequestPrincipal } from '@neurograph/server-auth';
import { type BusEnvelope, LocalEvent } from '@neurograph/server-bus';
import { Backlog } from './backlog';
import { Delivery } from './delivery';
import { Fanout, type Member } from './fanout';
import type { Outlet } from './outlet';
import { ABUSE_THRESHOLD, ConnectionLimiter } from './rate-limits';
import { RealtimeSession, Subscription } from './session';
import { exceedsBytes } from './validate';

const delivery = (seq: number, data: unknown = {}, channel = 'signals') => {
  const envelope: BusEnvelope = { channel, type: 't', id: String(seq), seq, timestamp: new Date().toISOString(), data };
  return new Delivery(new LocalEvent(envelope));
};

/** An outlet that records what it was given and can pretend to be congested. */
class RecordingOutlet implements Outlet {
  readonly transport = 'ws';
  sent: number[] = [];
  controls: { event: string; data: any }[] = [];
  busy = false;
  writes: number[][] = [];
  send(ds: readonly Delivery[]) {
    this.writes.push(ds.map((d) => d.seq));
    this.sent.push(...ds.map((d) => d.seq));
  }
  control(event: string, data: unknown) {
    this.controls.push({ event, data });
  }
  congested() {
    return this.busy;
  }
  closed = false;
  close() {
    this.closed = true;
  }
}

const principal = { kind: 'user', userId: 'u1', username: 'u', role: 'admin', permissions: new Set() } as unknown as RequestPrincipal;
const rates = { subscribe: { burst: 2, perSecond: 1 }, signal: { burst: 1000, perSecond: 500 }, other: { burst: 60, perSecond: 10 } };

function sessionWith(outlet: RecordingOutlet, bufferLimit = 3) {
  const totals = { sent: 0, dropped: 0 };
  const backlogged: RealtimeSession[] = [];
  const session = new RealtimeSession('s1', outlet, principal, {}, new ConnectionLimiter(rates), bufferLimit, totals, (s) => backlogged.push(s));
  const subscription = new Subscription(session, { channel: 'signals' }, undefined);
  session.subscriptions.set('signals', subscription);
  return { session, subscription, totals, backlogged };
}

describe('Fanout', () => {
  it('hands each event to every member in publish order, and yields the event loop on large fan-outs', async () => {
    // Slices of zero milliseconds: every 64 deliveries the slice is over and the rest waits a turn.
    const fanout = new Fanout<number>(0);
    const received: number[][] = Array.from({ length: 20_000 }, () => []);
    const members: Member<number>[] = received.map((list) => ({ deliver: (ns) => void list.push(...ns) }));
    for (const m of members) fanout.add('c', m);
    fanout.publish('c', 1);
    fanout.publish('c', 2);
    expect(received[received.length - 1]).toEqual([]);
    expect(fanout.backlog).toBe(2);
    while (fanout.backlog > 0) await new Promise((resolve) => setImmediate(resolve));
    expect(received.every((list) => list.length === 2 && list[0] === 1 && list[1] === 2)).toBe(true);
    expect(fanout.count('c')).toBe(20_000);
  });

  it('hands the events that queued up behind a fan-out to each member together, in order, at most maxBatch at once', async () => {
    const fanout = new Fanout<number>(0, undefined, 3);
    const calls: number[][][] = Array.from({ length: 100 }, () => []);
    for (const list of calls) fanout.add('c', { deliver: (ns) => void list.push([...ns]) });
    for (let n = 1; n <= 7; n++) fanout.publish('c', n);
    expect(fanout.backlog).toBe(7);
    while (fanout.backlog > 0) await new Promise((resolve) => setImmediate(resolve));
    expect(calls.every((list) => JSON.stringify(list) === JSON.stringify([[1], [2, 3, 4], [5, 6, 7]]))).toBe(true);
  });

  it('writes the first event of a turn at once and those published after it in the same turn together, at its end', async () => {
    const fanout = new Fanout<number>();
    const calls: number[][] = [];
    fanout.add('c', { deliver: (ns) => void calls.push([...ns]) });
    for (let n = 1; n <= 4; n++) fanout.publish('c', n);
    expect(calls).toEqual([[1]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([[1], [2, 3, 4]]);
    fanout.publish('c', 5);
    expect(calls).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('delivers at once to small channels and forgets members that leave', () => {
    const fanout = new Fanout<number>();
    const got: number[] = [];
    const member = { deliver: (ns: readonly number[]) => void got.push(...ns) };
    fanout.add('c', member);
    fanout.publish('c', 7);
    expect(got).toEqual([7]);
    fanout.remove('c', member);
    fanout.publish('c', 8);
    expect(got).toEqual([7]);
    expect(fanout.count('c')).toBe(0);
  });
});

describe('Backlog', () => {
  it('serves slow sessions in turns cut at the time limit, those not reached first in the next turn', () => {
    const backlog = new Backlog(60_000, 0);
    const served: string[] = [];
    const behind = (name: string, turns: number) => ({
      backlog: turns,
      flush() {
        served.push(name);
        return --this.backlog === 0;
      },
    });
    for (const session of [behind('a', 2), behind('b', 1), behind('c', 1)]) backlog.add(session);
    expect(backlog.waiting).toBe(4);
    for (let turn = 0; turn < 4; turn++) backlog.turn();
    expect(served).toEqual(['a', 'b', 'c', 'a']);
    expect(backlog.waiting).toBe(0);
  });
});

describe('RealtimeSession', () => {
  it('writes directly while the client reads, and remembers the last seq written', () => {
    const outlet = new RecordingOutlet();
    const { subscription, totals } = sessionWith(outlet);
    subscription.deliver([delivery(1)]);
    subscription.deliver([delivery(2)]);
    expect(outlet.sent).toEqual([1, 2]);
    expect(subscription.lastSeq).toBe(2);
    expect(totals.sent).toBe(2);
  });

  it('writes what waited for a slow client a few events per write, once it reads again', () => {
    const outlet = new RecordingOutlet();
    const { session, subscription } = sessionWith(outlet, 100);
    outlet.busy = true;
    for (let seq = 1; seq <= 40; seq++) subscription.deliver([delivery(seq)]);
    outlet.busy = false;
    expect(session.flush()).toBe(true);
    expect(outlet.writes.map((w) => w.length)).toEqual([32, 8]);
    expect(outlet.sent).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('writes a long replay a few events per write, and queues what the client cannot take yet', () => {
    const outlet = new RecordingOutlet();
    const { session, subscription } = sessionWith(outlet, 1000);
    outlet.congested = () => outlet.writes.length >= 2;
    subscription.startReplay();
    subscription.endReplay(Array.from({ length: 100 }, (_, i) => delivery(i + 1)));
    expect(outlet.writes.map((w) => w.length)).toEqual([32, 32]);
    expect(session.backlog).toBe(36);
    expect(subscription.lastSeq).toBe(64);
  });

  it('keeps at most its buffer for a slow client, drops the oldest, then sends the gap before the rest', () => {
    const outlet = new RecordingOutlet();
    const { session, subscription, totals, backlogged } = sessionWith(outlet, 3);
    outlet.busy = true;
    for (let seq = 1; seq <= 10; seq++) subscription.deliver([delivery(seq)]);
    expect(backlogged).toEqual([session]);
    expect(session.backlog).toBe(3);
    expect(totals.dropped).toBe(7);
    expect(session.flush()).toBe(false);
    outlet.busy = false;
    expect(session.flush()).toBe(true);
    expect(outlet.controls).toEqual([{ event: 'gap', data: { channel: 'signals', fromSeq: 1, toSeq: 7 } }]);
    expect(outlet.sent).toEqual([8, 9, 10]);
    expect(subscription.lastSeq).toBe(10);
  });

  it('narrows by space and filter', () => {
    const outlet = new RecordingOutlet();
    const { session } = sessionWith(outlet);
    const narrowed = new Subscription(session, { channel: 'signals', space: 'a' }, (doc) => (doc as { n: number }).n > 1);
    narrowed.deliver([delivery(1, { space: 'a', n: 2 })]);
    narrowed.deliver([delivery(2, { space: 'b', n: 2 })]);
    narrowed.deliver([delivery(3, { space: 'a', n: 1 })]);
    narrowed.deliver([delivery(4, null)]);
    expect(outlet.sent).toEqual([1]);
  });

  it('interleaves a replay with live events without duplicates or reordering', () => {
    const outlet = new RecordingOutlet();
    const { subscription } = sessionWith(outlet);
    subscription.lastSeq = 2;
    subscription.startReplay();
    subscription.deliver([delivery(5)]);
    subscription.deliver([delivery(6)]);
    subscription.endReplay([delivery(2), delivery(3), delivery(4), delivery(5)]);
    expect(outlet.sent).toEqual([3, 4, 5, 6]);
  });
});

describe('ConnectionLimiter', () => {
  it('refills at its rate, says when to retry, and flags a client refused too often in a row', () => {
    let now = 0;
    const limiter = new ConnectionLimiter(rates, () => now);
    expect([limiter.take('subscribe'), limiter.take('subscribe')]).toEqual([0, 0]);
    expect(limiter.take('subscribe')).toBe(1000);
    now = 500;
    expect(limiter.take('subscribe')).toBe(500);
    now = 1000;
    expect(limiter.take('subscribe')).toBe(0);
    expect(limiter.take('other')).toBe(0);
    for (let i = 0; i < ABUSE_THRESHOLD; i++) limiter.take('subscribe');
    expect(limiter.abusive).toBe(true);
  });
});

describe('exceedsBytes', () => {
  it('measures JSON size without serialising, stopping early', () => {
    expect(exceedsBytes({ a: 'x'.repeat(100) }, 1000)).toBe(false);
    expect(exceedsBytes({ a: ['x'.repeat(600), 'y'.repeat(600)] }, 1000)).toBe(true);
    expect(exceedsBytes(undefined, 10)).toBe(false);
  });
});
