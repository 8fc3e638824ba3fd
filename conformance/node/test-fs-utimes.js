// Port of Node's test/parallel/test-fs-utimes.js: utimes, futimes and lutimes with numbers
// (seconds), Dates and numeric strings, checked through stat's atime and mtime.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('file');
fs.writeFileSync(file, 'x');

function expectTimes(p, atimeSec, mtimeSec, lstat = false) {
  const s = lstat ? fs.lstatSync(p) : fs.statSync(p);
  assert.strictEqual(Math.round(s.atimeMs / 1000), atimeSec, 'atime');
  assert.strictEqual(Math.round(s.mtimeMs / 1000), mtimeSec, 'mtime');
}

fs.utimesSync(file, 1000, 2000);
expectTimes(file, 1000, 2000);

fs.utimesSync(file, new Date(3000 * 1000), new Date(4000 * 1000));
expectTimes(file, 3000, 4000);

fs.utimesSync(file, '5000', '6000');
expectTimes(file, 5000, 6000);

// Fractional seconds keep millisecond precision.
fs.utimesSync(file, 7000.25, 8000.5);
assert.strictEqual(fs.statSync(file).mtimeMs, 8000500);

const fd = fs.openSync(file, 'r+');
fs.futimesSync(fd, 9000, 10000);
expectTimes(file, 9000, 10000);
fs.closeSync(fd);

// lutimes changes the link, not its target.
fs.symlinkSync(file, tmpdir.resolve('link'));
fs.lutimesSync(tmpdir.resolve('link'), 111, 222);
expectTimes(tmpdir.resolve('link'), 111, 222, true);
expectTimes(file, 9000, 10000);

fs.utimes(file, 12345, 54321, common.mustSucceed(() => {
  expectTimes(file, 12345, 54321);
  fs.promises.utimes(file, 1, 2).then(common.mustCall(() => expectTimes(file, 1, 2)));
}));
fs.utimes(tmpdir.resolve('missing'), 1, 1, common.expectsError({ code: 'ENOENT', syscall: 'utime' }));
assert.throws(() => fs.utimesSync(file, 'not a time', 1), { code: 'ERR_INVALID_ARG_TYPE' });
