// Port of Node's test/parallel/test-fs-mkdtemp.js: mkdtemp adds six random characters to a
// prefix, makes a directory, and each call gives a new name.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();

const prefix = tmpdir.resolve('foo.');
const made = fs.mkdtempSync(prefix);
assert.strictEqual(path.basename(made).length, 'foo.XXXXXX'.length);
assert.strictEqual(path.dirname(made), tmpdir.path);
assert.ok(path.basename(made).startsWith('foo.'));
assert.ok(fs.existsSync(made));
assert.ok(fs.statSync(made).isDirectory());

const another = fs.mkdtempSync(prefix);
assert.notStrictEqual(another, made);

fs.mkdtemp(prefix, common.mustSucceed((dir) => {
  assert.ok(fs.statSync(dir).isDirectory());
  assert.ok(path.basename(dir).startsWith('foo.'));
}));

// A prefix ending in a separator makes a directory inside it.
fs.mkdtemp(tmpdir.path + path.sep, common.mustSucceed((dir) => {
  assert.strictEqual(path.dirname(dir), tmpdir.path);
  assert.strictEqual(path.basename(dir).length, 6);
}));

fs.promises.mkdtemp(prefix).then(common.mustCall((dir) => assert.ok(fs.existsSync(dir))));

fs.mkdtemp(tmpdir.resolve('missing', 'x-'), common.expectsError({ code: 'ENOENT', syscall: 'mkdtemp' }));
assert.throws(() => fs.mkdtempSync(tmpdir.resolve('missing', 'x-')), { code: 'ENOENT' });
