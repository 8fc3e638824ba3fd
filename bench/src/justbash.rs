//! The just-bash side lane: the shell rows run in just-bash (a bash interpreter and commands in
//! TypeScript over an in-memory filesystem, used by agent platforms) through
//! `bench/justbash/run.mjs`, with the same files and the same output checks.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::fixture;
use crate::measure::{Plan, Stats};
use crate::rows::{Check, Row, Work};

fn check_json(c: &Check) -> serde_json::Value {
    match c {
        Check::Success => serde_json::json!({ "kind": "success" }),
        Check::Stdout(s) => serde_json::json!({ "kind": "stdout", "value": s }),
        Check::Bytes(n) => serde_json::json!({ "kind": "bytes", "value": n }),
        Check::Lines(n) => serde_json::json!({ "kind": "lines", "value": n }),
        Check::Contains(s) => serde_json::json!({ "kind": "contains", "value": s }),
    }
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Runs the shell rows in just-bash; `None` when the lane is not installed.
pub fn run(rows: &[Row], dir: &Path, plan: Plan) -> Option<BTreeMap<String, Result<Stats, String>>> {
    if !dir.join("node_modules/just-bash").exists() {
        return None;
    }
    let list: Vec<serde_json::Value> = rows
        .iter()
        .filter_map(|r| match &r.work {
            Work::Shell { script, fixture, check, .. } => {
                let files: serde_json::Map<String, serde_json::Value> =
                    fixture::files(*fixture).into_iter().map(|(p, c)| (p, base64(&c).into())).collect();
                Some(serde_json::json!({ "name": r.name, "script": script, "files": files, "check": check_json(check) }))
            }
            _ => None,
        })
        .collect();
    let input = serde_json::json!({ "rows": list, "warmup": plan.warmup, "samples": plan.samples });
    let mut child =
        Command::new("node").arg("run.mjs").current_dir(dir).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    child.stdin.take()?.write_all(input.to_string().as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let mut results = BTreeMap::new();
    for (name, v) in parsed.as_object()? {
        let r = match (v.get("p50").and_then(|x| x.as_f64()), v.get("p90").and_then(|x| x.as_f64())) {
            (Some(p50), Some(p90)) => Ok(Stats { p50, p90 }),
            _ => Err(v.get("error").and_then(|e| e.as_str()).unwrap_or("failed").to_string()),
        };
        results.insert(name.clone(), r);
    }
    Some(results)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
