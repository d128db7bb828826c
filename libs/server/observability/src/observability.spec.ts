import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { newRequestId } from '@neurograph/server-http';
import { type FastifyBaseLogger, fastify, LogController } from 'fastify';
import { observeRequests } from './http-observer';
import { MetricsService } from './metrics.service';
import { ACCESS_LOG, Logs, PinoNestLogger } from './logging';
import { currentTraceparent, inSpan, startTracing, traceFields, traceRequest } from './tracing';
import { Readiness } from './readiness';

describe('MetricsService', () => {
  it('exposes its own registry in Prometheus text, with counters and collected gauges', async () => {
    const metrics = new MetricsService();
    const counter = metrics.counter('test_things_total', 'things', ['kind']);
    counter.inc({ kind: 'a' }, 3);
    let value = 7;
    metrics.gauge('test_level', 'level', [], (gauge) => gauge.set(value));
    value = 9;
    const text = await metrics.text();
    expect(text).toContain('test_things_total{kind="a"} 3');
    expect(text).toContain('test_level 9');
    expect(text).toContain('neurograph_process_cpu_user_seconds_total');
    // A second service has its own registry: no "already registered" clash between apps in one process.
    expect(() => new MetricsService().counter('test_things_total', 'things')).not.toThrow();
  });
});

describe('Readiness', () => {
  it('is not started until told, and reports each probe up or down, in the health answer and as a metric', async () => {
    const metrics = new MetricsService();
    const readiness = new Readiness(metrics);
    expect(readiness.hasStarted).toBe(false);
    readiness.register('database', async () => undefined);
    readiness.register('redis', async () => {
      throw new Error('connection refused');
    });
    readiness.markStarted();
    expect(readiness.hasStarted).toBe(true);
    expect(await readiness.check()).toEqual([{ name: 'database' }, { name: 'redis', error: 'connection refused' }]);
    const text = await metrics.text();
    expect(text).toContain('neurograph_dependency_up{dependency="database"} 1');
    expect(text).toContain('neurograph_dependency_up{dependency="redis"} 0');
  });
});

describe('PinoNestLogger', () => {
  it('writes Nest logger calls as JSON lines with their context, fields and errors, below the level not at all', () => {
    const lines: Record<string, unknown>[] = [];
    const nest = new PinoNestLogger(new Logs({ logLevel: 'debug', logLevels: { Realtime: 'warn', Engine: 'trace' } }, { write: (line: string) => void lines.push(JSON.parse(line)) }));
    nest.log('started', 'Engine');
    nest.warn({ err: new Error('boom'), space: 'a' }, 'flush failed', 'Engine');
    nest.error('unhandled', 'Error: x\n    at f (file.js:1:1)', 'ExceptionsHandler');
    nest.verbose('hidden below the default level', 'Users');
    nest.log('hidden below its module level', 'Realtime');
    nest.verbose('shown at its module level', 'Engine');
    expect(lines.map((line) => line.msg)).toEqual(['started', 'flush failed', 'unhandled', 'shown at its module level']);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'started', context: 'Engine' });
    expect(lines[1]).toMatchObject({ level: 40, msg: 'flush failed', context: 'Engine', space: 'a', err: { message: 'boom' } });
    expect(lines[2]).toMatchObject({ level: 50, msg: 'unhandled', context: 'ExceptionsHandler', err: { stack: expect.stringContaining('at f (file.js') } });
    expect(lines[3]).toMatchObject({ level: 10, context: 'Engine' });
  });
});

describe('tracing when OTEL_EXPORTER_OTLP_ENDPOINT is not set', () => {
  it('installs nothing, and spans neither wrap work nor leak a traceparent', async () => {
    expect(startTracing({ otlpEndpoint: undefined, serviceName: undefined }, 'test')).toBeUndefined();
    let received: unknown = 'unset';
    expect(inSpan('work', {}, (span) => ((received = span), 42))).toBe(42);
    expect(received).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined();
    expect(traceRequest({ method: 'GET', headers: { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` } })).toBeUndefined();
    await expect(inSpan('async work', {}, async () => 'done')).resolves.toBe('done');
  });
});

/** Tracing installed as with an endpoint, exporting into an array instead of over OTLP. */
function tracingToMemory() {
  const exported: ReadableSpan[] = [];
  const exporter: SpanExporter = {
    export: (spans, done) => (exported.push(...spans), done({ code: 0 })),
    shutdown: async () => undefined,
  };
  const stop = startTracing({ otlpEndpoint: 'http://collector.invalid:4318', serviceName: undefined }, 'neurograph-test', exporter)!;
  return { exported, stop };
}

describe('tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  it('continues a received traceparent, and log lines carry its trace id', async () => {
    const { exported, stop } = tracingToMemory();
    try {
      const traceId = 'ab'.repeat(16);
      const lines: string[] = [];
      const logger = new Logs({ logLevel: 'info', logLevels: {} }, { write: (line: string) => lines.push(line) }).root;
      logger.info({ context: 'Test' }, 'outside a trace');
      const seen = inSpan('work', { traceparent: `00-${traceId}-${'cd'.repeat(8)}-01` }, () => {
        logger.info({ context: 'Test' }, 'inside');
        return { fields: traceFields(), traceparent: currentTraceparent() };
      });
      expect(seen.fields).toEqual({ traceId, spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const [outside, inside] = lines.map((line) => JSON.parse(line));
      expect(outside.traceId).toBeUndefined();
      expect(inside).toMatchObject({ msg: 'inside', context: 'Test', ...seen.fields });
      expect(seen.traceparent).toBe(`00-${traceId}-${seen.fields.spanId}-01`);
      expect(traceFields()).toEqual({});
    } finally {
      await stop();
    }
    const [span] = exported;
    expect(span).toMatchObject({ name: 'work', spanContext: expect.any(Function) });
    expect(span.spanContext().traceId).toBe('ab'.repeat(16));
    expect(span.resource.attributes['service.name']).toBe('neurograph-test');
  });

  it('puts the request id and the request span\'s ids on the access-log line, which is written after the request\'s context has ended', async () => {
    const { exported, stop } = tracingToMemory();
    const lines: string[] = [];
    // The hooks of every api and gateway request, in front of a handler, on a real socket, with
    // request ids made as createHttpApp makes them.
    const logs = new Logs({ logLevel: 'info', logLevels: {} }, { write: (line: string) => void lines.push(line) });
    const logger: FastifyBaseLogger = logs.root;
    const server = fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }), genReqId: newRequestId, requestIdHeader: false });
    observeRequests(server, new MetricsService(), logs.of(ACCESS_LOG));
    // Answered outside the request's trace context, as happens in the running api: only the
    // request itself can then tell the access log which trace it belongs to.
    server.get('/x', (request, reply) => context.with(ROOT_CONTEXT, () => reply.send(request.id)));
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    const traceId = 'ef'.repeat(16);
    const ids: string[] = [];
    try {
      const requests: Record<string, string>[] = [{ traceparent: `00-${traceId}-${'12'.repeat(8)}-01`, 'x-request-id': 'client-chosen.id:1' }, {}, { 'x-request-id': 'not safe to log' }];
      for (const headers of requests) ids.push(await (await fetch(`${address}/x`, { headers })).text());
    } finally {
      await server.close();
      await stop();
    }
    // The caller's id when it is safe to log, otherwise a new one; each on its request's line.
    expect(ids[0]).toBe('client-chosen.id:1');
    expect(ids.slice(1)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(new Set(ids).size).toBe(3);
    const access = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request completed');
    expect(access.map((line) => line.reqId).sort()).toEqual([...ids].sort());
    const traced = access.find((line) => line.reqId === ids[0]);
    const span = exported.find((s) => s.spanContext().traceId === traceId)!;
    expect(traced).toMatchObject({ traceId, spanId: span.spanContext().spanId });
    // Once, not again from the mixin: JSON with repeated keys confuses log processors.
    expect(lines.find((line) => line.includes(`"reqId":"${ids[0]}"`))!.split('"traceId"')).toHaveLength(2);
  });
});
