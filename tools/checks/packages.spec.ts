import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * The publishable libraries as users get them: built, linted as packages (publint, Are The Types
 * Wrong), packed, installed from the tarballs into an empty directory, and loaded from both ESM
 * and CommonJS. (The SDK talking to a live server is proven in the api suites.)
 */
const root = join(__dirname, '..', '..');
const PACKAGES = ['rbac', 'modules', 'core', 'contracts', 'sdk'];
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[], cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
/** The folders release.yml publishes from, and the GitHub repository Chart.yaml names. */
const PUBLISHED: string[] = parseYaml(readFileSync(join(root, '.github/workflows/release.yml'), 'utf8')).env.PACKAGES.split(/\s+/);
const REPOSITORY = parseYaml(readFileSync(join(root, 'k8s/helm/neurograph/Chart.yaml'), 'utf8')).home.replace('https://github.com/', '');
/** `npm publish --provenance` refuses a package whose repository is not the repository the workflow runs in. */
const sourceOf = (folder: string) => ({ type: 'git', url: `git+https://github.com/${REPOSITORY}.git`, directory: folder });

describe('package manifests', () => {
  it('release.yml publishes every package.json that is not private', () => {
    const manifests = ['libs', 'libs/server', 'apps'].flatMap((parent) => readdirSync(join(root, parent)).map((name) => `${parent}/${name}`)).filter((folder) => existsSync(join(root, folder, 'package.json')));
    expect(manifests.filter((folder) => !readJson(`${folder}/package.json`).private).sort()).toEqual([...PUBLISHED].sort());
  });

  it.each(PUBLISHED)('%s names its source: the project\'s repository and its own folder', (folder) => {
    expect(readJson(`${folder}/package.json`).repository).toEqual(sourceOf(folder));
  });
});

describe('publishable packages', () => {
  jest.setTimeout(240_000);
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'neurograph-packages-'));
    const install = run(process.execPath, [join(root, 'tools/build/pack-install.mjs'), dir, ...PACKAGES]);
    if (install.status !== 0) throw new Error(install.output);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(PACKAGES)('%s passes publint and Are The Types Wrong', (name) => {
    const publint = run(bin('publint'), ['--strict', join(dir, 'dist', name)]);
    expect({ status: publint.status, output: publint.output }).toMatchObject({ status: 0 });
    const attw = run(bin('attw'), ['--pack', join(dir, 'dist', name), '--format', 'ascii']);
    expect({ status: attw.status, output: attw.output }).toMatchObject({ status: 0 });
  });

  it.each(PACKAGES)('%s keeps its repository in the package users install', (name) => {
    expect(JSON.parse(readFileSync(join(dir, 'node_modules/@neurograph', name, 'package.json'), 'utf8')).repository).toEqual(sourceOf(`libs/${name}`));
  });

  it('runs the engine from an ESM import and a CommonJS require of @neurograph/core', () => {
    const script = (load: string) => `${load}\nconst r = new Engine().emit({ payload: 'hello' });\nconsole.log(JSON.stringify({ created: r.created, processed: r.processed }));\n`;
    writeFileSync(join(dir, 'engine.mjs'), script("import { Engine } from '@neurograph/core';"));
    writeFileSync(join(dir, 'engine.cjs'), script("const { Engine } = require('@neurograph/core');"));
    for (const file of ['engine.mjs', 'engine.cjs']) {
      const result = run(process.execPath, [file], dir);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.output)).toEqual({ created: true, processed: true });
    }
  });

  it('runs @neurograph/sdk/testing from import and require: the SDK client against the in-memory fake, with the SDK error classes', () => {
    const script = (load: string) =>
      `${load}\n` +
      `(async () => {\n` +
      `  const server = new FakeServer();\n` +
      `  const client = new NeuroGraph(server.clientOptions());\n` +
      `  const result = await client.signals.emit({ vector: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] });\n` +
      `  const refused = await client.modules.disable('guardian').catch((error) => error);\n` +
      `  console.log(JSON.stringify({ processed: result.processed, conflict: refused instanceof ConflictError }));\n` +
      `})();\n`;
    writeFileSync(join(dir, 'fake.mjs'), script("import { ConflictError, NeuroGraph } from '@neurograph/sdk';\nimport { FakeServer } from '@neurograph/sdk/testing';"));
    writeFileSync(join(dir, 'fake.cjs'), script("const { ConflictError, NeuroGraph } = require('@neurograph/sdk');\nconst { FakeServer } = require('@neurograph/sdk/testing');"));
    for (const file of ['fake.mjs', 'fake.cjs']) {
      const result = run(process.execPath, [file], dir);
      expect({ file, status: result.status, output: result.output }).toMatchObject({ status: 0 });
      expect(JSON.parse(result.output)).toEqual({ processed: true, conflict: true });
    }
  });
});
