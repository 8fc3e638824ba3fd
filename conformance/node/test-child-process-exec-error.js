// Port of Node's test/parallel/test-child-process-exec-error.js: a failing command gives an
// error with the exit code, the command line, and the output so far; a missing command is
// exit code 127.
'use strict';
const common = require('./common');
const assert = require('assert');
const { exec } = require('child_process');

exec('echo partial; echo bad 1>&2; exit 3', common.mustCall((err, stdout, stderr) => {
  assert.ok(err instanceof Error);
  assert.strictEqual(err.code, 3);
  assert.strictEqual(err.killed, false);
  assert.strictEqual(err.signal, null);
  assert.strictEqual(err.cmd, 'echo partial; echo bad 1>&2; exit 3');
  assert.match(err.message, /^Command failed: echo partial; echo bad 1>&2; exit 3\nbad\n$/);
  assert.strictEqual(stdout, 'partial\n');
  assert.strictEqual(stderr, 'bad\n');
}));

exec('thiscommanddoesnotexist-xyz', common.mustCall((err, stdout, stderr) => {
  assert.strictEqual(err.code, 127);
  assert.strictEqual(stdout, '');
  assert.ok(stderr.length > 0, 'the shell says why');
}));

// A child killed by a signal reports it.
exec('kill -TERM $$', common.mustCall((err) => {
  assert.strictEqual(err.code, null);
  assert.strictEqual(err.signal, 'SIGTERM');
  assert.strictEqual(err.killed, false);
}));
