import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Permission, permissionsOf, type Principal } from '@neurograph/rbac';
import { ADMIN_PASSWORD, Client, freshStorage, login, principals, type RunningApi, startApi, type Storage } from './harness';

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

/** Every sweep sends the same request to a route: no body for GET and DELETE, an empty JSON object otherwise. */
function send(client: Client, op: Operation) {
  return client.request(op.method, url(op.path), op.method === 'GET' || op.method === 'DELETE' ? undefined : {});
}

/** The endpoint table of docs/api.md: `| area | \`METHOD /path\` | permission or public |`, paths under /api/v1. */
function documentedRoutes(): string[] {
  const markdown = readFileSync(join(__dirname, '../../../docs/api.md'), 'utf8');
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Endpoints'));
  if (section === undefined) throw new Error('docs/api.md has no "## Endpoints" section');
  return [...section.matchAll(/^\| [\w-]+ \| `(GET|POST|PUT|PATCH|DELETE) (\/\S*)` \| `?([\w:]+)`? \|$/gm)].map(([, method, path, access]) => `${method} /api/v1${path} ${access}`);
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

it('serves exactly the routes docs/api.md lists, each with the permission it names', () => {
  const documented = documentedRoutes();
  expect(documented.length).toBeGreaterThan(0);
  const served = operations.map((o) => `${o.method} ${o.path} ${o.isPublic ? 'public' : (o.permission ?? 'undeclared')}`);
  expect([...documented].sort()).toEqual([...served].sort());
});

it('finds every route of the OpenAPI document declaring a permission or being public', () => {
  const undeclared = operations.filter((o) => !o.isPublic && !o.permission).map((o) => `${o.method} ${o.path}`);
  expect(undeclared).toEqual([]);
  const publicRoutes = operations.filter((o) => o.isPublic).map((o) => `${o.method} ${o.path}`).sort();
  expect(publicRoutes).toEqual(['GET /api/v1/health/live', 'GET /api/v1/health/ready', 'GET /api/v1/health/startup', 'POST /api/v1/auth/login', 'POST /api/v1/auth/refresh']);
});

it.each(['admin', 'developer', 'viewer', 'bot', 'anonymous'] as const)('answers %s exactly as the permission table says, on every route', async (principal) => {
  const granted = permissionsOf(principal);
  const wrong: string[] = [];
  for (const op of operations) {
    const reply = await send(clients[principal], op);
    const allowed = op.isPublic || granted.has(op.permission!);
    const expected = allowed ? 'allowed' : principal === 'anonymous' ? 401 : 403;
    const ok = allowed ? reply.status !== 401 && reply.status !== 403 && reply.status < 500 : reply.status === expected;
    if (!ok) wrong.push(`${op.method} ${op.path} (${op.permission ?? 'public'}): expected ${expected}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 120)}`);
  }
  expect(wrong).toEqual([]);
}, 60_000);

describe('refused credentials', () => {
  /**
   * 401 on every route that needs a principal (with `code`, when given); public routes answer
   * refused credentials as they answer a caller without any, since the guard lets them through anonymously.
   */
  async function expectAll401(client: Client, code?: string) {
    const anonymous = new Client(client.base);
    const wrong: string[] = [];
    for (const op of operations) {
      const reply = await send(client, op);
      if (op.isPublic) {
        const expected = (await send(anonymous, op)).status;
        if (reply.status !== expected) wrong.push(`${op.method} ${op.path} (public): expected ${expected} as for an anonymous caller, got ${reply.status}`);
      } else if (reply.status !== 401 || (code !== undefined && reply.body?.code !== code)) {
        wrong.push(`${op.method} ${op.path}: expected 401 ${code ?? ''}, got ${reply.status} ${reply.body?.code}`);
      }
    }
    expect(wrong).toEqual([]);
  }

  it('an expired access token, also one that was accepted before it expired', async () => {
    const accepted = await login(api.url, 'admin', ADMIN_PASSWORD);
    const unseen = await login(api.url, 'admin', ADMIN_PASSWORD);
    expect((await accepted.get('/status')).status).toBe(200);
    // Both tokens as login issued them (ACCESS_TOKEN_TTL_S); the clock moves a second past their expiry.
    const expiry = Math.max(...[accepted, unseen].map((c) => (JSON.parse(Buffer.from(c.headers.authorization.split('.')[1], 'base64url').toString()) as { exp: number }).exp));
    const realNow = Date.now;
    const skew = expiry * 1000 + 1000 - realNow();
    Date.now = () => realNow() + skew;
    try {
      await expectAll401(accepted, 'TOKEN_EXPIRED');
      await expectAll401(unseen, 'TOKEN_EXPIRED');
    } finally {
      Date.now = realNow;
    }
  }, 60_000);

  it('a token with alg "none", and one signed with another key', async () => {
    const admin = await login(api.url, 'admin', ADMIN_PASSWORD);
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
