// Port of Node's test/parallel/test-child-process-stdin.js: writing to a child's stdin and
// ending it, reading the echo back from stdout, and the stream states along the way.
'use strict';
const common = require('./common');
const assert = require('assert');
const { spawn } = require('child_process');

const cat = spawn('cat');
cat.stdin.write('hello');
cat.stdin.write(' ');
cat.stdin.write(Buffer.from('world'));
assert.strictEqual(cat.stdin.readable, false);
assert.strictEqual(cat.stdin.writable, true);
cat.stdin.end();

let response = '';
cat.stdout.setEncoding('utf8');
cat.stdout.on('data', (chunk) => { response += chunk; });
cat.stdout.on('end', common.mustCall());
cat.stderr.on('data', common.mustNotCall());

cat.on('exit', common.mustCall((status) => assert.strictEqual(status, 0)));
cat.on('close', common.mustCall(() => assert.strictEqual(response, 'hello world')));

// A larger round trip through another node.
const upper = spawn(process.execPath, ['-e',
  'let s = ""; process.stdin.on("data", (d) => s += d); process.stdin.on("end", () => process.stdout.write(s.toUpperCase()))']);
const big = 'abcdefghij'.repeat(20000);
let got = '';
upper.stdout.setEncoding('utf8');
upper.stdout.on('data', (d) => { got += d; });
upper.on('close', common.mustCall((code) => {
  assert.strictEqual(code, 0);
  assert.strictEqual(got.length, big.length);
  assert.strictEqual(got, big.toUpperCase());
}));
upper.stdin.end(big);
