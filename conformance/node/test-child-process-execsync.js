// Port of Node's test/sequential/test-child-process-execsync.js: execSync and execFileSync
// return output, throw on failure with status/stdout/stderr attached, and take input.
'use strict';
require('./common');
const assert = require('assert');
const { execSync, execFileSync } = require('child_process');

assert.strictEqual(execSync('echo sync').toString(), 'sync\n');
assert.strictEqual(execSync('echo sync', { encoding: 'utf8' }), 'sync\n');
assert.strictEqual(execSync('cat', { input: 'piped in', encoding: 'utf8' }), 'piped in');
assert.strictEqual(execFileSync('echo', ['a', 'b'], { encoding: 'utf8' }), 'a b\n');
assert.strictEqual(execFileSync(process.execPath, ['-p', '1 + 1']).toString(), '2\n');

let caught;
try {
  execSync('echo out; echo err 1>&2; exit 7', { stdio: 'pipe' });
} catch (err) {
  caught = err;
}
assert.ok(caught instanceof Error);
assert.strictEqual(caught.status, 7);
assert.strictEqual(caught.signal, null);
assert.strictEqual(caught.stdout.toString(), 'out\n');
assert.strictEqual(caught.stderr.toString(), 'err\n');
assert.match(caught.message, /^Command failed: echo out; echo err 1>&2; exit 7/);

assert.throws(() => execFileSync(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'pipe' }), (err) => {
  assert.strictEqual(err.status, 3);
  return true;
});
assert.throws(() => execFileSync('no-such-program-xyz'), { code: 'ENOENT' });
