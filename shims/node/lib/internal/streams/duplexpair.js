'use strict';
// stream.duplexPair(): two Duplexes, each reading what the other writes.

const { nextTick } = require('internal/streams/utils');
const Duplex = require('internal/streams/duplex');

const kOtherSide = Symbol('kOtherSide');
const kCallback = Symbol('kCallback');

function DuplexSide(options) {
  Duplex.call(this, options);
  this[kOtherSide] = null;
  this[kCallback] = null;
}
Object.setPrototypeOf(DuplexSide.prototype, Duplex.prototype);
Object.setPrototypeOf(DuplexSide, Duplex);

DuplexSide.prototype._read = function () {
  const callback = this[kCallback];
  if (callback) {
    this[kCallback] = null;
    callback();
  }
};

DuplexSide.prototype._write = function (chunk, encoding, callback) {
  if (chunk.length === 0) {
    nextTick(callback);
  } else {
    this[kOtherSide].push(chunk);
    this[kOtherSide][kCallback] = callback;
  }
};

DuplexSide.prototype._final = function (callback) {
  this[kOtherSide].on('end', callback);
  this[kOtherSide].push(null);
};

function duplexPair(options) {
  const side0 = new DuplexSide(options);
  const side1 = new DuplexSide(options);
  side0[kOtherSide] = side1;
  side1[kOtherSide] = side0;
  return [side0, side1];
}

module.exports = duplexPair;
