import type { Predicate } from '@neurograph/core';
import type { Channel } from '@neurograph/rbac';
import type { Credentials, RequestPrincipal } from '@neurograph/server-auth';
import type { Delivery } from './delivery.js';
import type { Member } from './fanout.js';
import { EVENTS_PER_WRITE, type Outlet } from './outlet.js';
import type { ConnectionLimiter } from './rate-limits.js';

/** What a subscription is, as a client states it and a resume token restores it. */
export interface SubscriptionSpec {
  channel: Channel;
  filter?: unknown;
  space?: string;
}

/** Events dropped for a slow client on one channel, announced as `gap` once it catches up. */
interface Gap {
  fromSeq: number;
  toSeq: number;
}

/** One channel of one session: narrows events by space and filter and remembers the last one sent. */
export class Subscription implements Member<Delivery> {
  /** Sequence number of the last event written to the client on this channel. */
  lastSeq = 0;
  /** While missed events are being replayed, live ones wait here. */
  private held: Delivery[] | null = null;

  constructor(
    readonly session: RealtimeSession,
    readonly spec: SubscriptionSpec,
    private readonly matches: Predicate | undefined,
  ) {}

  deliver(deliveries: readonly Delivery[]): void {
    if (this.held) {
      this.held.push(...deliveries);
      return;
    }
    const wanted = this.spec.space === undefined && this.matches === undefined ? deliveries : deliveries.filter((delivery) => this.wants(delivery));
    if (wanted.length > 0) this.session.write(this, wanted);
  }

  wants(delivery: Delivery): boolean {
    const data = delivery.event.envelope.data as { space?: unknown } | null;
    if (this.spec.space !== undefined && (data === null || typeof data !== 'object' || data.space !== this.spec.space)) return false;
    return this.matches === undefined || this.matches(data);
  }

  /** Holds live events until `endReplay`, so a replay and live traffic interleave in order. */
  startReplay(): void {
    this.held = [];
  }

  /** Writes the replayed events, then the live ones that arrived meanwhile and were not among them. */
  endReplay(replayed: readonly Delivery[]): void {
    const held = this.held ?? [];
    this.held = null;
    // An event may be both replayed and held (published while the log was read): written once.
    let last = this.lastSeq;
    const fresh: Delivery[] = [];
    for (const delivery of [...replayed, ...held]) {
      if (delivery.seq <= last) continue;
      last = delivery.seq;
      fresh.push(delivery);
    }
    this.deliver(fresh);
  }
}

/** Everything one connection holds: who it is, what it subscribed to, and what waits to be written. */
export class RealtimeSession {
  readonly subscriptions = new Map<Channel, Subscription>();
  /** The outstanding resume token, whose stored state follows the subscriptions. */
  resumeToken: string | undefined;
  private waiting: { subscription: Subscription; delivery: Delivery }[] | null = null;
  private gaps: Map<Channel, Gap> | null = null;

  constructor(
    readonly id: string,
    readonly outlet: Outlet,
    public principal: RequestPrincipal,
    public credentials: Credentials,
    readonly limiter: ConnectionLimiter,
    private readonly bufferLimit: number,
    /** Process-wide counts of written and dropped events, read by the metrics. */
    private readonly totals: { sent: number; dropped: number },
    /** Told when events start waiting, so that someone comes back to flush them. */
    private readonly onBacklog: (session: RealtimeSession) => void,
  ) {}

  /** A stable name for who this is, used to check that a resume token is used by its owner. */
  get owner(): string {
    const p = this.principal;
    return p.kind === 'apiKey' ? `key:${p.apiKeyId}` : p.kind === 'user' ? `user:${p.userId}` : 'anonymous';
  }

  get backlog(): number {
    return this.waiting?.length ?? 0;
  }

  /** Writes events a few at a time while the client keeps up (a replay may bring a thousand); the rest wait, bounded. */
  write(subscription: Subscription, deliveries: readonly Delivery[]): void {
    let written = 0;
    while (this.waiting === null && written < deliveries.length && !this.outlet.congested()) {
      const batch = written === 0 && deliveries.length <= EVENTS_PER_WRITE ? deliveries : deliveries.slice(written, written + EVENTS_PER_WRITE);
      this.outlet.send(batch);
      subscription.lastSeq = batch[batch.length - 1].seq;
      this.totals.sent += batch.length;
      written += batch.length;
    }
    if (written === deliveries.length) return;
    if (this.waiting === null) {
      this.waiting = [];
      this.onBacklog(this);
    }
    for (let i = written; i < deliveries.length; i++) {
      this.waiting.push({ subscription, delivery: deliveries[i] });
      if (this.waiting.length > this.bufferLimit) this.dropOldest(this.waiting);
    }
  }

  /** Writes what waited while the client reads again, a few events per write; returns true when nothing is left. */
  flush(): boolean {
    if (this.waiting === null) return true;
    if (this.gaps) {
      for (const [channel, gap] of this.gaps) this.outlet.control('gap', { channel, ...gap });
      this.gaps = null;
    }
    const waiting = this.waiting;
    let i = 0;
    while (i < waiting.length && !this.outlet.congested()) {
      const batch: Delivery[] = [];
      for (const end = Math.min(waiting.length, i + EVENTS_PER_WRITE); i < end; i++) {
        const { subscription, delivery } = waiting[i];
        if (!this.subscriptions.has(subscription.spec.channel)) continue;
        batch.push(delivery);
        subscription.lastSeq = delivery.seq;
      }
      if (batch.length === 0) continue;
      this.outlet.send(batch);
      this.totals.sent += batch.length;
    }
    waiting.splice(0, i);
    if (waiting.length > 0) return false;
    this.waiting = null;
    return true;
  }

  specs(): (SubscriptionSpec & { lastSeq: number })[] {
    return [...this.subscriptions.values()].map((s) => ({ ...s.spec, lastSeq: s.lastSeq }));
  }

  private dropOldest(waiting: { subscription: Subscription; delivery: Delivery }[]): void {
    const { subscription, delivery } = waiting.shift() as (typeof waiting)[number];
    const channel = subscription.spec.channel;
    this.gaps ??= new Map();
    const gap = this.gaps.get(channel);
    if (gap) gap.toSeq = delivery.seq;
    else this.gaps.set(channel, { fromSeq: delivery.seq, toSeq: delivery.seq });
    // The client will not see it, but it is past: a resume must not replay it as missed either.
    subscription.lastSeq = Math.max(subscription.lastSeq, delivery.seq);
    this.totals.dropped++;
  }
}
