import { randomUUID } from 'node:crypto';
import { type BusEnvelope, type BusEvent, type BusHandler, DEFAULT_REPLAY_LIMIT, envelopeJson, type EventBus, HandlerTable, JsonEvent, type PublishOptions } from './event-bus.js';

/**
 * An event published in this process: serialised when first sent, so that events nobody
 * subscribes to (most signals, most of the time) cost no JSON at all.
 */
class LocalEvent implements BusEvent {
  private text: string | undefined;

  constructor(
    readonly envelope: BusEnvelope,
    private readonly dataJson?: string,
  ) {}

  get channel(): string {
    return this.envelope.channel;
  }

  get json(): string {
    if (this.text !== undefined) return this.text;
    const { channel, type, id, seq, timestamp } = this.envelope;
    this.text = this.dataJson === undefined ? JSON.stringify(this.envelope) : envelopeJson(channel, type, id, seq, timestamp, this.dataJson);
    return this.text;
  }

  /**
   * What the replay log keeps of it. An event whose data came as JSON (a signal with its result) is
   * kept as its text alone, which costs nothing more to make: kept as objects, the last thousand
   * signals' graphs outlived every minor collection (about all it copied) and then had to be marked
   * by the major ones. Other events, fewer and smaller, are kept as they are, still unserialised.
   */
  retained(): BusEvent {
    return this.dataJson === undefined ? this : new JsonEvent(this.channel, this.json);
  }
}

/** A channel's last events, oldest overwritten first. */
class ReplayLog {
  private readonly events: BusEvent[] = [];
  /** The events' sequence numbers, read without parsing a kept text. */
  private readonly seqs: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(event: LocalEvent): void {
    if (this.capacity === 0) return;
    this.events[this.next] = event.retained();
    this.seqs[this.next] = event.envelope.seq;
    this.next = (this.next + 1) % this.capacity;
  }

  after(seq: number, limit: number): BusEvent[] {
    const found: BusEvent[] = [];
    const count = this.events.length;
    // Full, the oldest is the one to be overwritten next; until then, the first.
    const oldest = count < this.capacity ? 0 : this.next;
    for (let i = 0; i < count && found.length < limit; i++) {
      const at = (oldest + i) % count;
      if (this.seqs[at] > seq) found.push(this.events[at]);
    }
    return found;
  }
}

/** The embedded default: one process, delivery in publish order, sequence numbers per channel. */
export class MemoryEventBus implements EventBus {
  private readonly sequences = new Map<string, number>();
  private readonly logs = new Map<string, ReplayLog>();
  private readonly handlers = new HandlerTable();

  constructor(private readonly replayLimit = DEFAULT_REPLAY_LIMIT) {}

  async publish(channel: string, type: string, data: unknown, options: PublishOptions = {}): Promise<BusEnvelope> {
    const seq = (this.sequences.get(channel) ?? 0) + 1;
    this.sequences.set(channel, seq);
    const envelope: BusEnvelope = { channel, type, id: options.id ?? randomUUID(), seq, timestamp: new Date().toISOString(), data };
    const event = new LocalEvent(envelope, options.dataJson);
    let log = this.logs.get(channel);
    if (!log) this.logs.set(channel, (log = new ReplayLog(this.replayLimit)));
    log.add(event);
    this.handlers.deliver(event);
    return envelope;
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.handlers.add(channel, handler);
    return async () => void this.handlers.remove(channel, handler);
  }

  async replay(channel: string, afterSeq: number, limit: number): Promise<BusEvent[]> {
    return this.logs.get(channel)?.after(afterSeq, limit) ?? [];
  }

  async lastSeq(channel: string): Promise<number> {
    return this.sequences.get(channel) ?? 0;
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
