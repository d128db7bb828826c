import type { Channel, Principal } from '@neurograph/rbac';
import type { FieldError } from './problem.js';

export type { Channel };

/** Every channel event: numbered per channel so that gaps can be noticed and missed events replayed. */
export interface Envelope<T = unknown> {
  channel: Channel;
  type: string;
  id: string;
  /** 1, 2, 3… per channel. */
  seq: number;
  timestamp: string;
  data: T;
}

/** The first event of every connection. */
export interface SessionEvent {
  sessionId: string;
  principal: { id: string | null; role: Principal; kind: string };
  channels: Channel[];
  heartbeatMs: number;
  serverTime: string;
  /** Present when the client asked to resume: whether its subscriptions and missed events came back. */
  resumed?: boolean;
}

/** Events `fromSeq`..`toSeq` of a channel were not delivered (a slow client, or older than the replay log). */
export interface GapEvent {
  channel: Channel;
  fromSeq: number;
  toSeq: number;
}

/** `status` control event sent before a server stops: reconnect elsewhere. */
export interface DrainingEvent {
  type: 'server.draining';
}

/** The server-side narrowing of `signals`, `actions` and `logs` (01-core.md §4). */
export type Filter = Record<string, unknown>;

export interface SubscribeRequest {
  channels: Channel[];
  filter?: Filter;
  space?: string;
}

export interface SubscribeAck {
  subscribed: Channel[];
  denied: { channel: string; reason: string }[];
}

export interface UnsubscribeAck {
  unsubscribed: Channel[];
}

export interface SubscriptionsAck {
  channels: { channel: Channel; filter?: Filter; space?: string }[];
}

export interface PublishAck {
  channel: Channel;
  type: string;
  id: string;
  seq: number;
}

export interface ResumeTokenAck {
  token: string;
  expiresInMs: number;
}

export interface AuthRefreshAck {
  principal: SessionEvent['principal'];
  channels: Channel[];
  expiresAt: string | null;
}

/** The error acknowledgement of every socket event. */
export interface AckError {
  error: { code: string; status: number; message: string; errors?: FieldError[]; retryAfterMs?: number };
}

/** The handshake `auth` of a socket.io connection. */
export interface HandshakeAuth {
  token?: string;
  apiKey?: string;
  /** A resume token from `resume.token`. */
  resume?: string;
  /** The last `seq` seen per channel. */
  lastSeq?: Partial<Record<Channel, number>>;
}

/** `GET /realtime/channels`: every channel, and the real-time connections open over all replicas. */
export interface ChannelsResponse {
  items: ChannelInfo[];
  connections: number;
}

/** `POST /realtime/broadcast`: the event as the bus numbered it, without its data. */
export type BroadcastResponse = Omit<Envelope, 'data'>;

export interface ChannelInfo {
  channel: Channel;
  description: string;
  subscribe: readonly Principal[];
  publish: readonly Principal[];
  filterable: boolean;
  subscribers: number;
}

export interface BroadcastRequest {
  channel: Channel;
  type?: string;
  data: unknown;
}
