import type Redis from 'ioredis';
import type { SubscriptionSpec } from './session.js';

export const RESUME_STORE = Symbol('RESUME_STORE');

/** What a resume token restores: whose it is, and each subscription with the last event its client saw. */
export interface ResumeState {
  owner: string;
  subscriptions: (SubscriptionSpec & { lastSeq: number })[];
}

/** Single-use resume tokens, kept server-side until they expire. */
export interface ResumeStore {
  save(token: string, state: ResumeState, ttlMs: number): Promise<void>;
  /** The state, removed in the same step: a token works once. */
  take(token: string): Promise<ResumeState | null>;
  delete(token: string): Promise<void>;
  close(): Promise<void>;
}

/** One process: a map whose entries expire. */
export class MemoryResumeStore implements ResumeStore {
  private readonly entries = new Map<string, { state: ResumeState; expiresAt: number }>();

  async save(token: string, state: ResumeState, ttlMs: number): Promise<void> {
    this.purge();
    this.entries.set(token, { state, expiresAt: Date.now() + ttlMs });
  }

  async take(token: string): Promise<ResumeState | null> {
    const entry = this.entries.get(token);
    this.entries.delete(token);
    return entry && entry.expiresAt > Date.now() ? entry.state : null;
  }

  async delete(token: string): Promise<void> {
    this.entries.delete(token);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private purge(): void {
    const now = Date.now();
    for (const [token, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(token);
  }
}

/** Replicas: Redis keys with a TTL, so a client may resume on any gateway. */
export class RedisResumeStore implements ResumeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ng:resume:',
  ) {}

  async save(token: string, state: ResumeState, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + token, JSON.stringify(state), 'PX', ttlMs);
  }

  async take(token: string): Promise<ResumeState | null> {
    const text = await this.redis.getdel(this.prefix + token);
    return text === null ? null : (JSON.parse(text) as ResumeState);
  }

  async delete(token: string): Promise<void> {
    await this.redis.del(this.prefix + token);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
