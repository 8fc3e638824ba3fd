// Port of Node's test/parallel/test-buffer-isencoding.js: which names Buffer.isEncoding
// accepts (case-insensitively) and which values it rejects.
'use strict';
require('./common');
const assert = require('assert');

for (const enc of ['hex', 'HEX', 'utf8', 'utf-8', 'UTF-8', 'ascii', 'latin1', 'binary', 'base64',
  'BASE64', 'base64url', 'ucs2', 'ucs-2', 'UCS2', 'utf16le', 'utf-16le', 'UTF-16LE']) {
  assert.strictEqual(Buffer.isEncoding(enc), true, enc);
}
for (const enc of ['utf9', 'utf-7', 'Unicode-FTW', 'new gnu gun', false, NaN, {}, Infinity, [], 1, 0, -1, '',
  'utf-16be', undefined, null]) {
  assert.strictEqual(Buffer.isEncoding(enc), false, String(enc));
}
