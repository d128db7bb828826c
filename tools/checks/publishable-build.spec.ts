import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The publishable libraries must load as plain ESM in Node once compiled: their package.json
 * `exports` and every relative import (with its `.js`) must resolve without a bundler.
 */
const root = join(__dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

describe('publishable ESM build', () => {
  jest.setTimeout(120_000);
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'neurograph-esm-'));
    for (const lib of ['modules', 'core']) {
      const out = join(dir, 'node_modules', '@neurograph', lib);
      mkdirSync(out, { recursive: true });
      // Each library compiles alone against the *built* libraries it depends on, as after npm install.
      const config = join(dir, `tsconfig.${lib}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          extends: join(root, 'libs', lib, 'tsconfig.lib.json'),
          compilerOptions: {
            outDir: join(out, 'src'),
            rootDir: join(root, 'libs', lib, 'src'),
            declaration: true,
            sourceMap: false,
            paths: { '@neurograph/modules': [join(dir, 'node_modules', '@neurograph', 'modules', 'src', 'index.d.ts')] },
          },
        }),
      );
      const build = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`tsc failed for ${lib}: ${build.stdout}${build.stderr}`);
      copyFileSync(join(root, 'libs', lib, 'package.json'), join(out, 'package.json'));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports @neurograph/core by its package name and runs the engine', () => {
    writeFileSync(
      join(dir, 'check.mjs'),
      "import { Engine } from '@neurograph/core';\nconst r = new Engine().emit({ payload: 'hello' });\nconsole.log(JSON.stringify({ created: r.created, processed: r.processed }));\n",
    );
    const run = spawnSync(process.execPath, ['check.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ created: true, processed: true });
  });
});
