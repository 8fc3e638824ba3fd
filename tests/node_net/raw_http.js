// The bytes a node http server writes, read by a raw net client (Date masked).
const http = require('http');
const net = require('net');

const server = http.createServer((req, res) => {
  if (req.url === '/chunked') {
    res.write('ab');
    res.end('cde');
  } else {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`hello ${req.headers.host}`);
  }
});
server.listen(0, () => {
  const { port } = server.address();
  const c = net.connect(port, '127.0.0.1');
  let got = '';
  c.setEncoding('latin1');
  c.on('data', (d) => { got += d; });
  c.on('end', () => {
    console.log(JSON.stringify(got.replace(/Date: [^\r]*/g, 'Date: X')));
    server.close();
  });
  c.write('GET / HTTP/1.1\r\nHost: example\r\n\r\nGET /chunked HTTP/1.1\r\nHost: example\r\nConnection: close\r\n\r\n');
});
