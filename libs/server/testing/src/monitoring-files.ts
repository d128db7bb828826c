import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

/** The chart's files that both the chart and docker-compose load: alert rules and Grafana dashboards. */
export const MONITORING_DIR = join(__dirname, '../../../../k8s/helm/neurograph/files');

/** One PromQL expression of an alert rule or a dashboard panel. */
export interface Query {
  /** Where it is written, for messages: `alerts.yaml NeuroGraphRedisDown`, `realtime.json "Bus lag"`. */
  source: string;
  expr: string;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const { groups } = parseYaml(readFileSync(join(MONITORING_DIR, 'alerts.yaml'), 'utf8')) as { groups: { name: string; rules: AlertRule[] }[] };
  return groups.flatMap((group) => group.rules);
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

export function dashboards(): { file: string; dashboard: { uid: string; title: string; panels: Panel[]; templating: { list: { name: string; type: string }[] } } }[] {
  const dir = join(MONITORING_DIR, 'dashboards');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/** Every expression the alert rules and dashboards evaluate. */
export function monitoringQueries(): Query[] {
  return [
    ...alertRules().map((rule) => ({ source: `alerts.yaml ${rule.alert}`, expr: rule.expr })),
    ...dashboards().flatMap(({ file, dashboard }) => dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ source: `${file} "${panel.title}"`, expr: target.expr })))),
  ];
}

/** Parses with Prometheus's own PromQL grammar: the metric names selected, or where it fails to parse. */
export function inspectPromql(expr: string): { error?: string; metrics: string[] } {
  const tree = parser.parse(expr);
  const metrics = new Set<string>();
  let error: string | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === undefined) error = `syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.from + 10)}"`;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') metrics.add(expr.slice(node.from, node.to));
    },
  });
  return { error, metrics: [...metrics] };
}

/**
 * Metric names a Prometheus exposition declares, with the series a histogram or summary adds
 * (`_bucket`, `_sum`, `_count`): what a query may select.
 */
export function exportedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match;
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}
