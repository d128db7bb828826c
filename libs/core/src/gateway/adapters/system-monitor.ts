import { type SignalSink, unrefTimer } from './sink.js';

export interface SystemSample {
  cpuPercent: number;
  memoryMb: number;
  eventLoopLagMs: number;
}

interface ProcessLike {
  cpuUsage?: (previous?: { user: number; system: number }) => { user: number; system: number };
  memoryUsage?: () => { rss: number };
}

/**
 * Samples the process on an interval and emits `system.monitor` signals: CPU share since the last
 * sample, resident memory, and event-loop lag measured as the timer's drift. In a browser (no
 * `process`) CPU and memory read 0 and only the lag is real. Its timer never keeps a process alive.
 */
export class SystemMonitorAdapter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastCpu: { user: number; system: number } | undefined;
  private lastAt = 0;

  constructor(
    private readonly sink: SignalSink,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.lastAt = performance.now();
    this.lastCpu = processOf()?.cpuUsage?.();
    this.timer = setInterval(() => this.sink(this.signalOf(this.sample())), this.intervalMs);
    unrefTimer(this.timer);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  sample(): SystemSample {
    const now = performance.now();
    const elapsed = now - this.lastAt;
    const proc = processOf();
    const cpu = proc?.cpuUsage?.(this.lastCpu);
    const cpuPercent = cpu && elapsed > 0 ? Math.min(100, ((cpu.user + cpu.system) / 1000 / elapsed) * 100) : 0;
    this.lastCpu = proc?.cpuUsage?.();
    const lag = this.timer && elapsed > this.intervalMs ? elapsed - this.intervalMs : 0;
    this.lastAt = now;
    return { cpuPercent, memoryMb: (proc?.memoryUsage?.().rss ?? 0) / 2 ** 20, eventLoopLagMs: lag };
  }

  private signalOf(sample: SystemSample) {
    return { sensorId: 'system.monitor', payload: { cpu: sample.cpuPercent, memory: sample.memoryMb, lag: sample.eventLoopLagMs }, metadata: { ...sample } };
  }
}

function processOf(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}
