// Port of Node's test/parallel/test-child-process-fork.js: fork starts a node child with an
// IPC channel; messages go both ways with send() and 'message', and the child exits cleanly.
'use strict';
const common = require('./common');
const assert = require('assert');
const { fork } = require('child_process');

if (process.argv[2] === 'child') {
  process.on('message', (m) => {
    process.send({ echoed: m, pid: process.pid });
    process.disconnect();
  });
  return;
}

const child = fork(__filename, ['child']);
assert.strictEqual(typeof child.send, 'function');
assert.strictEqual(child.connected, true);
child.on('message', common.mustCall((m) => {
  assert.deepStrictEqual(m.echoed, { hello: 'world', list: [1, 2, 3] });
  assert.strictEqual(m.pid, child.pid);
}));
child.on('exit', common.mustCall((code) => assert.strictEqual(code, 0)));
child.send({ hello: 'world', list: [1, 2, 3] });
