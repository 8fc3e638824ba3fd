// Port of Node's test/parallel/test-fs-readdir-types.js: readdir with withFileTypes answers
// Dirent objects whose is* methods match what was created, for the sync, callback and promise
// forms.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

fs.writeFileSync(tmpdir.resolve('file'), 'x');
fs.mkdirSync(tmpdir.resolve('dir'));
fs.symlinkSync('file', tmpdir.resolve('link'));

function check(dirents) {
  assert.strictEqual(dirents.length, 3);
  const byName = Object.fromEntries(dirents.map((d) => [d.name, d]));
  assert.ok(byName.file instanceof fs.Dirent);
  assert.strictEqual(byName.file.isFile(), true);
  assert.strictEqual(byName.file.isDirectory(), false);
  assert.strictEqual(byName.dir.isDirectory(), true);
  assert.strictEqual(byName.dir.isFile(), false);
  assert.strictEqual(byName.link.isSymbolicLink(), true);
  assert.strictEqual(byName.link.isFile(), false);
  for (const d of dirents) {
    assert.strictEqual(d.isFIFO(), false);
    assert.strictEqual(d.isSocket(), false);
    assert.strictEqual(d.isBlockDevice(), false);
    assert.strictEqual(d.isCharacterDevice(), false);
  }
}

check(fs.readdirSync(tmpdir.path, { withFileTypes: true }));
fs.readdir(tmpdir.path, { withFileTypes: true }, common.mustSucceed(check));
fs.promises.readdir(tmpdir.path, { withFileTypes: true }).then(common.mustCall(check));

// Buffer names with file types.
const withBuffers = fs.readdirSync(tmpdir.path, { withFileTypes: true, encoding: 'buffer' });
assert.ok(withBuffers.every((d) => Buffer.isBuffer(d.name)));

// The Dirent class can be built by hand from a name and a type number.
const { UV_DIRENT_DIR, UV_DIRENT_FILE } = fs.constants;
assert.strictEqual(typeof UV_DIRENT_DIR, 'number');
assert.strictEqual(typeof UV_DIRENT_FILE, 'number');
