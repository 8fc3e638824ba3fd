'use strict';
// node:querystring: parse/stringify/escape/unescape compared with Node 20's outputs.
const assert = require('assert');
const util = require('util');
const qs = require('querystring');
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
const inputs = ['', 'a=1&b=2', 'a=1&a=2&a=3', 'a', 'a=', '=1', '&&a=1&&', 'a=1=2', 'a+b=c+d', 'a%20b=c%20d', '%E4%F6%FC=1', 'a=%E4%F6%FC', '%zz=%x', 'a=%', 'a=%2', 'a=%41%42', 'x=%C3%A9&y=%ff', '__proto__=1', 'toString=x&hasOwnProperty=y', 'a[]=1&a[]=2', ' a = b ', 'a=1;b=2', 'a:1,b:2', 'q=%2B+%2b', '%41=%42&%41=c', 'foo=bar&&&foo=baz', '?a=1', '#a=1', 'a=b%', 'a%=b', 'a%2=b', 'ab%=c%', 'a=\u00e9\ud83d\ude00'];
C('parse table', () => inputs.map((i) => `${JSON.stringify(i)} -> ${util.inspect(qs.parse(i))}`).join('\n'), '"" -> [Object: null prototype] {}\n"a=1&b=2" -> [Object: null prototype] { a: \'1\', b: \'2\' }\n"a=1&a=2&a=3" -> [Object: null prototype] { a: [ \'1\', \'2\', \'3\' ] }\n"a" -> [Object: null prototype] { a: \'\' }\n"a=" -> [Object: null prototype] { a: \'\' }\n"=1" -> [Object: null prototype] { \'\': \'1\' }\n"&&a=1&&" -> [Object: null prototype] { a: \'1\' }\n"a=1=2" -> [Object: null prototype] { a: \'1=2\' }\n"a+b=c+d" -> [Object: null prototype] { \'a b\': \'c d\' }\n"a%20b=c%20d" -> [Object: null prototype] { \'a b\': \'c d\' }\n"%E4%F6%FC=1" -> [Object: null prototype] { \'���\': \'1\' }\n"a=%E4%F6%FC" -> [Object: null prototype] { a: \'���\' }\n"%zz=%x" -> [Object: null prototype] { \'%zz\': \'%x\' }\n"a=%" -> [Object: null prototype] { a: \'%\' }\n"a=%2" -> [Object: null prototype] { a: \'%2\' }\n"a=%41%42" -> [Object: null prototype] { a: \'AB\' }\n"x=%C3%A9&y=%ff" -> [Object: null prototype] { x: \'é\', y: \'�\' }\n"__proto__=1" -> [Object: null prototype] { [\'__proto__\']: \'1\' }\n"toString=x&hasOwnProperty=y" -> [Object: null prototype] { toString: \'x\', hasOwnProperty: \'y\' }\n"a[]=1&a[]=2" -> [Object: null prototype] { \'a[]\': [ \'1\', \'2\' ] }\n" a = b " -> [Object: null prototype] { \' a \': \' b \' }\n"a=1;b=2" -> [Object: null prototype] { a: \'1;b=2\' }\n"a:1,b:2" -> [Object: null prototype] { \'a:1,b:2\': \'\' }\n"q=%2B+%2b" -> [Object: null prototype] { q: \'+ +\' }\n"%41=%42&%41=c" -> [Object: null prototype] { A: [ \'B\', \'c\' ] }\n"foo=bar&&&foo=baz" -> [Object: null prototype] { foo: [ \'bar\', \'baz\' ] }\n"?a=1" -> [Object: null prototype] { \'?a\': \'1\' }\n"#a=1" -> [Object: null prototype] { \'#a\': \'1\' }\n"a=b%" -> [Object: null prototype] { a: \'b%\' }\n"a%=b" -> [Object: null prototype] { \'a%\': \'b\' }\n"a%2=b" -> [Object: null prototype] { \'a%2\': \'b\' }\n"ab%=c%" -> [Object: null prototype] { \'ab%\': \'c%\' }\n"a=é😀" -> [Object: null prototype] { a: \'é😀\' }');
C('parse sep', () => qs.parse('a:1;b:2', ';', ':'), "[Object: null prototype] { a: '1', b: '2' }");
C('parse multi sep', () => qs.parse('a=>1<>b=>2<><>c', '<>', '=>'), "[Object: null prototype] { a: '1', b: '2', c: '' }");
C('parse partial sep', () => qs.parse('a<1<>b<=2', '<>', '<='), "[Object: null prototype] { 'a<1': '', 'b<=2': '' }");
C('parse maxKeys', () => qs.parse('a=1&b=2&c=3', null, null, {maxKeys: 2}), "[Object: null prototype] { a: '1', b: '2' }");
C('parse maxKeys 0', () => qs.parse(Array.from({length: 1200}, (_, i) => `k${i}=${i}`).join('&'), null, null, {maxKeys: 0}).k1199, '1199');
C('parse maxKeys default', () => Object.keys(qs.parse(Array.from({length: 1200}, (_, i) => `k${i}=${i}`).join('&'))).length, 1000);
C('parse decode', () => qs.parse('a=b+c&d=%41', null, null, {decodeURIComponent: (s) => s.toUpperCase()}), "[Object: null prototype] { A: 'B%20C', D: '%41' }");
C('parse decode throws', () => qs.parse('a=%41', null, null, {decodeURIComponent: () => { throw new Error('x'); }}), "[Object: null prototype] { a: 'A' }");
C('parse non-string', () => qs.parse(5), '[Object: null prototype] {}');
C('parse empty sep', () => qs.parse('a=1&b=2', '', ''), "[Object: null prototype] { a: '1', b: '2' }");
C('stringify', () => qs.stringify({a: 1, b: 'x y', c: [1, 2], d: [], e: true, f: null, g: undefined, h: NaN, i: 1n, j: {}, k: 1e21, l: -0, 'ü': 'é€😀'}), 'a=1&b=x%20y&c=1&c=2&e=true&f=&g=&h=&i=1&j=&k=1e%2B21&l=0&%C3%BC=%C3%A9%E2%82%AC%F0%9F%98%80');
C('stringify sep', () => qs.stringify({a: 1, b: 2}, ';', ':'), 'a:1;b:2');
C('stringify encode', () => qs.stringify({a: 'x y', b: [1, 2], c: null}, null, null, {encodeURIComponent: (s) => `<${s}>`}), '<a>=<x y>&<b>=<1>&<b>=<2>&<c>=<>');
C('stringify non-object', () => [qs.stringify('x'), qs.stringify(null), qs.stringify(5)].join('|'), '||');
C('stringify array obj', () => qs.stringify(['a', 'b']), '0=a&1=b');
C('stringify reserved', () => qs.stringify({x: "!'()*-._~ :/?#[]@$&+,;=%"}), "x=!'()*-._~%20%3A%2F%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%25");
C('escape', () => [qs.escape('a b&c/d?é'), qs.escape(5), qs.escape({toString() { return 'a b'; }}), qs.escape([1, 2]), qs.escape(null), qs.escape(undefined), qs.escape(Symbol.iterator.description)].join('|'), 'a%20b%26c%2Fd%3F%C3%A9|5|a%20b|1%2C2|null|undefined|Symbol.iterator');
C('escape lone', () => qs.escape('\ud800'), 'THROW URIError ERR_INVALID_URI URI malformed');
C('escape lone low', () => qs.escape('\udc00a'), '%F0%90%81%A1');
C('escape pair', () => qs.escape('\ud83d\ude00'), '%F0%9F%98%80');
C('unescape', () => [qs.unescape('a%20b+c'), qs.unescape('%E4%F6'), qs.unescape('%zz'), qs.unescape('a+b', true)].join('|'), 'a b+c|��|%zz|a+b');
C('unescapeBuffer', () => Array.from(qs.unescapeBuffer('a%20b+c%ff%', true)).join(','), '97,32,98,32,99,255,37');
C('unescapeBuffer nohex', () => Array.from(qs.unescapeBuffer('abc')).join(','), '97,98,99');
C('unescapeBuffer wide', () => Array.from(qs.unescapeBuffer('\u0101%41')).join(','), '1,65');
C('aliases', () => qs.encode === qs.stringify && qs.decode === qs.parse, true);
C('keys', () => Object.keys(qs).join(), 'unescapeBuffer,unescape,escape,stringify,encode,parse,decode');

if (failures.length) throw new Error(`${failures.length} failures:\n${failures.join('\n')}`);
