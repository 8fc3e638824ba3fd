// The just-bash lane of `cargo xtask bench`: reads rows as JSON on stdin
// ({ rows: [{ name, script, files: {path: base64}, check: {...} }], warmup, samples }),
// runs each script in a just-bash environment seeded with the row's files (cwd
// /home/user/work), checks the output as the Rust harness does, and prints
// { name: { p50, p90 } | { error } } as JSON. Timing covers `exec()` only.
import { Bash } from "just-bash";

const input = JSON.parse(await new Promise((resolve) => {
  let data = "";
  process.stdin.on("data", (c) => (data += c));
  process.stdin.on("end", () => resolve(data));
}));

function check(c, r) {
  if (r.exitCode !== 0) return `exit ${r.exitCode}; stderr: ${r.stderr.slice(0, 300)}`;
  const out = Buffer.from(r.stdout, "utf8");
  const ok =
    c.kind === "success" ||
    (c.kind === "stdout" && r.stdout === c.value) ||
    (c.kind === "bytes" && out.length === c.value) ||
    (c.kind === "lines" && out.toString().split("\n").length - 1 === c.value) ||
    (c.kind === "contains" && r.stdout.includes(c.value));
  return ok ? null : `wrong output for ${JSON.stringify(c)}: ${out.length} bytes ${JSON.stringify(r.stdout.slice(0, 200))}`;
}

const results = {};
for (const row of input.rows) {
  try {
    const files = {};
    for (const [path, b64] of Object.entries(row.files)) {
      files[`/home/user/work/${path}`] = Buffer.from(b64, "base64").toString("utf8");
    }
    files["/home/user/work/.keep"] = "";
    const bash = new Bash({ files, cwd: "/home/user/work" });
    const times = [];
    for (let i = 0; i < input.warmup + input.samples; i++) {
      const start = process.hrtime.bigint();
      const r = await bash.exec(row.script);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const err = check(row.check, r);
      if (err) throw new Error(err);
      if (i >= input.warmup) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.round((times.length - 1) * q)];
    results[row.name] = { p50: at(0.5), p90: at(0.9) };
  } catch (e) {
    results[row.name] = { error: String(e.message || e) };
  }
}
process.stdout.write(JSON.stringify(results));
