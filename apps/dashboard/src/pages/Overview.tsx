import { useEffect, useState } from 'react';
import { Sparkline } from '../components/Sparkline.js';
import { useT } from '../app/preferences.js';
import { useClient, useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { addSample, type MetricsSnapshot, type Sample, signalRates } from './overview-series.js';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The engine at a glance, live from the `metrics` channel. */
export function Overview() {
  const t = useT();
  const client = useClient();
  const { realtime } = useSession();
  const status = useLoad(() => client.system.status(), [client]);
  const [samples, setSamples] = useState<Sample[]>([]);

  useEffect(
    () => realtime?.subscribe('metrics', (event) => setSamples((previous) => addSample(previous, { at: Date.parse(event.timestamp), metrics: event.data as unknown as MetricsSnapshot }))),
    [realtime],
  );

  const latest = samples.at(-1)?.metrics;
  const modules = status.data?.modules ?? [];
  const rates = signalRates(samples);
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
          <dt>{t('overview.memory')}</dt>
          <dd data-stat="memory">{latest ? megabytes(latest.memory.rssBytes) : '–'}</dd>
        </div>
      </dl>
      <div className="charts">
        <figure className="card">
          <figcaption>{t('overview.signalRate')}</figcaption>
          {rates.length > 0 ? <Sparkline values={rates} label={t('overview.signalRate')} /> : <p className="muted">{t('overview.waiting')}</p>}
        </figure>
        <figure className="card">
          <figcaption>{t('overview.tokenCount')}</figcaption>
          {samples.length > 1 ? <Sparkline values={samples.map((s) => s.metrics.tokens)} label={t('overview.tokenCount')} /> : <p className="muted">{t('overview.waiting')}</p>}
        </figure>
      </div>
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
