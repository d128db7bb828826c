/**
 * `npm run bench:core` — the engine benchmark of spec 01-core.md §8. Prints a table and writes
 * docs/benchmarks/core.json and core.md. Peers run in the same process and the same run
 * (a brute-force scan for kNN, eventemitter3 for dispatch) so the ratios survive noisy machines.
 * `BENCH_SCALE=0.1` runs a smaller smoke version (not for committed results).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from '../stats';
import { clusteredMixture, uniformPoints } from '../workload';
import { benchDispatch } from './dispatch';
import { benchEmit, benchMemory } from './emit';
import { benchKnn } from './knn';
import { benchModuleMetrics } from './module-metrics';
import { renderMarkdown } from './report';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const n = (count: number) => Math.max(1000, Math.round(count * scale));
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

const started = Date.now();
log('kNN at 1,000,000 tokens (clustered)');
const knnClustered = benchKnn('clustered', clusteredMixture(1), clusteredMixture(2), n(1_000_000), n(20_000), 200);
log('kNN at 1,000,000 tokens (uniform)');
const knnUniform = benchKnn('uniform', uniformPoints(3), uniformPoints(4), n(1_000_000), n(5_000), 50);
log('full emit path at 100,000 tokens');
const emit = benchEmit(clusteredMixture(5), n(100_000), n(500_000), n(100_000));
log('filter match + delivery vs eventemitter3');
const dispatch = benchDispatch(100, n(500_000));
log('module metrics overhead');
const moduleMetrics = benchModuleMetrics(n(5_000_000));
log('memory of a learned space');
const memory = benchMemory(clusteredMixture(6), n(1_000_000), n(300_000));

const report = {
  generatedAt: new Date().toISOString(),
  command: 'npm run bench:core',
  scale,
  machine: machine(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  targets: {
    emitSignalsPerSecond: 100_000,
    emitGoalSignalsPerSecond: 300_000,
    emitP99Us: 50,
    knnP50UsAt1M: 25,
    dispatchRatioVsEventemitter3: 2,
    bytesPerToken: 200,
  },
  knn: [knnClustered, knnUniform],
  emit,
  dispatch,
  moduleMetrics,
  memory,
};

const outDir = join(__dirname, '..', '..', '..', 'docs', 'benchmarks');
mkdirSync(outDir, { recursive: true });
const suffix = scale === 1 ? '' : `.scale-${scale}`;
writeFileSync(join(outDir, `core${suffix}.json`), JSON.stringify(report, null, 2) + '\n');
const markdown = renderMarkdown(report);
writeFileSync(join(outDir, `core${suffix}.md`), markdown);
process.stdout.write(markdown);
