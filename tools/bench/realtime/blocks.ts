import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 1;

/**
 * Starts watching the event loop; resolves once the monitor is armed. Node's monitor records
 * nothing on its first tick (it only notes the time), so a block that starts right after
 * `enable()` would go unseen: the broadcast must not start before that tick.
 * `stop()` returns the longest block seen, in milliseconds.
 */
export async function watchBlocks(): Promise<{ stop(): number }> {
  const monitor = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  monitor.enable();
  await new Promise((resolve) => setTimeout(resolve, 10 * RESOLUTION_MS));
  return {
    stop: () => {
      monitor.disable();
      return monitor.max / 1e6;
    },
  };
}
