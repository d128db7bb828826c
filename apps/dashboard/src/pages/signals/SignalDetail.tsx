import { DIMENSION_NAMES } from '@neurograph/core';
import { useT } from '../../app/preferences.js';
import type { SignalEnvelope } from './use-signal-stream.js';


/** One signal: its vector as bars, what the engine learned, the actions it triggered, its payload. */
export function SignalDetail({ event, onClose }: { event: SignalEnvelope; onClose(): void }) {
  const t = useT();
  const { data } = event;
  return (
    <aside className="drawer card" aria-label={t('signals.detail')}>
      <header>
        <h2>{data.type}</h2>
        <button onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <p className="muted">
        {data.id} · {data.space} · {data.source.sensorId} · {data.timestamp}
      </p>
      <h3>{t('signals.vector')}</h3>
      <ul className="bars">
        {DIMENSION_NAMES.map((dimension, i) => (
          <li key={dimension}>
            <span>{t(`dimension.${dimension}`)}</span>
            <span className="bar" style={{ width: `${Math.round((data.vector[i] ?? 0) * 100)}%` }} />
            <span>{(data.vector[i] ?? 0).toFixed(2)}</span>
          </li>
        ))}
      </ul>
      <h3>{t('signals.learned')}</h3>
      <p>
        {t('signals.token', { id: data.result.tokenId })} · {data.result.isNovel ? t('signals.novel') : t('signals.known')} · {t('signals.anomaly', { score: data.result.anomalyScore.toFixed(3) })}
      </p>
      <h3>{t('signals.neighbours')}</h3>
      {data.result.neighbors.length === 0 ? (
        <p className="muted">{t('signals.none')}</p>
      ) : (
        <ul>
          {data.result.neighbors.map((n) => (
            <li key={n.tokenId}>{t('signals.neighbour', { id: n.tokenId, similarity: n.similarity.toFixed(3) })}</li>
          ))}
        </ul>
      )}
      <h3>{t('signals.actions')}</h3>
      {data.result.triggeredActions.length === 0 ? (
        <p className="muted">{t('signals.none')}</p>
      ) : (
        <ul>
          {data.result.triggeredActions.map((a) => (
            <li key={a.actionId}>
              {a.type} ({a.ruleId}): {a.status}
            </li>
          ))}
        </ul>
      )}
      {data.payload !== undefined && (
        <>
          <h3>{t('signals.payload')}</h3>
          <pre>{JSON.stringify(data.payload, null, 2)}</pre>
        </>
      )}
    </aside>
  );
}
