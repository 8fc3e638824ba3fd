//! `cargo xtask fuzz`: builds the libFuzzer targets of `fuzz/` and runs them.
//!
//! The targets are built with cargo directly, with the coverage instrumentation flags
//! cargo-fuzz passes (`-Cpasses=sancov-module` and its LLVM options, all stable), so the
//! stable toolchain is enough and cargo-fuzz need not be installed; no sanitizer is used (the
//! fuzzed code is safe Rust, and the targets check their own invariants). Binaries land where
//! `cargo fuzz` puts them (`fuzz/target/<host>/release/`), so `cargo fuzz run T --sanitizer
//! none` works on the same tree too.
//!
//! Each run first replays the kept regression inputs (`fuzz/regressions/<target>/`), then
//! fuzzes with the target's corpus (`fuzz/corpus/<target>/`, not committed); a crash is saved
//! in `fuzz/artifacts/<target>/` and fails the command. A summary line per target gives its
//! runs, executions per second and coverage.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util;

/// Every target, in the order they run.
pub const TARGETS: &[&str] = &[
    "bridge_decode",
    "wasi_calls",
    "kernel_syscalls",
    "path_escape",
    "sh_parser",
    "node_ops",
    "wasm_differential",
    "v8_callbacks",
];

/// The instrumentation cargo-fuzz uses without a sanitizer.
const FLAGS: &[&str] = &[
    "-Cpasses=sancov-module",
    "-Cllvm-args=-sanitizer-coverage-level=4",
    "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
    "-Cllvm-args=-sanitizer-coverage-pc-table",
    "-Cllvm-args=-sanitizer-coverage-trace-compares",
    "--cfg",
    "fuzzing",
    "-Cllvm-args=-simplifycfg-branch-fold-threshold=0",
    "-Cllvm-args=-sanitizer-coverage-stack-depth",
    "-Cdebug-assertions",
    "-Ccodegen-units=1",
];

/// libFuzzer options of one target beyond the common ones.
fn target_args(target: &str) -> &'static [&'static str] {
    match target {
        // A generated script needs many steps to reach deep states: inputs of any length (up
        // to libFuzzer's 4096 bytes) from the start, instead of growing them slowly.
        "v8_callbacks" => &["-len_control=0"],
        // Each input becomes a module run on three engines (tens of runs a second), too slow
        // for libFuzzer to grow inputs from a few bytes to what makes a module with some code.
        "wasm_differential" => &["-max_len=8192", "-len_control=0"],
        _ => &[],
    }
}

/// Seconds per target when `--time` is not given.
const DEFAULT_SECS: u64 = 60;

/// `cargo xtask fuzz [--target T] [--time SECS]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut targets: Vec<String> = Vec::new();
    let mut secs = DEFAULT_SECS;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--target" => {
                let t = it.next().ok_or("--target needs a name")?;
                if !TARGETS.contains(&t.as_str()) {
                    return Err(format!("no fuzz target {t} (there are: {})", TARGETS.join(", ")));
                }
                targets.push(t.clone());
            }
            "--time" => secs = it.next().and_then(|s| s.parse().ok()).ok_or("--time needs a number of seconds")?,
            other => return Err(format!("fuzz: unknown argument {other}")),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    fuzz(&targets, secs)
}

/// The CI smoke: every target for a few seconds (`BURROW_FUZZ_SMOKE_SECS`, default 15).
pub fn smoke() -> Result<(), String> {
    let secs = std::env::var("BURROW_FUZZ_SMOKE_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);
    let targets: Vec<String> = TARGETS.iter().map(|t| t.to_string()).collect();
    fuzz(&targets, secs)
}

fn fuzz(targets: &[String], secs: u64) -> Result<(), String> {
    let bins = build()?;
    let dir = util::root().join("fuzz");
    let mut summary = Vec::new();
    for t in targets {
        let bin = bins.join(t);
        replay(&bin, &dir.join("regressions").join(t))?;
        let corpus = dir.join("corpus").join(t);
        let artifacts = dir.join("artifacts").join(t);
        for d in [&corpus, &artifacts] {
            std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        println!("fuzz: {t} for {secs} s");
        let out = Command::new(&bin)
            .arg(format!("-max_total_time={secs}"))
            .arg("-timeout=20")
            .arg("-print_final_stats=1")
            .args(target_args(t))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg(&corpus)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        let log = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            eprintln!("{}", tail(&log, 60));
            return Err(format!("fuzz target {t} failed ({}); the input is in {}", out.status, artifacts.display()));
        }
        summary.push((t.clone(), stats(&log)));
    }
    println!("{:<16} {:>10} {:>8} {:>7} {:>7} {:>7}", "target", "runs", "exec/s", "cov", "ft", "corpus");
    for (t, s) in summary {
        println!("{t:<16} {:>10} {:>8} {:>7} {:>7} {:>7}", s.runs, s.execs, s.cov, s.ft, s.corpus);
    }
    Ok(())
}

/// Builds every target; returns the directory holding the binaries.
fn build() -> Result<PathBuf, String> {
    let host = host_triple()?;
    let dir = util::root().join("fuzz");
    let mut cargo = util::cargo();
    cargo
        .current_dir(&dir)
        .args(["build", "--release", "--bins", "--target", &host, "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("RUSTFLAGS", FLAGS.join(" "))
        .env("CARGO_TARGET_DIR", dir.join("target"));
    println!("fuzz: building the targets (fuzz/target)");
    util::run(&mut cargo)?;
    Ok(dir.join("target").join(&host).join("release"))
}

/// Runs `bin` once on every file of `dir` (kept regression inputs), if there is any.
fn replay(bin: &Path, dir: &Path) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let inputs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    if inputs.is_empty() {
        return Ok(());
    }
    println!("fuzz: replaying {} regression inputs from {}", inputs.len(), dir.display());
    util::run(Command::new(bin).args(&inputs))
}

fn host_triple() -> Result<String, String> {
    util::output(Command::new("rustc").arg("-vV"))?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "cannot tell the host triple from `rustc -vV`".to_string())
}

/// What a run's final statistics say.
#[derive(Default)]
struct Stats {
    runs: String,
    execs: String,
    cov: String,
    ft: String,
    corpus: String,
}

/// Reads libFuzzer's last status line (`#N DONE cov: C ft: F corp: K/... exec/s: E ...`).
fn stats(log: &str) -> Stats {
    let Some(line) = log.lines().rev().find(|l| l.contains("DONE") || l.contains("cov:")) else {
        return Stats::default();
    };
    let field = |name: &str| {
        let mut words = line.split_whitespace();
        words.find(|w| *w == name).and_then(|_| words.next()).unwrap_or("?").to_string()
    };
    Stats {
        runs: line.split_whitespace().next().unwrap_or("?").trim_start_matches('#').to_string(),
        execs: field("exec/s:"),
        cov: field("cov:"),
        ft: field("ft:"),
        corpus: field("corp:").split('/').next().unwrap_or("?").to_string(),
    }
}

/// The last `n` lines of `s`.
fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
