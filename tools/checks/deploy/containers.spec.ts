import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@neurograph/server-config';
import { parse as parseYaml } from 'yaml';

/**
 * Dockerfiles and docker-compose.yml without docker (not installed here): the structure a linter
 * would insist on, and the compose stack wired to the config module. That the images' build and
 * start commands work is proven by apps/gateway/test/production-build.spec.ts.
 */
const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Stage {
  from: string;
  name?: string;
  lines: string[];
}

/** The instructions of a Dockerfile by stage, continuation lines joined, comments dropped. */
function stages(path: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = read(path)
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const result: Stage[] = [];
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    if (instruction === 'FROM') result.push({ from: rest[0].replace(/\$\{(\w+)\}/, (_, name: string) => args[name] ?? ''), name: rest[2], lines: [] });
    else if (result.length === 0 && instruction === 'ARG') {
      const [name, value] = rest.join(' ').split('=');
      args[name] = value;
    } else result.at(-1)?.lines.push(line);
  }
  return { args, stages: result };
}

const DOCKERFILES = ['deploy/docker/server.Dockerfile', 'deploy/docker/dashboard.Dockerfile'];

describe.each(DOCKERFILES)('%s', (path) => {
  const { stages: all } = stages(path);
  const runtime = all.at(-1)!;

  it('is multi-stage: the build happens in a stage the runtime image does not keep', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(runtime.lines.some((line) => /^RUN .*npm ci\b/.test(line))).toBe(false);
  });

  it('pins every base image to a full version, never latest', () => {
    const stageNames = new Set(all.map((stage) => stage.name));
    for (const { from } of all.filter((stage) => !stageNames.has(stage.from))) expect(from).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/);
  });

  it('runs as a non-root user, with a health check and a declared port', () => {
    const user = runtime.lines.find((line) => line.startsWith('USER '));
    expect(user).toBeDefined();
    expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.lines.some((line) => line.startsWith('HEALTHCHECK ') && / CMD /.test(line))).toBe(true);
    expect(runtime.lines.some((line) => /^EXPOSE \d+$/.test(line))).toBe(true);
  });

  it('copies only files that exist in the repository', () => {
    for (const line of all.flatMap((stage) => stage.lines).filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line.split(/\s+/).slice(1, -1).filter((part) => !part.startsWith('--'));
      for (const source of sources) if (source !== '.') expect(existsSync(join(root, source))).toBe(true);
    }
  });
});

describe('the server image', () => {
  it('runs on a Node major version CI tests on, and docs/deployment.md names its base image', () => {
    const runtime = stages('deploy/docker/server.Dockerfile').stages.at(-1)!.from;
    const major = Number(/^node:(\d+)\./.exec(runtime)![1]);
    expect(parseYaml(read('.github/workflows/ci.yml')).jobs.test.strategy.matrix.node).toContain(major);
    expect(read('docs/deployment.md')).toContain(`\`${runtime}\``);
  });


  it('installs production dependencies only, from the generated manifest and the lockfile', () => {
    const { stages: all } = stages('deploy/docker/server.Dockerfile');
    const deps = all.find((stage) => stage.lines.some((line) => line.includes('npm install')))!;
    expect(deps.lines.join('\n')).toMatch(/npm install --omit=dev/);
    expect(deps.lines.join('\n')).toMatch(/COPY package-lock\.json/);
    expect(all.at(-1)!.lines.join('\n')).toMatch(/ENV NODE_ENV=production/);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output and local secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.env']) expect(ignored).toContain(entry);
  });
});

type Service = {
  image?: string;
  build?: { dockerfile: string };
  env_file?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
};
const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };

/** KEY=value lines of an env file. */
function envFileKeys(path: string): string[] {
  return read(path)
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')));
}

describe('docker-compose.yml', () => {
  it('runs the whole stack: api, two gateways, dashboard, PostgreSQL, Redis, Prometheus, Grafana, Jaeger', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'dashboard', 'gateway-1', 'gateway-2', 'grafana', 'jaeger', 'postgres', 'prometheus', 'redis']);
  });

  it.each(['api', 'gateway-1', 'gateway-2'])('wires every variable the config module reads into %s, and nothing else', (name) => {
    const service = compose.services[name];
    const variables = new Set([...envFileKeys(service.env_file!), ...Object.keys(service.environment ?? {})]);
    const known = new Set<string>(CONFIG_VARIABLES);
    // API_URL is the gateway's (where its socket signals go); the api has no use for it.
    const expected = [...known].filter((v) => v !== 'API_URL' || name !== 'api');
    expect(expected.filter((v) => !variables.has(v))).toEqual([]);
    expect([...variables].filter((v) => !known.has(v))).toEqual([]);
  });

  it('starts the gateways and the edge once the api has migrated: its health check is the startup probe', () => {
    expect(compose.services['api'].healthcheck!.test.join(' ')).toContain('/api/v1/health/startup');
    for (const name of ['gateway-1', 'gateway-2', 'dashboard']) expect(compose.services[name].depends_on).toMatchObject({ api: { condition: 'service_healthy' } });
  });

  it('takes secrets from .env, never from the file', () => {
    for (const name of ['JWT_SECRET', 'ADMIN_PASSWORD', 'METRICS_TOKEN']) expect(compose.services['api'].environment![name]).toMatch(/^\$\{[A-Z_]+:\?/);
  });

  it('builds from Dockerfiles and mounts files that exist, and pins every pulled image', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build) expect(existsSync(join(root, service.build.dockerfile))).toBe(true);
      else expect(`${name}: ${service.image}`).toMatch(/:v?\d+\.\d+[\w.-]*$/);
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source.startsWith('./')) expect(existsSync(join(root, source))).toBe(true);
      }
    }
  });

  it('scrapes the api and both gateways with the metrics token', () => {
    const prometheus = parseYaml(read('deploy/compose/prometheus/prometheus.yml'));
    const [job] = prometheus.scrape_configs;
    expect(job).toMatchObject({ job_name: 'neurograph', metrics_path: '/api/v1/metrics', authorization: { type: 'Bearer' } });
    expect(job.static_configs[0].targets.map((t: string) => t.split(':')[0]).sort()).toEqual(['api', 'gateway-1', 'gateway-2']);
  });
});
