// Port of Node's test/parallel/test-path-parse-format.js: parse() splits a path into root, dir,
// base, ext and name; format() puts one back together; both round-trip.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

const posixPaths = [
  ['/home/user/dir/file.txt', { root: '/', dir: '/home/user/dir', base: 'file.txt', ext: '.txt', name: 'file' }],
  ['/home/user/a dir/another File.zip', { root: '/', dir: '/home/user/a dir', base: 'another File.zip', ext: '.zip', name: 'another File' }],
  ['user/dir/another File.zip', { root: '', dir: 'user/dir', base: 'another File.zip', ext: '.zip', name: 'another File' }],
  ['file', { root: '', dir: '', base: 'file', ext: '', name: 'file' }],
  ['.\\file', { root: '', dir: '', base: '.\\file', ext: '', name: '.\\file' }],
  ['./file', { root: '', dir: '.', base: 'file', ext: '', name: 'file' }],
  ['/file', { root: '/', dir: '/', base: 'file', ext: '', name: 'file' }],
  ['/.dotfile', { root: '/', dir: '/', base: '.dotfile', ext: '', name: '.dotfile' }],
  ['/.dotfile.ext', { root: '/', dir: '/', base: '.dotfile.ext', ext: '.ext', name: '.dotfile' }],
  ['/', { root: '/', dir: '/', base: '', ext: '', name: '' }],
  ['', { root: '', dir: '', base: '', ext: '', name: '' }],
  ['/foo/bar/', { root: '/', dir: '/foo', base: 'bar', ext: '', name: 'bar' }],
  ['//', { root: '/', dir: '/', base: '', ext: '', name: '' }],
];
for (const [input, want] of posixPaths) {
  const got = path.posix.parse(input);
  assert.deepStrictEqual({ ...got }, want, `parse(${JSON.stringify(input)})`);
  if (input !== '' && !input.endsWith('/')) assert.strictEqual(path.posix.format(got), input === '//' ? '/' : input);
}

assert.deepStrictEqual({ ...path.win32.parse('C:\\path\\dir\\index.html') },
  { root: 'C:\\', dir: 'C:\\path\\dir', base: 'index.html', ext: '.html', name: 'index' });
assert.deepStrictEqual({ ...path.win32.parse('\\\\server\\share\\file') },
  { root: '\\\\server\\share\\', dir: '\\\\server\\share\\', base: 'file', ext: '', name: 'file' });

// format(): base wins over name + ext, dir over root, a dot is added to a bare ext.
assert.strictEqual(path.posix.format({ dir: 'some/dir' }), 'some/dir/');
assert.strictEqual(path.posix.format({ base: 'index.html' }), 'index.html');
assert.strictEqual(path.posix.format({ root: '/' }), '/');
assert.strictEqual(path.posix.format({ name: 'index', ext: '.html' }), 'index.html');
assert.strictEqual(path.posix.format({ dir: 'some/dir', name: 'index', ext: '.html' }), 'some/dir/index.html');
assert.strictEqual(path.posix.format({ root: '/', name: 'index', ext: '.html' }), '/index.html');
assert.strictEqual(path.posix.format({ root: '/', dir: '/x', base: 'y' }), '/x/y');
assert.strictEqual(path.posix.format({ name: 'x', ext: '.png', base: 'other.txt' }), 'other.txt');
assert.strictEqual(path.posix.format({}), '');
assert.strictEqual(path.win32.format({ dir: 'some\\dir', base: 'x' }), 'some\\dir\\x');

for (const bad of [null, true, 1, {}]) {
  assert.throws(() => path.parse(bad), { code: 'ERR_INVALID_ARG_TYPE' }, `parse(${bad})`);
}
assert.throws(() => path.format(null), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => path.format('x'), { code: 'ERR_INVALID_ARG_TYPE' });
