'use strict';
// The host harness itself: builtins load, and the same assertion holds on Node's modules.
const assert = require('assert');
assert.strictEqual(typeof require('path').join, 'function');
