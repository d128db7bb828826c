/**
 * One engine event as every subscriber of a channel sees it, and exactly what clients receive:
 * numbered in publish order per channel so that gaps can be noticed and missed events replayed.
 */
export interface BusEnvelope<T = unknown> {
  channel: string;
  type: string;
  id: string;
  /** 1, 2, 3… per channel, in the order subscribers receive the events. */
  seq: number;
  /** ISO-8601 time of publishing. */
  timestamp: string;
  data: T;
}

/** An envelope with its JSON text, serialised at most once and forwarded as is to every client. */
export interface BusEvent {
  /** The envelope's channel, known without reading the envelope (which may still have to be parsed). */
  readonly channel: string;
  /** The envelope's seq, known without reading the envelope. */
  readonly seq: number;
  /** The envelope's timestamp, known without reading the envelope. */
  readonly timestamp: string;
  readonly envelope: BusEnvelope;
  readonly json: string;
  /** The W3C trace context of the publisher when it was traced and the event crossed processes. */
  readonly traceparent?: string;
}

const TIMESTAMP_KEY = '"timestamp":"';

/**
 * An event as its JSON text; the envelope is parsed on first read, so a process that only passes
 * the text on (to clients that filter nothing) never parses it.
 */
export class JsonEvent implements BusEvent {
  private parsed: BusEnvelope | undefined;

  constructor(
    readonly channel: string,
    readonly seq: number,
    readonly json: string,
    readonly traceparent?: string,
  ) {}

  get envelope(): BusEnvelope {
    return (this.parsed ??= JSON.parse(this.json) as BusEnvelope);
  }

  /**
   * Read from the text. Every envelope is written with `timestamp` before `data`, behind keys whose
   * values are strings or numbers; a quote inside a string is escaped, so the first `"timestamp":"`
   * in the text is the envelope's own.
   */
  get timestamp(): string {
    const key = this.json.indexOf(TIMESTAMP_KEY);
    if (key < 0) return this.envelope.timestamp;
    const start = key + TIMESTAMP_KEY.length;
    return this.json.slice(start, this.json.indexOf('"', start));
  }
}

/**
 * An event published in this process: serialised when first sent, so that events nobody
 * subscribes to (most signals, most of the time) cost no JSON at all.
 */
export class LocalEvent implements BusEvent {
  private text: string | undefined;

  constructor(
    readonly envelope: BusEnvelope,
    private readonly dataJson?: string,
  ) {}

  get channel(): string {
    return this.envelope.channel;
  }

  get seq(): number {
    return this.envelope.seq;
  }

  get timestamp(): string {
    return this.envelope.timestamp;
  }

  get json(): string {
    if (this.text !== undefined) return this.text;
    const { channel, type, id, seq, timestamp } = this.envelope;
    this.text = this.dataJson === undefined ? JSON.stringify(this.envelope) : envelopeJson(channel, type, id, seq, timestamp, this.dataJson);
    return this.text;
  }

  /** The JSON the event was published with, as a whole envelope; undefined when its data came as objects (then it is serialised only if sent). */
  get publishedText(): string | undefined {
    return this.dataJson === undefined ? undefined : this.json;
  }
}

export type BusHandler = (event: BusEvent) => void;

export interface PublishOptions {
  /** The event's own id (a signal's id); a random one otherwise. */
  id?: string;
  /** `data` as JSON already, exactly `JSON.stringify(data)`: the bus does not serialize it again. */
  dataJson?: string;
}

/**
 * `JSON.stringify` of an envelope, key for key, around data that is JSON text already; without
 * `seq` when it is undefined (the Redis script appends it).
 */
export function envelopeJson(channel: string, type: string, id: string, seq: number | undefined, timestamp: string, dataJson: string): string {
  const numbered = seq === undefined ? '' : `,"seq":${seq}`;
  return `{"channel":${JSON.stringify(channel)},"type":${JSON.stringify(type)},"id":${JSON.stringify(id)}${numbered},"timestamp":${JSON.stringify(timestamp)},"data":${dataJson}}`;
}

/**
 * The one way engine events leave the process that produced them: in memory for the embedded
 * default, through Redis when replicas must share them. Each channel keeps its last events in a
 * replay log so a client that reconnects can be sent what it missed.
 */
export interface EventBus {
  publish(channel: string, type: string, data: unknown, options?: PublishOptions): Promise<BusEnvelope>;
  /** Resolves once the subscription is active; the returned function ends it. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** Events of the replay log with a sequence number above `afterSeq`, oldest first, at most `limit`. */
  replay(channel: string, afterSeq: number, limit: number): Promise<BusEvent[]>;
  /** The sequence number of the channel's latest event (0 before the first). */
  lastSeq(channel: string): Promise<number>;
  close(): Promise<void>;
}

/** How many events each channel's replay log keeps unless configured (REPLAY_LIMIT). */
export const DEFAULT_REPLAY_LIMIT = 1000;

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

  has(channel: string): boolean {
    return this.handlers.has(channel);
  }

  deliver(event: BusEvent): void {
    const set = this.handlers.get(event.channel);
    if (!set) return;
    // A throwing subscriber must not stop the others from receiving the event.
    for (const handler of set) {
      try {
        handler(event);
      } catch {
        // the subscriber's own failure; the bus keeps delivering
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
