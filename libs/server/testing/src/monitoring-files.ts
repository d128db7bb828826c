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

/** What one PromQL expression uses, by Prometheus's own grammar. */
export interface PromqlUse {
  /** Where it fails to parse, if it does. */
  error?: string;
  /** Metric names selected. */
  metrics: string[];
  /** Label names of each selector's matchers (`{status=~"5.."}`), with the metric it selects. */
  matchers: { metric: string | undefined; label: string }[];
  /** Label names the query groups or matches by: `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
  grouping: string[];
  /** Metrics given to rate(), irate() or increase(), which are meaningful on counters only. */
  rated: string[];
}

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
/** A node of the parsed query (lezer's SyntaxNode, which the grammar package does not re-export). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** Parses `expr` and lists what it selects, matches and groups by. */
export function inspectPromql(expr: string): PromqlUse {
  const tree = parser.parse(expr);
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  /** The text of a child the grammar always gives a node of this kind. */
  const childText = (node: SyntaxNode, name: string) => {
    const child = node.getChild(name);
    if (!child) throw new Error(`${node.name} without ${name} in "${expr}"`);
    return text(child);
  };
  const labelName = (node: SyntaxNode) => (node.name === 'QuotedLabelName' ? text(node).slice(1, -1) : text(node));
  const use: PromqlUse = { metrics: [], matchers: [], grouping: [], rated: [] };
  /** The metric a selector names: `name{…}`, or `{__name__="name", …}`. */
  const metricOf = (selector: SyntaxNode): string | undefined => {
    const identifier = selector.getChild('Identifier');
    if (identifier) return text(identifier);
    const byName = selector.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher').find((m) => childText(m, 'LabelName') === '__name__' && m.getChild('MatchOp')?.getChild('EqlSingle'));
    return byName ? childText(byName, 'StringLiteral').slice(1, -1) : undefined;
  };
  const insideCounterFunction = (node: SyntaxNode): boolean => {
    for (let parent = node.parent; parent; parent = parent.parent) if (parent.name === 'FunctionCall' && COUNTER_FUNCTIONS.has(childText(parent, 'FunctionIdentifier'))) return true;
    return false;
  };
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (node.type.isError && use.error === undefined) use.error = `syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.from + 10)}"`;
      if (node.name === 'VectorSelector') {
        const metric = metricOf(node);
        if (metric !== undefined) use.metrics.push(metric);
        if (metric !== undefined && insideCounterFunction(node)) use.rated.push(metric);
        for (const matcher of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
          const label = childText(matcher, 'LabelName');
          if (label !== '__name__') use.matchers.push({ metric, label });
        }
        for (const matcher of node.getChild('LabelMatchers')?.getChildren('QuotedLabelMatcher') ?? []) use.matchers.push({ metric, label: childText(matcher, 'QuotedLabelName').slice(1, -1) });
      }
      if (node.name === 'GroupingLabels') for (const label of [...node.getChildren('LabelName'), ...node.getChildren('QuotedLabelName')]) use.grouping.push(labelName(label));
    },
  });
  const unique = <T>(values: T[]) => [...new Set(values)];
  return { ...use, metrics: unique(use.metrics), grouping: unique(use.grouping), rated: unique(use.rated) };
}

/**
 * The metrics a Prometheus exposition declares, by name, with their types; a histogram's or a
 * summary's series (`_bucket`, `_sum`, `_count`) are listed under its type: what a query may select.
 */
export function exportedMetricTypes(exposition: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match;
    types.set(name, type);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) types.set(name + suffix, type);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) types.set(name + suffix, type);
  }
  return types;
}

/** The label names seen on each series of a Prometheus exposition, by series name (`x_bucket` has `le`). */
export function exportedSeriesLabels(exposition: string): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const match of exposition.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/gm)) {
    const [, name, list = ''] = match;
    const names = labels.get(name) ?? new Set<string>();
    for (const label of list.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g)) names.add(label[1]);
    labels.set(name, names);
  }
  return labels;
}
