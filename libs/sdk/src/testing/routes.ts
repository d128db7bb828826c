import {
  batchResponse,
  type Me,
  moduleInfo,
  type Page,
  type SearchRequest,
  type SignalRecord,
  type SpaceStats,
  type SpaceSummary,
  type SystemStatus,
  type Token,
} from '@neurograph/contracts';
import { bfs, Constitution, type CdnaPatch, type NewToken, PROFILE_SETTINGS, PROFILES, type ProfileName, type Space, spreadActivation, subgraph, type TokenPatch } from '@neurograph/core';
import { isPermission, isRole, permissionsOf } from '@neurograph/rbac';
import { type Route, type RouteContext, route } from './router.js';
import { FakeProblem, type FakeState } from './state.js';

type Body = Record<string, unknown>;

/** The request body as an object (the API refuses anything else before a handler runs). */
function objectBody(context: RouteContext): Body {
  const { body } = context;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw FakeProblem.validation('body', 'must be a JSON object');
  return body as Body;
}

function field<T>(body: Body, name: string, type: 'string' | 'number' | 'boolean' | 'object', required: true): T;
function field<T>(body: Body, name: string, type: 'string' | 'number' | 'boolean' | 'object', required?: false): T | undefined;
function field<T>(body: Body, name: string, type: 'string' | 'number' | 'boolean' | 'object', required = false): T | undefined {
  const value = body[name];
  if (value === undefined) {
    if (required) throw FakeProblem.validation(name, 'is required');
    return undefined;
  }
  if (typeof value !== type || value === null || (type === 'object' && Array.isArray(value))) throw FakeProblem.validation(name, `must be ${type === 'object' ? 'an object' : `a ${type}`}`);
  return value as T;
}

function limitOf(query: URLSearchParams, max = 1000, fallback = 50): number {
  const limit = Number(query.get('limit') ?? fallback);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw FakeProblem.validation('limit', `must be an integer from 1 to ${max}`);
  return limit;
}

function integerParam(value: string | undefined, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw FakeProblem.validation(name, 'must be a non-negative integer');
  return number;
}

/** The API's `sensor` is the engine's `sensorId`, defaulting to `vector` or `text.chat`. */
function engineInput(signal: Body): Body {
  const { sensor, ...rest } = signal;
  return { ...rest, sensorId: sensor ?? (rest['vector'] !== undefined ? 'vector' : 'text.chat') };
}

const summary = (space: Space): SpaceSummary => ({ name: space.name, tokens: space.size, edges: space.graph.edgeCount, tick: space.tick });

function token(space: Space, id: number): Token {
  const found = space.token(id);
  if (!found) throw new FakeProblem(404, 'TOKEN_NOT_FOUND', `Token ${id} does not exist in space "${space.name}"`, [{ field: 'id', rule: 'exists', message: 'not found' }]);
  return found;
}

/** The routes the fake serves, each with the permission the API requires for it. */
export function fakeRoutes(state: FakeState): Route[] {
  const engine = state.engine;
  const author = (context: RouteContext) => context.principal.username ?? 'anonymous';
  const rule = (id: string) => {
    const found = engine.actions.rule(id);
    if (!found) throw FakeProblem.notFound('RULE_NOT_FOUND', `Rule "${id}"`);
    return found;
  };

  return [
    route('GET', '/health/:probe', undefined, () => ({ status: 'ok', info: { engine: { status: 'up' } }, error: {}, details: { engine: { status: 'up' } } })),
    route(
      'GET',
      '/status',
      'status:read',
      (): SystemStatus => ({
        status: 'ok',
        versions: { core: state.version, fake: state.version },
        startedAt: state.startedAt.toISOString(),
        uptimeS: Math.round((Date.now() - state.startedAt.getTime()) / 1000),
        engine: { spaces: engine.listSpaces().length, tokens: engine.listSpaces().reduce((n, s) => n + s.size, 0), writeBacklog: 0, writeLagMs: 0 },
        modules: engine.modules.list().map((m) => ({ id: m.descriptor.id, enabled: m.state.enabled, status: m.state.status })),
      }),
    ),

    route('POST', '/auth/login', undefined, (c) => state.login(field(objectBody(c), 'username', 'string', true), field(objectBody(c), 'password', 'string', true))),
    route('POST', '/auth/refresh', undefined, (c) => state.refresh(field(objectBody(c), 'refreshToken', 'string', true))),
    route('POST', '/auth/logout', 'session:self', (c) => state.logout(field(objectBody(c), 'refreshToken', 'string'))),
    route('GET', '/auth/me', 'session:self', ({ principal }): Me => {
      const user = state.users.get(principal.userId ?? '');
      if (!user) throw new FakeProblem(401, 'UNAUTHORIZED', 'Sign in first');
      const { password: _password, ...record } = user;
      return { ...record, permissions: [...permissionsOf(user.role, principal.scopes)], via: principal.via === 'apiKey' ? 'apiKey' : 'user', apiKeyId: principal.apiKeyId ?? null };
    }),

    route('GET', '/users', 'users:read', () => ({ items: [...state.users.values()].map(({ password: _password, ...user }) => user), nextCursor: null })),
    route('POST', '/users', 'users:write', (c) => {
      const body = objectBody(c);
      const username = field<string>(body, 'username', 'string', true);
      const role = field<string>(body, 'role', 'string', true);
      if (!isRole(role)) throw FakeProblem.validation('role', 'must be admin, developer, viewer or bot');
      if ([...state.users.values()].some((u) => u.username === username)) throw new FakeProblem(409, 'USER_EXISTS', `User "${username}" already exists`, [{ field: 'username', rule: 'unique', message: 'is taken' }]);
      const { password: _password, ...user } = state.addUser(username, field(body, 'password', 'string', true), role);
      state.record(c.principal, 'user.create', user.id);
      return user;
    }, 201),
    route('PATCH', '/users/:id', 'users:write', (c) => {
      const user = state.users.get(c.param('id'));
      if (!user) throw FakeProblem.notFound('USER_NOT_FOUND', `User ${c.param('id')}`);
      const body = objectBody(c);
      const role = field<string>(body, 'role', 'string');
      if (role !== undefined && !isRole(role)) throw FakeProblem.validation('role', 'must be admin, developer, viewer or bot');
      Object.assign(user, { ...(role && { role }), ...(body['disabled'] !== undefined && { disabled: field(body, 'disabled', 'boolean') }), ...(body['password'] !== undefined && { password: field(body, 'password', 'string') }) });
      state.record(c.principal, 'user.update', user.id);
      const { password: _password, ...record } = user;
      return record;
    }),
    route('GET', '/api-keys', 'apikeys:own', ({ principal }) => ({ items: state.keysOf(principal.userId ?? ''), nextCursor: null })),
    route('POST', '/api-keys', 'apikeys:own', (c) => {
      const body = objectBody(c);
      const owned = permissionsOf(c.principal.role, c.principal.scopes);
      const scopes = body['scopes'] === undefined ? [...owned] : body['scopes'];
      if (!Array.isArray(scopes) || !scopes.every(isPermission)) throw FakeProblem.validation('scopes', 'must be a list of permissions');
      const beyond = scopes.flatMap((scope, index) => (owned.has(scope) ? [] : [{ field: `scopes.${index}`, rule: 'subset', message: `${scope} is not a permission of the owner` }]));
      if (beyond.length > 0) throw new FakeProblem(403, 'SCOPE_EXCEEDS_ROLE', 'A key cannot hold more than its owner', beyond);
      const created = state.createApiKey(c.principal.userId ?? '', field(body, 'name', 'string', true), scopes);
      state.record(c.principal, 'apikey.create', created.apiKey.id);
      return created;
    }, 201),
    route('POST', '/api-keys/:id/revoke', 'apikeys:own', (c) => {
      const revoked = state.revokeApiKey(c.param('id'), c.principal.userId ?? '');
      state.record(c.principal, 'apikey.revoke', revoked.id);
      return revoked;
    }),
    route('GET', '/audit', 'audit:read', ({ query }) => ({ items: state.audit.slice(0, limitOf(query)), nextCursor: null })),

    route('POST', '/signals', 'signals:write', (c) => engine.emit(engineInput(objectBody(c)), { principal: author(c) })),
    route('POST', '/signals/text', 'signals:write', (c) => {
      const body = objectBody(c);
      const text = field<string>(body, 'text', 'string', true);
      const input = { id: body['id'], space: body['space'], sensorId: 'text.chat', payload: text, sequenceId: body['conversationId'] };
      return engine.emit(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)), { principal: author(c) });
    }),
    route('POST', '/signals/batch', 'signals:write', (c) => {
      const signals = objectBody(c)['signals'];
      if (!Array.isArray(signals) || signals.length === 0 || signals.length > 1000) throw FakeProblem.validation('signals', 'must hold 1 to 1000 signals');
      return batchResponse(engine.emitBatch(signals.map((s) => engineInput(s as Body)), { principal: author(c) }));
    }),
    route('GET', '/signals', 'signals:read', ({ query }): Page<SignalRecord> => {
      const since = query.get('since');
      const until = query.get('until');
      const novel = query.get('novel');
      const matching = state.signals.filter(
        (s) =>
          (!query.get('space') || s.space === query.get('space')) &&
          (!query.get('type') || s.type === query.get('type')) &&
          (!since || s.createdAt >= new Date(since).toISOString()) &&
          (!until || s.createdAt < new Date(until).toISOString()) &&
          (novel === null || s.isNovel === (novel === 'true')),
      );
      const offset = Number(query.get('cursor') ?? 0);
      const limit = limitOf(query);
      const items = matching.slice(offset, offset + limit);
      return { items, nextCursor: offset + limit < matching.length ? String(offset + limit) : null };
    }),
    route('GET', '/signals/:id', 'signals:read', ({ param }) => {
      const found = state.signals.find((s) => s.id === param('id'));
      if (!found) throw FakeProblem.notFound('SIGNAL_NOT_FOUND', `Signal ${param('id')}`);
      return found;
    }),

    route('GET', '/sensors', 'sensors:read', () => ({ items: engine.gateway.sensors.list() })),
    route('GET', '/rules', 'actions:read', () => ({ items: engine.actions.listRules() })),
    route('POST', '/rules', 'actions:write', (c) => engine.actions.upsertRule(objectBody(c)), 201),
    route('PATCH', '/rules/:id', 'actions:write', (c) => engine.actions.upsertRule({ ...rule(c.param('id')), ...objectBody(c), id: c.param('id') })),
    route('DELETE', '/rules/:id', 'actions:write', ({ param }) => {
      rule(param('id'));
      engine.actions.removeRule(param('id'));
    }),
    route('GET', '/actions', 'actions:read', ({ query }) => ({ items: engine.actions.history(limitOf(query, 1000, 100)) })),
    route('GET', '/spaces', 'space:read', () => {
      const items = engine.listSpaces().map(summary);
      return { items, total: items.length };
    }),
    route('POST', '/spaces', 'space:write', (c) => {
      const name = field<string>(objectBody(c), 'name', 'string', true);
      if (engine.hasSpace(name)) throw new FakeProblem(409, 'SPACE_EXISTS', `Space "${name}" already exists`, [{ field: 'name', rule: 'unique', message: 'is taken' }]);
      return summary(engine.createSpace(name));
    }, 201),
    route('GET', '/spaces/:space', 'space:read', ({ param }) => summary(engine.space(param('space')))),
    route('DELETE', '/spaces/:space', 'spaces:admin', ({ param }) => {
      engine.space(param('space'));
      engine.deleteSpace(param('space'));
    }),
    route('GET', '/spaces/:space/stats', 'space:read', ({ param }): SpaceStats => {
      const space = engine.space(param('space'));
      return { ...summary(space), memoryBytes: space.memoryBytes(), parameters: space.parameters };
    }),
    route('GET', '/spaces/:space/projection', 'space:read', ({ param, query }) => engine.space(param('space')).projection(limitOf(query, 50_000, 10_000))),
    route('GET', '/spaces/:space/tokens/:id/edges', 'graph:read', ({ param, query }) => {
      const space = engine.space(param('space'));
      const id = integerParam(param('id'), 'id');
      token(space, id);
      const direction = query.get('direction') ?? 'both';
      const now = Date.now();
      return { edges: [...(direction === 'in' ? [] : space.graph.outEdges(id, { nowMs: now })), ...(direction === 'out' ? [] : space.graph.inEdges(id, { nowMs: now }))] };
    }),
    route('GET', '/spaces/:space/subgraph', 'graph:read', ({ param, query }) => {
      const space = engine.space(param('space'));
      const root = integerParam(query.get('root') ?? undefined, 'root');
      token(space, root);
      const options = { depth: Number(query.get('depth') ?? 2), maxNodes: Number(query.get('maxNodes') ?? 100) };
      const { nodes, edges } = subgraph(space.graph, root, options);
      return { nodes: nodes.map((id) => token(space, id)), edges, reachable: bfs(space.graph, root, { maxDepth: options.depth, maxNodes: options.maxNodes }).length };
    }),
    route('POST', '/spaces/:space/activate', 'graph:read', (c) => {
      const space = engine.space(c.param('space'));
      const body = objectBody(c);
      const start = field<number>(body, 'start', 'number', true);
      token(space, start);
      const { start: _start, ...options } = body;
      return { activated: spreadActivation(space.graph, start, options) };
    }),
    route('POST', '/spaces/:space/search', 'space:read', (c) => {
      const space = engine.space(c.param('space'));
      const request = objectBody(c) as SearchRequest;
      const given = [request.vector, request.tokenId, request.text].filter((v) => v !== undefined).length;
      if (given !== 1) throw FakeProblem.validation('query', 'give exactly one of vector, tokenId or text');
      const vector =
        request.vector ?? (request.tokenId !== undefined ? token(space, request.tokenId).vector : engine.gateway.encode({ payload: request.text, sensorId: 'text.chat', space: space.name }).vector);
      const k = request.k ?? 10;
      return { query: vector, neighbors: request.radius !== undefined ? space.withinRadius(vector, request.radius, k) : space.nearest(vector, k) };
    }),
    route('GET', '/spaces/:space/tokens', 'space:read', ({ param, query }): Page<Token> => {
      const space = engine.space(param('space'));
      const limit = limitOf(query);
      const ids = space.tokenIds(Number(query.get('cursor') ?? -1), limit + 1);
      const items = ids.slice(0, limit).map((id) => token(space, id));
      const last = items.at(-1);
      return { items, nextCursor: ids.length > limit && last ? String(last.id) : null };
    }),
    route('POST', '/spaces/:space/tokens', 'space:write', (c) => {
      const name = c.param('space');
      const space = engine.hasSpace(name) ? engine.space(name) : engine.createSpace(name);
      return token(space, space.addToken(objectBody(c) as unknown as NewToken, Date.now()).tokenId);
    }, 201),
    route('GET', '/spaces/:space/tokens/:id', 'space:read', ({ param }) => token(engine.space(param('space')), integerParam(param('id'), 'id'))),
    route('PATCH', '/spaces/:space/tokens/:id', 'space:write', (c) => {
      const space = engine.space(c.param('space'));
      const id = integerParam(c.param('id'), 'id');
      token(space, id);
      space.updateToken(id, objectBody(c) as TokenPatch);
      return token(space, id);
    }),
    route('DELETE', '/spaces/:space/tokens/:id', 'space:write', ({ param }) => {
      const space = engine.space(param('space'));
      const id = integerParam(param('id'), 'id');
      token(space, id);
      space.removeToken(id);
    }),

    route('GET', '/modules', 'modules:read', () => {
      const modules = engine.modules.list().map(moduleInfo);
      return { modules, total: modules.length };
    }),
    route('GET', '/modules/:id', 'modules:read', ({ param }) => moduleInfo(engine.modules.get(param('id')))),
    route('PUT', '/modules/:id/enabled', 'modules:write', async (c) => {
      const enabled = field<boolean>(objectBody(c), 'enabled', 'boolean', true);
      return moduleInfo(enabled ? await engine.modules.enable(c.param('id')) : await engine.modules.disable(c.param('id')));
    }),
    route('GET', '/modules/:id/metrics', 'modules:read', ({ param }) => engine.modules.get(param('id')).state.metrics),
    route('GET', '/modules/:id/config', 'modules:read', ({ param }) => {
      const { descriptor, state: moduleState } = engine.modules.get(param('id'));
      return { config: moduleState.config, schema: descriptor.configSchema };
    }),
    route('PUT', '/modules/:id/config', 'modules:write', async (c) => moduleInfo(await engine.modules.configure(c.param('id'), field(objectBody(c), 'config', 'object', true)))),
    route('PATCH', '/modules/:id/config', 'modules:write', async (c) => moduleInfo(await engine.modules.patchConfig(c.param('id'), field(objectBody(c), 'config', 'object', true)))),

    route('GET', '/cdna', 'cdna:read', () => ({ cdna: engine.constitution.current, quarantine: engine.constitution.quarantineStatus() })),
    route('PUT', '/cdna', 'cdna:write', (c) => {
      const body = objectBody(c);
      return engine.constitution.update(field<CdnaPatch>(body, 'cdna', 'object', true), author(c), field(body, 'reason', 'string'));
    }),
    route('POST', '/cdna/quarantine', 'cdna:write', (c) => {
      const body = objectBody(c);
      return engine.constitution.startQuarantine(field<CdnaPatch>(body, 'cdna', 'object', true), author(c), { durationMs: field<number>(body, 'durationMs', 'number') ?? 600_000 });
    }),
    route('POST', '/cdna/quarantine/stop', 'cdna:write', (c) => {
      const apply = field<boolean>(objectBody(c), 'apply', 'boolean', true);
      if (!engine.constitution.quarantineStatus()) throw new FakeProblem(409, 'NO_QUARANTINE', 'No quarantine is running');
      return apply ? engine.constitution.applyQuarantine(author(c)) : engine.constitution.discardQuarantine(author(c));
    }),
    route('GET', '/cdna/profiles', 'cdna:read', () => ({ profiles: PROFILES.map((name) => ({ name, settings: PROFILE_SETTINGS[name] })) })),
    route('POST', '/cdna/profiles/:name/apply', 'cdna:write', (c) => {
      const name = c.param('name') as ProfileName;
      if (!PROFILES.includes(name)) throw FakeProblem.validation('name', `must be one of ${PROFILES.join(', ')}`);
      return engine.constitution.applyProfile(name, author(c));
    }),
    route('POST', '/cdna/validate', 'cdna:read', (c) => {
      try {
        new Constitution(engine.constitution.current).update(field<CdnaPatch>(objectBody(c), 'cdna', 'object', true), 'validate');
        return { valid: true, errors: [] };
      } catch (error) {
        const issues = (error as { issues?: unknown[] }).issues;
        if (!issues) throw error;
        return { valid: false, errors: issues };
      }
    }),
    route('GET', '/cdna/history', 'cdna:read', ({ query }) => {
      const before = query.get('beforeVersion');
      const items = engine.constitution.history({ limit: limitOf(query), beforeVersion: before === null ? undefined : Number(before) });
      return { items: items.map((entry) => ({ ...entry, reason: entry.reason ?? null })) };
    }),
    route('POST', '/cdna/rollback/:version', 'cdna:admin', (c) => {
      const version = integerParam(c.param('version'), 'version');
      if (!engine.constitution.get(version)) throw FakeProblem.notFound('CDNA_VERSION_NOT_FOUND', `CDNA version ${version}`, 'version');
      return engine.constitution.rollback(version, author(c));
    }),
  ];
}
