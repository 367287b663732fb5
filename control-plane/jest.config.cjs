const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'control-plane',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  // NestJS 12, PGlite, archiver 8 and their nested dependencies ship ESM only. SWC compiles
  // every module to CommonJS (cached after the first run) rather than chasing a list of them.
  transformIgnorePatterns: [],
  // Integration specs each boot an app on their own database; two in parallel suits a 2-core CI machine.
  maxWorkers: 2,
  testTimeout: 30_000,
};
