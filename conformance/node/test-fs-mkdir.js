// Port of Node's test/parallel/test-fs-mkdir.js: mkdir and mkdirSync, EEXIST, ENOENT for a
// missing parent, recursive creation returning the first directory made, and ENOTDIR when a
// file is in the way.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();

let n = 0;
const next = () => tmpdir.resolve(`dir${++n}`);

{
  const d = next();
  fs.mkdir(d, common.mustSucceed(() => {
    assert.ok(fs.statSync(d).isDirectory());
    fs.mkdir(d, common.expectsError({ code: 'EEXIST', syscall: 'mkdir', path: d }));
  }));
}

{
  const d = next();
  fs.mkdirSync(d, 0o700);
  assert.strictEqual(fs.statSync(d).mode & 0o777, 0o700 & ~process.umask());
  assert.throws(() => fs.mkdirSync(d), { code: 'EEXIST', message: `EEXIST: file already exists, mkdir '${d}'` });
}

{
  const d = path.join(next(), 'child');
  assert.throws(() => fs.mkdirSync(d), { code: 'ENOENT', syscall: 'mkdir' });
}

{
  // Recursive: returns the first directory created, undefined when all exist.
  const top = next();
  const deep = path.join(top, 'a', 'b', 'c');
  assert.strictEqual(fs.mkdirSync(deep, { recursive: true }), top);
  assert.ok(fs.statSync(deep).isDirectory());
  assert.strictEqual(fs.mkdirSync(deep, { recursive: true }), undefined);
  assert.strictEqual(fs.mkdirSync(path.join(top, 'a', 'x'), { recursive: true }), path.join(top, 'a', 'x'));
}

{
  const top = next();
  fs.mkdir(path.join(top, 'p', 'q'), { recursive: true }, common.mustSucceed((first) => {
    assert.strictEqual(first, top);
  }));
}

{
  // A file in the way.
  const file = next();
  fs.writeFileSync(file, 'x');
  assert.throws(() => fs.mkdirSync(path.join(file, 'sub'), { recursive: true }), { code: 'ENOTDIR' });
  assert.throws(() => fs.mkdirSync(file, { recursive: true }), { code: 'EEXIST' });
}

fs.promises.mkdir(path.join(next(), 'x'), { recursive: true }).then(common.mustCall((first) => {
  assert.strictEqual(typeof first, 'string');
}));

assert.throws(() => fs.mkdirSync(next(), { recursive: 'yes' }), { code: 'ERR_INVALID_ARG_TYPE' });
