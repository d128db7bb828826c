import type { ApiKey, AuditEntry, FieldError, SignalRecord, User } from '@neurograph/contracts';
import { CORE_VERSION, Engine } from '@neurograph/core';
import { type Permission, permissionsOf, type Role } from '@neurograph/rbac';
import type { FakePrincipal } from './router.js';

/** A refusal the fake answers with, as the API would: a status, a stable code, the offending fields. */
export class FakeProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }

  static validation(field: string, message: string): FakeProblem {
    return new FakeProblem(400, 'VALIDATION_FAILED', `Invalid input: ${field}: ${message}`, [{ field, rule: 'invalid', message }]);
  }

  static notFound(code: string, what: string, field = 'id'): FakeProblem {
    return new FakeProblem(404, code, `${what} does not exist`, [{ field, rule: 'exists', message: 'not found' }]);
  }
}

export interface FakeUser extends User {
  password: string;
}

const ACCESS_TOKEN_TTL_S = 900;

/** Everything the fake server knows: a real engine in memory, its users and sessions, the signal log. */
export class FakeState {
  readonly engine = new Engine();
  readonly users = new Map<string, FakeUser>();
  readonly signals: SignalRecord[] = [];
  readonly startedAt = new Date();
  readonly version = CORE_VERSION;
  private readonly accessTokens = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();
  /** Secret → the key's record. */
  private readonly apiKeys = new Map<string, ApiKey>();
  readonly audit: AuditEntry[] = [];
  private counter = 0;

  constructor() {
    // The signal log as the API keeps it: every processed signal, newest first.
    this.engine.observeSignals(({ result, ...signal }) => {
      this.signals.unshift({ id: signal.id, space: signal.space, type: signal.type, tokenId: result.processed ? result.tokenId : null, isNovel: result.isNovel, createdAt: signal.timestamp, signal, result });
    });
  }

  addUser(username: string, password: string, role: Role): FakeUser {
    const user: FakeUser = { id: `user-${++this.counter}`, username, email: null, role, disabled: false, createdAt: new Date().toISOString(), password };
    this.users.set(user.id, user);
    return user;
  }

  addApiKey(secret: string, userId: string, name = 'fake', scopes?: readonly Permission[]): ApiKey {
    const owner = this.users.get(userId);
    const record: ApiKey = {
      id: `key-${++this.counter}`,
      userId,
      name,
      prefix: secret.slice(0, 12),
      scopes: [...(scopes ?? (owner ? permissionsOf(owner.role) : []))],
      rateLimitPerSecond: null,
      expiresAt: null,
      lastUsedAt: null,
      revoked: false,
      createdAt: new Date().toISOString(),
    };
    this.apiKeys.set(secret, record);
    return record;
  }

  /** A new key for `userId`; the secret is returned this once, as by the API. */
  createApiKey(userId: string, name: string, scopes?: readonly Permission[]): { key: string; apiKey: ApiKey } {
    const key = `ng_live_fake${++this.counter}${Math.random().toString(36).slice(2, 14)}`;
    return { key, apiKey: this.addApiKey(key, userId, name, scopes) };
  }

  keysOf(userId: string): ApiKey[] {
    return [...this.apiKeys.values()].filter((key) => key.userId === userId);
  }

  revokeApiKey(id: string, userId: string): ApiKey {
    const key = [...this.apiKeys.values()].find((k) => k.id === id && k.userId === userId);
    if (!key) throw FakeProblem.notFound('API_KEY_NOT_FOUND', `API key ${id}`);
    key.revoked = true;
    return key;
  }

  record(actor: FakePrincipal, action: string, target: string | null): void {
    this.audit.unshift({ id: `audit-${++this.counter}`, at: new Date().toISOString(), actorId: actor.userId, actorRole: actor.role, action, target, details: null, requestId: null });
  }

  login(username: string, password: string) {
    const user = [...this.users.values()].find((u) => u.username === username);
    if (!user || user.password !== password || user.disabled) throw new FakeProblem(401, 'INVALID_CREDENTIALS', 'Wrong username or password, or the account is disabled');
    return { ...this.issueTokens(user.id), user: { id: user.id, username: user.username, email: user.email, role: user.role } };
  }

  /** Rotates the refresh token, like the API: the old one stops working. */
  refresh(refreshToken: string) {
    const userId = this.refreshTokens.get(refreshToken);
    if (!userId) throw new FakeProblem(401, 'INVALID_REFRESH_TOKEN', 'The refresh token is unknown or revoked');
    this.refreshTokens.delete(refreshToken);
    return this.issueTokens(userId);
  }

  logout(refreshToken: string | undefined): void {
    if (refreshToken) this.refreshTokens.delete(refreshToken);
  }

  /** Who the request's headers belong to; a bad credential is a 401, none at all is anonymous. */
  principal(headers: Headers): FakePrincipal {
    const apiKey = headers.get('x-api-key');
    const bearer = headers.get('authorization')?.replace(/^Bearer\s+/i, '');
    const key = apiKey ? this.apiKeys.get(apiKey) : undefined;
    const userId = apiKey ? (key && !key.revoked ? key.userId : undefined) : bearer ? this.accessTokens.get(bearer) : undefined;
    if ((apiKey || bearer) && !userId) throw new FakeProblem(401, 'UNAUTHORIZED', apiKey ? 'Unknown API key' : 'Invalid or expired access token');
    const user = userId === undefined ? undefined : this.users.get(userId);
    if (!user) return { role: 'anonymous', userId: null, username: null, via: 'anonymous' };
    return { role: user.role, userId: user.id, username: user.username, via: key ? 'apiKey' : 'user', scopes: key?.scopes, apiKeyId: key?.id };
  }

  /** Expires every access token: the next request with one gets a 401, as after the real TTL. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  private issueTokens(userId: string) {
    const accessToken = `fake-access-${++this.counter}`;
    const refreshToken = `fake-refresh-${++this.counter}`;
    this.accessTokens.set(accessToken, userId);
    this.refreshTokens.set(refreshToken, userId);
    return { accessToken, refreshToken, tokenType: 'Bearer' as const, expiresIn: ACCESS_TOKEN_TTL_S };
  }
}
