// Port of Node's test/parallel/test-child-process-spawnsync.js: spawnSync's result object
// (status, signal, output, stdout, stderr, pid), ENOENT as result.error, and the shell option.
'use strict';
require('./common');
const assert = require('assert');
const { spawnSync } = require('child_process');

const ok = spawnSync('echo', ['hello']);
assert.strictEqual(ok.status, 0);
assert.strictEqual(ok.signal, null);
assert.strictEqual(ok.error, undefined);
assert.ok(Buffer.isBuffer(ok.stdout));
assert.strictEqual(ok.stdout.toString(), 'hello\n');
assert.strictEqual(ok.stderr.length, 0);
assert.strictEqual(ok.output.length, 3);
assert.strictEqual(ok.output[0], null);
assert.strictEqual(ok.output[1], ok.stdout);
assert.strictEqual(typeof ok.pid, 'number');

const failed = spawnSync(process.execPath, ['-e', 'console.error("err"); process.exit(5)'], { encoding: 'utf8' });
assert.strictEqual(failed.status, 5);
assert.strictEqual(failed.stderr, 'err\n');
assert.strictEqual(failed.stdout, '');

const missing = spawnSync('no-such-program-xyz');
assert.ok(missing.error instanceof Error);
assert.strictEqual(missing.error.code, 'ENOENT');
assert.strictEqual(missing.error.syscall, 'spawnSync no-such-program-xyz');
assert.strictEqual(missing.status, null);

const viaShell = spawnSync('echo $((6 * 7)) | cat', { shell: true, encoding: 'utf8' });
assert.strictEqual(viaShell.stdout, '42\n');

const signaled = spawnSync('sh', ['-c', 'kill -KILL $$']);
assert.strictEqual(signaled.status, null);
assert.strictEqual(signaled.signal, 'SIGKILL');

assert.throws(() => spawnSync('echo', 'not-an-array-or-options'), { code: 'ERR_INVALID_ARG_TYPE' });
