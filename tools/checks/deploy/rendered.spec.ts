import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@neurograph/server-config';
import { describeRequiring } from '@neurograph/server-testing';
import { parse as parseYaml } from 'yaml';
import { buildRenderer, CHART, type Manifest, render } from './helm';

/**
 * The chart rendered (helm-render: Helm's template language and functions, without helm) with the
 * value sets an operator uses, and every object parsed and checked. The same value sets go through
 * the real helm and kubeconform in .github/workflows/chart.yml.
 */
const { binary, missing } = buildRenderer();

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

const hookPhases = (m: Manifest) => (m.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').filter(Boolean);
const hookWeight = (m: Manifest) => Number(m.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);

/** The ServiceAccount, Secrets and ConfigMaps a pod spec needs before its containers can start. */
function podNeeds(pod: any): [kind: string, name: string][] {
  const needs: [string, string][] = [['ServiceAccount', pod.serviceAccountName ?? 'default']];
  for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
    for (const e of container.env ?? []) if (e.valueFrom?.secretKeyRef) needs.push(['Secret', e.valueFrom.secretKeyRef.name]);
    for (const e of container.envFrom ?? []) needs.push(e.secretRef ? ['Secret', e.secretRef.name] : ['ConfigMap', e.configMapRef.name]);
  }
  for (const volume of pod.volumes ?? []) {
    if (volume.secret) needs.push(['Secret', volume.secret.secretName]);
    if (volume.configMap) needs.push(['ConfigMap', volume.configMap.name]);
  }
  return needs;
}

/**
 * Helm creates hooks one weight after another, and a release's regular resources only after its
 * pre-install hooks: what a hook pod uses must be the namespace's default ServiceAccount, made by a
 * hook of each of its phases with a lower weight, or (Secrets, ConfigMaps) not the chart's at all
 * (`secrets.existingSecret`, which the operator creates before installing).
 */
function hookPodProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const hook of manifests.filter((m) => hookPhases(m).length > 0 && m['spec']?.template?.spec)) {
    for (const [kind, name] of podNeeds(hook['spec'].template.spec)) {
      if (kind === 'ServiceAccount' && name === 'default') continue;
      const made = find(manifests, kind, name)[0];
      if (!made && kind !== 'ServiceAccount') continue;
      for (const phase of hookPhases(hook)) {
        if (!made || !hookPhases(made).includes(phase) || hookWeight(made) >= hookWeight(hook)) problems.push(`${hook.kind} ${hook.metadata.name} (${phase}) uses ${kind} ${name}, which no earlier ${phase} hook creates`);
      }
    }
  }
  return problems;
}

describeRequiring(missing)('the chart, rendered', () => {
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
    const known = new Set<string>(CONFIG_VARIABLES);
    for (const name of ['neurograph-api', 'neurograph-gateway']) {
      const deployment = find(manifests, 'Deployment', name)[0];
      const given = new Set([...Object.keys(envOf(deployment)), ...Object.keys(configMap['data'] ?? {})]);
      expect([...given].filter((v) => !known.has(v))).toEqual([]);
      for (const ref of Object.values(envOf(deployment))) {
        if (typeof ref !== 'object') continue;
        const { name: secret, key } = (ref as { secretKeyRef: { name: string; key: string } }).secretKeyRef;
        expect(`${secret}: ${Object.keys(find(manifests, 'Secret', secret)[0]?.['data'] ?? {}).includes(key)}`).toBe(`${secret}: true`);
      }
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
    expect(job['spec']).toMatchObject({ backoffLimit: 0, template: { spec: { restartPolicy: 'Never', automountServiceAccountToken: false } } });
    expect(containersOf(job)[0].command).toEqual(['node', '--enable-source-maps', 'migrate.cjs']);
    expect(Object.keys(envOf(job))).toEqual(['DATABASE_URL']);
    expect(envOf(find(manifests, 'Deployment', 'neurograph-api')[0])['MIGRATE_ON_START']).toBe('false');
    // With the bundled PostgreSQL (not there yet when hooks run) the api migrates at start instead.
    const bundled = render(binary!, trial).manifests;
    expect(find(bundled, 'Job')).toEqual([]);
    expect(envOf(find(bundled, 'Deployment', 'neurograph-api')[0])['MIGRATE_ON_START']).toBe('true');
  });

  it.each<[string, (v: Record<string, any>) => void]>([
    ...sets,
    ['an existing ServiceAccount', (v) => (managed(v), (v['serviceAccount'].create = false), (v['serviceAccount'].name = 'neurograph-runner'))],
  ])('%s: hook pods use only the default ServiceAccount and what earlier hooks or the operator created', (_, change) => {
    const { manifests } = render(binary!, change);
    expect(hookPodProblems(manifests)).toEqual([]);
  });

  it('the check of hook pods does refuse a hook pod that runs as the chart\'s regular ServiceAccount or reads the regular Secret', () => {
    const { manifests } = render(binary!, managed);
    const job = structuredClone(find(manifests, 'Job')[0]);
    job['spec'].template.spec.serviceAccountName = 'neurograph';
    containersOf(job)[0].env[0].valueFrom.secretKeyRef.name = 'neurograph-secrets';
    expect(hookPodProblems([...manifests.filter((m) => m.kind !== 'Job'), job])).toEqual([
      'Job neurograph-migrate-1 (pre-install) uses ServiceAccount neurograph, which no earlier pre-install hook creates',
      'Job neurograph-migrate-1 (pre-upgrade) uses ServiceAccount neurograph, which no earlier pre-upgrade hook creates',
      'Job neurograph-migrate-1 (pre-install) uses Secret neurograph-secrets, which no earlier pre-install hook creates',
      'Job neurograph-migrate-1 (pre-upgrade) uses Secret neurograph-secrets, which no earlier pre-upgrade hook creates',
    ]);
  });

  it('keeps the servers\' Secret as a regular resource that outlives uninstall, and the Job\'s Secret as a hook holding only DATABASE_URL', () => {
    const { manifests } = render(binary!, managed);
    const servers = find(manifests, 'Secret', 'neurograph-secrets')[0];
    expect(servers.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
    const migration = find(manifests, 'Secret', 'neurograph-migration')[0];
    expect(migration.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-delete-policy': expect.stringContaining('hook-succeeded') });
    expect(migration['data']).toEqual({ DATABASE_URL: servers['data'].DATABASE_URL });
    // With an existing Secret the chart makes neither, and the Job reads the operator's.
    const existing = render(binary!, everything).manifests;
    expect(find(existing, 'Secret')).toEqual([]);
    expect(envOf(find(existing, 'Job')[0])['DATABASE_URL']).toEqual({ secretKeyRef: { name: 'neurograph', key: 'DATABASE_URL' } });
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

  it('lets every PodDisruptionBudget evict a pod even with one replica, so node drains are never blocked', () => {
    const single = (v: Record<string, any>) => {
      managed(v);
      for (const name of ['api', 'gateway', 'dashboard']) v[name].replicas = 1;
    };
    const { manifests } = render(binary!, single);
    const budgets = find(manifests, 'PodDisruptionBudget');
    expect(budgets).toHaveLength(3);
    for (const budget of budgets) {
      const pods = find(manifests, 'Deployment', budget.metadata.name)[0]['spec'].replicas as number;
      const { minAvailable, maxUnavailable } = budget['spec'];
      // What the eviction API allows, for the integer forms the chart's defaults use.
      const evictable = maxUnavailable !== undefined ? Math.min(maxUnavailable, pods) : pods - minAvailable;
      expect(`${budget.metadata.name}: ${evictable}`).toBe(`${budget.metadata.name}: 1`);
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
    const generated = find(render(binary!, managed).manifests, 'Secret', 'neurograph-secrets')[0]['data'];
    expect(Buffer.from(generated.JWT_SECRET, 'base64').toString().length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(generated.DATABASE_URL, 'base64').toString()).toBe('postgres://neurograph:secret@db.internal:5432/neurograph');
  });
});
