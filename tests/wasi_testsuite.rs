//! The official WASI preview1 test suite (`../shared/conformance/wasi-testsuite`), unchanged,
//! on the wasmtime backend. Each test runs in a fresh VM whose root is a fresh copy of the
//! test's directory. Tests that cannot pass yet are listed with a reason in
//! `tests/wasi-testsuite.expectations`; an unexpected failure or an unexpected pass fails.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use burrow::{ExitStatus, Vm};

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/wasi-testsuite/rust-wasip1")
}

fn expectations() -> BTreeMap<String, String> {
    let text = include_str!("wasi-testsuite.expectations");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once(':').unwrap_or((l, ""));
            (name.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
            let mut perm = std::fs::metadata(&dest).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(false);
            std::fs::set_permissions(&dest, perm).unwrap();
        }
    }
}

/// Runs one test; `Err` says how it failed.
fn run(name: &str) -> Result<(), String> {
    let dir = suite_dir();
    let spec: serde_json::Value = match std::fs::read_to_string(dir.join(format!("{name}.json"))) {
        Ok(s) => serde_json::from_str(&s).map_err(|e| format!("bad spec: {e}"))?,
        Err(_) => serde_json::json!({}),
    };
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    if let Some(r) = spec.get("root").and_then(|r| r.as_str()) {
        copy_dir(&dir.join(r), root.path());
    }
    let vm = Vm::builder().runtime(&common::runtime()).root_dir(root.path()).build().map_err(|e| e.to_string())?;
    let mut cmd = vm.module(std::fs::read(dir.join(format!("{name}.wasm"))).map_err(|e| e.to_string())?, name);
    for a in spec.get("args").and_then(|a| a.as_array()).into_iter().flatten() {
        cmd = cmd.arg(a.as_str().unwrap_or_default());
    }
    for (k, v) in spec.get("env").and_then(|e| e.as_object()).into_iter().flatten() {
        cmd = cmd.env(k.clone(), v.as_str().unwrap_or_default());
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    let want_code = spec.get("exit_code").and_then(|c| c.as_i64()).unwrap_or(0) as i32;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status != ExitStatus::Code(want_code as u8) {
        return Err(format!("status {:?}, expected exit {want_code}; stderr: {stderr}", out.status));
    }
    for (stream, got) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(want) = spec.get(stream).and_then(|s| s.as_str()) {
            if want.as_bytes() != got.as_slice() {
                return Err(format!("{stream} was {:?}, expected {want:?}", String::from_utf8_lossy(got)));
            }
        }
    }
    Ok(())
}

#[test]
fn wasi_testsuite_matches_expectations() {
    let expected_failures = expectations();
    let mut names: Vec<String> = std::fs::read_dir(suite_dir())
        .expect("../shared/conformance/wasi-testsuite must sit beside the project")
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".wasm").map(String::from))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "found only {} tests", names.len());
    let mut unexpected = Vec::new();
    let (mut passed, mut xfail) = (0, 0);
    for name in &names {
        let result = run(name);
        match (&result, expected_failures.get(name)) {
            (Ok(()), None) => passed += 1,
            (Err(_), Some(_)) => xfail += 1,
            (Ok(()), Some(reason)) => unexpected.push(format!("{name}: passed but is expected to fail ({reason})")),
            (Err(e), None) => unexpected.push(format!("{name}: {e}")),
        }
    }
    for stale in expected_failures.keys().filter(|k| !names.contains(k)) {
        unexpected.push(format!("{stale}: listed in the expectations but not in the suite"));
    }
    eprintln!("wasi-testsuite: {passed} passed, {xfail} expected failures, {} unexpected", unexpected.len());
    assert!(unexpected.is_empty(), "unexpected results:\n{}", unexpected.join("\n"));
}
