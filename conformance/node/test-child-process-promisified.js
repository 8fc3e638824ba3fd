// Port of Node's test/parallel/test-child-process-promisified.js: util.promisify(exec) and
// (execFile) resolve with { stdout, stderr }, reject with the error carrying both, and expose
// the child on the promise.
'use strict';
const common = require('./common');
const assert = require('assert');
const { promisify } = require('util');
const child_process = require('child_process');

const exec = promisify(child_process.exec);
const execFile = promisify(child_process.execFile);

{
  const promise = exec(`"${process.execPath}" -p 42`);
  assert.ok(promise.child instanceof child_process.ChildProcess);
  promise.then(common.mustCall((obj) => assert.deepStrictEqual(obj, { stdout: '42\n', stderr: '' })));
}

{
  const promise = execFile(process.execPath, ['-p', '42']);
  assert.ok(promise.child);
  promise.then(common.mustCall((obj) => assert.deepStrictEqual(obj, { stdout: '42\n', stderr: '' })));
}

{
  exec('echo partial; exit 2').catch(common.mustCall((err) => {
    assert.strictEqual(err.code, 2);
    assert.strictEqual(err.stdout, 'partial\n');
    assert.strictEqual(err.stderr, '');
  }));
}

{
  execFile('no-such-program-xyz').catch(common.mustCall((err) => {
    assert.strictEqual(err.code, 'ENOENT');
    assert.strictEqual(err.stdout, '');
  }));
}
