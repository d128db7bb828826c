/**
 * `npm run bench:realtime`: our real-time gateway against a plain socket.io server (the peer)
 * and raw `net` writes (the floor), measured in the same run on loopback, each server in its own
 * process and its clients in another. With REDIS_URL and DATABASE_URL it also runs one api and
 * two gateways on Redis, beside its peer: the relay over socket.io's Redis adapter. Writes docs/benchmarks/realtime.json and realtime.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../api/server';
import { bundle } from '../bundle';
import { machine } from '../stats';
import { embeddedEndToEnd, redisRelayEndToEnd, relayEndToEnd, scaleOut } from './end-to-end';
import { measureBroadcasts, measureSustained } from './fanout-measures';
import { markdown, type Report } from './report';
import { CONNECTIONS, PADDING, startClients } from './targets';

function buildBundles(): void {
  bundle(['servers.ts', 'clients.ts', 'probe.ts'].map((file) => join(__dirname, file)), join(ROOT, 'dist/bench/realtime'));
  bundle([join(ROOT, 'apps/api/src/main.ts')], join(ROOT, 'dist/apps/api'));
  bundle([join(ROOT, 'apps/gateway/src/main.ts')], join(ROOT, 'dist/apps/gateway'));
}

async function main(): Promise<void> {
  buildBundles();
  const results = await measureBroadcasts(['floor', 'peer', 'ours']);
  process.stdout.write('sustained deliveries\n');
  for (const sustained of await measureSustained()) Object.assign(results.find((r) => r.kind === sustained.kind) ?? {}, sustained);
  const clients = await startClients();
  let report: Report;
  try {
    process.stdout.write('end to end\n');
    const relay = await relayEndToEnd(clients);
    const endToEnd = await embeddedEndToEnd(clients);
    process.stdout.write('scale-out on Redis\n');
    const redisRelay = await redisRelayEndToEnd(clients);
    const redis = await scaleOut(clients);
    report = { date: new Date().toISOString(), machine: machine(), results, relay, endToEnd, redisRelay, redis };
  } finally {
    await clients.stop();
  }
  const { date, ...rest } = report;
  writeFileSync(join(ROOT, 'docs/benchmarks/realtime.json'), `${JSON.stringify({ date, connections: CONNECTIONS, paddingBytes: PADDING, ...rest }, null, 2)}\n`);
  writeFileSync(join(ROOT, 'docs/benchmarks/realtime.md'), markdown(report));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
