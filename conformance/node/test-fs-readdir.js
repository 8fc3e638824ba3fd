// Port of Node's test/parallel/test-fs-readdir.js (with -readdir-ucs2 and -readdir-buffer
// ideas): readdir and readdirSync list names without '.' and '..', as strings or Buffers, and
// fail with ENOENT/ENOTDIR.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const files = ['empty', 'files', 'for', 'just', 'testing', 'ünïcödé', 'with space'].sort();
for (const f of files) fs.closeSync(fs.openSync(tmpdir.resolve(f), 'w'));
assert.deepStrictEqual(fs.readdirSync(tmpdir.path).sort(), files);

// An empty directory lists nothing (made before any callback form runs: those work in the
// background and would race with it).
fs.mkdirSync(tmpdir.resolve('emptydir'));
assert.deepStrictEqual(fs.readdirSync(tmpdir.resolve('emptydir')), []);
const withEmptyDir = [...files, 'emptydir'].sort();

fs.readdir(tmpdir.path, common.mustSucceed((names) => assert.deepStrictEqual(names.sort(), withEmptyDir)));

const asBuffers = fs.readdirSync(tmpdir.path, { encoding: 'buffer' });
assert.ok(asBuffers.every(Buffer.isBuffer));
assert.deepStrictEqual(asBuffers.map(String).sort(), withEmptyDir);
assert.deepStrictEqual(fs.readdirSync(tmpdir.path, 'buffer').length, withEmptyDir.length);

assert.throws(() => fs.readdirSync(tmpdir.resolve('empty')), { code: 'ENOTDIR', syscall: 'scandir' });
assert.throws(() => fs.readdirSync(tmpdir.resolve('nope')), {
  code: 'ENOENT',
  syscall: 'scandir',
  message: `ENOENT: no such file or directory, scandir '${tmpdir.resolve('nope')}'`,
});
fs.readdir(tmpdir.resolve('empty'), common.expectsError({ code: 'ENOTDIR' }));
fs.promises.readdir(tmpdir.path).then(common.mustCall((names) => assert.strictEqual(names.length, withEmptyDir.length)));

assert.throws(() => fs.readdir(null, () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
