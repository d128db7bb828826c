/**
 * The fan-out part of `npm run bench:realtime`: heap per connection, one event to every
 * connection, and sustained deliveries. The servers under comparison are up together and take
 * turns, so that a neighbour's load on this shared machine falls on all of them alike.
 */
import { type Distribution, round } from '../stats';
import type { Blocks } from './blocks';
import { CONNECTIONS, collect, type Kind, median, sleep, startTarget, type Target } from './targets';

/** Broadcasts to all connections per server, taken in turns; each figure is the median. */
export const BROADCAST_ROUNDS = 7;
export const SUSTAINED_SUBSCRIBERS = 1000;
/** Back-to-back events per sustained round, and rounds per server. */
const SUSTAINED_EVENTS = 300;
export const SUSTAINED_ROUNDS = 3;
const PACED_SECONDS = 5;

export interface Broadcast {
  lastDeliveryMs: number;
  /** Each fan-out's longest event-loop block, the median over the rounds. */
  maxBlockMs: number;
  /** The round with the longest block: that block, and the longest GC pause in its window (a block at least this long may be the collector's). */
  worstBlock: Blocks;
  delivered: number;
  /** CPU time of the server process, and of the clients' process, until the last delivery was seen. */
  serverCpuMs: number;
  clientCpuMs: number;
}

export interface KindResult {
  kind: Kind;
  heapPerConnectionKiB?: number;
  broadcast: Broadcast;
  /** `serverBusy` and `clientBusy`: CPU time of each process over the run's wall time (1: one core all along). */
  sustained?: { deliveriesPerSecond: number; subscribers: number; serverBusy: number; clientBusy: number };
  paced?: { ratePerSecond: number; deliveriesPerSecond: number; p50Ms: number; p99Ms: number; delivered: number; expected: number };
}

/** The order of round `turn`: each round starts with the next server, so none always follows the same one. */
const inTurn = <T>(items: T[], turn: number): T[] => items.map((_, i) => items[(turn + i) % items.length]);

/** CPU milliseconds used by the server and by its clients while `work` runs. */
async function withCpu<T>(target: Target, work: () => Promise<T>): Promise<T & { serverCpuMs: number; clientCpuMs: number }> {
  const [server, client] = [await target.cpu(), await target.clients.call<number>('cpu')];
  const result = await work();
  return { ...result, serverCpuMs: (await target.cpu()) - server, clientCpuMs: (await target.clients.call<number>('cpu')) - client };
}

/** How long after a broadcast its server's event loop is watched: longer than the slowest fan-out here (about 250 ms). */
const FANOUT_WINDOW_MS = 1000;

/**
 * One broadcast timed to its last delivery, CPU counted until then; then another whose server's event
 * loop is watched for FANOUT_WINDOW_MS (a window that long would also count the servers' idle work, such as
 * heartbeats to ten thousand sockets, in the CPU of the first).
 */
async function broadcastOnce(target: Target) {
  await target.clients.call('reset', { recordLatency: false });
  const timed = await withCpu(target, async () => {
    const { startedAt } = await target.publish(1, 0, 0);
    const tally = await collect(target.clients, CONNECTIONS, 10_000);
    return { lastDeliveryMs: tally.lastAt - startedAt, delivered: tally.received };
  });
  await sleep(200);
  const { maxBlockMs, maxGcMs } = await target.publish(1, 0, FANOUT_WINDOW_MS);
  return { ...timed, maxBlockMs, maxGcMs };
}

export async function measureBroadcasts(kinds: Kind[]): Promise<KindResult[]> {
  const targets: Target[] = [];
  const heaps = new Map<Kind, number>();
  try {
    for (const kind of kinds) {
      process.stdout.write(`${kind}: ${CONNECTIONS} connections\n`);
      const target = await startTarget(kind);
      targets.push(target);
      const before = await target.heap();
      await target.open(CONNECTIONS);
      await sleep(1000);
      heaps.set(kind, (await target.heap()) - before);
    }
    process.stdout.write(`one event to all, ${BROADCAST_ROUNDS} rounds\n`);
    const runs = new Map<Kind, Awaited<ReturnType<typeof broadcastOnce>>[]>(kinds.map((kind) => [kind, []]));
    for (let turn = 0; turn < BROADCAST_ROUNDS; turn++) {
      for (const target of inTurn(targets, turn)) {
        runs.get(target.kind)?.push(await broadcastOnce(target));
        await sleep(200);
      }
    }
    return targets.map((target) => {
      const own = runs.get(target.kind) ?? [];
      const middle = (pick: (run: (typeof own)[number]) => number) => round(median(own.map(pick)), 1);
      const worst = own.reduce((a, b) => (b.maxBlockMs > a.maxBlockMs ? b : a));
      return {
        kind: target.kind,
        ...(target.kind !== 'floor' && { heapPerConnectionKiB: round((heaps.get(target.kind) ?? 0) / CONNECTIONS / 1024, 1) }),
        broadcast: {
          lastDeliveryMs: middle((r) => r.lastDeliveryMs),
          maxBlockMs: middle((r) => r.maxBlockMs),
          worstBlock: { maxBlockMs: round(worst.maxBlockMs, 1), maxGcMs: round(worst.maxGcMs, 1) },
          delivered: middle((r) => r.delivered),
          serverCpuMs: middle((r) => r.serverCpuMs),
          clientCpuMs: middle((r) => r.clientCpuMs),
        },
      };
    });
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}

/** Back-to-back events to 1,000 subscribers: deliveries per second, and how busy the clients' process was meanwhile. */
async function sustainedOnce(target: Target) {
  await target.clients.call('reset', { recordLatency: false });
  const run = await withCpu(target, async () => {
    const { startedAt } = await target.publish(SUSTAINED_EVENTS, 0, 0);
    const tally = await collect(target.clients, SUSTAINED_EVENTS * SUSTAINED_SUBSCRIBERS, 60_000);
    return { received: tally.received, elapsedMs: tally.lastAt - startedAt };
  });
  return { deliveriesPerSecond: run.received / (run.elapsedMs / 1000), serverBusy: run.serverCpuMs / run.elapsedMs, clientBusy: run.clientCpuMs / run.elapsedMs };
}

/** Latency at `rate` deliveries per second, paced, for a few seconds. */
async function pacedRun(target: Target, deliveriesPerSecond: number): Promise<NonNullable<KindResult['paced']>> {
  const rate = Math.max(1, Math.round(deliveriesPerSecond / SUSTAINED_SUBSCRIBERS));
  const expected = rate * PACED_SECONDS * SUSTAINED_SUBSCRIBERS;
  await target.clients.call('reset', { recordLatency: true });
  await target.publish(rate * PACED_SECONDS, rate, 0);
  const tally = await collect(target.clients, expected, 30_000);
  const latency = await target.clients.call<Distribution>('latency');
  return { ratePerSecond: rate * SUSTAINED_SUBSCRIBERS, deliveriesPerSecond: round(tally.received / PACED_SECONDS, 0), p50Ms: round(latency.p50, 2), p99Ms: round(latency.p99, 2), delivered: tally.received, expected };
}

/** Sustained deliveries of ours and the peer in turns, then ours' latency at 80 % of its own rate. */
export async function measureSustained(): Promise<Pick<KindResult, 'kind' | 'sustained' | 'paced'>[]> {
  const targets: Target[] = [];
  try {
    for (const kind of ['peer', 'ours'] as const) {
      const target = await startTarget(kind);
      targets.push(target);
      await target.open(SUSTAINED_SUBSCRIBERS);
    }
    await sleep(500);
    const runs = new Map<Kind, Awaited<ReturnType<typeof sustainedOnce>>[]>(targets.map((t) => [t.kind, []]));
    for (let turn = 0; turn < SUSTAINED_ROUNDS; turn++) for (const target of inTurn(targets, turn)) runs.get(target.kind)?.push(await sustainedOnce(target));
    const sustained = (target: Target) => {
      const own = runs.get(target.kind) ?? [];
      const middle = (pick: (run: (typeof own)[number]) => number, digits: number) => round(median(own.map(pick)), digits);
      return { deliveriesPerSecond: middle((r) => r.deliveriesPerSecond, 0), subscribers: SUSTAINED_SUBSCRIBERS, serverBusy: middle((r) => r.serverBusy, 2), clientBusy: middle((r) => r.clientBusy, 2) };
    };
    const [peer, ours] = targets;
    const oursSustained = sustained(ours);
    return [
      { kind: 'peer', sustained: sustained(peer) },
      { kind: 'ours', sustained: oursSustained, paced: await pacedRun(ours, 0.8 * oursSustained.deliveriesPerSecond) },
    ];
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}
