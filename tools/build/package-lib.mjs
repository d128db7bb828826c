// Builds a publishable library into dist/libs/<name>: ESM (.js) and CommonJS (.cjs) with bundled
// declarations for each (.d.ts, .d.cts), one entry per subpath of its package.json "exports", and
// the package.json and README beside them, ready for `npm pack` / `npm publish`.
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const name = process.argv[2];
if (!name) throw new Error('usage: node tools/build/package-lib.mjs <lib> [outDir]');
const libDir = join(root, 'libs', name);
// Optional second argument: another output folder (tests build there so they never race `nx build`).
const outDir = resolve(process.argv[3] ?? join(root, 'dist', 'libs', name));
const manifest = JSON.parse(readFileSync(join(libDir, 'package.json'), 'utf8'));

// "./testing" → src/testing/index.ts, built to testing/index.{js,cjs,d.ts,d.cts}
const entry = {};
for (const subpath of Object.keys(manifest.exports)) {
  if (subpath === './package.json') continue;
  const path = subpath === '.' ? 'index' : `${subpath.slice(2)}/index`;
  entry[path] = join(libDir, 'src', `${path}.ts`);
}

await build({
  entry,
  outDir,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  treeshake: true,
  tsconfig: join(libDir, 'tsconfig.lib.json'),
  // Dependencies stay imports: the package.json declares them, npm installs them once.
  external: [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})],
  silent: true,
  // The packages are ESM ("type": "module"): .js is ESM, .cjs CommonJS, and their declarations follow.
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
});

// Declarations are bundled into one self-contained file per entry, so the CommonJS twin is a copy.
for (const path of Object.keys(entry)) {
  renameSync(join(outDir, `${path}.d.mts`), join(outDir, `${path}.d.ts`));
  copyFileSync(join(outDir, `${path}.d.ts`), join(outDir, `${path}.d.cts`));
}

copyFileSync(join(libDir, 'package.json'), join(outDir, 'package.json'));
for (const file of ['README.md', 'LICENSE']) {
  const source = file === 'LICENSE' ? join(root, file) : join(libDir, file);
  if (existsSync(source)) copyFileSync(source, join(outDir, file));
}
console.log(`built ${outDir}`);
