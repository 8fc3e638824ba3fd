// Port of Node's test/parallel/test-fs-chmod.js (with -fchmod and -chmod-mask): chmod, fchmod
// and their sync forms with numeric and octal string modes, checked through stat.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('a.js');
fs.writeFileSync(file, 'x');
const mode = (p) => fs.statSync(p).mode & 0o777;

fs.chmod(file, 0o711, common.mustSucceed(() => {
  assert.strictEqual(mode(file), 0o711);

  fs.chmodSync(file, '644');
  assert.strictEqual(mode(file), 0o644);

  const fd = fs.openSync(file, 'r');
  fs.fchmod(fd, 0o600, common.mustSucceed(() => {
    assert.strictEqual(mode(file), 0o600);
    fs.fchmodSync(fd, 0o640);
    assert.strictEqual(fs.fstatSync(fd).mode & 0o777, 0o640);
    fs.closeSync(fd);

    fs.promises.chmod(file, 0o444).then(common.mustCall(() => {
      assert.strictEqual(mode(file), 0o444);
    }));
  }));
}));

// Directories too; the file type bits stay.
const dir = tmpdir.resolve('dir');
fs.mkdirSync(dir);
fs.chmodSync(dir, 0o700);
assert.strictEqual(mode(dir), 0o700);
assert.ok(fs.statSync(dir).isDirectory());

fs.chmod(tmpdir.resolve('missing'), 0o644, common.expectsError({ code: 'ENOENT', syscall: 'chmod' }));
assert.throws(() => fs.chmodSync(file, 'not-octal'), { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => fs.chmodSync(file, {}), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.chmod(file, 0o644), { code: 'ERR_INVALID_ARG_TYPE' });
