//! Embeds Burrow with each backend and runs the same programs on all three, which must agree:
//! `cargo run --example backends`.
//!
//! One [`Runtime`] serves every VM of the process (engines, compiled modules, the base image);
//! each VM picks its engine: wasmtime (JIT, the default), wasmi (an interpreter) or V8.

use std::time::Instant;

use burrow::{BackendKind, Result, Runtime, Vm};

const SCRIPT: &str = "printf 'b\\na\\nc\\n' | sort | tr '\\n' ' '; echo; seq 1 1000 | awk '{ s += $1 } END { print s }'";

fn main() -> Result<()> {
    let runtime = Runtime::global()?;
    let mut outputs = Vec::new();
    for backend in [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8] {
        let vm = Vm::builder().runtime(&runtime).backend(backend).build()?;
        // The first run of a backend compiles what it runs (or loads it from the disk cache);
        // the second shows a warm run.
        vm.run(&["sh", "-c", SCRIPT])?;
        let start = Instant::now();
        let out = vm.run(&["sh", "-c", SCRIPT])?;
        let took = start.elapsed();
        let js = vm.run(&["node", "-p", "[1, 2, 3].map((x) => x * 2).join(',')"])?;
        println!("{:>8}: {} in {:.2} ms; node -p: {}", backend.name(), String::from_utf8_lossy(&out.stdout).replace('\n', " | "), took.as_secs_f64() * 1e3, String::from_utf8_lossy(&js.stdout).trim());
        outputs.push((out.stdout, js.stdout));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "the backends disagree: {outputs:?}");
    assert_eq!(outputs[0].0, b"a b c \n500500\n");
    assert_eq!(outputs[0].1, b"2,4,6\n");
    println!("all three backends agree");
    Ok(())
}
