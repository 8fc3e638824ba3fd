// Port of Node's test/parallel/test-fs-promises.js: the fs/promises API end to end (open and
// FileHandle methods, stat, write/read files, mkdir, readdir, rename, symlink, rm) and the
// rejections it gives.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const fsPromises = require('fs/promises');
const path = require('path');

const { tmpdir } = common;
tmpdir.refresh();

assert.strictEqual(fs.promises, fsPromises);
assert.strictEqual(require('node:fs/promises'), fsPromises);

async function main() {
  const dest = tmpdir.resolve('baz.js');
  await fsPromises.writeFile(dest, 'hello promises');
  assert.strictEqual(await fsPromises.readFile(dest, 'utf8'), 'hello promises');

  const handle = await fsPromises.open(dest, 'r+');
  assert.strictEqual(typeof handle.fd, 'number');
  assert.strictEqual((await handle.stat()).size, 14);
  const buf = Buffer.alloc(5);
  const { bytesRead, buffer } = await handle.read(buf, 0, 5, 0);
  assert.strictEqual(bytesRead, 5);
  assert.strictEqual(buffer, buf);
  assert.strictEqual(buf.toString(), 'hello');
  const { bytesWritten } = await handle.write(Buffer.from('HELLO'), 0, 5, 0);
  assert.strictEqual(bytesWritten, 5);
  await handle.write('!', 14);
  assert.strictEqual(await handle.readFile({ encoding: 'utf8' }), 'HELLO promises!',
    'positioned reads and writes leave the file position at 0');
  await handle.truncate(5);
  await handle.chmod(0o600);
  await handle.sync();
  await handle.datasync();
  await handle.close();
  assert.strictEqual(await fsPromises.readFile(dest, 'utf8'), 'HELLO');
  assert.strictEqual((await fsPromises.stat(dest)).mode & 0o777, 0o600);

  await fsPromises.appendFile(dest, ' world');
  assert.strictEqual(await fsPromises.readFile(dest, 'utf8'), 'HELLO world');

  const dir = tmpdir.resolve('dir', 'sub');
  await fsPromises.mkdir(dir, { recursive: true });
  await fsPromises.writeFile(path.join(dir, 'f'), 'x');
  assert.deepStrictEqual(await fsPromises.readdir(dir), ['f']);
  const dirents = await fsPromises.readdir(tmpdir.resolve('dir'), { withFileTypes: true });
  assert.strictEqual(dirents[0].name, 'sub');
  assert.ok(dirents[0].isDirectory());

  await fsPromises.rename(path.join(dir, 'f'), path.join(dir, 'g'));
  await fsPromises.symlink('g', path.join(dir, 'link'));
  assert.strictEqual(await fsPromises.readlink(path.join(dir, 'link')), 'g');
  assert.ok((await fsPromises.lstat(path.join(dir, 'link'))).isSymbolicLink());
  await fsPromises.unlink(path.join(dir, 'link'));
  await fsPromises.rm(tmpdir.resolve('dir'), { recursive: true });
  await assert.rejects(fsPromises.stat(tmpdir.resolve('dir')), { code: 'ENOENT', syscall: 'stat' });

  await assert.rejects(fsPromises.readFile(tmpdir.resolve('missing')), {
    code: 'ENOENT',
    message: `ENOENT: no such file or directory, open '${tmpdir.resolve('missing')}'`,
  });
  await assert.rejects(fsPromises.mkdir(tmpdir.path), { code: 'EEXIST' });
  await assert.rejects(fsPromises.open(dest, 'wx'), { code: 'EEXIST' });
  await assert.rejects(fsPromises.readFile(123456), { code: /EBADF|ERR_INVALID_ARG_TYPE/ });
}

main().then(common.mustCall());
