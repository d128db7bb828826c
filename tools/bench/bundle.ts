import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './api/server';

/**
 * Bundles entry points with tools/build/bundle-app.mjs in a child process: the benchmark process
 * is also the load generator, and a bundler run inside it (esbuild's service, SWC's threads, the
 * garbage of a build) measurably delayed its open loops.
 */
export function bundle(entries: string[], outdir: string): void {
  const script = `const { bundle } = await import(${JSON.stringify(join(ROOT, 'tools/build/bundle-app.mjs'))}); await bundle(${JSON.stringify(entries)}, ${JSON.stringify(outdir)});`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'inherit' });
}
