import { useEffect, useState } from 'react';
import { Sparkline } from '../components/Sparkline.js';
import { useT } from '../app/preferences.js';
import { useClient, useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import type { ChannelEvent } from '@neurograph/sdk';
import { latencies, noveltyRates, operationRates } from './overview-series.js';
import { useMetricsSamples } from './use-metrics-samples.js';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const formatValue = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const RECENT = 8;

/** The engine at a glance, live from the `metrics` channel. */
export function Overview() {
  const t = useT();
  const client = useClient();
  const { realtime, can } = useSession();
  const status = useLoad(() => client.system.status(), [client]);
  const samples = useMetricsSamples();
  const [connections, setConnections] = useState<number[]>([]);
  // Connections are counted by the gateways, not the engine: asked for with each metrics sample (realtime:admin).
  useEffect(() => {
    if (samples.length === 0 || !can('realtime:admin')) return;
    client.system.channels().then((answer) => setConnections((previous) => [...previous, answer.connections].slice(-60)), () => undefined);
  }, [samples.length]);
  const [recent, setRecent] = useState<ChannelEvent<'signals'>[]>([]);

  useEffect(() => realtime?.subscribe('signals', (event) => setRecent((previous) => [event, ...previous].slice(0, RECENT))), [realtime]);

  const latest = samples.at(-1)?.metrics;
  const modules = status.data?.modules ?? [];
  const rates = operationRates(samples);
  const charts = [
    { label: t('overview.signalRate'), values: rates },
    { label: t('overview.noveltyRate'), values: noveltyRates(samples) },
    { label: t('overview.latencyP50'), values: samples.length > 1 ? latencies(samples, 'p50Us') : [] },
    { label: t('overview.latencyP99'), values: samples.length > 1 ? latencies(samples, 'p99Us') : [] },
    { label: t('overview.tokenCount'), values: samples.length > 1 ? samples.map((s) => s.metrics.tokens) : [] },
    ...(can('realtime:admin') ? [{ label: t('overview.connections'), values: connections }] : []),
  ];
  const bySpace = Object.entries(latest?.tokensBySpace ?? {});
  const largest = Math.max(1, ...bySpace.map(([, count]) => count));
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      {status.error && <p role="alert">{t('common.error', { message: status.error.message })}</p>}
      <dl className="stats">
        <div className="card">
          <dt>{t('overview.tokens')}</dt>
          <dd data-stat="tokens">{latest?.tokens ?? status.data?.engine.tokens ?? '–'}</dd>
        </div>
        <div className="card">
          <dt>{t('overview.spaces')}</dt>
          <dd data-stat="spaces">{latest?.spaces ?? status.data?.engine.spaces ?? '–'}</dd>
        </div>
        <div className="card">
          <dt>{t('overview.edges')}</dt>
          <dd data-stat="edges">{latest?.edges ?? '–'}</dd>
        </div>
        <div className="card">
          <dt>{t('overview.backlog')}</dt>
          <dd data-stat="backlog">{latest?.writeBacklog ?? status.data?.engine.writeBacklog ?? '–'}</dd>
        </div>
        <div className="card">
          <dt>{t('overview.writeLag')}</dt>
          <dd data-stat="write-lag">{seconds(latest?.writeLagMs ?? status.data?.engine.writeLagMs)}</dd>
        </div>
        <div className="card">
          <dt>{t('overview.memory')}</dt>
          <dd data-stat="memory">{latest ? megabytes(latest.memory.rssBytes) : '–'}</dd>
        </div>
      </dl>
      <div className="charts">
        {charts.map(({ label, values }) => (
          <figure className="card" key={label}>
            <figcaption>
              {label}
              {values.length > 0 && <strong className="latest">{formatValue(values.at(-1) ?? 0)}</strong>}
            </figcaption>
            {values.length > 0 ? <Sparkline values={values} label={label} /> : <p className="muted">{t('overview.waiting')}</p>}
          </figure>
        ))}
        <figure className="card">
          <figcaption>{t('overview.tokensBySpace')}</figcaption>
          {bySpace.length === 0 ? (
            <p className="muted">{t('overview.waiting')}</p>
          ) : (
            <ul className="bars">
              {bySpace.map(([name, count]) => (
                <li key={name}>
                  <span>{name}</span>
                  <span className="bar" style={{ width: `${(100 * count) / largest}%` }} />
                  <span>{count}</span>
                </li>
              ))}
            </ul>
          )}
        </figure>
      </div>
      <h2>{t('overview.recent')}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t('overview.noRecent')}</p>
      ) : (
        <ul className="recent">
          {recent.map((event) => (
            <li key={event.seq}>
              <span className="muted">{event.timestamp.slice(11, 19)}</span> {event.data.space} · {event.data.type}
              {event.data.result.isNovel ? ` · ${t('signals.novel')}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('overview.modules')}</h2>
      <p>{t('overview.modulesHealthy', { active: modules.filter((m) => m.status === 'active').length, total: modules.length })}</p>
      <ul className="module-health">
        {modules.map((m) => (
          <li key={m.id} className={`badge ${m.status}`}>
            {m.id}: {t(`status.${m.status}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
