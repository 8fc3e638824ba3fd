'use strict';
// child_process.fork and its IPC channel, checked against host Node 20 (the expected output is
// Node's): messages both ways in order, large ones (past the socket's buffer), `silent` with
// piped output, disconnect from either side, sends after it, and 'close' after 'disconnect'.
const { fork } = require('child_process');

const role = process.argv[2];
if (role === 'echo') {
  process.on('message', (m) => {
    if (m === 'bye') return process.disconnect();
    process.send({ echoed: m, size: JSON.stringify(m).length, connected: process.connected });
  });
  process.on('disconnect', () => console.log('child: disconnected'));
  return;
}
if (role === 'quiet') {
  console.log('child stdout', typeof process.send, process.env.NODE_CHANNEL_FD);
  process.send('from quiet', () => process.disconnect());
  return;
}
if (role === 'idle') {
  // No 'message' listener: the channel does not keep the child alive.
  console.log('idle child ends', process.connected);
  return;
}

const events = [];
const log = (...a) => events.push(a.join(' '));
const big = 'x'.repeat(300000);
const child = fork(__filename, ['echo']);
log('connected', child.connected, typeof child.send);
const replies = [];
child.on('message', (m) => {
  replies.push(m);
  if (replies.length === 3) {
    log('replies', replies.map((r) => (typeof r.echoed === 'string' ? r.echoed.length : JSON.stringify(r.echoed))).join(' '));
    log('sizes', replies.map((r) => r.size).join(' '), replies.every((r) => r.connected));
    child.send('bye');
  }
});
child.on('disconnect', () => {
  log('parent: disconnect', child.connected);
  child.send('late', (err) => log('late send:', err && err.code));
});
child.on('exit', (code) => log('exit', code));
child.on('close', (code) => {
  log('close', code);
  second();
});
child.send({ n: 1, list: [1, 2, 3] });
child.send(big);
child.send([null, true, 'é']);

function second() {
  const quiet = fork(__filename, ['quiet'], { silent: true });
  let out = '';
  quiet.stdout.on('data', (d) => (out += d));
  quiet.on('message', (m) => log('quiet says', m));
  quiet.on('close', (code) => {
    log('quiet stdout:', out.trim(), 'code', code);
    third();
  });
}

function third() {
  const idle = fork(__filename, ['idle'], { silent: true });
  let out = '';
  idle.stdout.on('data', (d) => (out += d));
  idle.on('close', (code) => {
    log('idle:', out.trim(), code);
    try {
      fork(__filename, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      log('no ipc:', e.code);
    }
    console.log(events.join('\n'));
  });
}
