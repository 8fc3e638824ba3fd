// Port of Node's test/parallel/test-path.js: the module's shape (posix and win32 flavours, sep,
// delimiter, toNamespacedPath) and the argument type checks shared by every function.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

assert.strictEqual(path, path.posix);
assert.strictEqual(require('path/posix'), path.posix);
assert.strictEqual(require('path/win32'), path.win32);
assert.strictEqual(path.posix.posix, path.posix);
assert.strictEqual(path.win32.win32, path.win32);
assert.strictEqual(path.win32.posix, path.posix);

assert.strictEqual(path.posix.sep, '/');
assert.strictEqual(path.win32.sep, '\\');
assert.strictEqual(path.posix.delimiter, ':');
assert.strictEqual(path.win32.delimiter, ';');
assert.strictEqual(path.sep, '/');

// toNamespacedPath is the identity on posix, also for non-strings.
assert.strictEqual(path.posix.toNamespacedPath('/foo/bar'), '/foo/bar');
assert.strictEqual(path.posix.toNamespacedPath(100), 100);
assert.strictEqual(path.win32.toNamespacedPath('C:\\foo'), '\\\\?\\C:\\foo');

const typeErrors = [true, false, 7, null, {}, undefined, [], NaN];
for (const ns of [path.posix, path.win32]) {
  for (const bad of typeErrors) {
    for (const fn of ['join', 'resolve', 'normalize', 'isAbsolute', 'dirname', 'basename', 'extname']) {
      assert.throws(() => ns[fn](bad), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' }, fn);
    }
    assert.throws(() => ns.relative(bad, 'foo'), { code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => ns.relative('foo', bad), { code: 'ERR_INVALID_ARG_TYPE' });
    if (bad !== undefined) {
      assert.throws(() => ns.basename('foo', bad), { code: 'ERR_INVALID_ARG_TYPE' });
    }
  }
}
