// Port of Node's test/parallel/test-path-dirname.js: posix and win32 dirname, including roots,
// repeated slashes and relative names.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

assert.strictEqual(path.dirname(__filename).slice(-4), 'node');
assert.strictEqual(path.posix.dirname('/a/b/'), '/a');
assert.strictEqual(path.posix.dirname('/a/b'), '/a');
assert.strictEqual(path.posix.dirname('/a'), '/');
assert.strictEqual(path.posix.dirname(''), '.');
assert.strictEqual(path.posix.dirname('/'), '/');
assert.strictEqual(path.posix.dirname('////'), '/');
assert.strictEqual(path.posix.dirname('//a'), '//');
assert.strictEqual(path.posix.dirname('foo'), '.');
assert.strictEqual(path.posix.dirname('foo/'), '.');
assert.strictEqual(path.posix.dirname('a/b/c'), 'a/b');
assert.strictEqual(path.posix.dirname('./x'), '.');
assert.strictEqual(path.posix.dirname('../x'), '..');

assert.strictEqual(path.win32.dirname('c:\\'), 'c:\\');
assert.strictEqual(path.win32.dirname('c:\\foo'), 'c:\\');
assert.strictEqual(path.win32.dirname('c:\\foo\\'), 'c:\\');
assert.strictEqual(path.win32.dirname('c:\\foo\\bar'), 'c:\\foo');
assert.strictEqual(path.win32.dirname('\\'), '\\');
assert.strictEqual(path.win32.dirname('\\foo\\bar'), '\\foo');
assert.strictEqual(path.win32.dirname('c:'), 'c:');
assert.strictEqual(path.win32.dirname('c:foo'), 'c:');
assert.strictEqual(path.win32.dirname('foo'), '.');
assert.strictEqual(path.win32.dirname('\\\\unc\\share'), '\\\\unc\\share');
assert.strictEqual(path.win32.dirname('\\\\unc\\share\\foo\\bar'), '\\\\unc\\share\\foo');

assert.throws(() => path.dirname(null), { code: 'ERR_INVALID_ARG_TYPE' });
