import { validationError } from '../../common/errors.js';
import { type CronSchedule, cronMatches, parseCron } from './cron.js';
import { type SignalSink, unrefTimer } from './sink.js';

export type TimerSchedule = { id: string; everyMs: number } | { id: string; cron: string };

interface ActiveTimer {
  id: string;
  everyMs?: number;
  cron?: CronSchedule;
  nextAt: number;
  fired: number;
}

/**
 * Interval and cron-like timers that emit `timer` signals. `tick(now)` does the work, so tests
 * drive time explicitly; `start()` merely calls it from a real (unref'd) interval.
 */
export class TimerAdapter {
  private readonly timers = new Map<string, ActiveTimer>();
  private handle: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly sink: SignalSink,
    private readonly now: () => number = Date.now,
  ) {}

  add(schedule: TimerSchedule): void {
    if (!schedule || typeof schedule.id !== 'string' || schedule.id.length === 0) throw validationError([{ field: 'id', rule: 'required', message: 'a timer needs an id' }]);
    if (this.timers.has(schedule.id)) throw validationError([{ field: 'id', rule: 'unique', message: `timer "${schedule.id}" exists` }]);
    const now = this.now();
    if ('everyMs' in schedule) {
      if (!Number.isFinite(schedule.everyMs) || schedule.everyMs < 10) throw validationError([{ field: 'everyMs', rule: 'range', message: 'must be a number ≥ 10' }]);
      this.timers.set(schedule.id, { id: schedule.id, everyMs: schedule.everyMs, nextAt: now + schedule.everyMs, fired: 0 });
    } else {
      const cron = parseCron(schedule.cron);
      this.timers.set(schedule.id, { id: schedule.id, cron, nextAt: nextMinute(now), fired: 0 });
    }
  }

  remove(id: string): boolean {
    return this.timers.delete(id);
  }

  /** Fires every timer that is due at `now`; returns the ids fired. */
  tick(now: number = this.now()): string[] {
    const fired: string[] = [];
    for (const timer of this.timers.values()) {
      while (timer.nextAt <= now) {
        const at = timer.nextAt;
        if (timer.everyMs !== undefined) {
          timer.nextAt += timer.everyMs;
          this.fire(timer, at, fired);
        } else {
          timer.nextAt = at + 60_000;
          if (timer.cron && cronMatches(timer.cron, new Date(at))) this.fire(timer, at, fired);
        }
      }
    }
    return fired;
  }

  start(resolutionMs = 1000): void {
    if (this.handle) return;
    this.handle = setInterval(() => this.tick(), resolutionMs);
    unrefTimer(this.handle);
  }

  stop(): void {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
  }

  private fire(timer: ActiveTimer, at: number, fired: string[]): void {
    timer.fired++;
    fired.push(timer.id);
    const date = new Date(at);
    this.sink({
      sensorId: 'timer',
      payload: { hour: date.getUTCHours(), weekday: date.getUTCDay() },
      sequenceId: `timer:${timer.id}`,
      timestamp: date.toISOString(),
      metadata: { timerId: timer.id, fired: timer.fired },
    });
  }
}

function nextMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000 + 60_000;
}
