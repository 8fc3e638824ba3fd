//! `cargo xtask guests`: builds the guest workspace (`guests/`, a cargo workspace of its own) for
//! wasm32-wasip1 and copies every program to `target/guests/<name>.wasm` in the root workspace.
//!
//! Incremental: the nested cargo build is a no-op when nothing changed, and a module is rewritten
//! only when its bytes differ (so its modification time tells when it really changed).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util;

/// The guests' compilation target.
pub const TARGET: &str = "wasm32-wasip1";

/// Environment variables of the calling cargo (or the user) that must not reach the nested
/// build: they would move its output, change its target, or apply host-oriented compiler flags
/// (and invalidate its cache whenever they change).
const CLEARED_ENV: &[&str] = &[
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET_DIR",
    "CARGO_BUILD_TARGET",
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
];

/// Builds the guests; returns the directory holding the `.wasm` files (`<root>/target/guests`).
pub fn build(args: &[String]) -> Result<PathBuf, String> {
    if let Some(a) = args.first() {
        return Err(format!("guests: unexpected argument {a:?} (it takes none)"));
    }
    let root = util::root();
    let guests = root.join("guests");
    let out_dir = root.join("target").join("guests");

    ensure_target()?;

    println!("guests: cargo build --release --target {TARGET} in {}", guests.display());
    let mut cmd = util::cargo();
    cmd.current_dir(&guests)
        .args(["build", "--release", "--target", TARGET, "--message-format=json-render-diagnostics"])
        .arg("--manifest-path")
        .arg(guests.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(guests.join("target"));
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    let modules = executables(&json_output(&mut cmd)?);
    if modules.is_empty() {
        return Err("guests: the build produced no .wasm programs".into());
    }

    std::fs::create_dir_all(&out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let mut updated = 0;
    for src in &modules {
        if copy_if_changed(src, &out_dir)? {
            updated += 1;
        }
    }
    println!("guests: {} modules in {} ({updated} updated)", modules.len(), out_dir.display());
    Ok(out_dir)
}

/// Adds the rustup target unless it is installed (for the toolchain running xtask: rustup passes
/// `RUSTUP_TOOLCHAIN` down to the commands it starts).
fn ensure_target() -> Result<(), String> {
    let installed = util::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if installed.lines().any(|l| l.trim() == TARGET) {
        println!("guests: rustup target {TARGET} installed");
        return Ok(());
    }
    println!("guests: rustup target add {TARGET}");
    util::run(Command::new("rustup").args(["target", "add", TARGET]))
}

/// Runs `cmd` with its stderr (cargo's progress and diagnostics) passed through; returns stdout.
fn json_output(cmd: &mut Command) -> Result<String, String> {
    let out =
        cmd.stdin(Stdio::null()).stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed with {}", out.status));
    }
    String::from_utf8(out.stdout).map_err(|_| "cargo printed non-UTF-8 JSON".to_string())
}

/// The `.wasm` executables named by cargo's `compiler-artifact` messages (cargo reports fresh
/// artifacts too, so this is the full list even when nothing was rebuilt).
fn executables(json: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = json
        .lines()
        .filter(|l| l.contains(r#""reason":"compiler-artifact""#))
        .filter_map(|l| json_string_field(l, "executable"))
        .map(PathBuf::from)
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The value of the string field `"name":"..."` in one line of JSON (unescaped), if present.
fn json_string_field(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!("\"{name}\":\""))? + name.len() + 4;
    let mut out = String::new();
    let mut chars = line[start..].chars();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                c => out.push(c), // `\"`, `\\`, `\/`
            },
            c => out.push(c),
        }
    }
}

/// Copies `src` into `dir` unless an identical file is there; returns whether it wrote. Writes a
/// temporary file and renames it, so a reader never sees a partial module. Modules are
/// executable (0755): mounted into a VM, they run like any program there.
fn copy_if_changed(src: &Path, dir: &Path) -> Result<bool, String> {
    use std::os::unix::fs::PermissionsExt;
    let name = src.file_name().ok_or_else(|| format!("{} has no file name", src.display()))?;
    let dst = dir.join(name);
    let bytes = std::fs::read(src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    let executable = std::fs::metadata(&dst).is_ok_and(|m| m.permissions().mode() & 0o111 == 0o111);
    if executable && std::fs::read(&dst).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let tmp = dst.with_extension("wasm.tmp");
    std::fs::write(&tmp, &bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("cannot chmod {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &dst).map_err(|e| format!("cannot rename {} to {}: {e}", tmp.display(), dst.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_executables_in_cargo_json() {
        let json = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"burrow_guest"},"executable":null,"fresh":true}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"b"},"executable":"/g/t/b.wasm","fresh":true}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"a"},"executable":"/g/t/a\\\"q\u0041.wasm"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(executables(json), [PathBuf::from("/g/t/a\\\"qA.wasm"), PathBuf::from("/g/t/b.wasm")]);
    }
}
