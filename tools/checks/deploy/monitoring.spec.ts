import { alertRules, dashboards, inspectPromql, monitoringQueries } from '@neurograph/server-testing';

/**
 * The alert rules and Grafana dashboards as Prometheus and Grafana will load them. That every
 * metric and label they use is exported by a running api and gateway, and that only counters are
 * rated, is apps/gateway/test/observability.spec.ts.
 */
describe('alert rules (k8s/helm/neurograph/files/alerts.yaml)', () => {
  const rules = alertRules();

  it('cover error rate, p99 latency, readiness, database and Redis down, and dropped real-time events', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(['NeuroGraphHighErrorRate', 'NeuroGraphHighLatencyP99', 'NeuroGraphNotReady', 'NeuroGraphDatabaseDown', 'NeuroGraphRedisDown', 'NeuroGraphRealtimeEventsDropped']),
    );
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
  });

  it.each(rules.map((rule) => [rule.alert, rule] as const))('%s has a severity, a summary, a description and a duration', (_, rule) => {
    expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary).toEqual(expect.any(String));
    expect(rule.annotations?.description).toEqual(expect.any(String));
    expect(rule.for).toMatch(/^\d+[smh]$/);
  });
});

describe('Grafana dashboards (k8s/helm/neurograph/files/dashboards)', () => {
  const all = dashboards();

  it('are the system overview, engine and modules, and real time, each with its own uid', () => {
    expect(all.map(({ dashboard }) => dashboard.uid).sort()).toEqual(['neurograph-engine', 'neurograph-overview', 'neurograph-realtime']);
  });

  it.each(all.map(({ file, dashboard }) => [file, dashboard] as const))('%s lets the viewer pick the Prometheus data source and has only query panels', (_, dashboard) => {
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource' }));
    for (const panel of dashboard.panels) expect(panel.targets?.length).toBeGreaterThan(0);
  });
});

describe('PromQL of every rule and panel', () => {
  it.each(monitoringQueries().map((query) => [query.source, query.expr] as const))('%s parses', (_, expr) => {
    const { error, metrics } = inspectPromql(expr);
    expect(error).toBeUndefined();
    expect(metrics.length).toBeGreaterThan(0);
  });

  it('lists the label matchers, grouping labels and counter-function arguments of a query', () => {
    const use = inspectPromql(
      'sum by (le, instance) (rate(a_bucket{route!~"/x", "code"="5"}[5m])) / on (instance) group_left (pod) max without (space) (b) + increase({__name__="c_total", job="j"}[1m])',
    );
    expect(use.error).toBeUndefined();
    expect(use.metrics).toEqual(['a_bucket', 'b', 'c_total']);
    expect(use.matchers).toEqual([
      { metric: 'a_bucket', label: 'route' },
      { metric: 'a_bucket', label: 'code' },
      { metric: 'c_total', label: 'job' },
    ]);
    expect(use.grouping).toEqual(['le', 'instance', 'pod', 'space']);
    expect(use.rated).toEqual(['a_bucket', 'c_total']);
  });

  it('the parser does refuse malformed queries', () => {
    expect(inspectPromql('sum(rate(neurograph_signals_processed_total[5m])').error).toBeDefined();
    expect(inspectPromql('rate(neurograph_signals_processed_total[5m]) >').error).toBeDefined();
  });
});
