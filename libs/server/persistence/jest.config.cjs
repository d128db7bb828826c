module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'server-persistence',
  rootDir: __dirname,
};
