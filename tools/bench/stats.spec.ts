import { spawnSync } from 'node:child_process';
import { cpuTicks, processCpuMs, stolenCell, stolenPercent } from './stats';

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

describe('stolenCell', () => {
  it('lists each window in order, with ? where the share could not be read', () => {
    expect(stolenCell([0.2, undefined, 34.7])).toBe('0.2, ?, 34.7');
  });
});

describe('processCpuMs', () => {
  const linux = process.platform === 'linux';

  it("grows with the process's own work, as process.cpuUsage does", () => {
    const before = processCpuMs(process.pid);
    const usageBefore = process.cpuUsage();
    const end = Date.now() + 300;
    while (Date.now() < end);
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
