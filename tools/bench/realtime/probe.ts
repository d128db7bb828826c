/**
 * Preloaded (`--require`) into the api's own bundle by `npm run bench:realtime`: answers heap
 * (after GC) and the longest event-loop block over IPC, without touching the app's code.
 */
import { heapUsed } from '../stats';
import { watchBlocks } from './blocks';
import { serve } from './rpc';

let watch: { stop(): number } | undefined;

serve({
  heap: () => heapUsed(),
  watchBlocks: async () => {
    watch?.stop();
    watch = await watchBlocks();
    return {};
  },
  blocks: () => ({ maxBlockMs: watch?.stop() ?? 0 }),
});
