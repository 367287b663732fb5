// Browser specs: Chromium (playwright-core) against the real control plane and emulated routers.
const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'ui-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.e2e.spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
