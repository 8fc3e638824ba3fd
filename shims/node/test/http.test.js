'use strict';
// net, dgram, http and fetch over 127.0.0.1 only (never beyond loopback): behaviour checked
// against host Node 20 (dev/host-run.js --real) and inside Burrow. On host Node with Burrow's
// builtins (dev/host-run.js without --real) the socket modules cannot load (they need the
// kernel's natives), so the script says so and passes.
const assert = require('assert');

// Burrow's builtins on host Node load, but their kernel op table is missing there.
let io = null;
try {
  io = require('internal/io');
} catch {}
if (io !== null && typeof io.op !== 'function') {
  console.log('http: skipped (no kernel natives on host Node)');
  return;
}
const net = require('net');
const http = require('http');
const dgram = require('dgram');

const { test, done } = require('./harness').namedTests();

test('isIP', () => {
  const cases = [['127.0.0.1', 4], ['::1', 6], ['::ffff:127.0.0.1', 6], ['1.2.3', 0], ['fe80::1%lo0', 6], ['localhost', 0], ['256.0.0.1', 0]];
  for (const [ip, kind] of cases) assert.strictEqual(net.isIP(ip), kind, ip);
  assert.strictEqual(net.isIPv4('10.0.0.1'), true);
  assert.strictEqual(net.isIPv6('10.0.0.1'), false);
});

test('STATUS_CODES and METHODS', () => {
  assert.strictEqual(http.STATUS_CODES[200], 'OK');
  assert.strictEqual(http.STATUS_CODES[418], "I'm a Teapot");
  assert.ok(http.METHODS.includes('GET') && http.METHODS.includes('PATCH'));
  assert.throws(() => http.validateHeaderName('bad name'), { code: 'ERR_INVALID_HTTP_TOKEN' });
  assert.throws(() => http.validateHeaderValue('x', 'a\nb'), { code: 'ERR_INVALID_CHAR' });
});

function listen(server, ...args) {
  return new Promise((resolve) => server.listen(...args, () => resolve(server.address())));
}

function close(server) {
  return new Promise((resolve) => server.close(resolve));
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(Buffer.from(c)));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString()));
    stream.on('error', reject);
  });
}

function request(options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(options, async (res) => resolve({ res, body: await collect(res), req }));
    req.on('error', reject);
    req.end(body);
  });
}

async function httpChecks() {
  const seen = [];
  const server = http.createServer(async (req, res) => {
    const body = await collect(req);
    seen.push({ method: req.method, url: req.url, version: req.httpVersion, headers: req.headers, body });
    if (req.url === '/empty') {
      res.statusCode = 204;
      res.end();
    } else if (req.url === '/trailers') {
      res.setHeader('Trailer', 'X-Sum');
      res.write('abc');
      res.addTrailers({ 'X-Sum': '3' });
      res.end();
    } else {
      res.setHeader('X-Multi', ['a', 'b']);
      res.setHeader('Set-Cookie', ['c=1', 'd=2']);
      assert.deepStrictEqual(res.getHeaderNames(), ['x-multi', 'set-cookie']);
      res.end(`you sent ${body.length}`);
    }
  });
  const address = await listen(server, 0, '127.0.0.1');
  assert.deepStrictEqual(Object.keys(address).sort(), ['address', 'family', 'port']);
  assert.strictEqual(address.address, '127.0.0.1');
  const port = address.port;

  const a = await request({ port, host: '127.0.0.1', path: '/x?q=1', method: 'POST', headers: { 'Content-Type': 'text/plain', Accept: 'a', accept: 'b' } }, 'hello');
  assert.strictEqual(a.res.statusCode, 200);
  assert.strictEqual(a.body, 'you sent 5');
  assert.strictEqual(a.res.headers['content-length'], '10');
  assert.strictEqual(a.res.headers['x-multi'], 'a, b');
  assert.deepStrictEqual(a.res.headers['set-cookie'], ['c=1', 'd=2']);
  assert.strictEqual(a.res.httpVersion, '1.1');
  assert.strictEqual(seen[0].url, '/x?q=1');
  assert.strictEqual(seen[0].headers['content-length'], '5');
  assert.strictEqual(seen[0].headers.host, `127.0.0.1:${port}`);
  assert.strictEqual(seen[0].headers.accept, 'b');

  const b = await request({ port, host: '127.0.0.1', path: '/empty' });
  assert.strictEqual(b.res.statusCode, 204);
  assert.strictEqual(b.body, '');
  assert.strictEqual(b.req.reusedSocket, true);

  const c = await request({ port, host: '127.0.0.1', path: '/trailers' });
  assert.strictEqual(c.body, 'abc');
  assert.strictEqual(c.res.headers['transfer-encoding'], 'chunked');
  assert.deepStrictEqual(c.res.trailers, { 'x-sum': '3' });

  const d = await request({ port, host: '127.0.0.1', path: '/', method: 'HEAD' });
  assert.strictEqual(d.body, '');
  assert.strictEqual(d.res.headers['content-length'], undefined);

  const agentless = await request({ port, host: '127.0.0.1', path: '/', agent: false });
  assert.strictEqual(agentless.res.headers.connection, 'close');
  assert.strictEqual(seen[seen.length - 1].headers.connection, 'close');

  await close(server);
}

async function netChecks() {
  const server = net.createServer((s) => s.pipe(s));
  const { port, family, address } = await listen(server, 0);
  assert.strictEqual(address, '::');
  assert.strictEqual(family, 'IPv6');
  const sock = net.connect({ port, host: '127.0.0.1' });
  await new Promise((resolve) => sock.on('connect', resolve));
  assert.strictEqual(sock.remotePort, port);
  assert.strictEqual(sock.readyState, 'open');
  sock.end('round trip');
  assert.strictEqual(await collect(sock), 'round trip');
  await new Promise((resolve) => sock.on('close', resolve));
  assert.strictEqual(sock.destroyed, true);

  const taken = net.createServer();
  const err = await new Promise((resolve) => {
    taken.on('error', resolve);
    taken.listen(port);
  });
  assert.strictEqual(err.code, 'EADDRINUSE');
  assert.strictEqual(err.syscall, 'listen');
  await close(server);

  const refused = await new Promise((resolve) => net.connect(port, '127.0.0.1').on('error', resolve));
  assert.strictEqual(refused.code, 'ECONNREFUSED');
  assert.strictEqual(refused.message, `connect ECONNREFUSED 127.0.0.1:${port}`);
  assert.strictEqual(refused.address, '127.0.0.1');
  assert.strictEqual(refused.port, port);
}

async function dgramChecks() {
  const a = dgram.createSocket('udp4');
  await new Promise((resolve) => a.bind(0, '127.0.0.1', resolve));
  const b = dgram.createSocket('udp4');
  const got = new Promise((resolve) => a.once('message', (msg, rinfo) => resolve([msg.toString(), rinfo])));
  b.send(Buffer.from('xhello'), 1, 5, a.address().port, '127.0.0.1');
  const [msg, rinfo] = await got;
  assert.strictEqual(msg, 'hello');
  assert.strictEqual(rinfo.address, '127.0.0.1');
  assert.strictEqual(rinfo.family, 'IPv4');
  assert.strictEqual(rinfo.size, 5);
  assert.strictEqual(rinfo.port, b.address().port);
  await new Promise((resolve) => a.close(resolve));
  await new Promise((resolve) => b.close(resolve));
}

async function fetchChecks() {
  const server = http.createServer((req, res) => {
    if (req.url === '/go') {
      res.writeHead(301, { Location: '/here' });
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ url: req.url, method: req.method }));
  });
  const { port } = await listen(server, 0, '127.0.0.1');
  const r = await fetch(`http://127.0.0.1:${port}/go`);
  assert.strictEqual(r.status, 200);
  assert.strictEqual(r.redirected, true);
  assert.deepStrictEqual(await r.json(), { url: '/here', method: 'GET' });
  assert.strictEqual(r.bodyUsed, true);
  const h = new Headers([['B', '2'], ['a', '1']]);
  assert.deepStrictEqual([...h.keys()], ['a', 'b']);
  assert.strictEqual(new Response('x', { status: 201 }).ok, true);
  assert.strictEqual(await new Response('text').text(), 'text');
  await close(server);
}

(async () => {
  await httpChecks();
  await netChecks();
  await dgramChecks();
  await fetchChecks();
  done('http');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
