// Port of Node's test/parallel/test-fs-stat.js: stat, lstat and fstat in every form, the Stats
// fields and is* methods, dates, and the errors.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('file.txt');
fs.writeFileSync(file, 'twelve bytes');

fs.stat('.', common.mustSucceed((stats) => {
  assert.ok(stats.mtime instanceof Date);
  assert.ok(stats.isDirectory());
  assert.strictEqual(Object.prototype.hasOwnProperty.call(stats, 'blksize'), true);
}));
fs.lstat('.', common.mustSucceed((stats) => assert.ok(stats.isDirectory())));

fs.open(file, 'r', common.mustSucceed((fd) => {
  fs.fstat(fd, common.mustSucceed((stats) => {
    assert.ok(stats.isFile());
    assert.strictEqual(stats.size, 12);
    fs.closeSync(fd);
  }));
}));

const s = fs.statSync(file);
assert.ok(s instanceof fs.Stats);
assert.strictEqual(s.isFile(), true);
assert.strictEqual(s.isDirectory(), false);
assert.strictEqual(s.isSymbolicLink(), false);
assert.strictEqual(s.isFIFO(), false);
assert.strictEqual(s.size, 12);
assert.strictEqual(s.nlink, 1);
assert.strictEqual(s.mode & fs.constants.S_IFMT, fs.constants.S_IFREG);
for (const k of ['dev', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'blksize', 'ino', 'size', 'blocks',
  'atimeMs', 'mtimeMs', 'ctimeMs', 'birthtimeMs']) {
  assert.strictEqual(typeof s[k], 'number', k);
}
for (const k of ['atime', 'mtime', 'ctime', 'birthtime']) {
  assert.ok(s[k] instanceof Date, k);
  // The Date is the millisecond value rounded to an integer.
  assert.strictEqual(s[k].getTime(), Math.round(s[`${k}Ms`]), k);
}
// The modification time is recent (within a day of now).
assert.ok(Math.abs(Date.now() - s.mtimeMs) < 24 * 3600 * 1000);

const dirStats = fs.statSync(tmpdir.path);
assert.strictEqual(dirStats.isDirectory(), true);
assert.strictEqual(dirStats.mode & fs.constants.S_IFMT, fs.constants.S_IFDIR);

// throwIfNoEntry: false answers undefined for missing files.
assert.strictEqual(fs.statSync(tmpdir.resolve('missing'), { throwIfNoEntry: false }), undefined);
assert.strictEqual(fs.lstatSync(tmpdir.resolve('missing'), { throwIfNoEntry: false }), undefined);

assert.throws(() => fs.statSync(tmpdir.resolve('missing')), {
  code: 'ENOENT',
  syscall: 'stat',
  message: `ENOENT: no such file or directory, stat '${tmpdir.resolve('missing')}'`,
});
fs.stat(tmpdir.resolve('missing'), common.expectsError({ code: 'ENOENT', syscall: 'stat' }));
fs.lstat(tmpdir.resolve('missing'), common.expectsError({ code: 'ENOENT', syscall: 'lstat' }));
assert.throws(() => fs.fstatSync(9999), { code: 'EBADF', syscall: 'fstat' });
assert.throws(() => fs.fstat('0', () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
