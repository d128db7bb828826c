/**
 * An HDR-style latency histogram: values in 1/16 µs units, exact below 64 units and log-linear
 * above (64 sub-buckets per power of two, so any value is within 1/64 ≈ 1.6 % of its bucket), up
 * to ~134 s. Recording is a few integer operations on a Uint32Array: no allocation, no logarithm.
 */
const SUB_BUCKETS = 64;
const SUB_BITS = 6;
const UNITS_PER_US = 16;
const BUCKETS = (31 - SUB_BITS + 1) * SUB_BUCKETS;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private maxValue = 0;

  record(latencyUs: number): void {
    if (!(latencyUs >= 0)) return;
    const units = Math.min(0x7fffffff, Math.max(0, Math.round(latencyUs * UNITS_PER_US)));
    this.counts[indexOf(units)]++;
    this.total++;
    this.sum += latencyUs;
    if (latencyUs > this.maxValue) this.maxValue = latencyUs;
  }

  get count(): number {
    return this.total;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  get max(): number {
    return this.maxValue;
  }

  /** The value at quantile q (0..1), as the midpoint of its bucket, in µs. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.maxValue, midpointOf(i) / UNITS_PER_US);
    }
    return this.maxValue;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.maxValue = 0;
  }
}

function indexOf(units: number): number {
  if (units < SUB_BUCKETS) return units;
  const exponent = 31 - Math.clz32(units);
  const shift = exponent - SUB_BITS;
  return (shift + 1) * SUB_BUCKETS + ((units >>> shift) & (SUB_BUCKETS - 1));
}

function midpointOf(index: number): number {
  if (index < SUB_BUCKETS) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const sub = index % SUB_BUCKETS;
  const low = (SUB_BUCKETS + sub) * 2 ** shift;
  return low + 2 ** shift / 2;
}
