import type { RateSpec } from '@neurograph/server-config';

export type RateClass = 'subscribe' | 'signal' | 'other';
const CLASSES: readonly RateClass[] = ['subscribe', 'signal', 'other'];

/** Which bucket a client event draws from (spec 03-realtime.md, reliability). */
export function rateClassOf(event: string): RateClass {
  if (event === 'subscribe' || event === 'unsubscribe') return 'subscribe';
  if (event === 'signal') return 'signal';
  return 'other';
}

/** How many refusals in a row make a client abusive: it is then disconnected. */
export const ABUSE_THRESHOLD = 50;

const clock = () => performance.now();

/**
 * Token buckets of one connection, one per class of event, kept in one small array of numbers
 * (tokens, last refill) because every connection holds one: a plain array of doubles, where a
 * typed array would add an ArrayBuffer and a backing store of its own.
 */
export class ConnectionLimiter {
  private readonly state: number[];
  private refusedInARow = 0;

  constructor(
    private readonly specs: Readonly<Record<RateClass, RateSpec>>,
    private readonly now: () => number = clock,
  ) {
    const at = this.now();
    this.state = CLASSES.flatMap((c) => [specs[c].burst, at]);
  }

  /** 0 when the event may proceed, otherwise how many milliseconds until it may. */
  take(rateClass: RateClass): number {
    const i = CLASSES.indexOf(rateClass) * 2;
    const spec = this.specs[rateClass];
    const at = this.now();
    const tokens = Math.min(spec.burst, this.state[i] + ((at - this.state[i + 1]) / 1000) * spec.perSecond);
    this.state[i + 1] = at;
    if (tokens >= 1) {
      this.state[i] = tokens - 1;
      this.refusedInARow = 0;
      return 0;
    }
    this.state[i] = tokens;
    this.refusedInARow++;
    return Math.ceil(((1 - tokens) / spec.perSecond) * 1000);
  }

  get abusive(): boolean {
    return this.refusedInARow >= ABUSE_THRESHOLD;
  }
}
