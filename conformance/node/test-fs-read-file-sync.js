// Port of Node's test/parallel/test-fs-read-file-sync.js: readFileSync as a Buffer or string,
// of a file just written, through a descriptor, and its errors.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();

// This very file.
const self = fs.readFileSync(__filename);
assert.ok(self.toString().startsWith("// Port of Node's test/parallel/test-fs-read-file-sync.js"));
assert.strictEqual(fs.readFileSync(__filename, 'utf8'), self.toString());
assert.strictEqual(fs.readFileSync(path.join(__dirname, 'test-fs-read-file-sync.js'), { encoding: 'latin1' }).length,
  self.length);

const file = tmpdir.resolve('data.txt');
fs.writeFileSync(file, 'h\u00e9llo');
assert.strictEqual(fs.readFileSync(file, 'utf8'), 'h\u00e9llo');
assert.strictEqual(fs.readFileSync(file).length, 6);
assert.strictEqual(fs.readFileSync(file, 'hex'), '68c3a96c6c6f');

const fd = fs.openSync(file, 'r');
assert.strictEqual(fs.readFileSync(fd, 'utf8'), 'h\u00e9llo');
assert.strictEqual(fs.readFileSync(fd, 'utf8'), '', 'the descriptor is at the end now');
fs.closeSync(fd);

assert.throws(() => fs.readFileSync(tmpdir.resolve('nope.txt')), {
  code: 'ENOENT',
  errno: -2,
  syscall: 'open',
  path: tmpdir.resolve('nope.txt'),
  message: `ENOENT: no such file or directory, open '${tmpdir.resolve('nope.txt')}'`,
});
assert.throws(() => fs.readFileSync(tmpdir.path), { code: 'EISDIR', syscall: 'read' });
assert.throws(() => fs.readFileSync(`${file}/below`), { code: 'ENOTDIR' });
