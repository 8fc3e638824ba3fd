// Port of Node's test/parallel/test-child-process-exec-cwd.js and -cwd.js: the cwd option sets
// the child's working directory, and a missing one is an error.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');
const { exec, spawn, spawnSync } = require('child_process');

const { tmpdir } = common;
tmpdir.refresh();
const dir = fs.realpathSync(tmpdir.path);
fs.writeFileSync(`${dir}/marker.txt`, 'm');

exec('pwd', { cwd: dir }, common.mustSucceed((stdout) => {
  assert.strictEqual(stdout.trim(), dir);
}));
exec('ls', { cwd: dir }, common.mustSucceed((stdout) => {
  assert.strictEqual(stdout, 'marker.txt\n');
}));

const child = spawn('pwd', [], { cwd: dir });
let out = '';
child.stdout.on('data', (d) => { out += d; });
child.on('close', common.mustCall((code) => {
  assert.strictEqual(code, 0);
  assert.strictEqual(out.trim(), dir);
}));

assert.strictEqual(spawnSync(process.execPath, ['-p', 'process.cwd()'], { cwd: dir, encoding: 'utf8' }).stdout.trim(), dir);

// A URL works as cwd too.
exec('pwd', { cwd: new URL(`file://${dir}`) }, common.mustSucceed((stdout) => assert.strictEqual(stdout.trim(), dir)));

const missing = spawn('pwd', [], { cwd: `${dir}/does-not-exist` });
missing.on('error', common.mustCall((err) => {
  assert.strictEqual(err.code, 'ENOENT');
}));
