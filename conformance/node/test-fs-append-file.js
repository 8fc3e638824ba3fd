// Port of Node's test/parallel/test-fs-append-file.js: callback appendFile creating a file,
// appending strings and buffers, numbers being rejected, and appending through a descriptor.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const currentFileData = 'ABCD';
const s = '南越国是前203年至前111年存在于岭南地区的一个国家\n';

const f1 = tmpdir.resolve('append1.txt');
fs.appendFile(f1, s, common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f1, 'utf8'), s);
}));

const f2 = tmpdir.resolve('append2.txt');
fs.writeFileSync(f2, currentFileData);
fs.appendFile(f2, s, common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f2, 'utf8'), currentFileData + s);
}));

const f3 = tmpdir.resolve('append3.txt');
fs.writeFileSync(f3, currentFileData);
fs.appendFile(f3, Buffer.from(s), { mode: 0o600 }, common.mustSucceed(() => {
  assert.strictEqual(fs.readFileSync(f3).length, Buffer.byteLength(s) + currentFileData.length);
}));

const f4 = tmpdir.resolve('append4.txt');
fs.writeFileSync(f4, currentFileData);
assert.throws(() => fs.appendFile(f4, 42, common.mustNotCall()), { code: 'ERR_INVALID_ARG_TYPE' });

const f5 = tmpdir.resolve('append5.txt');
fs.writeFileSync(f5, currentFileData);
fs.open(f5, 'a+', common.mustSucceed((fd) => {
  fs.appendFile(fd, s, common.mustSucceed(() => {
    fs.close(fd, common.mustSucceed(() => {
      assert.strictEqual(fs.readFileSync(f5, 'utf8'), currentFileData + s);
    }));
  }));
}));

// fs.promises.appendFile does the same.
const f6 = tmpdir.resolve('append6.txt');
fs.promises.appendFile(f6, 'p1').then(() => fs.promises.appendFile(f6, 'p2')).then(common.mustCall(() => {
  assert.strictEqual(fs.readFileSync(f6, 'utf8'), 'p1p2');
}));
