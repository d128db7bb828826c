import { type Permission, permissionsOf, type Principal, type Role } from '@neurograph/rbac';

/** Who a request acts as, resolved once by the access guard and read by controllers. */
export interface RequestPrincipal {
  kind: 'user' | 'apiKey' | 'anonymous';
  /** The user, or the owner of the API key; null for anonymous callers. */
  userId: string | null;
  username: string | null;
  role: Principal;
  permissions: ReadonlySet<Permission>;
  apiKeyId?: string;
  /** Refresh-token family the access token belongs to, so logout can end it. */
  sessionId?: string;
  /** A per-key limit that replaces the default for this principal. */
  rateLimitPerSecond?: number;
  /** When the credential stops being valid (epoch ms): long-lived connections are closed after it. */
  expiresAt?: number;
}

export function userPrincipal(user: { id: string; username: string; role: Role }, sessionId?: string, expiresAt?: number): RequestPrincipal {
  return { kind: 'user', userId: user.id, username: user.username, role: user.role, permissions: permissionsOf(user.role), sessionId, expiresAt };
}

export function anonymousPrincipal(allowAnonymousRead: boolean): RequestPrincipal {
  return { kind: 'anonymous', userId: null, username: null, role: 'anonymous', permissions: permissionsOf('anonymous', undefined, { allowAnonymousRead }) };
}

/** The name a rate-limit bucket, a log line or an audit entry uses for this principal. */
export function principalKey(principal: RequestPrincipal, ip: string): string {
  if (principal.kind === 'apiKey') return `key:${principal.apiKeyId}`;
  if (principal.kind === 'user') return `user:${principal.userId}`;
  return `ip:${ip}`;
}
