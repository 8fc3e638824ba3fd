// Port of Node's test/parallel/test-fs-promises-file-handle-close.js and -filehandle-use-after-
// close.js: a FileHandle closes once, its fd becomes -1, and using it afterwards rejects with
// EBADF.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

async function main() {
  const file = tmpdir.resolve('f.txt');
  fs.writeFileSync(file, 'data');
  const handle = await fs.promises.open(file, 'r');
  assert.ok(handle.fd >= 0);
  const closed = handle.close();
  assert.ok(closed instanceof Promise);
  await closed;
  assert.strictEqual(handle.fd, -1);

  await assert.rejects(handle.read(Buffer.alloc(1), 0, 1, 0), { code: 'EBADF', syscall: 'read' });
  await assert.rejects(handle.stat(), { code: 'EBADF' });

  // Closing again is fine.
  await handle.close();

  // readFile/writeFile through handles.
  const w = await fs.promises.open(tmpdir.resolve('g.txt'), 'w');
  await w.writeFile('via handle');
  await w.close();
  const r = await fs.promises.open(tmpdir.resolve('g.txt'));
  assert.strictEqual(await r.readFile('utf8'), 'via handle');
  await r.close();
}

main().then(common.mustCall());
