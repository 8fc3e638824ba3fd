//! `bench [--filter ROW] [--backend B[,B]] [--quick] [--json FILE] [--gate]`: the benchmark
//! suite. Each row runs in VMs on every backend and, where it makes sense, on the host, in the
//! same run; every run's output is checked. A full run (no filter, all backends) rewrites
//! `bench/RESULTS.md` and `bench/results.json`. `cargo xtask bench` builds release and runs it.

mod fixture;
mod heap;
mod justbash;
mod measure;
mod report;
mod rows;

use std::path::PathBuf;
use std::process::ExitCode;

use burrow::{BackendKind, Runtime};

use measure::Plan;
use report::RowResult;

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::from(2)
        }
    }
}

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run() -> Result<bool, String> {
    let mut filter: Option<String> = None;
    let mut backends: Vec<BackendKind> = Vec::new();
    let mut plan = Plan { warmup: 5, samples: 40 };
    let mut json_out = None;
    let mut gate = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--filter" => filter = Some(args.next().ok_or("--filter needs a value")?),
            "--backend" => {
                for b in args.next().ok_or("--backend needs a value")?.split(',') {
                    backends.push(b.parse().map_err(|e: burrow::Error| e.to_string())?);
                }
            }
            "--quick" => plan = Plan { warmup: 1, samples: 7 },
            "--json" => json_out = Some(args.next().ok_or("--json needs a value")?),
            "--gate" => gate = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let full = filter.is_none() && backends.is_empty();
    if backends.is_empty() {
        backends = vec![BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8];
    }
    let names: Vec<&'static str> = backends.iter().map(|b| b.name()).collect();
    let guests = bench_dir().join("../target/guests");
    let fsbench = std::fs::read(guests.join("fsbench.wasm")).map_err(|e| format!("fsbench.wasm: {e} (run `cargo xtask guests`)"))?;
    let netbench = std::fs::read(guests.join("netbench.wasm")).map_err(|e| format!("netbench.wasm: {e} (run `cargo xtask guests`)"))?;
    let rt = Runtime::builder()
        .file("/usr/local/bin/fsbench", fsbench, 0o755)
        .file("/usr/local/bin/netbench", netbench, 0o755)
        .build()
        .map_err(|e| e.to_string())?;
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let rows: Vec<_> = rows::all().into_iter().filter(|r| filter.as_ref().is_none_or(|f| r.name.contains(f.as_str()))).collect();
    let mut results = Vec::new();
    for row in rows {
        eprint!("{:24}", row.name);
        let vm: Vec<_> = backends
            .iter()
            .map(|&b| {
                let r = measure::vm_row(&row, &rt, b, plan);
                eprint!(" {}", if r.is_ok() { "." } else { "x" });
                (b.name(), r)
            })
            .collect();
        let host = measure::host_row(&row, &scratch.path().join("host"), plan);
        eprintln!();
        results.push(RowResult { row, vm, host, justbash: None });
    }
    let rows_run: Vec<_> = results.iter().map(|r| r.row.clone()).collect();
    if let Some(mut lane) = justbash::run(&rows_run, &bench_dir().join("justbash"), plan) {
        for r in &mut results {
            r.justbash = lane.remove(r.row.name);
        }
    } else {
        eprintln!("just-bash lane not installed (cargo xtask bench installs it with npm)");
    }
    let table = report::markdown(&results, &names);
    println!("{table}");
    let mut ok = true;
    for r in &results {
        for (b, s) in &r.vm {
            if let Err(e) = s {
                println!("FAILED {} on {b}: {e}", r.row.name);
                ok = false;
            }
        }
        if let Some(Err(e)) = &r.host {
            println!("host run of {} failed: {e}", r.row.name);
        }
    }
    let misses: Vec<String> = results.iter().flat_map(|r| r.misses_target()).collect();
    if !misses.is_empty() {
        println!("rows missing their targets:");
        for m in &misses {
            println!("  {m}");
        }
    }
    let json = report::json(&results);
    if let Some(path) = json_out {
        std::fs::write(&path, serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?).map_err(|e| format!("{path}: {e}"))?;
    }
    if gate {
        let recorded = std::fs::read_to_string(bench_dir().join("results.json")).map_err(|e| format!("bench/results.json: {e}"))?;
        let baseline: serde_json::Value = serde_json::from_str(&recorded).map_err(|e| e.to_string())?;
        let failures = report::gate(&results, &baseline);
        for f in &failures {
            println!("GATE: {f}");
        }
        ok &= failures.is_empty();
    } else if full && ok {
        let machine = machine();
        let slow = report::over_host(&results, 3.0);
        let over = if slow.is_empty() {
            "Every row is within 3x of the host on every backend.\n".to_string()
        } else {
            let why = if slow.iter().any(|l| l.contains(" on wasmi:")) {
                "wasmi is an interpreter: compute-bound rows run many times slower there than native code.\n\n"
            } else {
                ""
            };
            format!("## Rows over 3x the host\n\n{why}{}\n", slow.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n"))
        };
        let timed: Vec<&str> = results.iter().filter(|r| matches!(r.row.work, rows::Work::NodeTimed { .. })).map(|r| r.row.name).collect();
        let self_timed = if timed.is_empty() {
            String::new()
        } else {
            format!(
                "The self-timed rows ({}) are timed by the node script itself with `process.hrtime.bigint()` (in the VM and on the host alike), \
                 not by the harness: their samples are its printed ones (per call for the us rows; per copy, per request for node_http_get, or per fresh process for \
                 node_require_100), see `bench/node/`. ",
                timed.join(", ")
            )
        };
        let md = format!(
            "# Benchmark results\n\nMeasured by `cargo xtask bench` on {machine}, {}.\nCells are p50 / p90 of {} runs after {} warm-up runs; every run's output was checked. \
             VM/host is the first backend's p50 over the host's (for MB/s and VMs: host over VM, so higher means slower). \
             {self_timed}Reference: agentOS's published figures (`../shared/reference/REFERENCE.md`).\n\n{table}\n{over}",
            date(),
            plan.samples,
            plan.warmup
        );
        std::fs::write(bench_dir().join("RESULTS.md"), md).map_err(|e| e.to_string())?;
        std::fs::write(bench_dir().join("results.json"), serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        println!("wrote bench/RESULTS.md and bench/results.json");
    }
    Ok(ok)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{cores} x {cpu}, Linux {}", kernel.trim())
}

fn date() -> String {
    std::process::Command::new("date").arg("-u").arg("+%Y-%m-%d").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default()
}
