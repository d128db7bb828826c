import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@neurograph/server-config';

/**
 * Every way a server bundle is started outside the test and benchmark launchers (which import
 * SERVER_NODE_FLAGS) spells the flags out: `npm start`, `nx serve` (bundle-app's watch), the
 * image's CMD and the commands the docs give. A flag added to the list and forgotten in one of them
 * would make that one run differently from what the benchmarks measured.
 */
const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The lines of the docs that start a server bundle with `node`. */
const documented = ['README.md', 'docs/realtime.md', 'docs/deployment.md'].flatMap((doc) =>
  read(doc)
    .split('\n')
    .filter((line) => /\bnode .*main\.cjs/.test(line))
    .map((line): [string, string] => [`${doc}: ${line}`, line]),
);

describe("the servers' node flags", () => {
  const commands: [string, string][] = [
    ['npm start', JSON.parse(read('package.json')).scripts.start.split('&&').pop() as string],
    ['nx serve', read('tools/build/bundle-app.mjs').split('\n').find((line) => line.includes('--watch-path')) ?? ''],
    ['the image', read('deploy/docker/server.Dockerfile').split('\n').find((line) => line.startsWith('CMD ')) ?? ''],
    ...documented,
  ];

  it("finds the api and both gateways in each doc that runs them on Redis, and the image table's two rows", () => {
    expect(documented).toHaveLength(8);
  });

  it.each(commands)('%s runs the server with every one of them', (_, command) => {
    expect(command).toMatch(/main\.cjs/);
    for (const flag of SERVER_NODE_FLAGS) expect(command).toContain(flag);
  });
});
