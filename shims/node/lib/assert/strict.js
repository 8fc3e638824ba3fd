'use strict';
// node:assert/strict: assert.strict (strict comparisons under the loose names too).
module.exports = require('assert').strict;
