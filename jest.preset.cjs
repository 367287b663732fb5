// Shared jest settings. SWC compiles TypeScript (and the ESM-only packages we depend on)
// so tests start fast; type checking is the separate `typecheck` target.
const path = require('node:path');

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** Maps every `@wom/*` alias in tsconfig.base.json to its source entry point. */
function workspaceAliases() {
  const tsconfig = require(path.join(__dirname, 'tsconfig.base.json'));
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    mapper[`^${alias}$`] = path.join(__dirname, target);
  }
  return mapper;
}

const preset = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  // ESM-only dependencies are compiled like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure)/)'],
  moduleNameMapper: workspaceAliases(),
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'lcov'],
};

/** The jest config of a library: its specs, and coverage held to 90% of lines. */
function libraryConfig(name, dir) {
  return {
    ...preset,
    displayName: name,
    rootDir: dir,
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    collectCoverageFrom: ['<rootDir>/src/**/*.ts', '!<rootDir>/src/**/*.spec.ts', '!<rootDir>/src/**/__fixtures__/**', '!<rootDir>/src/**/index.ts'],
    coverageDirectory: path.join(__dirname, 'coverage', path.relative(__dirname, dir)),
    coverageThreshold: { global: { lines: 90, statements: 90, functions: 90, branches: 80 } },
  };
}

// Not enumerable, so a project config that spreads the preset does not pass it to jest.
module.exports = Object.defineProperty({ ...preset }, 'libraryConfig', { value: libraryConfig, enumerable: false });
