const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'renderers',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  collectCoverageFrom: ['<rootDir>/src/**/*.ts', '!<rootDir>/src/**/*.spec.ts', '!<rootDir>/src/**/__fixtures__/**', '!<rootDir>/src/**/index.ts'],
  coverageDirectory: '<rootDir>/../../coverage/libs/renderers',
  coverageThreshold: { global: { lines: 90, statements: 90, functions: 90, branches: 80 } },
};
