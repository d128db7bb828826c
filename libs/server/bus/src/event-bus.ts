/** One event as every subscriber of a channel sees it, numbered in publish order per channel. */
export interface BusMessage<T = unknown> {
  channel: string;
  /** 1, 2, 3… per channel, in the order subscribers receive the messages (resume uses it). */
  seq: number;
  type: string;
  payload: T;
  /** ISO-8601 time of publishing. */
  at: string;
}

export type BusHandler = (message: BusMessage) => void;

/**
 * The one way engine events leave the process that produced them: in memory for the embedded
 * default, through Redis when replicas must share them.
 */
export interface EventBus {
  publish(channel: string, type: string, payload: unknown): Promise<BusMessage>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Handlers by channel, shared by both implementations. */
export class HandlerTable {
  private readonly handlers = new Map<string, Set<BusHandler>>();

  add(channel: string, handler: BusHandler): boolean {
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return first;
  }

  /** Returns true when the channel has no handler left. */
  remove(channel: string, handler: BusHandler): boolean {
    const set = this.handlers.get(channel);
    if (!set) return false;
    set.delete(handler);
    if (set.size > 0) return false;
    this.handlers.delete(channel);
    return true;
  }

  deliver(message: BusMessage): void {
    const set = this.handlers.get(message.channel);
    if (!set) return;
    // A throwing subscriber must not stop the others from receiving the message.
    for (const handler of set) {
      try {
        handler(message);
      } catch {
        // the subscriber's own failure; the bus keeps delivering
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
