// Port of Node's test/parallel/test-fs-write-stream.js (with -write-stream-end and
// -write-stream-encoding): createWriteStream writes strings and buffers in order, counts
// bytesWritten, appends with flags: 'a', emits finish then close, and errors on bad paths.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

{
  const file = tmpdir.resolve('write.txt');
  const stream = fs.createWriteStream(file);
  const events = [];
  stream.on('open', common.mustCall((fd) => assert.strictEqual(typeof fd, 'number')));
  stream.write('hello ');
  stream.write(Buffer.from('world'));
  stream.write('\u00e9', 'utf8');
  stream.end('!', common.mustCall(() => events.push('end callback')));
  stream.on('finish', common.mustCall(() => events.push('finish')));
  stream.on('close', common.mustCall(() => {
    events.push('close');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'hello world\u00e9!');
    assert.strictEqual(stream.bytesWritten, 14);
    assert.strictEqual(events.at(-1), 'close');
    assert.ok(events.includes('finish'));
  }));
}

{
  const file = tmpdir.resolve('append.txt');
  fs.writeFileSync(file, 'abc');
  const stream = fs.createWriteStream(file, { flags: 'a' });
  stream.end('def');
  stream.on('close', common.mustCall(() => assert.strictEqual(fs.readFileSync(file, 'utf8'), 'abcdef')));
}

{
  // start writes from an offset of an existing file (flags: 'r+').
  const file = tmpdir.resolve('offset.txt');
  fs.writeFileSync(file, '0123456789');
  const stream = fs.createWriteStream(file, { flags: 'r+', start: 3 });
  stream.end('XYZ');
  stream.on('close', common.mustCall(() => assert.strictEqual(fs.readFileSync(file, 'utf8'), '012XYZ6789')));
}

{
  // Many writes stay in order.
  const file = tmpdir.resolve('many.txt');
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  let expected = '';
  for (let i = 0; i < 1000; i++) {
    stream.write(`${i},`);
    expected += `${i},`;
  }
  stream.end();
  stream.on('finish', common.mustCall(() => assert.strictEqual(fs.readFileSync(file, 'utf8'), expected)));
}

{
  const stream = fs.createWriteStream(tmpdir.resolve('no', 'such', 'dir'));
  stream.on('error', common.expectsError({ code: 'ENOENT', syscall: 'open' }));
}

assert.throws(() => fs.createWriteStream(tmpdir.resolve('x'), { start: -1 }), { code: 'ERR_OUT_OF_RANGE' });
