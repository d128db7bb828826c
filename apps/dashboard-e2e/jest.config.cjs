// The browser suite: its own target (`nx e2e dashboard-e2e`) and CI step, never part of `npm test`.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'dashboard-e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e.ts'],
  testTimeout: 60_000,
};
