'use strict';
// Node's os module for a Burrow VM: Linux, one CPU, identity from the environment and /etc.
//
// Not supported yet: totalmem/freemem (the VM's memory limit is not visible to guests),
// networkInterfaces (no network devices), setPriority/getPriority.

const { op, OP } = require('internal/io');
const errno = require('internal/errno');

const signals = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17,
  SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23,
  SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29,
  SIGPWR: 30, SIGSYS: 31,
};

function readEtc(name) {
  try {
    return require('fs').readFileSync(`/etc/${name}`, 'utf8');
  } catch {
    return '';
  }
}

function hostname() {
  return readEtc('hostname').trim() || 'burrow';
}

function homedir() {
  return process.env.HOME || '/home/user';
}

function tmpdir() {
  let dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
  if (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1);
  return dir;
}

function userInfo(options) {
  const username = process.env.USER || process.env.LOGNAME || 'user';
  let uid = -1;
  let gid = -1;
  let shell = null;
  let home = homedir();
  for (const line of readEtc('passwd').split('\n')) {
    const f = line.split(':');
    if (f[0] === username && f.length >= 7) {
      uid = Number(f[2]);
      gid = Number(f[3]);
      home = f[5];
      shell = f[6];
    }
  }
  const info = { uid, gid, username, homedir: home, shell };
  if (options && options.encoding === 'buffer') {
    for (const k of ['username', 'homedir', 'shell']) if (info[k] !== null) info[k] = Buffer.from(info[k]);
  }
  return info;
}

// Uptime counts from the first call in this process (a VM has no boot of its own to count from).
let started;

module.exports = {
  EOL: '\n',
  devNull: '/dev/null',
  arch: () => 'x64',
  machine: () => 'x86_64',
  platform: () => 'linux',
  type: () => 'Linux',
  release: () => '6.0.0-burrow',
  version: () => '#1 SMP Burrow',
  endianness: () => 'LE',
  hostname,
  homedir,
  tmpdir,
  userInfo,
  uptime: () => {
    started ??= op(OP.NOW);
    return (op(OP.NOW) - started) / 1000;
  },
  loadavg: () => [0, 0, 0],
  cpus: () => [{ model: 'Burrow virtual CPU', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
  availableParallelism: () => 1,
  constants: {
    signals,
    errno: errno.constants,
    priority: { PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20 },
    dlopen: {},
  },
};
