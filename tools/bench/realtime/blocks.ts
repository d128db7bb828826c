import { monitorEventLoopDelay, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

const RESOLUTION_MS = 1;

/** The longest event-loop block of a window, and the longest garbage-collection pause in it (a block it may explain). */
export interface Blocks {
  maxBlockMs: number;
  maxGcMs: number;
}

/**
 * Starts watching the event loop and the garbage collector; resolves once the monitor is armed.
 * Node's monitor records nothing on its first tick (it only notes the time), so a block that
 * starts right after `enable()` would go unseen: the broadcast must not start before that tick.
 */
export async function watchBlocks(): Promise<{ stop(): Blocks }> {
  const monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let maxGcMs = 0;
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((entry: PerformanceEntry) => (maxGcMs = Math.max(maxGcMs, entry.duration))));
  gc.observe({ entryTypes: ['gc'] });
  monitor.enable();
  await new Promise((resolve) => setTimeout(resolve, 10 * RESOLUTION_MS));
  return {
    stop: () => {
      monitor.disable();
      gc.disconnect();
      return { maxBlockMs: monitor.max / 1e6, maxGcMs };
    },
  };
}
