// Port of Node's test/parallel/test-fs-opendir.js: opendir/opendirSync give a Dir whose
// read/readSync and async iteration list every entry as a Dirent once, then null, and close.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const files = ['file1', 'file2', 'file3'];
for (const f of files) fs.writeFileSync(tmpdir.resolve(f), f);
fs.mkdirSync(tmpdir.resolve('subdir'));
const all = [...files, 'subdir'];

{
  const dir = fs.opendirSync(tmpdir.path);
  assert.strictEqual(dir.path, tmpdir.path);
  const seen = [];
  let entry;
  while ((entry = dir.readSync()) !== null) {
    assert.ok(entry instanceof fs.Dirent);
    seen.push(entry.name);
    if (entry.name === 'subdir') assert.ok(entry.isDirectory());
    else assert.ok(entry.isFile());
  }
  assert.deepStrictEqual(seen.sort(), all);
  dir.closeSync();
  assert.throws(() => dir.readSync(), { code: 'ERR_DIR_CLOSED' });
}

fs.opendir(tmpdir.path, common.mustSucceed((dir) => {
  const seen = [];
  const next = () => dir.read(common.mustSucceed((entry) => {
    if (entry === null) {
      assert.deepStrictEqual(seen.sort(), all);
      dir.close(common.mustSucceed());
      return;
    }
    seen.push(entry.name);
    next();
  }));
  next();
}));

(async () => {
  const seen = [];
  for await (const entry of await fs.promises.opendir(tmpdir.path)) seen.push(entry.name);
  assert.deepStrictEqual(seen.sort(), all);
})().then(common.mustCall());

assert.throws(() => fs.opendirSync(tmpdir.resolve('file1')), { code: 'ENOTDIR' });
fs.opendir(tmpdir.resolve('missing'), common.expectsError({ code: 'ENOENT' }));
