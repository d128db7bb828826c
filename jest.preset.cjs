// Shared Jest setup: SWC transpiles (type checking is the separate `typecheck` target, so tests
// stay fast) and every `@neurograph/*` alias of tsconfig.base.json resolves to its source.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

// Sources import siblings as `./x.js` (what the published ESM build needs); Jest maps them back to `./x.ts`.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          // Nest's dependency injection and class-validator read the emitted design types.
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
    // @fastify/static (Swagger UI and the dashboard) requires content-disposition 3, which is ESM
    // only; Node 20 loads it through require(esm), Jest does so only from Node 24.9 on.
    '/content-disposition/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['^(?!.*/node_modules/@fastify/static/node_modules/content-disposition/).*/node_modules/'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
};
