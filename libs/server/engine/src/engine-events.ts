import type { Engine, HubEvent, SignalEvent } from '@neurograph/core';
import type { Channel } from '@neurograph/rbac';
import type { EventBus } from '@neurograph/server-bus';

/** The severity a `logs` subscriber filters on (`{level: {$in: ['warn', 'error']}}`). */
type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Which channel an engine event travels on, and at what level it is logged. */
const ROUTES: { prefix: string; channel: Channel; level?: LogLevel }[] = [
  { prefix: 'action.', channel: 'actions' },
  // What the default rules' `notify` actions announce (a novel signal, an outlier).
  { prefix: 'signal.anomaly.', channel: 'actions' },
  { prefix: 'module.', channel: 'modules' },
  { prefix: 'guardian.', channel: 'logs', level: 'warn' },
  { prefix: 'cdna.', channel: 'logs', level: 'info' },
  { prefix: 'space.', channel: 'logs', level: 'debug' },
  { prefix: 'signal.activation.', channel: 'logs', level: 'info' },
];

/**
 * Sends everything the engine does to the bus: every processed signal with its result on
 * `signals`, actions, module changes (errors also as `logs` at level error), guardian, CDNA and
 * space events on `logs`. `signalJson` may hand over a signal event's JSON made earlier (the
 * write-behind's), which the bus then sends as it is. Returns the function that stops it.
 */
export function bridgeEngineToBus(engine: Engine, bus: EventBus, onError: (error: unknown) => void, signalJson: (event: SignalEvent) => string | undefined): () => void {
  const send = (channel: Channel, type: string, data: unknown, id?: string, dataJson?: string) => void bus.publish(channel, type, data, { id, dataJson }).catch(onError);
  const stopSignals = engine.observeSignals((event) => send('signals', event.type, event, event.id, signalJson(event)));
  // One subscription per family, never a catch-all: signals would then also queue through the hub.
  const subscriptions = ROUTES.map((route) =>
    engine.subscribe({ pattern: `${route.prefix}*` }, (event: HubEvent) => {
      send(route.channel, event.type, route.level ? { level: route.level, ...(event.payload as object) } : event.payload);
      if (event.type === 'module.error') send('logs', event.type, { level: 'error', ...(event.payload as object) });
    }),
  );
  return () => {
    stopSignals();
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}

/** The largest spaces by tokens that a metrics snapshot names one by one. */
const SPACES_LISTED = 12;

/** What the `metrics` channel carries every METRICS_INTERVAL_MS. */
export function metricsSnapshot(engine: Engine, writer: { backlog: number; lagMs(): number }) {
  const spaces = engine.listSpaces();
  const memory = process.memoryUsage();
  const largest = [...spaces].sort((a, b) => b.size - a.size).slice(0, SPACES_LISTED);
  return {
    spaces: spaces.length,
    tokens: spaces.reduce((n, s) => n + s.size, 0),
    tokensBySpace: Object.fromEntries(largest.map((s) => [s.name, s.size])),
    edges: spaces.reduce((n, s) => n + s.graph.edgeCount, 0),
    modules: Object.fromEntries(
      engine.modules.list().map((m) => {
        const { operations, errors, latencyUs, custom } = m.state.metrics;
        return [m.descriptor.id, { enabled: m.state.enabled, operations, errors, p50Us: latencyUs.p50, p99Us: latencyUs.p99, ...(custom['novel'] !== undefined && { novel: custom['novel'] }) }];
      }),
    ),
    writeBacklog: writer.backlog,
    writeLagMs: writer.lagMs(),
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    uptimeS: Math.round(process.uptime()),
  };
}
