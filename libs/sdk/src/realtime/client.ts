import type { AckError, Channel, Envelope, HandshakeAuth, PublishAck, ResumeTokenAck, SessionEvent, SignalRequest, SignalResult, SubscribeAck } from '@neurograph/contracts';
import { io, type Socket } from 'socket.io-client';
import type { AuthSession } from '../auth-session.js';
import { AuthError, errorFromAck, ForbiddenError, NetworkError, TimeoutError } from '../errors.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import { Subscriptions } from './subscriptions.js';
import type { ChannelEvent, ConnectionState, Gap, RealtimeEvents, SubscribeOptions, Unsubscribe } from './types.js';

export interface RealtimeOptions {
  /** Origin of the gateway (default: the API's origin). */
  url?: string;
  /** socket.io path (default `/realtime`). */
  path?: string;
  /** Reconnection backoff: doubled from `baseDelayMs` up to `maxDelayMs`, with jitter. */
  reconnect?: Partial<Omit<RetryPolicy, 'retries'>>;
  /** Acknowledgement timeout (default 10 s). */
  ackTimeoutMs?: number;
  /** `['websocket']` by default; add `'polling'` where the server enables it. */
  transports?: ('websocket' | 'polling')[];
}

const CHANNEL_EVENTS: readonly Channel[] = ['metrics', 'status', 'signals', 'actions', 'modules', 'logs', 'connections'];
/** A listener of one of the connection's own events (`state`, `session`, `gap`, `error`). */
export type RealtimeListener<K extends keyof RealtimeEvents> = (value: RealtimeEvents[K]) => void;

/**
 * One socket.io connection to the gateway: subscriptions that survive reconnects, resume with the
 * server's token (events missed while away are replayed, duplicates dropped), gaps surfaced.
 */
export class RealtimeClient {
  private readonly socket: Socket;
  private readonly subscriptions = new Subscriptions();
  private readonly listeners = new Map<keyof RealtimeEvents, Set<(value: never) => void>>();
  private readonly policy: RetryPolicy;
  private readonly ackTimeoutMs: number;
  private resumeToken: string | undefined;
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;
  private tokenTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private sessionEvent: SessionEvent | undefined;
  private hadSession = false;
  private renewedAfterRefusal = false;
  private attempt = 0;
  /** Numbers resume-token requests so that only the latest reply is kept; closing counts as one. */
  private renewals = 0;
  private current: ConnectionState = 'connecting';
  private readonly stopTokenListener: () => void;

  /** @internal Built by `NeuroGraph`. */
  constructor(origin: string, private readonly auth: AuthSession, options: RealtimeOptions = {}) {
    this.policy = { retries: Number.POSITIVE_INFINITY, baseDelayMs: options.reconnect?.baseDelayMs ?? 500, maxDelayMs: options.reconnect?.maxDelayMs ?? 10_000 };
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.socket = io(options.url ?? origin, {
      path: options.path ?? '/realtime',
      transports: options.transports ?? ['websocket'],
      forceNew: true,
      autoConnect: false,
      // Reconnection is ours: the handshake must carry a fresh token and the resume token each time.
      reconnection: false,
      auth: (callback) => void this.handshake().then(callback, () => callback({})),
    });
    this.socket.on('session', (session: SessionEvent) => void this.onSession(session));
    this.socket.on('gap', (gap: Gap) => this.onGap(gap));
    this.socket.on('disconnect', () => this.scheduleReconnect());
    this.socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => void this.onRefused(error));
    for (const channel of CHANNEL_EVENTS) this.socket.on(channel, (envelope: Envelope) => this.subscriptions.deliver(envelope, (e) => this.fire('error', e as Error)));
    this.stopTokenListener = auth.onToken((token) => {
      if (this.socket.connected) void this.ack('auth.refresh', { token }).catch((error: Error) => this.fire('error', error));
      this.scheduleTokenRenewal();
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The server's `session` event of the current connection. */
  get session(): SessionEvent | undefined {
    return this.sessionEvent;
  }

  on<K extends keyof RealtimeEvents>(event: K, listener: RealtimeListener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (value: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (value: never) => void);
  }

  /** Resolves once connected with a session (now, if already). */
  ready(): Promise<SessionEvent> {
    if (this.current === 'connected' && this.sessionEvent) return Promise.resolve(this.sessionEvent);
    return new Promise((resolve, reject) => {
      const offSession = this.on('session', (session) => {
        offSession();
        offState();
        resolve(session);
      });
      const offState = this.on('state', (state) => {
        if (state !== 'closed') return;
        offSession();
        offState();
        reject(new NetworkError('The realtime connection was closed', { status: 0, code: 'CLOSED' }));
      });
    });
  }

  /** Calls `handler` with each event of `channel` (filtered server-side); returns the function that stops it. */
  subscribe<C extends Channel>(channel: C, options: SubscribeOptions, handler: (event: ChannelEvent<C>) => void): Unsubscribe;
  subscribe<C extends Channel>(channel: C, handler: (event: ChannelEvent<C>) => void): Unsubscribe;
  subscribe<C extends Channel>(channel: C, a: SubscribeOptions | ((event: ChannelEvent<C>) => void), b?: (event: ChannelEvent<C>) => void): Unsubscribe {
    const options = typeof a === 'function' ? {} : a;
    const handler = (typeof a === 'function' ? a : b) as (event: Envelope) => void;
    const first = this.subscriptions.add(channel, options, handler);
    const ready = first && this.socket.connected ? this.request({ channels: [channel], ...options }) : this.ready().then(() => undefined);
    ready.catch(() => undefined);
    const unsubscribe = () => {
      if (this.subscriptions.remove(channel, handler) && this.socket.connected) {
        this.ack('unsubscribe', { channels: [channel] }).then(() => this.renewResumeToken(), (error: Error) => this.fire('error', error));
      }
    };
    return Object.assign(unsubscribe, { ready });
  }

  /** The events of `channel` as an async iterable; leaving the loop unsubscribes. */
  stream<C extends Channel>(channel: C, options: SubscribeOptions = {}): AsyncIterableIterator<ChannelEvent<C>> {
    const queue: ChannelEvent<C>[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const unsubscribe = this.subscribe(channel, options, (event) => {
      queue.push(event);
      wake?.();
    });
    const offState = this.on('state', (state) => {
      if (state === 'closed') finish();
    });
    const finish = () => {
      done = true;
      unsubscribe();
      offState();
      wake?.();
    };
    const iterator: AsyncIterableIterator<ChannelEvent<C>> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        const value = queue.shift();
        return value ? { value, done: false } : { value: undefined, done: true };
      },
      return: async () => {
        finish();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** Sends a signal over the socket (the low-latency ingest path) and resolves with its result. */
  emit(signal: SignalRequest): Promise<SignalResult> {
    return this.ack<SignalResult>('signal', signal.id ? signal : { ...signal, id: crypto.randomUUID() });
  }

  /** Publishes on a channel where your role may (admin). */
  publish(channel: Channel, data: unknown): Promise<PublishAck> {
    return this.ack('publish', { channel, data });
  }

  close(): void {
    if (this.current === 'closed') return;
    clearTimeout(this.resumeTimer);
    this.renewals += 1;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.tokenTimer);
    this.stopTokenListener();
    this.setState('closed');
    this.socket.close();
  }

  /** Opens the connection (called by `NeuroGraph.realtime()`). */
  connect(): this {
    this.socket.connect();
    return this;
  }

  private async handshake(): Promise<HandshakeAuth> {
    const token = await this.auth.accessToken();
    const resume = this.resumeToken;
    // Single use: spent by this attempt whether or not it succeeds.
    this.resumeToken = undefined;
    return {
      ...(this.auth.apiKey && { apiKey: this.auth.apiKey }),
      ...(token && { token }),
      ...(resume && { resume, lastSeq: this.subscriptions.lastSeqs() }),
    };
  }

  private async onSession(session: SessionEvent): Promise<void> {
    this.sessionEvent = session;
    this.attempt = 0;
    this.renewedAfterRefusal = false;
    const reconnected = this.hadSession;
    this.hadSession = true;
    if (session.resumed !== true && this.subscriptions.size > 0) {
      if (reconnected) for (const gap of this.subscriptions.lost()) this.onGap(gap);
      await Promise.all(this.subscriptions.requests().map((request) => this.request(request).catch(() => undefined)));
    }
    this.setState('connected');
    this.fire('session', session);
    this.scheduleTokenRenewal();
    await this.renewResumeToken();
  }

  /**
   * The server ends a session whose access token expired, and a client that only listens makes no
   * request that would renew it: renew ahead of time (the new token reaches the server through
   * `auth.refresh`) rather than drop the connection. A failed renewal is left to the reconnect.
   */
  private scheduleTokenRenewal(): void {
    clearTimeout(this.tokenTimer);
    const tokens = this.auth.current;
    if (this.current === 'closed' || !tokens || !Number.isFinite(tokens.expiresAt)) return;
    // Named as the token it replaces: nothing is renewed if someone else already did.
    const replacing = { authorization: `Bearer ${tokens.accessToken}` };
    this.tokenTimer = setTimeout(() => void this.auth.renew(replacing), renewalDelay(tokens.expiresAt - Date.now()));
  }

  private onGap(gap: Gap): void {
    this.subscriptions.gap(gap);
    this.fire('gap', gap);
  }

  /** Subscribes on the server; settles once a resume token covering the new subscription is at hand. */
  private async request(request: { channels: Channel[]; filter?: unknown; space?: string }): Promise<void> {
    const ack = await this.ack<SubscribeAck>('subscribe', request);
    await this.renewResumeToken();
    if (ack.denied.length > 0) {
      const detail = ack.denied.map((d) => `${d.channel}: ${d.reason}`).join('; ');
      const error = new ForbiddenError(`Subscription refused: ${detail}`, { status: 403, code: 'FORBIDDEN' });
      this.fire('error', error);
      throw error;
    }
  }

  /** Keeps one unused resume token at hand (they are single-use and expire). */
  private async renewResumeToken(): Promise<void> {
    clearTimeout(this.resumeTimer);
    const renewal = ++this.renewals;
    if (this.current === 'closed' || !this.socket.connected) return;
    try {
      const { token, expiresInMs } = await this.ack<ResumeTokenAck>('resume.token');
      // Replies may cross: only the latest request's token covers every subscription (and the server
      // has already deleted the earlier ones); a stale reply must not set a second timer either.
      if (renewal !== this.renewals) return;
      this.resumeToken = token;
      this.resumeTimer = setTimeout(() => void this.renewResumeToken(), Math.max(1000, expiresInMs / 2));
    } catch {
      // Without a token the next reconnect subscribes afresh and reports the gap.
    }
  }

  /** A refused handshake: renew the credentials once and try again, or give up on credentials that cannot work. */
  private async onRefused(error: Error & { data?: { code?: string; message?: string } }): Promise<void> {
    if (this.current === 'closed') return;
    const code = error.data?.code;
    if (code === 'UNAUTHORIZED' || code === 'TOKEN_EXPIRED') {
      const renewed = !this.renewedAfterRefusal && (await this.auth.renew());
      this.renewedAfterRefusal = true;
      if (!renewed) {
        this.fire('error', new AuthError(error.data?.message ?? error.message, { status: 401, code }));
        return this.close();
      }
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.current === 'closed') return;
    this.setState('reconnecting');
    const delay = backoffDelay(this.policy, this.attempt++);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.current !== 'closed' && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private async ack<T>(event: string, payload?: unknown): Promise<T> {
    let reply: T | AckError;
    try {
      reply = payload === undefined ? await this.socket.timeout(this.ackTimeoutMs).emitWithAck(event) : await this.socket.timeout(this.ackTimeoutMs).emitWithAck(event, payload);
    } catch {
      throw new TimeoutError(`No acknowledgement for "${event}" within ${this.ackTimeoutMs} ms`, { status: 0, code: 'TIMEOUT' });
    }
    if (reply && typeof reply === 'object' && 'error' in reply && (reply as AckError).error?.code) throw errorFromAck((reply as AckError).error);
    return reply as T;
  }

  private setState(state: ConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    this.fire('state', state);
  }

  private fire<K extends keyof RealtimeEvents>(event: K, value: RealtimeEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as RealtimeListener<K>)(value);
  }
}

/** A minute before expiry, or half-way through tokens too short for that. */
function renewalDelay(remainingMs: number): number {
  const ahead = 60_000;
  return Math.max(1000, remainingMs > 2 * ahead ? remainingMs - ahead : remainingMs / 2);
}
