import { createHmac } from 'node:crypto';
import { type Permission, permissionsOf, type Principal } from '@neurograph/rbac';
import { Client, freshStorage, login, principals, type RunningApi, startApi, type Storage } from './harness';

interface Operation {
  method: string;
  path: string;
  permission?: Permission;
  isPublic: boolean;
}

let api: RunningApi;
let storage: Storage;
let clients: Record<Principal, Client>;
let operations: Operation[];

const PLACEHOLDERS: Record<string, string> = { space: 'default', id: '1', name: 'balanced', version: '1' };

function url(path: string): string {
  return path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, (_, name: string) => PLACEHOLDERS[name] ?? 'x');
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

beforeAll(async () => {
  storage = await freshStorage();
  api = await startApi(storage.env);
  clients = await principals(api.url);
  const document = (await clients.anonymous.get('/openapi.json')).body;
  operations = [];
  for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      operations.push({ method: method.toUpperCase(), path, permission: operation['x-permission'] as Permission | undefined, isPublic: operation['x-public'] === true });
    }
  }
  // Logging out ends the caller's session, so it goes last.
  operations.sort((a, b) => Number(a.path.endsWith('/auth/logout')) - Number(b.path.endsWith('/auth/logout')));
}, 60_000);
afterAll(async () => {
  await api.close();
  await storage.dispose();
});

it('finds every route of 02-api.md in the OpenAPI document, each declaring a permission or being public', () => {
  expect(operations.length).toBeGreaterThan(60);
  const undeclared = operations.filter((o) => !o.isPublic && !o.permission).map((o) => `${o.method} ${o.path}`);
  expect(undeclared).toEqual([]);
  const publicRoutes = operations.filter((o) => o.isPublic).map((o) => `${o.method} ${o.path}`).sort();
  expect(publicRoutes).toEqual(['GET /api/v1/health/live', 'GET /api/v1/health/ready', 'GET /api/v1/health/startup', 'POST /api/v1/auth/login', 'POST /api/v1/auth/refresh']);
});

it.each(['admin', 'developer', 'viewer', 'bot', 'anonymous'] as const)('answers %s exactly as the permission table says, on every route', async (principal) => {
  const granted = permissionsOf(principal);
  const wrong: string[] = [];
  for (const op of operations) {
    const reply = await clients[principal].request(op.method, url(op.path), op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
    const allowed = op.isPublic || granted.has(op.permission!);
    const expected = allowed ? 'allowed' : principal === 'anonymous' ? 401 : 403;
    const ok = allowed ? reply.status !== 401 && reply.status !== 403 && reply.status < 500 : reply.status === expected;
    if (!ok) wrong.push(`${op.method} ${op.path} (${op.permission ?? 'public'}): expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 120)}`);
  }
  expect(wrong).toEqual([]);
}, 60_000);

describe('refused credentials', () => {
  const protectedOps = () => operations.filter((o) => !o.isPublic);

  async function expectAll401(client: Client) {
    const wrong: string[] = [];
    for (const op of protectedOps()) {
      const reply = await client.request(op.method, url(op.path), op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
      if (reply.status !== 401) wrong.push(`${op.method} ${op.path}: ${reply.status}`);
    }
    expect(wrong).toEqual([]);
  }

  it('an expired access token, also one that was accepted before it expired', async () => {
    const short = await startApi({ ...storage.env, ACCESS_TOKEN_TTL_S: '10', JWT_SECRET: 'expiry-test-secret-0123456789-0123456789' });
    try {
      const client = await login(short.url, 'admin', 'admin-password-for-tests');
      expect((await client.get('/status')).status).toBe(200);
      const realNow = Date.now;
      Date.now = () => realNow() + 11_000;
      try {
        const reply = await client.get('/status');
        expect(reply).toMatchObject({ status: 401, body: { code: 'TOKEN_EXPIRED' } });
      } finally {
        Date.now = realNow;
      }
    } finally {
      await short.close();
    }
  }, 30_000);

  it('a token with alg "none", and one signed with another key', async () => {
    const admin = await login(api.url, 'admin', 'admin-password-for-tests');
    const me = (await admin.get('/auth/me')).body;
    expect(me.role).toBe('admin');
    const claims = { sub: me.id, role: 'admin', jti: 'x', sid: 'y', exp: Math.floor(Date.now() / 1000) + 600 };
    const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    await expectAll401(new Client(api.url).withBearer(none));
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const body = base64url(claims);
    const forged = `${header}.${body}.${createHmac('sha256', 'some-other-secret-of-sufficient-length').update(`${header}.${body}`).digest('base64url')}`;
    await expectAll401(new Client(api.url).withBearer(forged));
  }, 60_000);

  it('a revoked API key, refused at once', async () => {
    const developer = await login(api.url, 'developer-user', 'developer-password-123');
    const created = await developer.post('/api-keys', { name: 'short-lived' });
    expect(created.status).toBe(201);
    const key = new Client(api.url, { 'x-api-key': created.body.key });
    expect((await key.get('/modules')).status).toBe(200);
    expect((await developer.post(`/api-keys/${created.body.apiKey.id}/revoke`)).status).toBe(200);
    await expectAll401(key);
  }, 60_000);
});
