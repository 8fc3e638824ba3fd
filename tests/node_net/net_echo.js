// net: an echo server with half-close, EADDRINUSE, ECONNREFUSED.
const net = require('net');

const server = net.createServer({ allowHalfOpen: true }, (sock) => {
  const chunks = [];
  sock.on('data', (c) => chunks.push(c));
  sock.on('end', () => {
    // The client half-closed: it still reads what we write now.
    sock.end(Buffer.concat(chunks).toString().toUpperCase());
  });
});
server.on('listening', () => console.log('listening', server.listening, server.address().family));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const client = net.createConnection({ port, host: '127.0.0.1' }, () => {
    console.log('connected', client.remoteAddress, client.remotePort === port, net.isIP(client.localAddress));
    client.setNoDelay(true);
    client.setKeepAlive(true, 1000);
    client.write('hello ');
    client.end('world');
  });
  let echoed = '';
  client.setEncoding('utf8');
  client.on('data', (d) => { echoed += d; });
  client.on('end', () => console.log('echo', echoed, client.bytesWritten, client.bytesRead));
  client.on('close', (hadError) => {
    console.log('client closed', hadError);
    const second = net.createServer();
    second.on('error', (e) => {
      console.log(e.code, e.syscall, e.address, e.port === port, e.message === `listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      server.close(() => {
        const refused = net.connect(port, '127.0.0.1');
        refused.on('error', (e2) => console.log(e2.code, e2.syscall, e2.address, e2.port === port, e2.message === `connect ECONNREFUSED 127.0.0.1:${port}`));
        refused.on('close', () => console.log('done'));
      });
    });
    second.listen(port, '127.0.0.1');
  });
});
console.log(net.isIP('127.0.0.1'), net.isIP('::1'), net.isIP('nope'), net.isIPv4('1.2.3.4'), net.isIPv6('fe80::1%eth0'));
