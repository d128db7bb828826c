export { ChatAdapter } from './chat';
export { CommandAdapter, type ParsedCommand, parseCommand } from './command';
export { type CronSchedule, cronMatches, parseCron } from './cron';
export type { SignalSink } from './sink';
export { type SystemSample, SystemMonitorAdapter } from './system-monitor';
export { TimerAdapter, type TimerSchedule } from './timer';
