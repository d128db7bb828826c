import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Summary of a list of samples (same unit in, same unit out). */
export function distribution(samples: Float64Array | number[]): Distribution {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const s of sorted) sum += s;
  return { count: sorted.length, mean: sum / sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The machine's CPU time by state since boot (Linux's /proc/stat, in ticks); undefined elsewhere. */
export function cpuTicks(): number[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, all threads) a process has used, in milliseconds, from Linux's
 * /proc/<pid>/stat (in USER_HZ ticks, 100 a second on Linux); undefined elsewhere or once it is gone.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The share (in %) of the machine's CPU time between two `cpuTicks()` readings spent in the given /proc/stat fields. */
function ticksShare(before: number[] | undefined, after: number[] | undefined, fields: readonly number[]): number | undefined {
  if (!before || !after) return undefined;
  const delta = after.map((ticks, i) => ticks - (before[i] ?? 0));
  const total = delta.reduce((sum, ticks) => sum + ticks, 0);
  return total > 0 ? round((100 * fields.reduce((sum, field) => sum + (delta[field] ?? 0), 0)) / total, 1) : undefined;
}

/**
 * CPU time of every process of the machine whose command is `command` (as `ps -o comm` shows it),
 * in milliseconds, by pid: the PostgreSQL server's processes, say. Empty where /proc is missing.
 */
export function commandCpuMs(command: string): Map<number, number> {
  const found = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return found;
  }
  for (const entry of pids) {
    const pid = Number(entry);
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'latin1').trim() !== command) continue;
    } catch {
      continue;
    }
    const ms = processCpuMs(pid);
    if (ms !== undefined) found.set(pid, ms);
  }
  return found;
}

/**
 * CPU used between two `commandCpuMs` readings, in milliseconds: processes that started meanwhile
 * count from their start, those that ended meanwhile lose what they used after the first reading.
 */
export function commandCpuUsedMs(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  return used;
}

/**
 * How long the threads of a process have run on a core, and how long they have waited runnable
 * for one, in milliseconds, from Linux's /proc/<pid>/task/<tid>/schedstat (nanosecond counters):
 * a process that waits while a core is idle was woken where another process was running.
 * Every thread, or only the main one (a Node process's event loop). Threads that have ended are
 * not counted; undefined elsewhere or once the process is gone.
 */
export function processScheduleMs(pid: number | undefined, threads: 'all' | 'main' = 'all'): { runMs: number; waitMs: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    let runNs = 0;
    let waitNs = 0;
    // The main thread's id is the process's.
    for (const tid of threads === 'main' ? [String(pid)] : readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ').map(Number);
      runNs += run;
      waitNs += wait;
    }
    return { runMs: runNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * The share of the machine's CPU time (in %) that its hypervisor gave to others between two
 * `cpuTicks()` readings: on a virtual machine, time stolen from its cores stalls whatever runs on
 * them, and that shows in every latency tail. Undefined without the readings.
 */
export function stolenPercent(before: number[] | undefined, after: number[] | undefined): number | undefined {
  // The eighth field is steal (proc(5)).
  return ticksShare(before, after, [7]);
}

/** The share of the machine's CPU time (in %) that no process used (idle and iowait) between two `cpuTicks()` readings. */
export function idlePercent(before: number[] | undefined, after: number[] | undefined): number | undefined {
  return ticksShare(before, after, [3, 4]);
}

/** What a report's "CPU stolen" column means, in its own words. */
export const STOLEN_COLUMN_NOTE =
  '"CPU stolen" is, for each window, the share of the machine\'s CPU time that the hypervisor gave to other guests (`steal` in /proc/stat): the cores stall meanwhile, whatever runs on them.';

/** A cell of shares of the machine's CPU time (stolen, idle): each window's, in order, `?` where it could not be read. */
export function sharesCell(windows: readonly (number | undefined)[]): string {
  return windows.map((share) => share ?? '?').join(', ');
}

/** A full collection, when node runs with --expose-gc. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

/**
 * What a data structure holds wherever it keeps it: the JavaScript heap plus the memory V8 accounts
 * outside it (ArrayBuffers, and WebAssembly memories, which `arrayBuffers` leaves out).
 */
export function memoryHeld(): number {
  collectGarbage();
  const { heapUsed: heap, external } = process.memoryUsage();
  return heap + external;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds on a clock shared by every process of the machine. */
export const wallClock = (): number => performance.timeOrigin + performance.now();
