// Unit and component specs: jest-preset-angular compiles Angular templates; `@wom/*` resolve to sources.
const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

const tsconfig = require('../tsconfig.base.json');
const aliases = {};
for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) aliases[`^${alias}$`] = path.join(__dirname, '..', target);

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'ui',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: aliases,
  // Angular and @noble ship ESM only.
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$|@noble|@scure)'],
};
