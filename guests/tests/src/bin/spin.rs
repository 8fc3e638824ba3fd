//! `spin [MS]`: burns CPU for MS milliseconds of wall time (checking the monotonic clock every few
//! million operations) and prints `spun MS ms`; without MS, forever (for CPU and wall limits).
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let ms: Option<u64> = burrow_test_guests::num_arg(1, "[MS]");
    let deadline = ms.map(|ms| Instant::now() + Duration::from_millis(ms));
    let mut x: u64 = 1;
    loop {
        for _ in 0..100_000 {
            x = black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407));
        }
        if let Some(d) = deadline {
            if Instant::now() >= d {
                break;
            }
        }
    }
    black_box(x);
    println!("spun {} ms", ms.unwrap_or(0));
}
