// dgram: a datagram to a server and its echo back, with rinfo.
const dgram = require('dgram');

const server = dgram.createSocket('udp4');
server.on('message', (msg, rinfo) => {
  console.log('server', msg.toString(), rinfo.address, rinfo.family, rinfo.size);
  server.send(Buffer.from(`echo:${msg}`), rinfo.port, rinfo.address);
});
server.bind({ port: 0, address: '127.0.0.1' }, () => {
  const { port, address, family } = server.address();
  console.log('bound', address, family, port > 0);
  const client = dgram.createSocket('udp4');
  client.on('message', (msg, rinfo) => {
    console.log('client', msg.toString(), rinfo.port === port);
    client.close(() => server.close(() => console.log('closed')));
  });
  client.send('ping', port, '127.0.0.1', (err, bytes) => console.log('sent', err, bytes));
});
