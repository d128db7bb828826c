import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Proves the dependency rules are real: ESLint (with the workspace's flat config and the Nx
 * project graph) must refuse these imports when they appear in the pure engine library.
 */
const root = join(__dirname, '..', '..');

function lintAs(file: string, source: string): { status: number | null; output: string } {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--no-warn-ignored', '--stdin', '--stdin-filename', file, '--format', 'json'],
    { cwd: root, input: source, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

function ruleMessages(output: string, rules = ['@nx/enforce-module-boundaries', 'no-restricted-imports']): string[] {
  const [report] = JSON.parse(output.slice(output.indexOf('['))) as { messages: { ruleId: string; message: string }[] }[];
  return report.messages.filter((m) => rules.includes(m.ruleId)).map((m) => m.message);
}

describe('module boundaries', () => {
  jest.setTimeout(60_000);

  it('refuses a server framework import in libs/core', () => {
    const { status, output } = lintAs('libs/core/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
    expect(status).toBe(1);
    expect(ruleMessages(output).join('\n')).toMatch(/@nestjs\/common/);
  });

  it('refuses a Node built-in in libs/core (it must run in browsers)', () => {
    const { status, output } = lintAs('libs/core/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(status).toBe(1);
    expect(ruleMessages(output).length).toBeGreaterThan(0);
  });

  it('refuses libs/core reaching into another project by path', () => {
    const { status, output } = lintAs('libs/core/src/probe.ts', "import { x } from '../../../tools/checks/fixture';\nexport const y = x;\n");
    expect(status).toBe(1);
    expect(ruleMessages(output).join('\n')).toMatch(/relative or absolute path/);
  });

  it('accepts an import inside the same library', () => {
    const { status, output } = lintAs('libs/core/src/probe.ts', "import { DIMENSIONS } from './common/vector';\nexport const y = DIMENSIONS;\n");
    expect(ruleMessages(output)).toEqual([]);
    expect(status).toBe(0);
  });

  it('refuses a publishable package.json that does not declare what its code imports', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'libs', 'core', 'package.json'), 'utf8'));
    const { status, output } = lintAs('libs/core/package.json', JSON.stringify({ ...manifest, dependencies: {} }, null, 2));
    expect(status).toBe(1);
    expect(ruleMessages(output, ['@nx/dependency-checks']).join('\n')).toMatch(/@neurograph\/modules/);
  });
});
