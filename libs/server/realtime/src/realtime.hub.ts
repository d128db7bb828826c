import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { compileFilter, type Predicate } from '@neurograph/core';
import { CHANNELS, type Channel, canSubscribe, channelsFor } from '@neurograph/rbac';
import { type Credentials, REVOCATIONS_CHANNEL, type RequestPrincipal, type Revocation } from '@neurograph/server-auth';
import { type BusEvent, EVENT_BUS, type EventBus, LocalEvent } from '@neurograph/server-bus';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { inSpan, MetricsService } from '@neurograph/server-observability';
import { SpanKind } from '@opentelemetry/api';
import type { Counter, Histogram } from 'prom-client';
import type { Server } from 'socket.io';
import { Backlog } from './backlog.js';
import { Delivery } from './delivery.js';
import { Fanout } from './fanout.js';
import { EVENTS_PER_WRITE, type Outlet } from './outlet.js';
import { ConnectionLimiter } from './rate-limits.js';
import { RESUME_STORE, type ResumeState, type ResumeStore } from './resume-store.js';
import { RealtimeSession, Subscription, type SubscriptionSpec } from './session.js';

/** What a reconnecting client presents: its single-use token and, optionally, the last seq it saw per channel. */
export interface ResumeRequest {
  token: string;
  lastSeq?: Partial<Record<Channel, number>>;
}

/** Counts of one process, summed over replicas for `GET /realtime/channels`: subscribers per channel, and open connections. */
export interface ChannelCounts {
  channels: Record<Channel, number>;
  connections: number;
}

const COUNTS_EVENT = 'ng:channel-counts';
/** How often clients that fell behind are offered their waiting events, and how long one such turn may take. */
const CATCH_UP_EVERY_MS = 10;
const CATCH_UP_SLICE_MS = 4;
const FANOUT_SLICE_MS = 4;
/** How long this process stays subscribed to a channel on the bus after its last subscriber of it left: a client that reconnects at once (a reload, a resume) finds the feed open. */
const FEED_LINGER_MS = 5000;

/** This process's subscription to one channel of the bus, held while it has subscribers of its own. */
interface Feed {
  ready: Promise<() => Promise<void>>;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Every live connection of this process, whatever its transport: receives engine events from the
 * bus and fans them out to the subscriptions that want them, restores resumed sessions with a
 * replay, ends sessions whose credentials were revoked or expired, and drains on shutdown.
 */
@Injectable()
export class RealtimeHub implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly sessions = new Set<RealtimeSession>();
  private readonly backlog = new Backlog<RealtimeSession>(CATCH_UP_EVERY_MS, CATCH_UP_SLICE_MS);
  private readonly fanout: Fanout<Delivery>;
  private readonly stops: (() => Promise<void>)[] = [];
  private readonly feeds = new Map<Channel, Feed>();
  private readonly totals = { sent: 0, dropped: 0 };
  private readonly received: Counter<'event'>;
  private readonly resumes: Counter<'outcome'>;
  private readonly ended: Counter<'reason'>;
  private readonly busLag: Histogram;
  private sweepTimer: NodeJS.Timeout | undefined;
  private io: Server | undefined;
  private draining = false;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(RESUME_STORE) private readonly resumeStore: ResumeStore,
    metrics: MetricsService,
  ) {
    const handed = metrics.counter('neurograph_realtime_fanout_total', 'Channel events handed to subscriptions (before their filters)', ['channel']);
    this.fanout = new Fanout<Delivery>(FANOUT_SLICE_MS, (channel, count) => handed.inc({ channel }, count), EVENTS_PER_WRITE);
    this.received = metrics.counter('neurograph_realtime_messages_in_total', 'Client events received, by event', ['event']);
    this.resumes = metrics.counter('neurograph_realtime_resumes_total', 'Resume attempts by outcome (hit: state restored; miss: unknown, expired, used or not yours)', ['outcome']);
    this.ended = metrics.counter('neurograph_realtime_disconnects_total', 'Closed connections by reason', ['reason']);
    this.busLag = metrics.histogram('neurograph_realtime_bus_lag_seconds', 'From publishing on the bus to reaching this process, for events with a client here to deliver them to', [], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1]);
    metrics.counter('neurograph_realtime_messages_out_total', 'Channel events written to clients', [], (c) => {
      c.reset();
      c.inc(this.totals.sent);
    });
    metrics.counter('neurograph_realtime_dropped_total', 'Channel events dropped for clients that could not keep up (each announced by a gap)', [], (c) => {
      c.reset();
      c.inc(this.totals.dropped);
    });
    metrics.gauge('neurograph_realtime_connections', 'Open real-time connections by transport', ['transport'], (gauge) => {
      gauge.reset();
      for (const session of this.sessions) gauge.inc({ transport: session.outlet.transport });
    });
    metrics.gauge('neurograph_realtime_waiting_events', 'Events waiting for slow clients to read (each session holds at most REALTIME_BUFFER_LIMIT)', [], (gauge) => gauge.set(this.backlog.waiting));
    metrics.gauge('neurograph_realtime_subscriptions', 'Subscriptions per channel', ['channel'], (gauge) => {
      for (const channel of CHANNELS) gauge.set({ channel }, this.fanout.count(channel));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stops.push(await this.bus.subscribe(REVOCATIONS_CHANNEL, (event) => this.revoke(event.envelope.data as Revocation)));
    this.sweepTimer = setInterval(() => this.endExpiredSessions(), 1000);
    this.sweepTimer.unref();
  }

  /** Tells every client to reconnect elsewhere, gives them DRAIN_MS, then closes what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const notice = { channel: 'status', type: 'server.draining', id: randomUUID(), seq: 0, timestamp: new Date().toISOString(), data: { drainMs: this.config.realtime.drainMs } };
    const delivery = new Delivery(new LocalEvent(notice));
    for (const session of this.sessions) session.outlet.send([delivery]);
    const until = Date.now() + this.config.realtime.drainMs;
    while (this.sessions.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    for (const session of [...this.sessions]) this.end(session, 'SERVER_SHUTDOWN', 'The server is shutting down');
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.backlog.stop();
    for (const feed of this.feeds.values()) {
      clearTimeout(feed.idleTimer);
      this.stops.push(() => feed.ready.then((stop) => stop()));
    }
    this.feeds.clear();
    await Promise.all(this.stops.map((stop) => stop().catch(() => undefined)));
    await this.resumeStore.close();
  }

  get accepting(): boolean {
    return !this.draining;
  }

  /** The socket.io server, for counts across replicas through its adapter. */
  attachIo(io: Server): void {
    this.io = io;
    io.on(COUNTS_EVENT, (reply: (counts: ChannelCounts) => void) => reply(this.localCounts()));
  }

  /** A connection that passed authentication becomes a session: told who it is, then restored if it resumes. */
  async open(id: string, outlet: Outlet, principal: RequestPrincipal, credentials: Credentials, resume?: ResumeRequest): Promise<RealtimeSession> {
    const session = new RealtimeSession(id, outlet, principal, credentials, new ConnectionLimiter(this.config.realtime.rates), this.config.realtime.bufferLimit, this.totals, this.backlog.add);
    this.sessions.add(session);
    const restored = resume ? await this.takeResumeState(session, resume.token) : null;
    outlet.control('session', {
      sessionId: id,
      principal: { id: principal.userId, role: principal.role, kind: principal.kind },
      channels: channelsFor(principal.role),
      heartbeatMs: this.config.realtime.heartbeatIntervalMs,
      serverTime: new Date().toISOString(),
      ...(resume && { resumed: restored !== null }),
    });
    if (restored) await this.restore(session, restored, resume?.lastSeq ?? {});
    this.announce('connection.opened', session);
    return session;
  }

  close(session: RealtimeSession, reason: string): void {
    if (!this.sessions.delete(session)) return;
    this.backlog.delete(session);
    for (const subscription of session.subscriptions.values()) this.leave(subscription);
    this.ended.inc({ reason });
    // A client holding a resume token may come back: it finds its subscriptions as they were now.
    if (session.resumeToken) void this.saveResumeState(session).catch(() => undefined);
    this.announce('connection.closed', session, { reason });
  }

  countReceived(event: string): void {
    this.received.inc({ event });
  }

  /** Adds (or replaces) a subscription; when `replayAfter` is given, first sends what followed that seq. */
  async subscribe(session: RealtimeSession, spec: SubscriptionSpec, matches: Predicate | undefined, replayAfter?: number): Promise<void> {
    this.unsubscribe(session, spec.channel);
    const subscription = new Subscription(session, spec, matches);
    session.subscriptions.set(spec.channel, subscription);
    try {
      await this.openFeed(spec.channel);
      if (replayAfter === undefined) subscription.lastSeq = await this.bus.lastSeq(spec.channel);
    } catch (error) {
      if (session.subscriptions.get(spec.channel) === subscription) session.subscriptions.delete(spec.channel);
      throw error;
    }
    // The session may have closed, or subscribed again, while the bus answered.
    if (!this.sessions.has(session) || session.subscriptions.get(spec.channel) !== subscription) return;
    if (replayAfter === undefined) {
      this.fanout.add(spec.channel, subscription);
      return;
    }
    subscription.lastSeq = replayAfter;
    subscription.startReplay();
    this.fanout.add(spec.channel, subscription);
    try {
      const events = await this.bus.replay(spec.channel, replayAfter, this.config.realtime.replayLimit);
      const first = events[0]?.envelope.seq ?? (await this.bus.lastSeq(spec.channel)) + 1;
      if (first > replayAfter + 1) session.outlet.control('gap', { channel: spec.channel, fromSeq: replayAfter + 1, toSeq: first - 1 });
      subscription.endReplay(events.map((event) => new Delivery(event)));
    } catch (error) {
      subscription.endReplay([]);
      throw error;
    }
  }

  unsubscribe(session: RealtimeSession, channel: Channel): boolean {
    const existing = session.subscriptions.get(channel);
    if (!existing) return false;
    session.subscriptions.delete(channel);
    this.leave(existing);
    return true;
  }

  private leave(subscription: Subscription): void {
    const { channel } = subscription.spec;
    this.fanout.remove(channel, subscription);
    if (this.fanout.count(channel) === 0) this.closeFeedWhenIdle(channel);
  }

  /**
   * Subscribes this process to the channel on the bus, if it is not already: a replica reads only
   * the channels its own clients follow (with Redis, the api does not read back every event it
   * publishes when its clients are on the gateways).
   */
  private async openFeed(channel: Channel): Promise<void> {
    let feed = this.feeds.get(channel);
    if (feed) {
      clearTimeout(feed.idleTimer);
      feed.idleTimer = undefined;
    } else {
      const opened: Feed = { ready: this.bus.subscribe(channel, (event) => this.fromBus(event)) };
      this.feeds.set(channel, opened);
      opened.ready.catch(() => this.feeds.get(channel) === opened && this.feeds.delete(channel));
      feed = opened;
    }
    await feed.ready;
  }

  private closeFeedWhenIdle(channel: Channel): void {
    const feed = this.feeds.get(channel);
    if (!feed || feed.idleTimer) return;
    feed.idleTimer = setTimeout(() => {
      feed.idleTimer = undefined;
      if (this.feeds.get(channel) !== feed || this.fanout.count(channel) > 0) return;
      this.feeds.delete(channel);
      feed.ready.then((stop) => stop()).catch((error: unknown) => this.logger.warn(`leaving ${channel} on the bus failed: ${String(error)}`));
    }, FEED_LINGER_MS);
    feed.idleTimer.unref();
  }

  /** Keeps a token's stored state in step with the session it will restore. */
  async saveResumeState(session: RealtimeSession): Promise<void> {
    if (!session.resumeToken) return;
    const state: ResumeState = { owner: session.owner, subscriptions: session.specs() };
    await this.resumeStore.save(session.resumeToken, state, this.config.resumeTtlMs);
  }

  async issueResumeToken(session: RealtimeSession, token: string): Promise<void> {
    // Before any await: of two requests in flight, the later one's token must end up the session's.
    const previous = session.resumeToken;
    session.resumeToken = token;
    if (previous) await this.resumeStore.delete(previous);
    await this.saveResumeState(session);
  }

  /** Subscriber counts per channel, summed over every replica that answers within a second. */
  async channelCounts(): Promise<ChannelCounts> {
    const total = this.localCounts();
    // Without Redis there are no other replicas to ask.
    if (!this.io || !this.config.redisUrl) return total;
    const io = this.io;
    const others = await new Promise<ChannelCounts[]>((resolve) => {
      const timer = setTimeout(() => resolve([]), 1000);
      io.serverSideEmit(COUNTS_EVENT, (error: Error | null, replies: ChannelCounts[]) => {
        clearTimeout(timer);
        resolve(error ? [] : replies);
      });
    });
    for (const counts of others) {
      for (const channel of CHANNELS) total.channels[channel] += counts.channels?.[channel] ?? 0;
      total.connections += counts.connections ?? 0;
    }
    return total;
  }

  end(session: RealtimeSession, code: string, message: string): void {
    session.outlet.control('session.ended', { code, message });
    session.outlet.close();
    this.close(session, code);
  }

  private localCounts(): ChannelCounts {
    return { channels: Object.fromEntries(CHANNELS.map((channel) => [channel, this.fanout.count(channel)])) as ChannelCounts['channels'], connections: this.sessions.size };
  }

  private fromBus(event: BusEvent): void {
    const { channel } = event;
    // Without a client on the channel here, the event is not even parsed (it came through Redis).
    if (this.fanout.count(channel) === 0) return;
    this.busLag.observe(Math.max(0, Date.now() - Date.parse(event.timestamp)) / 1000);
    const attributes = () => ({ 'messaging.destination.name': channel, 'neurograph.subscribers': this.fanout.count(channel) });
    inSpan(`deliver ${channel}`, { kind: SpanKind.CONSUMER, attributes, traceparent: event.traceparent }, () => this.fanout.publish(channel, new Delivery(event)));
  }

  private async takeResumeState(session: RealtimeSession, token: string): Promise<ResumeState | null> {
    const state = await this.resumeStore.take(token).catch(() => null);
    const usable = state !== null && state.owner === session.owner;
    this.resumes.inc({ outcome: usable ? 'hit' : 'miss' });
    return usable ? state : null;
  }

  private async restore(session: RealtimeSession, state: ResumeState, clientSeqs: Partial<Record<Channel, number>>): Promise<void> {
    for (const spec of state.subscriptions) {
      // The role may have changed since the token was issued: only what is still allowed comes back.
      if (!canSubscribe(session.principal.role, spec.channel)) continue;
      const after = clientSeqs[spec.channel] ?? spec.lastSeq;
      await this.subscribe(session, { channel: spec.channel, filter: spec.filter, space: spec.space }, spec.filter === undefined ? undefined : compileFilter(spec.filter), after);
    }
  }

  private revoke(revocation: Revocation): void {
    for (const session of [...this.sessions]) {
      const p = session.principal;
      const hit = ('userId' in revocation && p.userId === revocation.userId) || ('apiKeyId' in revocation && p.apiKeyId === revocation.apiKeyId) || ('sessionId' in revocation && p.sessionId === revocation.sessionId);
      if (hit) this.end(session, 'SESSION_REVOKED', 'The credentials of this connection were revoked or changed; sign in again');
    }
  }

  private endExpiredSessions(): void {
    const limit = Date.now() - this.config.realtime.authGraceMs;
    for (const session of [...this.sessions]) {
      const expiresAt = session.principal.expiresAt;
      if (expiresAt !== undefined && expiresAt < limit) this.end(session, 'TOKEN_EXPIRED', 'The access token expired; reconnect or send auth.refresh before it does');
    }
  }

  private announce(type: 'connection.opened' | 'connection.closed', session: RealtimeSession, extra: object = {}): void {
    const p = session.principal;
    const data = { sessionId: session.id, principal: { id: p.userId, username: p.username, role: p.role, kind: p.kind }, transport: session.outlet.transport, ...extra };
    this.bus.publish('connections', type, data).catch((error: unknown) => this.logger.warn(`${type} was not published: ${String(error)}`));
  }
}
