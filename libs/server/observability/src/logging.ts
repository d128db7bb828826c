import type { LoggerService } from '@nestjs/common';
import type { ServerConfig } from '@neurograph/server-config';
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { traceFields } from './tracing.js';

/** The module name of the access log's lines in `LOG_LEVELS`. */
export const ACCESS_LOG = 'http';

/**
 * The process's structured JSON logs: one pino logger, and a child per module (a Nest logger
 * context such as `Engine`, or `http` for the access log) at the level `LOG_LEVELS` gives it, else
 * `LOG_LEVEL`. Lines written while a traced request is handled also carry its trace and span ids
 * (the mixin), so a warning or a slow request leads to its trace.
 */
export class Logs {
  readonly root: Logger;
  private readonly modules = new Map<string, Logger>();

  constructor(
    private readonly config: Pick<ServerConfig, 'logLevel' | 'logLevels'>,
    destination?: DestinationStream,
  ) {
    this.root = pino({ level: config.logLevel, mixin: traceFields }, destination);
  }

  /** The logger of one module, its name on every line as `context`. */
  of(module: string): Logger {
    let logger = this.modules.get(module);
    if (!logger) this.modules.set(module, (logger = this.root.child({ context: module }, { level: this.config.logLevels[module] ?? this.config.logLevel })));
    return logger;
  }
}

/**
 * Nest's logger interface over the module loggers, so framework and library lines
 * (`new Logger('Engine')`) are JSON lines at their module's level; `logger.warn({ err }, 'text')`
 * keeps the object's fields.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logs: Logs) {}

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
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const logger = context === undefined ? this.logs.root : this.logs.of(context);
    if (!logger.isLevelEnabled(level)) return;
    const rest = context === undefined ? params : params.slice(0, -1);
    const fields: Record<string, unknown> = {};
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    const text = typeof message === 'string' ? message : typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    if (level === 'error' && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      fields.err = Object.assign(new Error(text), { stack: rest.shift() });
    }
    logger[level](fields, text);
  }
}
