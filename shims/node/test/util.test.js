'use strict';
// node:util: inspect and format (expected strings are host Node 20's output), the type checks,
// isDeepStrictEqual, promisify/callbackify, inherits, deprecate, parseArgs and the helpers.
const assert = require('assert');
const util = require('util');
const failures = [];
function outcome(fn) {
  try {
    const r = fn();
    return typeof r === 'object' && r !== null ? util.inspect(r) : r;
  } catch (e) {
    return `THROW ${e && e.name} ${e && e.code} ${e && e.message}`;
  }
}
// C(label, fn, expected): fn() (or 'THROW name code message') must be expected.
function C(label, fn, expected) {
  const actual = outcome(fn);
  if (actual !== expected) failures.push(`${label}:\n  actual:   ${JSON.stringify(actual)}\n  expected: ${JSON.stringify(expected)}`);
}
// I(label, value, [options], expected): util.inspect(value, options) must be expected.
function I(label, value, ...rest) {
  const expected = rest.pop();
  C(label, () => util.inspect(value, ...rest), expected);
}

// --- inspect: primitives, arrays, objects, classes, functions, collections ---
I('num', 1, '1'); I('-0', -0, '-0'); I('nan', NaN, 'NaN'); I('big', 10n, '10n'); I('str', 'a', "'a'"); I('strq', "it's", '"it\'s"'); I('strq2', `it's "x"`, '`it\'s "x"`'); I('strq3', 'it\'s "x" `y`', '\'it\\\'s "x" `y`\'');
I('ctrl', 'a\nb\tc\x00\x1b', "'a\\nb\\tc\\x00\\x1B'"); I('sym', Symbol('a'), 'Symbol(a)'); I('symdesc', Symbol(), 'Symbol()'); I('undef', undefined, 'undefined'); I('null', null, 'null'); I('bool', true, 'true');
I('nested str', ['a', "b'c"], '[ \'a\', "b\'c" ]'); I('obj', {a:1, 'b-c':2, 3:4, [Symbol('s')]:5}, "{ '3': 4, a: 1, 'b-c': 2, [Symbol(s)]: 5 }");
I('empty arr', [], '[]'); I('empty obj', {}, '{}'); I('holes', [1,,3], '[ 1, <1 empty item>, 3 ]'); I('holes2', [,,], '[ <2 empty items> ]'); I('holes3', Object.assign([1,,,4,,], {x: 1}), '[ 1, <2 empty items>, 4, <1 empty item>, x: 1 ]');
I('arr 120', Array.from({length:120}, (_, i) => i), '[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,\n  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,\n  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,\n  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,\n  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,\n  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,\n  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,\n  96, 97, 98, 99,\n  ... 20 more items\n]');
I('arr 7 str', ['a','bb','ccc','dddd','eeeee','ffffff','g'], "[ 'a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g' ]");
I('arr 26 str', Array.from({length:26}, (_, i) => String.fromCharCode(97+i).repeat(i % 5 + 1)), "[\n  'a',     'bb',    'ccc',   'dddd',\n  'eeeee', 'f',     'gg',    'hhh',\n  'iiii',  'jjjjj', 'k',     'll',\n  'mmm',   'nnnn',  'ooooo', 'p',\n  'qq',    'rrr',   'ssss',  'ttttt',\n  'u',     'vv',    'www',   'xxxx',\n  'yyyyy', 'z'\n]");
I('arr mixed', [1, 'two', 3, 'four', 5, 'six', 7, 8, 9, 10], "[\n  1,      'two', 3,\n  'four', 5,     'six',\n  7,      8,     9,\n  10\n]");
I('arr floats', Array.from({length: 20}, (_, i) => i / 3), '[\n                   0, 0.3333333333333333,\n  0.6666666666666666,                  1,\n  1.3333333333333333, 1.6666666666666667,\n                   2, 2.3333333333333335,\n  2.6666666666666665,                  3,\n  3.3333333333333335, 3.6666666666666665,\n                   4,  4.333333333333333,\n   4.666666666666667,                  5,\n   5.333333333333333,  5.666666666666667,\n                   6,  6.333333333333333\n]');
I('arr neg', [-1, -22, 333, -4444, 5, 66, -777, 8888, 9, -10], '[\n     -1,  -22, 333,\n  -4444,    5,  66,\n   -777, 8888,   9,\n    -10\n]');
I('arr objs', [{a:1},{b:2},{c:3},{d:4},{e:5},{f:6},{g:7}], '[\n  { a: 1 }, { b: 2 },\n  { c: 3 }, { d: 4 },\n  { e: 5 }, { f: 6 },\n  { g: 7 }\n]');
I('arr long', Array.from({length: 8}, (_, i) => 'x'.repeat(i * 10)), "[\n  '',\n  'xxxxxxxxxx',\n  'xxxxxxxxxxxxxxxxxxxx',\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n]");
I('nested arr', [[1,2,[3,4,[5,[6]]]]], '[ [ 1, 2, [ 3, 4, [Array] ] ] ]');
I('deep', {a:{b:{c:{d:{}}}}}, '{ a: { b: { c: [Object] } } }'); I('deep arr', {a:{b:{c:[]}}}, '{ a: { b: { c: [] } } }'); I('deep arr2', {a:{b:{c:[1]}}}, '{ a: { b: { c: [Array] } } }');
I('depth0', {a:{b:1}}, {depth:0}, '{ a: [Object] }'); I('depthInf', {a:{b:{c:{d:{e:1}}}}}, {depth:Infinity}, '{\n  a: {\n    b: { c: { d: { e: 1 } } }\n  }\n}'); I('depthnull', {a:{b:{c:{d:{e:1}}}}}, {depth:null}, '{\n  a: {\n    b: { c: { d: { e: 1 } } }\n  }\n}');
class Foo { constructor() { this.a = 1; } }
class Bar extends Foo {}
I('class inst', new Foo(), 'Foo { a: 1 }'); I('class inst2', new Bar(), 'Bar { a: 1 }'); I('class', Foo, '[class Foo]'); I('class ext', Bar, '[class Bar extends Foo]');
I('anon class', class {}, '[class (anonymous)]'); I('class with name prop', class { static name = 'X'; }, "[class X] { name: 'X' }");
I('fn', function f() {}, '[Function: f]'); I('anon fn', () => {}, '[Function (anonymous)]'); I('async', async function af() {}, '[AsyncFunction: af]'); I('gen', function* g() {}, '[GeneratorFunction: g]'); I('asyncgen', async function* ag() {}, '[AsyncGeneratorFunction: ag]');
I('fn props', Object.assign(function f2() {}, {x: 1}), '[Function: f2] { x: 1 }');
I('bound', function b() {}.bind(null), '[Function: bound b]');
I('nullproto', Object.create(null), '[Object: null prototype] {}'); I('nullproto2', Object.assign(Object.create(null), {a: 1}), '[Object: null prototype] { a: 1 }');
I('getter', {get a() { return 1; }}, '{ a: [Getter] }'); I('getset', {get a() { return 1; }, set a(v) {}}, '{ a: [Getter/Setter] }'); I('setter', {set a(v) {}}, '{ a: [Setter] }');
I('getters opt', {get a() { return {x: 1}; }, get b() { return 'str'; }, get c() { throw new Error('boom'); }}, {getters: true}, "{\n  a: [Getter] { x: 1 },\n  b: [Getter: 'str'],\n  c: [Getter: <Inspection threw (boom)>]\n}");
I('map', new Map([['a', 1], [{x: 1}, [1, 2]]]), "Map(2) { 'a' => 1, { x: 1 } => [ 1, 2 ] }"); I('emptymap', new Map(), 'Map(0) {}'); I('set', new Set([1, 'a', {}]), "Set(3) { 1, 'a', {} }"); I('emptyset', new Set(), 'Set(0) {}');
I('weakmap', new WeakMap(), 'WeakMap { <items unknown> }'); I('weakset', new WeakSet(), 'WeakSet { <items unknown> }');
I('date', new Date(0), '1970-01-01T00:00:00.000Z'); I('bad date', new Date(NaN), 'Invalid Date'); I('date props', Object.assign(new Date(0), {x: 1}), '1970-01-01T00:00:00.000Z { x: 1 }');
I('regexp', /ab+c/gi, '/ab+c/gi'); I('regexp props', Object.assign(/x/, {y: 1}), '/x/ { y: 1 }');
I('boxed', [new String('x'), new Number(-0), new Boolean(false), Object(1n), Object(Symbol('q'))], "[\n  [String: 'x'],\n  [Number: -0],\n  [Boolean: false],\n  [BigInt: 1n],\n  [Symbol: Symbol(q)]\n]");
I('boxed str props', Object.assign(new String('ab'), {c: 1}), "[String: 'ab'] { c: 1 }");
I('pending', new Promise(() => {}), 'Promise { <pending> }');
I('typed', new Uint8Array([1, 2, 3]), 'Uint8Array(3) [ 1, 2, 3 ]'); I('typed empty', new Float64Array(0), 'Float64Array(0) []'); I('bigint64', new BigInt64Array([1n, -2n]), 'BigInt64Array(2) [ 1n, -2n ]');
I('typed 200', new Uint16Array(200), 'Uint16Array(200) [\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n  0, 0, 0, 0,\n  ... 100 more items\n]');
I('ab', new ArrayBuffer(3), 'ArrayBuffer { [Uint8Contents]: <00 00 00>, byteLength: 3 }'); I('ab big', new Uint8Array(Array.from({length: 120}, (_, i) => i)).buffer, 'ArrayBuffer {\n  [Uint8Contents]: <00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50 51 52 53 54 55 56 57 58 59 5a 5b 5c 5d 5e 5f 60 61 62 63 ... 20 more bytes>,\n  byteLength: 120\n}');
I('dataview', new DataView(new ArrayBuffer(4), 1, 2), 'DataView {\n  byteLength: 2,\n  byteOffset: 1,\n  buffer: ArrayBuffer { [Uint8Contents]: <00 00 00 00>, byteLength: 4 }\n}');
const circ = {a: 1}; circ.self = circ; I('circ', circ, '<ref *1> { a: 1, self: [Circular *1] }');
const c2 = {x: {}}; c2.x.y = c2.x; c2.z = c2; I('circ2', c2, '<ref *2> { x: <ref *1> { y: [Circular *1] }, z: [Circular *2] }');
const ca = [1]; ca.push(ca); I('circ arr', ca, '<ref *1> [ 1, [Circular *1] ]');
I('custom', {[util.inspect.custom](depth, opts, insp) { return `custom ${depth} ${typeof opts.stylize} ${insp === util.inspect}`; }}, 'custom 2 function true');
I('custom obj', {[util.inspect.custom]() { return {z: 1}; }}, '{ z: 1 }');
I('custom nested', {a: {[util.inspect.custom]() { return 'line1\nline2'; }}}, '{\n  a: line1\n  line2\n}');
I('custom this', {[util.inspect.custom]() { return this; }, q: 1}, '{\n  q: 1,\n  [Symbol(nodejs.util.inspect.custom)]: [Function: [nodejs.util.inspect.custom]]\n}');
I('err in obj', {e: Object.assign(new Error('in'), {stack: 'Error: in\n    at foo (x.js:1:1)'})}, '{\n  e: Error: in\n      at foo (x.js:1:1)\n}');
const e1 = new Error('msg'); e1.stack = 'Error: msg\n    at a (b.js:1:2)'; e1.code = 'E_X'; I('err props', e1, "Error: msg\n    at a (b.js:1:2) {\n  code: 'E_X'\n}");
const e2 = new TypeError('t'); e2.stack = 'TypeError: t\n    at q'; I('typeerr', e2, 'TypeError: t\n    at q');
const e3 = new Error(''); e3.stack = 'Error\n    at q'; I('err empty', e3, 'Error\n    at q');
class MyErr extends Error {} const e4 = new MyErr('m'); e4.stack = 'Error: m\n    at z'; I('myerr', e4, 'MyErr [Error]: m\n    at z');
const e5 = new Error('m5'); e5.name = 'Custom'; e5.stack = 'Custom: m5\n    at z'; I('err custom name', e5, 'Custom: m5\n    at z');
const e6 = new Error('nostack'); e6.stack = ''; I('err nostack', e6, '[Error: nostack]');
const e7 = new Error('c', {cause: new Error('inner')}); e7.stack = 'Error: c\n    at a\n    at b\n    at c\n    at d\n    at e'; e7.cause.stack = 'Error: inner\n    at x\n    at b\n    at c\n    at d\n    at e'; I('err cause', e7, 'Error: c\n    at a\n    at b\n    ... 2 lines matching cause stack trace ...\n    at e {\n  [cause]: Error: inner\n      at x\n      at b\n      at c\n      at d\n      at e\n}');
I('args', (function () { return arguments; })(1, 2), "[Arguments] { '0': 1, '1': 2 }");
I('tag', {[Symbol.toStringTag]: 'T', a: 1}, "{ a: 1, [Symbol(Symbol.toStringTag)]: 'T' }"); class Tagged { get [Symbol.toStringTag]() { return 'TT'; } } I('tag class', new Tagged(), 'Tagged [TT] {}');
I('obj w/ proto null ctor', Object.create(Object.create(null)), 'Object <[Object: null prototype] {}> {}');
I('long str', 'x'.repeat(100), "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"); I('long str nl', ('line of text here\n').repeat(6), "'line of text here\\n' +\n  'line of text here\\n' +\n  'line of text here\\n' +\n  'line of text here\\n' +\n  'line of text here\\n' +\n  'line of text here\\n'");
I('long str in obj', {k: 'y'.repeat(90)}, "{\n  k: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'\n}");
I('maxStringLength', 'abcdef', {maxStringLength: 2}, "'ab'... 4 more characters"); I('maxArrayLength', [1, 2, 3], {maxArrayLength: 1}, '[ 1, ... 2 more items ]'); I('maxArrayLength0', [1, 2], {maxArrayLength: 0}, '[ ... 2 more items ]');
I('map maxArrayLength', new Map([[1, 2], [3, 4]]), {maxArrayLength: 1}, 'Map(2) { 1 => 2, ... 1 more item }'); I('set maxArrayLength', new Set([1, 2, 3]), {maxArrayLength: 1}, 'Set(3) { 1, ... 2 more items }');
I('sorted', {c: 1, a: 2, b: 3}, {sorted: true}, '{ a: 2, b: 3, c: 1 }'); I('sorted map', new Map([['b', 1], ['a', 2]]), {sorted: true}, "Map(2) { 'a' => 2, 'b' => 1 }");
I('compact false', {a: 1, b: [1, 2]}, {compact: false}, '{\n  a: 1,\n  b: [\n    1,\n    2\n  ]\n}'); I('compact true', {a: {b: {c: 1}}, d: 'x'.repeat(80)}, {compact: true}, "{ a: { b: { c: 1 } },\n  d:\n   'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }");
I('compact 1', {a: {b: 1}}, {compact: 1}, '{\n  a: { b: 1 }\n}');
I('breakLength', {a: 'aaaaaaaaaa', b: 'bbbbbbbbbb', c: 'cccccccccccc'}, {breakLength: 20}, "{\n  a: 'aaaaaaaaaa',\n  b: 'bbbbbbbbbb',\n  c: 'cccccccccccc'\n}");
I('breakLength inf', {a: 'a'.repeat(50), b: 'b'.repeat(50)}, {breakLength: Infinity}, "{ a: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', b: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }");
I('showHidden arr', [1, 2], {showHidden: true}, '[ 1, 2, [length]: 2 ]'); I('showHidden obj', Object.defineProperty({a: 1}, 'h', {value: 2}), true, '{ a: 1, [h]: 2 }');
I('showHidden fn', function f() {}, {showHidden: true}, "<ref *1> [Function: f] {\n  [length]: 0,\n  [name]: 'f',\n  [prototype]: { [constructor]: [Circular *1] }\n}");
I('showHidden typed', new Uint8Array(2), {showHidden: true}, 'Uint8Array(2) [\n  0,\n  0,\n  [BYTES_PER_ELEMENT]: 1,\n  [length]: 2,\n  [byteLength]: 2,\n  [byteOffset]: 0,\n  [buffer]: ArrayBuffer { byteLength: 2 }\n]');
I('showHidden err', (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y'; return e; })(), {showHidden: true}, "Error: x\n    at y {\n  [stack]: 'Error: x\\n    at y',\n  [message]: 'x'\n}");
I('colors', {a: 1, b: 'x', c: null, d: undefined, e: Symbol('s'), f: 1n, g: true, h: [new Date(0)], i: /x/}, {colors: true}, "{\n  a: \u001b[33m1\u001b[39m,\n  b: \u001b[32m'x'\u001b[39m,\n  c: \u001b[1mnull\u001b[22m,\n  d: \u001b[90mundefined\u001b[39m,\n  e: \u001b[32mSymbol(s)\u001b[39m,\n  f: \u001b[33m1n\u001b[39m,\n  g: \u001b[33mtrue\u001b[39m,\n  h: [ \u001b[35m1970-01-01T00:00:00.000Z\u001b[39m ],\n  i: \u001b[31m/x/\u001b[39m\n}");
I('numsep', [1234567.891, 1000, -12345, 123456789n], {numericSeparator: true}, '[ 1_234_567.891, 1_000, -12_345, 123_456_789n ]');
I('key escape', {'a\nb': 1, "it's": 2, '': 3, 'ünï': 4}, '{ \'a\\nb\': 1, "it\'s": 2, \'\': 3, \'ünï\': 4 }');
I('sym key escape', {[Symbol('a\nb')]: 1}, '{ [Symbol(a\\nb)]: 1 }');
I('__proto__ key', JSON.parse('{"__proto__": 1}'), "{ ['__proto__']: 1 }");
I('nonenum key', Object.defineProperty({}, 'x y', {value: 1, enumerable: false}), {showHidden: true}, '{ [x y]: 1 }');
I('array extra keys', Object.assign([1, 2], {foo: 'bar', [Symbol('s')]: 1}), "[ 1, 2, foo: 'bar', [Symbol(s)]: 1 ]");
I('arr subclass', new (class MyArr extends Array {})(3).fill(0), 'MyArr(3) [ 0, 0, 0 ]');
I('map subclass', new (class MyMap extends Map {})([[1, 2]]), 'MyMap(1) [Map] { 1 => 2 }');
I('nullproto arr', Object.setPrototypeOf([1, 2], null), '[Array(2): null prototype] [ 1, 2 ]');
I('nullproto map', Object.setPrototypeOf(new Map([[1, 2]]), null), '[Map(1): null prototype] { 1 => 2 }');
I('nullproto set', Object.setPrototypeOf(new Set([1]), null), '[Set(1): null prototype] { 1 }');
I('nullproto date', Object.setPrototypeOf(new Date(0), null), '[Date: null prototype] 1970-01-01T00:00:00.000Z');
I('nullproto regexp', Object.setPrototypeOf(/x/, null), '[RegExp: null prototype] /x/');
I('nullproto fn', Object.setPrototypeOf(function nf() {}, null), '[Function (null prototype): nf]');
I('nullproto typed', Object.setPrototypeOf(new Uint8Array(2), null), '[Uint8Array(2): null prototype] [ 0, 0 ]');
I('nullproto err', (() => { const e = new RangeError('r'); e.stack = 'RangeError: r\n    at x'; return Object.setPrototypeOf(e, null); })(), '[RangeError: null prototype]: r\n    at x');
I('fake ctor', Object.create({constructor: function Foo() {}}), '{}');
I('ctor no name', new (function () {})(), '{}');
I('object in map in array', [new Map([[{a: [1, {b: 2}]}, new Set([[1]])]])], '[ Map(1) { { a: [Array] } => Set(1) { [Array] } } ]');
I('long keys obj', {aaaaaaaaaaaaaaaa: 1, bbbbbbbbbbbbbbbbb: 2, ccccccccccccccccc: 3, dddddddddddddddd: 4, eeeeeeeeeeee: 5}, '{\n  aaaaaaaaaaaaaaaa: 1,\n  bbbbbbbbbbbbbbbbb: 2,\n  ccccccccccccccccc: 3,\n  dddddddddddddddd: 4,\n  eeeeeeeeeeee: 5\n}');
I('nested objs', {a: {b: 1, c: 2}, d: {e: {f: 'g'}}, h: [1, 2, 3], i: 'text', j: null, k: undefined, l: () => {}}, "{\n  a: { b: 1, c: 2 },\n  d: { e: { f: 'g' } },\n  h: [ 1, 2, 3 ],\n  i: 'text',\n  j: null,\n  k: undefined,\n  l: [Function: l]\n}");
I('arr of objs', [{name: 'alice', age: 30, tags: ['a', 'b']}, {name: 'bob', age: 25, tags: []}], "[\n  { name: 'alice', age: 30, tags: [ 'a', 'b' ] },\n  { name: 'bob', age: 25, tags: [] }\n]");
I('wide', {key1: 'value number one', key2: 'value number two', key3: 'value number three', key4: 4}, "{\n  key1: 'value number one',\n  key2: 'value number two',\n  key3: 'value number three',\n  key4: 4\n}");
I('depth obj in arr', [[[[1]]]], '[ [ [ [Array] ] ] ]');
I('arr of arrs', [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15], [16, 17, 18], [19, 20, 21]], '[\n  [ 1, 2, 3 ],\n  [ 4, 5, 6 ],\n  [ 7, 8, 9 ],\n  [ 10, 11, 12 ],\n  [ 13, 14, 15 ],\n  [ 16, 17, 18 ],\n  [ 19, 20, 21 ]\n]');
I('arr of 100 arr', Array.from({length: 10}, (_, i) => [i, i * 2]), '[\n  [ 0, 0 ],  [ 1, 2 ],\n  [ 2, 4 ],  [ 3, 6 ],\n  [ 4, 8 ],  [ 5, 10 ],\n  [ 6, 12 ], [ 7, 14 ],\n  [ 8, 16 ], [ 9, 18 ]\n]');
I('unicode', ['日本語', 'ü', '😀'], "[ '日本語', 'ü', '😀' ]"); I('unicode group', Array.from({length: 10}, (_, i) => '日本'.repeat(i % 3 + 1)), "[\n  '日本',         '日本日本',\n  '日本日本日本', '日本',\n  '日本日本',     '日本日本日本',\n  '日本',         '日本日本',\n  '日本日本日本', '日本'\n]");
// Not supported: Map/Set iterators print `{ <items unknown> }` (see lib/util.js).
I('arr iter', [1].values(), 'Object [Array Iterator] {}');
I('gen obj', (function* () {})(), 'Object [Generator] {}');
I('global-ish', Math, 'Object [Math] {}'); I('json', JSON, 'Object [JSON] {}'); I('reflect', Reflect, 'Object [Reflect] {}');
I('symbol.iterator obj', {[Symbol.iterator]: 1}, '{ [Symbol(Symbol.iterator)]: 1 }');
I('proxy', new Proxy({a: 1}, {}), '{ a: 1 }');
I('object with ctor prop', {constructor: 'x'}, "{ constructor: 'x' }");
I('inherited props', Object.create({inh: 1}, {own: {value: 2, enumerable: true}}), '{ own: 2 }');
C('fmt1', () => util.format('%s:%s', 'a'), 'a:%s'); C('fmt2', () => util.format('%d', '42'), '42'); C('fmt3', () => util.format('%i', '42.9'), '42');
C('fmt4', () => util.format('%f', '1.5x'), '1.5'); C('fmt5', () => util.format('%j', {a: 1}), '{"a":1}'); C('fmt6', () => { const o = {}; o.o = o; return util.format('%j', o); }, '[Circular]');
C('fmt7', () => util.format('%o', {a: [1, 2]}), '{ a: [ 1, 2, [length]: 2 ] }'); C('fmt8', () => util.format('%O', {a: {b: {c: {d: 1}}}}), '{ a: { b: { c: [Object] } } }'); C('fmt9', () => util.format('%c%s', 'color: red', 'x'), 'x');
C('fmt10', () => util.format('%%s %s', 'a'), '%s a'); C('fmt11', () => util.format('a', 'b', 1, {c: 2}), 'a b 1 { c: 2 }'); C('fmt12', () => util.format(1, 2), '1 2');
C('fmt13', () => util.format('%s', null), 'null'); C('fmt14', () => util.format('%s', undefined), 'undefined'); C('fmt15', () => util.format('%s', 1n), '1n'); C('fmt16', () => util.format('%s', -0), '-0');
C('fmt17', () => util.format('%s', Symbol('x')), 'Symbol(x)'); C('fmt18', () => util.format('%d', 1n), '1n'); C('fmt19', () => util.format('%d', {}), 'NaN'); C('fmt20', () => util.format('%s', [1, [2, [3]]]), '[ 1, [Array] ]');
C('fmt21', () => util.format('%s', new Date(0)), '1970-01-01T00:00:00.000Z'); C('fmt22', () => util.format('%x %s', 1), '%x 1'); C('fmt23', () => util.format('%', 1), '% 1'); C('fmt24', () => util.format('%s'), '%s');
C('fmt25', () => util.format(), ''); C('fmt26', () => util.format('%s', function foo() {}), 'function foo() {}'); C('fmt27', () => util.format('%s', new Foo()), 'Foo { a: 1 }');
C('fmt28', () => util.format('%d %i %f', Symbol(), Symbol(), Symbol()), 'NaN NaN NaN'); C('fmt29', () => util.format('%s %s', 'a', 'b', 'c'), 'a b c');
C('fmt30', () => util.format('%s', {toString() { return 'custom'; }}), 'custom'); C('fmt31', () => util.format('%s', Object.create(null)), '[Object: null prototype] {}');
C('fmt32', () => util.formatWithOptions({colors: true}, '%O', 1), '\u001b[33m1\u001b[39m'); C('fmt33', () => util.formatWithOptions({compact: false}, {a: 1}), '{\n  a: 1\n}');
C('fmt34', () => util.format('%s', 'x'.repeat(3), 5), 'xxx 5'); C('fmt35', () => util.format('%s', new Error('e')).split('\n')[0], 'Error: e');
C('fmtwo bad', () => util.formatWithOptions(null, 'x'), 'THROW TypeError ERR_INVALID_ARG_TYPE The "inspectOptions" argument must be of type object. Received null');
C('strip', () => util.stripVTControlCharacters('\u001b[31mred\u001b[39m'), 'red'); C('usv', () => util.toUSVString('a\ud800b'), 'a�b');
C('defaultOptions', () => JSON.stringify(util.inspect.defaultOptions), '{"showHidden":false,"depth":2,"colors":false,"customInspect":true,"showProxy":false,"maxArrayLength":100,"maxStringLength":10000,"breakLength":80,"compact":3,"sorted":false,"getters":false,"numericSeparator":false}');
C('inspect legacy', () => util.inspect({a: {b: {c: {d: 1}}}}, false, 0), '{ a: [Object] }');
C('inspect legacy colors', () => util.inspect(1, false, 0, true), '\u001b[33m1\u001b[39m');
// --- inspect: line breaking, options, errors, colors ---
I('obj arr 7 nums', {data: [1, 2, 3, 4, 5, 6, 7], other: 'x'}, "{\n  data: [\n    1, 2, 3, 4,\n    5, 6, 7\n  ],\n  other: 'x'\n}");
I('deep indent arr', {a: {b: {c: Array.from({length: 30}, (_, i) => i)}}}, {depth: 5}, '{\n  a: {\n    b: {\n      c: [\n         0,  1,  2,  3,  4,  5,  6,  7,  8,\n         9, 10, 11, 12, 13, 14, 15, 16, 17,\n        18, 19, 20, 21, 22, 23, 24, 25, 26,\n        27, 28, 29\n      ]\n    }\n  }\n}');
I('arr in arr group', [Array.from({length: 10}, (_, i) => i), Array.from({length: 10}, (_, i) => i * 1000)], '[\n  [\n    0, 1, 2, 3, 4,\n    5, 6, 7, 8, 9\n  ],\n  [\n       0, 1000, 2000,\n    3000, 4000, 5000,\n    6000, 7000, 8000,\n    9000\n  ]\n]');
I('arr strs long', Array.from({length: 12}, (_, i) => `item-${i}-${'z'.repeat(i)}`), "[\n  'item-0-',\n  'item-1-z',\n  'item-2-zz',\n  'item-3-zzz',\n  'item-4-zzzz',\n  'item-5-zzzzz',\n  'item-6-zzzzzz',\n  'item-7-zzzzzzz',\n  'item-8-zzzzzzzz',\n  'item-9-zzzzzzzzz',\n  'item-10-zzzzzzzzzz',\n  'item-11-zzzzzzzzzzz'\n]");
I('arr of long strs', ['a'.repeat(20), 'b'.repeat(20), 'c'.repeat(20), 'd'.repeat(20)], "[\n  'aaaaaaaaaaaaaaaaaaaa',\n  'bbbbbbbbbbbbbbbbbbbb',\n  'cccccccccccccccccccc',\n  'dddddddddddddddddddd'\n]");
I('arr 16+ strs', Array.from({length: 30}, (_, i) => 'word' + i), "[\n  'word0',  'word1',  'word2',\n  'word3',  'word4',  'word5',\n  'word6',  'word7',  'word8',\n  'word9',  'word10', 'word11',\n  'word12', 'word13', 'word14',\n  'word15', 'word16', 'word17',\n  'word18', 'word19', 'word20',\n  'word21', 'word22', 'word23',\n  'word24', 'word25', 'word26',\n  'word27', 'word28', 'word29'\n]");
I('map long', new Map(Array.from({length: 5}, (_, i) => [`key${i}`, {value: i, label: 'label ' + i}])), "Map(5) {\n  'key0' => { value: 0, label: 'label 0' },\n  'key1' => { value: 1, label: 'label 1' },\n  'key2' => { value: 2, label: 'label 2' },\n  'key3' => { value: 3, label: 'label 3' },\n  'key4' => { value: 4, label: 'label 4' }\n}");
I('set long', new Set(Array.from({length: 30}, (_, i) => i)), 'Set(30) {\n  0,\n  1,\n  2,\n  3,\n  4,\n  5,\n  6,\n  7,\n  8,\n  9,\n  10,\n  11,\n  12,\n  13,\n  14,\n  15,\n  16,\n  17,\n  18,\n  19,\n  20,\n  21,\n  22,\n  23,\n  24,\n  25,\n  26,\n  27,\n  28,\n  29\n}');
I('set of strs', new Set(Array.from({length: 10}, (_, i) => 'str' + i)), "Set(10) {\n  'str0',\n  'str1',\n  'str2',\n  'str3',\n  'str4',\n  'str5',\n  'str6',\n  'str7',\n  'str8',\n  'str9'\n}");
I('errs in arr', [Object.assign(new Error('a'), {stack: 'Error: a\n    at x'}), 1], '[\n  Error: a\n      at x,\n  1\n]');
const ag = new AggregateError([Object.assign(new Error('a1'), {stack: 'Error: a1\n    at y'})], 'agg'); ag.stack = 'AggregateError: agg\n    at x'; I('aggregate', ag, 'AggregateError: agg\n    at x {\n  [errors]: [\n    Error: a1\n        at y\n  ]\n}');
const ec = new Error('outer', {cause: 'str cause'}); ec.stack = 'Error: outer\n    at q'; I('cause str', ec, "Error: outer\n    at q {\n  [cause]: 'str cause'\n}");
const ecu = new Error('outer', {cause: undefined}); ecu.stack = 'Error: outer\n    at q'; I('cause undefined', ecu, 'Error: outer\n    at q {\n  [cause]: undefined\n}');
I('getters get', {get a() { return 1; }, get b() { return 2; }, set b(v) {}}, {getters: 'get'}, '{ a: [Getter: 1], b: [Getter/Setter] }');
I('getters set', {get a() { return 1; }, get b() { return 2; }, set b(v) {}}, {getters: 'set'}, '{ a: [Getter], b: [Getter/Setter: 2] }');
I('getter null', {get a() { return null; }}, {getters: true}, '{ a: [Getter: null] }');
I('customInspect false', {[util.inspect.custom]() { return 'X'; }, a: 1}, {customInspect: false}, '{\n  a: 1,\n  [Symbol(nodejs.util.inspect.custom)]: [Function: [nodejs.util.inspect.custom]]\n}');
I('custom depth', {a: {b: {[util.inspect.custom](d) { return 'depth=' + d; }}}}, '{ a: { b: depth=0 } }');
I('custom opts', {[util.inspect.custom](d, o) { return Object.keys(o).sort().join(','); }}, {foo: 1}, 'breakLength,colors,compact,customInspect,depth,foo,getters,maxArrayLength,maxStringLength,numericSeparator,showHidden,showProxy,sorted,stylize');
I('custom nullproto', Object.assign(Object.create(null), {[util.inspect.custom](d, o) { return typeof o.stylize + Object.getPrototypeOf(o); }}), 'functionnull');
I('stylize', {a: 1}, {stylize: (s, t) => `<${t}:${s}>`}, '{ <name:a>: <number:1> }');
I('big nested', {level1: {level2a: {x: 1, y: [1, 2, {z: 3}]}, level2b: 'some string value that is long', level2c: [{a: 1}, {b: 2}]}, top: true}, "{\n  level1: {\n    level2a: { x: 1, y: [Array] },\n    level2b: 'some string value that is long',\n    level2c: [ [Object], [Object] ]\n  },\n  top: true\n}");
I('very long line', {a: 'x'.repeat(30), b: 'y'.repeat(30), c: 'z'.repeat(30)}, "{\n  a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  b: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',\n  c: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'\n}");
I('exactly 72', {aaaa: 'x'.repeat(58)}, "{ aaaa: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }");
I('76', {a: 'x'.repeat(60), b: 1}, "{\n  a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  b: 1\n}");
I('nested 4 levels compact', {a: {b: {c: {}}}}, '{ a: { b: { c: {} } } }');
I('mixed group', [1, 2, 3, 'a', 'b', 'c', null, undefined, true], "[ 1, 2, 3, 'a', 'b', 'c', null, undefined, true ]");
I('group bigints', Array.from({length: 10}, (_, i) => BigInt(i) ** 10n), '[\n           0n,          1n,\n        1024n,      59049n,\n     1048576n,    9765625n,\n    60466176n,  282475249n,\n  1073741824n, 3486784401n\n]');
I('group undefineds', new Array(7).fill(undefined), '[\n  undefined,\n  undefined,\n  undefined,\n  undefined,\n  undefined,\n  undefined,\n  undefined\n]');
I('arr sparse big', (() => { const a = []; a[5] = 1; a[100] = 2; a[150] = 3; return a; })(), '[ <5 empty items>, 1, <94 empty items>, 2, <49 empty items>, 3 ]');
I('arr sparse maxlen', (() => { const a = []; a[5] = 1; a[10] = 2; return a; })(), {maxArrayLength: 2}, '[ <5 empty items>, 1, ... 5 more items ]');
I('arr big length', (() => { const a = [1]; a.length = 2 ** 32 - 1; return a; })(), '[ 1, <4294967294 empty items> ]');
I('negative zero arr', [-0, 0, -0], '[ -0, 0, -0 ]');
I('typed float', new Float32Array([1.5, -0, NaN, Infinity]), 'Float32Array(4) [ 1.5, -0, NaN, Infinity ]');
I('typed 30', new Int8Array(30).map((_, i) => i - 15), 'Int8Array(30) [\n  -15, -14, -13, -12, -11, -10, -9, -8, -7,\n   -6,  -5,  -4,  -3,  -2,  -1,  0,  1,  2,\n    3,   4,   5,   6,   7,   8,  9, 10, 11,\n   12,  13,  14\n]');
I('ab 0', new ArrayBuffer(0), 'ArrayBuffer { [Uint8Contents]: <>, byteLength: 0 }'); I('sab', typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(2) : 'n/a', 'SharedArrayBuffer { [Uint8Contents]: <00 00>, byteLength: 2 }');
I('ab detached-ish', new Uint8Array(new ArrayBuffer(8), 2, 3), 'Uint8Array(3) [ 0, 0, 0 ]');
I('string obj long', new String('x'.repeat(30)), "[String: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']");
I('symbol desc special', [Symbol('a b'), Symbol.iterator, Symbol.for('reg')], '[ Symbol(a b), Symbol(Symbol.iterator), Symbol(reg) ]');
I('fn with name symbol', ({ [Symbol('sf')]: function () {} })[Object.getOwnPropertySymbols({ [Symbol('sf')]: 1 })[0]], 'undefined');
I('method', {m() {}}.m, '[Function: m]'); I('getter fn', Object.getOwnPropertyDescriptor({get g() { return 1; }}, 'g').get, '[Function: get g]');
I('class static', class S { static x = 1; static y = 'q'; }, "[class S] { x: 1, y: 'q' }");
I('class in obj', {K: class K {}}, '{ K: [class K] }');
I('fn prototype', function Ctor() {}.prototype, '{}'); I('class proto', (class P { m() {} }).prototype, '{}');
I('Object.prototype', Object.prototype, '[Object: null prototype] {}'); I('Array.prototype', Array.prototype, 'Object(0) []'); I('Function.prototype', Function.prototype, '[Function (anonymous)] Object');
I('boxed nan', new Number(NaN), '[Number: NaN]'); I('boxed str empty', new String(''), "[String: '']");
I('date invalid in obj', {d: new Date('x')}, '{ d: Invalid Date }');
I('obj keys numeric', {1: 'a', 10: 'b', 2: 'c', x: 'd'}, "{ '1': 'a', '2': 'c', '10': 'b', x: 'd' }");
I('keys needing quotes', {'a-b': 1, 'c d': 2, '1a': 3, _ok: 4, $no: 5}, "{ 'a-b': 1, 'c d': 2, '1a': 3, _ok: 4, '$no': 5 }");
I('circular deep', (() => { const a = {b: {c: {}}}; a.b.c.a = a; a.b.c.b = a.b; return a; })(), '<ref *1> { b: <ref *2> { c: { a: [Circular *1], b: [Circular *2] } } }');
I('circular map', (() => { const m = new Map(); m.set('self', m); return m; })(), "<ref *1> Map(1) { 'self' => [Circular *1] }");
I('circular in array twice', (() => { const o = {}; o.arr = [o, o]; return o; })(), '<ref *1> { arr: [ [Circular *1], [Circular *1] ] }');
I('two circulars', (() => { const a = {}; const b = {a}; a.b = b; const c = {a, b}; return c; })(), '{\n  a: <ref *1> { b: { a: [Circular *1] } },\n  b: <ref *2> { a: <ref *1> { b: [Circular *2] } }\n}');
I('null tag', Object.assign(Object.create(null), {[Symbol.toStringTag]: 'Z'}), "[Z: null prototype] { [Symbol(Symbol.toStringTag)]: 'Z' }");
I('nullproto tag nonenum', Object.defineProperty(Object.create(null), Symbol.toStringTag, {value: 'W'}), '[Object: null prototype] [W] {}');
I('inst with tag', Object.defineProperty(new (class Q {})(), Symbol.toStringTag, {value: 'Q2'}), 'Q [Q2] {}');
I('err with tag', (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y'; Object.defineProperty(e, Symbol.toStringTag, {value: 'Tg'}); return e; })(), 'Error [Tg]: x\n    at y');
I('err name nonstring', (() => { const e = new Error('x'); e.name = 42; e.stack = 'Error: x\n    at y'; return e; })(), 'Error: x\n    at y {\n  name: 42\n}');
I('err message prop change', (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y'; e.message = 'changed'; return e; })(), 'Error: x\n    at y');
I('err name own', (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y'; e.name = 'Error'; return e; })(), 'Error: x\n    at y');
I('err stack not string', (() => { const e = new Error('x'); e.stack = {a: 1}; return e; })(), '[[object Object]]');
I('err without stack prop', (() => { const e = new Error('x'); delete e.stack; return e; })(), '[Error: x]');
I('err no message', (() => { const e = new TypeError(); e.stack = 'TypeError\n    at y'; return e; })(), 'TypeError\n    at y');
I('err nested depth', {a: {b: {c: (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y'; return e; })()}}}, '{\n  a: {\n    b: {\n      c: Error: x\n          at y\n    }\n  }\n}');
I('err prop nested', (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y'; e.info = {deep: {deeper: {deepest: 1}}}; return e; })(), 'Error: x\n    at y {\n  info: { deep: { deeper: [Object] } }\n}');
I('obj w/ err multiline', {list: [1, 2], err: (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y\n    at z'; return e; })()}, '{\n  list: [ 1, 2 ],\n  err: Error: x\n      at y\n      at z\n}');
I('map with obj keys', new Map([[{a: 1}, {b: 2}], [[1], new Set([1])]]), 'Map(2) { { a: 1 } => { b: 2 }, [ 1 ] => Set(1) { 1 } }');
I('compact false arr', [1, [2, 3]], {compact: false}, '[\n  1,\n  [\n    2,\n    3\n  ]\n]');
I('compact false map', new Map([[1, {a: 1}]]), {compact: false}, 'Map(1) {\n  1 => {\n    a: 1\n  }\n}');
I('compact true long', Array.from({length: 30}, (_, i) => 'item' + i), {compact: true}, "[ 'item0',\n  'item1',\n  'item2',\n  'item3',\n  'item4',\n  'item5',\n  'item6',\n  'item7',\n  'item8',\n  'item9',\n  'item10',\n  'item11',\n  'item12',\n  'item13',\n  'item14',\n  'item15',\n  'item16',\n  'item17',\n  'item18',\n  'item19',\n  'item20',\n  'item21',\n  'item22',\n  'item23',\n  'item24',\n  'item25',\n  'item26',\n  'item27',\n  'item28',\n  'item29' ]");
I('compact true obj long', {alpha: 'x'.repeat(40), beta: 'y'.repeat(40), gamma: {delta: 'z'.repeat(50)}}, {compact: true}, "{ alpha: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  beta: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',\n  gamma: { delta: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' } }");
I('compact true set', new Set(['x'.repeat(40), 'y'.repeat(40)]), {compact: true}, "Set(2) {\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' }");
I('compact true circ', (() => { const o = {}; o.o = o; return o; })(), {compact: true}, '<ref *1> { o: [Circular *1] }');
I('compact 0', {a: [1, 2]}, {compact: 0}, '{\n  a: [\n    1,\n    2\n  ]\n}');
I('breakLength 40 arr', Array.from({length: 20}, (_, i) => i), {breakLength: 40}, '[\n   0,  1,  2,  3,  4,  5,  6,\n   7,  8,  9, 10, 11, 12, 13,\n  14, 15, 16, 17, 18, 19\n]');
I('breakLength small obj', {a: 1, b: 2}, {breakLength: 3}, '{\n  a: 1,\n  b: 2\n}');
I('depth -1', {a: 1}, {depth: -1}, '[Object]'); I('depth 0 arr', [[1]], {depth: 0}, '[ [Array] ]'); I('depth 0 map', new Map([[1, {a: 1}]]), {depth: 0}, 'Map(1) { 1 => [Object] }');
I('depth 0 fn props', {f: Object.assign(function g() {}, {x: {y: 1}})}, {depth: 0}, '{ f: [Function] }');
I('depth regexp', {a: {b: Object.assign(/x/, {p: 1})}}, {depth: 0}, '{ a: [Object] }');
I('sorted fn', {b: 1, a: 2, c: 3}, {sorted: (a, b) => (a < b ? 1 : -1)}, '{ c: 3, b: 1, a: 2 }');
I('sorted arr keys', Object.assign([3, 1], {z: 1, a: 2}), {sorted: true}, '[ 3, 1, a: 2, z: 1 ]');
I('maxArrayLength typed', new Uint8Array(5), {maxArrayLength: 2}, 'Uint8Array(5) [ 0, 0, ... 3 more items ]');
I('maxArrayLength ab', new ArrayBuffer(5), {maxArrayLength: 2}, 'ArrayBuffer {\n  [Uint8Contents]: <00 00 ... 3 more bytes>,\n  byteLength: 5\n}');
I('maxStringLength obj', {s: 'abcdefgh'}, {maxStringLength: 3}, "{ s: 'abc'... 5 more characters }");
I('showHidden map', new Map([[1, 2]]), {showHidden: true}, 'Map(1) { 1 => 2 }');
I('showHidden class inst', new (class H { constructor() { this.a = 1; } get g() { return 1; } })(), {showHidden: true}, 'H { a: 1, [g]: [Getter] }');
I('showHidden proto props', (() => { function F() { this.a = 1; } F.prototype.shared = 2; return new F(); })(), {showHidden: true}, 'F { a: 1, shared: 2 }');
I('showHidden dataview', new DataView(new ArrayBuffer(1)), {showHidden: true}, 'DataView {\n  byteLength: 1,\n  byteOffset: 0,\n  buffer: ArrayBuffer { [Uint8Contents]: <00>, byteLength: 1 }\n}');
I('showHidden boxed', new String('ab'), {showHidden: true}, "[String: 'ab'] { [length]: 2 }");
I('showHidden sym nonenum', Object.defineProperty({}, Symbol('hid'), {value: 1}), {showHidden: true}, '{ [Symbol(hid)]: 1 }');
I('numsep floats', [0.000001, 1e21, 123.456789, -1234.5, 1234.5678], {numericSeparator: true}, '[ 0.000_001, 1e+21, 123.456_789, -1_234.5, 1_234.567_8 ]');
I('colors nested', {a: [1, 'x', {b: null}], m: new Map([[1, 2]]), s: Symbol.iterator, f() {}, d: new Date(0), u: undefined}, {colors: true}, "{\n  a: [ \u001b[33m1\u001b[39m, \u001b[32m'x'\u001b[39m, { b: \u001b[1mnull\u001b[22m } ],\n  m: Map(1) { \u001b[33m1\u001b[39m => \u001b[33m2\u001b[39m },\n  s: \u001b[32mSymbol(Symbol.iterator)\u001b[39m,\n  f: \u001b[36m[Function: f]\u001b[39m,\n  d: \u001b[35m1970-01-01T00:00:00.000Z\u001b[39m,\n  u: \u001b[90mundefined\u001b[39m\n}");
I('colors long arr', Array.from({length: 30}, (_, i) => i), {colors: true}, '[\n   \u001b[33m0\u001b[39m,  \u001b[33m1\u001b[39m,  \u001b[33m2\u001b[39m,  \u001b[33m3\u001b[39m,  \u001b[33m4\u001b[39m,  \u001b[33m5\u001b[39m,  \u001b[33m6\u001b[39m,  \u001b[33m7\u001b[39m,  \u001b[33m8\u001b[39m,\n   \u001b[33m9\u001b[39m, \u001b[33m10\u001b[39m, \u001b[33m11\u001b[39m, \u001b[33m12\u001b[39m, \u001b[33m13\u001b[39m, \u001b[33m14\u001b[39m, \u001b[33m15\u001b[39m, \u001b[33m16\u001b[39m, \u001b[33m17\u001b[39m,\n  \u001b[33m18\u001b[39m, \u001b[33m19\u001b[39m, \u001b[33m20\u001b[39m, \u001b[33m21\u001b[39m, \u001b[33m22\u001b[39m, \u001b[33m23\u001b[39m, \u001b[33m24\u001b[39m, \u001b[33m25\u001b[39m, \u001b[33m26\u001b[39m,\n  \u001b[33m27\u001b[39m, \u001b[33m28\u001b[39m, \u001b[33m29\u001b[39m\n]');
I('colors err', (() => { const e = new Error('x'); e.stack = 'Error: x\n    at y (/a/node_modules/pkg/i.js:1:1)'; return e; })(), {colors: true}, 'Error: x\n    at y (/a/node_modules/\u001b[4mpkg\u001b[24m/i.js:1:1)');
I('colors boxed', [new Number(3), Object.assign(new Number(3), {x: 1})], {colors: true}, '[ \u001b[33m[Number: 3]\u001b[39m, [Number: 3] { x: \u001b[33m1\u001b[39m } ]');
I('colors circ', (() => { const o = {}; o.o = o; return o; })(), {colors: true}, '\u001b[36m<ref *1>\u001b[39m { o: \u001b[36m[Circular *1]\u001b[39m }');
I('colors class', [class A {}, function f() {}], {colors: true}, '[ \u001b[36m[class A]\u001b[39m, \u001b[36m[Function: f]\u001b[39m ]');
I('colors depth', {a: {b: {c: {d: 1}}}}, {colors: true}, '{ a: { b: { c: \u001b[36m[Object]\u001b[39m } } }');
I('colors getters', {get a() { return 1; }, get b() { return 1; }, set b(x) {}}, {colors: true}, '{ a: \u001b[36m[Getter]\u001b[39m, b: \u001b[36m[Getter/Setter]\u001b[39m }');
I('colors sparse', [1, , 3], {colors: true}, '[ \u001b[33m1\u001b[39m, \u001b[90m<1 empty item>\u001b[39m, \u001b[33m3\u001b[39m ]');
I('colors strings group', Array.from({length: 10}, (_, i) => 's' + i), {colors: true}, "[\n  \u001b[32m's0'\u001b[39m, \u001b[32m's1'\u001b[39m, \u001b[32m's2'\u001b[39m,\n  \u001b[32m's3'\u001b[39m, \u001b[32m's4'\u001b[39m, \u001b[32m's5'\u001b[39m,\n  \u001b[32m's6'\u001b[39m, \u001b[32m's7'\u001b[39m, \u001b[32m's8'\u001b[39m,\n  \u001b[32m's9'\u001b[39m\n]");
I('string with both quotes', `'"\``, '\'\\\'"`\''); I('string ${', "'\"${", '\'\\\'"${\''); I('backslash', 'a\\b', "'a\\\\b'"); I('del char', '\x7f\x85\xa0', "'\\x7F\\x85 '");
I('surrogates', ['\ud83d\ude00', '\ud83d', '\ude00', 'a\udc00b'], "[ '😀', '\\ud83d', '\\ude00', 'a\\udc00b' ]");
I('long string split', 'aaa\nbbb\nccc'.repeat(10), "'aaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'cccaaa\\n' +\n  'bbb\\n' +\n  'ccc'");
I('long string in arr', ['x'.repeat(100) + '\n' + 'y'.repeat(10)], "[\n  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n' +\n    'yyyyyyyyyy'\n]");
C('inspect bad options', () => util.inspect(1, 'str'), '1');
C('defaultOptions set bad', () => { util.inspect.defaultOptions = null; }, 'THROW TypeError ERR_INVALID_ARG_TYPE The "options" argument must be of type object. Received null');
C('defaultOptions set', () => { const old = util.inspect.defaultOptions.depth; util.inspect.defaultOptions = {depth: 0}; const r = util.inspect({a: {b: 1}}); util.inspect.defaultOptions = {depth: old}; return r; }, '{ a: [Object] }');
C('inspect.custom', () => String(util.inspect.custom), 'Symbol(nodejs.util.inspect.custom)');
C('colors keys', () => Object.keys(util.inspect.colors).join(), 'reset,bold,dim,italic,underline,blink,inverse,hidden,strikethrough,doubleunderline,black,red,green,yellow,blue,magenta,cyan,white,bgBlack,bgRed,bgGreen,bgYellow,bgBlue,bgMagenta,bgCyan,bgWhite,framed,overlined,gray,redBright,greenBright,yellowBright,blueBright,magentaBright,cyanBright,whiteBright,bgGray,bgRedBright,bgGreenBright,bgYellowBright,bgBlueBright,bgMagentaBright,bgCyanBright,bgWhiteBright');
C('styles', () => JSON.stringify(Object.assign({}, util.inspect.styles)), '{"special":"cyan","number":"yellow","bigint":"yellow","boolean":"yellow","undefined":"grey","null":"bold","string":"green","symbol":"green","date":"magenta","regexp":"red","module":"underline"}');
// --- types, isDeepStrictEqual, promisify, callbackify, inherits, deprecate, parseArgs ---
const T = util.types;
const vals = {
  date: new Date(), re: /x/, reproto: RegExp.prototype, map: new Map(), set: new Set(), wm: new WeakMap(), ws: new WeakSet(),
  ab: new ArrayBuffer(1), u8: new Uint8Array(1), f64: new Float64Array(1), dv: new DataView(new ArrayBuffer(1)), prom: Promise.resolve(),
  subprom: new (class P extends Promise {})(() => {}), fakeprom: {then() {}}, err: new Error(), terr: new TypeError(), fakeerr: Object.create(Error.prototype),
  args: (function () { return arguments; })(), boxedS: new String(''), boxedN: new Number(0), boxedB: new Boolean(false), boxedBig: Object(1n), boxedSym: Object(Symbol()),
  afn: async () => {}, gfn: function* () {}, agfn: async function* () {}, fn: () => {}, gobj: (function* () {})(), mapit: new Map().keys(), setit: new Set().entries(),
  obj: {}, nul: null, num: 1, str: 's', arr: [], sab: new SharedArrayBuffer(1), tagged: {[Symbol.toStringTag]: 'Date'},
};
C('types', () => Object.keys(T).map((check) => `${check}: ${Object.keys(vals).filter((k) => T[check](vals[k])).join()}`).join('\n'), 'isExternal: \nisDate: date\nisArgumentsObject: args\nisBigIntObject: boxedBig\nisBooleanObject: boxedB\nisNumberObject: boxedN\nisStringObject: boxedS\nisSymbolObject: boxedSym\nisNativeError: err,terr\nisRegExp: re\nisAsyncFunction: afn,agfn\nisGeneratorFunction: gfn,agfn\nisGeneratorObject: gobj\nisPromise: prom,subprom\nisMap: map\nisSet: set\nisMapIterator: mapit\nisSetIterator: setit\nisWeakMap: wm\nisWeakSet: ws\nisArrayBuffer: ab\nisDataView: dv\nisSharedArrayBuffer: sab\nisProxy: \nisModuleNamespaceObject: \nisAnyArrayBuffer: ab,sab\nisBoxedPrimitive: boxedS,boxedN,boxedB,boxedBig,boxedSym\nisArrayBufferView: u8,f64,dv\nisTypedArray: u8,f64\nisUint8Array: u8\nisUint8ClampedArray: \nisUint16Array: \nisUint32Array: \nisInt8Array: \nisInt16Array: \nisInt32Array: \nisFloat32Array: \nisFloat64Array: f64\nisBigInt64Array: \nisBigUint64Array: \nisKeyObject: \nisCryptoKey: ');
C('isDeepStrictEqual basic', () => [util.isDeepStrictEqual({a: [1, {b: 2}]}, {a: [1, {b: 2}]}), util.isDeepStrictEqual([1], ['1']), util.isDeepStrictEqual(new Set([{a: 1}]), new Set([{a: 1}])), util.isDeepStrictEqual(new Map([[{k: 1}, 'v']]), new Map([[{k: 1}, 'v']]))].join(), 'true,false,true,true');
C('isDeepStrictEqual circ', () => { const a = {x: 1}; a.self = a; const b = {x: 1}; b.self = b; const c = {x: 1}; c.self = {x: 1, self: c}; return [util.isDeepStrictEqual(a, b), util.isDeepStrictEqual(a, c)].join(); }, 'true,true');
C('isDeepStrictEqual sets', () => [util.isDeepStrictEqual(new Set([1, 2]), new Set([2, 1])), util.isDeepStrictEqual(new Set([[1], [2]]), new Set([[2], [1]])), util.isDeepStrictEqual(new Set([[1], [1]]), new Set([[1], [2]]))].join(), 'true,true,false');
C('isDeepStrictEqual maps', () => [util.isDeepStrictEqual(new Map([[{}, 'a'], [{}, 'b']]), new Map([[{}, 'b'], [{}, 'a']])), util.isDeepStrictEqual(new Map([[1, {}]]), new Map([[1, []]]))].join(), 'true,false');
C('isDeepStrictEqual misc', () => [util.isDeepStrictEqual(new Date(1), new Date(1)), util.isDeepStrictEqual(/a/g, /a/i), util.isDeepStrictEqual(new Number(1), new Number(1)), util.isDeepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), util.isDeepStrictEqual(new Uint8Array([1]), new Int8Array([1])), util.isDeepStrictEqual(new ArrayBuffer(2), new ArrayBuffer(2)), util.isDeepStrictEqual(NaN, NaN), util.isDeepStrictEqual(new Error('a'), new TypeError('a'))].join(), 'true,false,true,true,false,true,true,false');
// promisify
C('promisify bad', () => util.promisify(1), 'THROW TypeError ERR_INVALID_ARG_TYPE The "original" argument must be of type function. Received type number (1)');
C('promisify custom', () => { const f = () => {}; const g = () => 1; f[util.promisify.custom] = g; return util.promisify(f) === g && util.promisify.custom === Symbol.for('nodejs.util.promisify.custom'); }, true);
C('promisify props', () => { function named(a, b, cb) {} named.extra = 1; const p = util.promisify(named); return [p.name, p.length, p.extra, typeof p, Object.getPrototypeOf(p) === Function.prototype].join(); }, 'named,3,1,function,true');
C('callbackify bad', () => util.callbackify('x'), 'THROW TypeError ERR_INVALID_ARG_TYPE The "original" argument must be of type function. Received type string (\'x\')');
C('callbackify props', () => { async function af(a) {} const c = util.callbackify(af); return [c.name, c.length].join(); }, 'afCallbackified,2');
C('callbackify last arg', () => util.callbackify(async () => {})(1), 'THROW TypeError ERR_INVALID_ARG_TYPE The last argument must be of type function. Received type number (1)');
C('inherits', () => { function A() {} A.prototype.hi = () => 'hi'; function B() {} util.inherits(B, A); return [B.super_ === A, new B().hi(), Object.keys(B).join()].join(); }, 'true,hi,');
C('inherits bad', () => util.inherits(function () {}, null), 'THROW TypeError ERR_INVALID_ARG_TYPE The "superCtor" argument must be of type function. Received null');
C('inherits bad2', () => util.inherits(function () {}, Object.create(null)), 'THROW TypeError ERR_INVALID_ARG_TYPE The "superCtor.prototype" property must be of type object. Received undefined');
C('deprecate', () => { const f = util.deprecate(function (x) { return x * 2; }, 'msg', 'DEP0'); return [f(2), typeof f, f.name].join(); }, '4,function,deprecated');
C('deprecate ctor', () => { class K { constructor(v) { this.v = v; } } const D = util.deprecate(K, 'm'); return new D(3).v + (new D(1) instanceof K); }, 4);
C('deprecate bad code', () => util.deprecate(() => {}, 'm', 5), 'THROW TypeError ERR_INVALID_ARG_TYPE The "code" argument must be of type string. Received type number (5)');
C('styleText', () => util.styleText(['bold', 'red'], 'x', {validateStream: false}), '\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
C('styleText bad', () => util.styleText('nope', 'x'), "THROW TypeError ERR_INVALID_ARG_VALUE The argument 'format' must be one of: 'reset', 'bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strikethrough', 'doubleunderline', 'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'bgBlack', 'bgRed', 'bgGreen', 'bgYellow', 'bgBlue', 'bgMagenta', 'bgCyan', 'bgWhite', 'framed', 'overlined', 'gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright', 'bgGray', 'bgRedBright', 'bgGreenBright', 'bgYellowBright', 'bgBlueBright', 'bgMagentaBright', 'bgCyanBright', 'bgWhiteBright'. Received 'nope'");
C('styleText bad text', () => util.styleText('red', 5), 'THROW TypeError ERR_INVALID_ARG_TYPE The "text" argument must be of type string. Received type number (5)');
C('getSystemErrorName', () => [util.getSystemErrorName(-2), util.getSystemErrorName(-13), util.getSystemErrorName(-99999)].join(), 'ENOENT,EACCES,Unknown system error -99999');
C('getSystemErrorName bad', () => util.getSystemErrorName(2), 'THROW RangeError ERR_OUT_OF_RANGE The value of "err" is out of range. It must be a negative integer. Received 2');
C('getSystemErrorMap', () => util.getSystemErrorMap().get(-2).join(), 'ENOENT,no such file or directory');
C('legacy', () => [util.isArray([]), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined), util.isNumber(1), util.isString(''), util.isSymbol(Symbol()), util.isUndefined(), util.isRegExp(/x/), util.isObject({}), util.isObject(null), util.isDate(new Date()), util.isError(new Error()), util.isFunction(() => {}), util.isPrimitive('x'), util.isPrimitive({})].join(), 'true,true,true,true,true,true,true,true,true,true,false,true,true,true,true,false');
C('_extend', () => util._extend({a: 1}, {b: 2}), '{ a: 1, b: 2 }');
C('toUSVString', () => util.toUSVString('\ud83d\ude00\udc00x'), '😀�x');
C('parseArgs basic', () => util.parseArgs({args: ['-f', 'v', '--bool', 'pos', '--', '--x'], options: {file: {type: 'string', short: 'f'}, bool: {type: 'boolean'}}, allowPositionals: true}), "{\n  values: [Object: null prototype] { file: 'v', bool: true },\n  positionals: [ 'pos', '--x' ]\n}");
C('parseArgs default', () => util.parseArgs({args: [], options: {a: {type: 'string', default: 'd'}, b: {type: 'boolean', multiple: true, default: [true]}}}), "{\n  values: [Object: null prototype] { a: 'd', b: [ true ] },\n  positionals: []\n}");
C('parseArgs multiple', () => util.parseArgs({args: ['-vv', '--v'], options: {v: {type: 'boolean', multiple: true}}}), '{\n  values: [Object: null prototype] { v: [ true, true, true ] },\n  positionals: []\n}');
C('parseArgs nonstrict', () => util.parseArgs({args: ['--unknown', '--x=1', '-abc', 'p'], strict: false}), "{\n  values: [Object: null prototype] {\n    unknown: true,\n    x: '1',\n    a: true,\n    b: true,\n    c: true\n  },\n  positionals: [ 'p' ]\n}");
C('parseArgs tokens', () => util.parseArgs({args: ['-f=x', '--', 'a'], options: {f: {type: 'string'}}, tokens: true, allowPositionals: true}), "{\n  values: [Object: null prototype] { f: '=x' },\n  positionals: [ 'a' ],\n  tokens: [\n    {\n      kind: 'option',\n      name: 'f',\n      rawName: '-f',\n      index: 0,\n      value: '=x',\n      inlineValue: true\n    },\n    { kind: 'option-terminator', index: 1 },\n    { kind: 'positional', index: 2, value: 'a' }\n  ]\n}");
C('parseArgs proto', () => util.parseArgs({args: ['--__proto__'], strict: false}), '{ values: [Object: null prototype] {}, positionals: [] }');
C('parseArgs err1', () => util.parseArgs({args: ['--s'], options: {s: {type: 'string', short: 's'}}}), "THROW TypeError ERR_PARSE_ARGS_INVALID_OPTION_VALUE Option '-s, --s <value>' argument missing");
C('parseArgs err2', () => util.parseArgs({args: ['-s', '-x'], options: {s: {type: 'string', short: 's'}}}), "THROW TypeError ERR_PARSE_ARGS_INVALID_OPTION_VALUE Option '-s' argument is ambiguous.\nDid you forget to specify the option argument for '-s'?\nTo specify an option argument starting with a dash use '--s=-XYZ' or '-s-XYZ'.");
C('parseArgs err3', () => util.parseArgs({args: ['-x'], options: {}}), "THROW TypeError ERR_PARSE_ARGS_UNKNOWN_OPTION Unknown option '-x'");
C('parseArgs err4', () => util.parseArgs({args: [], options: {a: {type: 'string', multiple: true, default: 'x'}}}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "options.a.default" property must be an instance of Array. Received type string (\'x\')');
C('parseArgs err5', () => util.parseArgs({args: [], options: {a: {type: 'string', multiple: 1}}}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "options.a.multiple" property must be of type boolean. Received type number (1)');
C('parseArgs err6', () => util.parseArgs({args: [], options: {a: 1}}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "options.a" property must be of type object. Received type number (1)');
C('parseArgs err7', () => util.parseArgs({args: [], strict: 'x'}), 'THROW TypeError ERR_INVALID_ARG_TYPE The "strict" argument must be of type boolean. Received type string (\'x\')');
C('parseEnv', () => util.parseEnv('A=1\n# comment\nexport B = two words \nC="quoted\\nnl"\nD=\'single\' # c\nE=x#y\nF=\nG="a\nb"'), "{\n  A: '1',\n  B: 'two words',\n  C: 'quoted\\nnl',\n  D: 'single',\n  E: 'x',\n  F: '',\n  G: 'a\\nb'\n}");

if (failures.length) throw new Error(`${failures.length} failures:\n${failures.join('\n')}`);

// --- asynchronous behaviour ---
(async () => {
  // promisify: resolves with the callback's value, rejects with its error, keeps `this`.
  const p = util.promisify(function (a, cb) { cb(null, a + this.base); });
  assert.strictEqual(await p.call({ base: 1 }, 2), 3);
  const failing = util.promisify((cb) => cb(new Error('bad')));
  await assert.rejects(failing(), /bad/);
  const multi = util.promisify((cb) => cb(null, 1, 2));
  assert.strictEqual(await multi(), 1);
  // callbackify: the callback runs later with (null, value) or the rejection reason.
  const cbified = util.callbackify(async (x) => x * 2);
  const got = await new Promise((resolve) => cbified(21, (err, v) => resolve([err, v])));
  assert.deepStrictEqual(got, [null, 42]);
  const rejecting = util.callbackify(() => Promise.reject(null));
  const err = await new Promise((resolve) => rejecting((e) => resolve(e)));
  assert.strictEqual(err.code, 'ERR_FALSY_VALUE_REJECTION');
  assert.strictEqual(err.reason, null);
  assert.strictEqual(err.message, 'Promise was rejected with falsy value');
  // aborted: rejects for a non-signal, resolves when the signal aborts.
  await assert.rejects(util.aborted({}, {}), { code: 'ERR_INVALID_ARG_TYPE' });
  if (typeof AbortController === 'function') {
    const ac = new AbortController();
    const done = util.aborted(ac.signal, {});
    ac.abort();
    await done;
  }
})();
