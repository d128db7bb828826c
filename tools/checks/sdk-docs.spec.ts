import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** docs/sdk is the SDK's reference as TypeDoc generates it from the source: regenerated, it must not change. */
const root = join(__dirname, '..', '..');

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('docs/sdk', () => {
  it('matches what `nx docs sdk` generates from the current source', () => {
    const out = mkdtempSync(join(tmpdir(), 'neurograph-sdk-docs-'));
    try {
      const typedoc = spawnSync(join(root, 'node_modules/.bin/typedoc'), ['--options', 'libs/sdk/typedoc.json', '--out', out], { cwd: root, encoding: 'utf8' });
      expect({ status: typedoc.status, output: typedoc.stdout + typedoc.stderr }).toMatchObject({ status: 0 });
      const generated = files(out);
      const committed = files(join(root, 'docs/sdk'));
      // A stale page names itself in the failure; `npx nx docs sdk` regenerates them all.
      expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
      for (const [path, text] of Object.entries(generated)) expect({ path, text: committed[path] }).toEqual({ path, text });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
