import type { ModuleInfo } from '@neurograph/sdk';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ConfigEditor } from './ConfigEditor.js';
import { Sparkline } from '../components/Sparkline.js';
import { operationRates } from './overview-series.js';
import { useMetricsSamples } from './use-metrics-samples.js';
import { usePreferences } from '../app/preferences.js';
import { useClient, useSession } from '../app/session.js';
import { useAction } from '../app/use-action.js';
import { useLoad } from '../app/use-load.js';
import { Alert } from '../components/Alert.js';

/** The engine's modules: state, metrics, and the switch for those who may use it. */
export function Modules() {
  const { t, language } = usePreferences();
  const client = useClient();
  const { can, realtime } = useSession();
  const { data, error, reload } = useLoad(() => client.modules.list(), [client]);
  const [confirming, setConfirming] = useState<ModuleInfo>();
  const [configuring, setConfiguring] = useState<string>();
  const samples = useMetricsSamples();

  // Another operator's change arrives on the `modules` channel.
  useEffect(() => realtime?.subscribe('modules', () => reload()), [realtime, reload]);

  // Reloaded after a refusal too: the cards show the server's state either way.
  const { run, failure } = useAction(() => undefined);
  const setEnabled = async (module: ModuleInfo, enabled: boolean) => {
    setConfirming(undefined);
    await run(() => (enabled ? client.modules.enable(module.id) : client.modules.disable(module.id)));
    reload();
  };

  if (error) return <p role="alert">{t('common.error', { message: error.message })}</p>;
  if (!data) return <p>{t('common.loading')}</p>;
  const mayWrite = can('modules:write');
  return (
    <section>
      <h1>{t('modules.title')}</h1>
      <Alert message={failure} />
      <ul className="cards">
        {data.modules.map((module) => (
          <li key={module.id} className="card module" data-module={module.id}>
            <header>
              <h2>{module.name}</h2>
              <span className={`badge ${module.status}`}>{t(`status.${module.status}`)}</span>
            </header>
            <p className="muted">{module.description[language]}</p>
            <p className="muted">
              {t('modules.version', { version: module.version })} · {t('modules.operations', { count: module.metrics.operations })} ·{' '}
              {t('modules.opsPerSecond', { rate: module.metrics.opsPerSecond.toFixed(1) })} · {t('modules.errors', { count: module.metrics.errors })}
            </p>
            {module.dependsOn.length > 0 && <p className="muted">{t('modules.dependsOn', { modules: module.dependsOn.join(', ') })}</p>}
            {samples.length > 1 && <Sparkline values={operationRates(samples, module.id)} label={t('modules.rateChart', { module: module.name })} height={32} />}
            {mayWrite &&
              (module.canDisable ? (
                <label className="switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={module.enabled}
                    onChange={(event) => (event.target.checked ? void setEnabled(module, true) : setConfirming(module))}
                  />
                  {t('modules.enabled')}
                </label>
              ) : (
                <p className="muted">{t('modules.core')}</p>
              ))}
            {mayWrite && module.configurable && (
              <button className="small" aria-expanded={configuring === module.id} onClick={() => setConfiguring(configuring === module.id ? undefined : module.id)}>
                {t('modules.configure')}
              </button>
            )}
            {configuring === module.id && <ConfigEditor moduleId={module.id} onSaved={reload} />}
          </li>
        ))}
      </ul>
      {confirming && (
        <ConfirmDialog
          title={t('modules.confirmTitle', { name: confirming.name })}
          confirm={t('modules.confirm')}
          onConfirm={() => void setEnabled(confirming, false)}
          onCancel={() => setConfirming(undefined)}
        >
          <p>{confirming.disableWarning?.[language] ?? t('modules.confirmNoWarning')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
