//! The `burrow` command line.

mod publish;

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::process::ExitCode;
use std::sync::Arc;

use burrow::kernel::Limit;
use burrow::{BackendKind, Error, MountSpec, NetPolicy, Stdio, Vm};
use publish::PublishSpec;

const HELP: &str = "burrow: run untrusted programs in an isolated in-process VM

usage:
  burrow run [OPTIONS] [--] PROGRAM [ARGS...]

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
  -h, --help              this help

examples:
  burrow run ./hello.wasm
  burrow run --mount ./project:/work:ro --cwd /work -- ./tool.wasm --check
  burrow run --publish 8080:3000 --mount ./app:/app -- node /app/server.js
";

struct RunArgs {
    backend: BackendKind,
    mounts: Vec<MountSpec>,
    env: Vec<(String, String)>,
    cwd: Option<String>,
    limits: burrow::kernel::limits::Limits,
    net_allow: Vec<String>,
    publish: Vec<PublishSpec>,
    program: String,
    args: Vec<Vec<u8>>,
}

/// An option or the program name as UTF-8 (the program's own arguments may be any bytes).
fn utf8(arg: OsString) -> Result<String, Error> {
    arg.into_string().map_err(|a| Error::InvalidSetting(format!("{a:?} is not valid UTF-8")))
}

fn parse_run(mut it: impl Iterator<Item = OsString>) -> Result<RunArgs, Error> {
    let mut a = RunArgs {
        backend: BackendKind::default(),
        mounts: Vec::new(),
        env: Vec::new(),
        cwd: None,
        limits: Default::default(),
        net_allow: Vec::new(),
        publish: Vec::new(),
        program: String::new(),
        args: Vec::new(),
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
            "--net-allow" => a.net_allow.push(value("--net-allow")?),
            "--publish" => a.publish.push(value("--publish")?.parse()?),
            "--limit" => {
                let kv = value("--limit")?;
                let (k, v) = kv.split_once('=').ok_or_else(|| usage(format!("--limit `{kv}`: expected KEY=VALUE")))?;
                let n: u64 = v.parse().map_err(|_| usage(format!("--limit {k}: `{v}` is not a number")))?;
                if !a.limits.set(k, n) {
                    return Err(usage(format!("--limit: unknown limit `{k}`")));
                }
            }
            "--" => {
                a.program = utf8(it.next().ok_or_else(|| usage("missing PROGRAM".into()))?)?;
                break;
            }
            s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}`"))),
            _ => {
                a.program = arg;
                break;
            }
        }
    }
    if a.program.is_empty() {
        return Err(usage("missing PROGRAM".into()));
    }
    a.args = it.map(OsStringExt::into_vec).collect();
    Ok(a)
}

fn run(a: RunArgs) -> Result<i32, Error> {
    let published = publish::bind(&a.publish)?;
    let policy = NetPolicy::from_rules(&a.net_allow).map_err(|e| Error::InvalidSetting(format!("--net-allow: {e}")))?;
    let mut b = Vm::builder().backend(a.backend).limits(a.limits).net_policy(policy);
    for m in a.mounts {
        b = b.mount(m);
    }
    for (k, v) in a.env {
        b = b.env(k, v);
    }
    if let Some(cwd) = a.cwd {
        b = b.cwd(cwd);
    }
    let vm = Arc::new(b.build()?);
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
    // The limit that stopped the program is already reported on its stderr; name the others it
    // ran into (the guest saw an errno), so a failure caused by one is easy to tell.
    for &limit in out.limits_hit.iter().filter(|&&l| Some(l) != out.limit_exceeded) {
        let _ = writeln!(std::io::stderr(), "burrow: {}", Error::LimitExceeded { limit, max: a.limits.get(limit) });
    }
    Ok(out.code())
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let result = match args.next().as_ref().map(|a| a.to_string_lossy()).as_deref() {
        Some("run") => parse_run(args).and_then(run),
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
