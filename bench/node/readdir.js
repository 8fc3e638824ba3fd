// fs.readdirSync of a directory of 10 files: per call.
loop(500, (n) => {
  let entries = 0;
  for (let i = 0; i < n; i++) entries += fs.readdirSync('d10').length;
  if (entries !== n * 10) fail(`readdirSync counted ${entries} entries, expected ${n * 10}`);
});
