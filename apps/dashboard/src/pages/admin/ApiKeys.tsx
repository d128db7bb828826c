import type { CreatedApiKey } from '@neurograph/sdk';
import { type FormEvent, useState } from 'react';
import { useT } from '../../app/preferences.js';
import { useClient } from '../../app/session.js';
import { useAction } from '../../app/use-action.js';
import { useLoad } from '../../app/use-load.js';
import { Alert } from '../../components/Alert.js';

/** Your API keys: create one (its secret is shown this once, with a copy button) and revoke. */
export function ApiKeys({ onChange }: { onChange(): void }) {
  const t = useT();
  const client = useClient();
  const keys = useLoad(() => client.apiKeys.list(), [client]);
  const [created, setCreated] = useState<CreatedApiKey>();
  const [copied, setCopied] = useState(false);
  const { run: act, failure } = useAction(() => {
    keys.reload();
    onChange();
  });
  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = String(form.get('scopes') ?? '')
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean);
    event.currentTarget.reset();
    void act(async () => {
      setCopied(false);
      setCreated(await client.apiKeys.create({ name: String(form.get('name')), ...(scopes.length > 0 && { scopes: scopes as CreatedApiKey['apiKey']['scopes'] }) }));
    });
  };
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard?.writeText(created.key);
    setCopied(true);
  };

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('admin.keys')}</h2>
      {created && (
        <div className="secret" role="region" aria-label={t('admin.newKey')}>
          <p>{t('admin.keyOnce')}</p>
          <code data-testid="new-key">{created.key}</code>
          <div className="toolbar">
            <button onClick={() => void copy()}>{copied ? t('admin.copied') : t('admin.copy')}</button>
            <button onClick={() => setCreated(undefined)}>{t('admin.keyStored')}</button>
          </div>
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <input name="name" aria-label={t('admin.keyName')} placeholder={t('admin.keyName')} required />
        <input name="scopes" aria-label={t('admin.keyScopes')} placeholder={t('admin.keyScopesHint')} />
        <button type="submit">{t('admin.createKey')}</button>
      </form>
      <Alert message={failure} />
      <table className="table">
        <thead>
          <tr>
            <th>{t('admin.keyName')}</th>
            <th>{t('admin.keyPrefix')}</th>
            <th>{t('admin.keyScopes')}</th>
            <th>{t('admin.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.data?.items.map((key) => (
            <tr key={key.id} data-key={key.name}>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td className="scopes">{key.scopes.join(', ')}</td>
              <td>{key.revoked ? t('admin.revoked') : t('admin.active')}</td>
              <td>{!key.revoked && <button onClick={() => void act(() => client.apiKeys.revoke(key.id))}>{t('admin.revoke')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
