const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'agent',
  rootDir: __dirname,
  // Unit specs of the pure logic, then the privileged specs that drive real wg, ip and nft
  // inside throwaway network namespaces.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.ns-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // execa 9 and the NATS clients ship ESM only; SWC compiles them to CommonJS (cached).
  transformIgnorePatterns: [],
  // execa's unicorn-magic exports an `import` condition only, which jest's CommonJS resolver skips.
  moduleNameMapper: { ...preset.moduleNameMapper, '^unicorn-magic$': require('node:path').join(__dirname, '../node_modules/unicorn-magic/node.js') },
  // Namespace specs start wireguard-go and ping for seconds; two workers suit a 2-core CI machine.
  maxWorkers: 2,
  testTimeout: 60_000,
};
