module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-realtime',
  rootDir: __dirname,
};
