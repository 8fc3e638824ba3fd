//! `deep_recursion`: recurses without end, each frame holding a buffer the optimizer cannot
//! drop, until the engine's stack limit stops it (a trap).
use std::hint::black_box;

fn dive(depth: u64) -> u64 {
    let frame = black_box([depth; 16]);
    if black_box(depth) == u64::MAX {
        return 0;
    }
    black_box(dive(depth + 1)).wrapping_add(frame[depth as usize % 16])
}

fn main() {
    println!("diving");
    println!("{}", dive(0));
}
