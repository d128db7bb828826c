import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isolatedSchemaUrl } from '@neurograph/server-persistence';
import { describeRequiring, launchServer, type ServerProcess } from '@neurograph/server-testing';

export const ROOT = join(__dirname, '../../..');
export const ADMIN_PASSWORD = 'gateway-suite-admin-password';

/** Several processes share a database and a bus only on real PostgreSQL and Redis: without them, skipped (failed in CI). */
export const describeWithStores = describeRequiring(process.env['DATABASE_URL'] && process.env['REDIS_URL'] ? undefined : 'PostgreSQL and Redis (DATABASE_URL and REDIS_URL)');

/**
 * What every process of one suite's deployment shares, apart from other suites: its own PostgreSQL
 * schema and Redis prefix, one JWT secret, the first admin's password.
 */
export async function isolatedStores(name: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const schema = await isolatedSchemaUrl(process.env['DATABASE_URL']!);
  const env = {
    DATABASE_URL: schema.url,
    REDIS_URL: process.env['REDIS_URL']!,
    REDIS_PREFIX: `ng-${name}-${randomUUID()}:`,
    JWT_SECRET: `${name}-test-secret-0123456789-abcdefghijklmnop`,
    ADMIN_PASSWORD,
  };
  return { env, drop: schema.drop };
}

/** A built server bundle started as a cluster runs it. */
export const launch = (app: 'api' | 'gateway', env: Record<string, string>): Promise<ServerProcess> => launchServer(join(ROOT, 'dist/apps', app, 'main.cjs'), env, app);

export async function rest(origin: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

export const login = async (origin: string, username: string, password: string): Promise<string> => (await rest(origin, 'POST', '/auth/login', undefined, { username, password })).body.accessToken;

/** One api and its gateways on isolated stores, as a cluster runs them, with the admin signed in. */
export interface Cluster {
  api: ServerProcess;
  gateways: ServerProcess[];
  admin: string;
  /** What every process of the cluster was started with (its Redis prefix, say). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function launchCluster(name: string, gatewayCount: number, env: Record<string, string> = {}): Promise<Cluster> {
  const stores = await isolatedStores(name);
  const shared = { ...stores.env, DRAIN_MS: '0', ...env };
  const api = await launch('api', shared);
  const gateways = await Promise.all(Array.from({ length: gatewayCount }, () => launch('gateway', { ...shared, API_URL: api.origin })));
  return {
    api,
    gateways,
    admin: await login(api.origin, 'admin', ADMIN_PASSWORD),
    env: shared,
    stop: async () => {
      await Promise.all([api, ...gateways].map((p) => p.kill()));
      await stores.drop();
    },
  };
}
