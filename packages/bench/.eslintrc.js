module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The suite measures the engine's own stages, which the plugin does not export: it imports
    // them from the plugin's source on purpose. Nothing here is built or published.
    '@backstage/no-forbidden-package-imports': 'off',
    '@backstage/no-mixed-plugin-imports': 'off',
  },
  overrides: [
    {
      // run from source only (never bundled), so __dirname is the source folder
      files: [
        'src/main.ts',
        'src/infra/infraClient.ts',
        'src/overview/buildPage.ts',
      ],
      rules: { 'no-restricted-syntax': 'off' },
    },
  ],
});
