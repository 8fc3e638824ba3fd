// require of 100 small modules from a fresh process: one sample per process (the harness starts
// one per sample), each process loading its own directory req/sNN whose files
// (`module.exports = NN*100+i;`) no earlier run has loaded, so no cache of any kind (module,
// resolution, compiled code) can have seen them. Requests name no extension, as code does.
const [run] = args;
const dir = `./req/s${String(run).padStart(2, '0')}`;
const start = process.hrtime.bigint();
let sum = 0;
for (let i = 0; i < 100; i++) sum += require(`${dir}/m${String(i).padStart(2, '0')}`);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
if (sum !== run * 100 * 100 + 4950) fail(`the modules summed to ${sum}, expected ${run * 10000 + 4950}`);
process.stdout.write(`${ms}\n`);
