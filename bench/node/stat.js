// fs.statSync of a 4 KiB file: per call.
loop(2000, (n) => {
  let size = 0;
  for (let i = 0; i < n; i++) size += fs.statSync('stat.txt').size;
  if (size !== n * 4096) fail(`statSync sizes summed to ${size}, expected ${n * 4096}`);
});
