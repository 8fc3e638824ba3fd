// A node http server answering a node client in one process: several requests on one
// keep-alive connection, Content-Length and chunked bodies, a POST body, a 404, HEAD.
const http = require('http');

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (req.url === '/chunked') {
      res.setHeader('Content-Type', 'text/plain');
      res.write('one,');
      setImmediate(() => { res.write('two,'); res.end('three'); });
    } else if (req.url === '/echo') {
      res.writeHead(201, { 'X-Length': String(body.length) });
      res.end(`${req.method} ${body}`);
    } else if (req.url === '/') {
      res.end('index');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`no ${req.url}`);
    }
  });
});

function request(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ res, req, data }));
    });
    req.on('error', reject);
    if (body !== undefined) {
      req.write(body.slice(0, 3));
      req.end(body.slice(3));
    } else {
      req.end();
    }
  });
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const ports = new Set();
  const show = ({ res, req, data }) => {
    ports.add(req.socket.localPort);
    const framing = res.headers['transfer-encoding'] ? `chunked` : `length=${res.headers['content-length']}`;
    console.log(res.statusCode, res.statusMessage, framing, res.headers.connection, JSON.stringify(data), req.reusedSocket);
  };
  show(await request(port, 'GET', '/'));
  show(await request(port, 'GET', '/chunked'));
  show(await request(port, 'POST', '/echo', 'a body in two writes'));
  show(await request(port, 'GET', '/nowhere'));
  const head = await request(port, 'HEAD', '/');
  show(head);
  console.log('one connection:', ports.size === 1);
  console.log(http.STATUS_CODES[404], http.METHODS.includes('PATCH'));
  server.close(() => console.log('server closed'));
});
