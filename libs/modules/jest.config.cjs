module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'modules',
  rootDir: __dirname,
};
