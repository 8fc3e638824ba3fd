'use strict';
// fs.promises.open's FileHandle: the descriptor's operations as promises.

class FileHandle {
  constructor(fd) {
    this.fd = fd;
  }

  async readFile(options) {
    const fs = require('fs');
    return fs._internal.decode(fs._internal.readAllFd(this.fd), typeof options === 'string' ? options : options && options.encoding);
  }

  async writeFile(data, options) {
    require('fs').writeFileSync(this.fd, data, options);
  }

  async appendFile(data, options) {
    require('fs').writeFileSync(this.fd, data, options);
  }

  async read(buffer, offset, length, position) {
    if (buffer === undefined || (buffer !== null && !ArrayBuffer.isView(buffer) && typeof buffer === 'object')) {
      const o = buffer || {};
      buffer = o.buffer || Buffer.alloc(16384);
      offset = o.offset;
      length = o.length;
      position = o.position;
    }
    const bytesRead = require('fs').readSync(this.fd, buffer, offset, length, position);
    return { bytesRead, buffer };
  }

  async write(buffer, ...rest) {
    const bytesWritten = require('fs').writeSync(this.fd, buffer, ...rest);
    return { bytesWritten, buffer };
  }

  async stat() {
    return require('fs').fstatSync(this.fd);
  }

  async truncate(len) {
    require('fs').ftruncateSync(this.fd, len);
  }

  async sync() {
    require('fs').fsyncSync(this.fd);
  }

  async chmod(mode) {
    require('fs').fchmodSync(this.fd, mode);
  }

  async utimes(atime, mtime) {
    require('fs').futimesSync(this.fd, atime, mtime);
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
