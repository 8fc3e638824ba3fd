// Port of Node's test/parallel/test-path-zero-length-strings.js: empty strings stand for the
// current directory in join, normalize, resolve, relative and isAbsolute.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

const cwd = process.cwd();

assert.strictEqual(path.posix.join(''), '.');
assert.strictEqual(path.posix.join('', ''), '.');
assert.strictEqual(path.join(cwd), cwd);
assert.strictEqual(path.join(cwd, ''), cwd);

assert.strictEqual(path.posix.normalize(''), '.');
assert.strictEqual(path.normalize(cwd), cwd);

assert.strictEqual(path.posix.isAbsolute(''), false);

assert.strictEqual(path.resolve(''), cwd);
assert.strictEqual(path.resolve('', ''), cwd);

assert.strictEqual(path.relative('', cwd), '');
assert.strictEqual(path.relative(cwd, ''), '');
assert.strictEqual(path.relative(cwd, cwd), '');
