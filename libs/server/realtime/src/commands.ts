import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { compileFilter, validateFilter } from '@neurograph/core';
import { CHANNEL_MATRIX, type Channel, canPublish, canSubscribe, channelsFor } from '@neurograph/rbac';
import { EVENT_BUS, type EventBus } from '@neurograph/server-bus';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError, toApiError } from '@neurograph/server-http';
import { credentialsFrom, RealtimeAuthenticator } from './authenticator.js';
import { rateClassOf } from './rate-limits.js';
import { RealtimeHub } from './realtime.hub.js';
import type { RealtimeSession } from './session.js';
import { SIGNAL_INGEST, type SignalIngest } from './signal-ingest.js';
import { channelList, exceedsBytes, objectPayload, oneChannel, optionalEventType, optionalSpace } from './validate.js';

type Handler = (session: RealtimeSession, payload: unknown) => unknown;

/** The client events of spec 03-realtime.md, the same for socket.io and the plain WebSocket endpoint. */
export const CLIENT_EVENTS = ['subscribe', 'unsubscribe', 'subscriptions', 'publish', 'signal', 'resume.token', 'auth.refresh'] as const;

/**
 * Validates and carries out one client event for a session: rate limit first, then the payload,
 * then the channel matrix. Every refusal is an ApiError naming the field, which the transports
 * turn into an error ack; nothing a client sends can throw anything else.
 */
@Injectable()
export class ClientCommands {
  private readonly handlers: Record<(typeof CLIENT_EVENTS)[number], Handler> = {
    subscribe: (s, p) => this.subscribe(s, p),
    unsubscribe: (s, p) => this.unsubscribe(s, p),
    subscriptions: (s) => ({ channels: [...s.subscriptions.values()].map(({ spec }) => spec) }),
    publish: (s, p) => this.publish(s, p),
    signal: (s, p) => this.signal(s, p),
    'resume.token': (s) => this.resumeToken(s),
    'auth.refresh': (s, p) => this.refresh(s, p),
  };

  constructor(
    private readonly hub: RealtimeHub,
    private readonly authenticator: RealtimeAuthenticator,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SIGNAL_INGEST) private readonly ingest: SignalIngest,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** Resolves with the ack's data or rejects with an ApiError. */
  async run(session: RealtimeSession, event: string, payload: unknown): Promise<unknown> {
    const known = Object.hasOwn(this.handlers, event);
    this.hub.countReceived(known ? event : 'unknown');
    const rateClass = rateClassOf(event);
    const retryAfterMs = session.limiter.take(rateClass);
    if (retryAfterMs > 0) {
      if (session.limiter.abusive) setImmediate(() => this.hub.end(session, 'RATE_LIMITED', 'Too many events refused in a row'));
      throw new ApiError(429, 'RATE_LIMITED', `Too many ${rateClass} events; retry in ${retryAfterMs} ms`, [], retryAfterMs);
    }
    if (!known) {
      throw new ApiError(400, 'UNKNOWN_EVENT', `Unknown event "${String(event).slice(0, 64)}"`, [{ field: 'event', rule: 'oneOf', message: `must be one of ${CLIENT_EVENTS.join(', ')}` }]);
    }
    if (exceedsBytes(payload, this.config.bodyLimitBytes)) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The payload is larger than ${this.config.bodyLimitBytes} bytes`, [{ field: 'payload', rule: 'maxBytes', message: `at most ${this.config.bodyLimitBytes} bytes` }]);
    return this.handlers[event as (typeof CLIENT_EVENTS)[number]](session, payload);
  }

  private async subscribe(session: RealtimeSession, payload: unknown) {
    const body = objectPayload(payload);
    const channels = channelList(body.channels);
    const space = optionalSpace(body.space);
    const issues = body.filter === undefined ? [] : validateFilter(body.filter);
    if (issues.length > 0) throw new ApiError(400, 'VALIDATION_FAILED', `Invalid filter: ${issues[0].field}: ${issues[0].message}`, issues.map((i) => ({ ...i, field: i.field ? `filter.${i.field}` : 'filter' })));
    const narrowed = body.filter !== undefined || space !== undefined;
    const matches = body.filter === undefined ? undefined : compileFilter(body.filter);
    const subscribed: Channel[] = [];
    const denied: { channel: Channel; reason: string }[] = [];
    for (const channel of new Set(channels)) {
      if (!canSubscribe(session.principal.role, channel)) denied.push({ channel, reason: 'FORBIDDEN' });
      else if (narrowed && !CHANNEL_MATRIX[channel].filterable) denied.push({ channel, reason: 'NOT_FILTERABLE' });
      else {
        await this.hub.subscribe(session, { channel, ...(body.filter !== undefined && { filter: body.filter }), ...(space !== undefined && { space }) }, matches);
        subscribed.push(channel);
      }
    }
    await this.hub.saveResumeState(session);
    return { subscribed, denied };
  }

  private async unsubscribe(session: RealtimeSession, payload: unknown) {
    const channels = channelList(objectPayload(payload).channels);
    const unsubscribed = channels.filter((channel) => this.hub.unsubscribe(session, channel));
    await this.hub.saveResumeState(session);
    return { unsubscribed };
  }

  private async publish(session: RealtimeSession, payload: unknown) {
    const body = objectPayload(payload);
    const channel = oneChannel(body.channel);
    const type = optionalEventType(body.type) ?? 'message';
    if (body.data === undefined) throw ApiError.validation('data', 'required', 'is required');
    if (!canPublish(session.principal.role, channel)) throw new ApiError(403, 'FORBIDDEN', `${session.principal.role} may not publish on ${channel}`, [{ field: 'channel', rule: 'publish', message: 'not allowed for this role' }]);
    const envelope = await this.bus.publish(channel, type, body.data);
    return { channel, type, id: envelope.id, seq: envelope.seq };
  }

  private signal(session: RealtimeSession, payload: unknown) {
    if (!session.principal.permissions.has('signals:write')) {
      throw new ApiError(403, 'FORBIDDEN', 'Emitting signals needs the permission signals:write', [{ field: 'permission', rule: 'granted', message: 'signals:write is not granted' }]);
    }
    return this.ingest.emit(objectPayload(payload), session.principal, session.credentials);
  }

  private async resumeToken(session: RealtimeSession) {
    const token = randomBytes(24).toString('base64url');
    await this.hub.issueResumeToken(session, token);
    return { token, expiresInMs: this.config.resumeTtlMs };
  }

  /** A fresh token (or key) for the same identity keeps a long session open past its first token's expiry. */
  private async refresh(session: RealtimeSession, payload: unknown) {
    const credentials = credentialsFrom(objectPayload(payload), 'payload');
    if (!credentials.token && !credentials.apiKey) throw ApiError.validation('token', 'required', 'send {token} or {apiKey}');
    const principal = await this.authenticator.authenticate(credentials);
    const sameIdentity = session.principal.kind === 'anonymous' || (principal.userId === session.principal.userId && principal.kind === session.principal.kind);
    if (!sameIdentity) throw new ApiError(403, 'IDENTITY_MISMATCH', 'auth.refresh must keep the identity of the connection; reconnect to change it', [{ field: 'token', rule: 'sameIdentity', message: 'belongs to another identity' }]);
    session.principal = principal;
    session.credentials = credentials;
    // A narrower role (or key) may no longer see some channels.
    for (const channel of [...session.subscriptions.keys()]) if (!canSubscribe(principal.role, channel)) this.hub.unsubscribe(session, channel);
    return { principal: { id: principal.userId, role: principal.role, kind: principal.kind }, channels: channelsFor(principal.role), expiresAt: principal.expiresAt === undefined ? null : new Date(principal.expiresAt).toISOString() };
  }
}

/** The error ack of every transport: `{error: {code, status, message, errors?, retryAfterMs?}}`, from the REST error mapping (same codes and statuses). */
export function errorAck(error: unknown): { error: { code: string; status: number; message: string; errors?: unknown[]; retryAfterMs?: number } } {
  const api = toApiError(error);
  if (!api) return { error: { code: 'INTERNAL_ERROR', status: 500, message: 'The event could not be handled' } };
  return { error: { code: api.code, status: api.status, message: api.message, ...(api.errors.length > 0 && { errors: [...api.errors] }), ...(api.retryAfterMs !== undefined && { retryAfterMs: api.retryAfterMs }) } };
}
