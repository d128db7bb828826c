import type { NeuroGraph } from '@neurograph/sdk';

export interface Load {
  sent: number;
  seconds: number;
}

/** Sends `perSecond` signals every second for `seconds`, in ten batches a second, as one client would. */
export async function blast(client: NeuroGraph, { perSecond, seconds }: { perSecond: number; seconds: number }): Promise<Load> {
  const batch = perSecond / 10;
  const started = Date.now();
  let sent = 0;
  for (let tick = 0; tick < seconds * 10; tick++) {
    const due = started + tick * 100;
    if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const signals = Array.from({ length: batch }, (_, i) => ({ space: 'e2e-load', vector: Array.from({ length: 8 }, (_, d) => ((tick * batch + i) * 0.618 + d * 0.1) % 1) }));
    sent += (await client.signals.emitBatch(signals)).accepted;
  }
  return { sent, seconds: (Date.now() - started) / 1000 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export function frameReport(frames: number[], longTasks: number[], load: Load) {
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    sent: load.sent,
    eventsPerSecond: Math.round(load.sent / load.seconds),
    frames: frames.length,
    frameMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) },
    framesOver50ms: frames.filter((f) => f > 50).length,
    longTasks: { count: longTasks.length, totalMs: round(longTasks.reduce((a, b) => a + b, 0)), maxMs: round(Math.max(0, ...longTasks)) },
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

export function dashboardMarkdown(report: ReturnType<typeof frameReport> & { shown?: number; received?: number }): string {
  return `# Dashboard performance

Measured by the browser suite (\`npx nx e2e dashboard-e2e\`), on ${new Date().toISOString().slice(0, 10)}: headless Debian Chromium,
the built api (embedded bus) and the test process that sends the load, all on the same 2-core machine.
The Signals page is open on the live \`signals\` channel while the test sends ${report.eventsPerSecond} signals/s for
five seconds (ten batches a second); the page counts every animation frame and every long task
(\`PerformanceObserver('longtask')\`).

| | |
| --- | --- |
| signals sent | ${report.sent} (${report.eventsPerSecond}/s) |
| events the page received | ${report.received} |
| rows in the list at the end | ${report.shown} (the page keeps the newest 1,000) |
| frames | ${report.frames} |
| frame time p50 / p95 / p99 / max | ${report.frameMs.p50} / ${report.frameMs.p95} / ${report.frameMs.p99} / ${report.frameMs.max} ms |
| frames over 50 ms | ${report.framesOver50ms} |
| long tasks (> 50 ms) | ${report.longTasks.count === 0 ? 'none' : `${report.longTasks.count}, ${report.longTasks.totalMs} ms in all, longest ${report.longTasks.maxMs} ms`} |

How the page keeps up: events are gathered as they arrive and drawn at most once per animation
frame, and the list renders only the rows in view (\`VirtualList\`). The initial route's size is in
[apps/dashboard/README.md](../../apps/dashboard/README.md) (Vite prints it on every build).
`;
}
