import nx from '@nx/eslint-plugin';
import * as jsoncParser from 'jsonc-eslint-parser';

// Server-only packages: never imported by the publishable libraries, which also run in browsers.
const serverOnly = ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'socket.io', 'express', 'fastify', 'redis'];
const nodeOnly = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'];

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
    ignores: ['**/*.config.{js,cjs,mjs,ts}'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Pure, publishable libraries: depend only on each other, never on server code or Node.
            {
              sourceTag: 'type:core',
              onlyDependOnLibsWithTags: ['type:core'],
              bannedExternalImports: [...serverOnly, ...nodeOnly],
            },
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:sdk', 'type:core'], bannedExternalImports: serverOnly },
            { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:server', 'type:core'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:sdk', 'type:core'], bannedExternalImports: serverOnly },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:server', 'type:core', 'type:sdk', 'type:ui'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:sdk', 'type:server'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // The same rule by path, so it holds even before a banned package is installed (Nx only knows
    // installed packages) and for Node built-ins, which the project graph does not list.
    files: ['libs/{core,modules,rbac,contracts,sdk}/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**'],
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
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts'],
    // Tests read response bodies whose shape they are asserting.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
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
