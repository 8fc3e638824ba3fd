// Port of Node's test/parallel/test-path-isabsolute.js: which posix and win32 paths count as
// absolute.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

for (const p of ['/home/foo', '/home/foo/..', '/', '//', '///x']) {
  assert.strictEqual(path.posix.isAbsolute(p), true, p);
}
for (const p of ['bar/', './baz', '', '.', '..', 'a/../b', '\\x']) {
  assert.strictEqual(path.posix.isAbsolute(p), false, p);
}
for (const p of ['/', '//', '//server', '//server/file', '\\\\server\\file', '\\\\server', '\\\\',
  'c:/', 'c:\\', 'c://', 'C:/Users/', 'C:\\Users\\', '/x']) {
  assert.strictEqual(path.win32.isAbsolute(p), true, p);
}
for (const p of ['c', 'c:', 'C:cwd/another', 'C:cwd\\another', 'directory/directory', 'directory\\directory', '']) {
  assert.strictEqual(path.win32.isAbsolute(p), false, p);
}
assert.throws(() => path.isAbsolute(undefined), { code: 'ERR_INVALID_ARG_TYPE' });
