// Port of Node's test/parallel/test-fs-open.js (with -open-flags): open/openSync with string
// and numeric flags, default mode, a missing file, and invalid flags and callbacks.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('file.txt');
fs.writeFileSync(file, 'contents');

const fd = fs.openSync(file, 'r');
assert.strictEqual(typeof fd, 'number');
assert.ok(fd >= 0);
fs.closeSync(fd);

fs.open(file, common.mustSucceed((fd2) => fs.closeSync(fd2)));
fs.open(file, 'r', common.mustSucceed((fd2) => fs.closeSync(fd2)));
fs.open(file, 'rs', common.mustSucceed((fd2) => fs.closeSync(fd2)));
fs.open(file, 'r', 0o666, common.mustSucceed((fd2) => fs.closeSync(fd2)));
fs.open(file, fs.constants.O_RDONLY, common.mustSucceed((fd2) => fs.closeSync(fd2)));
fs.promises.open(file, 'r').then(common.mustCall((handle) => handle.close()));

// 'wx' refuses an existing file; 'w' truncates; 'a' appends.
assert.throws(() => fs.openSync(file, 'wx'), { code: 'EEXIST', syscall: 'open' });
const fdA = fs.openSync(file, 'a');
fs.writeSync(fdA, '+more');
fs.closeSync(fdA);
assert.strictEqual(fs.readFileSync(file, 'utf8'), 'contents+more');
fs.closeSync(fs.openSync(file, 'w'));
assert.strictEqual(fs.readFileSync(file, 'utf8'), '');

// Numeric flags combine like open(2)'s.
const { O_CREAT, O_EXCL, O_WRONLY } = fs.constants;
const made = tmpdir.resolve('numeric.txt');
fs.closeSync(fs.openSync(made, O_CREAT | O_EXCL | O_WRONLY, 0o600));
assert.strictEqual(fs.statSync(made).mode & 0o777, 0o600 & ~process.umask());
assert.throws(() => fs.openSync(made, O_CREAT | O_EXCL | O_WRONLY), { code: 'EEXIST' });

fs.open(tmpdir.resolve('missing'), 'r', common.expectsError({
  code: 'ENOENT',
  syscall: 'open',
  message: `ENOENT: no such file or directory, open '${tmpdir.resolve('missing')}'`,
}));

assert.throws(() => fs.open(file, 'r'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.openSync(file, 'bogus'), { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => fs.openSync(file, 'r', 'bogus'), { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => fs.openSync({}), { code: 'ERR_INVALID_ARG_TYPE' });
