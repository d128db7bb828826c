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
 */
export function tuneRuntime(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
