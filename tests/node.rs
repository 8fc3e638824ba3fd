//! `node` in every VM (`burrow-node`'s JavaScript on V8 isolates): started from the shell of a
//! VM on each backend, it sees the same files, processes and pipes as the WebAssembly tools.
//! Each case checks exact stdout (and stderr where Node's text is stable) and the exit status.

#[macro_use]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use burrow::kernel::limits::Limits;
use burrow::{BackendKind, Output, Runtime, Stdio, Vm};
use common::text;

/// The project a case works in: a CommonJS package with a local module, JSON and node_modules,
/// and ES modules (`esm/`) that import all of those.
fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("app/main.js", "const greet = require('./lib/greet');\nconst cfg = require('./config.json');\nconsole.log(greet(cfg.name), process.argv.slice(2).join(','));\n"),
        ("app/lib/greet.js", "module.exports = (name) => `hello ${name}`;\n"),
        ("app/config.json", "{ \"name\": \"burrow\" }\n"),
        ("app/node_modules/left-pad/package.json", "{ \"name\": \"left-pad\", \"main\": \"./src/index\" }\n"),
        ("app/node_modules/left-pad/src/index.js", "module.exports = (s, n, c = ' ') => String(s).padStart(n, c);\n"),
        ("app/node_modules/@scope/dual/package.json", "{ \"name\": \"@scope/dual\", \"exports\": { \".\": { \"import\": \"./esm.mjs\", \"require\": \"./cjs.js\" }, \"./feature\": \"./feature.js\" } }\n"),
        ("app/node_modules/@scope/dual/cjs.js", "exports.kind = 'cjs';\n"),
        ("app/node_modules/@scope/dual/feature.js", "exports.feature = true;\n"),
        ("app/uses-packages.js", "const pad = require('left-pad');\nconst dual = require('@scope/dual');\nconsole.log(pad('7', 3, '0'), dual.kind, require('@scope/dual/feature').feature);\n"),
        ("app/tool.js", "#!/usr/bin/env node\nconsole.log('tool', process.argv.length - 2);\n"),        ("app/esm/cycle-a.mjs", "import { b, readA } from './cycle-b.mjs';\nexport const a = 'A';\nconsole.log('a runs second, sees', b, readA());\n"),
        ("app/esm/cycle-b.mjs", "import * as A from './cycle-a.mjs';\nexport const b = 'B';\nexport const readA = () => A.a;\nconsole.log('b runs first');\n"),
        ("app/esm/from-cjs.js", "import('./lib.mjs').then((m) => console.log('cjs imported', m.answer));\ntry { require('./lib.mjs'); } catch (e) { console.log(e.code); }\n"),
        ("app/esm/lib.mjs", "export default (name) => `hello ${name}`;\nexport const answer = 42;\nexport let counter = 0;\nexport function bump() { counter++; }\n"),
        ("app/esm/main.mjs", "import fs, { readFileSync } from 'fs';\nimport { join } from 'node:path';\nimport greet, { answer, counter, bump } from './lib.mjs';\nimport * as lib from './lib.mjs';\nimport cjs, { named, fromLiteral } from './shape.cjs';\nimport config from '../config.json' assert { type: 'json' };\nimport { kind } from '@scope/dual';\nimport pad from 'left-pad';\nconsole.log(typeof fs.statSync, readFileSync === fs.readFileSync, join('a', 'b'));\nconsole.log(greet('esm'), answer, Object.keys(lib).join(','));\nbump();\nconsole.log(counter, lib.counter);\nconsole.log(named, fromLiteral, cjs.named, config.name, kind, pad('1', 3, '0'));\nconsole.log(import.meta.url, import.meta.filename, import.meta.dirname);\nconst again = await import('./lib.mjs');\nconsole.log(again === lib, await new Promise((r) => setTimeout(() => r('after await'), 1)));\n"),
        ("app/esm/missing-export.mjs", "import { nope } from './lib.mjs';\n"),
        ("app/esm/missing-file.mjs", "import './nowhere.mjs';\n"),
        ("app/esm/shape.cjs", "exports.named = 'named';\nconst fromLiteral = 'literal';\nmodule.exports.fromLiteral = fromLiteral;\n"),
        ("app/esm/stuck.mjs", "await new Promise(() => {});\nconsole.log('never');\n"),
        ("app/esm/syntax.mjs", "export const x = ;\n"),
        ("app/esm/throws.mjs", "import './lib.mjs';\nthrow new RangeError('out of range');\n"),
        ("app/esm/typed/index.js", "export const where = import.meta.url.slice(-15);\nconsole.log(typeof require, typeof module, where);\n"),
        ("app/esm/typed/package.json", "{ \"type\": \"module\" }\n"),
        ("app/node_modules/@scope/dual/esm.mjs", "export const kind = 'esm';\n"),
        ("cjs/resolution.js", include_str!("node_cjs/resolution.js")),
        ("ipc/fork.js", include_str!("node_ipc/fork.js")),
    ]
}

/// The networking scenarios (`tests/node_net/*.js`, each also passing on host Node 20 except the
/// egress one, which needs the VM's policy), installed under `/srv/net`.
fn net_scripts() -> Vec<(&'static str, &'static str)> {
    vec![
        ("http_keepalive.js", include_str!("node_net/http_keepalive.js")),
        ("raw_http.js", include_str!("node_net/raw_http.js")),
        ("net_echo.js", include_str!("node_net/net_echo.js")),
        ("dgram_round_trip.js", include_str!("node_net/dgram_round_trip.js")),
        ("fetch_local.js", include_str!("node_net/fetch_local.js")),
        ("egress_denied.js", include_str!("node_net/egress_denied.js")),
        ("server.js", include_str!("node_net/server.js")),
        ("client.js", include_str!("node_net/client.js")),
    ]
}

/// The builtins' own test scripts (`shims/node/test/*.test.js`, also run on host Node by
/// `shims/node/dev/host-run.js`): `(file name, source)`.
fn builtin_tests() -> Vec<(String, Vec<u8>)> {
    builtin_test_files().into_iter().filter(|(name, _)| name.ends_with(".test.js")).collect()
}

/// Every script in `shims/node/test`: the tests and the harness they share.
fn builtin_test_files() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("shims/node/test");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".js"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("test script")))
        .collect();
    files.sort();
    files
}

/// A runtime with the userland (`$BURROW_USERLAND_DIR` or `target/guests`), the project under
/// `/srv` and the builtins' tests under `/srv/node-tests`.
fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for (name, content) in files() {
            let perm = if name.ends_with("tool.js") { 0o755 } else { 0o644 };
            b = b.file(format!("/srv/{name}"), content.as_bytes().to_vec(), perm);
        }
        for (name, content) in builtin_test_files() {
            b = b.file(format!("/srv/node-tests/{name}"), content, 0o644);
        }
        for (name, content) in net_scripts() {
            b = b.file(format!("/srv/net/{name}"), content.as_bytes().to_vec(), 0o644);
        }
        b.build().expect("runtime")
    })
    .clone()
}

#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    fn vm(self) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).build().expect("vm")
    }

    fn vm_with(self, limits: Limits) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).limits(limits).build().expect("vm")
    }
}

/// Runs `sh -c script` (cwd /srv/app) with `stdin`.
fn sh(vm: &Vm, script: &str, stdin: &[u8]) -> Output {
    vm.command("sh")
        .args(["-c", script])
        .cwd("/srv/app")
        .stdin(Stdio::Bytes(stdin.to_vec()))
        .output()
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Asserts stdout and status of `sh -c script`.
fn expect(vm: &Vm, script: &str, stdout: &str, status: i32) {
    let out = sh(vm, script, b"");
    assert_eq!((text(&out.stdout).as_str(), out.code()), (stdout, status), "{script}\nstderr: {}", text(&out.stderr));
}

every_backend!(
    eval_and_print,
    scripts_and_modules,
    files_shared_with_wasm_tools,
    errors_carry_node_codes,
    event_loop_order,
    stdin_and_pipes,
    uncaught_errors_exit_1,
    processes_share_nothing,
    child_process_round_trips,
    crypto_and_zlib_agree_with_the_tools,
    es_modules,
    js_heap_follows_the_memory_limit,
    fs_cp_and_opendir,
    http_server_answers_a_client_on_one_connection,
    http_wire_format,
    net_echo_half_close_and_errors,
    dgram_round_trip,
    fetch_against_a_local_server,
    egress_is_the_kernels_decision,
    server_and_client_processes,
);

/// The builtins' test scripts hold Node's own behaviour: on the host's Node (when installed),
/// each passes against Node's real modules (`--real`) and against ours.
#[test]
fn builtin_test_scripts_pass_on_host_node() {
    let host_node = std::process::Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !host_node {
        eprintln!("no host node: skipped");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("shims/node");
    let mut failures = Vec::new();
    for (name, _) in builtin_tests() {
        for mode in [&["--real"][..], &[][..]] {
            let out = std::process::Command::new("node")
                .arg("dev/host-run.js")
                .args(mode)
                .arg(format!("test/{name}"))
                .current_dir(&dir)
                .output()
                .expect("host node");
            if !out.status.success() {
                failures.push(format!("{name} {mode:?}: {}", text(&out.stderr)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every test script of the builtins passes inside a VM (they pass on host Node too, which
/// proves their expectations are Node's). Run on one backend: `node` runs on V8 whatever the
/// VM's backend, and the other cases cover starting it from each.
#[test]
fn builtin_test_scripts_pass_in_a_vm() {
    let vm = Backend(BackendKind::Wasmtime).vm();
    let mut failures = Vec::new();
    let tests = builtin_tests();
    assert!(tests.len() >= 10, "only {} test scripts found", tests.len());
    for (name, _) in &tests {
        let out = vm.command("node").arg(format!("/srv/node-tests/{name}")).cwd("/srv/node-tests").output().expect("node");
        if out.code() != 0 {
            failures.push(format!("{name}: exit {}\n{}{}", out.code(), text(&out.stdout), text(&out.stderr)));
        }
    }
    assert!(failures.is_empty(), "{} of {} scripts failed:\n{}", failures.len(), tests.len(), failures.join("\n"));
}

fn eval_and_print(b: Backend) {
    let vm = b.vm();
    expect(&vm, "node -e 'console.log(1 + 1)'", "2\n", 0);
    expect(&vm, "node -p '[1, 2, 3].map((x) => x * 2)'", "[ 2, 4, 6 ]\n", 0);
    expect(&vm, "node -p 'process.argv.length' a b", "3\n", 0);
    expect(&vm, "node -e 'process.exitCode = 3'", "", 3);
    expect(&vm, "node -e 'process.on(\"exit\", (c) => console.log(\"exit\", c)); process.exit(4); console.log(\"never\")'", "exit 4\n", 4);
    expect(&vm, "echo 'console.log(\"from stdin\")' | node", "from stdin\n", 0);
    expect(&vm, "node --version", "v18.20.4\n", 0);
    expect(&vm, "node -p 'typeof require(\"fs\").readFileSync + typeof Buffer + typeof URL'", "functionfunctionfunction\n", 0);
    // What only V8 knows, printed as Node prints it: promise states, proxies, iterator entries.
    let v8_state = "const p = Promise.reject(4); p.catch(() => {}); const m = new Map([[1, 2]]);\
        console.log(Promise.resolve(3), new Promise(() => {}), p, m.entries(), new Set([5]).values());\
        console.log(require('util').inspect(new Proxy({ a: 1 }, {}), { showProxy: true }), require('util').types.isProxy(new Proxy({}, {})));\
        const u = process.memoryUsage(); console.log(u.heapUsed > 0 && u.heapTotal >= u.heapUsed && u.rss >= u.heapUsed)";
    expect(&vm, &format!("node -e \"{v8_state}\""), "Promise { 3 } Promise { <pending> } Promise { <rejected> 4 } [Map Entries] { [ 1, 2 ] } [Set Iterator] { 5 }\n\
Proxy [ { a: 1 }, {} ] true\ntrue\n", 0);
}

fn scripts_and_modules(b: Backend) {
    let vm = b.vm();
    expect(&vm, "node main.js x y", "hello burrow x,y\n", 0);
    expect(&vm, "node uses-packages.js", "007 cjs true\n", 0);
    expect(&vm, "./tool.js a b c", "tool 3\n", 0);
    expect(&vm, "node -p 'require.resolve(\"left-pad\")'", "/srv/app/node_modules/left-pad/src/index.js\n", 0);
    expect(&vm, "node -e 'for (const m of [\"https\", \"tls\", \"http2\"]) try { require(m) } catch (e) { console.log(e.code, e.message) }'",
        "ERR_UNSUPPORTED_MODULE Burrow's node does not support the 'https' module yet\n\
ERR_UNSUPPORTED_MODULE Burrow's node does not support the 'tls' module yet\n\
ERR_UNSUPPORTED_MODULE Burrow's node does not support the 'http2' module yet\n", 0);
    expect(&vm, "node -e 'try { require(\"./nope\") } catch (e) { console.log(e.code) }'", "MODULE_NOT_FOUND\n", 0);
    expect(&vm, "node -p 'require(\"node:path\").join(\"a\", \"..\", \"b\")'", "b\n", 0);
}

fn files_shared_with_wasm_tools(b: Backend) {
    let vm = b.vm();
    // A file a wasm command writes is at once visible to fs, with its true size.
    expect(&vm, "printf 'abc\\n' > /tmp/w.txt && node -p 'const fs = require(\"fs\"); fs.statSync(\"/tmp/w.txt\").size + \":\" + fs.readFileSync(\"/tmp/w.txt\", \"utf8\").trim()'", "4:abc\n", 0);
    // ... and the other way round.
    expect(&vm, "node -e 'require(\"fs\").writeFileSync(\"/tmp/n.txt\", \"from node\\n\")' && cat /tmp/n.txt && wc -c < /tmp/n.txt", "from node\n10\n", 0);
    expect(&vm, "mkdir -p /tmp/d/sub && touch /tmp/d/a /tmp/d/b && node -p 'require(\"fs\").readdirSync(\"/tmp/d\").join(\" \")'", "a b sub\n", 0);
    expect(&vm, "node -p 'require(\"fs\").readdirSync(\"/tmp/d\", { withFileTypes: true }).map((d) => d.name + (d.isDirectory() ? \"/\" : \"\")).join(\" \")'", "a b sub/\n", 0);
    expect(&vm, "node -e 'const fs = require(\"fs\"); fs.mkdirSync(\"/tmp/x/y/z\", { recursive: true }); fs.appendFileSync(\"/tmp/x/y/z/f\", \"1\"); fs.appendFileSync(\"/tmp/x/y/z/f\", \"2\")' && cat /tmp/x/y/z/f && find /tmp/x | sort", "12/tmp/x\n/tmp/x/y\n/tmp/x/y/z\n/tmp/x/y/z/f\n", 0);
    expect(&vm, "node -e 'const fs = require(\"fs\"); fs.renameSync(\"/tmp/n.txt\", \"/tmp/m.txt\"); fs.symlinkSync(\"m.txt\", \"/tmp/l\"); console.log(fs.readlinkSync(\"/tmp/l\"), fs.lstatSync(\"/tmp/l\").isSymbolicLink(), fs.realpathSync(\"/tmp/l\"))'", "m.txt true /tmp/m.txt\n", 0);
    expect(&vm, "node -e 'require(\"fs\").rmSync(\"/tmp/x\", { recursive: true })' && ls /tmp/x", "", 2);
    expect(&vm, "node -e 'const fs = require(\"fs\"); fs.chmodSync(\"/tmp/m.txt\", 0o600); console.log((fs.statSync(\"/tmp/m.txt\").mode & 0o777).toString(8))' && stat -c %a /tmp/m.txt", "600\n600\n", 0);
    expect(&vm, "node -e 'require(\"fs\").promises.readFile(\"/tmp/m.txt\", \"utf8\").then((s) => console.log(s.trim()))'", "from node\n", 0);
    expect(&vm, "node -e 'require(\"fs\").readFile(\"/tmp/m.txt\", (err, b) => console.log(err, b.length))'", "null 10\n", 0);
    let streams = "const fs = require('fs'); fs.writeFileSync('/tmp/a.txt', 'x'.repeat(200000));\
        const r = fs.createReadStream('/tmp/a.txt'), w = fs.createWriteStream('/tmp/b.txt');\
        r.pipe(w).on('finish', () => console.log(fs.statSync('/tmp/b.txt').size, w.bytesWritten, r.bytesRead));\
        fs.createReadStream('/nope').on('error', (e) => console.log(e.code));\
        fs.createReadStream('/tmp/a.txt', { start: 10, end: 19, encoding: 'utf8' }).on('data', (d) => console.log(d.length))";
    expect(&vm, &format!("node -e \"{streams}\" && cmp /tmp/a.txt /tmp/b.txt && echo same"), "ENOENT\n10\n200000 200000 200000\nsame\n", 0);
}

fn errors_carry_node_codes(b: Backend) {
    let vm = b.vm();
    let script = "const fs = require('fs'); const t = (f) => { try { f() } catch (e) { console.log(e.code, e.syscall, e.errno, e.message) } };\
        t(() => fs.readFileSync('/nope')); t(() => fs.mkdirSync('/tmp')); t(() => fs.readFileSync('/tmp'));\
        t(() => fs.rmdirSync('/bin')); t(() => fs.writeFileSync('/bin/x', ''))";
    expect(&vm, &format!("node -e \"{script}\""), "ENOENT open -2 ENOENT: no such file or directory, open '/nope'\n\
EEXIST mkdir -17 EEXIST: file already exists, mkdir '/tmp'\n\
EISDIR read -21 EISDIR: illegal operation on a directory, read\n\
EACCES rmdir -13 EACCES: permission denied, rmdir '/bin'\n\
EACCES open -13 EACCES: permission denied, open '/bin/x'\n", 0);
}

fn event_loop_order(b: Backend) {
    let vm = b.vm();
    // Timers far enough apart that a loaded machine keeps their order; output at exit, so no
    // module loads while the timers run.
    let script = "const out = []; const log = (s) => out.push(s); process.on('exit', () => console.log(out.join(' ')));\
        setTimeout(() => log('t200'), 200); setTimeout(() => { log('t50'); Promise.resolve().then(() => log('p-in-t50')); process.nextTick(() => log('tick-in-t50')) }, 50);\
        setImmediate(() => log('immediate')); process.nextTick(() => log('tick')); Promise.resolve().then(() => log('promise'));\
        const i = setInterval(() => { log('interval'); clearInterval(i) }, 100); setTimeout(() => log('unref never'), 5000).unref(); log('sync')";
    expect(&vm, &format!("node -e \"{script}\""), "sync tick promise immediate t50 tick-in-t50 p-in-t50 interval t200\n", 0);
    expect(&vm, "node -e 'process.on(\"beforeExit\", () => { if (!globalThis.done) { globalThis.done = 1; setTimeout(() => console.log(\"again\"), 1) } })'", "again\n", 0);
}

fn stdin_and_pipes(b: Backend) {
    let vm = b.vm();
    expect(&vm, "printf 'hello\\nworld\\n' | node -e 'let s = \"\"; process.stdin.on(\"data\", (d) => s += d).on(\"end\", () => console.log(s.toUpperCase().trim().split(\"\\n\").join(\"+\")))'", "HELLO+WORLD\n", 0);
    expect(&vm, "node -e 'for (let i = 0; i < 3; i++) console.log(i)' | wc -l", "3\n", 0);
    expect(&vm, "seq 1 5 | node -e 'console.log(require(\"fs\").readFileSync(0, \"utf8\").split(\"\\n\").filter(Boolean).reduce((a, b) => a + Number(b), 0))'", "15\n", 0);
}

fn uncaught_errors_exit_1(b: Backend) {
    let vm = b.vm();
    let out = sh(&vm, "node -e 'throw new Error(\"boom\")'", b"");
    assert_eq!(out.code(), 1);
    assert!(text(&out.stderr).contains("Error: boom\n    at "), "stderr: {}", text(&out.stderr));
    let out = sh(&vm, "node -e 'Promise.reject(new TypeError(\"late\"))'", b"");
    assert_eq!(out.code(), 1);
    assert!(text(&out.stderr).contains("TypeError: late"), "stderr: {}", text(&out.stderr));
    let out = sh(&vm, "node -e 'setTimeout(() => { throw 42 }, 1)'", b"");
    assert_eq!((out.code(), text(&out.stderr).contains("42\n(Use `node --trace-uncaught ...`")), (1, true), "stderr: {}", text(&out.stderr));
    expect(&vm, "node -e 'process.on(\"uncaughtException\", (e) => console.log(\"caught\", e.message)); setTimeout(() => { throw new Error(\"x\") }, 1)'", "caught x\n", 0);
    expect(&vm, "node -e 'process.on(\"unhandledRejection\", (r) => console.log(\"unhandled\", r)); Promise.reject(7)'", "unhandled 7\n", 0);
    expect(&vm, "node --bogus; echo $?", "9\n", 0);
}

/// Isolates and the startup snapshot are reused across processes: nothing of one process may
/// reach the next (globals, builtins' prototypes, queued microtasks, timers), and each starts
/// with its own random state.
fn processes_share_nothing(b: Backend) {
    let vm = b.vm();
    let script = "node -e 'globalThis.leak = 1; Array.prototype.evil = 1; require(\"fs\").evil = 1'; \
        node -e 'Promise.resolve().then(() => require(\"fs\").writeFileSync(\"/tmp/leak\", \"x\")); setTimeout(() => require(\"fs\").writeFileSync(\"/tmp/leak2\", \"x\"), 1); process.exit(0)'; \
        for i in 1 2 3; do node -p 'typeof leak + typeof [].evil + typeof require(\"fs\").evil'; done; \
        test -e /tmp/leak || test -e /tmp/leak2 || echo clean";
    expect(&vm, script, "undefinedundefinedundefined\nundefinedundefinedundefined\nundefinedundefinedundefined\nclean\n", 0);
    let out = sh(&vm, "for i in 1 2 3 4; do node -p 'Math.random()'; done", b"");
    let values: std::collections::HashSet<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(values.len(), 4, "Math.random repeats across processes: {}", text(&out.stdout));
}

/// child_process into the kernel: node runs the shell and wasm tools (and node) and reads
/// their output, exit codes and signals, in the sync and async forms.
fn child_process_round_trips(b: Backend) {
    let vm = b.vm();
    let script = r#"const cp = require('child_process');
console.log(cp.execSync('echo hi; ls /srv/app/lib').toString().trim());
const r = cp.spawnSync('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'data\n', encoding: 'utf8' });
console.log(JSON.stringify([r.status, r.stdout, r.stderr]));
try { cp.execSync('exit 5', { stdio: 'pipe' }) } catch (e) { console.log('status', e.status) }
console.log(cp.execFileSync('wc', ['-l'], { input: 'a\nb\n' }).toString().trim());
const c = cp.spawn('sh', ['-c', 'echo out; sleep 0.5; echo done']);
let s = ''; c.stdout.on('data', (d) => s += d);
c.on('close', (code) => { console.log('close', code, JSON.stringify(s));
  cp.exec('node -p "1 + 2"', (err, out) => console.log('exec', err, out.trim()));
});
cp.execFile('nosuchcmd', (err) => console.log('enoent', err.code));
const k = cp.spawn('sleep', ['5']); k.on('exit', (code, sig) => console.log('killed', code, sig)); setTimeout(() => k.kill(), 20);
"#;
    let out = vm.command("node").args(["-e", script]).cwd("/srv/app").output().expect("node");
    assert_eq!(
        (text(&out.stdout).as_str(), out.code()),
        ("hi\ngreet.js\n[3,\"data\\n\",\"err\\n\"]\nstatus 5\n2\nenoent ENOENT\nkilled null SIGTERM\nclose 0 \"out\\ndone\\n\"\nexec null 3\n", 0),
        "stderr: {}",
        text(&out.stderr)
    );
}

/// Hashes and compression computed by node agree with the VM's own tools (and the known
/// vectors): a file node gzips, `gunzip` reads, and the other way round.
fn crypto_and_zlib_agree_with_the_tools(b: Backend) {
    let vm = b.vm();
    expect(&vm, "node -p 'require(\"crypto\").createHash(\"sha256\").update(\"abc\").digest(\"hex\")'; printf abc | sha256sum",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n", 0);
    expect(&vm, "node -p 'require(\"crypto\").createHmac(\"sha256\", \"Jefe\").update(\"what do ya want for nothing?\").digest(\"hex\")'",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\n", 0);
    expect(&vm, "node -p 'require(\"crypto\").createHash(\"md5\").update(\"a\").update(\"bc\").digest(\"base64\")'", "kAFQmDzST7DWlj99KOF/cg==\n", 0);
    expect(&vm, "node -e 'const fs = require(\"fs\"); fs.writeFileSync(\"/tmp/n.gz\", require(\"zlib\").gzipSync(\"from node\\n\".repeat(3)))' && gunzip -c /tmp/n.gz",
        "from node\nfrom node\nfrom node\n", 0);
    expect(&vm, "printf 'from gzip\\n' | gzip > /tmp/g.gz && node -e 'process.stdout.write(require(\"zlib\").gunzipSync(require(\"fs\").readFileSync(\"/tmp/g.gz\")))'",
        "from gzip\n", 0);
    expect(&vm, "node -e 'try { require(\"zlib\").inflateSync(Buffer.from(\"junk\")) } catch (e) { console.log(e.code, e.errno) }'", "Z_DATA_ERROR -3\n", 0);
    expect(&vm, "node -p '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()) && require(\"crypto\").randomBytes(16).length'", "16\n", 0);
}

/// ES modules (outputs as Node 20 gives them for these files, but for `require` of an ES module,
/// which Node 18 refuses as Burrow does): imports of builtins, files, CommonJS (named exports
/// found in its source), JSON, packages by their `import` condition; cycles in Node's order;
/// `import.meta`; top-level await; `import()` from CommonJS; errors with Node's codes and texts.
fn es_modules(b: Backend) {
    let vm = b.vm();
    expect(&vm, "cd esm && node main.mjs", "function true a/b\nhello esm 42 answer,bump,counter,default\n1 1\n\
named literal named burrow esm 001\nfile:///srv/app/esm/main.mjs /srv/app/esm/main.mjs /srv/app/esm\ntrue after await\n", 0);
    // Twice: a reused isolate starts the second process with no module of the first.
    expect(&vm, "node esm/cycle-a.mjs && node esm/cycle-a.mjs", &"b runs first\na runs second, sees B A\n".repeat(2), 0);
    expect(&vm, "node esm/typed/index.js", "undefined undefined /typed/index.js\n", 0);
    expect(&vm, "node esm/from-cjs.js", "ERR_REQUIRE_ESM\ncjs imported 42\n", 0);
    expect(&vm, "node --input-type=module -e 'import { answer } from \"./esm/lib.mjs\"; console.log(answer, import.meta.url)'",
        "42 file:///srv/app/[eval1]\n", 0);
    expect(&vm, "node -e 'import(\"node:os\").then((os) => console.log(typeof os.default.cpus, typeof os.cpus))'", "function function\n", 0);
    // A module a wasm tool writes is at once importable.
    expect(&vm, "echo 'export default 6 * 7' > /tmp/gen.mjs && node --input-type=module -e 'import v from \"/tmp/gen.mjs\"; console.log(v)'", "42\n", 0);
    expect(&vm, "node esm/stuck.mjs", "", 13);
    let fails = |script: &str, status: i32, stderr: &str| {
        let out = sh(&vm, script, b"");
        assert_eq!(out.code(), status, "{script}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(stderr), "{script}: stderr {}", text(&out.stderr));
    };
    fails("node esm/missing-export.mjs", 1, "file:///srv/app/esm/missing-export.mjs:1\nimport { nope } from './lib.mjs';\n         ^^^^\n\
\nSyntaxError: The requested module './lib.mjs' does not provide an export named 'nope'\n");
    fails("node esm/missing-file.mjs", 1, "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/srv/app/esm/nowhere.mjs' imported from /srv/app/esm/missing-file.mjs\n");
    fails("node esm/syntax.mjs", 1, "file:///srv/app/esm/syntax.mjs:1\nexport const x = ;\n                 ^\n\nSyntaxError: Unexpected token ';'\n");
    fails("node esm/throws.mjs", 1, "file:///srv/app/esm/throws.mjs:2\nthrow new RangeError('out of range');\n      ^\n\nRangeError: out of range\n    at ");
    fails("node --check esm/syntax.mjs", 1, "SyntaxError: Unexpected token ';'");
}

/// CommonJS resolution on its edge cases (`tests/node_cjs/resolution.js`, which builds its
/// own fixture): the output is Node 20's, checked against the host's Node when there is one.
#[test]
fn commonjs_resolution_matches_node() {
    prints_what_host_node_prints("tests/node_cjs/resolution.js", "/srv/cjs/resolution.js", include_str!("node_cjs/resolution.expected"));
}

/// Runs `script` (a path in the repository, installed in the VM at `in_vm`) through the VM's
/// node and, when the host has one, host node: both must print `expected` and exit 0.
fn prints_what_host_node_prints(script: &str, in_vm: &str, expected: &str) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(script);
    let host = std::process::Command::new("node").arg(&script).current_dir(std::env::temp_dir()).output();
    if let Ok(host) = host {
        assert_eq!(text(&host.stdout), expected, "host node disagrees with the expectation: {}", text(&host.stderr));
    }
    let vm = Backend(BackendKind::Wasmtime).vm();
    let out = vm.command("node").arg(in_vm).output().expect("node");
    assert_eq!((text(&out.stdout).as_str(), out.code()), (expected, 0), "stderr: {}", text(&out.stderr));
}

/// child_process.fork's IPC channel (`tests/node_ipc/fork.js`): messages both ways in order,
/// large ones, `silent`, disconnects from either side, late sends, the order of 'disconnect',
/// 'exit' and 'close': the output is host Node 20's, checked against it when it is installed.
#[test]
fn fork_ipc_matches_node() {
    prints_what_host_node_prints("tests/node_ipc/fork.js", "/srv/ipc/fork.js", include_str!("node_ipc/fork.expected"));
}

/// The JS heap a node process may use is the VM's `memory` limit: a script that keeps
/// allocating is stopped near it (SIGKILL, the `memory` limit named), not before and not at a
/// fixed size; the next process of the VM runs normally.
fn js_heap_follows_the_memory_limit(b: Backend) {
    let hog = "node -e 'const keep = []; for (let mb = 1; ; mb++) { keep.push(new Array(1 << 17).fill(mb)); \
        if (mb % 8 === 0) require(\"fs\").writeSync(1, mb + \"\\n\") }'";
    let reached = |limits: Limits| {
        let vm = b.vm_with(limits);
        let out = vm.command("sh").args(["-c", hog]).output().expect("hog");
        assert_eq!(out.code(), 137, "stderr: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("limit `memory` exceeded"), "stderr: {}", text(&out.stderr));
        let mb: u64 = text(&out.stdout).lines().last().and_then(|l| l.parse().ok()).unwrap_or(0);
        assert_eq!(vm.command("node").args(["-p", "6 * 7"]).output().expect("node").stdout, b"42\n");
        mb
    };
    let small = reached(Limits { memory: 48 << 20, ..Limits::default() });
    let large = reached(Limits { memory: 160 << 20, ..Limits::default() });
    assert!((16..48).contains(&small), "48 MiB limit: {small} MiB allocated");
    assert!((96..160).contains(&large), "160 MiB limit: {large} MiB allocated");
}

/// fs.cp copies trees (modes, symlinks, filters) that the wasm tools then see; its refusals carry
/// Node 20's codes; fs.opendir reads entries one by one, sync and async.
fn fs_cp_and_opendir(b: Backend) {
    let vm = b.vm();
    let setup = "mkdir -p /tmp/src/a/b && echo hello > /tmp/src/a/b/f.txt && echo top > /tmp/src/top.txt && chmod 640 /tmp/src/top.txt && ln -sf top.txt /tmp/src/link";
    let copy = "const fs = require('fs'); const t = (f) => { try { f() } catch (e) { console.log(e.code, e.errno) } };\
        t(() => fs.cpSync('/tmp/src', '/tmp/dst'));\
        fs.cpSync('/tmp/src', '/tmp/dst', { recursive: true });\
        fs.cpSync('/tmp/src', '/tmp/some', { recursive: true, filter: (s) => !s.endsWith('b') });\
        t(() => fs.cpSync('/tmp/src', '/tmp/src/a/in', { recursive: true }));\
        t(() => fs.cpSync('/tmp/src/top.txt', '/tmp/dst/a'));\
        t(() => fs.cpSync('/tmp/src/top.txt', '/tmp/dst/top.txt', { force: false, errorOnExist: true }))";
    expect(&vm, &format!("{setup} && node -e \"{copy}\" && find /tmp/dst /tmp/some | sort && cat /tmp/dst/a/b/f.txt && stat -c %a /tmp/dst/top.txt && readlink /tmp/dst/link"),
        "ERR_FS_EISDIR 22\nERR_FS_CP_EINVAL 22\nERR_FS_CP_NON_DIR_TO_DIR 20\nERR_FS_CP_EEXIST 17\n\
/tmp/dst\n/tmp/dst/a\n/tmp/dst/a/b\n/tmp/dst/a/b/f.txt\n/tmp/dst/link\n/tmp/dst/top.txt\n/tmp/some\n/tmp/some/a\n/tmp/some/link\n/tmp/some/top.txt\n\
hello\n640\n/tmp/src/top.txt\n", 0);
    let dir = "const fs = require('fs'); const d = fs.opendirSync('/tmp/src'); const names = [];\
        for (let e; (e = d.readSync()); ) names.push(e.name + (e.isDirectory() ? '/' : e.isSymbolicLink() ? '@' : ''));\
        d.closeSync(); console.log(names.sort().join(' '));\
        try { d.readSync() } catch (e) { console.log(e.code) }\
        (async () => { const seen = []; for await (const e of await fs.promises.opendir('/tmp/src/a')) seen.push(e.name); console.log(seen.join()) })()";
    expect(&vm, &format!("{setup} && node -e \"{dir}\""), "a/ link@ top.txt\nERR_DIR_CLOSED\nb\n", 0);
}

/// Runs `node /srv/net/SCRIPT` and checks its stdout and exit status 0.
fn expect_net(vm: &Vm, script: &str, stdout: &str) {
    expect(vm, &format!("cd /srv/net && node {script}"), stdout, 0);
}

/// A node http server answering a node client in one process: five requests on one keep-alive
/// connection (Content-Length and chunked bodies, a POST body written in two parts, a 404, HEAD).
fn http_server_answers_a_client_on_one_connection(b: Backend) {
    expect_net(&b.vm(), "http_keepalive.js", "200 OK length=5 keep-alive \"index\" false\n\
200 OK chunked keep-alive \"one,two,three\" true\n\
201 Created chunked keep-alive \"POST a body in two writes\" true\n\
404 Not Found chunked keep-alive \"no /nowhere\" true\n\
200 OK length=undefined keep-alive \"\" true\n\
one connection: true\nNot Found true\nserver closed\n");
}

/// The bytes of two pipelined responses, as Node writes them (header order, keep-alive, framing).
fn http_wire_format(b: Backend) {
    expect_net(&b.vm(), "raw_http.js", "\"HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nDate: X\\r\\nConnection: keep-alive\\r\\nKeep-Alive: timeout=5\\r\\nContent-Length: 13\\r\\n\\r\\nhello example\
HTTP/1.1 200 OK\\r\\nDate: X\\r\\nConnection: close\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nab\\r\\n3\\r\\ncde\\r\\n0\\r\\n\\r\\n\"\n");
}

/// net: echo with half-close (the client ends, then reads the answer), EADDRINUSE on a second
/// listener, ECONNREFUSED once the server is gone, isIP.
fn net_echo_half_close_and_errors(b: Backend) {
    expect_net(&b.vm(), "net_echo.js", "4 6 0 true true\nlistening true IPv4\nconnected 127.0.0.1 true 4\n\
echo HELLO WORLD 11 11\nclient closed false\nEADDRINUSE listen 127.0.0.1 true true\n\
ECONNREFUSED connect 127.0.0.1 true true\ndone\n");
}

fn dgram_round_trip(b: Backend) {
    expect_net(&b.vm(), "dgram_round_trip.js", "bound 127.0.0.1 IPv4 true\nsent null 4\nserver ping 127.0.0.1 IPv4 4\n\
client echo:ping true\nclosed\n");
}

/// The global fetch against a local server: JSON, a redirect, a POST body, a 404; https: is
/// refused clearly (no TLS).
fn fetch_against_a_local_server(b: Backend) {
    expect_net(&b.vm(), "fetch_local.js", "200 true application/json { method: 'GET', accept: '*/*', custom: 'yes' }\n\
true true GET\nPOST text/plain;charset=UTF-8 a=1\n404 false missing\n1, 2 1 200 function\n\
TypeError fetch failed ERR_UNSUPPORTED_PROTOCOL\n");
}

/// Connecting outside the VM is decided by the kernel (no host socket is ever made): the default
/// policy denies it, and node reports Node's EACCES error for net and fetch.
fn egress_is_the_kernels_decision(b: Backend) {
    expect_net(&b.vm(), "egress_denied.js", "EACCES connect 10.0.0.1 80 connect EACCES 10.0.0.1:80\nfetch failed EACCES connect\n");
}

/// Two node processes from sh: a server in the background, a client that waits for it.
fn server_and_client_processes(b: Backend) {
    let vm = b.vm();
    let out = sh(&vm, "cd /srv/net && node server.js & cd /srv/net && node client.js; wait", b"");
    let mut lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    lines.sort();
    assert_eq!(
        (lines.join("\n"), out.code()),
        ("served /a by server\nserved /b by server\nserver done\nserver listening".to_string(), 0),
        "stderr: {}",
        text(&out.stderr)
    );
}
