import { useT } from '../../app/preferences.js';
import { useClient, useSession } from '../../app/session.js';
import { useLoad } from '../../app/use-load.js';
import { ApiKeys } from './ApiKeys.js';
import { Users } from './Users.js';

/** Users, API keys and the audit log — each shown to those allowed to see it. */
export function Admin() {
  const t = useT();
  const client = useClient();
  const { can } = useSession();
  const audit = useLoad(() => (can('audit:read') ? client.system.audit({ limit: 50 }) : Promise.resolve(undefined)), [client]);
  return (
    <section className="admin">
      <h1>{t('admin.title')}</h1>
      {can('users:read') && <Users onChange={audit.reload} />}
      {can('apikeys:own') && <ApiKeys onChange={audit.reload} />}
      {can('audit:read') && (
        <section className="card" aria-labelledby="audit-title">
          <h2 id="audit-title">{t('admin.audit')}</h2>
          <table className="table" aria-labelledby="audit-title">
            <thead>
              <tr>
                <th>{t('admin.when')}</th>
                <th>{t('admin.who')}</th>
                <th>{t('admin.action')}</th>
                <th>{t('admin.target')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data?.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{entry.at.slice(0, 19).replace('T', ' ')}</td>
                  <td>{entry.actorRole}</td>
                  <td>{entry.action}</td>
                  <td>{entry.target ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
