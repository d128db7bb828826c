import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CHART, defaultValues } from './helm';

/** The GitHub workflows as GitHub will read them: valid YAML, runnable jobs, actions that exist. */
const dir = join(__dirname, '../../../.github/workflows');
const workflows = readdirSync(dir).map((file) => ({ file, workflow: parseYaml(readFileSync(join(dir, file), 'utf8')) }));

/** Published actions the workflows may use, at major versions their publishers maintain. */
const KNOWN_ACTIONS = new Set([
  'actions/checkout@v4',
  'actions/setup-node@v4',
  'actions/upload-artifact@v4',
  'actions/attest-build-provenance@v2',
  'azure/setup-helm@v4',
  'docker/setup-qemu-action@v3',
  'docker/setup-buildx-action@v3',
  'docker/login-action@v3',
  'docker/metadata-action@v5',
  'docker/build-push-action@v6',
]);

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { 'runs-on': string; steps: Step[]; needs?: string | string[] };

describe('.github/workflows', () => {
  it('are ci, chart and release', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['chart.yml', 'ci.yml', 'release.yml']);
  });

  it.each(workflows.map((w) => [w.file, w.workflow] as const))('%s: every job runs on a runner and every step runs a command or a known action', (_, workflow) => {
    expect(workflow.on).toBeDefined();
    const jobs = Object.entries(workflow.jobs as Record<string, Job>);
    expect(jobs.length).toBeGreaterThan(0);
    for (const [name, job] of jobs) {
      expect(`${name}: ${job['runs-on']}`).toMatch(/: ubuntu-/);
      for (const step of job.steps) {
        expect(Boolean(step.run) !== Boolean(step.uses)).toBe(true);
        if (step.uses) expect(KNOWN_ACTIONS).toContain(step.uses);
      }
      for (const needed of [job.needs ?? []].flat()) expect(Object.keys(workflow.jobs)).toContain(needed);
    }
  });

  it('ci runs what 06-ops.md lists: lint with boundaries and typecheck, tests with PostgreSQL and Redis, build, dashboard e2e, images', () => {
    const ci = workflows.find((w) => w.file === 'ci.yml')!.workflow;
    const runs = Object.values(ci.jobs as Record<string, Job>).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    expect(runs).toEqual(expect.arrayContaining(['npm run check', 'npm test', 'npx nx run-many -t build --parallel=2', 'npx nx e2e dashboard-e2e']));
    expect(Object.keys(ci.jobs.test.services).sort()).toEqual(['postgres', 'redis']);
  });

  it('ci installs the chart renderer\'s Debian packages that .ci/run installs, from a fresh package index', () => {
    const ciRun = readFileSync(join(dir, '../../.ci/run'), 'utf8');
    const packages = /local packages="([^"]+)"/.exec(ciRun)![1].split(' ');
    const test = workflows.find((w) => w.file === 'ci.yml')!.workflow.jobs.test as Job;
    const install = test.steps.map((step) => step.run ?? '').find((run) => run.includes('apt-get install'))!;
    expect(install).toMatch(/^sudo apt-get update && sudo apt-get install -y /);
    expect(install.split(/\s+/)).toEqual(expect.arrayContaining(packages));
    expect(packages).toContain('golang-go');
  });

  it('release publishes the libraries with provenance and pushes images', () => {
    const release = workflows.find((w) => w.file === 'release.yml')!.workflow;
    expect(JSON.stringify(release.jobs.packages)).toMatch(/npm publish .*--provenance/);
    expect(release.jobs.packages.permissions['id-token']).toBe('write');
    expect(release.jobs.images.steps.some((step: Step) => step.uses?.startsWith('docker/build-push-action') && step.with?.['push'] === true)).toBe(true);
  });
});

/** The project's GitHub repository (`owner/name`), as Chart.yaml's home names it. */
const REPOSITORY = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)$/.exec(parseYaml(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')).home)![1];

/** A workflow expression string with the `github` and `matrix` values it would have in this repository. */
function expand(text: string, matrix: Record<string, string>): string {
  const values: Record<string, string> = { 'github.repository': REPOSITORY, 'github.repository_owner': REPOSITORY.split('/')[0] };
  for (const [key, value] of Object.entries(matrix)) values[`matrix.${key}`] = value;
  return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (expression, name: string) => values[name] ?? expression);
}

describe('release.yml and the chart', () => {
  const release = workflows.find((w) => w.file === 'release.yml')!.workflow;

  it('pushes exactly the images the chart pulls by default, tagged with the version the chart defaults to', () => {
    const images = release.jobs.images;
    const meta = images.steps.find((step: Step) => step.uses?.startsWith('docker/metadata-action'))!;
    const attest = images.steps.find((step: Step) => step.uses?.startsWith('actions/attest-build-provenance'))!;
    const pushed = images.strategy.matrix.include.map((entry: Record<string, string>) => expand(meta.with!['images'] as string, entry));
    expect(images.strategy.matrix.include.map((entry: Record<string, string>) => expand(attest.with!['subject-name'] as string, entry))).toEqual(pushed);
    const { image } = defaultValues();
    expect(pushed.sort()).toEqual(['api', 'dashboard', 'gateway'].map((component) => `${image.registry}/${image.repository}/${component}`));
    // `{{version}}` is the tag without its `v`: the chart's appVersion, which image.tag defaults to.
    expect(image.tag).toBe('');
    expect(meta.with!['tags']).toMatch(/type=semver,pattern=\{\{version\}\}/);
  });
});

describe('release.yml versions', () => {
  const release = workflows.find((w) => w.file === 'release.yml')!.workflow;
  const root = join(dir, '../..');

  /** The version job's check as GitHub runs it (bash -eo pipefail), in this checkout, for a pushed tag. */
  const check = (tag: string) => {
    const script = release.jobs.version.steps.find((step: Step) => step.run)!.run!;
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], PACKAGES: release.env.PACKAGES, GITHUB_REF_NAME: tag },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  it('publishes nothing before the tag is checked against every package version', () => {
    for (const job of ['packages', 'images', 'chart']) expect(`${job} needs ${release.jobs[job].needs}`).toBe(`${job} needs version`);
  });

  it('passes for the tag of the packages\' version and fails, naming each package, for another', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(check(`v${version}`)).toEqual({ status: 0, output: '' });
    const other = check('v99.0.0');
    expect(other.status).toBe(1);
    for (const folder of ['.', ...release.env.PACKAGES.split(' ')]) expect(other.output).toContain(`::error file=${folder}/package.json::version ${version}, but the tag is v99.0.0`);
  });
});
