/** docs/benchmarks/realtime.md from one run's results: every figure comes from the run it describes. */
import type { machine } from '../stats';
import { round, STOLEN_COLUMN_NOTE, sharesCell } from '../stats';
import type { embeddedEndToEnd, redisRelayEndToEnd, relayEndToEnd, scaleOut } from './end-to-end';
import { BROADCAST_ROUNDS, type KindResult, SUSTAINED_ROUNDS, SUSTAINED_SUBSCRIBERS } from './fanout-measures';
import { CONNECTIONS, type Kind, PADDING } from './targets';

export interface Report {
  date: string;
  machine: ReturnType<typeof machine>;
  results: KindResult[];
  relay: Awaited<ReturnType<typeof relayEndToEnd>>;
  endToEnd: Awaited<ReturnType<typeof embeddedEndToEnd>>;
  redisRelay: Awaited<ReturnType<typeof redisRelayEndToEnd>>;
  redis: Awaited<ReturnType<typeof scaleOut>>;
}

type EndToEndRow = Report['relay']['rows'][number];
/** Each window's p99 of the two parts of the latency, split where the event was published on the bus. */
const splitCell = (e: EndToEndRow) => (e.p99SplitWindows.every((w) => w === undefined) ? '—' : e.p99SplitWindows.map((w) => (w ? `${w.toBusMs} / ${w.fromBusMs}` : '—')).join(', '));
/** A per-signal figure of each part, window by window: the groups of servers (`api + gateways, …`), or the services (`Redis + PostgreSQL, …`). */
const groupsCell = (windows: (number[] | undefined)[]) => windows.map((groups) => groups?.join(' + ') ?? '?').join(', ');
const e2eRow = (setup: string, e: EndToEndRow) =>
  `| ${setup} | ${e.offeredPerSecond} | ${e.sentPerSecond} | ${e.subscribers} | ${e.delivered} of ${e.sent * 10} | ${e.p50Ms} ms | ${e.p99Ms} ms${e.p99Windows.length > 1 ? ` (${e.p99Windows.join(', ')})` : ''} | ${splitCell(e)} | ${e.maxMs} ms | ${groupsCell(e.serverCpuWindows)} | ${groupsCell(e.servicesCpuWindows)} | ${groupsCell(e.serverWaitWindows)} | ${sharesCell(e.idleWindows)} | ${sharesCell(e.stolenWindows)} |`;

/** The `POST /signals` that failed in any window, by status (`broken`: the connection closed first), one sentence per setup and rate. */
function failedPosts(rows: [string, EndToEndRow[]][]): string[] {
  return rows.flatMap(([setup, setupRows]) =>
    setupRows.flatMap((e) => {
      const windows = e.failuresWindows.map((failures, i) => [i + 1, Object.entries(failures)] as const).filter(([, entries]) => entries.length > 0);
      return windows.length === 0 ? [] : [`Failed \`POST /signals\` (${setup}, ${e.offeredPerSecond}/s): ${windows.map(([i, entries]) => `window ${i}: ${entries.map(([reason, n]) => `${n} × ${reason}`).join(', ')}`).join('; ')}.`];
    }),
  );
}

const percent = (share: number | undefined) => `${Math.round((share ?? 0) * 100)} %`;

export function markdown(report: Report): string {
  const by = (kind: Kind) => report.results.find((r) => r.kind === kind) as KindResult;
  const [ours, peer, floor] = [by('ours'), by('peer'), by('floor')];
  const setups: [string, EndToEndRow[]][] = [
    ['peer: bare HTTP + socket.io relay', report.relay.rows],
    ['embedded (one process)', report.endToEnd.rows],
    ['peer: the relay over socket.io\'s Redis adapter, 2 socket.io servers', report.redisRelay?.rows ?? []],
    ['api + 2 gateways on Redis', report.redis?.endToEnd ?? []],
  ];
  const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b, 2)}×` : '—');
  const row = (name: string, r: KindResult) =>
    `| ${name} | ${r.heapPerConnectionKiB === undefined ? '—' : `${r.heapPerConnectionKiB} KiB`} | ${r.broadcast.lastDeliveryMs} ms | ${r.broadcast.serverCpuMs} ms | ${r.broadcast.clientCpuMs} ms | ${r.broadcast.maxBlockMs} ms (worst ${r.broadcast.worstBlock.maxBlockMs} ms, GC ${r.broadcast.worstBlock.maxGcMs} ms) |`;
  const lines = [
    '# Real-time benchmark',
    '',
    `\`npm run bench:realtime\`, ${report.date.slice(0, 10)}, ${report.machine.cores} × ${report.machine.cpu}, Node ${report.machine.node}. Loopback; each server in its own`,
    'process, and its clients (the socket.io wire protocol over a lean WebSocket client, up to ten thousand in one process) in another, all sharing the two cores.',
    `Events carry ${PADDING} bytes of padding. "ours" is the api with its real-time module as \`npm start\` builds it (default configuration,`,
    "events published by an admin socket's `publish`),",
    '"peer" a plain socket.io 4 server broadcasting with `io.to(room).emit` from inside its process, "floor" a raw `net` server that writes the',
    'same socket.io event frame, built once, to each socket with one `write`. Every server is read by the same client code (WebSockets that',
    'count socket.io event frames), so the clients cost the same whichever server they measure.',
    '',
    `## ${CONNECTIONS.toLocaleString('en')} connections, one event to all`,
    '',
    `The three servers are up together and broadcast in turns (${BROADCAST_ROUNDS} rounds, a different one first each round), so that load from`,
    'elsewhere on the machine falls on all three alike; each figure is the median. In each round a server broadcasts twice: once timed to the last delivery, and once with its event loop watched for a second from the broadcast on. CPU is the time the server process, and the clients\'',
    'process, used until the last delivery: when the clients\' CPU comes close to the last delivery, the clients were the bottleneck.',
    '',
    "| | heap per idle connection | last delivery | server CPU | clients' CPU | longest event-loop block during a fan-out (the worst round's, with the longest GC pause in its window) |",
    '|---|---|---|---|---|---|',
    row('ours', ours),
    row('peer (plain socket.io)', peer),
    row('floor (raw writes)', floor),
    '',
    `Targets: ≤ 15 KB heap per idle connection (ours: ${ours.heapPerConnectionKiB} KiB, session and subscription included); last delivery ≤ 1.5× the floor`,
    `(ours: ${ratio(ours.broadcast.lastDeliveryMs, floor.broadcast.lastDeliveryMs)} the floor; server CPU ${ratio(ours.broadcast.serverCpuMs, floor.broadcast.serverCpuMs)} the floor's); no block over 20 ms (ours: ${ours.broadcast.maxBlockMs} ms; in the worst round ${ours.broadcast.worstBlock.maxBlockMs} ms, the longest GC pause in its window ${ours.broadcast.worstBlock.maxGcMs} ms).`,
    '',
    `## Sustained deliveries, ${SUSTAINED_SUBSCRIBERS.toLocaleString('en')} subscribers`,
    '',
    `Back-to-back events, ours and the peer in turns (${SUSTAINED_ROUNDS} rounds each, medians). "busy" is the process's CPU time over the run's wall time.`,
    '',
    "| | deliveries/s | server busy | clients' process busy | at 80 % of our rate: p50 | p99 |",
    '|---|---|---|---|---|---|',
    `| ours | ${ours.sustained?.deliveriesPerSecond} | ${percent(ours.sustained?.serverBusy)} | ${percent(ours.sustained?.clientBusy)} | ${ours.paced?.p50Ms} ms | ${ours.paced?.p99Ms} ms (${ours.paced?.delivered} of ${ours.paced?.expected} delivered) |`,
    `| peer (plain socket.io) | ${peer.sustained?.deliveriesPerSecond} | ${percent(peer.sustained?.serverBusy)} | ${percent(peer.sustained?.clientBusy)} | | |`,
    '',
    `Targets: ≥ 1.5× the peer (ours: ${ratio(ours.sustained?.deliveriesPerSecond ?? 0, peer.sustained?.deliveriesPerSecond ?? 0)}); p99 ≤ 100 ms at 80 % of that rate.`,
    '',
    '## End to end: `POST /signals` → subscriber',
    '',
    `The api in its own process on ${report.endToEnd.database}; a load generator in a fresh process of its own posts open loop (requests evenly spaced at the offered rate, over 16 keep-alive connections, as in bench:api); each signal carries its send time, and the clients measure from it. Before the measured rates, 10 s at 1,000/s into another space warm the api up (not measured); the measured space starts empty. 200/s is one window of 10 s; 1,000/s is three windows back to back, and its row is the window with the median p99, with every window's p99 in brackets (as bench:api reports its latencies).`,
    '"sent/s" counts the signals the api accepted: below the offered rate, it did not keep up on this machine in this run, or answered some with an error (listed under the table with their status).',
    'The peers, measured in the same run with the same generator and clients, each before the setup it stands beside: a plain Node HTTP server whose `POST` broadcasts the body with plain socket.io (`io.to(room).emit`) and answers at once (no auth, validation, engine, storage or bus), and the same relay scaled out as socket.io documents it, its broadcast going through socket.io\'s Redis adapter to two plain socket.io servers that hold the subscribers (five each): the latency this machine and this load allow with nothing of ours in the path, in one process and across Redis.',
    '',
    STOLEN_COLUMN_NOTE,
    'The split column divides each window\'s latencies where the api published the event on its bus (the envelope\'s `timestamp`): the p99 of send → bus (HTTP, auth, validation, engine) and the p99 of bus → client (Redis when there is one, the gateway, the socket), in ms, window by window. The publishing time has millisecond precision, so the first part reads up to 1 ms short and the second up to 1 ms long. The peers stamp their envelopes the same way when they broadcast.',
    '',
    '"server CPU" is, window by window, the CPU time the setup\'s servers used per signal sent, in µs: the relay; the api; the Redis peer\'s relay + both its socket.io servers together; on Redis, the api + both gateways together (from /proc/<pid>/stat; the load generator, the clients, PostgreSQL and Redis are not counted). A server busy for a large share of a core queues requests behind one another, and that shows in the p99 first.',
    '"Redis + PostgreSQL CPU" is the CPU time of the `redis-server` and `postgres` processes of this machine per signal sent, window by window: the services the setup writes to (Redis for the peer across Redis and our Redis setup; PostgreSQL for ours, which stores every signal), and whatever they do on their own meanwhile.',
    '"servers waiting for a core" is, in the same groups, the time their threads spent runnable but not running, per signal sent (from /proc/<pid>/task/*/schedstat): woken by a request or a message, they waited for a core that another process held. "machine idle %" is the share of the machine\'s CPU time, window by window, that no process used (idle and iowait in /proc/stat). Together they tell whether a tail came from too little CPU in all, or from processes woken onto a core that was busy while the other was free.',
    '',
    '| setup | offered/s | sent/s | subscribers | delivered | p50 | p99 | p99 split: send → bus / bus → client | max | server CPU, µs per signal | Redis + PostgreSQL CPU, µs per signal | servers waiting for a core, µs per signal | machine idle % | CPU stolen % |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...setups.flatMap(([setup, rows]) => rows.map((e) => e2eRow(setup, e))),
    '',
    ...failedPosts(setups).flatMap((sentence) => [sentence, '']),
    'Targets: p50 ≤ 2 ms, p99 ≤ 10 ms at 1,000 signals/s.',
  ];
  if (report.redis) {
    lines.push('', `On Redis, one broadcast (\`POST /realtime/broadcast\` to the api) to ${CONNECTIONS.toLocaleString('en')} subscribers split over the two gateways reached the last one in ${report.redis.broadcast.lastDeliveryMs} ms (median of 5, ${report.redis.broadcast.delivered} delivered).`);
  } else {
    lines.push('', '(The Redis figures need REDIS_URL and DATABASE_URL; this run had neither.)');
  }
  return `${lines.join('\n')}\n`;
}
