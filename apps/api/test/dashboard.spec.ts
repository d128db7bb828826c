import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshStorage, type RunningApi, startApi, type Storage } from './harness';

/** The api serves a dashboard build at `/` (one process, one port) without shadowing its own paths. */
describe('the dashboard at /', () => {
  let storage: Storage;
  let api: RunningApi;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'neurograph-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    storage = await freshStorage();
    api = await startApi({ ...storage.env, DASHBOARD_DIR: dir });
  });
  afterAll(async () => {
    await api.close();
    await storage.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the app for page paths, hashed assets with a long cache, and keeps /api for the API', async () => {
    const home = await fetch(`${api.origin}/`, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');
    const deep = await fetch(`${api.origin}/modules`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toContain('<div id="root">');
    expect(deep.headers.get('cache-control')).toBe('no-cache');

    const asset = await fetch(`${api.origin}/assets/index-abc123.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const unknown = await fetch(`${api.origin}/api/v1/no-such-route`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetch(`${api.origin}/api/v1/health/live`)).status).toBe(200);
  });

  it('is not served when the folder holds no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'neurograph-no-dashboard-'));
    const bareStorage = await freshStorage();
    const bare = await startApi({ ...bareStorage.env, DASHBOARD_DIR: empty });
    try {
      expect((await fetch(`${bare.origin}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
    } finally {
      await bare.close();
      await bareStorage.dispose();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
