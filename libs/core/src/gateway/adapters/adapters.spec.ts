import type { SignalInput } from '../../common/types.js';
import { Gateway } from '../gateway.js';
import { ChatAdapter } from './chat.js';
import { CommandAdapter, parseCommand } from './command.js';
import { cronMatches, parseCron } from './cron.js';
import { SystemMonitorAdapter } from './system-monitor.js';
import { TimerAdapter } from './timer.js';

function collector() {
  const inputs: SignalInput[] = [];
  const gateway = new Gateway();
  // Every adapter's output must also be a valid signal for the gateway.
  return { inputs, sink: (input: SignalInput) => inputs.push(input) && gateway.encode(input) };
}

describe('adapters', () => {
  it('chat: one sequence per conversation', () => {
    const { inputs, sink } = collector();
    const chat = new ChatAdapter(sink);
    chat.message('42', 'ada', 'hello');
    chat.message('42', 'bob', 'hi ada');
    chat.message('7', 'eve', 'hey');
    expect(inputs.map((i) => i.sequenceId)).toEqual(['chat:42', 'chat:42', 'chat:7']);
    expect(inputs[0]).toMatchObject({ sensorId: 'text.chat', payload: 'hello', metadata: { chatId: '42', userId: 'ada' } });
  });

  it('commands: parses names and quoted arguments', () => {
    expect(parseCommand('/deploy api "blue green" --now')).toEqual({ name: 'deploy', args: ['api', 'blue green', '--now'] });
    expect(parseCommand('not a command')).toBeNull();
    const { inputs, sink } = collector();
    new CommandAdapter(sink).command('/status all');
    expect(inputs[0]).toMatchObject({ sensorId: 'text.command', metadata: { command: 'status', args: ['all'] } });
    expect(() => new CommandAdapter(sink).command('status')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('system monitor: samples real process figures and does not keep the process alive', () => {
    const { inputs, sink } = collector();
    const monitor = new SystemMonitorAdapter(sink, 50);
    const sample = monitor.sample();
    expect(sample.memoryMb).toBeGreaterThan(1);
    expect(sample.cpuPercent).toBeGreaterThanOrEqual(0);
    monitor.start();
    expect(monitor.running).toBe(true);
    monitor.stop();
    expect(monitor.running).toBe(false);
    expect(inputs).toHaveLength(0);
  });

  it('cron: lists, ranges, steps and the day-of-month/day-of-week rule', () => {
    const everyQuarter = parseCron('*/15 9-17 * * 1-5');
    expect(cronMatches(everyQuarter, new Date('2026-11-24T09:30:00Z'))).toBe(true); // a Tuesday
    expect(cronMatches(everyQuarter, new Date('2026-11-24T09:31:00Z'))).toBe(false);
    expect(cronMatches(everyQuarter, new Date('2026-11-29T09:30:00Z'))).toBe(false); // a Sunday
    const firstOrSunday = parseCron('0 0 1 * 7');
    expect(cronMatches(firstOrSunday, new Date('2026-11-29T00:00:00Z'))).toBe(true);
    expect(cronMatches(firstOrSunday, new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(cronMatches(firstOrSunday, new Date('2026-12-02T00:00:00Z'))).toBe(false);
    expect(() => parseCron('61 * * * *')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => parseCron('* * *')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('timers: interval and cron schedules fire on tick without real waiting', () => {
    const start = Date.parse('2026-11-24T08:59:30Z');
    const { inputs, sink } = collector();
    const timers = new TimerAdapter(sink, () => start);
    timers.add({ id: 'beat', everyMs: 10_000 });
    timers.add({ id: 'nine', cron: '0 9 * * *' });
    expect(timers.tick(start + 5_000)).toEqual([]);
    expect(timers.tick(start + 30_000)).toEqual(['beat', 'beat', 'beat', 'nine']);
    expect(timers.tick(start + 95_000).filter((id) => id === 'nine')).toEqual([]);
    expect(inputs.filter((i) => i.sequenceId === 'timer:nine')).toHaveLength(1);
    expect(inputs[3]).toMatchObject({ sensorId: 'timer', payload: { hour: 9 }, timestamp: '2026-11-24T09:00:00.000Z' });
    expect(() => timers.add({ id: 'beat', everyMs: 1000 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
