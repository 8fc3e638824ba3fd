// Port of Node's test/parallel/test-fs-access.js: access/accessSync with F_OK, R_OK, W_OK and
// X_OK on files with different modes, ENOENT, and the mode range check.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const readOnly = tmpdir.resolve('read_only_file');
const readWrite = tmpdir.resolve('read_write_file');
const exec = tmpdir.resolve('exec_file');
fs.writeFileSync(readOnly, 'r');
fs.writeFileSync(readWrite, 'rw');
fs.writeFileSync(exec, '#!/bin/sh\n');
fs.chmodSync(readOnly, 0o444);
fs.chmodSync(exec, 0o755);

assert.strictEqual(typeof fs.F_OK, 'number');
assert.strictEqual(fs.constants.F_OK, 0);
assert.strictEqual(fs.constants.R_OK, 4);
assert.strictEqual(fs.constants.W_OK, 2);
assert.strictEqual(fs.constants.X_OK, 1);

fs.accessSync(readWrite);
fs.accessSync(readWrite, fs.constants.R_OK | fs.constants.W_OK);
fs.accessSync(exec, fs.constants.X_OK);
fs.accessSync(readOnly, fs.constants.R_OK);

fs.access(readWrite, common.mustSucceed());
fs.access(readWrite, fs.constants.W_OK, common.mustSucceed());
fs.access(readOnly, fs.constants.R_OK, common.mustSucceed());
fs.promises.access(readWrite, fs.constants.R_OK).then(common.mustCall());

const missing = tmpdir.resolve('does_not_exist');
fs.access(missing, common.expectsError({ code: 'ENOENT', syscall: 'access', path: missing }));
assert.throws(() => fs.accessSync(missing), {
  code: 'ENOENT',
  message: `ENOENT: no such file or directory, access '${missing}'`,
});
fs.promises.access(missing).catch(common.expectsError({ code: 'ENOENT' }));
assert.throws(() => fs.accessSync(readWrite, fs.constants.X_OK), { code: 'EACCES' });

assert.throws(() => fs.access(readWrite, 8, () => {}), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => fs.access(100, fs.constants.F_OK, () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.access(readWrite, fs.constants.F_OK), { code: 'ERR_INVALID_ARG_TYPE' });
