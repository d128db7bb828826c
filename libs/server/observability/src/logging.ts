import type { LoggerService } from '@nestjs/common';
import type { ServerConfig } from '@neurograph/server-config';
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { traceFields } from './tracing.js';

/**
 * Structured JSON logs; lines written while a traced request is handled also carry its trace and
 * span ids (the mixin), so a warning or a slow request leads to its trace. Requests are logged by
 * `observeHttp`, with their id, principal and space.
 */
export function createLogger(config: Pick<ServerConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino({ level: config.logLevel, mixin: traceFields }, destination);
}

/**
 * Nest's logger interface over pino, so framework and library lines (`new Logger('Engine')`) are
 * JSON lines with a `context`; `logger.warn({ err }, 'text')` keeps the object's fields.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest appends the logger's context as the last parameter; its exception handlers pass a stack before it. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = params.slice(0, -1);
    if (params.length > 0) fields.context = params[params.length - 1];
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    const text = typeof message === 'string' ? message : typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    if (level === 'error' && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      fields.err = Object.assign(new Error(text), { stack: rest.shift() });
    }
    this.logger[level](fields, text);
  }
}
