export { ChatAdapter } from './chat.js';
export { CommandAdapter, type ParsedCommand, parseCommand } from './command.js';
export { type CronSchedule, cronMatches, parseCron } from './cron.js';
export type { SignalSink } from './sink.js';
export { type SystemSample, SystemMonitorAdapter } from './system-monitor.js';
export { TimerAdapter, type TimerSchedule } from './timer.js';
