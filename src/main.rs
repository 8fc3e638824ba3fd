//! The `burrow` command line.

mod mcp;
mod publish;

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use burrow::kernel::Limit;
use burrow::{BackendKind, Error, MountSpec, NetPolicy, Runtime, Snapshot, Stdio, Vm};
use publish::PublishSpec;

const HELP: &str = "burrow: run untrusted programs in an isolated in-process VM

usage:
  burrow run [OPTIONS] [--] PROGRAM [ARGS...]
  burrow exec [OPTIONS] [--json] [--] COMMAND LINE...
  burrow mcp [OPTIONS]
  burrow sh [OPTIONS]

run   runs one program. exec runs a shell command line (`sh -c`); with --json it prints one
      JSON object instead of streaming: {\"stdout\", \"stderr\", \"exit_code\", \"signal\",
      \"limit_exceeded\", \"limits_hit\", \"timings_ms\": {\"vm\", \"run\", \"total\"}} (for agent
      tool calls). mcp serves the Model Context Protocol on stdin/stdout (JSON-RPC, one message a
      line) with the tools exec, read_file, write_file and list_dir on one persistent VM. sh is
      an interactive shell in a VM: lines are edited in the host's terminal and run by the VM's
      `sh -i` one at a time (state such as cwd and variables carries from line to line); it
      prompts on stderr with PS1 (default `burrow:\\w$ `) and ends at `exit` or end of input.

PROGRAM is a host file ending in .wasm (run as a WebAssembly module) when such a host file
exists; otherwise a path inside the VM (or a name looked up in its PATH). The exit code is the program's (128 + N when it
is killed by signal N); Burrow's own errors exit with 125 (usage, setup), 126 (not runnable)
or 127 (not found).

options:
  --backend B             engine: wasmtime (default), wasmi, v8
  --mount HOST:GUEST[:ro] mount a host directory (read-write unless :ro)
  --env K=V               set an environment variable (repeatable)
  --cwd DIR               working directory in the VM (default /home/user)
  --limit KEY=VALUE       processes, open_files, fs_bytes, fs_inodes, pipe_buffers, socket_buffers,
                          cpu_time_ms, wall_time_ms, memory (bytes), arg_bytes, module_bytes
  --net-allow HOST:PORT   allow outbound connections (and name lookups) to HOST:PORT (repeatable;
                          denied by default). HOST: a name, an IP, a CIDR block or * (public
                          addresses only); PORT: a number or *. The host's 127.0.0.1:PORT is
                          10.0.2.2:PORT (host.burrow.internal) in the VM, once a rule names it
  --publish HOST_PORT:GUEST_PORT
                          forward the host's 127.0.0.1:HOST_PORT to GUEST_PORT, where a program in
                          the VM listens, while the program runs (repeatable)
  --snapshot-in PATH      start the VM's files from a snapshot: a directory, else a tar archive
  --snapshot-out PATH     save the VM's files (what it changed over the base image) when the
                          program ends: a tar archive if PATH ends in .tar or is a file, else a
                          directory (new or empty)
  -h, --help              this help

examples:
  burrow run ./hello.wasm
  burrow exec --json -- 'ls /bin | wc -l'
  burrow mcp --mount ./repo:/repo --cwd /repo
  burrow sh --mount ./repo:/repo --cwd /repo
  burrow run --mount ./project:/work:ro --cwd /work -- ./tool.wasm --check
  burrow run --publish 8080:3000 --mount ./app:/app -- node /app/server.js
  burrow exec --snapshot-out work.tar -- 'echo draft > notes'
  burrow exec --snapshot-in work.tar -- 'cat notes'
";

struct RunArgs {
    backend: BackendKind,
    mounts: Vec<MountSpec>,
    env: Vec<(String, String)>,
    cwd: Option<String>,
    limits: burrow::kernel::limits::Limits,
    net_allow: Vec<String>,
    publish: Vec<PublishSpec>,
    snapshot_in: Option<PathBuf>,
    snapshot_out: Option<PathBuf>,
    program: String,
    args: Vec<Vec<u8>>,
    /// `exec --json`.
    json: bool,
}

/// What a subcommand takes after its options.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    /// `run`: PROGRAM [ARGS...].
    Program,
    /// `exec`: a command line (its words joined by spaces), and `--json`.
    CommandLine,
    /// `mcp` and `sh`: nothing.
    Nothing,
}

/// An option or the program name as UTF-8 (the program's own arguments may be any bytes).
fn utf8(arg: OsString) -> Result<String, Error> {
    arg.into_string().map_err(|a| Error::InvalidSetting(format!("{a:?} is not valid UTF-8")))
}

fn parse_run(mut it: impl Iterator<Item = OsString>, takes: Takes) -> Result<RunArgs, Error> {
    let mut a = RunArgs {
        backend: BackendKind::default(),
        mounts: Vec::new(),
        env: Vec::new(),
        cwd: None,
        limits: Default::default(),
        net_allow: Vec::new(),
        publish: Vec::new(),
        snapshot_in: None,
        snapshot_out: None,
        program: String::new(),
        args: Vec::new(),
        json: false,
    };
    let usage = |m: String| Error::InvalidSetting(m);
    while let Some(arg) = it.next() {
        let arg = utf8(arg)?;
        let mut value = |name: &str| it.next().ok_or_else(|| usage(format!("{name} needs a value"))).and_then(utf8);
        match arg.as_str() {
            "--backend" => a.backend = value("--backend")?.parse()?,
            "--mount" => a.mounts.push(value("--mount")?.parse()?),
            "--env" => {
                let kv = value("--env")?;
                let (k, v) = kv.split_once('=').ok_or_else(|| usage(format!("--env `{kv}`: expected K=V")))?;
                a.env.push((k.into(), v.into()));
            }
            "--cwd" => a.cwd = Some(value("--cwd")?),
            "--snapshot-in" => a.snapshot_in = Some(value("--snapshot-in")?.into()),
            "--snapshot-out" => a.snapshot_out = Some(value("--snapshot-out")?.into()),
            "--net-allow" => a.net_allow.push(value("--net-allow")?),
            "--publish" if takes != Takes::Nothing => a.publish.push(value("--publish")?.parse()?),
            "--json" if takes == Takes::CommandLine => a.json = true,
            "--limit" => {
                let kv = value("--limit")?;
                let (k, v) = kv.split_once('=').ok_or_else(|| usage(format!("--limit `{kv}`: expected KEY=VALUE")))?;
                let n: u64 = v.parse().map_err(|_| usage(format!("--limit {k}: `{v}` is not a number")))?;
                if !a.limits.set(k, n) {
                    return Err(usage(format!("--limit: unknown limit `{k}`")));
                }
            }
            "--" => {
                if takes == Takes::Nothing {
                    return Err(usage("mcp and sh take no program".into()));
                }
                a.program = utf8(it.next().ok_or_else(|| usage("missing PROGRAM".into()))?)?;
                break;
            }
            s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}`"))),
            _ if takes == Takes::Nothing => return Err(usage(format!("mcp and sh take no program (`{arg}`)"))),
            _ => {
                a.program = arg;
                break;
            }
        }
    }
    match takes {
        Takes::Nothing => return Ok(a),
        _ if a.program.is_empty() => {
            return Err(usage(if takes == Takes::Program { "missing PROGRAM" } else { "missing COMMAND" }.into()))
        }
        _ => {}
    }
    a.args = it.map(OsStringExt::into_vec).collect();
    if takes == Takes::CommandLine {
        // `exec` runs its words as one shell line: `burrow exec ls -l` or `burrow exec 'ls | wc'`.
        let mut line = std::mem::take(&mut a.program).into_bytes();
        for word in a.args.drain(..) {
            line.push(b' ');
            line.extend_from_slice(&word);
        }
        a.program = "sh".into();
        a.args = vec![b"-c".to_vec(), line];
    }
    Ok(a)
}

/// The VM `a` asks for, in a runtime that says on stderr when a first run compiles a module.
fn build_vm(a: &RunArgs) -> Result<Vm, Error> {
    let policy = NetPolicy::from_rules(&a.net_allow).map_err(|e| Error::InvalidSetting(format!("--net-allow: {e}")))?;
    let runtime = Runtime::builder()
        .on_slow_compile(|c| {
            let mb = c.bytes as f64 / 1e6;
            eprintln!("burrow: compiling a {mb:.1} MB module for {} (first run only: the result is cached)", c.backend);
        })
        .build()?;
    let mut b = Vm::builder().runtime(&runtime).backend(a.backend).limits(a.limits).net_policy(policy);
    for m in &a.mounts {
        b = b.mount(m.clone());
    }
    for (k, v) in &a.env {
        b = b.env(k.clone(), v.clone());
    }
    if let Some(cwd) = &a.cwd {
        b = b.cwd(cwd.clone());
    }
    if let Some(path) = &a.snapshot_in {
        b = b.snapshot(&Snapshot::load(path, &a.limits)?);
    }
    b.build()
}

/// `--snapshot-out`: saves the VM's files once its program has ended.
fn save_snapshot(vm: &Vm, path: Option<&PathBuf>) -> Result<(), Error> {
    match path {
        Some(path) => vm.snapshot()?.save(path),
        None => Ok(()),
    }
}

fn run(a: RunArgs) -> Result<i32, Error> {
    let published = publish::bind(&a.publish)?;
    let vm = Arc::new(build_vm(&a)?);
    let published = publish::start(&vm, published);
    let host_module = a.program.ends_with(".wasm") && std::path::Path::new(&a.program).is_file();
    let cmd = if host_module {
        let max = a.limits.module_bytes;
        if std::fs::metadata(&a.program).is_ok_and(|m| m.len() > max) {
            return Err(Error::LimitExceeded { limit: Limit::ModuleBytes, max });
        }
        let bytes = std::fs::read(&a.program).map_err(|e| Error::HostPath { path: a.program.clone(), message: e.to_string() })?;
        let name = a.program.rsplit('/').next().unwrap_or(&a.program).to_string();
        vm.module(bytes, name)
    } else {
        vm.command(a.program.clone())
    };
    let out = cmd.args(a.args).stdin(Stdio::Inherit).stdout(Stdio::Inherit).stderr(Stdio::Inherit).output()?;
    published.drain(std::time::Duration::from_secs(5));
    save_snapshot(&vm, a.snapshot_out.as_ref())?;
    // The limit that stopped the program is already reported on its stderr; name the others it
    // ran into (the guest saw an errno), so a failure caused by one is easy to tell.
    for &limit in out.limits_hit.iter().filter(|&&l| Some(l) != out.limit_exceeded) {
        let _ = writeln!(std::io::stderr(), "burrow: {}", Error::LimitExceeded { limit, max: a.limits.get(limit) });
    }
    Ok(out.code())
}

/// `sh`: the VM's shell, interactive (`sh -i`), on the host's terminal. The terminal edits each
/// line (erase, kill, word erase) before the shell reads it, a line at a time, so one shell
/// process keeps its state across lines.
fn shell(mut a: RunArgs) -> Result<i32, Error> {
    a.program = "sh".into();
    a.args = vec![b"-i".to_vec()];
    if !a.env.iter().any(|(k, _)| k == "PS1") {
        a.env.push(("PS1".into(), "burrow:\\w\\$ ".into()));
    }
    run(a)
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let result = match args.next().as_ref().map(|a| a.to_string_lossy()).as_deref() {
        Some("run") => parse_run(args, Takes::Program).and_then(run),
        Some("exec") => parse_run(args, Takes::CommandLine).and_then(|a| if a.json { exec_json(a) } else { run(a) }),
        Some("mcp") => parse_run(args, Takes::Nothing).and_then(serve_mcp),
        Some("sh") => parse_run(args, Takes::Nothing).and_then(shell),
        Some("-h" | "--help" | "help") | None => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(Error::InvalidSetting(format!("unknown command `{other}` (try `burrow --help`)"))),
    };
    match result {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("burrow: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// `exec --json`: runs the command line with captured output and prints one JSON object.
fn exec_json(a: RunArgs) -> Result<i32, Error> {
    let start = Instant::now();
    let vm = build_vm(&a)?;
    let built = start.elapsed();
    let out = vm.command(a.program.clone()).args(a.args).stdin(Stdio::Inherit).output()?;
    let ran = start.elapsed() - built;
    save_snapshot(&vm, a.snapshot_out.as_ref())?;
    let signal = match out.status {
        burrow::ExitStatus::Signaled(sig) => serde_json::json!(sig.name()),
        _ => serde_json::Value::Null,
    };
    let ms = |d: std::time::Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
    let report = serde_json::json!({
        "stdout": String::from_utf8_lossy(&out.stdout),
        "stderr": String::from_utf8_lossy(&out.stderr),
        "exit_code": out.code(),
        "signal": signal,
        "limit_exceeded": out.limit_exceeded.map(|l| l.to_string()),
        "limits_hit": out.limits_hit.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
        "timings_ms": { "vm": ms(built), "run": ms(ran), "total": ms(start.elapsed()) },
    });
    let mut stdout = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut stdout, &report);
    let _ = writeln!(stdout);
    Ok(out.code())
}

/// `mcp`: serves the Model Context Protocol on stdin/stdout over one VM until stdin ends.
fn serve_mcp(a: RunArgs) -> Result<i32, Error> {
    let vm = build_vm(&a)?;
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    mcp::serve(&vm, stdin, stdout).map_err(|e| Error::Io { context: "mcp: stdio".into(), source: e })?;
    save_snapshot(&vm, a.snapshot_out.as_ref())?;
    Ok(0)
}
