import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launchServer, type ServerProcess } from '@neurograph/server-testing';
import { describeWithStores, isolatedStores, ROOT } from './support';

const run = promisify(execFile);

/**
 * What deploy/docker/server.Dockerfile does, without docker: the built bundle beside a production
 * install of its generated package.json (at the lockfile's versions), started with NODE_ENV=production.
 * A package the bundle loads but the manifest forgot fails here, not in a cluster.
 */
describeWithStores('the servers as their images run them', () => {
  const dirs: Record<string, string> = {};
  const processes: ServerProcess[] = [];
  let stores: Awaited<ReturnType<typeof isolatedStores>>;

  beforeAll(async () => {
    for (const app of ['api', 'gateway']) {
      const dir = mkdtempSync(join(tmpdir(), `neurograph-${app}-image-`));
      cpSync(join(ROOT, 'dist/apps', app), dir, { recursive: true });
      cpSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
      await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });
      dirs[app] = dir;
    }
    stores = await isolatedStores('image');
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await stores?.drop();
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const production = () => ({ ...stores.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' });

  it('installs exactly the locked versions of what the manifest lists, and no build tooling', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
    const manifest = JSON.parse(readFileSync(join(dirs['api'], 'package.json'), 'utf8'));
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      expect(`${name}@${JSON.parse(readFileSync(join(dirs['api'], 'node_modules', name, 'package.json'), 'utf8')).version}`).toBe(`${name}@${version}`);
      expect(`${name}@${lock[`node_modules/${name}`].version}`).toBe(`${name}@${version}`);
    }
    for (const tool of ['typescript', 'esbuild', 'jest', 'nx', 'vite', 'react']) expect(() => require.resolve(tool, { paths: [dirs['api']] })).toThrow();
  });

  it('migrates with migrate.cjs (the chart\'s Job), then serves: api and gateway ready in production mode', async () => {
    const { stdout } = await run(process.execPath, [join(dirs['api'], 'migrate.cjs')], { env: { PATH: process.env['PATH'], ...production() } });
    expect(stdout).toMatch(/PostgreSQL: (applied|up to date)/);
    const api = await launchServer(join(dirs['api'], 'main.cjs'), { ...production(), MIGRATE_ON_START: 'false' }, 'api image');
    processes.push(api);
    const gateway = await launchServer(join(dirs['gateway'], 'main.cjs'), { ...production(), API_URL: api.origin }, 'gateway image');
    processes.push(gateway);
    for (const origin of [api.origin, gateway.origin]) {
      const ready = await fetch(`${origin}/api/v1/health/ready`);
      expect(ready.status).toBe(200);
    }
    // Production hides internals: a route that does not exist answers a problem document, no stack.
    const missing = await fetch(`${api.origin}/api/v1/no-such-route`);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await missing.text()).not.toMatch(/at .*\.cjs:\d+/);
  }, 90_000);

  it('starts the api on its embedded database too, whose worker thread loads PGlite by name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'neurograph-image-data-'));
    const embedded: Record<string, string> = production();
    delete embedded['DATABASE_URL'];
    try {
      const api = await launchServer(join(dirs['api'], 'main.cjs'), { ...embedded, DATA_DIR: dataDir }, 'api image, embedded');
      processes.push(api);
      expect((await fetch(`${api.origin}/api/v1/health/ready`)).status).toBe(200);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
