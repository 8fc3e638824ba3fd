//! Runs an untrusted shell script under tight limits and reports what it ran into:
//! `cargo run --example limits`.
//!
//! A limit that refuses a call (disk space, processes, descriptors) leaves the script running
//! with an error it can see; a limit on CPU, wall time or memory stops it, and
//! `Output::limit_exceeded` names the one it was stopped for.

use burrow::kernel::limits::Limits;
use burrow::{Result, Vm};

const SCRIPT: &str = r#"
echo "writing 4 MiB into a 1 MiB disk..."
head -c 4194304 /dev/zero > /tmp/big || echo "refused: disk full"
echo "spinning forever..."
while true; do :; done
"#;

fn main() -> Result<()> {
    let limits = Limits {
        fs_bytes: 1 << 20,
        processes: 16,
        memory: 64 << 20,
        cpu_time_ms: 1_000,
        wall_time_ms: 10_000,
        ..Limits::default()
    };
    let vm = Vm::builder().limits(limits).build()?;

    let out = vm.run(&["sh", "-c", SCRIPT])?;
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    println!("status: {:?} (shell code {})", out.status, out.code());
    println!("stopped for: {:?}", out.limit_exceeded);
    println!("limits hit: {:?}", out.limits_hit);
    let stats = vm.stats();
    for fill in stats.limits.iter().filter(|f| f.used.is_some()) {
        println!("  {:<15} {:>10} of {}", fill.limit.to_string(), fill.used.unwrap_or(0), fill.max);
    }
    Ok(())
}
