import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@neurograph/server-config';
import { parse as parseYaml } from 'yaml';
import { buildRenderer, CHART, type Manifest, render } from './helm';

/**
 * The chart rendered (helm-render: Helm's template language and functions, without helm) with the
 * value sets an operator uses, and every object parsed and checked. The same value sets go through
 * the real helm and kubeconform in .github/workflows/chart.yml.
 */
const { binary, missing } = buildRenderer();
if (missing) process.stderr.write(`rendered chart checks skipped: ${missing} is not installed (.ci/run installs it)\n`);

const managed = (v: Record<string, any>) => {
  v['secrets'].databaseUrl = 'postgres://neurograph:secret@db.internal:5432/neurograph';
  v['secrets'].redisUrl = 'redis://redis.internal:6379/0';
};
const everything = (v: Record<string, any>) => {
  v['secrets'].existingSecret = 'neurograph';
  v['ingress'].enabled = true;
  v['ingress'].tls.enabled = true;
  v['api'].autoscaling.enabled = true;
  v['gateway'].autoscaling.enabled = true;
  v['gateway'].autoscaling.connectionsPerPod = 2000;
  v['metrics'].serviceMonitor.enabled = true;
  v['metrics'].prometheusRule.enabled = true;
  v['metrics'].grafanaDashboards.enabled = true;
  v['config'].OTEL_EXPORTER_OTLP_ENDPOINT = 'http://otel-collector:4318';
};
const trial = (v: Record<string, any>) => {
  v['postgresql'].enabled = true;
  v['redis'].enabled = true;
};

const find = (manifests: Manifest[], kind: string, name?: string) => manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
const containersOf = (m: Manifest): any[] => m['spec'].template.spec.containers;
const envOf = (m: Manifest) => Object.fromEntries(containersOf(m)[0].env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));

(binary ? describe : describe.skip)('the chart, rendered', () => {
  const sets: [string, (v: Record<string, any>) => void][] = [
    ['managed database and Redis (defaults)', managed],
    ['existing Secret with ingress, TLS, HPAs, monitoring', everything],
    ['bundled PostgreSQL and Redis for a trial', trial],
  ];

  it.each(sets)('%s: every object is named, labelled and within Kubernetes name limits', (_, change) => {
    const { manifests, notes } = render(binary!, change);
    expect(manifests.length).toBeGreaterThan(10);
    for (const m of manifests) {
      expect(`${m.kind}: ${m.apiVersion}`).toMatch(/^\w+: [\w./]+$/);
      expect(m.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(m.metadata.labels?.['app.kubernetes.io/instance']).toBe('neurograph');
    }
    expect(notes).toContain('NeuroGraph');
  });

  it.each(sets)('%s: every selector (Deployment, Service, PDB, spread) matches the pods it means', (_, change) => {
    const { manifests } = render(binary!, change);
    const workloads = [...find(manifests, 'Deployment'), ...find(manifests, 'StatefulSet')];
    const podLabels = workloads.map((w) => w['spec'].template.metadata.labels as Record<string, string>);
    const selects = (selector: Record<string, string>) => podLabels.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    for (const w of workloads) expect(w['spec'].template.metadata.labels).toMatchObject(w['spec'].selector.matchLabels);
    for (const s of find(manifests, 'Service')) expect(selects(s['spec'].selector)).toBe(true);
    for (const p of find(manifests, 'PodDisruptionBudget')) expect(selects(p['spec'].selector.matchLabels)).toBe(true);
    for (const w of find(manifests, 'Deployment')) {
      for (const c of w['spec'].template.spec.topologySpreadConstraints ?? []) expect(c.labelSelector.matchLabels).toEqual(w['spec'].selector.matchLabels);
    }
  });

  it('gives the servers exactly the variables the config module reads, each from the ConfigMap, the Secret or the pod spec', () => {
    const { manifests } = render(binary!, managed);
    const configMap = find(manifests, 'ConfigMap', 'neurograph-config')[0];
    const secret = find(manifests, 'Secret')[0];
    const known = new Set<string>(CONFIG_VARIABLES);
    for (const name of ['neurograph-api', 'neurograph-gateway']) {
      const deployment = find(manifests, 'Deployment', name)[0];
      const given = new Set([...Object.keys(envOf(deployment)), ...Object.keys(configMap['data'] ?? {})]);
      expect([...given].filter((v) => !known.has(v))).toEqual([]);
      for (const ref of Object.values(envOf(deployment))) if (typeof ref === 'object') expect(Object.keys(secret['data'])).toContain((ref as any).secretKeyRef.key);
      expect(containersOf(deployment)[0].envFrom[0].configMapRef.name).toBe(configMap.metadata.name);
    }
    // Empty settings keep the server's defaults: only non-empty ones reach the ConfigMap, as strings.
    expect(configMap['data']).toEqual({ NODE_ENV: 'production', LOG_LEVEL: 'info', ADMIN_USERNAME: 'admin' });
    const withLimit = find(render(binary!, (v) => (managed(v), (v['config'].REPLAY_LIMIT = 5000))).manifests, 'ConfigMap')[0];
    expect(withLimit['data'].REPLAY_LIMIT).toBe('5000');
  });

  it('migrates in a hook Job that fails the release, before the api starts with MIGRATE_ON_START=false', () => {
    const { manifests } = render(binary!, managed);
    const [job] = find(manifests, 'Job');
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade' });
    expect(job['spec']).toMatchObject({ backoffLimit: 0, template: { spec: { restartPolicy: 'Never' } } });
    expect(containersOf(job)[0].command).toEqual(['node', '--enable-source-maps', 'migrate.cjs']);
    expect(Number(find(manifests, 'Secret')[0].metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations!['helm.sh/hook-weight']));
    expect(envOf(find(manifests, 'Deployment', 'neurograph-api')[0])['MIGRATE_ON_START']).toBe('false');
    // With the bundled PostgreSQL (not there yet when hooks run) the api migrates at start instead.
    const bundled = render(binary!, trial).manifests;
    expect(find(bundled, 'Job')).toEqual([]);
    expect(envOf(find(bundled, 'Deployment', 'neurograph-api')[0])['MIGRATE_ON_START']).toBe('true');
  });

  it('drains gateways: preStop pause, DRAIN_MS from drainSeconds, a grace period longer than both', () => {
    const gateway = find(render(binary!, (v) => (managed(v), (v['gateway'].drainSeconds = 15))).manifests, 'Deployment', 'neurograph-gateway')[0];
    expect(envOf(gateway)['DRAIN_MS']).toBe('15000');
    expect(gateway['spec'].template.spec.terminationGracePeriodSeconds).toBe(35);
    expect(containersOf(gateway)[0].lifecycle.preStop.exec.command).toEqual(['sleep', '5']);
    expect(envOf(gateway)['API_URL']).toBe('http://neurograph-api:3000');
  });

  it('probes the health endpoints on the named port', () => {
    for (const name of ['neurograph-api', 'neurograph-gateway']) {
      const [container] = containersOf(find(render(binary!, managed).manifests, 'Deployment', name)[0]);
      expect(container.ports).toEqual([expect.objectContaining({ name: 'http' })]);
      expect([container.startupProbe, container.readinessProbe, container.livenessProbe].map((p) => p.httpGet.path)).toEqual(['/api/v1/health/startup', '/api/v1/health/ready', '/api/v1/health/live']);
    }
  });

  it('renders HPAs only when enabled, replicas left to them, and the connections metric for gateways when asked', () => {
    expect(find(render(binary!, managed).manifests, 'HorizontalPodAutoscaler')).toEqual([]);
    const { manifests } = render(binary!, everything);
    const hpas = find(manifests, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h['spec'].scaleTargetRef.name).sort()).toEqual(['neurograph-api', 'neurograph-gateway']);
    const gatewayHpa = hpas.find((h) => h['spec'].scaleTargetRef.name === 'neurograph-gateway')!;
    expect(gatewayHpa['spec'].metrics[1]).toMatchObject({ type: 'Pods', pods: { metric: { name: 'neurograph_realtime_connections' }, target: { averageValue: '2000' } } });
    for (const d of find(manifests, 'Deployment').filter((d) => d.metadata.name !== 'neurograph-dashboard')) expect(d['spec'].replicas).toBeUndefined();
  });

  it('routes /api to the api, /realtime and /ws to the gateways, / to the dashboard, with WebSocket timeouts', () => {
    const [ingress] = find(render(binary!, everything).manifests, 'Ingress');
    const routes = Object.fromEntries(ingress['spec'].rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]));
    expect(routes).toEqual({ '/api': 'neurograph-api', '/realtime': 'neurograph-gateway', '/ws': 'neurograph-gateway', '/': 'neurograph-dashboard' });
    expect(ingress.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' });
    expect(ingress['spec'].tls[0].secretName).toBe('neurograph-tls');
  });

  it('renders monitoring as the same files compose loads: the alert rules, and dashboards as valid JSON', () => {
    const { manifests } = render(binary!, everything);
    const [rule] = find(manifests, 'PrometheusRule');
    expect(rule['spec']).toEqual(parseYaml(readFileSync(join(CHART, 'files/alerts.yaml'), 'utf8')));
    const dashboards = find(manifests, 'ConfigMap').filter((c) => c.metadata.labels?.['grafana_dashboard'] === '1');
    expect(dashboards).toHaveLength(3);
    for (const c of dashboards) for (const json of Object.values(c['data'] as Record<string, string>)) expect(JSON.parse(json).uid).toMatch(/^neurograph-/);
    const [monitor] = find(manifests, 'ServiceMonitor');
    expect(monitor['spec'].endpoints[0]).toMatchObject({ path: '/api/v1/metrics', authorization: { credentials: { name: 'neurograph', key: 'METRICS_TOKEN' } } });
  });

  it('refuses to render without a database or Redis, and makes no Secret when one is named', () => {
    expect(() => render(binary!, (v) => (v['secrets'].redisUrl = 'redis://r:6379/0'))).toThrow(/secrets\.databaseUrl is required/);
    expect(() => render(binary!, (v) => (v['secrets'].databaseUrl = 'postgres://d/n'))).toThrow(/secrets\.redisUrl is required/);
    expect(find(render(binary!, everything).manifests, 'Secret')).toEqual([]);
    const generated = find(render(binary!, managed).manifests, 'Secret')[0]['data'];
    expect(Buffer.from(generated.JWT_SECRET, 'base64').toString().length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(generated.DATABASE_URL, 'base64').toString()).toBe('postgres://neurograph:secret@db.internal:5432/neurograph');
  });
});
