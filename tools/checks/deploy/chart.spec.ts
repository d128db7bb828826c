import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@neurograph/server-config';
import { alertRules } from '@neurograph/server-testing';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';

/**
 * The Helm chart without helm (not installed here; .github/workflows/chart.yml runs helm lint,
 * kubeconform and helm-unittest): its values against its schema, its variables against the config
 * module, its templates against its values, and its README against both.
 */
const root = join(__dirname, '../../..');
const chart = join(root, 'k8s/helm/neurograph');
const read = (path: string) => readFileSync(join(chart, path), 'utf8');
const templates = readdirSync(join(chart, 'templates')).map((file) => ({ file, text: read(`templates/${file}`) }));
const values = parseYaml(read('values.yaml')) as Record<string, any>;
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(read('values.schema.json')));

/** A copy of the default values with one change. */
function valuesWith(change: (v: Record<string, any>) => void): Record<string, any> {
  const copy = structuredClone(values);
  change(copy);
  return copy;
}

describe('values.yaml and values.schema.json', () => {
  it('the default values are valid', () => {
    expect(validate(values)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', (v: any) => (v.replicas = 3), ''],
    ['an unknown server variable', (v: any) => (v.config.NOT_A_VARIABLE = 'x'), '/config'],
    ['a NODE_ENV the server refuses', (v: any) => (v.config.NODE_ENV = 'staging'), '/config/NODE_ENV'],
    ['a module log level the server refuses', (v: any) => (v.config.LOG_LEVELS = 'Engine=loud'), '/config/LOG_LEVELS'],
    ['a non-numeric integer setting', (v: any) => (v.config.REPLAY_LIMIT = 'lots'), '/config/REPLAY_LIMIT'],
    ['a malformed rate', (v: any) => (v.config.REALTIME_RATE_SIGNAL = '500 per second'), '/config/REALTIME_RATE_SIGNAL'],
    ['a JWT secret shorter than 32 characters', (v: any) => (v.secrets.jwtSecret = 'short'), '/secrets/jwtSecret'],
    ['a database URL that is not PostgreSQL', (v: any) => (v.secrets.databaseUrl = 'mysql://db/neurograph'), '/secrets/databaseUrl'],
    ['zero api replicas', (v: any) => (v.api.replicas = 0), '/api/replicas'],
    ['a pull policy Kubernetes does not know', (v: any) => (v.image.pullPolicy = 'Sometimes'), '/image/pullPolicy'],
    ['an ingress host with a scheme', (v: any) => (v.ingress.host = 'https://neurograph.example.com'), '/ingress/host'],
    ['a disruption budget that allows no eviction', (v: any) => (v.api.pdb.maxUnavailable = 0), '/api/pdb/maxUnavailable'],
    ['a disruption budget above 100%', (v: any) => (v.gateway.pdb.maxUnavailable = '150%'), '/gateway/pdb/maxUnavailable'],
    ['a CPU target above 100%', (v: any) => (v.gateway.autoscaling.targetCPUUtilizationPercentage = 150), '/gateway/autoscaling/targetCPUUtilizationPercentage'],
  ])('refuses %s', (_, change, path) => {
    expect(validate(valuesWith(change))).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(path);
  });
});

/** Every variable a template gives a server container: the ConfigMap's keys, the Secret's, and literal `env` entries. */
function chartVariables(): Set<string> {
  const names = new Set(Object.keys(values['config']));
  const helpers = read('templates/_helpers.tpl');
  const secretList = /define "neurograph\.secretEnv"[\s\S]*?list ((?:"[A-Z_]+" ?)+)/.exec(helpers);
  for (const name of secretList?.[1].match(/[A-Z_]+/g) ?? []) names.add(name);
  for (const { file, text } of templates) {
    if (!file.endsWith('-deployment.yaml') && file !== 'migration-job.yaml') continue;
    for (const match of text.matchAll(/- name: ([A-Z][A-Z0-9_]+)\s*$/gm)) names.add(match[1]);
  }
  return names;
}

describe('the chart and the config module agree', () => {
  const known = new Set<string>(CONFIG_VARIABLES);

  it('every variable the servers read is wired in the chart', () => {
    expect([...known].filter((name) => !chartVariables().has(name))).toEqual([]);
  });

  it('the chart sets nothing the servers do not read', () => {
    expect([...chartVariables()].filter((name) => !known.has(name))).toEqual([]);
  });

  it('the schema describes exactly the variables of `config`', () => {
    const schema = JSON.parse(read('values.schema.json'));
    expect(Object.keys(schema.properties.config.properties).sort()).toEqual(Object.keys(values['config']).sort());
  });
});

/** `.Values.a.b` paths a template reads (with `$.Values` and `.root.Values` forms). */
function valuePaths(text: string): string[] {
  return [...text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) => match[1].slice(1));
}

describe('templates', () => {
  it('read only values that exist', () => {
    const missing = templates.flatMap(({ file, text }) =>
      valuePaths(text)
        .filter((path) => path.split('.').reduce<any>((node, key) => (node && typeof node === 'object' && key in node ? node[key] : undefined), values) === undefined)
        .map((path) => `${file}: .Values.${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('include only defined helpers and files that exist', () => {
    const helpers = new Set([...read('templates/_helpers.tpl').matchAll(/define "([^"]+)"/g)].map((m) => m[1]));
    const all = templates.map((t) => t.text).join('\n');
    const included = [...all.matchAll(/include "([^"]+)"/g)].map((m) => m[1]);
    expect(included.filter((name) => !helpers.has(name))).toEqual([]);
    for (const match of all.matchAll(/\.Files\.Get "([^"]+)"/g)) expect(existsSync(join(chart, match[1]))).toBe(true);
    expect(readdirSync(join(chart, 'files/dashboards')).length).toBeGreaterThanOrEqual(3);
  });

  it('balance their actions: every if, range, with and define is ended', () => {
    for (const { file, text } of templates) {
      const opened = (text.match(/\{\{-?\s*(if|range|with|define)\b/g) ?? []).length;
      const ended = (text.match(/\{\{-?\s*end\s*-?\}\}/g) ?? []).length;
      expect(`${file}: ${ended}`).toBe(`${file}: ${opened}`);
    }
  });

  it('wire what 06-ops.md asks for: a failing migration hook, probes, drain, HPA, PDB, spread, ingress timeouts', () => {
    const text = (file: string) => templates.find((t) => t.file === file)!.text;
    expect(text('migration-job.yaml')).toMatch(/helm\.sh\/hook: pre-install,pre-upgrade/);
    expect(text('migration-job.yaml')).toMatch(/backoffLimit: 0/);
    expect(read('templates/_helpers.tpl')).toMatch(/\/api\/v1\/health\/ready[\s\S]*\/api\/v1\/health\/live/);
    expect(text('gateway-deployment.yaml')).toMatch(/preStop:/);
    expect(text('gateway-deployment.yaml')).toMatch(/name: DRAIN_MS/);
    expect(text('hpa.yaml')).toMatch(/kind: HorizontalPodAutoscaler/);
    expect(text('hpa.yaml')).toMatch(/neurograph_realtime_connections/);
    expect(text('pdb.yaml')).toMatch(/kind: PodDisruptionBudget/);
    expect(read('templates/_helpers.tpl')).toMatch(/topologySpreadConstraints/);
    expect(text('ingress.yaml')).toMatch(/proxy-read-timeout/);
    expect(text('servicemonitor.yaml')).toMatch(/key: METRICS_TOKEN/);
    expect(text('prometheusrule.yaml')).toMatch(/files\/alerts\.yaml/);
  });
});

/** The text of one `## heading` section of the chart's README. */
function readmeSection(heading: string): string {
  const readme = read('README.md');
  const start = readme.indexOf(`\n## ${heading}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('Chart.yaml and the chart README', () => {
  it('names a SemVer chart version and the app version', () => {
    const meta = parseYaml(read('Chart.yaml'));
    expect(meta).toMatchObject({ apiVersion: 'v2', name: 'neurograph', type: 'application' });
    expect(meta.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(meta.appVersion).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('has a row for every value (leaves and maps) and none for values that do not exist', () => {
    const leaves: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0 && path !== 'config' && !/resources$|Context$|labels$|annotations$/i.test(path)) {
        for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key);
      } else leaves.push(path);
    };
    walk(values, '');
    const rows = new Set([...readmeSection('Values').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    expect(leaves.filter((path) => !rows.has(path))).toEqual([]);
    expect([...rows].filter((row) => !leaves.includes(row))).toEqual([]);
  });

  it('lists exactly the alert rules of files/alerts.yaml', () => {
    const named = new Set([...readmeSection('Alerts').matchAll(/`(NeuroGraph\w+)`/g)].map((m) => m[1]));
    expect([...named].sort()).toEqual(alertRules().map((rule) => rule.alert).sort());
  });
});
