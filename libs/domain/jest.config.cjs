const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  collectCoverageFrom: ['<rootDir>/src/**/*.ts', '!<rootDir>/src/**/*.spec.ts', '!<rootDir>/src/**/__fixtures__/**', '!<rootDir>/src/**/index.ts'],
  coverageDirectory: '<rootDir>/../../coverage/libs/domain',
  coverageThreshold: { global: { lines: 90, statements: 90, functions: 90, branches: 80 } },
};
