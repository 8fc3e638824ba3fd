// Port of Node's test/parallel/test-stream-push-strings.js (with -readable-setEncoding ideas):
// strings pushed in chunks come out in order through 'data' as Buffers or, with an encoding,
// as strings; push(null) ends the stream.
'use strict';
const common = require('./common');
const assert = require('assert');
const { Readable } = require('stream');

class MyStream extends Readable {
  constructor(options) {
    super(options);
    this._chunks = 3;
  }

  _read(n) {
    switch (this._chunks--) {
      case 0:
        return this.push(null);
      case 1:
        return setTimeout(() => this.push('last chunk'), 5);
      case 2:
        return this.push('second to last chunk');
      case 3:
        return process.nextTick(() => this.push('first chunk'));
      default:
        throw new Error('?');
    }
  }
}

const ms = new MyStream();
const results = [];
ms.on('readable', function() {
  let chunk;
  while ((chunk = ms.read()) !== null) results.push(String(chunk));
});
ms.on('end', common.mustCall(() => {
  assert.deepStrictEqual(results.join(''), 'first chunksecond to last chunklast chunk');
}));

{
  const r = new Readable({ read() {}, encoding: 'hex' });
  const out = [];
  r.on('data', (s) => out.push(s));
  r.on('end', common.mustCall(() => assert.strictEqual(out.join(''), '6869')));
  r.push('hi');
  r.push(null);
}

{
  // push with an encoding converts from it.
  const r = new Readable({ read() {} });
  r.on('data', common.mustCall((b) => assert.strictEqual(b.toString(), 'hello')));
  r.push('aGVsbG8=', 'base64');
}
