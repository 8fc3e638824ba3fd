'use strict';
// node:assert (this test uses Burrow's own assert): messages, generatedMessage, operator and
// codes of failed assertions (Node 20's texts), throws/rejects validation, deep equality.
const assert = require('assert');
const util = require('util');
const { C, done } = require('./harness').tableChecks(util);

// What a failing call throws: name, code, generatedMessage, operator and message.
function F(fn) {
  try {
    fn();
    return 'no throw';
  } catch (e) {
    return [e.name, e.code, e.generatedMessage, e.operator, e.message].join(' | ');
  }
}

// --- the module shape ---
C('keys', () => Object.keys(assert).join(), 'fail,AssertionError,ok,equal,notEqual,deepEqual,notDeepEqual,deepStrictEqual,notDeepStrictEqual,strictEqual,notStrictEqual,throws,rejects,doesNotThrow,doesNotReject,ifError,match,doesNotMatch,CallTracker,strict');
C('strict keys', () => Object.keys(assert.strict).join(), 'fail,AssertionError,ok,equal,notEqual,deepEqual,notDeepEqual,deepStrictEqual,notDeepStrictEqual,strictEqual,notStrictEqual,throws,rejects,doesNotThrow,doesNotReject,ifError,match,doesNotMatch,CallTracker,strict');
C('strict identity', () => assert.strict.strict === assert.strict && require('assert/strict') === assert.strict && require('node:assert') === assert, true);
C('strict mapping', () => assert.strict.equal === assert.strictEqual && assert.strict.deepEqual === assert.deepStrictEqual && assert.strict.notEqual === assert.notStrictEqual && assert.strict.notDeepEqual === assert.notDeepStrictEqual, true);

// --- passing assertions do not throw ---
C('passing', () => F(() => {
  assert(true);
  assert.ok(1);
  assert.equal(1, '1');
  assert.equal(NaN, NaN);
  assert.notEqual(1, 2);
  assert.strictEqual(NaN, NaN);
  assert.notStrictEqual(0, -0);
  assert.deepEqual({ a: [1, '2'] }, { a: ['1', 2] });
  assert.deepStrictEqual({ a: [1, { b: new Map([[1, new Set([2])]]) }] }, { a: [1, { b: new Map([[1, new Set([2])]]) }] });
  assert.notDeepStrictEqual({ a: 1 }, { a: '1' });
  assert.notDeepEqual({ a: 1 }, { a: 2 });
  assert.match('abc', /b/);
  assert.doesNotMatch('abc', /x/);
  assert.ifError(null);
  assert.ifError(undefined);
  assert.throws(() => { throw new TypeError('x'); }, TypeError);
  assert.throws(() => { throw new TypeError('xyz'); }, /xy/);
  assert.throws(() => { throw new TypeError('xyz'); }, { name: 'TypeError', message: /y/ });
  assert.throws(() => { throw new TypeError('xyz'); }, (e) => e instanceof TypeError);
  assert.throws(() => { throw new TypeError('xyz'); });
  assert.doesNotThrow(() => {});
  assert.strict.equal(1, 1);
}),
  'no throw');

// --- strictEqual and its diffs ---
C('strictEqual numbers', () => F(() => assert.strictEqual(1, 2)), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n\n1 !== 2\n');
C('strictEqual types', () => F(() => assert.strictEqual(1, '1')), "AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n\n1 !== '1'\n");
C('strictEqual long strings', () => F(() => assert.strictEqual('a'.repeat(20), 'b'.repeat(20))), "AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n+ actual - expected\n\n+ 'aaaaaaaaaaaaaaaaaaaa'\n- 'bbbbbbbbbbbbbbbbbbbb'");
C('strictEqual indicator', () => F(() => assert.strictEqual('hello world', 'hello there')), "AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n+ actual - expected\n\n+ 'hello world'\n- 'hello there'\n         ^");
C('strictEqual numbers indicator', () => F(() => assert.strictEqual(123456, 1234567)), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n+ actual - expected\n\n+ 123456\n- 1234567\n        ^');
C('strictEqual very long', () => F(() => assert.strictEqual('x'.repeat(85), 'x'.repeat(84) + 'y')), "AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n+ actual - expected\n\n+ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n- 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy'");
C('strictEqual objects', () => F(() => assert.strictEqual({ a: 1 }, { a: 1 })), 'AssertionError | ERR_ASSERTION | true | strictEqual | Values have same structure but are not reference-equal:\n\n{\n  a: 1\n}\n');
C('strictEqual arrays', () => F(() => assert.strictEqual([1, 2, 3], [1, 2, 4])), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected "actual" to be reference-equal to "expected":\n+ actual - expected\n\n  [\n    1,\n    2,\n+   3\n-   4\n  ]');
C('strictEqual symbols', () => F(() => assert.strictEqual(Symbol('a'), Symbol('a'))), 'AssertionError | ERR_ASSERTION | true | strictEqual | Values have same structure but are not reference-equal:\n\nSymbol(a)\n');
C('strictEqual functions', () => F(() => assert.strictEqual(() => {}, () => {})), 'AssertionError | ERR_ASSERTION | true | strictEqual | Values have same structure but are not reference-equal:\n\n[Function (anonymous)]\n');
C('strictEqual zeros', () => F(() => assert.strictEqual(0, -0)), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n+ actual - expected\n\n+ 0\n- -0');
C('strictEqual NaN', () => F(() => assert.strictEqual(NaN, 0)), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n\nNaN !== 0\n');
C('strictEqual bigint', () => F(() => assert.strictEqual(1n, 2n)), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n\n1n !== 2n\n');
C('strictEqual null', () => F(() => assert.strictEqual(undefined, null)), 'AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n+ actual - expected\n\n+ undefined\n- null');
C('strictEqual newline', () => F(() => assert.strictEqual('a\nb', 'a\nc')), "AssertionError | ERR_ASSERTION | true | strictEqual | Expected values to be strictly equal:\n\n'a\\nb' !== 'a\\nc'\n");
C('strictEqual message', () => F(() => assert.strictEqual(1, 2, 'my message')), 'AssertionError | ERR_ASSERTION | false | strictEqual | my message\n\n1 !== 2\n');
C('strictEqual message diff', () => F(() => assert.strictEqual('hello world', 'hello there', 'msg')), "AssertionError | ERR_ASSERTION | false | strictEqual | msg\n+ actual - expected\n\n+ 'hello world'\n- 'hello there'\n         ^");
C('strictEqual message objects', () => F(() => assert.strictEqual({}, {}, 'msg')), 'AssertionError | ERR_ASSERTION | false | strictEqual | Values have same structure but are not reference-equal:\n\n{}\n');
C('strictEqual error message', () => F(() => assert.strictEqual(1, 2, new TypeError('own'))), 'TypeError |  |  |  | own');
C('strictEqual missing', () => F(() => assert.strictEqual(1)), 'TypeError | ERR_MISSING_ARGS |  |  | The "actual" and "expected" arguments must be specified');

// --- deepStrictEqual / deepEqual ---
C('deep object', () => F(() => assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  {\n    a: 1,\n    b: [\n      1,\n+     2\n-     3\n    ]\n  }');
C('deep long array', () => F(() => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 11])), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected ... Lines skipped\n\n  [\n    1,\n...\n    8,\n    9,\n+   10\n-   11\n  ]');
C('deep primitives', () => F(() => assert.deepStrictEqual(1, 2)), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n\n1 !== 2\n');
C('deep nested', () => F(() => assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }], c: 1 })), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  {\n    a: [\n      1,\n      {\n+       b: 2\n-       b: 3\n      }\n    ],\n-   c: 1\n  }');
C('deep set', () => F(() => assert.deepStrictEqual(new Set([1, 2]), new Set([1, 3]))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Set(2) {\n    1,\n+   2\n-   3\n  }');
C('deep map', () => F(() => assert.deepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]]))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Map(1) {\n+   1 => 2\n-   1 => 3\n  }');
C('deep order', () => F(() => assert.deepStrictEqual([1, 2], [2, 1])), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  [\n+   1,\n+   2\n-   2,\n-   1\n  ]');
C('deep types', () => F(() => assert.deepStrictEqual({}, [])), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ {}\n- []');
C('deep prototype', () => F(() => assert.deepStrictEqual(Object.create(null), {})), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ [Object: null prototype] {}\n- {}');
C('deep errors', () => F(() => assert.deepStrictEqual(new Error('a'), new Error('b'))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ [Error: a]\n- [Error: b]\n          ^');
C('deep same structure', () => F(() => assert.deepStrictEqual({ a: Symbol() }, { a: Symbol() })), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Values have same structure but are not reference-equal:\n\n{\n  a: Symbol()\n}\n');
C('deep extra element', () => F(() => assert.deepStrictEqual([1, 2, 3], [1, 2, 3, 4])), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  [\n    1,\n    2,\n    3,\n-   4\n  ]');
C('deep middle difference', () => F(() => assert.deepStrictEqual(Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => (i === 15 ? 99 : i)))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected ... Lines skipped\n\n  [\n    0,\n...\n    13,\n    14,\n+   15,\n-   99,\n    16,\n...\n    28,\n    29\n  ]');
C('deep long strings', () => F(() => assert.deepStrictEqual({ a: 'x'.repeat(100) }, { a: 'y'.repeat(100) })), "AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  {\n+   a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n-   a: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'\n  }");
C('deep huge diff', () => F(() => assert.deepStrictEqual(Array.from({ length: 100 }, (_, i) => i), Array.from({ length: 100 }, (_, i) => i + 1))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected ... Lines skipped\n\n  [\n+   0,\n+   1,\n+   2,\n+   3,\n+   4,\n+   5,\n+   6,\n+   7,\n+   8,\n+   9,\n+   10,\n+   11,\n+   12,\n+   13,\n+   14,\n+   15,\n+   16,\n+   17,\n+   18,\n+   19,\n+   20,\n+   21,\n+   22,\n+   23,\n+   24,\n...\n-   1,\n-   2,\n-   3,\n-   4,\n-   5,\n-   6,\n-   7,\n-   8,\n-   9,\n-   10,\n-   11,\n-   12,\n-   13,\n-   14,\n-   15,\n-   16,\n-   17,\n-   18,\n-   19,\n-   20,\n-   21,\n-   22,\n-   23,\n-   24,\n-   25,\n...');
C('deep message', () => F(() => assert.deepStrictEqual({ a: 1 }, { a: 2 }, 'msg')), 'AssertionError | ERR_ASSERTION | false | deepStrictEqual | msg\n+ actual - expected\n\n  {\n+   a: 1\n-   a: 2\n  }');
C('deep circular', () => F(() => { const a = { x: 1 }; a.self = a; const b = { x: 2 }; b.self = b; assert.deepStrictEqual(a, b); }), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  <ref *1> {\n    self: [Circular *1],\n+   x: 1\n-   x: 2\n  }');
C('deep circular equal', () => F(() => { const a = { x: 1 }; a.self = a; const b = { x: 1 }; b.self = b; assert.deepStrictEqual(a, b); }), 'no throw');
C('deep dates', () => F(() => assert.deepStrictEqual(new Date(0), new Date(1))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ 1970-01-01T00:00:00.000Z\n- 1970-01-01T00:00:00.001Z\n                        ^');
C('deep regexps', () => F(() => assert.deepStrictEqual(/a/g, /a/i)), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ /a/g\n- /a/i');
C('deep boxed', () => F(() => assert.deepStrictEqual(new Number(1), new Number(2))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ [Number: 1]\n- [Number: 2]\n           ^');
C('deep typed', () => F(() => assert.deepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Uint8Array(2) [\n    1,\n+   2\n-   3\n  ]');
C('deep symbol keys', () => F(() => assert.deepStrictEqual({ [Symbol.for('k')]: 1 }, { [Symbol.for('k')]: 2 })), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  {\n+   [Symbol(k)]: 1\n-   [Symbol(k)]: 2\n  }');
C('deep getters', () => F(() => assert.deepStrictEqual({ get a() { return 1; } }, { a: 2 })), 'AssertionError | ERR_ASSERTION | true | deepStrictEqual | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  {\n+   a: [Getter: 1]\n-   a: 2\n  }');
C('loose', () => F(() => assert.deepEqual({ a: 1 }, { a: 2 })), 'AssertionError | ERR_ASSERTION | true | deepEqual | Expected values to be loosely deep-equal:\n\n{\n  a: 1\n}\n\nshould loosely deep-equal\n\n{\n  a: 2\n}');
C('loose long', () => F(() => assert.deepEqual('a'.repeat(600), 'b')), "AssertionError | ERR_ASSERTION | true | deepEqual | Expected values to be loosely deep-equal:\n\n'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\n\nshould loosely deep-equal\n\n'b'");
C('loose message', () => F(() => assert.deepEqual({ a: 1 }, { a: 2 }, 'msg')), 'AssertionError | ERR_ASSERTION | false | deepEqual | msg');
C('loose passes', () => F(() => { assert.deepEqual(new Set([1, '2']), new Set(['1', 2])); assert.deepEqual(new Map([[1, 'a']]), new Map([['1', 'a']])); assert.deepEqual(Object.create({ a: 1 }), {}); }), 'no throw');

// --- not* ---
C('notStrictEqual', () => F(() => assert.notStrictEqual(1, 1)), 'AssertionError | ERR_ASSERTION | true | notStrictEqual | Expected "actual" to be strictly unequal to: 1');
C('notStrictEqual object', () => F(() => { const o = { a: 1 }; assert.notStrictEqual(o, o); }), 'AssertionError | ERR_ASSERTION | true | notStrictEqual | Expected "actual" not to be reference-equal to "expected":\n\n{\n  a: 1\n}\n');
C('notStrictEqual message', () => F(() => assert.notStrictEqual(1, 1, 'msg')), 'AssertionError | ERR_ASSERTION | false | notStrictEqual | msg');
C('notDeepStrictEqual', () => F(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })), 'AssertionError | ERR_ASSERTION | true | notDeepStrictEqual | Expected "actual" not to be strictly deep-equal to:\n\n{\n  a: 1\n}\n');
C('notDeepStrictEqual long', () => F(() => assert.notDeepStrictEqual(Array.from({ length: 60 }, (_, i) => i), Array.from({ length: 60 }, (_, i) => i))), 'AssertionError | ERR_ASSERTION | true | notDeepStrictEqual | Expected "actual" not to be strictly deep-equal to:\n\n[\n  0,\n  1,\n  2,\n  3,\n  4,\n  5,\n  6,\n  7,\n  8,\n  9,\n  10,\n  11,\n  12,\n  13,\n  14,\n  15,\n  16,\n  17,\n  18,\n  19,\n  20,\n  21,\n  22,\n  23,\n  24,\n  25,\n  26,\n  27,\n  28,\n  29,\n  30,\n  31,\n  32,\n  33,\n  34,\n  35,\n  36,\n  37,\n  38,\n  39,\n  40,\n  41,\n  42,\n  43,\n  44,\n...\n');
C('notDeepEqual', () => F(() => assert.notDeepEqual([1], [1])), 'AssertionError | ERR_ASSERTION | true | notDeepEqual | Expected "actual" not to be loosely deep-equal to:\n\n[\n  1\n]');
C('notDeepEqual object', () => F(() => assert.notDeepEqual({ a: 1 }, { a: 1 })), 'AssertionError | ERR_ASSERTION | true | notDeepEqual | Expected "actual" not to be loosely deep-equal to:\n\n{\n  a: 1\n}');
C('equal', () => F(() => assert.equal(1, 2)), 'AssertionError | ERR_ASSERTION | true | == | 1 == 2');
C('equal missing', () => F(() => assert.equal(1)), 'TypeError | ERR_MISSING_ARGS |  |  | The "actual" and "expected" arguments must be specified');
C('equal error message', () => F(() => assert.equal(1, 2, new TypeError('own'))), 'TypeError |  |  |  | own');
C('notEqual', () => F(() => assert.notEqual(1, 1)), 'AssertionError | ERR_ASSERTION | true | != | 1 != 1');
C('notEqual NaN', () => F(() => assert.notEqual(NaN, NaN)), 'AssertionError | ERR_ASSERTION | true | != | NaN != NaN');

// --- ok, fail, ifError ---
C('ok no args', () => F(() => assert.ok()), 'AssertionError | ERR_ASSERTION | true | == | No value argument passed to `assert.ok()`');
C('ok message', () => F(() => assert(null, 'custom msg')), 'AssertionError | ERR_ASSERTION | false | == | custom msg');
C('ok error message', () => F(() => assert.ok(0, new RangeError('own'))), 'RangeError |  |  |  | own');
C('strict ok', () => F(() => assert.strict(false, 'm')), 'AssertionError | ERR_ASSERTION | false | == | m');
C('fail', () => F(() => assert.fail()), 'AssertionError | ERR_ASSERTION | true | fail | Failed');
C('fail message', () => F(() => assert.fail('boom')), 'AssertionError | ERR_ASSERTION | false | fail | boom');
C('fail error', () => F(() => assert.fail(new TypeError('t'))), 'TypeError |  |  |  | t');
C('ifError', () => F(() => assert.ifError(new Error('bad'))), 'AssertionError | ERR_ASSERTION | false | ifError | ifError got unwanted exception: bad');
C('ifError empty', () => F(() => assert.ifError(new TypeError(''))), 'AssertionError | ERR_ASSERTION | false | ifError | ifError got unwanted exception: TypeError');
C('ifError string', () => F(() => assert.ifError('str')), "AssertionError | ERR_ASSERTION | false | ifError | ifError got unwanted exception: 'str'");
C('ifError zero', () => F(() => assert.ifError(0)), 'AssertionError | ERR_ASSERTION | false | ifError | ifError got unwanted exception: 0');

// --- match ---
C('match', () => F(() => assert.match('abc', /x/)), "AssertionError | ERR_ASSERTION | true | match | The input did not match the regular expression /x/. Input:\n\n'abc'\n");
C('doesNotMatch', () => F(() => assert.doesNotMatch('abc', /b/)), "AssertionError | ERR_ASSERTION | true | doesNotMatch | The input was expected to not match the regular expression /b/. Input:\n\n'abc'\n");
C('match non-string', () => F(() => assert.match(1, /x/)), 'AssertionError | ERR_ASSERTION | true | match | The "string" argument must be of type string. Received type number (1)');
C('match non-regexp', () => F(() => assert.match('a', 'a')), 'TypeError | ERR_INVALID_ARG_TYPE |  |  | The "regexp" argument must be an instance of RegExp. Received type string (\'a\')');
C('match message', () => F(() => assert.match('a', /b/, 'custom')), 'AssertionError | ERR_ASSERTION | false | match | custom');

// --- throws / doesNotThrow ---
C('throws missing', () => F(() => assert.throws(() => {})), 'AssertionError | ERR_ASSERTION | false | throws | Missing expected exception.');
C('throws missing class', () => F(() => assert.throws(() => {}, TypeError, 'custom')), 'AssertionError | ERR_ASSERTION | false | throws | Missing expected exception (TypeError): custom');
C('throws missing message', () => F(() => assert.throws(() => {}, 'only message')), 'AssertionError | ERR_ASSERTION | false | throws | Missing expected exception: only message');
C('throws regexp', () => F(() => assert.throws(() => { throw new Error('x'); }, /y/)), "AssertionError | ERR_ASSERTION | true | throws | The input did not match the regular expression /y/. Input:\n\n'Error: x'\n");
C('throws object', () => F(() => assert.throws(() => { throw new Error('x'); }, { message: 'y' })), "AssertionError | ERR_ASSERTION | true | throws | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   message: 'x'\n-   message: 'y'\n  }");
C('throws object regexp', () => F(() => assert.throws(() => { throw new Error('x'); }, { message: /y/, name: 'Error' })), "AssertionError | ERR_ASSERTION | true | throws | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   message: 'x',\n-   message: /y/,\n    name: 'Error'\n  }");
C('throws error object', () => F(() => assert.throws(() => { throw new Error('x'); }, new Error('y'))), "AssertionError | ERR_ASSERTION | true | throws | Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   message: 'x',\n-   message: 'y',\n    name: 'Error'\n  }");
C('throws object message', () => F(() => assert.throws(() => { throw new Error('x'); }, { message: 'y' }, 'custom')), 'AssertionError | ERR_ASSERTION | false | throws | custom');
C('throws primitive object', () => F(() => assert.throws(() => { throw 'str'; }, { message: 'x' })), "AssertionError | ERR_ASSERTION | true | throws | Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ 'str'\n- {\n-   message: 'x'\n- }");
C('throws empty object', () => F(() => assert.throws(() => { throw new Error('x'); }, {})), "TypeError | ERR_INVALID_ARG_VALUE |  |  | The argument 'error' may not be an empty object. Received {}");
C('throws class', () => F(() => assert.throws(() => { throw new Error('x'); }, TypeError)), 'AssertionError | ERR_ASSERTION | true | throws | The error is expected to be an instance of "TypeError". Received "Error"\n\nError message:\n\nx');
C('throws other class', () => F(() => assert.throws(() => { throw new TypeError('x'); }, RangeError)), 'AssertionError | ERR_ASSERTION | true | throws | The error is expected to be an instance of "RangeError". Received "TypeError"\n\nError message:\n\nx');
C('throws class primitive', () => F(() => assert.throws(() => { throw 5; }, RangeError)), 'AssertionError | ERR_ASSERTION | true | throws | The error is expected to be an instance of "RangeError". Received "5"');
C('throws same name', () => { class E2 extends Error {} Object.defineProperty(E2, 'name', { value: 'Error' }); return F(() => assert.throws(() => { throw new Error('x'); }, E2)); }, 'AssertionError | ERR_ASSERTION | true | throws | The error is expected to be an instance of "Error". Received an error with identical name but a different prototype.\n\nError message:\n\nx');
C('throws validation false', () => F(() => assert.throws(() => { throw new Error('x'); }, (e) => false)), 'AssertionError | ERR_ASSERTION | true | throws | The validation function is expected to return "true". Received false\n\nCaught error:\n\nError: x');
C('throws validation named', () => F(() => assert.throws(() => { throw new Error('x'); }, function named() { return 1; })), 'AssertionError | ERR_ASSERTION | true | throws | The "named" validation function is expected to return "true". Received 1\n\nCaught error:\n\nError: x');
C('throws ambiguous', () => F(() => assert.throws(() => { throw new Error('x'); }, 'x')), 'TypeError | ERR_AMBIGUOUS_ARGUMENT |  |  | The "error/message" argument is ambiguous. The error message "x" is identical to the message.');
C('throws string and message', () => F(() => assert.throws(() => { throw new Error('x'); }, 'y', 'z')), 'TypeError | ERR_INVALID_ARG_TYPE |  |  | The "error" argument must be of type function or an instance of Error, RegExp, or Object. Received type string (\'y\')');
C('throws not fn', () => F(() => assert.throws('notfn')), 'TypeError | ERR_INVALID_ARG_TYPE |  |  | The "fn" argument must be of type function. Received type string (\'notfn\')');
C('throws bad error', () => F(() => assert.throws(() => { throw new Error('x'); }, 5)), 'TypeError | ERR_INVALID_ARG_TYPE |  |  | The "error" argument must be of type function or an instance of Error, RegExp, or Object. Received type number (5)');
C('throws error message', () => F(() => assert.throws(() => {}, new TypeError('own'))), 'AssertionError | ERR_ASSERTION | false | throws | Missing expected exception (TypeError).');
C('doesNotThrow', () => F(() => assert.doesNotThrow(() => { throw new Error('x'); })), 'AssertionError | ERR_ASSERTION | false | doesNotThrow | Got unwanted exception.\nActual message: "x"');
C('doesNotThrow message', () => F(() => assert.doesNotThrow(() => { throw new Error('x'); }, 'msg')), 'AssertionError | ERR_ASSERTION | false | doesNotThrow | Got unwanted exception: msg\nActual message: "x"');
C('doesNotThrow other class', () => F(() => assert.doesNotThrow(() => { throw new TypeError('x'); }, RangeError)), 'TypeError |  |  |  | x');
C('doesNotThrow class', () => F(() => assert.doesNotThrow(() => { throw new TypeError('x'); }, TypeError)), 'AssertionError | ERR_ASSERTION | false | doesNotThrow | Got unwanted exception.\nActual message: "x"');
C('doesNotThrow regexp message', () => F(() => assert.doesNotThrow(() => { throw new TypeError('x'); }, /x/, 'm')), 'AssertionError | ERR_ASSERTION | false | doesNotThrow | Got unwanted exception: m\nActual message: "x"');
C('doesNotThrow bad', () => F(() => assert.doesNotThrow(() => { throw new TypeError('x'); }, 5)), 'TypeError | ERR_INVALID_ARG_TYPE |  |  | The "expected" argument must be of type function or an instance of RegExp. Received type number (5)');

// --- AssertionError ---
C('AssertionError inspect', () => util.inspect(new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' })).split('\n')[0], 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:');
C('AssertionError props', () => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' }); return [e.name, e.code, Object.keys(e).join(), e.toString(), e.stack.split('\n')[0], e instanceof Error].join('|'); }, 'AssertionError|ERR_ASSERTION|generatedMessage,code,actual,expected,operator|AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n1 !== 2\n|AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:|true');
C('AssertionError long', () => util.inspect(new assert.AssertionError({ actual: 'x'.repeat(600), expected: 'y', operator: 'equal', message: 'm' })).replace(/\n    at .*/g, ''), "AssertionError [ERR_ASSERTION]: m\n  generatedMessage: false,\n  code: 'ERR_ASSERTION',\n  actual: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...',\n  expected: 'y',\n  operator: 'equal'\n}");
C('AssertionError bad options', () => F(() => new assert.AssertionError(1)), 'TypeError | ERR_INVALID_ARG_TYPE |  |  | The "options" argument must be of type object. Received type number (1)');
C('AssertionError custom', () => { const e = new assert.AssertionError({ message: 'hi', actual: [1], expected: [2], operator: 'x' }); return [e.message, e.generatedMessage, e.operator].join('|'); }, 'hi|false|x');

// --- CallTracker ---
C('CallTracker', () => {
  const tracker = new assert.CallTracker();
  const f = tracker.calls(function myFn(x) { return x * 2; }, 2);
  const r = f(3);
  const report = tracker.report();
  return [r, report.length, report[0].message, report[0].actual, report[0].expected, report[0].operator, F(() => tracker.verify())].join('|');
},
  '6|1|Expected the myFn function to be executed 2 time(s) but was executed 1 time(s).|1|2|myFn|AssertionError | ERR_ASSERTION | false |  | Expected the myFn function to be executed 2 time(s) but was executed 1 time(s).');

done();

// ok() names the failing expression when the source can be read (else `false == true`).
{
  let message;
  try {
    assert.ok(typeof 123 === 'string');
  } catch (e) {
    message = e.message;
    assert.strictEqual(e.generatedMessage, true);
    assert.strictEqual(e.operator, '==');
    assert.strictEqual(e.actual, false);
    assert.strictEqual(e.expected, true);
  }
  if (message !== 'false == true') {
    assert.strictEqual(message, "The expression evaluated to a falsy value:\n\n  assert.ok(typeof 123 === 'string')\n");
  }
  try {
    assert(1 === 2,
      undefined);
  } catch (e) {
    if (e.message !== 'false == true') {
      assert.strictEqual(e.message, 'The expression evaluated to a falsy value:\n\n  assert(1 === 2,\n    undefined)\n');
    }
  }
}

// rejects / doesNotReject.
(async () => {
  await assert.rejects(Promise.reject(new TypeError('bad')), TypeError);
  await assert.rejects(async () => { throw new Error('y'); }, /y/);
  await assert.rejects(async () => { throw new Error('y'); }, { message: 'y' });
  await assert.doesNotReject(Promise.resolve(1));
  await assert.doesNotReject(async () => 1);
  const caught = async (p) => { try { await p; return 'no throw'; } catch (e) { return [e.name, e.code, e.message].join(' | '); } };
  const got = [
    await caught(assert.rejects(Promise.resolve(1))),
    await caught(assert.rejects(async () => {}, TypeError, 'msg')),
    await caught(assert.rejects(() => 1)),
    await caught(assert.rejects(1)),
    await caught(assert.rejects(Promise.reject(new Error('x')), RangeError)),
    await caught(assert.doesNotReject(Promise.reject(new Error('nope')))),
    await caught(assert.doesNotReject(Promise.reject(new Error('nope')), 'why')),
    await caught(assert.doesNotReject(() => 5)),
  ];
  const want = [
    'AssertionError | ERR_ASSERTION | Missing expected rejection.',
    'AssertionError | ERR_ASSERTION | Missing expected rejection (TypeError): msg',
    'TypeError | ERR_INVALID_RETURN_VALUE | Expected instance of Promise to be returned from the "promiseFn" function but got type number (1).',
    'TypeError | ERR_INVALID_ARG_TYPE | The "promiseFn" argument must be of type function or an instance of Promise. Received type number (1)',
    'AssertionError | ERR_ASSERTION | The error is expected to be an instance of "RangeError". Received "Error"\n\nError message:\n\nx',
    'AssertionError | ERR_ASSERTION | Got unwanted rejection.\nActual message: "nope"',
    'AssertionError | ERR_ASSERTION | Got unwanted rejection: why\nActual message: "nope"',
    'TypeError | ERR_INVALID_RETURN_VALUE | Expected instance of Promise to be returned from the "promiseFn" function but got type number (5).',
  ];
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) throw new Error(`rejects case ${i}:\n  actual:   ${JSON.stringify(got[i])}\n  expected: ${JSON.stringify(want[i])}`);
  }
})();
