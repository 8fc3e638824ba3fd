// Port of Node's test/parallel/test-path-relative.js: the relative path from one absolute path
// to another (shared prefixes, roots, identical paths) for posix and win32.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

const posix = [
  ['/var/lib', '/var', '..'],
  ['/var/lib', '/bin', '../../bin'],
  ['/var/lib', '/var/lib', ''],
  ['/var/lib', '/var/apache', '../apache'],
  ['/var/', '/var/lib', 'lib'],
  ['/', '/var/lib', 'var/lib'],
  ['/foo/test', '/foo/test/bar/package.json', 'bar/package.json'],
  ['/Users/a/web/b/test/mails', '/Users/a/web/b', '../..'],
  ['/foo/bar/baz-quux', '/foo/bar/baz', '../baz'],
  ['/foo/bar/baz', '/foo/bar/baz-quux', '../baz-quux'],
  ['/baz-quux', '/baz', '../baz'],
  ['/baz', '/baz-quux', '../baz-quux'],
  ['/page1/page2/foo', '/', '../../..'],
];
for (const [from, to, want] of posix) {
  assert.strictEqual(path.posix.relative(from, to), want, `relative(${from}, ${to})`);
}

const win32 = [
  ['c:/blah\\blah', 'd:/games', 'd:\\games'],
  ['c:/aaaa/bbbb', 'c:/aaaa', '..'],
  ['c:/aaaa/bbbb', 'c:/cccc', '..\\..\\cccc'],
  ['c:/aaaa/bbbb', 'c:/aaaa/bbbb', ''],
  ['c:/aaaa/bbbb', 'c:/aaaa/cccc', '..\\cccc'],
  ['c:/aaaa/', 'c:/aaaa/cccc', 'cccc'],
  ['c:/', 'c:\\aaaa\\bbbb', 'aaaa\\bbbb'],
  ['c:/aaaa/bbbb', 'd:\\', 'd:\\'],
  ['c:/AaAa/bbbb', 'c:/aaaa/bbbb', ''],
  ['\\\\foo\\bar', '\\\\foo\\bar\\baz', 'baz'],
];
for (const [from, to, want] of win32) {
  assert.strictEqual(path.win32.relative(from, to), want, `win32.relative(${from}, ${to})`);
}

// Relative arguments are resolved against the working directory first.
assert.strictEqual(path.relative('a/b', 'a/c'), '../c');
assert.strictEqual(path.relative('', ''), '');
