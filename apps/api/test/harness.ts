import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { UsersService } from '@neurograph/server-auth';
import { MetricsService } from '@neurograph/server-observability';
import { loadConfig } from '@neurograph/server-config';
import { isolatedSchemaUrl } from '@neurograph/server-persistence';
import { createApp } from '../src/app/create-app';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const onPostgres = Boolean(process.env.DATABASE_URL);

/** Where an app keeps its data: a fresh PostgreSQL schema in CI, otherwise a PGlite folder (or memory). */
export interface Storage {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function freshStorage(options: { onDisk?: boolean } = {}): Promise<Storage> {
  if (process.env.DATABASE_URL) {
    const { url, drop } = await isolatedSchemaUrl(process.env.DATABASE_URL);
    return { env: { DATABASE_URL: url, DATA_DIR: ':memory:' }, dispose: drop };
  }
  if (!options.onDisk) return { env: { DATA_DIR: ':memory:' }, dispose: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'neurograph-api-'));
  return { env: { DATA_DIR: dir, JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789' }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningApi {
  app: INestApplication;
  url: string;
  /** `http://127.0.0.1:<port>`, where `/realtime` and `/ws` are served. */
  origin: string;
  close(): Promise<void>;
}

/** Boots the real api (same code as `npm start`) on an ephemeral loopback port, or on `port` to stand in for a restarted one. */
export async function startApi(env: Record<string, string> = {}, port = 0): Promise<RunningApi> {
  // REDIS_URL (set by CI) puts the rate-limit buckets in the real Redis.
  // Each app gets its own key prefix: suites running side by side must not hear each other's events.
  const redis = process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `ng-test:${randomUUID()}:` } : {};
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_PASSWORD, RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000', ANONYMOUS_RATE_LIMIT_PER_SECOND: '100000', ...redis, ...env, PORT: '0' });
  const app = await createApp(config);
  await app.init();
  await app.get(UsersService).ensureFirstAdmin();
  await app.listen(port, '127.0.0.1');
  const { port: bound } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${bound}/api/v1`, origin: `http://127.0.0.1:${bound}`, close: () => app.close() };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny HTTP client over fetch with the caller's credentials. */
export class Client {
  constructor(
    readonly base: string,
    public headers: Record<string, string> = {},
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...this.headers, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.base + path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (Prometheus text, HTML docs)
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  withBearer(token: string): Client {
    return new Client(this.base, { authorization: `Bearer ${token}` });
  }
}

export async function login(base: string, username: string, password: string): Promise<Client> {
  const reply = await new Client(base).post('/auth/login', { username, password });
  if (reply.status !== 200) throw new Error(`login ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return new Client(base).withBearer(reply.body.accessToken);
}

/** Signs in as admin and creates one user per other role, returning a client for each. */
export async function principals(base: string): Promise<Record<'admin' | 'developer' | 'viewer' | 'bot' | 'anonymous', Client>> {
  const admin = await login(base, 'admin', ADMIN_PASSWORD);
  const clients = { admin, anonymous: new Client(base) } as Record<'admin' | 'developer' | 'viewer' | 'bot' | 'anonymous', Client>;
  for (const role of ['developer', 'viewer', 'bot'] as const) {
    const password = `${role}-password-123`;
    const created = await admin.post('/users', { username: `${role}-user`, password, role });
    if (created.status !== 201) throw new Error(`create ${role}: ${created.status} ${JSON.stringify(created.body)}`);
    clients[role] = await login(base, `${role}-user`, password);
  }
  return clients;
}

export const vec = (...xs: number[]): number[] => Array.from({ length: 8 }, (_, i) => xs[i] ?? 0.5);

/** A metric's value in the app's own registry, summed over the series whose labels include `labels`. */
export async function metric(api: RunningApi, name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await api.app.get(MetricsService).registry.getSingleMetric(name)?.get())?.values ?? [];
  return found.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((n, v) => n + v.value, 0);
}
