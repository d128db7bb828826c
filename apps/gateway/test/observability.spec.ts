import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { connect, exportedMetricTypes, exportedSeriesLabels, inspectPromql, type Live, monitoringQueries, type ServerProcess, until } from '@neurograph/server-testing';
import { type Cluster, describeWithStores, launchCluster, rest, ROOT } from './support';

const METRICS_TOKEN = randomBytes(24).toString('hex');

/** One span as an OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ExportedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** A stand-in OpenTelemetry collector: a real HTTP server receiving what the exporters POST to /v1/traces. */
function startCollector(spans: ExportedSpan[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
        for (const resourceSpans of JSON.parse(body).resourceSpans ?? []) {
          const service = resourceSpans.resource.attributes.find((a: { key: string }) => a.key === 'service.name')?.value.stringValue;
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ service, ...span, parentSpanId: span.parentSpanId || undefined });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

// The api and a gateway as separate processes on real PostgreSQL and Redis, as a cluster runs them.
describeWithStores('what operators watch: metrics and traces of a running api and gateway', () => {
  const spans: ExportedSpan[] = [];
  let collector: Server;
  let cluster: Cluster;
  let api: ServerProcess;
  let gateway: ServerProcess;
  let admin: string;
  let socket: Live | undefined;

  beforeAll(async () => {
    const started = await startCollector(spans);
    collector = started.server;
    cluster = await launchCluster('observability', 1, { METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: started.url });
    ({ api, admin } = cluster);
    [gateway] = cluster.gateways;
  }, 90_000);

  afterAll(async () => {
    socket?.close();
    await cluster?.stop();
    await new Promise((resolve) => collector?.close(resolve));
  }, 30_000);

  const scrape = async (origin: string) => {
    const response = await fetch(`${origin}/api/v1/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  it('METRICS_TOKEN reads metrics on both servers and nothing else', async () => {
    expect((await fetch(`${api.origin}/api/v1/metrics`)).status).toBe(401);
    expect((await fetch(`${gateway.origin}/api/v1/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN.slice(1)}x` } })).status).toBe(401);
    expect((await rest(api.origin, 'GET', '/signals', METRICS_TOKEN)).status).toBe(403);
    expect((await rest(api.origin, 'GET', '/users', METRICS_TOKEN)).status).toBe(403);
    expect(await scrape(gateway.origin)).toContain('neurograph_realtime_connections');
  });

  it('probes the database and Redis at scrape time', async () => {
    const text = await scrape(api.origin);
    expect(text).toContain('neurograph_dependency_up{dependency="database"} 1');
    expect(text).toContain('neurograph_dependency_up{dependency="redis"} 1');
  });

  it('every metric the Grafana dashboards and alert rules query is exported by the api or the gateway, and only counters are rated', async () => {
    const types = new Map([...exportedMetricTypes(await scrape(api.origin)), ...exportedMetricTypes(await scrape(gateway.origin))]);
    // Prometheus's own series for each target.
    types.set('up', 'gauge');
    const unknown = monitoringQueries().flatMap(({ source, expr }) => inspectPromql(expr).metrics.filter((name) => !types.has(name)).map((name) => `${source}: ${name}`));
    expect(unknown).toEqual([]);
    expect(types.size).toBeGreaterThan(30);
    // rate() and increase() of a gauge are meaningless (a gauge going down reads as a counter reset).
    const rated = monitoringQueries().flatMap(({ source, expr }) => inspectPromql(expr).rated.filter((name) => !['counter', 'histogram', 'summary'].includes(types.get(name)!)).map((name) => `${source}: ${name} is a ${types.get(name)}`));
    expect(rated).toEqual([]);
  });

  it('docs/deployment.md lists every NeuroGraph metric the servers export', async () => {
    const documented = readFileSync(join(ROOT, 'docs/deployment.md'), 'utf8');
    const own = [...exportedMetricTypes(await scrape(api.origin)).keys()].filter((name) => /^neurograph_(?!process_|nodejs_)/.test(name) && !/_(bucket|sum|count)$/.test(name));
    expect(own.filter((name) => !documented.includes(`\`${name}\``))).toEqual([]);
  });

  it('traces a signal from the HTTP request through the engine and the bus to the gateway that delivers it', async () => {
    socket = await connect(gateway.origin, { token: admin });
    await socket.ack('subscribe', { channels: ['signals'] });
    // The caller's own trace: every span below must continue it.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const posted = await rest(api.origin, 'POST', '/signals', admin, { payload: 'traced', space: 'traces' }, { traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect(posted.status).toBe(200);
    await until(() => socket!.events.signals?.length === 1, 5000, 'the signal on the gateway');
    const named = (service: string, name: string) => spans.find((s) => s.traceId === traceId && s.service === service && s.name === name);
    await until(() => named('neurograph-gateway', 'deliver signals') !== undefined && named('neurograph-api', 'POST /api/v1/signals') !== undefined, 10_000, 'the spans of both services');

    const request = named('neurograph-api', 'POST /api/v1/signals')!;
    const emit = named('neurograph-api', 'engine.emit')!;
    const publish = named('neurograph-api', 'publish signals')!;
    const deliver = named('neurograph-gateway', 'deliver signals')!;
    expect(request.parentSpanId).toBe(callerSpanId);
    expect(emit.parentSpanId).toBe(request.spanId);
    expect(publish.parentSpanId).toBe(emit.spanId);
    expect(deliver.parentSpanId).toBe(publish.spanId);
    // Room for both waits above: the exporters send in batches, once a second.
  }, 20_000);

  it('sends no trace context to clients: the delivered event is the plain envelope', () => {
    expect(Object.keys(socket!.events.signals[0]).sort()).toEqual(['channel', 'data', 'id', 'seq', 'timestamp', 'type']);
  });

  it('every label the dashboards and alert rules match or group by is on a series the api or the gateway exports', async () => {
    // Traffic that gives every labelled series a sample: a subscriber connected while scraped, a
    // resume that misses, a disconnect, a rule's action, an accepted and a refused signal.
    const watcher = await connect(gateway.origin, { token: admin });
    await watcher.ack('subscribe', { channels: ['signals'] });
    const resumer = await connect(gateway.origin, { token: admin, resume: 'not-a-resume-token' });
    resumer.close();
    expect((await rest(api.origin, 'POST', '/rules', admin, { id: 'labels', name: 'Labels', when: { 'result.isNovel': true }, actions: [{ type: 'log', params: { message: 'novel' } }] })).status).toBe(201);
    expect((await rest(api.origin, 'POST', '/signals/batch', admin, { signals: [{ payload: 'labelled', space: 'labels' }, { vector: [1, 2] }] })).status).toBe(200);
    await until(() => watcher.events.signals?.length === 1, 5000, 'the signal on the gateway');
    let expositions: string[] = [];
    const deadline = Date.now() + 5000;
    do expositions = [await scrape(api.origin), await scrape(gateway.origin)];
    while (!(/^neurograph_actions_total\{/m.test(expositions[0]) && /^neurograph_realtime_disconnects_total\{/m.test(expositions[1])) && Date.now() < deadline);
    watcher.close();

    const seen = new Map<string, Set<string>>();
    for (const exposition of expositions) for (const [name, labels] of exportedSeriesLabels(exposition)) seen.set(name, new Set([...(seen.get(name) ?? []), ...labels]));
    // Prometheus adds these to every series it scrapes (compose's job, the chart's ServiceMonitor).
    const target = new Set(['job', 'instance']);
    const has = (metric: string | undefined, label: string) => target.has(label) || (metric !== undefined && seen.get(metric)?.has(label) === true);
    const unknown = monitoringQueries().flatMap(({ source, expr }) => {
      const use = inspectPromql(expr);
      return [
        ...use.matchers.filter(({ metric, label }) => !has(metric, label)).map(({ metric, label }) => `${source}: ${metric}{${label}}`),
        ...use.grouping.filter((label) => !use.metrics.some((metric) => has(metric, label))).map((label) => `${source}: by/on (${label}) of ${use.metrics.join(', ')}`),
      ];
    });
    expect(unknown).toEqual([]);
  });
});
