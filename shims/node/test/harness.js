'use strict';
// The two small harnesses the builtins' tests share. Runs on host Node and in Burrow alike, and
// requires nothing itself: a table test passes in its own `util`, so the inspect used to show
// values is the one under test (Burrow's, or Node's with dev/host-run.js --real).

/**
 * Table checks. C(label, fn, expected): fn() (or 'THROW name code message') must be expected;
 * I(label, value, [options], expected): util.inspect(value, options) must be expected;
 * done() throws one error listing every failed check.
 */
function tableChecks(util) {
  const failures = [];
  function outcome(fn) {
    try {
      const r = fn();
      return typeof r === 'object' && r !== null ? util.inspect(r) : r;
    } catch (e) {
      return `THROW ${e && e.name} ${e && e.code} ${e && e.message}`;
    }
  }
  function C(label, fn, expected) {
    const actual = outcome(fn);
    if (actual !== expected) failures.push(`${label}:\n  actual:   ${JSON.stringify(actual)}\n  expected: ${JSON.stringify(expected)}`);
  }
  function I(label, value, ...rest) {
    const expected = rest.pop();
    C(label, () => util.inspect(value, ...rest), expected);
  }
  function done() {
    if (failures.length) throw new Error(`${failures.length} failures:\n${failures.join('\n')}`);
  }
  return { C, I, outcome, done };
}

/** Named blocks: test(name, fn) runs fn at once (a failure names its block); done(module) says how many passed. */
function namedTests() {
  let count = 0;
  function test(name, fn) {
    try {
      fn();
      count++;
    } catch (err) {
      err.message = `${name}: ${err.message}`;
      throw err;
    }
  }
  function done(module) {
    if (typeof console !== 'undefined') console.log(`${module}: ${count} tests passed`);
  }
  return { test, done };
}

module.exports = { tableChecks, namedTests };
