import { SubscriptionHub } from '@neurograph/core';
import EventEmitter from 'eventemitter3';
import { round } from '../stats';

export interface DispatchFigures {
  subscribers: number;
  events: number;
  hubNsPerEvent: number;
  eventemitter3NsPerEvent: number;
  ratio: number;
  deliveredHub: number;
  deliveredEventemitter3: number;
}

interface Doc {
  type: string;
  vector: number[];
  result: { isNovel: boolean; anomalyScore: number };
}

/**
 * Filter match + delivery against a bare eventemitter3 emit: the same 100 subscribers, the same
 * conditions, compiled from the filter language on our side and hand-written for eventemitter3.
 */
export function benchDispatch(subscribers = 100, events = 500_000): DispatchFigures {
  const docs: Doc[] = Array.from({ length: 1024 }, (_, i) => ({
    type: 'signal.input.external.vector.passthrough',
    vector: Array.from({ length: 8 }, (_, d) => ((i * 7919 + d * 104729) % 1000) / 1000),
    result: { isNovel: i % 3 === 0, anomalyScore: (i % 100) / 100 },
  }));
  const thresholds = Array.from({ length: subscribers }, (_, s) => s / subscribers);

  let hubDelivered = 0;
  const hub = new SubscriptionHub();
  for (const t of thresholds) {
    hub.subscribe({ pattern: 'signal.input.*', filter: { 'result.isNovel': true, 'vector.3': { $gt: t } } }, () => {
      hubDelivered++;
    });
  }
  let eeDelivered = 0;
  const emitter = new EventEmitter();
  for (const t of thresholds) {
    emitter.on('signal', (doc: Doc) => {
      if (doc.result.isNovel === true && doc.vector[3] > t) eeDelivered++;
    });
  }

  const run = (publish: (doc: Doc) => void) => {
    for (let i = 0; i < 50_000; i++) publish(docs[i & 1023]);
    const t0 = performance.now();
    for (let i = 0; i < events; i++) publish(docs[i & 1023]);
    return ((performance.now() - t0) * 1e6) / events;
  };
  const eeNs = run((doc) => emitter.emit('signal', doc));
  const hubNs = run((doc) => hub.publish(doc.type, doc));
  return {
    subscribers,
    events,
    hubNsPerEvent: round(hubNs, 1),
    eventemitter3NsPerEvent: round(eeNs, 1),
    ratio: round(hubNs / eeNs, 2),
    deliveredHub: hubDelivered,
    deliveredEventemitter3: eeDelivered,
  };
}
