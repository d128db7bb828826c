import { join } from 'node:path';
import { launchServer, type ServerProcess } from '@neurograph/server-testing';

export const ROOT = join(__dirname, '../../..');

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
