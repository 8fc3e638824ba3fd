// Port of Node's test/parallel/test-child-process-kill.js: kill() sends SIGTERM by default,
// the child exits with that signal, 'killed' turns true, and named signals work.
'use strict';
const common = require('./common');
const assert = require('assert');
const { spawn } = require('child_process');

const cat = spawn('cat');
cat.stdout.on('end', common.mustCall());
cat.stderr.on('data', common.mustNotCall());
cat.stderr.on('end', common.mustCall());
cat.on('exit', common.mustCall((code, signal) => {
  assert.strictEqual(code, null);
  assert.strictEqual(signal, 'SIGTERM');
  assert.strictEqual(cat.signalCode, 'SIGTERM');
}));
assert.strictEqual(cat.killed, false);
assert.strictEqual(cat.kill(), true);
assert.strictEqual(cat.killed, true);

const node = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
node.on('exit', common.mustCall((code, signal) => {
  assert.strictEqual(code, null);
  assert.strictEqual(signal, 'SIGKILL');
}));
node.on('spawn', common.mustCall(() => node.kill('SIGKILL')));

const sh = spawn('sh', ['-c', 'sleep 30']);
sh.on('exit', common.mustCall((code, signal) => assert.strictEqual(signal, 'SIGHUP')));
sh.kill(1); // numeric signals work too

assert.throws(() => cat.kill('SIGNOTREAL'), { code: 'ERR_UNKNOWN_SIGNAL' });
