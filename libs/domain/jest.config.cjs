module.exports = require('../../jest.preset.cjs').libraryConfig('domain', __dirname);
