/** The typed configuration of every NeuroGraph server process (spec 06-ops.md), read once from the environment. */
export interface ServerConfig {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  host: string;
  /** Embedded PGlite data folder, or `:memory:`; ignored when `databaseUrl` is set. */
  dataDir: string;
  /** The built dashboard, served at `/` when it holds an index.html. */
  dashboardDir: string;
  databaseUrl: string | undefined;
  /** Apply pending migrations at start-up (clusters turn this off and run the migration Job). */
  migrateOnStart: boolean;
  redisUrl: string | undefined;
  /** Prepended to every Redis key and channel, so that deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** Undefined in embedded mode until the server generates and stores one in `dataDir`. */
  jwtSecret: string | undefined;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  adminUsername: string;
  adminPassword: string | undefined;
  adminEmail: string | undefined;
  corsOrigins: string[];
  logLevel: LogLevel;
  /** Levels of single modules (Nest logger contexts such as `Engine`, and `http` for the access log) that differ from `logLevel`. */
  logLevels: Record<string, LogLevel>;
  metricsIntervalMs: number;
  resumeTtlMs: number;
  allowAnonymousRead: boolean;
  /** A bearer token that may read `GET metrics` and nothing else: what Prometheus scrapes with. */
  metricsToken: string | undefined;
  /** Requests per second per principal (token bucket refill) and the bucket size. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Anonymous callers share one bucket per IP address with this refill and size. */
  anonymousRateLimitPerSecond: number;
  bodyLimitBytes: number;
  batchBodyLimitBytes: number;
  /** Write-behind: how often accepted signals and learning are flushed, and how many may wait. */
  flushIntervalMs: number;
  writeQueueLimit: number;
  realtime: RealtimeConfig;
  tracing: TracingConfig;
}

export type LogLevel = (typeof LOG_LEVELS)[number];

/** OpenTelemetry: spans are exported by OTLP/HTTP only when an endpoint is set. */
export interface TracingConfig {
  /** The collector's base URL (`/v1/traces` is appended), e.g. `http://jaeger:4318`. */
  otlpEndpoint: string | undefined;
  /** `service.name` of every span; each app has its own default (`neurograph-api`, `neurograph-gateway`). */
  serviceName: string | undefined;
}

/** A token bucket: how many at once, and how many per second after that. */
export interface RateSpec {
  burst: number;
  perSecond: number;
}

/** The real-time gateway (spec 03-realtime.md), mounted by the api and run standalone by apps/gateway. */
export interface RealtimeConfig {
  /** Events kept per channel for replay after a reconnect. */
  replayLimit: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Events a connection may have waiting before the oldest are dropped and it is sent a gap. */
  bufferLimit: number;
  /** Frames at least this large are deflated; 0 turns compression off. */
  compressionThresholdBytes: number;
  /** Allow HTTP long-polling besides WebSocket (needs sticky sessions behind a load balancer). */
  polling: boolean;
  rates: { subscribe: RateSpec; signal: RateSpec; other: RateSpec };
  /** How long a session may outlive its expired access token before it is closed. */
  authGraceMs: number;
  /** How long clients are given to reconnect elsewhere after `server.draining`. */
  drainMs: number;
  /** Where a standalone gateway forwards `signal` events (the api's base URL). */
  apiUrl: string | undefined;
}

/** One bad variable: its name, what was given and what is expected. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Exactly what loadConfig reads (config.spec records its lookups); documented in docs/configuration.md, and what the chart and compose drift tests compare with. */
export const CONFIG_VARIABLES = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'DATA_DIR',
  'DASHBOARD_DIR',
  'DATABASE_URL',
  'MIGRATE_ON_START',
  'REDIS_URL',
  'REDIS_PREFIX',
  'JWT_SECRET',
  'ACCESS_TOKEN_TTL_S',
  'REFRESH_TOKEN_TTL_S',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'ADMIN_EMAIL',
  'CORS_ORIGINS',
  'LOG_LEVEL',
  'LOG_LEVELS',
  'METRICS_INTERVAL_MS',
  'RESUME_TTL_MS',
  'ALLOW_ANONYMOUS_READ',
  'METRICS_TOKEN',
  'RATE_LIMIT_PER_SECOND',
  'RATE_LIMIT_BURST',
  'ANONYMOUS_RATE_LIMIT_PER_SECOND',
  'BODY_LIMIT_BYTES',
  'BATCH_BODY_LIMIT_BYTES',
  'FLUSH_INTERVAL_MS',
  'WRITE_QUEUE_LIMIT',
  'REPLAY_LIMIT',
  'HEARTBEAT_INTERVAL_MS',
  'HEARTBEAT_TIMEOUT_MS',
  'REALTIME_BUFFER_LIMIT',
  'REALTIME_COMPRESSION_THRESHOLD',
  'REALTIME_POLLING',
  'REALTIME_RATE_SUBSCRIBE',
  'REALTIME_RATE_SIGNAL',
  'REALTIME_RATE_OTHER',
  'AUTH_GRACE_MS',
  'DRAIN_MS',
  'API_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

/** Reads and validates the whole environment, reporting every bad variable at once. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const issues: ConfigIssue[] = [];
  const read = new Reader(env, issues);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const production = nodeEnv === 'production';
  const config: ServerConfig = {
    nodeEnv,
    production,
    port: read.integer('PORT', 3000, 0, 65_535),
    host: read.text('HOST', '0.0.0.0'),
    dataDir: read.text('DATA_DIR', './data'),
    dashboardDir: read.text('DASHBOARD_DIR', './dist/apps/dashboard'),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    migrateOnStart: read.boolean('MIGRATE_ON_START', true),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: read.text('REDIS_PREFIX', 'ng:'),
    jwtSecret: read.optional('JWT_SECRET'),
    accessTokenTtlS: read.integer('ACCESS_TOKEN_TTL_S', 900, 10, 86_400),
    refreshTokenTtlS: read.integer('REFRESH_TOKEN_TTL_S', 7 * 86_400, 60, 90 * 86_400),
    adminUsername: read.text('ADMIN_USERNAME', 'admin'),
    adminPassword: read.optional('ADMIN_PASSWORD'),
    adminEmail: read.optional('ADMIN_EMAIL'),
    corsOrigins: read.list('CORS_ORIGINS'),
    // A newcomer's `npm start` shows the banner and problems, not one line per request; production logs requests.
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, production ? 'info' : nodeEnv === 'test' ? 'silent' : 'warn'),
    logLevels: read.levels('LOG_LEVELS', LOG_LEVELS),
    metricsIntervalMs: read.integer('METRICS_INTERVAL_MS', 5000, 100, 3_600_000),
    resumeTtlMs: read.integer('RESUME_TTL_MS', 300_000, 1000, 86_400_000),
    allowAnonymousRead: read.boolean('ALLOW_ANONYMOUS_READ', true),
    metricsToken: read.optional('METRICS_TOKEN'),
    rateLimitPerSecond: read.integer('RATE_LIMIT_PER_SECOND', 200, 1, 1_000_000),
    rateLimitBurst: read.integer('RATE_LIMIT_BURST', 400, 1, 10_000_000),
    anonymousRateLimitPerSecond: read.integer('ANONYMOUS_RATE_LIMIT_PER_SECOND', 20, 1, 1_000_000),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    batchBodyLimitBytes: read.integer('BATCH_BODY_LIMIT_BYTES', 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    flushIntervalMs: read.integer('FLUSH_INTERVAL_MS', 100, 1, 60_000),
    writeQueueLimit: read.integer('WRITE_QUEUE_LIMIT', 100_000, 100, 10_000_000),
    realtime: {
      replayLimit: read.integer('REPLAY_LIMIT', 1000, 0, 100_000),
      heartbeatIntervalMs: read.integer('HEARTBEAT_INTERVAL_MS', 25_000, 100, 600_000),
      heartbeatTimeoutMs: read.integer('HEARTBEAT_TIMEOUT_MS', 20_000, 100, 600_000),
      bufferLimit: read.integer('REALTIME_BUFFER_LIMIT', 1000, 1, 1_000_000),
      compressionThresholdBytes: read.integer('REALTIME_COMPRESSION_THRESHOLD', 1024, 0, 64 * 1024 * 1024),
      polling: read.boolean('REALTIME_POLLING', false),
      rates: {
        subscribe: read.rate('REALTIME_RATE_SUBSCRIBE', { burst: 30, perSecond: 1 }),
        signal: read.rate('REALTIME_RATE_SIGNAL', { burst: 1000, perSecond: 500 }),
        other: read.rate('REALTIME_RATE_OTHER', { burst: 60, perSecond: 10 }),
      },
      authGraceMs: read.integer('AUTH_GRACE_MS', 30_000, 0, 3_600_000),
      drainMs: read.integer('DRAIN_MS', 2000, 0, 600_000),
      apiUrl: read.url('API_URL', ['http:', 'https:']),
    },
    tracing: {
      otlpEndpoint: read.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
      serviceName: read.optional('OTEL_SERVICE_NAME'),
    },
  };
  if (config.jwtSecret !== undefined && config.jwtSecret.length < 32) {
    issues.push({ variable: 'JWT_SECRET', message: 'must be at least 32 characters' });
  }
  if (config.metricsToken !== undefined && config.metricsToken.length < 32) {
    issues.push({ variable: 'METRICS_TOKEN', message: 'must be at least 32 characters' });
  }
  if (production && config.jwtSecret === undefined) {
    issues.push({ variable: 'JWT_SECRET', message: 'is required when NODE_ENV=production (no generated secrets in production)' });
  }
  if (production && config.adminPassword === undefined) {
    issues.push({ variable: 'ADMIN_PASSWORD', message: 'is required when NODE_ENV=production (no generated passwords in production)' });
  }
  if (config.adminPassword !== undefined && config.adminPassword.length < 12) {
    issues.push({ variable: 'ADMIN_PASSWORD', message: 'must be at least 12 characters' });
  }
  if (!/^[a-zA-Z0-9_.-]{3,64}$/.test(config.adminUsername)) {
    issues.push({ variable: 'ADMIN_USERNAME', message: 'must be 3–64 letters, digits, dots, dashes or underscores' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly issues: ConfigIssue[],
  ) {}

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  text(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.issues.push({ variable: name, message: `must be an integer from ${min} to ${max}, got "${raw}"` });
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.issues.push({ variable: name, message: `must be true or false, got "${raw}"` });
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.issues.push({ variable: name, message: `must be one of ${allowed.join(', ')}, got "${raw}"` });
    return fallback;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    let protocol = '';
    try {
      protocol = new URL(raw).protocol;
    } catch {
      // reported below
    }
    if (!protocols.includes(protocol)) this.issues.push({ variable: name, message: `must be a ${protocols.join(' or ')}// URL` });
    return raw;
  }

  /** `burst:perSecond`, e.g. `30:1`. */
  rate(name: string, fallback: RateSpec): RateSpec {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const match = /^(\d+):(\d+(?:\.\d+)?)$/.exec(raw);
    if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
      this.issues.push({ variable: name, message: `must be "burst:perSecond" with a burst of at least 1 and a positive rate, got "${raw}"` });
      return fallback;
    }
    return { burst: Number(match[1]), perSecond: Number(match[2]) };
  }

  /** `module=level` pairs, e.g. `Engine=debug,http=warn`. */
  levels<T extends string>(name: string, allowed: readonly T[]): Record<string, T> {
    const levels: Record<string, T> = {};
    for (const entry of this.list(name)) {
      const match = /^([A-Za-z][\w.-]*)=(\w+)$/.exec(entry);
      if (match && (allowed as readonly string[]).includes(match[2])) levels[match[1]] = match[2] as T;
      else this.issues.push({ variable: name, message: `each entry must be module=level with a level of ${allowed.join(', ')}, got "${entry}"` });
    }
    return levels;
  }

  list(name: string): string[] {
    return (this.optional(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}
