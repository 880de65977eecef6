module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // run from source only (never bundled), so __dirname is the source folder
      files: ['src/main.ts'],
      rules: { 'no-restricted-syntax': 'off' },
    },
  ],
});
