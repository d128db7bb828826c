import { useState } from 'react';
import { VirtualList } from '../../components/VirtualList.js';
import { useT } from '../../app/preferences.js';
import { useSession } from '../../app/session.js';
import { EmitForm } from './EmitForm.js';
import { buildFilter, type Condition } from './filter-builder.js';
import { FilterBuilder } from './FilterBuilder.js';
import { SignalDetail } from './SignalDetail.js';
import { type SignalEnvelope, useSignalStream } from './use-signal-stream.js';
import { Alert } from '../../components/Alert.js';

const ROW_HEIGHT = 34;

/** The live signal stream with a filter, pause, details, and a form to send one. */
export function Signals() {
  const t = useT();
  const { realtime, can } = useSession();
  const [conditions, setConditions] = useState<Condition[]>([]);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<SignalEnvelope>();
  const filter = buildFilter(conditions);
  const { events, waiting, received, subscribed, error, clear } = useSignalStream(realtime, filter, paused);

  return (
    <section className="signals">
      <h1>{t('signals.title')}</h1>
      <div className="signals-layout">
        <div>
          <FilterBuilder conditions={conditions} onChange={setConditions} />
          {filter && <pre className="filter-preview">{JSON.stringify(filter)}</pre>}
          <div className="toolbar">
            <button onClick={() => setPaused(!paused)} aria-pressed={paused}>
              {paused ? t('signals.resume') : t('signals.pause')}
            </button>
            <button onClick={clear}>{t('signals.clear')}</button>
            <span className="muted" data-testid="signal-count">
              {t('signals.count', { count: events.length, received })}
              {paused && waiting > 0 ? ` · ${t('signals.waiting', { count: waiting })}` : ''}
            </span>
          </div>
          <Alert message={error} />
          <VirtualList
            items={events}
            rowHeight={ROW_HEIGHT}
            height={480}
            label={t('signals.stream')}
            busy={!subscribed}
            keyOf={(event) => `${event.seq}`}
            row={(event) => (
              <button className={`signal-row${event.data.result.isNovel ? ' novel' : ''}`} onClick={() => setSelected(event)}>
                <span className="muted">{event.timestamp.slice(11, 23)}</span>
                <span>{event.data.space}</span>
                <span className="type">{event.data.type}</span>
                <span>{event.data.result.isNovel ? t('signals.novel') : ''}</span>
              </button>
            )}
          />
        </div>
        <div>
          {selected && <SignalDetail event={selected} onClose={() => setSelected(undefined)} />}
          {can('signals:write') && <EmitForm />}
        </div>
      </div>
    </section>
  );
}
