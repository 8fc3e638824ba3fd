'use strict';
// Shared start of the self-timed node rows (run as `node -e SCRIPT ARGS` in the VM and on the
// host, cwd: the fixture). Each row prints one line per sample: milliseconds per operation,
// timed with process.hrtime.bigint(). A wrong result exits 1, so it cannot print a fast number.
const fs = require('fs');
const args = process.argv.slice(1).map(Number);
function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}
/** Milliseconds per call of `batch(n)`, which runs the operation n times. */
function perOp(n, batch) {
  const start = process.hrtime.bigint();
  batch(n);
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}
/** `warmup` unrecorded samples, then `samples` printed ones, each n calls of the operation. */
function loop(n, batch) {
  const [warmup, samples] = args;
  const out = [];
  for (let i = 0; i < warmup + samples; i++) {
    const ms = perOp(n, batch);
    if (i >= warmup) out.push(ms);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
