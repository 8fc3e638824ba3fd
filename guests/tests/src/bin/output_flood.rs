//! `output_flood MIB [stderr]`: writes MIB MiB of `x` lines to stdout (or stderr), then prints
//! `flooded MIB MiB` on the other stream. `output_flood forever`: writes to stdout until it is
//! stopped (a CPU or wall-clock limit).
use std::io::Write;

fn main() {
    let line = [b"x".repeat(1023), b"\n".to_vec()].concat();
    let arg = std::env::args().nth(1).unwrap_or_default();
    if arg == "forever" {
        let mut out = std::io::stdout().lock();
        loop {
            if out.write_all(&line).is_err() {
                std::process::exit(1);
            }
        }
    }
    let mib: usize = burrow_test_guests::num_arg(1, "MIB [stderr] | forever").unwrap_or(1);
    let to_stderr = std::env::args().nth(2).as_deref() == Some("stderr");
    let mut flood: Box<dyn Write> =
        if to_stderr { Box::new(std::io::stderr().lock()) } else { Box::new(std::io::stdout().lock()) };
    for _ in 0..mib * 1024 {
        if flood.write_all(&line).is_err() {
            std::process::exit(1);
        }
    }
    drop(flood);
    if to_stderr {
        println!("flooded {mib} MiB");
    } else {
        eprintln!("flooded {mib} MiB");
    }
}
