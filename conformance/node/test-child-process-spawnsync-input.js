// Port of Node's test/parallel/test-child-process-spawnsync-input.js: the input option feeds
// the child's stdin as a string, Buffer or any ArrayBuffer view; encodings shape the output;
// stdio: 'inherit' leaves nothing to capture.
'use strict';
const common = require('./common');
const assert = require('assert');
const { spawnSync } = require('child_process');

const text = 'hello world';
const viaString = spawnSync('cat', [], { input: text });
assert.strictEqual(viaString.status, 0);
assert.strictEqual(viaString.stdout.toString(), text);
assert.strictEqual(viaString.stderr.toString(), '');

const viaBuffer = spawnSync('cat', [], { input: Buffer.from(text) });
assert.deepStrictEqual(viaBuffer.stdout, Buffer.from(text));

const msg = Buffer.from('8 bytes!'.repeat(4));
for (const view of common.getArrayBufferViews(msg)) {
  const r = spawnSync('cat', [], { input: view });
  assert.strictEqual(r.status, 0);
  assert.deepStrictEqual(r.stdout, msg, view.constructor.name);
}

const both = spawnSync(process.execPath, ['-e', 'console.log("to stdout"); console.error("to stderr")'], { encoding: 'utf8' });
assert.strictEqual(both.stdout, 'to stdout\n');
assert.strictEqual(both.stderr, 'to stderr\n');

const inherited = spawnSync(process.execPath, ['-e', '0'], { stdio: 'inherit' });
assert.strictEqual(inherited.status, 0);
assert.strictEqual(inherited.stdout, null);

assert.throws(() => spawnSync('cat', [], { input: 1234 }), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
