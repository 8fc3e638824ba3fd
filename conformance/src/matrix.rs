//! The whole set on several backends: verdicts against the expectations, and the differential
//! check that every backend observed the same thing.

use burrow::BackendKind;

use crate::cases::{Case, Stdout};
use crate::expectations::Expectations;
use crate::run::{Observed, Runner, Verdict};

/// One cell of the table.
#[derive(Clone, Debug)]
pub struct Cell {
    pub backend: BackendKind,
    /// `pass`, `FAIL`, `xfail`, `XPASS` or `ERROR`.
    pub result: &'static str,
    pub detail: String,
    pub observed: Option<Observed>,
}

impl Cell {
    /// Whether the result is what the expectations allow.
    pub fn expected(&self) -> bool {
        matches!(self.result, "pass" | "xfail")
    }
}

/// A row: one case on every backend.
#[derive(Clone, Debug)]
pub struct Row {
    pub case: String,
    pub cells: Vec<Cell>,
    /// Whether stdout is part of the comparison: a case that does not check its stdout may
    /// print nondeterministic text (a WASI test printing a randomly seeded hash map).
    pub compare_stdout: bool,
}

impl Row {
    /// Backends whose observations differ from the first passing one's (cases every backend
    /// passes only; an expected failure is allowed to differ).
    pub fn divergences(&self) -> Vec<String> {
        let passing: Vec<&Cell> = self.cells.iter().filter(|c| c.result == "pass").collect();
        let Some(first) = passing.first() else { return Vec::new() };
        let key = |c: &Cell| {
            c.observed.as_ref().map(|o| {
                let stdout = if self.compare_stdout { o.stdout.clone() } else { Vec::new() };
                (
                    o.code,
                    stdout,
                    o.stderr.clone(),
                    o.files.clone(),
                    o.limits_hit.clone(),
                    o.limit_exceeded,
                    o.error.clone(),
                )
            })
        };
        let reference = key(first);
        passing[1..].iter().filter(|c| key(c) != reference).map(|c| describe_difference(first, c)).collect()
    }
}

fn describe_difference(a: &Cell, b: &Cell) -> String {
    let (Some(x), Some(y)) = (&a.observed, &b.observed) else { return "no observation".into() };
    let what = if x.code != y.code {
        format!("exit {} vs {}", x.code, y.code)
    } else if x.stdout != y.stdout {
        format!("stdout {:?} vs {:?}", String::from_utf8_lossy(&x.stdout), String::from_utf8_lossy(&y.stdout))
    } else if x.stderr != y.stderr {
        format!("stderr {:?} vs {:?}", String::from_utf8_lossy(&x.stderr), String::from_utf8_lossy(&y.stderr))
    } else if x.files != y.files {
        format!("files {:?} vs {:?}", x.files, y.files)
    } else {
        format!(
            "limits/error {:?} {:?} {:?} vs {:?} {:?} {:?}",
            x.limits_hit, x.limit_exceeded, x.error, y.limits_hit, y.limit_exceeded, y.error
        )
    };
    format!("{} and {} differ: {what}", a.backend.name(), b.backend.name())
}

/// Runs `case` on each backend and classifies each result.
pub fn run_row(runner: &Runner, expectations: &Expectations, case: &Case, backends: &[BackendKind]) -> Row {
    let cells = backends
        .iter()
        .map(|&backend| {
            let (verdict, observed) = runner.run(case, backend);
            let reason = expectations.reason(backend.name(), &case.name);
            let (result, detail) = match (verdict, reason) {
                (Verdict::Pass, None) => ("pass", String::new()),
                (Verdict::Pass, Some(r)) => ("XPASS", format!("listed as failing ({r}) but passes")),
                (Verdict::Fail(d) | Verdict::Error(d), Some(r)) => ("xfail", format!("{r}: {d}")),
                (Verdict::Fail(d), None) => ("FAIL", d),
                (Verdict::Error(d), None) => ("ERROR", d),
            };
            Cell { backend, result, detail, observed }
        })
        .collect();
    Row { case: case.name.clone(), cells, compare_stdout: !matches!(case.stdout, Stdout::Any) }
}
