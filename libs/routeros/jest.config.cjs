module.exports = require('../../jest.preset.cjs').libraryConfig('routeros', __dirname);
