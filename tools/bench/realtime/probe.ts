/**
 * Preloaded (`--require`) into the api's own bundle by `npm run bench:realtime`: answers heap
 * (after GC) and the longest event-loop block (with the longest GC pause) over IPC, without touching the app's code.
 */
import { heapUsed } from '../stats';
import { type Blocks, watchBlocks } from './blocks';
import { serve } from './rpc';

let watch: { stop(): Blocks } | undefined;

serve({
  heap: () => heapUsed(),
  watchBlocks: async () => {
    watch?.stop();
    watch = await watchBlocks();
    return {};
  },
  blocks: (): Blocks => watch?.stop() ?? { maxBlockMs: 0, maxGcMs: 0 },
});
