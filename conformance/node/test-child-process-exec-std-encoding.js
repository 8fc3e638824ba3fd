// Port of Node's test/parallel/test-child-process-exec-std-encoding.js (with the exec basics of
// -exec-encoding and -exec-stdout-stderr-data-string): exec runs a shell command line and calls
// back with its stdout and stderr, as strings, Buffers or another encoding, and the returned
// ChildProcess streams its output.
'use strict';
const common = require('./common');
const assert = require('assert');
const { exec } = require('child_process');

const child = exec('echo hello; echo oops 1>&2', common.mustSucceed((stdout, stderr) => {
  assert.strictEqual(stdout, 'hello\n');
  assert.strictEqual(stderr, 'oops\n');
}));
assert.strictEqual(typeof child.pid, 'number');
child.on('exit', common.mustCall((code, signal) => {
  assert.strictEqual(code, 0);
  assert.strictEqual(signal, null);
}));
child.on('close', common.mustCall((code) => assert.strictEqual(code, 0)));

// A pipeline and a variable: a real shell runs it.
exec('X=world; echo "hi $X" | cat', common.mustSucceed((stdout) => assert.strictEqual(stdout, 'hi world\n')));

// encoding: 'buffer' gives Buffers.
exec('echo bytes', { encoding: 'buffer' }, common.mustSucceed((stdout, stderr) => {
  assert.ok(Buffer.isBuffer(stdout));
  assert.ok(Buffer.isBuffer(stderr));
  assert.strictEqual(stdout.toString(), 'bytes\n');
}));
exec('echo hex', { encoding: 'hex' }, common.mustSucceed((stdout) => {
  assert.strictEqual(stdout, Buffer.from('hex\n').toString('hex'));
}));

// The child's streams emit data as strings when an encoding is set on them.
const streamed = exec('echo streamed');
let data = '';
streamed.stdout.setEncoding('utf8');
streamed.stdout.on('data', (d) => { data += d; });
streamed.on('close', common.mustCall(() => assert.strictEqual(data, 'streamed\n')));

// Node itself as the command.
exec(`"${process.execPath}" -e "console.log(6 * 7)"`, common.mustSucceed((stdout) => {
  assert.strictEqual(stdout, '42\n');
}));
