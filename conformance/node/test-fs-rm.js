// Port of Node's test/parallel/test-fs-rm.js: rm/rmSync of files, of trees with recursive, the
// force option for missing paths, and the errors without those options.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();

let count = 0;
function makeTree() {
  const top = tmpdir.resolve(`tree-${count++}`);
  fs.mkdirSync(path.join(top, 'a', 'b', 'c'), { recursive: true });
  fs.writeFileSync(path.join(top, 'f1'), '1');
  fs.writeFileSync(path.join(top, 'a', 'f2'), '2');
  fs.writeFileSync(path.join(top, 'a', 'b', 'c', 'f3'), '3');
  fs.symlinkSync('../f1', path.join(top, 'a', 'link'));
  fs.symlinkSync('/nonexistent', path.join(top, 'a', 'dangling'));
  return top;
}

{
  const top = makeTree();
  assert.throws(() => fs.rmSync(top), { code: 'ERR_FS_EISDIR', message: /Path is a directory/ });
  fs.rmSync(top, { recursive: true });
  assert.strictEqual(fs.existsSync(top), false);
}

{
  const top = makeTree();
  fs.rm(top, { recursive: true }, common.mustSucceed(() => assert.strictEqual(fs.existsSync(top), false)));
}

{
  const top = makeTree();
  fs.promises.rm(top, { recursive: true, force: true }).then(common.mustCall(() => {
    assert.strictEqual(fs.existsSync(top), false);
  }));
}

{
  // A file, and a symlink (removed itself, not its target).
  const top = makeTree();
  fs.rmSync(path.join(top, 'a', 'link'));
  assert.ok(fs.existsSync(path.join(top, 'f1')));
  fs.rmSync(path.join(top, 'f1'));
  assert.strictEqual(fs.existsSync(path.join(top, 'f1')), false);
}

{
  // Missing paths: an error unless force.
  const missing = tmpdir.resolve('missing');
  assert.throws(() => fs.rmSync(missing), { code: 'ENOENT', path: missing });
  fs.rmSync(missing, { force: true });
  fs.rm(missing, common.expectsError({ code: 'ENOENT' }));
  fs.rm(missing, { force: true }, common.mustSucceed());
}

assert.throws(() => fs.rmSync(tmpdir.path, { recursive: 'yes' }), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => fs.rmSync(tmpdir.path, { maxRetries: -1 }), { code: 'ERR_OUT_OF_RANGE' });
