//! The results table: terminal, markdown (`bench/RESULTS.md`), JSON (`bench/results.json`), and
//! the gate against committed results.

use std::fmt::Write as _;

use crate::measure::Stats;
use crate::rows::Row;

/// One row's results.
pub struct RowResult {
    pub row: Row,
    /// Per backend name: stats, or why the row failed there.
    pub vm: Vec<(&'static str, Result<Stats, String>)>,
    pub host: Option<Result<Stats, String>>,
    /// The same script in just-bash, for shell rows when that lane is installed.
    pub justbash: Option<Result<Stats, String>>,
}

fn fmt(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

fn cell(r: &Result<Stats, String>) -> String {
    match r {
        Ok(s) => format!("{} / {}", fmt(s.p50), fmt(s.p90)),
        Err(_) => "FAILED".into(),
    }
}

impl RowResult {
    /// The first backend's p50 over the host's (`None` without both).
    fn ratio(&self) -> Option<f64> {
        let vm = self.vm.first()?.1.as_ref().ok()?.p50;
        let host = self.host.as_ref()?.as_ref().ok()?.p50;
        Some(if self.row.higher_is_better() { host / vm } else { vm / host })
    }

    /// Whether every backend met the row's target (rows without one pass).
    pub fn misses_target(&self) -> Vec<String> {
        let Some(target) = self.row.target else { return Vec::new() };
        self.vm
            .iter()
            .filter_map(|(b, r)| {
                let p50 = r.as_ref().ok()?.p50;
                let missed = if self.row.higher_is_better() { p50 < target } else { p50 > target };
                missed.then(|| format!("{} on {b}: p50 {} {} (target {})", self.row.name, fmt(p50), self.row.unit(), fmt(target)))
            })
            .collect()
    }
}

/// Every (row, backend) whose p50 is more than `factor` times the host's (time rows only):
/// the "within 3x of the host-native command" rule, checked rather than asserted.
pub fn over_host(results: &[RowResult], factor: f64) -> Vec<String> {
    let mut out = Vec::new();
    for r in results.iter().filter(|r| !r.row.higher_is_better()) {
        let Some(Ok(host)) = &r.host else { continue };
        for (b, s) in &r.vm {
            if let Ok(s) = s {
                let ratio = s.p50 / host.p50;
                if ratio > factor {
                    out.push(format!("{} on {b}: {}x the host ({} vs {} {})", r.row.name, fmt(ratio), fmt(s.p50), fmt(host.p50), r.row.unit()));
                }
            }
        }
    }
    out
}

/// The table as markdown (also printed to the terminal).
pub fn markdown(results: &[RowResult], backends: &[&str]) -> String {
    let mut out = String::new();
    let _ = write!(out, "| row | unit |");
    for b in backends {
        let _ = write!(out, " {b} p50 / p90 |");
    }
    out.push_str(" host p50 / p90 | VM/host | just-bash p50 / p90 | reference | target |\n|---|---|");
    for _ in backends {
        out.push_str("---|");
    }
    out.push_str("---|---|---|---|---|\n");
    let mut group = "";
    for r in results {
        if r.row.group != group {
            group = r.row.group;
            let _ = writeln!(out, "| **{group}** |{}", " |".repeat(backends.len() + 6));
        }
        let _ = write!(out, "| {} | {} |", r.row.name, r.row.unit());
        for b in backends {
            let c = r.vm.iter().find(|(n, _)| n == b).map(|(_, s)| cell(s)).unwrap_or_default();
            let _ = write!(out, " {c} |");
        }
        let host = r.host.as_ref().map(cell).unwrap_or_else(|| "-".into());
        let ratio = r.ratio().map(|x| format!("{}x", fmt(x))).unwrap_or_else(|| "-".into());
        let reference = r.row.reference.map(fmt).unwrap_or_else(|| "-".into());
        let target = r.row.target.map(fmt).unwrap_or_else(|| "-".into());
        let justbash = r.justbash.as_ref().map(cell).unwrap_or_else(|| "-".into());
        let _ = writeln!(out, " {host} | {ratio} | {justbash} | {reference} | {target} |");
    }
    out
}

/// The results as JSON: `{ row: { backend: {p50, p90} | {error}, "host": ... } }`.
pub fn json(results: &[RowResult]) -> serde_json::Value {
    let stats = |r: &Result<Stats, String>| match r {
        Ok(s) => serde_json::json!({ "p50": s.p50, "p90": s.p90 }),
        Err(e) => serde_json::json!({ "error": e }),
    };
    let mut map = serde_json::Map::new();
    for r in results {
        let mut row = serde_json::Map::new();
        row.insert("unit".into(), r.row.unit().into());
        for (b, s) in &r.vm {
            row.insert(b.to_string(), stats(s));
        }
        if let Some(h) = &r.host {
            row.insert("host".into(), stats(h));
        }
        if let Some(j) = &r.justbash {
            row.insert("just-bash".into(), stats(j));
        }
        map.insert(r.row.name.into(), row.into());
    }
    serde_json::Value::Object(map)
}

/// Rows whose p50 got more than 2x worse than in `baseline` (rows under 0.3 ms are ignored
/// unless they now pass 1 ms).
pub fn gate(results: &[RowResult], baseline: &serde_json::Value) -> Vec<String> {
    let mut failures = Vec::new();
    for r in results {
        for (b, s) in &r.vm {
            let Ok(now) = s else {
                failures.push(format!("{} on {b}: failed", r.row.name));
                continue;
            };
            let Some(before) = baseline.get(r.row.name).and_then(|row| row.get(*b)).and_then(|s| s.get("p50")).and_then(|v| v.as_f64()) else {
                continue;
            };
            let worse = if r.row.higher_is_better() { before / now.p50 } else { now.p50 / before };
            let tiny = r.row.unit() == "ms" && before < 0.3 && now.p50 < 1.0;
            if worse > 2.0 && !tiny {
                failures.push(format!("{} on {b}: p50 {} vs recorded {} ({:.1}x worse)", r.row.name, fmt(now.p50), fmt(before), worse));
            }
        }
    }
    failures
}
