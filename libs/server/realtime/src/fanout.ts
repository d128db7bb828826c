/** Something a channel event is handed to: one subscription of one session. */
export interface Member<D> {
  /** Takes events of one channel in publish order. */
  deliver(deliveries: readonly D[]): void;
}

interface Job<D> {
  channel: string;
  targets: readonly Member<D>[];
  next: number;
  deliveries: readonly D[];
}

/** How often the clock is read while delivering (reading it per socket would cost more than writing). */
const CLOCK_EVERY = 32;

/**
 * Hands each channel event to the channel's members, in publish order, in slices of at most
 * `sliceMs`: between slices the event loop serves other sockets and timers, so a broadcast to
 * ten thousand subscribers never blocks the process for the whole fan-out.
 */
export class Fanout<D> {
  private readonly members = new Map<string, Set<Member<D>>>();
  /** Members as an array per channel, rebuilt only after a change: events iterate it. */
  private readonly snapshots = new Map<string, readonly Member<D>[]>();
  private readonly jobs: Job<D>[] = [];
  private head = 0;
  /** A slice is running or waiting for its turn: new events queue behind it. */
  private busy = false;

  constructor(
    private readonly sliceMs = 5,
    private readonly onDelivered: (channel: string, count: number) => void = () => undefined,
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
    return this.jobs.length - this.head;
  }

  publish(channel: string, delivery: D): void {
    const targets = this.snapshot(channel);
    if (targets.length === 0) return;
    this.jobs.push({ channel, targets, next: 0, deliveries: [delivery] });
    // Nothing queued ahead: start now, on the caller's turn, for the lowest latency.
    if (!this.busy) this.pump();
  }

  private snapshot(channel: string): readonly Member<D>[] {
    let snapshot = this.snapshots.get(channel);
    if (!snapshot) this.snapshots.set(channel, (snapshot = [...(this.members.get(channel) ?? [])]));
    return snapshot;
  }

  private pump(): void {
    this.busy = true;
    const deadline = performance.now() + this.sliceMs;
    while (this.head < this.jobs.length) {
      const job = this.jobs[this.head];
      const start = job.next;
      while (job.next < job.targets.length) {
        job.targets[job.next++].deliver(job.deliveries);
        if (job.next % CLOCK_EVERY === 0 && performance.now() > deadline && job.next < job.targets.length) {
          this.onDelivered(job.channel, job.next - start);
          setImmediate(() => this.pump());
          return;
        }
      }
      this.onDelivered(job.channel, job.next - start);
      this.jobs[this.head++] = undefined as unknown as Job<D>;
    }
    this.jobs.length = 0;
    this.head = 0;
    this.busy = false;
  }
}
