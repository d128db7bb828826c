import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NeuroGraph } from '@neurograph/sdk';
import { isolatedSchemaUrl } from '@neurograph/server-persistence';
import { launchServer, type ServerProcess, until } from '@neurograph/server-testing';

/** The built `neurograph` binary as a subprocess against the built api, as an operator runs them. */
const ROOT = join(__dirname, '../../..');
const BIN = join(ROOT, 'dist/apps/cli/neurograph.cjs');
const ADMIN_PASSWORD = 'cli-admin-password';
const execFileAsync = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const vector = (seed: number) => Array.from({ length: 8 }, (_, i) => Math.abs(Math.sin(seed * 12.9898 + i * 78.233)) % 1);

describe('the neurograph CLI against a running server', () => {
  // Each command is a new Node process: a test of eight commands outlasts Jest's 5 s on a busy CI machine.
  jest.setTimeout(30_000);
  let api: ServerProcess;
  let dropSchema: (() => Promise<void>) | undefined;
  let configDir: string;
  let admin: NeuroGraph;

  /** Runs the binary; `input` is piped to its stdin. Never throws: the exit code is part of the result. */
  async function neurograph(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
    const env = { PATH: process.env['PATH']!, NEUROGRAPH_CONFIG_DIR: configDir, NEUROGRAPH_URL: api.origin, ...options.env };
    const pending = execFileAsync(process.execPath, [BIN, ...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    pending.child.stdin?.end(options.input ?? '');
    try {
      const { stdout, stderr } = await pending;
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }
  const json = async (args: string[], env?: Record<string, string>) => {
    const run = await neurograph([...args, '--json'], { env });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };
  const profile = () => JSON.parse(readFileSync(join(configDir, 'profiles.json'), 'utf8')).profiles.default;

  beforeAll(async () => {
    const storage = process.env['DATABASE_URL'] ? await isolatedSchemaUrl(process.env['DATABASE_URL']) : undefined;
    dropSchema = storage?.drop;
    api = await launchServer(join(ROOT, 'dist/apps/api/main.cjs'), {
      ...(storage ? { DATABASE_URL: storage.url } : { DATA_DIR: ':memory:' }),
      ...(process.env['REDIS_URL'] && { REDIS_URL: process.env['REDIS_URL'], REDIS_PREFIX: `ng-cli-${randomUUID()}:` }),
      JWT_SECRET: 'cli-test-secret-0123456789-abcdefghijklmnop',
      ADMIN_PASSWORD,
      // Shorter than the client's renewal margin: every command refreshes, so the rotated refresh token must be saved.
      ACCESS_TOKEN_TTL_S: '10',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
    }, 'api');
    configDir = mkdtempSync(join(tmpdir(), 'neurograph-cli-'));
    admin = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });
  }, 60_000);

  afterAll(async () => {
    await api?.kill();
    await dropSchema?.();
    rmSync(configDir, { recursive: true, force: true });
  }, 30_000);

  it('documents every command in --help', async () => {
    const top = await neurograph(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['login', 'logout', 'status', 'health', 'modules', 'signals', 'space', 'tokens', 'cdna', 'subscribe', 'config', 'keys', 'completion']) {
      expect(top.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(top.stdout).toContain('Exit codes: 0 ok, 1 usage');
    const groups: Record<string, string[]> = {
      modules: ['list', 'get', 'enable', 'disable', 'metrics', 'config'],
      'modules config': ['get', 'set'],
      signals: ['emit', 'list'],
      space: ['search'],
      tokens: ['list', 'get'],
      cdna: ['show', 'profiles', 'apply', 'validate', 'history', 'rollback'],
      config: ['show'],
      keys: ['create', 'list', 'revoke'],
    };
    for (const [group, commands] of Object.entries(groups)) {
      const help = await neurograph([...group.split(' '), '--help']);
      expect(help.code).toBe(0);
      for (const command of commands) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect((await neurograph(['signals', 'emit', '--help'])).stdout).toContain('--file <path>');
  });

  it('login: a wrong password exits 3 with one line; the right one (piped on stdin) saves a 0600 profile without the password', async () => {
    const refused = await neurograph(['login', '--username', 'admin'], { input: 'wrong-password\n' });
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: .*\[401 INVALID_CREDENTIALS\]$/)]);

    const login = await neurograph(['login', '--username', 'admin'], { input: `${ADMIN_PASSWORD}\n` });
    expect(login).toMatchObject({ code: 0, stdout: expect.stringContaining('signed in to') });
    expect(statSync(join(configDir, 'profiles.json')).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(configDir, 'profiles.json'), 'utf8')).not.toContain(ADMIN_PASSWORD);
    expect(profile()).toMatchObject({ url: api.origin, username: 'admin', refreshToken: expect.any(String) });
  });

  it('keeps the profile signed in across commands: each refresh rotates the refresh token and the new one is saved', async () => {
    const before = profile().refreshToken;
    expect(await json(['status'])).toMatchObject({ status: 'ok', modules: expect.arrayContaining([expect.objectContaining({ id: 'guardian' })]) });
    const after = profile().refreshToken;
    expect(after).not.toBe(before);
    // Presenting a rotated token revokes the whole session: this works only because `after` was saved.
    expect(await json(['config', 'show'])).toMatchObject({ url: api.origin, urlSource: 'env', credentials: 'user admin (session saved in the profile)' });
    expect((await json(['health'])).status).toBe('ok');
    expect(profile().refreshToken).not.toBe(before);
  });

  it('modules: list, get, metrics, disable and enable, config get and set; refusals exit 2 naming the code', async () => {
    const list = await json(['modules', 'list']);
    expect(list.modules.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['guardian', 'intuition_engine', 'grid']));
    const table = await neurograph(['modules', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+VERSION\s+ENABLED\s+STATUS/);
    expect(table.stdout).toMatch(/^intuition_engine\s+\S+\s+yes\s+active/m);

    expect(await neurograph(['modules', 'disable', 'intuition_engine'])).toMatchObject({ code: 0, stdout: expect.stringContaining('intuition_engine disabled') });
    expect(await json(['modules', 'get', 'intuition_engine'])).toMatchObject({ enabled: false, status: 'disabled' });
    expect(await neurograph(['modules', 'enable', 'intuition_engine'])).toMatchObject({ code: 0, stdout: expect.stringContaining('intuition_engine enabled') });
    expect((await admin.modules.get('intuition_engine')).enabled).toBe(true);

    const core = await neurograph(['modules', 'disable', 'guardian']);
    expect(core.code).toBe(2);
    expect(core.stderr).toMatch(/^error: .*\[409 MODULE_CANNOT_BE_DISABLED\]/);
    expect(core.stderr).not.toMatch(/\n\s+at /);
    expect(await neurograph(['modules', 'get', 'no_such_module'])).toMatchObject({ code: 2, stderr: expect.stringContaining('MODULE_NOT_FOUND') });

    expect(await json(['modules', 'metrics', 'grid'])).toMatchObject({ operations: expect.any(Number), latencyUs: expect.any(Object) });
    const config = JSON.parse((await neurograph(['modules', 'config', 'get', 'grid'])).stdout);
    const file = join(configDir, 'grid.json');
    writeFileSync(file, JSON.stringify({ ...config, maxNeighbors: config.maxNeighbors + 1 }));
    expect((await neurograph(['modules', 'config', 'set', 'grid', file])).code).toBe(0);
    expect((await admin.modules.getConfig('grid')).config).toMatchObject({ maxNeighbors: config.maxNeighbors + 1 });
    expect((await neurograph(['modules', 'config', 'set', 'grid', '{"maxNeighbors":3}', '--merge'])).code).toBe(0);
    expect((await admin.modules.getConfig('grid')).config).toMatchObject({ maxNeighbors: 3 });
    const refused = await neurograph(['modules', 'config', 'set', 'grid', '{"bogus":1}']);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/bogus.*\[422 CONFIG_INVALID\]/) });
    expect(await neurograph(['modules', 'config', 'set', 'grid', '{not json'])).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid JSON') });
  });

  it('signals emit --file: uploads a JSONL file in batches with progress, reports refused lines by number and exits 2', async () => {
    const space = `cli-upload-${randomUUID().slice(0, 8)}`;
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ vector: vector(i), tags: ['bulk'] }));
    lines.splice(700, 0, JSON.stringify({ vector: [1, 2] }));
    const file = join(configDir, 'batch.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');

    const run = await neurograph(['signals', 'emit', '--file', file, '--space', space, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ total: 1201, processed: 1200, failures: [{ line: 701, code: 'VALIDATION_FAILED' }] });
    expect(report.novel).toBeGreaterThan(0);
    // Not a terminal: one progress line per batch on stderr, ending at the total.
    const progress = run.stderr.split('\n').filter((line) => line.startsWith('['));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatch(/100% 1201\/1201 signals/);
    let stored = 0;
    for await (const record of admin.signals.iterate({ space, limit: 500 })) stored += record.space === space ? 1 : 0;
    expect(stored).toBe(1200);

    const human = await neurograph(['signals', 'emit', '--file', file, '--space', `${space}-b`]);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain('1200/1201 signals processed');
    expect(human.stderr).toMatch(/^error: line 701: .*vector.*\[VALIDATION_FAILED\]$/m);

    writeFileSync(file, '{"vector":[0,0,0,0,0,0,0,0]}\n{"vector":\n');
    const broken = await neurograph(['signals', 'emit', '--file', file, '--space', `${space}-c`]);
    expect(broken).toMatchObject({ code: 1, stderr: expect.stringContaining('line 2: invalid JSON') });
    expect((await admin.signals.list({ space: `${space}-c` })).items).toHaveLength(0);
  });

  it('signals emit --text / --vector, signals list, space search and tokens', async () => {
    const space = `cli-${randomUUID().slice(0, 8)}`;
    const emitted = await json(['signals', 'emit', '--vector', vector(1).join(','), '--space', space]);
    expect(emitted).toMatchObject({ signalId: expect.any(String), isNovel: true, processed: true });
    expect(await json(['signals', 'emit', '--text', 'the pump is vibrating', '--space', space])).toMatchObject({ processed: true });
    const human = await neurograph(['signals', 'emit', '--vector', vector(2).join(','), '--space', space]);
    expect(human.stdout).toMatch(/^signal\s+\S+/m);

    const listed = await json(['signals', 'list', '--space', space, '--since', '10m', '--limit', '2']);
    expect(listed.items).toHaveLength(2);
    expect((await json(['signals', 'list', '--space', space, '--novel'])).items.every((s: { isNovel: boolean }) => s.isNovel)).toBe(true);

    const found = await json(['space', 'search', '--space', space, '--vector', vector(1).join(','), '-k', '2']);
    expect(found.neighbors[0]).toMatchObject({ tokenId: emitted.tokenId, distance: 0 });
    expect((await json(['space', 'search', '--space', space, '--text', 'pump'])).neighbors.length).toBeGreaterThan(0);

    const tokens = await json(['tokens', 'list', '--space', space]);
    expect(tokens.items.length).toBeGreaterThanOrEqual(2);
    expect(await json(['tokens', 'get', String(emitted.tokenId), '--space', space])).toMatchObject({ id: emitted.tokenId, space });
    expect(await neurograph(['tokens', 'get', '999999', '--space', space])).toMatchObject({ code: 2, stderr: expect.stringContaining('404') });

    expect(await neurograph(['signals', 'emit', '--vector', '1,2'])).toMatchObject({ code: 1, stderr: 'error: --vector needs 8 comma-separated numbers, got "1,2"\n' });
    expect(await neurograph(['signals', 'emit'])).toMatchObject({ code: 1 });
    expect(await neurograph(['signals', 'list', '--since', 'yesterday-ish'])).toMatchObject({ code: 1 });
  });

  it('subscribe prints live events that pass the filter, as JSON lines, and exits after --count', async () => {
    const child = spawn(process.execPath, [BIN, 'subscribe', 'signals', '--filter', '{"tags":{"$contains":"live"}}', '--format', 'json', '--count', '2'], {
      env: { PATH: process.env['PATH']!, NEUROGRAPH_CONFIG_DIR: configDir, NEUROGRAPH_URL: api.origin },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Bounded, and failing with what the process printed: a hang here says nothing by itself.
    const settled = (check: () => boolean, what: string) =>
      until(check, 15_000, what).catch((error: Error) => {
        child.kill();
        throw new Error(`${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`);
      });
    await settled(() => stderr.includes('listening on signals'), 'the subscription');

    await admin.signals.emit({ space: 'cli-live', vector: vector(10), tags: ['live'], payload: 'first' });
    await admin.signals.emit({ space: 'cli-live', vector: vector(11), tags: ['other'], payload: 'skipped' });
    await admin.signals.emit({ space: 'cli-live', vector: vector(12), tags: ['live', 'x'], payload: 'second' });
    await settled(() => child.exitCode !== null, 'the exit after --count 2');
    expect(child.exitCode).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => [e.channel, e.data.payload])).toEqual([
      ['signals', 'first'],
      ['signals', 'second'],
    ]);
    expect(events[1].seq).toBeGreaterThan(events[0].seq);

    expect(await neurograph(['subscribe', 'signals,bogus'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown channel bogus') });
    expect(await neurograph(['subscribe', 'signals', '--filter', '{"x":{"$nope":1}}'])).toMatchObject({ code: 2, stderr: expect.stringContaining('VALIDATION_FAILED') });
  });

  it('a long subscribe renews its token in the background and saves each one: killed outright, it leaves a working profile', async () => {
    const started = profile().refreshToken;
    const child = spawn(process.execPath, [BIN, 'subscribe', 'status'], {
      env: { PATH: process.env['PATH']!, NEUROGRAPH_CONFIG_DIR: configDir, NEUROGRAPH_URL: api.origin },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until(() => stderr.includes('listening on status'), 15_000, 'the subscription');
      const connected = profile().refreshToken;
      expect(connected).not.toBe(started);
      // 10 s tokens are renewed half-way through, with no command to trigger it.
      await until(() => profile().refreshToken !== connected, 15_000, 'a renewal while only listening');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(stderr).not.toContain('reconnecting');
    // Presenting a spent refresh token would revoke the session: the saved one is the live one.
    expect(await json(['health'])).toMatchObject({ status: 'ok' });
  });

  it('cdna: show, profiles, apply, history, rollback, validate (exit 1 when invalid)', async () => {
    const shown = await json(['cdna', 'show']);
    expect(shown.cdna).toMatchObject({ version: expect.any(Number), profile: expect.any(String) });
    expect((await json(['cdna', 'profiles'])).map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['balanced', 'explorer']));
    const applied = await json(['cdna', 'apply', 'explorer']);
    expect(applied).toMatchObject({ profile: 'explorer', version: shown.cdna.version + 1 });
    expect((await json(['cdna', 'history'])).items[0]).toMatchObject({ version: applied.version, author: 'admin' });
    expect(await json(['cdna', 'rollback', String(shown.cdna.version)])).toMatchObject({ profile: shown.cdna.profile, version: applied.version + 1 });
    expect(await neurograph(['cdna', 'apply', 'no-such-profile'])).toMatchObject({ code: 2 });

    const file = join(configDir, 'cdna.json');
    writeFileSync(file, JSON.stringify({ cdna: { plasticity: 0.2 } }));
    expect(await neurograph(['cdna', 'validate', file])).toMatchObject({ code: 0, stdout: expect.stringContaining('valid CDNA') });
    writeFileSync(file, JSON.stringify({ plasticity: 7 }));
    expect(await neurograph(['cdna', 'validate', file])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: plasticity: /) });
    expect(await neurograph(['cdna', 'validate', join(configDir, 'missing.json')])).toMatchObject({ code: 1 });
  });

  it('keys: create with scopes, list, sign in with the key, a missing permission exits 3, revoke', async () => {
    const created = await json(['keys', 'create', 'cli-reader', '--scopes', 'modules:read,status:read']);
    expect(created.key).toMatch(/^ng_/);
    expect(created.apiKey).toMatchObject({ name: 'cli-reader', scopes: ['modules:read', 'status:read'] });
    expect((await json(['keys', 'list'])).items.map((k: { name: string }) => k.name)).toContain('cli-reader');
    expect(await neurograph(['keys', 'create', 'x', '--scopes', 'signals:fly'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown permission signals:fly') });

    const withKey = { NEUROGRAPH_API_KEY: created.key };
    expect((await json(['modules', 'list'], withKey)).modules.length).toBeGreaterThan(0);
    const forbidden = await neurograph(['modules', 'disable', 'grid'], { env: withKey });
    expect(forbidden).toMatchObject({ code: 3, stderr: expect.stringContaining('403') });

    const otherProfile = { NEUROGRAPH_PROFILE: 'reader' };
    expect(await neurograph(['login', '--api-key', created.key], { env: otherProfile })).toMatchObject({ code: 0 });
    expect(await json(['config', 'show'], otherProfile)).toMatchObject({ profile: 'reader', credentials: expect.stringMatching(/^API key ng_\S+… \(from profile\)$/) });
    expect(readFileSync(join(configDir, 'profiles.json'), 'utf8')).toContain(created.key);

    expect(await neurograph(['keys', 'revoke', created.apiKey.id])).toMatchObject({ code: 0 });
    expect(await neurograph(['status'], { env: otherProfile })).toMatchObject({ code: 3 });
  });

  it('the packed @neurograph/cli installs into an empty directory (its dependencies from the registry) and its binary works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurograph-cli-pack-'));
    try {
      const publint = await execFileAsync(join(ROOT, 'node_modules/.bin/publint'), ['--strict', join(ROOT, 'dist/apps/cli')]).then(() => 0, (error: { code: number }) => error.code);
      expect(publint).toBe(0);
      const { stdout: tarball } = await execFileAsync('npm', ['pack', join(ROOT, 'dist/apps/cli'), '--pack-destination', dir, '--silent']);
      writeFileSync(join(dir, 'package.json'), '{"name":"try-cli","private":true}');
      await execFileAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', `./${tarball.trim()}`], { cwd: dir });
      const installed = join(dir, 'node_modules/.bin/neurograph');
      const env = { PATH: process.env['PATH']!, NEUROGRAPH_CONFIG_DIR: configDir, NEUROGRAPH_URL: api.origin };
      expect((await execFileAsync(installed, ['--version'], { env })).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'apps/cli/package.json'), 'utf8')).version);
      expect(JSON.parse((await execFileAsync(installed, ['status', '--json'], { env })).stdout)).toMatchObject({ status: 'ok' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('exit codes: 1 for usage, 2 when the server cannot be reached, 3 without credentials; completion scripts', async () => {
    expect(await neurograph(['no-such-command'])).toMatchObject({ code: 1, stderr: expect.stringContaining("unknown command 'no-such-command'") });
    expect(await neurograph(['modules', 'get'])).toMatchObject({ code: 1 });
    const unreachable = await neurograph(['status', '--url', 'http://127.0.0.1:9', '--timeout', '5000']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    const debug = await neurograph(['status', '--url', 'http://127.0.0.1:9', '--debug']);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(await neurograph(['modules', 'disable', 'grid'], { env: { NEUROGRAPH_PROFILE: 'nobody' } })).toMatchObject({ code: 3 });

    // A reader that is gone (`neurograph … | head -1` after its line) ends the command quietly.
    const piped = spawn(process.execPath, [BIN, 'completion', 'bash'], { env: { PATH: process.env['PATH']!, NEUROGRAPH_CONFIG_DIR: configDir, NEUROGRAPH_URL: api.origin } });
    let pipedErrors = '';
    piped.stderr.on('data', (chunk) => (pipedErrors += chunk));
    piped.stdout.destroy();
    expect(await new Promise((resolve) => piped.once('exit', resolve))).toBe(0);
    expect(pipedErrors).toBe('');

    const bash = await neurograph(['completion', 'bash']);
    expect(bash.code).toBe(0);
    const script = join(configDir, 'completion.bash');
    writeFileSync(script, bash.stdout);
    const { stdout } = await execFileAsync('bash', ['-c', `source ${script}; COMP_WORDS=(neurograph modules config ""); COMP_CWORD=3; _neurograph; echo "\${COMPREPLY[@]}"`]);
    expect(stdout.trim().split(' ')).toEqual(expect.arrayContaining(['get', 'set']));
    expect((await neurograph(['completion', 'zsh'])).stdout).toContain('bashcompinit');

    expect(await neurograph(['logout'])).toMatchObject({ code: 0 });
    expect(profile()).toBeUndefined();
  });
});
