// A loopback GET between a node http server and a client in the same process, over one
// keep-alive connection (the global agent): ms per request/response, 50 requests a sample. The
// body of each response is checked.
const http = require('http');
const body = 'x'.repeat(64);
const server = http.createServer((req, res) => res.end(body));
function get(port) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => (data === body ? resolve() : reject(new Error(`body ${JSON.stringify(data)}`))));
    }).on('error', reject);
  });
}
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const [warmup, samples] = args;
  const n = 50;
  const out = [];
  try {
    for (let i = 0; i < warmup + samples; i++) {
      const start = process.hrtime.bigint();
      for (let j = 0; j < n; j++) await get(port);
      const ms = Number(process.hrtime.bigint() - start) / 1e6 / n;
      if (i >= warmup) out.push(ms);
    }
  } catch (e) {
    fail(e && e.stack);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  server.close();
});
