'use strict';
// node:path/posix: the same object as require('path').posix.
module.exports = require('path').posix;
