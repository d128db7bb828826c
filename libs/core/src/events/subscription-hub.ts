import { NeuroGraphError } from '../common/errors.js';
import { compileFilter, type Predicate } from './filter/compile-filter.js';
import { compilePattern } from './pattern.js';
import { type OverflowPolicy, RingBuffer } from './ring-buffer.js';

export interface HubEvent {
  type: string;
  payload: unknown;
}

export interface SubscribeOptions {
  /** Event-type pattern (default `*`). */
  pattern?: string;
  /** Filter evaluated against the payload. */
  filter?: unknown;
  /** Bounded queue for async consumers (default 1024). */
  queueSize?: number;
  overflow?: OverflowPolicy;
  id?: string;
}

export interface SubscriptionStats {
  delivered: number;
  dropped: number;
  queued: number;
  /** Age of the oldest queued event in ms (0 when nothing waits). */
  lagMs: number;
  errors: number;
}

export interface Subscription {
  readonly id: string;
  readonly pattern: string;
  readonly closed: boolean;
  stats(): SubscriptionStats;
  unsubscribe(): void;
}

export type StreamSubscription = Subscription & AsyncIterableIterator<HubEvent>;

type Callback = (event: HubEvent) => void | Promise<void>;

let nextId = 1;

/** One subscriber: its compiled pattern and filter, and how events reach it. */
abstract class Subscriber implements Subscription {
  readonly id: string;
  readonly pattern: string;
  readonly matchesType: (type: string) => boolean;
  /** Compiled filter, or null for "everything"; read by the hub's publish loop directly. */
  readonly filter: Predicate | null;
  protected readonly queue: RingBuffer<HubEvent>;
  protected delivered = 0;
  protected errors = 0;
  private isClosed = false;

  constructor(
    options: SubscribeOptions,
    private readonly detach: (s: Subscriber) => void,
    protected readonly now: () => number,
    defaultQueueSize: number,
  ) {
    this.id = options.id ?? `sub-${nextId++}`;
    this.pattern = options.pattern ?? '*';
    this.matchesType = compilePattern(this.pattern);
    this.filter = options.filter === undefined ? null : compileFilter(options.filter);
    this.queue = new RingBuffer(validQueueSize(options.queueSize, defaultQueueSize), validOverflow(options.overflow));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  stats(): SubscriptionStats {
    const oldest = this.queue.oldestTime();
    return {
      delivered: this.delivered,
      dropped: this.queue.dropped,
      queued: this.queue.size,
      lagMs: Number.isNaN(oldest) ? 0 : Math.max(0, this.now() - oldest),
      errors: this.errors,
    };
  }

  unsubscribe(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queue.clear();
    this.detach(this);
    this.onClose();
  }

  /** Takes an event that passed the filter: delivers it now or queues it. */
  abstract accept(event: HubEvent): void;

  protected onClose(): void {
    // Callback subscribers have nothing to release.
  }
}

/**
 * Callback subscriber: called synchronously (the fast path). While a callback's promise is
 * pending, later events wait in the bounded queue, so a slow async consumer cannot grow memory.
 */
class CallbackSubscriber extends Subscriber {
  private busy = false;

  constructor(
    options: SubscribeOptions,
    detach: (s: Subscriber) => void,
    now: () => number,
    defaultQueueSize: number,
    private readonly callback: Callback,
  ) {
    super(options, detach, now, defaultQueueSize);
  }

  accept(event: HubEvent): void {
    if (this.busy) this.queue.push(event, this.now());
    else this.invoke(event);
  }

  private invoke(event: HubEvent): void {
    this.delivered++;
    let outcome: void | Promise<void>;
    try {
      outcome = this.callback(event);
    } catch {
      this.errors++;
      return;
    }
    if (outcome && typeof (outcome as Promise<void>).then === 'function') {
      this.busy = true;
      (outcome as Promise<void>).then(
        () => this.drain(),
        () => {
          this.errors++;
          this.drain();
        },
      );
    }
  }

  private drain(): void {
    this.busy = false;
    while (!this.busy && !this.closed) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.invoke(next);
    }
  }
}

/** Async-iterator subscriber: events wait in the bounded ring buffer until `next()` takes them. */
class StreamSubscriber extends Subscriber implements AsyncIterableIterator<HubEvent> {
  private waiting: ((result: IteratorResult<HubEvent>) => void) | null = null;

  accept(event: HubEvent): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      this.delivered++;
      resolve({ value: event, done: false });
    } else {
      this.queue.push(event, this.now());
    }
  }

  next(): Promise<IteratorResult<HubEvent>> {
    const queued = this.queue.shift();
    if (queued !== undefined) {
      this.delivered++;
      return Promise.resolve({ value: queued, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<HubEvent>> {
    this.unsubscribe();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<HubEvent> {
    return this;
  }

  protected override onClose(): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }
}

const MAX_CACHED_TYPES = 10_000;

/**
 * Routes published events to subscribers whose pattern and filter match. The list of subscribers
 * matching a type is computed once per type and cached until the set of subscribers changes, so a
 * publish is a map lookup plus one compiled filter call per candidate.
 */
export class SubscriptionHub {
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly byType = new Map<string, Subscriber[]>();
  /** Queue size of subscriptions that name none; the signal system module's setting. */
  defaultQueueSize = 1024;

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.subscribers.size;
  }

  subscribe(options: SubscribeOptions, callback: Callback): Subscription {
    if (typeof callback !== 'function') {
      throw new NeuroGraphError('VALIDATION_FAILED', 'callback must be a function', [{ field: 'callback', rule: 'type', message: 'must be a function' }]);
    }
    return this.add(new CallbackSubscriber(options, this.remove, this.now, this.defaultQueueSize, callback));
  }

  stream(options: SubscribeOptions = {}): StreamSubscription {
    return this.add(new StreamSubscriber(options, this.remove, this.now, this.defaultQueueSize));
  }

  hasSubscribers(type: string): boolean {
    return this.matching(type).length > 0;
  }

  publish(type: string, payload: unknown): number {
    const candidates = this.matching(type);
    if (candidates.length === 0) return 0;
    const event: HubEvent = { type, payload };
    let delivered = 0;
    for (let i = 0; i < candidates.length; i++) {
      const subscriber = candidates[i];
      const filter = subscriber.filter;
      if (filter === null || filter(payload)) {
        subscriber.accept(event);
        delivered++;
      }
    }
    return delivered;
  }

  list(): { id: string; pattern: string; stats: SubscriptionStats }[] {
    return [...this.subscribers.values()].map((s) => ({ id: s.id, pattern: s.pattern, stats: s.stats() }));
  }

  close(): void {
    for (const subscriber of [...this.subscribers.values()]) subscriber.unsubscribe();
  }

  private add<T extends Subscriber>(subscriber: T): T {
    if (this.subscribers.has(subscriber.id)) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Subscription id "${subscriber.id}" is taken`, [{ field: 'id', rule: 'unique', message: 'already in use' }]);
    }
    this.subscribers.set(subscriber.id, subscriber);
    this.byType.clear();
    return subscriber;
  }

  private readonly remove = (subscriber: Subscriber): void => {
    if (this.subscribers.get(subscriber.id) === subscriber) {
      this.subscribers.delete(subscriber.id);
      this.byType.clear();
    }
  };

  private matching(type: string): Subscriber[] {
    let list = this.byType.get(type);
    if (list === undefined) {
      list = [];
      for (const s of this.subscribers.values()) if (s.matchesType(type)) list.push(s);
      if (this.byType.size >= MAX_CACHED_TYPES) this.byType.clear();
      this.byType.set(type, list);
    }
    return list;
  }
}

function validQueueSize(size: unknown, fallback: number): number {
  if (size === undefined) return fallback;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 1_000_000) {
    throw new NeuroGraphError('VALIDATION_FAILED', 'queueSize must be an integer in [1, 1000000]', [{ field: 'queueSize', rule: 'range', message: 'must be an integer in [1, 1000000]' }]);
  }
  return size;
}

function validOverflow(policy: unknown): OverflowPolicy {
  if (policy === undefined) return 'drop-oldest';
  if (policy !== 'drop-oldest' && policy !== 'drop-newest') {
    throw new NeuroGraphError('VALIDATION_FAILED', 'overflow must be drop-oldest or drop-newest', [{ field: 'overflow', rule: 'enum', message: 'must be drop-oldest or drop-newest' }]);
  }
  return policy;
}
