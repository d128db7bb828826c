import { DIMENSION_NAMES } from '@neurograph/core';
import type { CdnaHistoryEntry, FieldError, ProfileName } from '@neurograph/sdk';
import { useEffect, useState } from 'react';
import { useT } from '../../app/preferences.js';
import { useClient, useSession } from '../../app/session.js';
import { useAction } from '../../app/use-action.js';
import { useLoad } from '../../app/use-load.js';
import { Quarantine } from './Quarantine.js';
import { Alert } from '../../components/Alert.js';

const VALIDATE_AFTER_MS = 250;

/** The constitution: profiles, the eight dimension scales with live validation, history with diffs and rollback. */
export function Constitution() {
  const t = useT();
  const client = useClient();
  const { can } = useSession();
  const state = useLoad(() => client.cdna.get(), [client]);
  const profiles = useLoad(() => client.cdna.profiles(), [client]);
  const history = useLoad(() => client.cdna.history({ limit: 20 }), [client]);
  const [scales, setScales] = useState<number[]>();
  const [issues, setIssues] = useState<readonly FieldError[]>([]);
  const [failure, setFailure] = useState<string>();
  const [open, setOpen] = useState<number>();
  const current = state.data?.cdna;
  const editable = can('cdna:write');

  const reloadAll = () => {
    state.reload();
    history.reload();
  };
  useEffect(() => setScales(current?.dimensionScales), [current?.version]);

  // Every change is checked by the server as it is made; nothing is applied until Save.
  useEffect(() => {
    if (!scales || !current || scales.every((s, i) => s === current.dimensionScales[i])) return setIssues([]);
    const timer = setTimeout(() => {
      client.cdna.validate({ dimensionScales: scales }).then((answer) => setIssues(answer.errors), (error: Error) => setFailure(error.message));
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [scales]);

  const { run: act, failure: refused } = useAction(reloadAll);

  if (state.error) return <p role="alert">{t('common.error', { message: state.error.message })}</p>;
  if (!current || !scales) return <p>{t('common.loading')}</p>;
  const changed = scales.some((s, i) => s !== current.dimensionScales[i]);
  const issueOf = (i: number) => issues.find((issue) => issue.field === `dimensionScales.${i}`);
  const overall = issues.filter((issue) => issue.field === 'dimensionScales');

  return (
    <section className="cdna">
      <h1>{t('cdna.title')}</h1>
      <p className="muted">{t('cdna.current', { version: current.version, profile: current.profile, time: current.updatedAt })}</p>
      <Alert message={refused ?? failure} />
      <div className="cdna-layout">
        <div className="card">
          <h2>{t('cdna.profiles')}</h2>
          <div className="profiles">
            {profiles.data?.profiles.map((profile) => (
              <button key={profile.name} disabled={!editable} aria-pressed={current.profile === profile.name} onClick={() => void act(() => client.cdna.applyProfile(profile.name as ProfileName))}>
                {profile.name}
              </button>
            ))}
          </div>
          <h2>{t('cdna.scales')}</h2>
          <ul className="sliders">
            {DIMENSION_NAMES.map((dimension, i) => (
              <li key={dimension}>
                <label htmlFor={`scale-${i}`}>{t(`dimension.${dimension}`)}</label>
                <input
                  id={`scale-${i}`}
                  type="range"
                  min={0.1}
                  max={10}
                  step={0.1}
                  disabled={!editable}
                  value={scales[i]}
                  aria-invalid={issueOf(i) ? true : undefined}
                  onChange={(event) => setScales(scales.map((s, j) => (j === i ? Number(event.target.value) : s)))}
                />
                <output htmlFor={`scale-${i}`}>{scales[i]?.toFixed(1)}</output>
                {issueOf(i) && <span className="error">{issueOf(i)?.message}</span>}
              </li>
            ))}
          </ul>
          {overall.map((issue) => (
            <p key={issue.rule} role="alert" className="error">
              {issue.message}
            </p>
          ))}
          {editable && (
            <div className="toolbar">
              <button disabled={!changed || issues.length > 0} onClick={() => void act(() => client.cdna.update({ dimensionScales: scales }, 'dashboard'))}>
                {t('cdna.save')}
              </button>
              <button disabled={!changed} onClick={() => setScales(current.dimensionScales)}>
                {t('cdna.reset')}
              </button>
            </div>
          )}
        </div>
        <Quarantine
          status={state.data?.quarantine ?? null}
          canStart={changed && issues.length === 0}
          editable={editable}
          onStart={(durationMs) => void act(() => client.cdna.startQuarantine({ dimensionScales: scales }, durationMs))}
          onStop={(apply) => void act(() => client.cdna.stopQuarantine(apply))}
        />
        <div className="card">
          <h2>{t('cdna.history')}</h2>
          <ol className="history" aria-label={t('cdna.history')}>
            {history.data?.items.map((entry) => (
              <HistoryEntry
                key={entry.version}
                entry={entry}
                current={entry.version === current.version}
                open={open === entry.version}
                onToggle={() => setOpen(open === entry.version ? undefined : entry.version)}
                onRollback={can('cdna:admin') && entry.version !== current.version ? () => void act(() => client.cdna.rollback(entry.version)) : undefined}
              />
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}

function HistoryEntry({ entry, current, open, onToggle, onRollback }: { entry: CdnaHistoryEntry; current: boolean; open: boolean; onToggle(): void; onRollback?: () => void }) {
  const t = useT();
  return (
    <li data-version={entry.version}>
      <button className="link" aria-expanded={open} onClick={onToggle}>
        {t('cdna.version', { version: entry.version })} · {entry.after.profile} · {entry.author} · {entry.at.slice(0, 19).replace('T', ' ')}
        {current ? ` · ${t('cdna.currentVersion')}` : ''}
      </button>
      {entry.reason && <span className="muted"> — {entry.reason}</span>}
      {onRollback && (
        <button className="small" onClick={onRollback}>
          {t('cdna.rollback')}
        </button>
      )}
      {open && (
        <table className="diff">
          <thead>
            <tr>
              <th>{t('cdna.field')}</th>
              <th>{t('cdna.before')}</th>
              <th>{t('cdna.after')}</th>
            </tr>
          </thead>
          <tbody>
            {entry.diff.map((change) => (
              <tr key={change.field}>
                <td>{change.field}</td>
                <td>{JSON.stringify(change.before)}</td>
                <td>{JSON.stringify(change.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
