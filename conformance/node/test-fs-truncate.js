// Port of Node's test/parallel/test-fs-truncate.js: truncate/ftruncate shrink and zero-extend
// files, default to length 0, and reject bad lengths.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('truncate-file.txt');
const data = Buffer.alloc(1024 * 16, 'x');

fs.writeFileSync(file, data);
assert.strictEqual(fs.statSync(file).size, 1024 * 16);
fs.truncateSync(file, 1024);
assert.strictEqual(fs.statSync(file).size, 1024);
fs.truncateSync(file);
assert.strictEqual(fs.statSync(file).size, 0);

// Extending fills with zeros.
fs.writeFileSync(file, 'abc');
fs.truncateSync(file, 6);
assert.deepStrictEqual([...fs.readFileSync(file)], [0x61, 0x62, 0x63, 0, 0, 0]);

// ftruncate on an open descriptor.
fs.writeFileSync(file, data);
const fd = fs.openSync(file, 'r+');
fs.ftruncateSync(fd, 1024);
assert.strictEqual(fs.fstatSync(fd).size, 1024);
fs.ftruncateSync(fd);
assert.strictEqual(fs.fstatSync(fd).size, 0);
fs.closeSync(fd);

fs.writeFileSync(file, data);
fs.truncate(file, 10, common.mustSucceed(() => {
  assert.strictEqual(fs.statSync(file).size, 10);
  const fd2 = fs.openSync(file, 'r+');
  fs.ftruncate(fd2, 4, common.mustSucceed(() => {
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'xxxx');
    fs.closeSync(fd2);
    fs.promises.truncate(file, 2).then(common.mustCall(() => {
      assert.strictEqual(fs.statSync(file).size, 2);
    }));
  }));
}));

fs.truncate(tmpdir.resolve('missing'), 0, common.expectsError({ code: 'ENOENT' }));
assert.throws(() => fs.truncateSync(tmpdir.path), { code: 'EISDIR' });
assert.throws(() => fs.ftruncateSync(9999), { code: 'EBADF' });
assert.throws(() => fs.truncateSync(file, 'ten'), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.truncateSync(file, 1.5), { code: 'ERR_OUT_OF_RANGE' });
