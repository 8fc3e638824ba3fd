// A server process: answers two requests, then closes.
const http = require('http');
let served = 0;
const server = http.createServer((req, res) => {
  res.end(`served ${req.url} by ${process.pid === Number(process.argv[2]) ? 'me' : 'server'}`);
  if (++served === 2) server.close(() => console.log('server done'));
});
server.listen(8080, () => console.log('server listening'));
