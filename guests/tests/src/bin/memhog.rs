//! `memhog MIB [abort]`: allocates MIB MiB in 1 MiB steps, writing every byte, printing
//! `allocated N MiB` after each step, then `done N MiB checksum C`. An allocation the memory limit
//! refuses prints `allocation failed after N MiB` and exits 1; with `abort`, allocations are
//! infallible like most programs' and a refusal aborts (a trap), as Rust's `Vec` does.
use std::hint::black_box;

const MIB: usize = 1 << 20;

fn main() {
    let n: usize = burrow_test_guests::num_arg(1, "MIB").unwrap_or_else(|| burrow_test_guests::usage("MIB"));
    let abort = std::env::args().nth(2).as_deref() == Some("abort");
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    if chunks.try_reserve_exact(n).is_err() {
        println!("allocation failed after 0 MiB");
        std::process::exit(1);
    }
    for i in 1..=n {
        if abort {
            chunks.push(black_box(vec![i as u8; MIB]));
            println!("allocated {i} MiB");
            continue;
        }
        let mut v = Vec::new();
        if v.try_reserve_exact(MIB).is_err() {
            println!("allocation failed after {} MiB", i - 1);
            std::process::exit(1);
        }
        v.resize(MIB, i as u8);
        chunks.push(black_box(v));
        println!("allocated {i} MiB");
    }
    // Read one byte per 4 KiB page back so the writes cannot be optimised away.
    let sum: u64 = chunks.iter().flat_map(|c| c.iter().step_by(4096)).map(|&b| b as u64).sum();
    println!("done {n} MiB checksum {sum}");
}
