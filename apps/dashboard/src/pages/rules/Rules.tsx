import type { Rule } from '@neurograph/sdk';
import { type FormEvent, useEffect, useState } from 'react';
import { Alert } from '../../components/Alert.js';
import { useT } from '../../app/preferences.js';
import { useClient, useSession } from '../../app/session.js';
import { useAction } from '../../app/use-action.js';
import { useLoad } from '../../app/use-load.js';
import { buildFilter, type Condition } from '../signals/filter-builder.js';
import { FilterBuilder } from '../signals/FilterBuilder.js';

const ACTION_TYPES = ['log', 'notify', 'emit', 'reply', 'webhook'] as const;

/** Rules (when a signal matches, run actions) with the filter builder, and the action execution log. */
export function Rules() {
  const t = useT();
  const client = useClient();
  const { can, realtime } = useSession();
  const rules = useLoad(() => client.rules.list(), [client]);
  const log = useLoad(() => client.actions.list({ limit: 50 }), [client]);
  const [editing, setEditing] = useState<Rule | 'new'>();
  const { run, failure } = useAction(rules.reload);
  const writable = can('actions:write');

  useEffect(() => realtime?.subscribe('actions', () => log.reload()), [realtime, log.reload]);

  return (
    <section className="rules">
      <h1>{t('rules.title')}</h1>
      <Alert message={failure} />
      {writable && !editing && <button onClick={() => setEditing('new')}>{t('rules.new')}</button>}
      {editing && (
        <RuleForm
          rule={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSave={(rule) =>
            void run(async () => {
              await (editing === 'new' ? client.rules.create(rule) : client.rules.update(rule.id, rule));
              setEditing(undefined);
            })
          }
        />
      )}
      <table className="table" aria-label={t('rules.title')}>
        <thead>
          <tr>
            <th>{t('rules.name')}</th>
            <th>{t('rules.when')}</th>
            <th>{t('rules.actions')}</th>
            <th>{t('rules.path')}</th>
            <th>{t('rules.enabled')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.data?.items.map((rule) => (
            <tr key={rule.id} data-rule={rule.id}>
              <td>
                {rule.name} <span className="muted">({rule.id})</span>
              </td>
              <td>
                <code>{JSON.stringify(rule.when)}</code>
              </td>
              <td>{rule.actions.map((a) => a.type).join(', ')}</td>
              <td>{rule.path}</td>
              <td>
                <input type="checkbox" role="switch" aria-label={t('rules.enabledOf', { rule: rule.name })} checked={rule.enabled} disabled={!writable} onChange={(event) => void run(() => client.rules.update(rule.id, { enabled: event.target.checked }))} />
              </td>
              <td>
                {writable && (
                  <>
                    <button className="small" onClick={() => setEditing(rule)}>
                      {t('rules.edit')}
                    </button>
                    <button className="small" onClick={() => void run(() => client.rules.delete(rule.id))}>
                      {t('rules.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('rules.log')}</h2>
      <table className="table" aria-label={t('rules.log')}>
        <thead>
          <tr>
            <th>{t('admin.when')}</th>
            <th>{t('rules.rule')}</th>
            <th>{t('rules.action')}</th>
            <th>{t('admin.state')}</th>
            <th>{t('rules.duration')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data?.items.map((execution) => (
            <tr key={execution.actionId}>
              <td>{execution.at.slice(11, 19)}</td>
              <td>{execution.ruleId}</td>
              <td>{execution.type}</td>
              <td>{execution.error ? `${execution.status}: ${execution.error}` : execution.status}</td>
              <td>{execution.durationMs.toFixed(1)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The `when` filter as builder rows: one row per field and operator. */
function conditionsOf(when: Record<string, unknown> | undefined): Condition[] {
  return Object.entries(when ?? {}).flatMap(([field, condition]) =>
    condition !== null && typeof condition === 'object' && !Array.isArray(condition)
      ? Object.entries(condition).map(([operator, value]) => ({ field, operator: operator as Condition['operator'], value: typeof value === 'string' ? value : JSON.stringify(value) }))
      : [{ field, operator: '$eq' as const, value: typeof condition === 'string' ? condition : JSON.stringify(condition) }],
  );
}

function RuleForm({ rule, onSave, onCancel }: { rule?: Rule; onSave(rule: Rule): void; onCancel(): void }) {
  const t = useT();
  const [conditions, setConditions] = useState<Condition[]>(() => conditionsOf(rule?.when));
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(String(form.get('params') || '{}')) as Record<string, unknown>;
    } catch {
      return setError(t('rules.paramsInvalid'));
    }
    onSave({
      id: String(form.get('id')),
      name: String(form.get('name')),
      when: buildFilter(conditions) ?? {},
      actions: [{ type: String(form.get('type')), params }],
      path: form.get('path') === 'cold' ? 'cold' : 'hot',
      enabled: rule?.enabled ?? true,
      priority: Number(form.get('priority') || 0),
      cooldownMs: Number(form.get('cooldownMs') || 0),
    });
  };
  return (
    <form className="card rule-form" onSubmit={submit} aria-label={rule ? t('rules.editing', { rule: rule.name }) : t('rules.new')}>
      <div className="row">
        <label>
          {t('rules.id')}
          <input name="id" defaultValue={rule?.id} readOnly={Boolean(rule)} required pattern="[a-zA-Z0-9_.:\-]{1,128}" />
        </label>
        <label>
          {t('rules.name')}
          <input name="name" defaultValue={rule?.name} required />
        </label>
      </div>
      <FilterBuilder conditions={conditions} onChange={setConditions} />
      <div className="row">
        <label>
          {t('rules.action')}
          <select name="type" defaultValue={rule?.actions[0]?.type ?? 'log'}>
            {ACTION_TYPES.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <label>
          {t('rules.path')}
          <select name="path" defaultValue={rule?.path ?? 'hot'}>
            <option value="hot">hot</option>
            <option value="cold">cold</option>
          </select>
        </label>
        <label>
          {t('rules.priority')}
          <input name="priority" type="number" defaultValue={rule?.priority ?? 0} />
        </label>
        <label>
          {t('rules.cooldown')}
          <input name="cooldownMs" type="number" min={0} defaultValue={rule?.cooldownMs ?? 0} />
        </label>
      </div>
      <label>
        {t('rules.params')}
        <textarea name="params" rows={2} defaultValue={JSON.stringify(rule?.actions[0]?.params ?? {})} />
      </label>
      <Alert message={error} />
      <div className="toolbar">
        <button type="submit">{t('rules.save')}</button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
