module.exports = require('../../jest.preset.cjs').libraryConfig('renderers', __dirname);
