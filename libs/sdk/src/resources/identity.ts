import type { ApiKey, CreateApiKeyRequest, CreatedApiKey, CreateUserRequest, LoginResponse, Me, Page, UpdateUserRequest, User } from '@neurograph/contracts';
import type { AuthSession, Tokens } from '../auth-session.js';
import type { CallOptions, Http } from '../http.js';

export class AuthResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(
    private readonly http: Http,
    private readonly session: AuthSession,
  ) {}

  /** Signs in explicitly (clients built with a username and password do this lazily). */
  login(username: string, password: string): Promise<LoginResponse> {
    return this.session.login(username, password);
  }
  /** Revokes the session of this client's refresh token. */
  logout(): Promise<void> {
    return this.session.logout();
  }
  me(options?: CallOptions): Promise<Me> {
    return this.http.request({ method: 'GET', path: '/auth/me', ...options });
  }
  changePassword(currentPassword: string, newPassword: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'POST', path: '/auth/change-password', body: { currentPassword, newPassword }, ...options });
  }
  /** The current access and refresh tokens, for storing them (e.g. a CLI profile). */
  get tokens() {
    return this.session.current;
  }

  /** Called with the new tokens after every login and refresh (the refresh token rotates): store them here. */
  onTokens(listener: (tokens: Readonly<Tokens>) => void): () => void {
    return this.session.onToken(() => {
      const tokens = this.session.current;
      if (tokens) listener(tokens);
    });
  }
}

export class UsersResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  list(query: { limit?: number; cursor?: string } = {}, options?: CallOptions): Promise<Page<User>> {
    return this.http.request({ method: 'GET', path: '/users', query, ...options });
  }
  create(user: CreateUserRequest, options?: CallOptions): Promise<User> {
    return this.http.request({ method: 'POST', path: '/users', body: user, ...options });
  }
  get(id: string, options?: CallOptions): Promise<User> {
    return this.http.request({ method: 'GET', path: `/users/${encodeURIComponent(id)}`, ...options });
  }
  update(id: string, patch: UpdateUserRequest, options?: CallOptions): Promise<User> {
    return this.http.request({ method: 'PATCH', path: `/users/${encodeURIComponent(id)}`, body: patch, ...options });
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: `/users/${encodeURIComponent(id)}`, ...options });
  }
}

export class ApiKeysResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  /** Your keys; `all: true` lists everyone's (needs apikeys:admin). */
  list(query: { limit?: number; cursor?: string; all?: boolean } = {}, options?: CallOptions): Promise<Page<ApiKey>> {
    return this.http.request({ method: 'GET', path: '/api-keys', query, ...options });
  }
  /** The returned `key` is shown this once; store it. */
  create(request: CreateApiKeyRequest, options?: CallOptions): Promise<CreatedApiKey> {
    return this.http.request({ method: 'POST', path: '/api-keys', body: request, ...options });
  }
  get(id: string, options?: CallOptions): Promise<ApiKey> {
    return this.http.request({ method: 'GET', path: `/api-keys/${encodeURIComponent(id)}`, ...options });
  }
  revoke(id: string, options?: CallOptions): Promise<ApiKey> {
    return this.http.request({ method: 'POST', path: `/api-keys/${encodeURIComponent(id)}/revoke`, idempotent: true, ...options });
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: `/api-keys/${encodeURIComponent(id)}`, ...options });
  }
}
