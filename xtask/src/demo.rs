//! `cargo xtask demo`: builds the guests and the CLI, then shows `burrow run` at work.

use std::process::Command;

use crate::{guests, util};

/// Runs the demo.
pub fn run() -> Result<(), String> {
    let guests = guests::build(&[])?;
    util::run(util::cargo().args(["build", "--release", "--bin", "burrow"]))?;
    let burrow = util::root().join("target").join("release").join("burrow");
    let g = |name: &str| guests.join(format!("{name}.wasm")).display().to_string();
    let scratch = std::env::temp_dir().join(format!("burrow-demo-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    std::fs::write(scratch.join("notes.txt"), "written on the host\n").map_err(|e| e.to_string())?;
    let guests_mount = format!("{}:/guests:ro", guests.display());
    let scratch_mount = format!("{}:/work", scratch.display());
    let steps: Vec<(&str, Vec<String>)> = vec![
        ("a WebAssembly program from a host file", vec!["run".into(), g("hello")]),
        ("arguments and the exit code", vec!["run".into(), "--".into(), g("args"), "one".into(), "two words".into()]),
        ("the VM's own tree (base image)", vec!["run".into(), g("readdir"), "/".into()]),
        ("environment with PWD from --cwd", vec!["run".into(), "--cwd".into(), "/tmp".into(), "--env".into(), "GREETING=hi".into(), g("env")]),
        (
            "a read-write host mount",
            vec!["run".into(), "--mount".into(), scratch_mount.clone(), "--cwd".into(), "/work".into(), g("cwd"), "-k".into(), "/work".into(), "notes.txt".into()],
        ),
        (
            "processes and pipes inside the VM: args | stdio (uppercases)",
            vec![
                "run".into(), "--mount".into(), guests_mount.clone(), "--".into(), "/guests/pipeline.wasm".into(),
                "/guests/args.wasm".into(), "x".into(), "y".into(), "--".into(), "/guests/stdio.wasm".into(),
            ],
        ),
        ("kill: SIGTERM to a spinning child", vec!["run".into(), "--mount".into(), guests_mount, "/guests/kill.wasm".into(), "/guests/spin.wasm".into()]),
        ("a clear error for a missing program", vec!["run".into(), "/bin/nothing".into()]),
        ("the VM's shell and userland", vec!["run".into(), "sh".into(), "-c".into(), "echo \"$USER in $PWD\"; ls /bin | wc -l; uname -a".into()]),
        ("an agent's shell session: scaffold, search, edit, archive", vec!["run".into(), "sh".into(), "-c".into(), AGENT_SCRIPT.into()]),
        (
            "the same userland on the V8 backend",
            vec!["run".into(), "--backend".into(), "v8".into(), "sh".into(), "-c".into(), "set -o pipefail; seq 1 5 | awk '{s+=$1} END {print \"sum\", s}'; jq -n -c '{ok: true}'".into()],
        ),
        ("node: JavaScript sees the same files and runs the same tools", vec!["run".into(), "sh".into(), "-c".into(), NODE_SCRIPT.into()]),
    ];
    for (what, args) in steps {
        println!("\n# {what}\n$ burrow {}", args.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" "));
        let status = Command::new(&burrow).args(&args).status().map_err(|e| format!("cannot run burrow: {e}"))?;
        println!("[exit {}]", status.code().unwrap_or(-1));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// What an agent typically runs in one tool call.
const AGENT_SCRIPT: &str = "set -e
mkdir -p app/src && cd app
cat > src/main.py <<'PY'
def main():
    # TODO: greet
    print('hello')
PY
grep -rn TODO .
sed -i 's/hello/hello, world/' src/main.py
tar czf ../app.tgz . && tar tzf ../app.tgz | sort
tail -1 src/main.py";

fn shell_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-=:".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// A JavaScript step: a file written by the shell, read by node, which then runs wasm tools.
const NODE_SCRIPT: &str = r#"printf 'alpha\nbeta\n' > /tmp/words.txt
node -e '
const fs = require("fs"), { execSync } = require("child_process");
const words = fs.readFileSync("/tmp/words.txt", "utf8").trim().split("\n");
console.log({ words, size: fs.statSync("/tmp/words.txt").size });
console.log(execSync("wc -l < /tmp/words.txt").toString().trim(), "lines, counted by wc");
console.log(require("crypto").createHash("sha256").update(words.join()).digest("hex").slice(0, 16));
'"#;
