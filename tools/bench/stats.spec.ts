import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { commandCpuMs, commandCpuUsedMs, cpuTicks, idlePercent, processCpuMs, processScheduleMs, sharesCell, stolenPercent } from './stats';

/** Keeps this process on a core for `ms` milliseconds. */
function spin(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

describe('stolenPercent', () => {
  it("is the steal field's share of all CPU time between two readings", () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const before = [100, 0, 50, 800, 10, 0, 5, 35, 0, 0];
    const after = [160, 0, 80, 860, 10, 0, 10, 55, 0, 0];
    // 60 + 30 + 60 + 5 + 20 = 175 ticks, 20 of them stolen.
    expect(stolenPercent(before, after)).toBe(11.4);
  });

  it('is undefined without both readings or without elapsed time', () => {
    expect(stolenPercent(undefined, [1, 2, 3])).toBeUndefined();
    expect(stolenPercent([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8])).toBeUndefined();
  });

  it("reads this machine's counters where /proc/stat exists", () => {
    const ticks = cpuTicks();
    if (process.platform === 'linux') expect(ticks?.length).toBeGreaterThanOrEqual(8);
    else expect(ticks).toBeUndefined();
  });
});

describe('idlePercent', () => {
  it('is the share of idle and iowait between two readings', () => {
    const before = [100, 0, 50, 800, 10, 0, 5, 35, 0, 0];
    const after = [160, 0, 80, 860, 10, 0, 10, 55, 0, 0];
    // 175 ticks, 60 of them idle.
    expect(idlePercent(before, after)).toBe(34.3);
    expect(idlePercent(undefined, after)).toBeUndefined();
  });
});

describe('sharesCell', () => {
  it('lists each window in order, with ? where the share could not be read', () => {
    expect(sharesCell([0.2, undefined, 34.7])).toBe('0.2, ?, 34.7');
  });
});

describe('processCpuMs', () => {
  const linux = process.platform === 'linux';

  it("grows with the process's own work, as process.cpuUsage does", () => {
    const before = processCpuMs(process.pid);
    const usageBefore = process.cpuUsage();
    spin(300);
    const after = processCpuMs(process.pid);
    const usage = process.cpuUsage(usageBefore);
    if (!linux) return expect(before).toBeUndefined();
    // Ticks are 10 ms, so the two clocks agree within a few ticks.
    expect((after as number) - (before as number)).toBeGreaterThan((usage.user + usage.system) / 1000 - 30);
    expect((after as number) - (before as number)).toBeLessThan((usage.user + usage.system) / 1000 + 30);
  });

  it('is undefined for a process that is gone, or no process at all', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(processCpuMs(gone)).toBeUndefined();
    expect(processCpuMs(undefined)).toBeUndefined();
  });
});

describe('commandCpuMs', () => {
  it("finds this process by its command and counts its work", () => {
    if (process.platform !== 'linux') return expect(commandCpuMs('node').size).toBe(0);
    const command = readFileSync('/proc/self/comm', 'latin1').trim();
    const before = commandCpuMs(command);
    const usageBefore = process.cpuUsage();
    spin(200);
    const after = commandCpuMs(command);
    const usage = process.cpuUsage(usageBefore);
    expect(after.has(process.pid)).toBe(true);
    // Ticks are 10 ms, so the two clocks agree within a few ticks.
    expect((after.get(process.pid) as number) - (before.get(process.pid) as number)).toBeGreaterThan((usage.user + usage.system) / 1000 - 30);
  });

  it('is empty for a command nothing runs', () => {
    expect(commandCpuMs('no-such-command-here').size).toBe(0);
  });
});

describe('commandCpuUsedMs', () => {
  it('counts a process that started meanwhile from its start and drops what ended', () => {
    const before = new Map([[1, 100], [2, 50]]);
    const after = new Map([[1, 130], [3, 20]]);
    expect(commandCpuUsedMs(before, after)).toBe(50);
  });
});

describe('processScheduleMs', () => {
  it("counts the process's time on a core, in milliseconds", () => {
    const before = processScheduleMs(process.pid);
    if (process.platform !== 'linux') return expect(before).toBeUndefined();
    const usageBefore = process.cpuUsage();
    spin(200);
    const after = processScheduleMs(process.pid);
    const { user, system } = process.cpuUsage(usageBefore);
    const usage = (user + system) / 1000;
    if (!before || !after) throw new Error('schedstat unreadable');
    // The scheduler's nanoseconds and the kernel's accounting of user and system time agree within a few ms.
    expect(after.runMs - before.runMs).toBeGreaterThan(usage - 20);
    expect(after.runMs - before.runMs).toBeLessThan(usage + 20);
    expect(after.waitMs).toBeGreaterThanOrEqual(before.waitMs);
  });

  it('counts the main thread alone when asked: no more than every thread together', () => {
    if (process.platform !== 'linux') return;
    const main = processScheduleMs(process.pid, 'main');
    const all = processScheduleMs(process.pid);
    if (!main || !all) throw new Error('schedstat unreadable');
    expect(main.runMs).toBeGreaterThan(0);
    expect(main.runMs).toBeLessThanOrEqual(all.runMs);
  });

  it('is undefined for a process that is gone, or no process at all', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(processScheduleMs(gone)).toBeUndefined();
    expect(processScheduleMs(undefined)).toBeUndefined();
  });
});
