// fetch against a local http server: JSON, POST, headers, redirects, 404, https refused.
const http = require('http');

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    if (req.url === '/old') {
      res.writeHead(302, { Location: '/json' });
      res.end();
    } else if (req.url === '/json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ method: req.method, accept: req.headers.accept, custom: req.headers['x-custom'] || null }));
    } else if (req.url === '/post') {
      res.end(`${req.method} ${req.headers['content-type']} ${body}`);
    } else {
      res.statusCode = 404;
      res.end('missing');
    }
  });
});
server.listen(0, async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const r = await fetch(`${base}/json`, { headers: { 'X-Custom': 'yes' } });
  console.log(r.status, r.ok, r.headers.get('content-type'), await r.json());
  const redirected = await fetch(`${base}/old`);
  console.log(redirected.redirected, redirected.url.endsWith('/json'), (await redirected.json()).method);
  const post = await fetch(new Request(`${base}/post`, { method: 'POST', body: 'a=1' }));
  console.log(await post.text());
  const missing = await fetch(`${base}/nope`);
  console.log(missing.status, missing.ok, await missing.text());
  const h = new Headers({ A: '1' });
  h.append('a', '2');
  console.log(h.get('A'), [...h].length, new Response('x').status, typeof Response.json);
  try {
    await fetch('https://127.0.0.1:9/');
  } catch (e) {
    console.log(e.name, e.message, e.cause.code);
  }
  server.close();
});
