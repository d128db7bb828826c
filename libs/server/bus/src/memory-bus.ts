import { randomUUID } from 'node:crypto';
import { isoTimestamp } from '@neurograph/core';
import { type BusEnvelope, type BusEvent, type BusHandler, DEFAULT_REPLAY_LIMIT, type EventBus, HandlerTable, LocalEvent, type PublishOptions } from './event-bus.js';
import { ReplayLog } from './replay-log.js';

/** The embedded default: one process, delivery in publish order, sequence numbers per channel. */
export class MemoryEventBus implements EventBus {
  private readonly sequences = new Map<string, number>();
  private readonly logs = new Map<string, ReplayLog>();
  private readonly handlers = new HandlerTable();

  constructor(private readonly replayLimit = DEFAULT_REPLAY_LIMIT) {}

  async publish(channel: string, type: string, data: unknown, options: PublishOptions = {}): Promise<BusEnvelope> {
    const seq = (this.sequences.get(channel) ?? 0) + 1;
    this.sequences.set(channel, seq);
    const envelope: BusEnvelope = { channel, type, id: options.id ?? randomUUID(), seq, timestamp: isoTimestamp(Date.now()), data };
    const event = new LocalEvent(envelope, options.dataJson);
    let log = this.logs.get(channel);
    if (!log) this.logs.set(channel, (log = new ReplayLog(this.replayLimit)));
    log.add(seq, event, event.publishedText);
    this.handlers.deliver(event);
    return envelope;
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.handlers.add(channel, handler);
    return async () => void this.handlers.remove(channel, handler);
  }

  async replay(channel: string, afterSeq: number, limit: number): Promise<BusEvent[]> {
    return this.logs.get(channel)?.after(channel, afterSeq, limit) ?? [];
  }

  async lastSeq(channel: string): Promise<number> {
    return this.sequences.get(channel) ?? 0;
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
