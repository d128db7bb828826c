// Bundles an app's TypeScript (and the workspace libraries it imports) into one CommonJS file.
// esbuild resolves and bundles; SWC compiles each file because Nest's dependency injection needs
// the decorator metadata that esbuild does not emit. Packages from node_modules stay external.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';
import { build, context as esbuildContext } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

const swcTypeScript = {
  name: 'swc-typescript',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const { code } = await transform(source, {
        filename: args.path,
        sourceMaps: 'inline',
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Workspace aliases (`@neurograph/*`) resolve to their sources so they are bundled, not required. */
const workspaceAliases = {
  name: 'workspace-aliases',
  setup(builder) {
    for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
      const filter = new RegExp(`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      builder.onResolve({ filter }, () => ({ path: join(root, target) }));
    }
    // Sources import siblings as `./x.js`; the file on disk is `./x.ts`.
    builder.onResolve({ filter: /^\.{1,2}\/.*\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/\.js$/, '.ts')) }));
  },
};

function options(entries, outdir) {
  return {
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    packages: 'external',
    sourcemap: 'linked',
    plugins: [workspaceAliases, swcTypeScript],
    logLevel: 'warning',
  };
}

export async function bundle(entries, outdir) {
  return build({ ...options(entries, outdir), metafile: true });
}

/**
 * Packages a server's bundle needs at run time: those it imports, plus those loaded by name, which
 * no import statement shows (TypeORM's driver, Fastify's static files for Swagger UI and the
 * dashboard, validation, and PGlite, which the embedded database's worker thread requires).
 */
const LOADED_BY_NAME = ['pg', '@fastify/static', 'class-validator', 'class-transformer', '@electric-sql/pglite'];

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * A server's own package.json, for a production install beside the bundle (the Dockerfiles' `deps`
 * stage): exactly the packages it loads, at the versions installed here, which the lockfile pinned.
 */
function writeRuntimeManifest(app, outdir, metafile) {
  const imported = Object.values(metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && !entry.path.startsWith('node:') && !builtinModules.includes(entry.path))
    .map((entry) => packageOf(entry.path));
  const names = [...new Set([...imported, ...LOADED_BY_NAME])].sort();
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dependencies = Object.fromEntries(names.map((name) => [name, JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version]));
  const manifest = { name: `@neurograph/${app}-server`, version: rootManifest.version, private: true, license: rootManifest.license, engines: rootManifest.engines, main: 'main.cjs', dependencies };
  writeFileSync(join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Servers deployed as images, each with a generated runtime package.json. */
const SERVERS = ['api', 'gateway'];

/** Each app's entry points: the servers, the api's migration command, the CLI's binary. */
const APPS = {
  api: ['main.ts', 'migrate.ts'],
  gateway: ['main.ts'],
  cli: ['neurograph.ts'],
};

/** A publishable app (one with a package.json) gets it and its README beside the bundle, ready for `npm pack`. */
function copyPackageFiles(app, outdir) {
  for (const file of ['package.json', 'README.md']) {
    const source = join(root, 'apps', app, file);
    if (existsSync(source)) copyFileSync(source, join(outdir, file));
  }
}

// `node tools/build/bundle-app.mjs <app> [--serve]`
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const app = process.argv[2];
  if (!APPS[app]) {
    process.stderr.write(`usage: bundle-app.mjs <${Object.keys(APPS).join('|')}> [--serve]\n`);
    process.exit(2);
  }
  const outdir = join(root, 'dist/apps', app);
  const entries = APPS[app].map((file) => join(root, 'apps', app, 'src', file));
  if (process.argv.includes('--serve')) {
    // `nx serve <app>`: rebuild on every change and restart the server on every rebuild.
    const context = await esbuildContext(options(entries, outdir));
    await context.rebuild();
    await context.watch();
    spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=64', '--v8-pool-size=1', `--watch-path=${outdir}`, join(outdir, 'main.cjs')], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
  } else {
    const { metafile } = await bundle(entries, outdir);
    if (SERVERS.includes(app)) writeRuntimeManifest(app, outdir, metafile);
    else copyPackageFiles(app, outdir);
    process.stdout.write(`built ${APPS[app].map((file) => join(outdir, file.replace(/\.ts$/, '.cjs'))).join(', ')}\n`);
  }
}
