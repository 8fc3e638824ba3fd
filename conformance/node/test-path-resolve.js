// Port of Node's test/parallel/test-path-resolve.js: resolving against the working directory,
// an absolute segment restarting the result, and trailing slashes dropped.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

const cwd = process.cwd();
const table = [
  [['/var/lib', '../', 'file/'], '/var/file'],
  [['/var/lib', '/../', 'file/'], '/file'],
  [['a/b/c/', '../../..'], cwd],
  [['.'], cwd],
  [['/some/dir', '.', '/absolute/'], '/absolute'],
  [['/foo/tmp.3/', '../tmp.3/cycles/root.js'], '/foo/tmp.3/cycles/root.js'],
  [['/'], '/'],
  [['/', '..'], '/'],
  [['a'], path.join(cwd, 'a')],
  [['', ''], cwd],
];
for (const [args, want] of table) {
  assert.strictEqual(path.posix.resolve(...args), want, `resolve(${JSON.stringify(args)})`);
}
assert.strictEqual(path.resolve(), cwd);

// After a chdir, relative paths resolve against the new directory.
const here = __dirname;
process.chdir(here);
assert.strictEqual(path.resolve('x.js'), path.join(here, 'x.js'));
assert.strictEqual(path.resolve('..'), path.dirname(here));
process.chdir(cwd);

assert.strictEqual(path.win32.resolve('c:/blah\\blah', 'd:/games', 'c:../a'), 'c:\\blah\\a');
assert.strictEqual(path.win32.resolve('c:/ignore', 'd:\\a/b\\c/d', '\\e.exe'), 'd:\\e.exe');
assert.strictEqual(path.win32.resolve('c:/ignore', 'c:/some/file'), 'c:\\some\\file');
assert.strictEqual(path.win32.resolve('//server/share', '..', 'relative\\'), '\\\\server\\share\\relative');

assert.throws(() => path.resolve('a', 42), { code: 'ERR_INVALID_ARG_TYPE' });
