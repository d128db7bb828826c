module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-engine',
  rootDir: __dirname,
};
