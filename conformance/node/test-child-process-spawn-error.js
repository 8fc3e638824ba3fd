// Port of Node's test/parallel/test-child-process-spawn-error.js: spawning a missing program
// emits 'error' (ENOENT, with syscall, path and spawnargs) and no 'exit', while the returned
// ChildProcess still has its stdio streams.
'use strict';
const common = require('./common');
const assert = require('assert');
const { spawn } = require('child_process');

const enoentPath = 'foo123';
const spawnargs = ['bar'];
const enoentChild = spawn(enoentPath, spawnargs);

assert.strictEqual(enoentChild.stdin, enoentChild.stdio[0]);
assert.strictEqual(enoentChild.stdout, enoentChild.stdio[1]);
assert.strictEqual(enoentChild.stderr, enoentChild.stdio[2]);
assert.strictEqual(enoentChild.pid, undefined);

enoentChild.on('exit', common.mustNotCall());
enoentChild.on('spawn', common.mustNotCall());
enoentChild.on('error', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ENOENT');
  assert.strictEqual(err.errno, -2);
  assert.strictEqual(err.syscall, `spawn ${enoentPath}`);
  assert.strictEqual(err.path, enoentPath);
  assert.deepStrictEqual(err.spawnargs, spawnargs);
  assert.strictEqual(err.message, `spawn ${enoentPath} ENOENT`);
}));

// A found program emits 'spawn' before anything else.
const good = spawn('echo', ['ok']);
good.on('spawn', common.mustCall(() => assert.strictEqual(typeof good.pid, 'number')));
good.on('error', common.mustNotCall());

assert.throws(() => spawn(''), { code: 'ERR_INVALID_ARG_VALUE' });
assert.throws(() => spawn(42), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => spawn('echo', ['a\0b']), { code: 'ERR_INVALID_ARG_VALUE' });
