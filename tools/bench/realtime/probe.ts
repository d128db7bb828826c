/**
 * Preloaded (`--require`) into the api's own bundle by `npm run bench:realtime`: answers heap
 * (after GC) and the longest event-loop block over IPC, without touching the app's code.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { heapUsed } from '../stats';
import { serve } from './rpc';

let monitor: IntervalHistogram | undefined;

serve({
  heap: () => heapUsed(),
  watchBlocks: () => {
    monitor?.disable();
    monitor = monitorEventLoopDelay({ resolution: 1 });
    monitor.enable();
    return {};
  },
  blocks: () => {
    monitor?.disable();
    return { maxBlockMs: (monitor?.max ?? 0) / 1e6 };
  },
});
