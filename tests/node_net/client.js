// A client process: waits for the server, then makes two requests.
const http = require('http');
function get(path) {
  return new Promise((resolve, reject) => {
    http.get({ port: 8080, path }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve(data));
    }).on('error', reject);
  });
}
async function main() {
  for (let tries = 0; ; tries++) {
    try {
      console.log(await get('/a'));
      break;
    } catch (e) {
      if (e.code !== 'ECONNREFUSED' || tries > 500) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  console.log(await get('/b'));
}
main();
