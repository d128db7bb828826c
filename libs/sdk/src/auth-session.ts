import type { LoginResponse, LogoutRequest, TokenPair } from '@neurograph/contracts';
import type { CredentialSource, Http } from './http.js';

/** How a client proves who it is: an API key, a user's password, or tokens obtained elsewhere. */
export type Credentials = { apiKey: string } | { username: string; password: string } | { token: string; refreshToken?: string } | Record<string, never>;

/** Renew this long before the access token expires, so that requests in flight do not meet a 401. */
const RENEW_MARGIN_MS = 30_000;

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

/**
 * Credentials of one client: logs in lazily on the first request, refreshes the access token
 * before it expires, and renews once after a 401. Concurrent callers share one login or refresh.
 */
export class AuthSession implements CredentialSource {
  private tokens: Tokens | undefined;
  private pending: Promise<void> | undefined;
  private readonly listeners = new Set<(accessToken: string) => void>();

  constructor(
    private readonly http: Http,
    private readonly credentials: Credentials,
  ) {
    if ('token' in credentials) this.tokens = { accessToken: credentials.token, refreshToken: credentials.refreshToken, expiresAt: jwtExpiry(credentials.token) };
  }

  get apiKey(): string | undefined {
    return 'apiKey' in this.credentials ? this.credentials.apiKey : undefined;
  }

  /** The current tokens (after `login()` or the first request), e.g. to store them. */
  get current(): Readonly<Tokens> | undefined {
    return this.tokens;
  }

  /** Called with every new access token: a realtime connection re-authenticates with it. */
  onToken(listener: (accessToken: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async headers(): Promise<Record<string, string>> {
    if (this.apiKey) return { 'x-api-key': this.apiKey };
    const token = await this.accessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  /** A valid access token (logging in or refreshing first when needed); undefined for API keys and anonymous clients. */
  async accessToken(): Promise<string | undefined> {
    if (this.apiKey) return undefined;
    const stale = !this.tokens || this.tokens.expiresAt - RENEW_MARGIN_MS < Date.now();
    if (stale && this.canRenew()) await this.renewOnce();
    return this.tokens?.accessToken;
  }

  /** Renews after the server refused `rejected` (the headers it was sent); false when nothing can be renewed. */
  async renew(rejected?: Record<string, string>): Promise<boolean> {
    if (!this.canRenew()) return false;
    // Another request may have renewed already while this one was in flight.
    if (rejected && this.tokens && rejected.authorization !== `Bearer ${this.tokens.accessToken}`) return true;
    if (this.tokens) this.tokens.expiresAt = 0;
    try {
      await this.renewOnce();
      return true;
    } catch {
      return false;
    }
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const reply = await this.http.request<LoginResponse>({ method: 'POST', path: '/auth/login', body: { username, password }, authenticate: false });
    this.store(reply);
    return reply;
  }

  async logout(): Promise<void> {
    if (!this.tokens) return;
    await this.http.request({ method: 'POST', path: '/auth/logout', body: { refreshToken: this.tokens.refreshToken } satisfies LogoutRequest });
    this.tokens = undefined;
  }

  private canRenew(): boolean {
    return Boolean(this.tokens?.refreshToken) || 'password' in this.credentials;
  }

  private renewOnce(): Promise<void> {
    this.pending ??= this.obtain().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async obtain(): Promise<void> {
    if (this.tokens?.refreshToken) {
      try {
        const pair = await this.http.request<TokenPair>({ method: 'POST', path: '/auth/refresh', body: { refreshToken: this.tokens.refreshToken }, authenticate: false });
        this.store(pair);
        return;
      } catch (error) {
        if (!('password' in this.credentials)) throw error;
      }
    }
    if ('password' in this.credentials) await this.login(this.credentials.username, this.credentials.password);
  }

  private store(pair: TokenPair): void {
    this.tokens = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000 };
    for (const listener of this.listeners) listener(pair.accessToken);
  }
}

/** The `exp` of a JWT in ms; +∞ when the token does not say (it is then used until the server refuses it). */
function jwtExpiry(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof json.exp === 'number' ? json.exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
