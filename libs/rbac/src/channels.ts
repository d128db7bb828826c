import type { Principal } from './roles.js';

export const CHANNELS = ['metrics', 'status', 'signals', 'actions', 'modules', 'logs', 'connections'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelRule {
  description: string;
  subscribe: readonly Principal[];
  publish: readonly Principal[];
  /** Whether subscribers may narrow the channel with a server-side filter. */
  filterable: boolean;
}

const EVERYONE: readonly Principal[] = ['admin', 'developer', 'viewer', 'bot', 'anonymous'];

/** The real-time channel matrix of spec 03-realtime.md, used by the gateway and shown by the dashboard. */
export const CHANNEL_MATRIX: Readonly<Record<Channel, ChannelRule>> = {
  metrics: { description: 'system metrics snapshot every METRICS_INTERVAL_MS', subscribe: EVERYONE, publish: ['admin'], filterable: false },
  status: { description: 'status changes, startup and shutdown', subscribe: EVERYONE, publish: ['admin'], filterable: false },
  signals: { description: 'every processed signal with its result', subscribe: ['admin', 'developer', 'bot'], publish: ['admin'], filterable: true },
  actions: { description: 'action executions', subscribe: ['admin', 'developer'], publish: ['admin'], filterable: true },
  modules: { description: 'module enable, disable, config and errors', subscribe: ['admin', 'developer', 'viewer'], publish: ['admin'], filterable: false },
  logs: { description: 'engine and guardian log events', subscribe: ['admin', 'developer'], publish: ['admin'], filterable: true },
  connections: { description: 'who connects and disconnects', subscribe: ['admin'], publish: ['admin'], filterable: false },
};

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function canSubscribe(principal: Principal, channel: Channel): boolean {
  return CHANNEL_MATRIX[channel].subscribe.includes(principal);
}

export function canPublish(principal: Principal, channel: Channel): boolean {
  return CHANNEL_MATRIX[channel].publish.includes(principal);
}

export function channelsFor(principal: Principal): Channel[] {
  return CHANNELS.filter((c) => canSubscribe(principal, c));
}
