//! The conformance set (project guests and the official WASI tests) on every backend: each
//! case's verdict matches `expectations.txt`, and backends that pass a case observed exactly the
//! same exit code, output and files (the differential check).

use burrow::BackendKind;
use burrow_conformance::{all_cases, run_row, Expectations, Runner};

#[test]
fn every_backend_matches_expectations_and_agrees_with_the_others() {
    let backends = [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8];
    let expectations = Expectations::load().unwrap();
    let runner = Runner::new().unwrap();
    let cases = all_cases().unwrap();
    assert!(cases.len() >= 70, "the set has only {} cases", cases.len());
    let mut problems = Vec::new();
    for case in &cases {
        let row = run_row(&runner, &expectations, case, &backends);
        for cell in row.cells.iter().filter(|c| !c.expected()) {
            problems.push(format!("{} on {}: {} {}", case.name, cell.backend.name(), cell.result, cell.detail));
        }
        problems.extend(row.divergences().into_iter().map(|d| format!("{}: {d}", case.name)));
    }
    for (backend, case) in expectations.listed() {
        if !cases.iter().any(|c| c.name == case) {
            problems.push(format!("expectations.txt lists `{backend} {case}`, which is not a case"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
