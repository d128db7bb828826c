import type { FormEvent } from 'react';
import { ROLES, type Role } from '@neurograph/rbac';
import { useT } from '../../app/preferences.js';
import { useClient, useSession } from '../../app/session.js';
import { useAction } from '../../app/use-action.js';
import { useLoad } from '../../app/use-load.js';
import { Alert } from '../../components/Alert.js';

/** Users: create, change a role, disable and enable. */
export function Users({ onChange }: { onChange(): void }) {
  const t = useT();
  const client = useClient();
  const { can, me } = useSession();
  const users = useLoad(() => client.users.list(), [client]);
  const writable = can('users:write');
  const { run: act, failure } = useAction(() => {
    users.reload();
    onChange();
  });
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    event.currentTarget.reset();
    void act(() => client.users.create({ username: String(form.get('username')), password: String(form.get('password')), role: String(form.get('role')) as Role }));
  };

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users')}</h2>
      {writable && (
        <form className="inline-form" onSubmit={create}>
          <input name="username" aria-label={t('login.username')} placeholder={t('login.username')} required />
          <input name="password" type="password" aria-label={t('login.password')} placeholder={t('login.password')} required minLength={12} />
          <select name="role" aria-label={t('admin.role')} defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <button type="submit">{t('admin.createUser')}</button>
        </form>
      )}
      <Alert message={failure} />
      <table className="table">
        <thead>
          <tr>
            <th>{t('login.username')}</th>
            <th>{t('admin.role')}</th>
            <th>{t('admin.state')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((user) => (
            <tr key={user.id} data-user={user.username}>
              <td>{user.username}</td>
              <td>
                <select aria-label={t('admin.roleOf', { user: user.username })} value={user.role} disabled={!writable || user.id === me?.id} onChange={(event) => void act(() => client.users.update(user.id, { role: event.target.value as Role }))}>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {user.disabled ? t('admin.disabled') : t('admin.active')}{' '}
                {writable && user.id !== me?.id && <button onClick={() => void act(() => client.users.update(user.id, { disabled: !user.disabled }))}>{user.disabled ? t('admin.enable') : t('admin.disable')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
