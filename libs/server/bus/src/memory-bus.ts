import { type BusHandler, type BusMessage, type EventBus, HandlerTable } from './event-bus.js';

/** The embedded default: one process, delivery in publish order, sequence numbers per channel. */
export class MemoryEventBus implements EventBus {
  private readonly sequences = new Map<string, number>();
  private readonly handlers = new HandlerTable();

  async publish(channel: string, type: string, payload: unknown): Promise<BusMessage> {
    const seq = (this.sequences.get(channel) ?? 0) + 1;
    this.sequences.set(channel, seq);
    const message: BusMessage = { channel, seq, type, payload, at: new Date().toISOString() };
    this.handlers.deliver(message);
    return message;
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.handlers.add(channel, handler);
    return async () => void this.handlers.remove(channel, handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
