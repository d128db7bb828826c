import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: undefined, allowAnonymousRead: true, adminUsername: 'admin', production: false });
    expect(config.corsOrigins).toEqual([]);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', ALLOW_ANONYMOUS_READ: 'maybe', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['ALLOW_ANONYMOUS_READ', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
    expect((error as ConfigError).message).toContain('PORT: must be an integer');
  });

  it('refuses production without a JWT secret and an admin password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is required[^]*ADMIN_PASSWORD: is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/ADMIN_PASSWORD: is required/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'p'.repeat(12) }).production).toBe(true);
  });

  it('parses lists, booleans and URLs', () => {
    const config = loadConfig({ CORS_ORIGINS: 'http://a.test, http://b.test', ALLOW_ANONYMOUS_READ: 'false', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
    expect(config.allowAnonymousRead).toBe(false);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('reads a level per module, and names each malformed entry', () => {
    expect(loadConfig({}).logLevels).toEqual({});
    expect(loadConfig({ LOG_LEVELS: 'Engine=debug, http=warn' }).logLevels).toEqual({ Engine: 'debug', http: 'warn' });
    expect(() => loadConfig({ LOG_LEVELS: 'Engine=loud,Realtime,http=info' })).toThrow(/LOG_LEVELS: each entry must be module=level[^]*"Engine=loud"[^]*LOG_LEVELS: [^]*"Realtime"/);
  });
});

describe('CONFIG_VARIABLES', () => {
  /** Every variable name loadConfig looks up, from an environment that records each lookup. */
  function variablesRead(values: Record<string, string>): string[] {
    const read = new Set<string>();
    const env = new Proxy(values, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return Reflect.get(target, name);
      },
      has(target, name) {
        if (typeof name === 'string') read.add(name);
        return Reflect.has(target, name);
      },
      ownKeys() {
        // Enumerating the environment would read variables this list cannot know of.
        throw new Error('loadConfig must look variables up by name');
      },
    });
    loadConfig(env);
    return [...read].sort();
  }

  it('is exactly the variables loadConfig reads, in development and in production', () => {
    expect(variablesRead({})).toEqual([...CONFIG_VARIABLES].sort());
    expect(variablesRead({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'p'.repeat(12) })).toEqual([...CONFIG_VARIABLES].sort());
  });
});

describe('docs/configuration.md', () => {
  it('documents every variable the config reads', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/configuration.md'), 'utf8');
    const missing = CONFIG_VARIABLES.filter((name) => !doc.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
