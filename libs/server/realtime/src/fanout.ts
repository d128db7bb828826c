/** Something a channel event is handed to: one subscription of one session. */
export interface Member<D> {
  /** Takes events of one channel in publish order: several at once when they queued up behind a fan-out. */
  deliver(deliveries: readonly D[]): void;
}

interface Job<D> {
  channel: string;
  targets: readonly Member<D>[];
  delivery: D;
}

/** Consecutive events of one channel and the same members, handed out together; `next` is the first member still to be served. */
interface Batch<D> {
  channel: string;
  targets: readonly Member<D>[];
  deliveries: D[];
  next: number;
}

/** Handed-out jobs at the front of the queue that are cut off before the next batch is taken. */
const COMPACT_AFTER = 1024;

/** How often the clock is read while delivering, in events handed out (reading it per socket would cost more than writing). */
const CLOCK_EVERY = 32;

/**
 * Hands each channel event to the channel's members, in publish order, in slices of at most
 * `sliceMs`: between slices the event loop serves other sockets and timers, so a broadcast to
 * ten thousand subscribers never blocks the process for the whole fan-out. Events that queue up
 * meanwhile are handed out together, up to `maxBatch`, so that a member can write them in one go.
 */
export class Fanout<D> {
  private readonly members = new Map<string, Set<Member<D>>>();
  /** Members as an array per channel, rebuilt only after a change: events iterate it. */
  private readonly snapshots = new Map<string, readonly Member<D>[]>();
  private readonly jobs: Job<D>[] = [];
  private head = 0;
  private batch: Batch<D> | undefined;
  /** A slice is running or waiting for its turn: new events queue behind it. */
  private busy = false;
  /** An event went out at once during this event-loop turn: those that follow in the same turn wait for its end. */
  private coalescing = false;
  private readonly resume = () => this.pump();
  private readonly endTurn = () => {
    this.coalescing = false;
  };

  constructor(
    private readonly sliceMs = 5,
    private readonly onDelivered: (channel: string, count: number) => void = () => undefined,
    private readonly maxBatch = 32,
  ) {}

  add(channel: string, member: Member<D>): void {
    let set = this.members.get(channel);
    if (!set) this.members.set(channel, (set = new Set()));
    set.add(member);
    this.snapshots.delete(channel);
  }

  remove(channel: string, member: Member<D>): void {
    const set = this.members.get(channel);
    if (!set?.delete(member)) return;
    if (set.size === 0) this.members.delete(channel);
    this.snapshots.delete(channel);
  }

  count(channel: string): number {
    return this.members.get(channel)?.size ?? 0;
  }

  /** Events accepted but not yet handed to every member. */
  get backlog(): number {
    return (this.batch?.deliveries.length ?? 0) + this.jobs.length - this.head;
  }

  publish(channel: string, delivery: D): void {
    const targets = this.snapshot(channel);
    if (targets.length === 0) return;
    this.jobs.push({ channel, targets, delivery });
    if (this.busy) return;
    // Events published in one turn (the messages of one bus read, requests read together) are
    // written together at its end: one write per socket instead of one per event and socket, which
    // is what a burst costs most. The turn's first event still starts at once, for the lowest latency.
    if (this.coalescing) {
      this.busy = true;
      setImmediate(this.resume);
      return;
    }
    this.coalescing = true;
    setImmediate(this.endTurn);
    this.pump();
  }

  private snapshot(channel: string): readonly Member<D>[] {
    let snapshot = this.snapshots.get(channel);
    if (!snapshot) this.snapshots.set(channel, (snapshot = [...(this.members.get(channel) ?? [])]));
    return snapshot;
  }

  /** The next batch: the first queued job and those right behind it for the same members. */
  private take(): Batch<D> | undefined {
    if (this.head === this.jobs.length) {
      this.jobs.length = 0;
      this.head = 0;
      return undefined;
    }
    // Under a steady stream the queue may never run empty: the handed-out front is cut off now and then.
    if (this.head >= COMPACT_AFTER) {
      this.jobs.splice(0, this.head);
      this.head = 0;
    }
    const first = this.jobs[this.head];
    const deliveries: D[] = [];
    while (this.head < this.jobs.length && deliveries.length < this.maxBatch && this.jobs[this.head].targets === first.targets) {
      deliveries.push(this.jobs[this.head].delivery);
      this.jobs[this.head++] = undefined as unknown as Job<D>;
    }
    return { channel: first.channel, targets: first.targets, deliveries, next: 0 };
  }

  private pump(): void {
    this.busy = true;
    const deadline = performance.now() + this.sliceMs;
    for (let batch = this.batch ?? this.take(); batch; batch = this.take()) {
      this.batch = batch;
      const { targets, deliveries } = batch;
      const start = batch.next;
      const every = Math.max(1, Math.round(CLOCK_EVERY / deliveries.length));
      while (batch.next < targets.length) {
        targets[batch.next++].deliver(deliveries);
        if (batch.next % every === 0 && batch.next < targets.length && performance.now() > deadline) {
          this.onDelivered(batch.channel, (batch.next - start) * deliveries.length);
          setImmediate(this.resume);
          return;
        }
      }
      this.onDelivered(batch.channel, (batch.next - start) * deliveries.length);
      this.batch = undefined;
    }
    this.busy = false;
  }
}
