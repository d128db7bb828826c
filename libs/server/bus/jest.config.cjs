module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-bus',
  rootDir: __dirname,
};
