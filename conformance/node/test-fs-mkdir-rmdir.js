// Port of Node's test/parallel/test-fs-mkdir-rmdir.js (with -rmdir-type-check ideas): make a
// nested directory, fail to rmdir it while it has entries (ENOTEMPTY), then remove it bottom up.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();

const d = tmpdir.resolve('dir');
const nested = path.join(d, 'nested');
fs.mkdirSync(nested, { recursive: true });
assert.ok(fs.existsSync(nested));

assert.throws(() => fs.rmdirSync(d), { code: 'ENOTEMPTY', syscall: 'rmdir' });
fs.rmdirSync(nested);
fs.rmdirSync(d);
assert.strictEqual(fs.existsSync(d), false);

// The callback forms, one after the other (each works in the background).
fs.mkdir(d, common.mustSucceed(() => {
  fs.writeFileSync(path.join(d, 'file'), 'x');
  fs.rmdir(d, common.mustCall((err) => {
    assert.strictEqual(err.code, 'ENOTEMPTY');
    fs.rmdir(path.join(d, 'file'), common.mustCall((err) => {
      assert.strictEqual(err.code, 'ENOTDIR');
      assert.strictEqual(err.syscall, 'rmdir');
      fs.unlinkSync(path.join(d, 'file'));
      fs.rmdir(d, common.mustSucceed(() => assert.strictEqual(fs.existsSync(d), false)));
    }));
  }));
}));
fs.rmdir(tmpdir.resolve('missing'), common.expectsError({ code: 'ENOENT' }));

assert.throws(() => fs.rmdirSync(123), { code: 'ERR_INVALID_ARG_TYPE' });
