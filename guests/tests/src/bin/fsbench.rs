//! `fsbench OP DIR`: times one filesystem operation batch inside the guest and prints the
//! elapsed nanoseconds (monotonic clock), for the benchmark suite's fs-through-WASI rows:
//! `stat32` (32 stats), `openclose` (32 open+close), `readdir10` / `readdir1000` (list a
//! directory of that many files, created beforehand by `fsbench setup DIR`), `write4k` /
//! `write1m` (create and write a file), `read4k` / `read1m` (read it back). Exits 1 on any error.
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

fn fail(e: std::io::Error) -> ! {
    eprintln!("fsbench: {}", burrow_test_guests::err_name(&e));
    std::process::exit(1)
}

fn main() {
    let op = burrow_test_guests::arg(1, "OP DIR").into_string().unwrap_or_default();
    let dir = std::path::PathBuf::from(burrow_test_guests::arg(2, "OP DIR"));
    if op == "setup" {
        for (sub, n) in [("d10", 10), ("d1000", 1000)] {
            let d = dir.join(sub);
            std::fs::create_dir_all(&d).unwrap_or_else(|e| fail(e));
            for i in 0..n {
                std::fs::write(d.join(format!("f{i:04}")), b"x").unwrap_or_else(|e| fail(e));
            }
        }
        std::fs::write(dir.join("r4k"), vec![7u8; 4096]).unwrap_or_else(|e| fail(e));
        std::fs::write(dir.join("r1m"), vec![7u8; 1 << 20]).unwrap_or_else(|e| fail(e));
        return;
    }
    let start = Instant::now();
    let r = run(&op, &dir);
    let elapsed = start.elapsed();
    match r {
        Ok(check) => println!("{} {check}", elapsed.as_nanos()),
        Err(e) => fail(e),
    }
}

/// Runs the batch; returns a check value (a size or count) the harness verifies.
fn run(op: &str, dir: &Path) -> std::io::Result<u64> {
    Ok(match op {
        "stat32" => {
            let mut total = 0;
            for _ in 0..32 {
                total += std::fs::metadata(dir.join("r4k"))?.len();
            }
            total
        }
        "openclose" => {
            for _ in 0..32 {
                drop(std::fs::File::open(dir.join("r4k"))?);
            }
            32
        }
        "readdir10" => std::fs::read_dir(dir.join("d10"))?.count() as u64,
        "readdir1000" => std::fs::read_dir(dir.join("d1000"))?.count() as u64,
        "write4k" | "write1m" => {
            let n = if op == "write4k" { 4096 } else { 1 << 20 };
            let mut f = std::fs::File::create(dir.join(op))?;
            f.write_all(&vec![1u8; n])?;
            n as u64
        }
        "read4k" | "read1m" => {
            let name = if op == "read4k" { "r4k" } else { "r1m" };
            let mut buf = Vec::new();
            std::fs::File::open(dir.join(name))?.read_to_end(&mut buf)?;
            buf.len() as u64
        }
        _ => burrow_test_guests::usage("stat32|openclose|readdir10|readdir1000|write4k|write1m|read4k|read1m|setup DIR"),
    })
}
