// Port of Node's test/parallel/test-child-process-env.js and -exec-env.js: the env option
// replaces the child's environment; without it the child inherits process.env.
'use strict';
const common = require('./common');
const assert = require('assert');
const { spawn, exec, execFileSync } = require('child_process');

const env = { ...process.env, HELLO: 'WORLD', UNDEFINED: undefined, NULL: null, EMPTY: '' };
const child = spawn('env', [], { env });
let response = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => { response += chunk; });
child.on('close', common.mustCall((code) => {
  assert.strictEqual(code, 0);
  const lines = response.split('\n');
  assert.ok(lines.includes('HELLO=WORLD'));
  assert.ok(lines.includes('EMPTY='));
  assert.ok(!lines.includes('UNDEFINED=undefined'), 'undefined values are left out');
  assert.ok(lines.includes('NULL=null'), 'null is turned into a string');
}));

exec('echo "$ONLY_HERE"', { env: { ONLY_HERE: 'yes', PATH: process.env.PATH } }, common.mustSucceed((stdout) => {
  assert.strictEqual(stdout, 'yes\n');
}));

// Inheritance: a variable set in process.env reaches the child.
process.env.SET_BY_PARENT = 'inherited';
assert.strictEqual(execFileSync(process.execPath, ['-p', 'process.env.SET_BY_PARENT'], { encoding: 'utf8' }), 'inherited\n');
