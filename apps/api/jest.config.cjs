module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'api',
  rootDir: __dirname,
  // Integration suites boot real apps (PGlite, migrations, sockets); under CI load a boot inside a
  // test can take longer than Jest's 5 s default.
  testTimeout: 30_000,
};
