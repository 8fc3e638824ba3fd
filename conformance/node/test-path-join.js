// Port of Node's test/parallel/test-path-join.js: path.posix.join of absolute, relative, empty
// and dot segments, and the type check on its arguments.
'use strict';
require('./common');
const assert = require('assert');
const path = require('path');

const cases = [
  [['.', 'x/b', '..', '/b/c.js'], 'x/b/c.js'],
  [[], '.'],
  [['/.', 'x/b', '..', '/b/c.js'], '/x/b/c.js'],
  [['/foo', '../../../bar'], '/bar'],
  [['foo', '../../../bar'], '../../bar'],
  [['foo/', '../../../bar'], '../../bar'],
  [['foo/x', '../../../bar'], '../bar'],
  [['foo/x', './bar'], 'foo/x/bar'],
  [['foo/x/', './bar'], 'foo/x/bar'],
  [['foo/x/', '.', 'bar'], 'foo/x/bar'],
  [['./'], './'],
  [['.', './'], './'],
  [['.', '.', '.'], '.'],
  [['.', './', '.'], '.'],
  [['.', '/./', '.'], '.'],
  [['.', '/////./', '.'], '.'],
  [['.'], '.'],
  [['', '.'], '.'],
  [['', 'foo'], 'foo'],
  [['foo', '/bar'], 'foo/bar'],
  [['', '/foo'], '/foo'],
  [['', '', '/foo'], '/foo'],
  [['', '', 'foo'], 'foo'],
  [['foo', ''], 'foo'],
  [['foo/', ''], 'foo/'],
  [['foo', '', '/bar'], 'foo/bar'],
  [['./', '..', '/foo'], '../foo'],
  [['./', '..', '..', '/foo'], '../../foo'],
  [['.', '..', '..', '/foo'], '../../foo'],
  [['', '..', '..', '/foo'], '../../foo'],
  [['/'], '/'],
  [['/', '.'], '/'],
  [['/', '..'], '/'],
  [['/', '..', '..'], '/'],
  [[''], '.'],
  [['', ''], '.'],
  [[' /foo'], ' /foo'],
  [[' ', 'foo'], ' /foo'],
  [[' ', '.'], ' '],
  [[' ', '/'], ' /'],
  [[' ', ''], ' '],
  [['/', 'foo'], '/foo'],
  [['/', '/foo'], '/foo'],
  [['/', '//foo'], '/foo'],
  [['/', '', '/foo'], '/foo'],
  [['', '/', 'foo'], '/foo'],
  [['', '/', '/foo'], '/foo'],
];

for (const [args, want] of cases) {
  assert.strictEqual(path.posix.join(...args), want, `join(${JSON.stringify(args)})`);
  assert.strictEqual(path.join(...args), want);
}

for (const bad of [true, false, 7, null, {}, undefined, [], NaN]) {
  assert.throws(() => path.join(bad), { code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' });
  assert.throws(() => path.join('a', bad), { code: 'ERR_INVALID_ARG_TYPE' });
}
