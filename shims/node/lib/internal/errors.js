'use strict';
// Errors shaped like Node's: a built-in error class with a `code`, and the messages Node uses
// for its common argument errors (tests match on both).

/** An error of class `Base` with Node's `code`; its stack and toString read `Name [CODE]: msg`. */
function nodeError(Base, code, message) {
  const err = new Base(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  const name = Base.prototype.name;
  if (typeof err.stack === 'string') err.stack = err.stack.replace(`${name}: `, `${name} [${code}]: `);
  Object.defineProperty(err, 'toString', {
    value() { return `${name} [${code}]: ${this.message}`; }, enumerable: false, writable: true, configurable: true,
  });
  return err;
}

let utilModule;
/** util.inspect, loaded when an error first needs it (util itself requires this file). */
function inspect(value, options) {
  if (utilModule === undefined) utilModule = require('util');
  return utilModule.inspect(value, options);
}

function quoteString(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  if (!s.includes('`') && !s.includes('${')) return `\`${s}\``;
  return `'${s.replace(/'/g, "\\'")}'`;
}

/** How Node names a received value in its errors (determineSpecificType). */
function describeType(value) {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
    return Object.getPrototypeOf(value) === null ? '[Object: null prototype] {}' : '[object Object]';
  }
  let shown;
  switch (typeof value) {
    case 'string': shown = quoteString(value); break;
    case 'number': shown = Object.is(value, -0) ? '-0' : String(value); break;
    case 'bigint': shown = `${value}n`; break;
    case 'function': shown = '[Function (anonymous)]'; break;
    default: shown = String(value);
  }
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `type ${typeof value} (${shown})`;
}

/** ` Received ...`, the end of ERR_INVALID_ARG_TYPE and friends. */
function describeReceived(value) {
  return ` Received ${describeType(value)}`;
}

const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol'];
const classRegExp = /^([A-Z][a-z0-9]*)+$/;

/** `a`, `a or b`, `a, b, or c`. */
function orList(items) {
  return items.length > 2 ? `${items.slice(0, -1).join(', ')}, or ${items[items.length - 1]}` : items.join(' or ');
}

/**
 * ERR_INVALID_ARG_TYPE, worded as Node words it: `expected` is a type name or a list of type
 * names ('string'), class names ('Buffer') and other descriptions, in that order in the text.
 */
function invalidArgType(name, expected, actual) {
  const list = Array.isArray(expected) ? expected : [expected];
  let msg = name.endsWith(' argument') ? `The ${name} ` : `The "${name}" ${name.includes('.') ? 'property' : 'argument'} `;
  msg += 'must be ';
  const types = [];
  const instances = [];
  const other = [];
  for (const value of list) {
    if (kTypes.includes(value)) types.push(value.toLowerCase());
    else if (classRegExp.test(value)) instances.push(value);
    else other.push(value);
  }
  // An 'object' type next to class names reads as "an instance of ... or Object".
  if (instances.length > 0) {
    const pos = types.indexOf('object');
    if (pos !== -1) {
      types.splice(pos, 1);
      instances.push('Object');
    }
  }
  if (types.length > 0) {
    msg += `${types.length > 1 ? 'one of type' : 'of type'} ${orList(types)}`;
    if (instances.length > 0 || other.length > 0) msg += ' or ';
  }
  if (instances.length > 0) {
    msg += `an instance of ${orList(instances)}`;
    if (other.length > 0) msg += ' or ';
  }
  if (other.length > 0) {
    if (other.length > 1) msg += `one of ${orList(other)}`;
    else msg += `${other[0].toLowerCase() !== other[0] ? 'an ' : ''}${other[0]}`;
  }
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `${msg}.${describeReceived(actual)}`);
}

/** ERR_INVALID_ARG_VALUE (the value inspected, cut at 128 characters). */
function invalidArgValue(name, value, reason = 'is invalid') {
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${shown}`);
}

/** 1_000_000 for 1000000, as Node writes large numbers in ERR_OUT_OF_RANGE. */
function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
  return `${val.slice(0, i)}${res}`;
}

/** ERR_OUT_OF_RANGE. */
function outOfRange(name, range, input) {
  let received;
  if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) {
    received = addNumericalSeparator(String(input));
  } else if (typeof input === 'bigint') {
    received = String(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
    received += 'n';
  } else {
    received = inspect(input);
  }
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
}

/** ERR_MISSING_ARGS. */
function missingArgs(...names) {
  let what;
  if (names.length === 1) what = `The "${names[0]}" argument`;
  else if (names.length === 2) what = `The "${names[0]}" and "${names[1]}" arguments`;
  else what = `The ${names.slice(0, -1).map((n) => `"${n}"`).join(', ')}, and "${names[names.length - 1]}" arguments`;
  return nodeError(TypeError, 'ERR_MISSING_ARGS', `${what} must be specified`);
}

module.exports = {
  nodeError, describeType, describeReceived, invalidArgType, invalidArgValue, outOfRange, missingArgs, quoteString,
};
