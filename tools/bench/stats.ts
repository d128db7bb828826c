import { readFileSync } from 'node:fs';
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

/**
 * The share of the machine's CPU time (in %) that its hypervisor gave to others between two
 * `cpuTicks()` readings: on a virtual machine, time stolen from its cores stalls whatever runs on
 * them, and that shows in every latency tail. Undefined without the readings.
 */
export function stolenPercent(before: number[] | undefined, after: number[] | undefined): number | undefined {
  if (!before || !after) return undefined;
  const delta = after.map((ticks, i) => ticks - (before[i] ?? 0));
  const total = delta.reduce((sum, ticks) => sum + ticks, 0);
  // The eighth field is steal (proc(5)).
  return total > 0 ? round((100 * (delta[7] ?? 0)) / total, 1) : undefined;
}

/** What a report's "CPU stolen" column means, in its own words. */
export const STOLEN_COLUMN_NOTE =
  '"CPU stolen" is, for each window, the share of the machine\'s CPU time that the hypervisor gave to other guests (`steal` in /proc/stat): the cores stall meanwhile, whatever runs on them.';

/** A "CPU stolen" cell: each window's share, in order, `?` where it could not be read. */
export function stolenCell(windows: readonly (number | undefined)[]): string {
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

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds on a clock shared by every process of the machine. */
export const wallClock = (): number => performance.timeOrigin + performance.now();
