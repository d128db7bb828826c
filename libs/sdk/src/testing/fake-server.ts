import { ERROR_STATUS, type FieldError, PROBLEM_CONTENT_TYPE, type ProblemDetails, problemDetails } from '@neurograph/contracts';
import { NeuroGraphError as EngineError } from '@neurograph/core';
import { ModuleError } from '@neurograph/modules';
import { can, type Role } from '@neurograph/rbac';
import { fakeRoutes } from './routes.js';
import { match, type Route } from './router.js';
import { FakeProblem, FakeState } from './state.js';

/** Where fake clients point; nothing listens there, every request is answered in memory. */
export const FAKE_URL = 'http://neurograph.fake';
/** An admin's API key, known to every fake server. */
export const FAKE_API_KEY = 'ng_fake_admin_key';
export const FAKE_ADMIN_PASSWORD = 'fake-admin-password';

const API_PREFIX = '/api/v1';

export interface FakeServerOptions {
  /** More users who can sign in (an `admin` with FAKE_ADMIN_PASSWORD always exists). */
  users?: { username: string; password: string; role: Role }[];
}

/** One request the fake answered, for assertions on what user code sent. */
export interface RecordedRequest {
  method: string;
  /** Without the `/api/v1` prefix, e.g. `/spaces/default/search`. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface InjectedFailure {
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
  /** Sent as `Retry-After` (and `retryAfterMs`) with a 429 or 503. */
  retryAfterMs?: number;
}

/**
 * An in-memory NeuroGraph API for unit tests of code that uses the SDK: a real engine behind the
 * REST routes SDK users call most (auth, users, API keys, audit, signals, spaces, tokens, search,
 * sensors, modules, CDNA, health, status), with the API's permissions and its problem documents, so the SDK's own error classes,
 * auth renewal, retries and pagination run exactly as against a server. Routes it does not serve
 * answer 501 `NOT_SUPPORTED_BY_FAKE`; real-time channels need a real server.
 *
 * ```ts
 * const server = new FakeServer();
 * const client = new NeuroGraph(server.clientOptions());
 * await myIngest(client);
 * expect(server.requests.filter((r) => r.path === '/signals')).toHaveLength(3);
 * ```
 */
export class FakeServer {
  private readonly state = new FakeState();
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[];
  private readonly failures: { method: string; path: string; failure: InjectedFailure }[] = [];

  constructor(options: FakeServerOptions = {}) {
    const admin = this.state.addUser('admin', FAKE_ADMIN_PASSWORD, 'admin');
    this.state.addApiKey(FAKE_API_KEY, admin.id);
    for (const user of options.users ?? []) this.state.addUser(user.username, user.password, user.role);
    this.routes = fakeRoutes(this.state);
  }

  /** The engine behind the fake: seed it, or inspect what user code taught it. */
  get engine() {
    return this.state.engine;
  }

  /** A `fetch` that answers from this server; pass it to any client (`new NeuroGraph({ fetch })`). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const text = await request.text();
    let body: unknown;
    let response: Response;
    try {
      body = text === '' ? undefined : JSON.parse(text);
      response = await this.answer(request, path, url.searchParams, body);
    } catch (error) {
      response = problemResponse(toProblem(error, path));
    }
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, key) => (query[key] = value));
    this.requests.push({ method: request.method, path, query, body, status: response.status });
    return response;
  };

  /**
   * Options for `new NeuroGraph(...)` talking to this server: the admin's API key, or the given
   * user's credentials. (The fake never builds clients itself, so the error classes your code
   * catches are the ones it imports from `@neurograph/sdk`.)
   */
  clientOptions(credentials: { username: string; password: string } | { apiKey: string } = { apiKey: FAKE_API_KEY }): { baseUrl: string; fetch: typeof fetch } & typeof credentials {
    return { baseUrl: FAKE_URL, fetch: this.fetch, ...credentials };
  }

  /** The next `times` requests to `method path` (e.g. `POST /signals`) fail with this problem instead. */
  failNext(route: string, failure: InjectedFailure, times = 1): void {
    const [method = '', path = ''] = route.split(' ');
    for (let i = 0; i < times; i++) this.failures.push({ method: method.toUpperCase(), path, failure });
  }

  /** Every access token stops working, as when they expire: clients must refresh. */
  expireTokens(): void {
    this.state.expireAccessTokens();
  }

  private async answer(request: Request, path: string, query: URLSearchParams, body: unknown): Promise<Response> {
    const index = this.failures.findIndex((f) => f.method === request.method && f.path === path);
    const [injected] = index >= 0 ? this.failures.splice(index, 1) : [];
    if (injected) {
      const { failure } = injected;
      return problemResponse(problemDetails(failure.status, failure.code, failure.detail ?? `Injected ${failure.code}`, { errors: failure.errors, retryAfterMs: failure.retryAfterMs }));
    }
    const found = match(this.routes, request.method, path);
    if (!found) throw new FakeProblem(this.routes.some((r) => r.pattern.test(path)) ? 405 : 501, 'NOT_SUPPORTED_BY_FAKE', `The fake server does not serve ${request.method} ${path}`);
    const principal = this.state.principal(request.headers);
    const { permission } = found.route;
    if (permission && !can(principal.role, permission, principal.scopes)) {
      if (principal.role === 'anonymous') throw new FakeProblem(401, 'UNAUTHORIZED', 'Sign in or send an API key');
      throw new FakeProblem(403, 'FORBIDDEN', `Needs the ${permission} permission`);
    }
    const result = await found.route.handler({ param: found.param, query, body, principal });
    if (result === undefined) return new Response(null, { status: 204 });
    return new Response(JSON.stringify(result), { status: found.route.status, headers: { 'content-type': 'application/json' } });
  }
}

function toProblem(error: unknown, path: string): ProblemDetails {
  if (error instanceof FakeProblem) return problemDetails(error.status, error.code, error.message, { errors: error.errors, instance: path });
  if (error instanceof EngineError || error instanceof ModuleError) {
    return problemDetails(ERROR_STATUS[error.code] ?? 400, error.code, error.message, { errors: [...error.issues], instance: path, retryAfterMs: (error as EngineError).retryAfterMs });
  }
  if (error instanceof SyntaxError) return problemDetails(400, 'MALFORMED_REQUEST', 'The body is not valid JSON', { instance: path });
  return problemDetails(500, 'INTERNAL_ERROR', error instanceof Error ? error.message : String(error), { instance: path });
}

function problemResponse(problem: ProblemDetails): Response {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (problem.retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(problem.retryAfterMs / 1000));
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
