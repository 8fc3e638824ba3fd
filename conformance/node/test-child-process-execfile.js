// Port of Node's test/parallel/test-child-process-execfile.js: execFile runs a program with
// arguments (no shell), reports exit codes and ENOENT, and passes arguments unchanged.
'use strict';
const common = require('./common');
const assert = require('assert');
const { execFile } = require('child_process');

execFile(process.execPath, ['-e', 'process.stdout.write(process.argv.slice(1).join("|"))', 'a b', '$HOME', '"q"'],
  common.mustSucceed((stdout, stderr) => {
    assert.strictEqual(stdout, 'a b|$HOME|"q"');
    assert.strictEqual(stderr, '');
  }));

execFile(process.execPath, ['-e', 'process.exit(42)'], common.mustCall((err, stdout) => {
  assert.strictEqual(err.code, 42);
  assert.strictEqual(stdout, '');
  assert.match(err.message, /^Command failed: /);
}));

execFile('echo', ['one', 'two'], common.mustSucceed((stdout) => assert.strictEqual(stdout, 'one two\n')));

execFile('no-such-program-xyz', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ENOENT');
  assert.strictEqual(err.syscall, 'spawn no-such-program-xyz');
  assert.strictEqual(err.path, 'no-such-program-xyz');
}));

// With shell: true the arguments go through the shell.
execFile('echo', ['$((1 + 2))'], { shell: true }, common.mustSucceed((stdout) => assert.strictEqual(stdout, '3\n')));

assert.throws(() => execFile(process.execPath, 'not-an-array', () => {}), { code: 'ERR_INVALID_ARG_TYPE' });
