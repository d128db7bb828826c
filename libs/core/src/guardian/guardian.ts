import type { Constitution } from '../cdna/index.js';
import { NeuroGraphError } from '../common/errors.js';
import type { Signal } from '../common/types.js';
import { jsonByteSize } from '../signal/validate.js';
import { BoundedMap } from '../space/bounded-map.js';
import { TokenBucket } from './token-bucket.js';

export type ViolationKind = 'rate.space' | 'rate.principal' | 'payload.size' | 'quota.tokens';

export interface GuardianViolation {
  kind: ViolationKind;
  space: string;
  principal?: string;
  signalId?: string;
  message: string;
  at: string;
}

const TRACKED_KEYS = 10_000;
const KEPT_VIOLATIONS = 1000;

/**
 * Enforces the constitution on every signal before it can change anything: payload size, and
 * rate per space and per principal (token buckets at `quotas.maxSignalsPerSecond`, one second of
 * burst). Each refusal is recorded and announced (`guardian.violation`, `guardian.quota`).
 * The guardian reads the constitution live, so a CDNA change applies to the next signal, and it
 * has no off switch.
 */
export class Guardian {
  private readonly spaceBuckets = new BoundedMap<string, TokenBucket>(TRACKED_KEYS);
  private readonly principalBuckets = new BoundedMap<string, TokenBucket>(TRACKED_KEYS);
  private readonly recent: GuardianViolation[] = [];
  private checked = 0;
  private refused = 0;
  /** Share of a space's rate one principal may use; the guardian module's setting. */
  principalRateShare = 1;

  constructor(
    private readonly constitution: Constitution,
    private readonly now: () => number,
    private readonly announce: (type: 'guardian.violation' | 'guardian.quota', violation: GuardianViolation) => void,
  ) {}

  /** Throws (and records) when the signal breaks the constitution; otherwise lets it through. */
  admit(signal: Signal, principal?: string): void {
    this.checked++;
    const quotas = this.constitution.peek().quotas;
    if (signal.payload !== undefined) {
      const bytes = jsonByteSize(signal.payload, quotas.maxPayloadBytes);
      if (bytes > quotas.maxPayloadBytes) {
        throw this.refuse('payload.size', signal, principal, `payload of ${bytes} bytes exceeds the constitution's ${quotas.maxPayloadBytes}`, new NeuroGraphError('VALIDATION_FAILED', 'Payload too large for the constitution', [
          { field: 'payload', rule: 'maxBytes', message: `must be at most ${quotas.maxPayloadBytes} bytes (quotas.maxPayloadBytes)` },
        ]));
      }
    }
    const nowMs = this.now();
    const rate = quotas.maxSignalsPerSecond;
    const spaceWait = this.bucket(this.spaceBuckets, signal.space, nowMs, rate).take(nowMs, rate);
    if (spaceWait > 0) throw this.rateLimited('rate.space', signal, principal, spaceWait, rate);
    if (principal !== undefined) {
      const principalRate = Math.max(1, Math.floor(rate * this.principalRateShare));
      const principalWait = this.bucket(this.principalBuckets, principal, nowMs, principalRate).take(nowMs, principalRate);
      if (principalWait > 0) throw this.rateLimited('rate.principal', signal, principal, principalWait, principalRate);
    }
  }

  /** Records a refusal made elsewhere against the constitution's quotas (e.g. a full space). */
  quota(space: string, message: string, signal?: Signal): void {
    this.record({ kind: 'quota.tokens', space, signalId: signal?.id, message, at: new Date(this.now()).toISOString() }, 'guardian.quota');
  }

  violations(limit = 100): GuardianViolation[] {
    return this.recent.slice(-limit).reverse();
  }

  stats(): { checked: number; refused: number } {
    return { checked: this.checked, refused: this.refused };
  }

  private rateLimited(kind: ViolationKind, signal: Signal, principal: string | undefined, waitMs: number, rate: number): NeuroGraphError {
    const who = kind === 'rate.space' ? `space "${signal.space}"` : `principal "${principal}"`;
    return this.refuse(kind, signal, principal, `${who} exceeds ${rate} signals/s`, new NeuroGraphError('RATE_LIMITED', `Rate limit: ${who} exceeds ${rate} signals/s; retry in ${waitMs} ms`, [
      { field: kind === 'rate.space' ? 'space' : 'principal', rule: 'maxSignalsPerSecond', message: `at most ${rate} signals/s` },
    ], waitMs));
  }

  private refuse(kind: ViolationKind, signal: Signal, principal: string | undefined, message: string, error: NeuroGraphError): NeuroGraphError {
    this.refused++;
    this.record({ kind, space: signal.space, principal, signalId: signal.id, message, at: new Date(this.now()).toISOString() }, 'guardian.violation');
    return error;
  }

  private record(violation: GuardianViolation, type: 'guardian.violation' | 'guardian.quota'): void {
    this.recent.push(violation);
    if (this.recent.length > KEPT_VIOLATIONS) this.recent.shift();
    this.announce(type, violation);
  }

  private bucket(buckets: BoundedMap<string, TokenBucket>, key: string, nowMs: number, rate: number): TokenBucket {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rate, nowMs);
      buckets.set(key, bucket);
    }
    return bucket;
  }
}
