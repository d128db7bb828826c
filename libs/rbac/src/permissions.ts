/** Every permission the platform checks, by resource and verb. Routes and channels name one each. */
export const PERMISSIONS = [
  'signals:read',
  'signals:write',
  'space:read',
  'space:write',
  'spaces:admin',
  'graph:read',
  'graph:write',
  'modules:read',
  'modules:write',
  'cdna:read',
  'cdna:write',
  'cdna:admin',
  'actions:read',
  'actions:write',
  'sensors:read',
  'sensors:write',
  'metrics:read',
  'status:read',
  'users:read',
  'users:write',
  'apikeys:own',
  'apikeys:admin',
  'audit:read',
  'realtime:admin',
  // Held by every signed-in principal: their own profile, password and session.
  'session:self',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
