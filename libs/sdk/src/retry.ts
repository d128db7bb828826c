/** How failed requests are tried again: opt-in, exponential with full jitter, capped. */
export interface RetryPolicy {
  /** Further attempts after the first (0: never retry). */
  retries: number;
  /** Delay before the first retry, doubled each time. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const NO_RETRIES: RetryPolicy = { retries: 0, baseDelayMs: 200, maxDelayMs: 10_000 };

export function retryPolicy(option: number | Partial<RetryPolicy> | undefined, fallback: RetryPolicy = NO_RETRIES): RetryPolicy {
  if (option === undefined) return fallback;
  if (typeof option === 'number') return { ...fallback, retries: option };
  return { ...fallback, ...option };
}

/** The wait before retry number `attempt` (0-based): a random point of the doubled window, so that clients spread out. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Statuses worth another attempt: the server was busy or briefly unavailable, not wrong about the request. */
export const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
