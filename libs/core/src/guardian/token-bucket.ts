/** A token bucket: `rate` admissions per second with a burst of one second's worth. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    nowMs: number,
  ) {
    this.tokens = rate;
    this.last = nowMs;
  }

  /** Takes one token; returns 0 when admitted, else the ms until one is available. */
  take(nowMs: number, rate: number): number {
    if (rate !== this.rate) {
      this.tokens = Math.min(this.tokens, rate);
      this.rate = rate;
    }
    const elapsed = Math.max(0, nowMs - this.last);
    this.tokens = Math.min(this.rate, this.tokens + (elapsed * this.rate) / 1000);
    this.last = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }
}
