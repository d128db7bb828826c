import type { SignalResult } from '@neurograph/sdk';
import { type FormEvent, useState } from 'react';
import { useT } from '../../app/preferences.js';
import { useClient } from '../../app/session.js';
import { useLoad } from '../../app/use-load.js';
import { parseVector } from '../../app/vector.js';
import { Alert } from '../../components/Alert.js';

type Kind = 'text' | 'vector' | 'json';
const DEFAULT_SENSOR: Record<Kind, string> = { text: 'text.chat', vector: 'vector', json: 'json' };

/** Sends one signal — a text, eight numbers or a JSON payload — as any sensor. */
export function EmitForm() {
  const t = useT();
  const client = useClient();
  const sensors = useLoad(() => client.sensors.list(), [client]);
  const [kind, setKind] = useState<Kind>('text');
  const [sensor, setSensor] = useState(DEFAULT_SENSOR.text);
  const [result, setResult] = useState<SignalResult>();
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = String(form.get('input') ?? '');
    const space = String(form.get('space') ?? '') || undefined;
    setError(undefined);
    setResult(undefined);
    try {
      if (kind === 'vector') {
        const vector = parseVector(input);
        if (!vector) throw new Error(t('signals.emitVectorInvalid'));
        setResult(await client.signals.emit({ vector, space, sensor }));
      } else if (kind === 'json') {
        let payload: unknown;
        try {
          payload = JSON.parse(input);
        } catch {
          throw new Error(t('signals.emitJsonInvalid'));
        }
        setResult(await client.signals.emit({ payload, space, sensor }));
      } else {
        setResult(await client.signals.emit({ payload: input, space, sensor }));
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <form className="emit card" onSubmit={(event) => void submit(event)}>
      <h2>{t('signals.emit')}</h2>
      <div role="radiogroup" aria-label={t('signals.emitKind')} className="segmented">
        {(['text', 'vector', 'json'] as const).map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="kind"
              checked={kind === choice}
              onChange={() => {
                setKind(choice);
                setSensor(DEFAULT_SENSOR[choice]);
              }}
            />
            {t(`signals.emitKind.${choice}`)}
          </label>
        ))}
      </div>
      <label>
        {t(`signals.emitInput.${kind}`)}
        <textarea name="input" rows={kind === 'json' ? 4 : 2} required placeholder={kind === 'vector' ? '0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8' : kind === 'json' ? '{"temperature": 21.5}' : ''} />
      </label>
      <div className="row">
        <label>
          {t('signals.sensor')}
          <select value={sensor} onChange={(event) => setSensor(event.target.value)}>
            {(sensors.data?.items ?? [{ sensorId: sensor }]).map((s) => (
              <option key={s.sensorId} value={s.sensorId}>
                {s.sensorId}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('signals.space')}
          <input name="space" placeholder="default" />
        </label>
      </div>
      <button type="submit">{t('signals.emitSubmit')}</button>
      <Alert message={error} />
      {result && <p role="status">{t('signals.emitted', { id: result.signalId, token: result.tokenId, novelty: result.isNovel ? t('signals.novel') : t('signals.known') })}</p>}
    </form>
  );
}
