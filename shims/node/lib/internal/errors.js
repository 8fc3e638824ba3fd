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

/** How Node describes a received value in ERR_INVALID_ARG_TYPE and friends. */
function describeReceived(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) return ` Received an instance of ${value.constructor.name}`;
    return ' Received [object Object]';
  }
  let shown = typeof value === 'string' ? `'${value.length > 25 ? value.slice(0, 25) + '...' : value}'` : String(value);
  if (typeof value === 'bigint') shown += 'n';
  return ` Received type ${typeof value} (${shown})`;
}

/** ERR_INVALID_ARG_TYPE: `expected` is a type name or a list of them ('string', 'Buffer'...). */
function invalidArgType(name, expected, actual) {
  const list = Array.isArray(expected) ? expected : [expected];
  const kind = name.includes('.') ? 'property' : 'argument';
  let what;
  if (list.length === 1) what = `of type ${list[0]}`;
  else what = `one of type ${list.slice(0, -1).join(', ')}, or ${list[list.length - 1]}`;
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" ${kind} must be ${what}.${describeReceived(actual)}`);
}

/** ERR_INVALID_ARG_VALUE. */
function invalidArgValue(name, value, reason = 'is invalid') {
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' ${reason}. Received ${shown}`);
}

/** ERR_OUT_OF_RANGE. */
function outOfRange(name, range, value) {
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`);
}

module.exports = { nodeError, describeReceived, invalidArgType, invalidArgValue, outOfRange };
