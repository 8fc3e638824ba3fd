// Port of Node's test/parallel/test-fs-exists.js and -existssync-false.js: exists/existsSync
// answer booleans for files, directories, missing and invalid paths without throwing.
'use strict';
const common = require('./common');
const assert = require('assert');
const fs = require('fs');

const { tmpdir } = common;
tmpdir.refresh();

const f = __filename;
fs.exists(f, common.mustCall((y) => assert.strictEqual(y, true)));
fs.exists(`${f}-NO`, common.mustCall((y) => assert.strictEqual(y, false)));
fs.exists(new URL(`file://${f}`), common.mustCall((y) => assert.strictEqual(y, true)));
fs.exists({}, common.mustCall((y) => assert.strictEqual(y, false)));

assert.strictEqual(fs.existsSync(f), true);
assert.strictEqual(fs.existsSync(`${f}-NO`), false);
assert.strictEqual(fs.existsSync(tmpdir.path), true);
assert.strictEqual(fs.existsSync(Buffer.from(f)), true);
assert.strictEqual(fs.existsSync(), false);
assert.strictEqual(fs.existsSync({}), false);
assert.strictEqual(fs.existsSync(null), false);
assert.strictEqual(fs.existsSync('a\0b'), false);
assert.strictEqual(fs.existsSync(`${f}/below-a-file`), false);

// A deep path under a missing directory.
let deep = tmpdir.path;
for (let i = 0; i < 50; i++) deep += '/x';
assert.strictEqual(fs.existsSync(deep), false);

assert.throws(() => fs.exists(f), { code: 'ERR_INVALID_ARG_TYPE' });
