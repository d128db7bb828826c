import { AuthSession, type Credentials } from './auth-session.js';
import { Http, type Logger } from './http.js';
import { RealtimeClient, type RealtimeOptions } from './realtime/client.js';
import { ActionsResource, RulesResource, SensorsResource } from './resources/catalog.js';
import { CdnaResource } from './resources/cdna.js';
import { ApiKeysResource, AuthResource, UsersResource } from './resources/identity.js';
import { ModulesResource } from './resources/modules.js';
import { SignalsResource } from './resources/signals.js';
import { GraphResource, SpacesResource, TokensResource } from './resources/spaces.js';
import { SystemResource } from './resources/system.js';
import { type RetryPolicy, retryPolicy } from './retry.js';

/** Options of every client, whatever its credentials. */
export interface ClientOptions {
  /** The server, e.g. `http://localhost:3000` (`/api/v1` is added unless present). */
  baseUrl: string;
  /** Per-request time limit (default 30 s). */
  timeoutMs?: number;
  /** Retries for idempotent requests, off by default: a count or a policy. */
  retries?: number | Partial<RetryPolicy>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  logger?: Logger;
  /** Defaults for `realtime()`. */
  realtime?: RealtimeOptions;
}

/** One of: an API key, a username and password, tokens from elsewhere — or nothing (anonymous). */
export type NeuroGraphOptions = ClientOptions &
  (
    | { apiKey: string; username?: never; password?: never; token?: never; refreshToken?: never }
    | { username: string; password: string; apiKey?: never; token?: never; refreshToken?: never }
    | { token: string; refreshToken?: string; apiKey?: never; username?: never; password?: never }
    | { apiKey?: never; username?: never; password?: never; token?: never; refreshToken?: never }
  );

const API_PREFIX = '/api/v1';

/**
 * The NeuroGraph client: one resource per area of the API, and `realtime()` for live channels.
 *
 * ```ts
 * const client = new NeuroGraph({ baseUrl: 'http://localhost:3000', apiKey: process.env.NEUROGRAPH_API_KEY });
 * const result = await client.signals.emitText('hello');
 * ```
 */
export class NeuroGraph {
  readonly auth: AuthResource;
  readonly signals: SignalsResource;
  readonly spaces: SpacesResource;
  readonly tokens: TokensResource;
  readonly graph: GraphResource;
  readonly sensors: SensorsResource;
  readonly rules: RulesResource;
  readonly actions: ActionsResource;
  readonly modules: ModulesResource;
  readonly cdna: CdnaResource;
  readonly apiKeys: ApiKeysResource;
  readonly users: UsersResource;
  readonly system: SystemResource;
  /** The API's origin, where `/realtime` is served unless `realtime.url` says otherwise. */
  readonly origin: string;
  private readonly session: AuthSession;

  constructor(private readonly options: NeuroGraphOptions) {
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    const path = base.pathname.replace(/\/+$/, '');
    const apiUrl = base.origin + (path.endsWith(API_PREFIX) ? path : path + API_PREFIX);
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    const http = new Http({ apiUrl, fetch: fetchImpl, timeoutMs: options.timeoutMs ?? 30_000, retry: retryPolicy(options.retries), logger: options.logger });
    this.session = new AuthSession(http, credentialsOf(options));
    http.credentials = this.session;
    this.auth = new AuthResource(http, this.session);
    this.signals = new SignalsResource(http);
    this.spaces = new SpacesResource(http);
    this.tokens = new TokensResource(http);
    this.graph = new GraphResource(http);
    this.sensors = new SensorsResource(http);
    this.rules = new RulesResource(http);
    this.actions = new ActionsResource(http);
    this.modules = new ModulesResource(http);
    this.cdna = new CdnaResource(http);
    this.apiKeys = new ApiKeysResource(http);
    this.users = new UsersResource(http);
    this.system = new SystemResource(http);
  }

  /** Opens a real-time connection with this client's credentials; `close()` it when done. */
  realtime(options: RealtimeOptions = {}): RealtimeClient {
    return new RealtimeClient(this.origin, this.session, { ...this.options.realtime, ...options }).connect();
  }
}

function credentialsOf(options: NeuroGraphOptions): Credentials {
  if (options.apiKey) return { apiKey: options.apiKey };
  if (options.username !== undefined && options.password !== undefined) return { username: options.username, password: options.password };
  if (options.token) return { token: options.token, refreshToken: options.refreshToken };
  return {};
}
