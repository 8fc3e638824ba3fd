// A 1 MiB stream copy, createReadStream(src).pipe(createWriteStream(dst)) until 'finish': one
// copy per sample, into a freshly unlinked destination; the copy is compared byte for byte
// (outside the timed part).
const src = fs.readFileSync('src.bin');
if (src.length !== 1 << 20) fail(`src.bin has ${src.length} bytes`);
function copy() {
  return new Promise((resolve, reject) => {
    const r = fs.createReadStream('src.bin');
    const w = fs.createWriteStream('dst.bin');
    r.on('error', reject);
    w.on('error', reject);
    w.on('finish', resolve);
    r.pipe(w);
  });
}
(async () => {
  const [warmup, samples] = args;
  const out = [];
  for (let i = 0; i < warmup + samples; i++) {
    fs.rmSync('dst.bin', { force: true });
    const start = process.hrtime.bigint();
    await copy();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!fs.readFileSync('dst.bin').equals(src)) fail(`copy ${i} differs from src.bin`);
    if (i >= warmup) out.push(ms);
  }
  process.stdout.write(`${out.join('\n')}\n`);
})().catch((e) => fail(e && e.stack));
