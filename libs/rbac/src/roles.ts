import { type Permission, PERMISSIONS } from './permissions.js';

export const ROLES = ['admin', 'developer', 'viewer', 'bot'] as const;
export type Role = (typeof ROLES)[number];
/** Who a request or socket acts as: a role, or nobody. */
export type Principal = Role | 'anonymous';

const VIEWER: readonly Permission[] = [
  'signals:read',
  'space:read',
  'graph:read',
  'modules:read',
  'cdna:read',
  'actions:read',
  'metrics:read',
  'status:read',
  'session:self',
];

/** The one permission table (spec 02-api.md): everything else derives from it. */
export const ROLE_PERMISSIONS: Readonly<Record<Principal, readonly Permission[]>> = {
  admin: PERMISSIONS,
  developer: [
    ...VIEWER,
    'signals:write',
    'space:write',
    'graph:write',
    'modules:write',
    'cdna:write',
    'actions:write',
    'sensors:read',
    'sensors:write',
    'apikeys:own',
  ],
  viewer: VIEWER,
  bot: ['signals:write', 'signals:read', 'status:read', 'session:self'],
  anonymous: ['status:read'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface AccessOptions {
  /** `ALLOW_ANONYMOUS_READ=false` takes even `status:read` away from anonymous callers. */
  allowAnonymousRead?: boolean;
}

const NOTHING: ReadonlySet<Permission> = new Set();
/** One set per role, shared: every request and every live connection holds one. */
const BY_ROLE = new Map<Principal, ReadonlySet<Permission>>(Object.entries(ROLE_PERMISSIONS).map(([role, granted]) => [role as Principal, new Set(granted)]));

/** The permissions a principal holds; an API key narrows them further to its scopes. */
export function permissionsOf(principal: Principal, scopes?: readonly Permission[], options: AccessOptions = {}): ReadonlySet<Permission> {
  if (principal === 'anonymous' && options.allowAnonymousRead === false) return NOTHING;
  if (!scopes) return BY_ROLE.get(principal) as ReadonlySet<Permission>;
  return new Set(ROLE_PERMISSIONS[principal].filter((p) => scopes.includes(p)));
}

export function can(principal: Principal, permission: Permission, scopes?: readonly Permission[], options?: AccessOptions): boolean {
  return permissionsOf(principal, scopes, options).has(permission);
}

/** Scopes a key may not hold because its owner's role does not: empty when the request is allowed. */
export function scopesBeyondRole(role: Role, scopes: readonly Permission[]): Permission[] {
  const granted = ROLE_PERMISSIONS[role];
  return scopes.filter((s) => !granted.includes(s));
}
