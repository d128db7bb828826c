import fc from 'fast-check';
import { ADMIN_PASSWORD, Client, freshStorage, login, type Reply, type RunningApi, startApi, type Storage } from './harness';

let api: RunningApi;
let storage: Storage;
let client: Client;
let operations: { method: string; path: string }[];

beforeAll(async () => {
  storage = await freshStorage();
  api = await startApi(storage.env);
  const admin = await login(api.url, 'admin', ADMIN_PASSWORD);
  // An admin API key: every route is reachable, and logging out cannot end the key.
  client = new Client(api.url, { 'x-api-key': (await admin.post('/api-keys', { name: 'fuzz' })).body.key });
  const document = (await admin.get('/openapi.json')).body;
  operations = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method: method.toUpperCase(), path: path.replace(/^\/api\/v1/, '') })));
}, 60_000);
afterAll(async () => {
  await api.close();
  await storage.dispose();
});

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '\u0000', 'é', '💥');
const hostileNumber = fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e308, -0, 2 ** 53 + 1, 1e-320);
const hostileString = fc.oneof(fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '\u0000', '\uD800', '💥'.repeat(1000), '<script>', '../../etc/passwd', "' or 1=1 --", '%00'), fc.string({ unit: 'binary', maxLength: 64 }));
const leaf = fc.oneof(fc.anything(), hostileNumber, hostileString, fc.constant(null));
const deep = fc.integer({ min: 50, max: 2000 }).map((depth) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
});
const body = fc.oneof(
  fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 12 })), leaf, { maxKeys: 6 }),
  fc.record({ vector: fc.array(leaf, { maxLength: 12 }), signals: fc.array(leaf, { maxLength: 5 }), config: leaf, cdna: leaf, enabled: leaf, name: leaf }, { requiredKeys: [] }),
  fc.array(leaf, { maxLength: 5 }),
  leaf,
  deep,
);
const segment = fc.oneof(hostileString, fc.constantFrom('%FF', '%', '..', '-1', '99999999999999999999', '1.5', 'a'.repeat(300)), fc.string({ maxLength: 20 }));
const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'since', 'until', 'novel', 'point', 'radius', 'from', 'to', 'root', 'depth', 'all', 'direction', 'beforeVersion'), fc.oneof(hostileString, fc.constant('-5'), fc.constant('1e9')), { maxKeys: 4 });

function assertProblem(reply: Reply, what: string): void {
  if (reply.status >= 500) throw new Error(`${what} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  if (reply.status >= 400) {
    if (reply.headers.get('content-type')?.startsWith('application/problem+json') !== true) throw new Error(`${what} → ${reply.status} without a problem document`);
    if (reply.body.status !== reply.status || typeof reply.body.code !== 'string') throw new Error(`${what} → malformed problem ${JSON.stringify(reply.body)}`);
    if (reply.body.code === 'VALIDATION_FAILED' && !(reply.body.errors?.length > 0 && reply.body.errors.every((e: { field?: unknown }) => typeof e.field === 'string'))) {
      throw new Error(`${what} → VALIDATION_FAILED without named fields: ${JSON.stringify(reply.body)}`);
    }
  }
}

/** Percent-encodes a segment; a lone surrogate becomes the invalid UTF-8 bytes it would be on the wire. */
function encodeSegment(segment: string): string {
  try {
    return encodeURIComponent(segment).replace(/%25(FF|$)/g, '%$1');
  } catch {
    return '%ED%A0%80';
  }
}

const toPath = (path: string, params: string[]) => {
  let i = 0;
  return path.replace(/\{\w+\}/g, () => encodeSegment(params[i++ % params.length]));
};

it('answers generated invalid bodies, params and queries on every route with a 4xx problem, never a 500', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...operations), body, fc.array(segment, { minLength: 1, maxLength: 3 }), query, async (op, payload, params, search) => {
      const path = toPath(op.path, params) + (Object.keys(search).length ? `?${new URLSearchParams(search)}` : '');
      let serialized: string;
      try {
        serialized = JSON.stringify(payload) ?? 'null';
      } catch {
        serialized = '{"unserializable":true}';
      }
      const reply = await client.request(op.method, path, op.method === 'GET' ? undefined : serialized, { 'content-type': 'application/json' });
      assertProblem(reply, `${op.method} ${path} ${serialized.slice(0, 200)}`);
    }),
    { numRuns: 1500 },
  );
}, 180_000);

it('refuses malformed JSON, wrong content types, oversize bodies and bad credentials with problems', async () => {
  const cases: [string, string, string | undefined, Record<string, string>][] = [
    ['POST', '/signals', '{"vector": [1,2,', { 'content-type': 'application/json' }],
    ['POST', '/signals', 'vector=1', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['POST', '/signals', 'hello', { 'content-type': 'text/plain' }],
    ['POST', '/signals', JSON.stringify({ payload: 'x'.repeat(2 * 1024 * 1024) }), { 'content-type': 'application/json' }],
    ['POST', '/signals/batch', JSON.stringify({ signals: Array.from({ length: 1001 }, () => ({ payload: 'x' })) }), { 'content-type': 'application/json' }],
    ['POST', '/signals', '{"payload":"x"}', { 'content-type': 'application/json; charset=latin-9' }],
    ['GET', '/status', undefined, { authorization: 'Basic abc' }],
    ['GET', '/status', undefined, { authorization: 'Bearer ' + 'x'.repeat(5000) }],
    ['GET', '/status', undefined, { 'x-api-key': 'ng_live_' + 'A'.repeat(43) }],
    ['GET', '/spaces/%FF', undefined, {}],
  ];
  const statuses: number[] = [];
  for (const [method, path, raw, headers] of cases) {
    const reply = await new Client(api.url, headers['x-api-key'] || headers.authorization ? {} : client.headers).request(method, path, raw, headers);
    assertProblem(reply, `${method} ${path}`);
    statuses.push(reply.status);
  }
  expect(statuses).toEqual([400, 415, 415, 413, 400, 415, 401, 401, 401, 400]);
});

it('lets a batch be larger than other bodies: the batch route has its own limit', async () => {
  const signals = Array.from({ length: 200 }, (_, i) => ({ payload: `${i} ${'x'.repeat(6000)}`, space: 'large-batch' }));
  const body = JSON.stringify({ signals });
  expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
  const reply = await client.post('/signals/batch', { signals });
  expect(reply.status).toBe(200);
  expect(reply.body.accepted).toBe(200);
});

it('still serves after all of that', async () => {
  expect((await new Client(api.url).get('/health/live')).status).toBe(200);
  expect((await client.post('/signals', { payload: 'still here' })).status).toBe(200);
});
