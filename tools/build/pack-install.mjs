// Builds (into <dir>/dist/<lib>) and packs publishable libraries, then installs the tarballs into an empty directory, the
// way a user of the published packages gets them: `node tools/build/pack-install.mjs <dir> sdk core…`.
// Workspace dependencies come from the tarballs; third-party ones from the npm cache or registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [target, ...libs] = process.argv.slice(2);
if (!target || libs.length === 0) throw new Error('usage: node tools/build/pack-install.mjs <dir> <lib>...');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tarballs = join(target, 'tarballs');
mkdirSync(tarballs, { recursive: true });

for (const lib of libs) {
  const built = join(target, 'dist', lib);
  execFileSync(process.execPath, [join(root, 'tools/build/package-lib.mjs'), lib, built], { stdio: 'ignore' });
  execFileSync(npm, ['pack', built, '--pack-destination', tarballs, '--silent'], { stdio: 'ignore' });
}
writeFileSync(join(target, 'package.json'), JSON.stringify({ name: 'neurograph-try', private: true }, null, 2));
const packed = readdirSync(tarballs).map((file) => `./tarballs/${file}`);
execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', ...packed], { cwd: target, stdio: 'inherit' });
console.log(`installed ${packed.length} packages into ${target}`);
