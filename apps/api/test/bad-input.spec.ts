import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { ADMIN_PASSWORD, Client, freshStorage, login, type Reply, type RunningApi, startApi, type Storage } from './harness';

let api: RunningApi;
let storage: Storage;
let client: Client;
let operations: { method: string; path: string; isPublic: boolean }[];

beforeAll(async () => {
  storage = await freshStorage();
  api = await startApi(storage.env);
  const admin = await login(api.url, 'admin', ADMIN_PASSWORD);
  // An admin API key: every route is reachable, and logging out cannot end the key.
  client = new Client(api.url, { 'x-api-key': (await admin.post('/api-keys', { name: 'fuzz' })).body.key });
  const document = (await admin.get('/openapi.json')).body;
  operations = Object.entries<Record<string, { 'x-public'?: boolean }>>(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path: path.replace(/^\/api\/v1/, ''), isPublic: operation['x-public'] === true })),
  );
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

/*
 * Headers. Every generated request is one the route would otherwise answer the same way each time
 * (params name nothing that exists, bodies are `{}`), so its "normal answer" is measured once per
 * route, and a header either changes it exactly as the HTTP layer promises or not at all. In order
 * of precedence:
 *   - URL and headers over 16 KiB: 431 HEADERS_TOO_LARGE naming `headers` (before routing);
 *   - a body that is not utf-8 JSON (content-type missing, another media type, another charset) on
 *     any method but GET: 415 UNSUPPORTED_MEDIA_TYPE naming `content-type` (before the guard);
 *   - a bad credential on a non-public route: 401 (`x-api-key` is the credential whenever it is
 *     present, else `authorization`, which must be `Bearer <one token>`), with `WWW-Authenticate`;
 *     public routes answer such callers as anonymous ones;
 *   - anything else (odd accept, conditionals, ranges, forwarding headers, request ids): the normal
 *     answer, with the caller's request id echoed only when it is a safe token.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const API_KEY_SHAPE = /^ng_live_[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** What fetch sends unchanged: visible ASCII and latin-1 (it refuses controls and anything above U+00FF). */
const visible = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0x21, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0xa1, max: 0xff }) }).map((code) => String.fromCharCode(code));
/** Plus whitespace, which fetch (like Node's parser) trims at either end of a value but keeps inside it. */
const headerText = (maxLength: number) => fc.string({ unit: fc.oneof({ weight: 8, arbitrary: visible }, fc.constantFrom(' ', '\t', '\u0085', '\u00a0')), maxLength });
const word = (minLength: number, maxLength: number) => fc.string({ unit: visible, minLength, maxLength });
const trimmed = (value: string) => value.replace(/^[\t ]+|[\t ]+$/g, '');
const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

interface ContentTypeCase {
  /** undefined: no content-type at all (a body then goes untyped). */
  value: string | undefined;
  refusal?: 'json' | 'charset';
}
const jsonMediaType = fc.constantFrom('application/json', 'APPLICATION/JSON', 'Application/Json', 'application/problem+json', 'application/vnd.neurograph.v1+json', 'application/merge-patch+json');
const withParameters = (media: fc.Arbitrary<string>, parameter: fc.Arbitrary<string>) =>
  fc.tuple(media, fc.array(fc.tuple(fc.constantFrom(';', '; ', ' ;'), parameter), { maxLength: 3 })).map(([type, parameters]) => type + parameters.map(([separator, p]) => separator + p).join(''));
const harmlessParameter = fc.constantFrom('charset=utf-8', 'charset=UTF-8', 'Charset=Utf8', 'charset="utf-8"', 'charset=', 'foo=bar', 'boundary=x', 'q=0.5', 'x="a b"', 'x="a;charset=latin1"', 'garbage', '');
const notJsonMediaType = fc.oneof(
  fc.constantFrom('text/plain', 'text/json', 'text/html; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'application/xml', 'application/octet-stream', 'application/jsonx', 'application/json5', 'application/x-json', 'application/json-patch', 'application/ld+json+x', 'application/json, application/json', 'application/jso n', 'application\\json', '*/*', 'application/*', 'application/', '/json', 'json', '/', ';charset=utf-8'),
  headerText(40).filter((value) => !/json/i.test(value)),
);
const badCharset = fc.oneof(
  fc.constantFrom('latin1', 'ISO-8859-1', 'utf-16', 'UTF-16LE', 'utf-32', 'us-ascii', 'utf-7', 'utf_8', 'utf-8x', 'utf--8', 'cp1252', 'é', '"utf-16"'),
  word(1, 20).filter((value) => !/[;"]/.test(value) && !/^utf-?8$/i.test(value)),
);
const contentType: fc.Arbitrary<ContentTypeCase> = fc.oneof(
  { weight: 3, arbitrary: withParameters(jsonMediaType, harmlessParameter).map((value) => ({ value })) },
  { weight: 2, arbitrary: withParameters(notJsonMediaType, harmlessParameter).map((value) => ({ value, refusal: 'json' as const })) },
  { weight: 2, arbitrary: fc.tuple(jsonMediaType, fc.constantFrom('charset=', 'CHARSET=', 'charset = '), badCharset).map(([type, name, charset]) => ({ value: `${type}; ${name}${charset}`, refusal: 'charset' as const })) },
  { weight: 1, arbitrary: fc.constant({ value: undefined, refusal: 'json' as const }) },
);

/** A long word (100 B to 4 KB; two of them and a long key stay under the 16 KiB of headers): a short word repeated, as fast to generate. */
const long = fc.tuple(word(1, 16), fc.integer({ min: 100, max: 1000 })).map(([w, times]) => w.repeat(times).slice(0, 4000));
/** Bearer tokens that are not ours: random words, JWTs unsigned, signed elsewhere or not JWTs at all, key-shaped strings, long ones. */
const jwtHeader = fc.constantFrom({ alg: 'HS256', typ: 'JWT' }, { alg: 'none' }, { alg: 'RS256' }, { alg: 'HS512' }, { alg: 'HS256', kid: '../../etc/passwd' });
const jwtClaims = fc.record({ sub: fc.oneof(fc.uuid(), fc.string({ maxLength: 10 })), role: fc.constantFrom('admin', 'root'), sid: fc.uuid(), exp: fc.integer({ min: 0, max: 4_000_000_000 }) }, { requiredKeys: [] });
const foreignJwt = fc.tuple(jwtHeader, jwtClaims, fc.string({ maxLength: 12 })).map(([header, claims, secret]) => {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${header.alg === 'none' ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
});
const keyShaped = fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 43, maxLength: 43 }).map((rest) => `ng_live_${rest}`);
const bearerToken = fc.oneof(word(1, 64), foreignJwt, keyShaped, fc.string({ unit: fc.constantFrom(...KEY_CHARS), maxLength: 60 }).map((rest) => `ng_live_${rest}`), long);
const huge = fc.tuple(fc.constantFrom('Bearer ', 'Basic ', ''), fc.integer({ min: 17_000, max: 24_000 })).map(([prefix, length]) => prefix + 'x'.repeat(length));

type Fault = { status: 431 } | { status: 401; code: string; header: 'authorization' | 'x-api-key'; scheme: boolean };
interface CredentialsCase {
  headers: Record<string, string>;
  fault?: Fault;
}

/** Who the request claims to be, built around the fuzz client's real key. */
function credentials(key: string): fc.Arbitrary<CredentialsCase> {
  const tokenFault = (token: string): Fault => ({ status: 401, code: API_KEY_SHAPE.test(token) ? 'INVALID_API_KEY' : 'INVALID_TOKEN', header: 'authorization', scheme: false });
  const schemeFault: Fault = { status: 401, code: 'INVALID_TOKEN', header: 'authorization', scheme: true };
  const keyFault: Fault = { status: 401, code: 'INVALID_API_KEY', header: 'x-api-key', scheme: false };
  // Anything but one "Bearer" and one token: other schemes, no token, two tokens, a bare token.
  const badScheme = fc.oneof(
    fc.tuple(fc.constantFrom('Basic', 'Digest', 'Token', 'JWT', 'ApiKey', 'Bearer:', 'Bearer,', 'Bearer=', 'Bearerx', 'Beare'), fc.constantFrom(' ', '\t'), bearerToken).map((parts) => parts.join('')),
    fc.tuple(fc.constantFrom('Bearer', 'bearer'), bearerToken, bearerToken).map((parts) => parts.join(' ')),
    fc.constantFrom('', 'Bearer', 'bearer ', ' Bearer\t ', 'Bearer\u00a0', key),
    bearerToken,
    headerText(64).map((value) => `Basic ${value}`),
  );
  const bearer = fc.tuple(fc.constantFrom('Bearer ', 'bearer ', 'BEARER  ', 'Bearer\t'), bearerToken);
  const badKey = fc.oneof(
    headerText(64),
    keyShaped,
    long,
    fc.constantFrom(`Bearer ${key}`, key.toUpperCase(), key.slice(0, -1), `${key}x`, `${key},${key}`),
    fc.tuple(fc.nat(key.length - 1), fc.constantFrom(...KEY_CHARS)).map(([at, c]) => key.slice(0, at) + (key[at] === c ? (c === 'A' ? 'B' : 'A') : c) + key.slice(at + 1)),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ headers: { 'x-api-key': key } }) },
    { weight: 1, arbitrary: fc.constant({ headers: { authorization: `Bearer ${key}` } }) },
    { weight: 2, arbitrary: badScheme.map((authorization) => ({ headers: { authorization }, fault: schemeFault })) },
    { weight: 2, arbitrary: bearer.map(([scheme, token]) => ({ headers: { authorization: scheme + token }, fault: tokenFault(token) })) },
    // x-api-key, when sent, is the credential: a good bearer token next to it does not rescue it...
    { weight: 2, arbitrary: fc.tuple(badKey, fc.option(fc.oneof(fc.constant(`Bearer ${key}`), badScheme), { nil: undefined })).map(([apiKey, authorization]) => ({ headers: { 'x-api-key': apiKey, ...(authorization === undefined ? {} : { authorization }) }, fault: keyFault })) },
    // ...and a bad Authorization next to a good key is not read.
    { weight: 1, arbitrary: fc.oneof(badScheme, bearer.map((parts) => parts.join(''))).map((authorization) => ({ headers: { 'x-api-key': key, authorization } })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('authorization', 'x-api-key'), huge).map(([name, value]) => ({ headers: { [name]: value }, fault: { status: 431 as const } })) },
  );
}

const safeIdChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-');
const requestId = fc.oneof(
  fc.string({ unit: safeIdChar, minLength: 1, maxLength: 128 }),
  fc.string({ unit: safeIdChar, minLength: 129, maxLength: 1000 }),
  fc.tuple(fc.string({ unit: safeIdChar, maxLength: 20 }), headerText(3), fc.string({ unit: safeIdChar, maxLength: 20 })).map((parts) => parts.join('')),
  fc.constantFrom('', 'null', '../../etc/passwd', '<script>', '${jndi:ldap://x}', '%0d%0aset-cookie:x', 'é', '"quoted"', 'id with spaces', 'a'.repeat(128), 'a'.repeat(129)),
);

/** Headers the API does not act on: they never change an answer (no 304, 406, 412 or 416 here). */
const ignoredHeaders = fc.dictionary(
  fc.constantFrom('accept', 'accept-encoding', 'accept-language', 'if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since', 'if-range', 'range', 'cache-control', 'pragma', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded', 'origin', 'referer', 'user-agent', 'cookie', 'x-http-method-override', 'prefer'),
  fc.oneof(
    fc.constantFrom('*', '"x"', 'W/"x", "y"', '*/*;q=0', 'application/xml', 'text/html', 'application/json;q=0', 'image/png', ';;;,,q=x', 'identity;q=0, garbage;q=2', 'bytes=0-0', 'bytes=-1', 'bytes=x-y', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'garbage', 'null', '::1', '127.0.0.1, 10.0.0.1, garbage', 'for="[::1]";proto=https', 'DELETE', 'max-age=-1', 'a=b; c', ''),
    headerText(64),
  ),
  { maxKeys: 3 },
);

interface Answer {
  status: number;
  code?: string;
  contentType: string | null;
}
const answerOf = (reply: Reply): Answer => ({ status: reply.status, code: reply.body?.code, contentType: reply.headers.get('content-type') });
const sendsBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

it('answers generated invalid headers on every route exactly as the HTTP layer promises, never a 500', async () => {
  const key = client.headers['x-api-key'];
  const anonymous = new Client(api.url);
  // Each route's normal answer to a request that changes nothing, as its caller and as nobody.
  const targets = [];
  for (const op of operations) {
    const path = toPath(op.path, ['nonexistent']);
    const body = sendsBody(op.method) ? '{}' : undefined;
    const normal = answerOf(await client.request(op.method, path, body));
    const anonymously = answerOf(await anonymous.request(op.method, path, body));
    expect(normal.status).toBeLessThan(500);
    targets.push({ ...op, path, body, normal, anonymously });
  }

  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...targets), credentials(key), contentType, fc.option(requestId, { nil: undefined }), ignoredHeaders, async (target, who, type, id, ignored) => {
      const headers: Record<string, string> = { ...ignored, ...who.headers };
      if (type.value !== undefined) headers['content-type'] = type.value;
      if (id !== undefined) headers['x-request-id'] = id;
      const reply =
        type.value === undefined && target.body !== undefined
          ? await untyped(target.method, target.path, target.body, headers)
          : await anonymous.request(target.method, target.path, target.body, headers);
      assertProblem(reply, `${target.method} ${target.path} ${JSON.stringify(headers).slice(0, 300)}`);

      const parsesBody = target.method !== 'GET' && (type.value !== undefined || target.body !== undefined);
      if (who.fault?.status === 431) {
        expect(reply.status).toBe(431);
        expect(reply.body).toMatchObject({ code: 'HEADERS_TOO_LARGE', errors: [{ field: 'headers', rule: 'maxBytes' }] });
        // Answered before the headers are read: always a new id, in the header and the body.
        expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(reply.body.requestId).toBe(reply.headers.get('x-request-id'));
        return;
      }
      if (parsesBody && type.refusal) {
        expect(reply.status).toBe(415);
        expect(reply.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', errors: [{ field: 'content-type', rule: type.refusal }] });
      } else if (who.fault && !target.isPublic) {
        expect(reply.status).toBe(401);
        expect(reply.headers.get('www-authenticate')).toBe('Bearer');
        expect(reply.body.code).toBe(who.fault.code);
        if (who.fault.scheme) expect(reply.body.errors).toEqual([{ field: 'authorization', rule: 'scheme', message: 'must be Bearer' }]);
        // A refused token or key names the header that carried it.
        else expect(reply.body.errors).toEqual([{ field: who.fault.header, rule: 'valid', message: expect.any(String) }]);
      } else {
        expect(answerOf(reply)).toEqual(who.fault ? target.anonymously : target.normal);
      }

      const given = id === undefined ? undefined : trimmed(id);
      const echoed = reply.headers.get('x-request-id');
      if (given !== undefined && SAFE_REQUEST_ID.test(given)) expect(echoed).toBe(given);
      else expect(echoed).toMatch(UUID);
      if (reply.status >= 400) expect(reply.body.requestId).toBe(echoed);
    }),
    { numRuns: 800 },
  );

  expect((await client.get('/status')).status).toBe(200);
  expect((await anonymous.get('/health/live')).status).toBe(200);
}, 120_000);

/** The one request Client cannot make: a body with no content-type (fetch labels every string body text/plain). */
async function untyped(method: string, path: string, body: string, headers: Record<string, string>): Promise<Reply> {
  const response = await fetch(api.url + path, { method, headers, body: Buffer.from(body) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

it('still serves after all of that', async () => {
  expect((await new Client(api.url).get('/health/live')).status).toBe(200);
  expect((await client.post('/signals', { payload: 'still here' })).status).toBe(200);
});
