/** A session whose client fell behind: `flush` writes what it can and says whether anything still waits. */
export interface Behind {
  flush(): boolean;
  readonly backlog: number;
}

/**
 * The sessions whose clients fell behind, offered their waiting events every `everyMs` for at
 * most `sliceMs` per turn: a thousand slow clients that all read again at once must not block
 * the process. Those served go to the back of the line, so the next turn starts with the ones
 * this one did not reach.
 */
export class Backlog<S extends Behind> {
  private readonly sessions = new Set<S>();
  private timer: NodeJS.Timeout | undefined;
  /** One function for every session (a closure per session would cost heap per connection). */
  readonly add = (session: S): void => {
    this.sessions.add(session);
    this.timer ??= setInterval(() => this.turn(), this.everyMs);
  };

  constructor(
    private readonly everyMs: number,
    private readonly sliceMs: number,
  ) {}

  delete(session: S): void {
    this.sessions.delete(session);
  }

  /** Events waiting for their readers, over all sessions. */
  get waiting(): number {
    let waiting = 0;
    for (const session of this.sessions) waiting += session.backlog;
    return waiting;
  }

  turn(): void {
    const deadline = performance.now() + this.sliceMs;
    for (const session of [...this.sessions]) {
      this.sessions.delete(session);
      if (!session.flush()) this.sessions.add(session);
      if (performance.now() >= deadline) break;
    }
    if (this.sessions.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
