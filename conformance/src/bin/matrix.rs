//! `matrix [--backend B]... [--filter TEXT] [--json FILE]`: runs the conformance set on each
//! backend and prints a table, case by backend: pass, FAIL, xfail (expected, with a reason in
//! `expectations.txt`), XPASS (listed but passing) or ERROR, then the totals per backend and the
//! pass rate of the Node conformance lane (`node/` cases). Exits 1 on anything unexpected.
//! `cargo xtask test-matrix` runs it.

use std::process::ExitCode;

use burrow::BackendKind;
use burrow_conformance::{all_cases, run_row, Expectations, Row, Runner};

const BACKENDS: [BackendKind; 3] = [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8];

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("matrix: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let mut backends = Vec::new();
    let mut filter = None;
    let mut json = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--backend" => {
                for name in args.next().ok_or("--backend needs a value")?.split(',') {
                    backends.push(name.parse::<BackendKind>().map_err(|e| e.to_string())?);
                }
            }
            "--filter" => filter = Some(args.next().ok_or("--filter needs a value")?),
            "--json" => json = Some(args.next().ok_or("--json needs a value")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if backends.is_empty() {
        backends = BACKENDS.to_vec();
    }
    let expectations = Expectations::load()?;
    let runner = Runner::new()?;
    let cases: Vec<_> =
        all_cases()?.into_iter().filter(|c| filter.as_ref().is_none_or(|f| c.name.contains(f.as_str()))).collect();
    let width = cases.iter().map(|c| c.name.len()).max().unwrap_or(4).max(4);
    print!("{:width$}", "case");
    for b in &backends {
        print!("  {:9}", b.name());
    }
    println!();
    let mut ok = true;
    let mut rows = Vec::new();
    for case in &cases {
        let row = run_row(&runner, &expectations, case, &backends);
        print!("{:width$}", case.name);
        for cell in &row.cells {
            print!("  {:9}", cell.result);
            ok &= cell.expected();
        }
        println!();
        for cell in row.cells.iter().filter(|c| !c.expected()) {
            println!("    {}: {}", cell.backend.name(), cell.detail);
        }
        for d in row.divergences() {
            println!("    DIFFERENT: {d}");
            ok = false;
        }
        rows.push(row);
    }
    for (listed_backend, listed_case) in expectations.listed() {
        if !cases.iter().any(|c| c.name == listed_case) && filter.is_none() {
            println!("expectations.txt lists `{listed_backend} {listed_case}`, which is not a case");
            ok = false;
        }
    }
    println!();
    for (i, b) in backends.iter().enumerate() {
        let count = |r: &str| rows.iter().filter(|row| row.cells[i].result == r).count();
        println!(
            "{:9} {} pass, {} expected failures, {} FAIL, {} XPASS, {} ERROR",
            b.name(),
            count("pass"),
            count("xfail"),
            count("FAIL"),
            count("XPASS"),
            count("ERROR")
        );
    }
    let node_rows: Vec<&Row> = rows.iter().filter(|row| row.case.starts_with("node/")).collect();
    if !node_rows.is_empty() {
        for (i, b) in backends.iter().enumerate() {
            // A listed test that passes (XPASS) passes too.
            let passed = node_rows.iter().filter(|row| matches!(row.cells[i].result, "pass" | "XPASS")).count();
            println!(
                "node conformance: {passed} of {} pass ({:.1}%) on {}",
                node_rows.len(),
                100.0 * passed as f64 / node_rows.len() as f64,
                b.name()
            );
        }
    }
    let diverging = rows.iter().filter(|r| !r.divergences().is_empty()).count();
    println!("differential: {} of {} cases observed identically on every backend", rows.len() - diverging, rows.len());
    if let Some(path) = json {
        let value = serde_json::json!({
            "backends": backends.iter().map(|b| b.name()).collect::<Vec<_>>(),
            "cases": rows.iter().map(|row| serde_json::json!({
                "name": row.case,
                "results": row.cells.iter().map(|c| (c.backend.name().to_string(), serde_json::json!({
                    "result": c.result.to_lowercase(), "detail": c.detail,
                }))).collect::<serde_json::Map<_, _>>(),
                "divergences": row.divergences(),
            })).collect::<Vec<_>>(),
            "ok": ok,
        });
        std::fs::write(&path, serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(ok)
}
