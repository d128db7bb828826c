module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-http',
  rootDir: __dirname,
};
