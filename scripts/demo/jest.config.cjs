const preset = require('../../jest.preset.cjs');

// The demo's pure seed plan and traffic model (*.spec.ts), and the end-to-end check that seeds
// a real control plane on PostgreSQL with emulated routers (*.int-spec.ts).
module.exports = {
  ...preset,
  displayName: 'demo',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
  testTimeout: 30_000,
};
