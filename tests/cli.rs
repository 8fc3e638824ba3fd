//! The `burrow` command line, run as a real process.

mod common;

use std::process::Command;

fn burrow() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_burrow"));
    c.env("BURROW_CACHE_DIR", std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache"));
    c
}

fn wasm(name: &str) -> String {
    common::guests_dir().join(format!("{name}.wasm")).display().to_string()
}

#[test]
fn runs_a_host_module_and_returns_its_exit_code() {
    let out = burrow().args(["run", &wasm("hello")]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
    assert_eq!(out.status.code(), Some(0));
    let out = burrow().args(["run", "--", &wasm("exit"), "7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(7));
}

#[test]
fn passes_env_cwd_and_stdin() {
    let out = burrow().args(["run", "--env", "A=b", "--cwd", "/tmp", &wasm("env"), "A"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "b\n");
    let out = burrow().args(["run", "--cwd", "/tmp", &wasm("env"), "PWD"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "/tmp\n");
    let mut child = burrow()
        .args(["run", &wasm("stdio")])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"abc\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ABC\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "stderr-line\n");
}

#[test]
fn mounts_host_directories_read_write_and_read_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.txt"), "from host\n").unwrap();
    let spec = format!("{}:/work", dir.path().display());
    let out = burrow().args(["run", "--mount", &spec, &wasm("readdir"), "/work"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "file in.txt\n");
    let out = burrow().args(["run", "--mount", &spec, &wasm("files"), "/work"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let ro = format!("{}:/work:ro", dir.path().display());
    let out = burrow().args(["run", "--mount", &ro, &wasm("files"), "/work"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("EROFS"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the read-only mount was not written");
}

#[test]
fn errors_are_one_clear_line_with_distinct_exit_codes() {
    let out = burrow().args(["run", "/bin/nothing"]).output().unwrap();
    assert_eq!(out.status.code(), Some(127));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "burrow: /bin/nothing: not found in the VM\n");
    let out = burrow().args(["run", "--backend", "nope", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("burrow: invalid setting: unknown backend"));
    let out = burrow().args(["run", "--mount", "/definitely/not/here:/x", "y"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    let bad = tempfile::NamedTempFile::with_suffix(".wasm").unwrap();
    std::fs::write(bad.path(), b"garbage").unwrap();
    let out = burrow().args(["run", &bad.path().display().to_string()]).output().unwrap();
    assert_eq!(out.status.code(), Some(126));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("burrow: invalid module"));
    let out = burrow().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("burrow run"));
}

#[test]
fn a_vm_path_ending_in_wasm_runs_from_the_vm() {
    let spec = format!("{}:/guests:ro", common::guests_dir().display());
    let out = burrow()
        .args(["run", "--mount", &spec, "--", "/guests/pipeline.wasm", "/guests/args.wasm", "x", "--", "/guests/stdio.wasm"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "result: /GUESTS/ARGS.WASM\nresult: X\nstatus 1: exit 0\nstatus 2: exit 0\n");
}

#[test]
fn a_limit_the_program_ran_into_is_named_on_one_line_after_the_run() {
    let out = burrow().args(["run", "--limit", "open_files=16", &wasm("fd_bomb"), "open"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "opened 12 descriptors, then EMFILE\nrecovered\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "burrow: limit `open_files` exceeded (max 16); raise it with `--limit open_files=VALUE`\n"
    );
    // The limit that stopped a program is named once (by the launcher), not twice.
    let out = burrow().args(["run", "--limit", "cpu_time_ms=200", &wasm("spin")]).output().unwrap();
    assert_eq!(out.status.code(), Some(152));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "burrow: limit `cpu_time_ms` exceeded (max 200); raise it with `--limit cpu_time_ms=VALUE`\n"
    );
    // A limit that refuses the program itself.
    let out =
        burrow().args(["run", "--limit", "arg_bytes=100", "--", &wasm("args"), &"x".repeat(200)]).output().unwrap();
    assert_eq!(out.status.code(), Some(126));
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit `arg_bytes` exceeded (max 100)"));
}

#[test]
fn program_arguments_need_not_be_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let arg = std::ffi::OsStr::from_bytes(b"\xff\xfe");
    let out = burrow().args(["run", &wasm("args")]).arg(arg).output().unwrap();
    assert_eq!(out.stdout, b"args.wasm\n\xff\xfe\n");
    // Options must be text: a clear usage error, not a panic.
    let out = burrow().arg("run").arg("--cwd").arg(arg).arg(wasm("true")).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not valid UTF-8"), "{stderr}");
}

#[test]
fn exec_runs_a_shell_line_and_reports_it_as_json() {
    let out = burrow().args(["exec", "--json", "--", "printf 'a\\nb\\n' | wc -l; echo warn >&2; exit 4"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["stdout"], "2\n");
    assert_eq!(report["stderr"], "warn\n");
    assert_eq!(report["exit_code"], 4);
    assert_eq!(report["signal"], serde_json::Value::Null);
    for t in ["vm", "run", "total"] {
        assert!(report["timings_ms"][t].as_f64().is_some_and(|v| v >= 0.0), "{report}");
    }
    // A limit that stops the command: named, with the conventional status.
    let out = burrow().args(["exec", "--json", "--limit", "cpu_time_ms=200", "--", "while :; do :; done"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["exit_code"].clone(), report["signal"].clone()), (serde_json::json!(152), serde_json::json!("SIGXCPU")), "{report}");
    assert_eq!(report["limit_exceeded"], "cpu_time_ms");
    // Without --json the words are one shell line, streamed.
    let out = burrow().args(["exec", "echo", "one", "&&", "echo", "two"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "one\ntwo\n");
    let out = burrow().args(["mcp", "stray"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
}

#[test]
fn sh_is_an_interactive_shell_that_keeps_its_state_from_line_to_line() {
    let mut child = burrow()
        .args(["sh", "--env", "GREETING=hello"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let script = "echo $GREETING\ncd /tmp\nX=kept\npwd; echo $X $-\nif true; then\necho inside\nfi\nfi oops\necho after $?\nexit 7\n";
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n/tmp\nkept hBi\ninside\nafter 2\n", "stderr: {stderr}");
    assert_eq!(out.status.code(), Some(7));
    // A prompt before each line: PS1 with the working directory, PS2 inside the `if`; a syntax
    // error is reported and the shell goes on.
    assert!(stderr.starts_with("burrow:~$ burrow:~$ burrow:/tmp$ "), "{stderr}");
    assert!(stderr.contains("burrow:/tmp$ > > burrow:/tmp$ "), "{stderr}");
    assert!(stderr.contains("syntax error near unexpected token `fi'"), "{stderr}");
    let out = burrow().args(["sh", "extra"]).output().unwrap();
    assert_eq!(out.status.code(), Some(125));
}

#[test]
fn a_first_run_says_on_stderr_that_it_compiles_and_later_runs_do_not() {
    let cache = tempfile::tempdir().unwrap();
    let run = || burrow().env("BURROW_CACHE_DIR", cache.path()).args(["exec", "ls", "/bin/sh"]).output().unwrap();
    let first = run();
    assert_eq!(first.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.starts_with("burrow: compiling a ") && stderr.contains(" MB module for wasmtime (first run only"), "{stderr}");
    let second = run();
    assert_eq!((second.status.code(), String::from_utf8_lossy(&second.stderr).as_ref()), (Some(0), ""));
}
