// Port of Node's test/parallel/test-fs-write-file-sync.js: writeFileSync with modes, encodings
// and flags, appendFileSync beside it, and the umask applied to new files.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const file = tmpdir.resolve('testWriteFileSync.txt');
fs.writeFileSync(file, '123', { mode: 0o700 });
assert.strictEqual(fs.readFileSync(file, 'utf8'), '123');
assert.strictEqual(fs.statSync(file).mode & 0o777, 0o700 & ~process.umask());

fs.writeFileSync(file, 'abc', 'latin1');
assert.strictEqual(fs.readFileSync(file, 'utf8'), 'abc');
fs.writeFileSync(file, Buffer.from('buf'));
assert.strictEqual(fs.readFileSync(file, 'utf8'), 'buf');
fs.writeFileSync(file, '-more', { flag: 'a' });
assert.strictEqual(fs.readFileSync(file, 'utf8'), 'buf-more');
fs.writeFileSync(file, '');
assert.strictEqual(fs.statSync(file).size, 0);

const appended = tmpdir.resolve('testAppendFileSync.txt');
fs.appendFileSync(appended, 'abc', { mode: 0o600 });
fs.appendFileSync(appended, Buffer.from('def'));
assert.strictEqual(fs.readFileSync(appended, 'utf8'), 'abcdef');
assert.strictEqual(fs.statSync(appended).mode & 0o777, 0o600 & ~process.umask());

// Writing through a descriptor keeps going at its position.
const fd = fs.openSync(tmpdir.resolve('fd.txt'), 'w');
fs.writeFileSync(fd, 'one,');
fs.writeFileSync(fd, 'two');
fs.closeSync(fd);
assert.strictEqual(fs.readFileSync(tmpdir.resolve('fd.txt'), 'utf8'), 'one,two');

// A 'flush' option is accepted.
fs.writeFileSync(file, 'flushed', { flush: true });
assert.strictEqual(fs.readFileSync(file, 'utf8'), 'flushed');

assert.throws(() => fs.writeFileSync(tmpdir.path, 'x'), { code: 'EISDIR' });
assert.throws(() => fs.writeFileSync(file, 'x', { flag: 'wx' }), { code: 'EEXIST' });
