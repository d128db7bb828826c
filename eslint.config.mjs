import nx from '@nx/eslint-plugin';
import * as jsoncParser from 'jsonc-eslint-parser';

// Server-only packages: never imported by the publishable libraries, which also run in browsers.
const serverOnly = ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'socket.io', 'express', 'fastify', 'redis'];
const nodeOnly = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'];

const testFiles = ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts'];

/**
 * Which project may import which. The packages banned from publishable libraries are banned from
 * the code they ship; their tests may still stand up a server (e.g. socket.io) to talk to.
 */
function moduleBoundaries({ shipped }) {
  const banned = (packages) => (shipped ? packages : []);
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [],
      depConstraints: [
        // Pure, publishable libraries: depend only on each other, never on server code or Node.
        { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'], bannedExternalImports: banned([...serverOnly, ...nodeOnly]) },
        { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:sdk', 'type:core'], bannedExternalImports: banned(serverOnly) },
        { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:server', 'type:core'] },
        { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:sdk', 'type:core'], bannedExternalImports: banned(serverOnly) },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:server', 'type:core', 'type:sdk', 'type:ui'] },
        { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:sdk', 'type:server'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', 'tmp', '.nx'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // Dropping fields by destructuring (`const { version, ...rest } = x`) is the idiom, not a leftover.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    // Tool configuration files reach into the workspace root by design.
    ignores: ['**/*.config.{js,cjs,mjs,ts}', ...testFiles],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ shipped: true }) },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ shipped: false }) },
  },
  {
    // The same rule by path, so it holds even before a banned package is installed (Nx only knows
    // installed packages) and for Node built-ins, which the project graph does not list.
    files: ['libs/{core,modules,rbac,contracts,sdk}/src/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: serverOnly, message: 'Publishable libraries must not import server-only packages.' },
            { group: nodeOnly, message: 'Publishable libraries run in browsers too: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: testFiles,
    // Tests read response bodies whose shape they are asserting.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The tests' real-time clients hand them what arrived on the wire, for them to assert on.
    files: ['libs/server/testing/src/realtime-client.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Every publishable package.json declares exactly what its code imports.
    files: ['libs/*/package.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        { ignoredFiles: ['{projectRoot}/**/*.spec.ts', '{projectRoot}/jest.config.cjs', '{projectRoot}/eslint.config.mjs'], checkVersionMismatches: true },
      ],
    },
  },
];
