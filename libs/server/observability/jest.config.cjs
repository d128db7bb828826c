module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-observability',
  rootDir: __dirname,
};
