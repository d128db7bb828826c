import { can, CHANNEL_MATRIX, CHANNELS, canPublish, canSubscribe, channelsFor, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, ROLES, scopesBeyondRole } from './index';

describe('role permissions (spec 02-api.md)', () => {
  it('gives admin every permission and nobody else the admin-only ones', () => {
    expect([...permissionsOf('admin')].sort()).toEqual([...PERMISSIONS].sort());
    const adminOnly = ['users:read', 'users:write', 'cdna:admin', 'spaces:admin', 'apikeys:admin', 'audit:read', 'realtime:admin'] as const;
    for (const role of ['developer', 'viewer', 'bot', 'anonymous'] as const) {
      for (const p of adminOnly) expect(can(role, p)).toBe(false);
    }
  });

  it('matches the table for developer, viewer and bot', () => {
    expect(can('developer', 'modules:write')).toBe(true);
    expect(can('developer', 'apikeys:own')).toBe(true);
    expect(can('viewer', 'modules:write')).toBe(false);
    expect(can('viewer', 'signals:write')).toBe(false);
    expect(can('viewer', 'sensors:read')).toBe(false);
    expect([...permissionsOf('bot')].sort()).toEqual(['session:self', 'signals:read', 'signals:write', 'status:read']);
  });

  it('lets anonymous read status only, and nothing when anonymous reads are off', () => {
    expect([...permissionsOf('anonymous')]).toEqual(['status:read']);
    expect(can('anonymous', 'status:read', undefined, { allowAnonymousRead: false })).toBe(false);
  });

  it('narrows a principal to the scopes of its key, never widens it', () => {
    expect([...permissionsOf('developer', ['signals:write', 'users:write'])]).toEqual(['signals:write']);
    expect(scopesBeyondRole('viewer', ['signals:read', 'signals:write'])).toEqual(['signals:write']);
    expect(scopesBeyondRole('admin', PERMISSIONS)).toEqual([]);
  });

  it('only names known permissions', () => {
    for (const role of [...ROLES, 'anonymous'] as const) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });
});

describe('channel matrix (spec 03-realtime.md)', () => {
  it('matches the table row by row', () => {
    expect(channelsFor('admin')).toEqual([...CHANNELS]);
    expect(channelsFor('developer')).toEqual(['metrics', 'status', 'signals', 'actions', 'modules', 'logs']);
    expect(channelsFor('viewer')).toEqual(['metrics', 'status', 'modules']);
    expect(channelsFor('bot')).toEqual(['metrics', 'status', 'signals']);
    expect(channelsFor('anonymous')).toEqual(['metrics', 'status']);
  });

  it('lets only admins publish', () => {
    for (const channel of CHANNELS) {
      expect(canPublish('admin', channel)).toBe(true);
      for (const role of ['developer', 'viewer', 'bot', 'anonymous'] as const) expect(canPublish(role, channel)).toBe(false);
      expect(canSubscribe('admin', channel)).toBe(CHANNEL_MATRIX[channel].subscribe.includes('admin'));
    }
  });
});
