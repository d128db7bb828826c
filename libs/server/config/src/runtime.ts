import { setFlagsFromString } from 'node:v8';

/**
 * Process-wide V8 settings for the servers, applied first thing in `main`, before the app is
 * built, so that one place covers every way a server is started (`npm start`, `nx serve`, the
 * container, the benchmarks).
 *
 * Allocation-site pretenuring is off. V8 moves an allocation site's objects straight into the old
 * generation once enough of them survive a scavenge; ours survive in bursts (a write-behind flush,
 * a batch in flight), so sites were tenured whose objects mostly die young, and only a full
 * mark-compact frees them. Without it, in the end-to-end scenario at 1,000 signals/s, the api
 * promoted about 280 KB per scavenge instead of 620 KB and ran a third as many major GCs, and a
 * batch stored 14–24 % more signals per second (ADR 0004).
 *
 * The old generation may grow to twice what a mark-compact left live before the next one. V8
 * chooses that factor itself, 1.1–1.4 for a heap that collects as quickly as ours, and it starts
 * marking as soon as the old generation's room falls below the young generation's capacity (64 MB,
 * see SERVER_NODE_FLAGS): with 60 MB live, after 6–20 MB of promotions. At 1,000 signals/s on Redis
 * that was a mark-compact every 5–7 s, each with about 165 ms of background marking on a two-core
 * machine, and the windows holding one had p99s of 17–25 ms against about 6 ms; pinned at 2, one
 * mark-compact in a run of about 45 s instead of five (ADR 0004). The cost is memory: up to twice
 * the live old generation.
 */
export function tuneRuntime(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString('--heap-growing-percent=100');
}

/**
 * The flags `node` runs every server bundle with: `npm start`, `nx serve`, the image's CMD, the
 * tests' and the benchmarks' launchers, and the commands the docs give (the launchers import this
 * list; tools/checks/runtime-flags.spec.ts holds the others to it). V8 sizes its young generation
 * when it starts, so unlike `tuneRuntime` these cannot be set from inside.
 *
 * A young generation of 64 MB semispaces (V8's default on 64-bit is 16 MB): at 1,000 signals/s the
 * api allocates about 30 MB/s, and with the default a scavenge came every half second, so whatever
 * a request, a flush or a publish still held then was promoted and left for a mark-compact. With
 * 64 MB they come every two seconds or so and those objects die young: in the Redis end-to-end
 * scenario the api ran no mark-compact under load instead of six in 45 s, and the worst delivery
 * was 10.6 ms instead of 36–43 ms (ADR 0004). The cost is up to about 128 MB more memory per process.
 *
 * One V8 background thread instead of Node's four, whatever the cores: a server is scaled out in
 * processes (replicas requesting a quarter of a core each in the chart), not in threads. On two
 * cores shared by the api, two gateways, Redis and PostgreSQL, four threads marking in parallel
 * took 145–205 ms of CPU per mark-compact, one thread 63–90 ms, and the api's main thread stalled
 * less meanwhile: the Redis scenario's worst second had a p99 of 12–16 ms instead of 23–35 ms, and
 * the batch lost nothing (4–6 % more signals per second in alternated scratch runs; ADR 0004).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--enable-source-maps', '--max-semi-space-size=64', '--v8-pool-size=1'];
