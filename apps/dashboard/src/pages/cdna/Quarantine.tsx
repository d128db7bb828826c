import type { QuarantineStatus } from '@neurograph/sdk';
import { useT } from '../../app/preferences.js';

const MINUTES = [1, 5, 10, 30] as const;

/**
 * A candidate constitution on trial: start one from the edited scales, watch the metrics before and
 * during it, then keep it or go back (the baseline returns by itself when the time is up).
 */
export function Quarantine({ status, canStart, editable, onStart, onStop }: { status: QuarantineStatus | null; canStart: boolean; editable: boolean; onStart(durationMs: number): void; onStop(apply: boolean): void }) {
  const t = useT();
  if (!status) {
    return (
      <div className="card quarantine">
        <h2>{t('cdna.quarantine')}</h2>
        <p className="muted">{t('cdna.quarantineIdle')}</p>
        {editable && (
          <div className="toolbar">
            {MINUTES.map((minutes) => (
              <button key={minutes} disabled={!canStart} onClick={() => onStart(minutes * 60_000)}>
                {t('cdna.quarantineStart', { minutes })}
              </button>
            ))}
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="card quarantine" role="region" aria-label={t('cdna.quarantine')}>
      <h2>{t('cdna.quarantine')}</h2>
      <p>{t('cdna.quarantineRunning', { version: status.candidate.version, until: status.endsAt.slice(11, 19), author: status.author })}</p>
      <table className="diff">
        <thead>
          <tr>
            <th>{t('cdna.metric')}</th>
            <th>{t('cdna.before')}</th>
            <th>{t('cdna.during')}</th>
            <th>{t('cdna.change')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(status.metrics).map(([name, m]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{m.before?.toFixed(3) ?? '–'}</td>
              <td>{m.during?.toFixed(3) ?? '–'}</td>
              <td>{m.change === null ? '–' : `${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(1)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <div className="toolbar">
          <button onClick={() => onStop(true)}>{t('cdna.quarantineApply')}</button>
          <button onClick={() => onStop(false)}>{t('cdna.quarantineDiscard')}</button>
        </div>
      )}
    </div>
  );
}
