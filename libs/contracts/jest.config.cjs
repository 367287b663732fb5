const config = require('../../jest.preset.cjs').libraryConfig('contracts', __dirname);

// Generated code is checked by regenerating it (scripts/generate-contracts.mjs --check).
// The HTTP API's shapes (src/api) are types only: nothing of them runs, and the compiler checks
// them against the control plane's response mappers and the console that reads them.
module.exports = { ...config, collectCoverageFrom: [...config.collectCoverageFrom, '!<rootDir>/src/generated/**', '!<rootDir>/src/api/**'] };
