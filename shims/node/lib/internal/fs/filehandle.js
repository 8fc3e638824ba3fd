'use strict';
// fs.promises.open's FileHandle: the descriptor's operations as promises. Once closed (fd -1),
// every operation rejects with EBADF naming its syscall, as Node's do.

const { uvException } = require('internal/errno');

/** The open descriptor of `handle`, or EBADF for `syscall`. */
function fdOf(handle, syscall) {
  if (handle.fd < 0) throw uvException(9, syscall);
  return handle.fd;
}

class FileHandle {
  constructor(fd) {
    this.fd = fd;
  }

  async readFile(options) {
    const fs = require('fs');
    return fs._internal.decode(fs._internal.readAllFd(fdOf(this, 'read')), typeof options === 'string' ? options : options && options.encoding);
  }

  async writeFile(data, options) {
    require('fs').writeFileSync(fdOf(this, 'write'), data, options);
  }

  async appendFile(data, options) {
    require('fs').writeFileSync(fdOf(this, 'write'), data, options);
  }

  async read(buffer, offset, length, position) {
    if (buffer === undefined || (buffer !== null && !ArrayBuffer.isView(buffer) && typeof buffer === 'object')) {
      const o = buffer || {};
      buffer = o.buffer || Buffer.alloc(16384);
      offset = o.offset;
      length = o.length;
      position = o.position;
    }
    const bytesRead = require('fs').readSync(fdOf(this, 'read'), buffer, offset, length, position);
    return { bytesRead, buffer };
  }

  async write(buffer, ...rest) {
    const bytesWritten = require('fs').writeSync(fdOf(this, 'write'), buffer, ...rest);
    return { bytesWritten, buffer };
  }

  async stat() {
    return require('fs').fstatSync(fdOf(this, 'fstat'));
  }

  async truncate(len) {
    require('fs').ftruncateSync(fdOf(this, 'ftruncate'), len);
  }

  async sync() {
    require('fs').fsyncSync(fdOf(this, 'fsync'));
  }

  async datasync() {
    require('fs').fsyncSync(fdOf(this, 'fdatasync'));
  }

  async chmod(mode) {
    require('fs').fchmodSync(fdOf(this, 'fchmod'), mode);
  }

  async utimes(atime, mtime) {
    require('fs').futimesSync(fdOf(this, 'futime'), atime, mtime);
  }

  async close() {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    require('fs').closeSync(fd);
  }

  createReadStream(options) {
    return require('fs').createReadStream(null, { ...options, fd: this.fd });
  }

  createWriteStream(options) {
    return require('fs').createWriteStream(null, { ...options, fd: this.fd });
  }
}

module.exports = { FileHandle };
