import type { Channel, Envelope } from '@neurograph/contracts';
import type { Gap, SubscribeOptions } from './types.js';

interface ChannelSubscription {
  key: string;
  options: SubscribeOptions;
  handlers: Set<(event: Envelope) => void>;
  /** The last seq delivered: replays after a resume may overlap what already arrived. */
  lastSeq: number;
}

const keyOf = (options: SubscribeOptions) => JSON.stringify([options.filter ?? null, options.space ?? null]);

/** The client's side of its subscriptions: one per channel, any number of local handlers. */
export class Subscriptions {
  private readonly channels = new Map<Channel, ChannelSubscription>();

  /** True when this is the channel's first handler, i.e. the server must be asked. */
  add(channel: Channel, options: SubscribeOptions, handler: (event: Envelope) => void): boolean {
    const existing = this.channels.get(channel);
    if (existing) {
      if (existing.key !== keyOf(options)) {
        throw new Error(`Already subscribed to "${channel}" with another filter or space: one connection holds one subscription per channel (open a second realtime() for another view)`);
      }
      existing.handlers.add(handler);
      return false;
    }
    this.channels.set(channel, { key: keyOf(options), options, handlers: new Set([handler]), lastSeq: 0 });
    return true;
  }

  /** True when that was the channel's last handler, i.e. the server can stop sending. */
  remove(channel: Channel, handler: (event: Envelope) => void): boolean {
    const subscription = this.channels.get(channel);
    if (!subscription?.handlers.delete(handler)) return false;
    if (subscription.handlers.size > 0) return false;
    this.channels.delete(channel);
    return true;
  }

  deliver(envelope: Envelope, onError: (error: unknown) => void): void {
    const subscription = this.channels.get(envelope.channel);
    if (!subscription || envelope.seq <= subscription.lastSeq) return;
    subscription.lastSeq = envelope.seq;
    for (const handler of subscription.handlers) {
      try {
        handler(envelope);
      } catch (error) {
        onError(error);
      }
    }
  }

  gap(gap: Gap): void {
    const subscription = this.channels.get(gap.channel);
    if (subscription && Number.isFinite(gap.toSeq)) subscription.lastSeq = Math.max(subscription.lastSeq, gap.toSeq);
    subscription?.options.onGap?.(gap);
  }

  /** A session that did not resume: the server's numbering may have started over. */
  lost(): Gap[] {
    const gaps: Gap[] = [];
    for (const [channel, subscription] of this.channels) {
      gaps.push({ channel, fromSeq: subscription.lastSeq + 1, toSeq: Number.POSITIVE_INFINITY });
      subscription.lastSeq = 0;
    }
    return gaps;
  }

  lastSeqs(): Partial<Record<Channel, number>> {
    return Object.fromEntries([...this.channels].map(([channel, s]) => [channel, s.lastSeq]));
  }

  /** Channels grouped by identical filter and space: one `subscribe` request each. */
  requests(): { channels: Channel[]; filter?: SubscribeOptions['filter']; space?: string }[] {
    const groups = new Map<string, { channels: Channel[]; filter?: SubscribeOptions['filter']; space?: string }>();
    for (const [channel, { key, options }] of this.channels) {
      const group = groups.get(key) ?? { channels: [], ...(options.filter && { filter: options.filter }), ...(options.space && { space: options.space }) };
      group.channels.push(channel);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  has(channel: Channel): boolean {
    return this.channels.has(channel);
  }

  get size(): number {
    return this.channels.size;
  }
}
