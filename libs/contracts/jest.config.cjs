const config = require('../../jest.preset.cjs').libraryConfig('contracts', __dirname);

// Generated code is checked by regenerating it (scripts/generate-contracts.mjs --check).
module.exports = { ...config, collectCoverageFrom: [...config.collectCoverageFrom, '!<rootDir>/src/generated/**'] };
