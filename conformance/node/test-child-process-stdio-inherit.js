// Port of Node's test/parallel/test-child-process-stdio-inherit.js and -stdio.js: stdio
// 'pipe', 'ignore' and 'inherit' per descriptor; an inheriting grandchild writes into the pipe
// its parent was given.
'use strict';
const common = require('./common');
const assert = require('assert');
const { spawn } = require('child_process');

if (process.argv[2] === 'parent') {
  // Inherit everything: the grandchild's output lands on this process's stdout.
  const grandchild = spawn('echo', ['from the grandchild'], { stdio: 'inherit' });
  assert.strictEqual(grandchild.stdout, null);
  assert.strictEqual(grandchild.stdin, null);
  grandchild.on('exit', (code) => process.exit(code));
  return;
}

const parent = spawn(process.execPath, [__filename, 'parent']);
let out = '';
parent.stdout.setEncoding('utf8');
parent.stdout.on('data', (d) => { out += d; });
parent.on('close', common.mustCall((code) => {
  assert.strictEqual(code, 0);
  assert.strictEqual(out, 'from the grandchild\n');
}));

// 'ignore' gives no stream; ['pipe', 'ignore', 'pipe'] mixes.
const ignored = spawn('echo', ['x'], { stdio: 'ignore' });
assert.strictEqual(ignored.stdout, null);
assert.deepStrictEqual(ignored.stdio, [null, null, null]);
ignored.on('close', common.mustCall((code) => assert.strictEqual(code, 0)));

const mixed = spawn('echo', ['y'], { stdio: ['pipe', 'ignore', 'pipe'] });
assert.notStrictEqual(mixed.stdin, null);
assert.strictEqual(mixed.stdout, null);
assert.notStrictEqual(mixed.stderr, null);
mixed.on('close', common.mustCall());
mixed.stdin.end();
