//! The cases: project guest scenarios (run in a VM with the test guests in `/bin`), agent-style
//! shell scenarios over the userland, the Node conformance lane (ports of Node's own tests, run
//! by `/bin/node` from `/conformance/node`), the hostile guests (limits, escapes and malformed
//! input, each beside a neighbor VM; see [`crate::hostile`]), and the official WASI tests (run as
//! host modules in a VM whose root is a fresh copy of the test's directory).

use std::path::{Path, PathBuf};

use crate::hostile::{hostile_cases, Hostile};

/// What a case expects on standard output.
#[derive(Clone, Debug)]
pub enum Stdout {
    /// Exactly these bytes.
    Exact(String),
    /// A check guest's log: no `FAIL` line, a last line saying all checks passed.
    AllChecks,
    /// Anything (checked only through the status and stderr).
    Any,
}

/// One case of the set.
#[derive(Clone, Debug)]
pub struct Case {
    /// `guest/NAME`, `scenario/NAME`, `node/NAME`, `hostile/NAME` or `wasi/NAME`.
    pub name: String,
    pub program: Program,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Option<Vec<u8>>,
    pub cwd: Option<String>,
    /// Expected exit code (as a shell reports it).
    pub code: i32,
    pub stdout: Stdout,
    /// Expected standard error, when checked.
    pub stderr: Option<String>,
    /// Wall-clock limit per process in the VM, in milliseconds (the kernel's default otherwise).
    pub wall_time_ms: Option<u64>,
    /// A host directory whose `.js` files are copied into the VM, at this path, before the run.
    pub seed: Option<(PathBuf, String)>,
    /// For `hostile/` cases: the limits, fixtures and expected breach (see [`crate::hostile`]).
    pub hostile: Option<Box<Hostile>>,
}

/// What a case runs.
#[derive(Clone, Debug)]
pub enum Program {
    /// A path in a VM built on the test runtime (guests in `/bin`).
    InVm(String),
    /// A host module run in a VM whose root is a fresh copy of `root` (or an empty dir).
    WasiTest { module: PathBuf, root: Option<PathBuf> },
}

fn guest(name: &str, argv: &[&str], code: i32, stdout: Stdout) -> Case {
    in_vm(format!("guest/{name}"), argv, code, stdout)
}

/// A case named `name` running `argv` (`/bin/true` when empty) in a VM on the test runtime.
pub(crate) fn in_vm(name: String, argv: &[&str], code: i32, stdout: Stdout) -> Case {
    Case {
        name,
        program: Program::InVm(argv.first().copied().unwrap_or("/bin/true").to_string()),
        args: argv.iter().skip(1).map(|s| s.to_string()).collect(),
        env: Vec::new(),
        stdin: None,
        cwd: None,
        code,
        stdout,
        stderr: None,
        wall_time_ms: None,
        seed: None,
        hostile: None,
    }
}

fn exact(s: &str) -> Stdout {
    Stdout::Exact(s.to_string())
}

/// The project's guest scenarios.
pub fn guest_cases() -> Vec<Case> {
    let mut cases = vec![
        guest("args", &["/bin/args", "one", "two words", ""], 0, exact("/bin/args\none\ntwo words\n\n")),
        guest("exit-0", &["/bin/exit", "0"], 0, exact("")),
        guest("exit-42", &["/bin/exit", "42"], 42, exact("")),
        guest("exit-255", &["/bin/exit", "255"], 255, exact("")),
        guest("true", &["/bin/true"], 0, exact("")),
        guest("hello-via-path", &["hello"], 0, exact("hello\n")),
        guest("env-var", &["/bin/env", "HOME"], 0, exact("/home/user\n")),
        guest("env-missing", &["/bin/env", "NOPE"], 1, exact("")),
        guest("files", &["/bin/files", "/tmp"], 0, Stdout::AllChecks),
        guest("dirs", &["/bin/dirs", "/tmp"], 0, Stdout::AllChecks),
        guest("symlinks", &["/bin/symlinks", "/tmp"], 0, Stdout::AllChecks),
        guest("rename", &["/bin/rename", "/tmp"], 0, Stdout::AllChecks),
        guest("proc", &["/bin/proc"], 0, Stdout::AllChecks),
        guest("readdir-root", &["/bin/readdir", "/"], 0, exact("dir bin\ndir dev\ndir etc\ndir home\ndir mnt\ndir root\ndir tmp\ndir usr\n")),
        guest("ctor-cwd", &["/bin/ctor"], 0, exact("cwd /home/user\nPWD /home/user\nctor ok\n")),
        guest(
            "cwd-chdir",
            &["/bin/cwd", "-k", "/etc", "hostname"],
            0,
            exact("cwd /home/user\nkernel /home/user\ncwd /etc\nkernel /etc\nread hostname: burrow\n"),
        ),
        guest("spawn-pipe", &["/bin/spawn", "/bin/args", "a", "b"], 0, exact("child: /bin/args\nchild: a\nchild: b\nstatus: exit 0\n")),
        guest("spawn-status", &["/bin/spawn", "/bin/exit", "3"], 0, exact("status: exit 3\n")),
        guest("spawn-missing", &["/bin/spawn", "/bin/missing"], 1, exact("spawn: ENOENT\n")),
        guest(
            "pipeline",
            &["/bin/pipeline", "/bin/args", "x", "y", "--", "/bin/stdio"],
            0,
            exact("result: /BIN/ARGS\nresult: X\nresult: Y\nstatus 1: exit 0\nstatus 2: exit 0\n"),
        ),
        guest("kill", &["/bin/kill", "/bin/spin"], 0, exact("spawned\nkilled\nstatus: signal 15\n")),
        guest("write-64k", &["/bin/write_big", "65536"], 0, exact(&"abcdefghijklmnopqrstuvwxyz".repeat(2521)[..65536])),
    ];
    let mut readdir_missing = guest("readdir-missing", &["/bin/readdir", "/nope"], 1, exact(""));
    readdir_missing.stderr = Some("readdir: ENOENT\n".into());
    cases.push(readdir_missing);
    let mut stdio = guest("stdio", &["/bin/stdio"], 0, exact("HELLO\nWORLD\n"));
    stdio.stdin = Some(b"hello\nworld\n".to_vec());
    stdio.stderr = Some("stderr-line\n".into());
    cases.push(stdio);
    let mut cwd = guest("ctor-cwd-tmp", &["/bin/ctor"], 0, exact("cwd /tmp\nPWD /tmp\nctor ok\n"));
    cwd.cwd = Some("/tmp".into());
    cases.push(cwd);
    let mut env = guest("env-override", &["/bin/env", "GREETING"], 0, exact("hi\n"));
    env.env = vec![("GREETING".into(), "hi".into())];
    cases.push(env);
    cases
}

/// The agent-style shell scenarios in `dir` (`conformance/scenarios`): `NAME.sh` runs as
/// `sh -c SCRIPT` in `/home/user` of a fresh VM with the userland; `NAME.out` is the exact
/// stdout (GNU bash 5.2 and GNU tools on the host gave it), and the script's first line,
/// `# status: N`, the exit status.
pub fn scenario_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".sh").map(String::from))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let script = std::fs::read_to_string(dir.join(format!("{name}.sh"))).map_err(|e| format!("{name}.sh: {e}"))?;
            let stdout = std::fs::read_to_string(dir.join(format!("{name}.out"))).map_err(|e| format!("{name}.out: {e}"))?;
            let code = script
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# status:"))
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| format!("{name}.sh: the first line must be `# status: N`"))?;
            Ok(Case {
                name: format!("scenario/{name}"),
                program: Program::InVm("/bin/sh".into()),
                args: vec!["-c".into(), script],
                env: Vec::new(),
                stdin: None,
                cwd: Some("/home/user".into()),
                code,
                stdout: Stdout::Exact(stdout),
                stderr: None,
                wall_time_ms: None,
                seed: None,
                hostile: None,
            })
        })
        .collect()
}

/// The scenarios in the project: `conformance/scenarios`.
pub fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Where the Node lane's files are in the VM of a `node/` case.
pub const NODE_DIR_IN_VM: &str = "/conformance/node";

/// The Node conformance lane in `dir` (`conformance/node`): each `test-*.js` (a port of the Node
/// test of the same name, see `conformance/node/common.js`) runs as `node FILE` in
/// `/conformance/node`, where every `.js` file of `dir` is copied into the case's VM. A test
/// passes when it exits with 0; its stdout is not compared (stderr is shown when it fails).
pub fn node_cases(dir: &Path) -> Result<Vec<Case>, String> {
    let mut names: Vec<String> = node_files(dir)?
        .into_iter()
        .filter(|f| f.starts_with("test-"))
        .filter_map(|f| f.strip_suffix(".js").map(String::from))
        .collect();
    names.sort();
    Ok(names
        .into_iter()
        .map(|name| Case {
            name: format!("node/{name}"),
            program: Program::InVm("/bin/node".into()),
            args: vec![format!("{NODE_DIR_IN_VM}/{name}.js")],
            env: Vec::new(),
            stdin: None,
            cwd: Some(NODE_DIR_IN_VM.into()),
            code: 0,
            stdout: Stdout::Any,
            stderr: None,
            // A test that waits for an event that never comes fails instead of hanging the set.
            wall_time_ms: Some(60_000),
            seed: Some((dir.to_path_buf(), NODE_DIR_IN_VM.into())),
            hostile: None,
        })
        .collect())
}

/// The `.js` files of the Node lane in `dir` (tests and their `common.js`), by file name.
pub fn node_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".js"))
        .collect();
    files.sort();
    Ok(files)
}

/// The Node lane in the project: `conformance/node`.
pub fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("node")
}

/// The official WASI preview1 tests in `suite` (the `rust-wasip1` folder).
pub fn wasi_cases(suite: &Path) -> Result<Vec<Case>, String> {
    let mut names: Vec<String> = std::fs::read_dir(suite)
        .map_err(|e| format!("{}: {e}", suite.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".wasm").map(String::from))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let spec: serde_json::Value = match std::fs::read_to_string(suite.join(format!("{name}.json"))) {
                Ok(s) => serde_json::from_str(&s).map_err(|e| format!("{name}.json: {e}"))?,
                Err(_) => serde_json::json!({}),
            };
            let strings = |key: &str| -> Vec<String> {
                spec.get(key).and_then(|a| a.as_array()).into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect()
            };
            let env = spec
                .get("env")
                .and_then(|e| e.as_object())
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect();
            Ok(Case {
                name: format!("wasi/{name}"),
                program: Program::WasiTest {
                    module: suite.join(format!("{name}.wasm")),
                    root: spec.get("root").and_then(|r| r.as_str()).map(|r| suite.join(r)),
                },
                args: strings("args"),
                env,
                stdin: None,
                cwd: None,
                code: spec.get("exit_code").and_then(|c| c.as_i64()).unwrap_or(0) as i32,
                stdout: match spec.get("stdout").and_then(|s| s.as_str()) {
                    Some(s) => Stdout::Exact(s.to_string()),
                    None => Stdout::Any,
                },
                stderr: spec.get("stderr").and_then(|s| s.as_str()).map(String::from),
                wall_time_ms: None,
                seed: None,
                hostile: None,
            })
        })
        .collect()
}

/// The WASI suite beside the project: `../shared/conformance/wasi-testsuite/rust-wasip1`.
pub fn wasi_suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/wasi-testsuite/rust-wasip1")
}

/// Every case: guests, shell scenarios, the Node lane, the hostile guests, then the WASI suite.
pub fn all_cases() -> Result<Vec<Case>, String> {
    let mut cases = guest_cases();
    cases.extend(scenario_cases(&scenarios_dir())?);
    cases.extend(node_cases(&node_dir())?);
    cases.extend(hostile_cases());
    cases.extend(wasi_cases(&wasi_suite_dir())?);
    Ok(cases)
}
