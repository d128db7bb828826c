import { MetricsService } from './metrics.service';
import { currentTraceparent, inSpan, startTracing, traceRequest } from './tracing';
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

describe('tracing when OTEL_EXPORTER_OTLP_ENDPOINT is not set', () => {
  it('installs nothing, and spans neither wrap work nor leak a traceparent', async () => {
    expect(startTracing({ otlpEndpoint: undefined, serviceName: undefined }, 'test')).toBeUndefined();
    let received: unknown = 'unset';
    expect(inSpan('work', {}, (span) => ((received = span), 42))).toBe(42);
    expect(received).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined();
    expect(traceRequest('GET', { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` })).toBeUndefined();
    await expect(inSpan('async work', {}, async () => 'done')).resolves.toBe('done');
  });
});
