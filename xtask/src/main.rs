//! `cargo xtask`: project automation. Every set-up step the project needs (rustup targets,
//! guest builds, engine libraries) is done here, so a fresh clone needs nothing by hand.

mod demo;
mod fuzz;
mod guests;
mod libnode;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  bench [--filter ROW] [--backend B[,B]] [--quick] [--json FILE] [--gate]
                the benchmark suite in release: every row on each backend beside the host
  demo          build everything and show the `burrow` CLI at work
  fuzz [--target T] [--time SECS]
                build the fuzz targets (fuzz/) and run each, or T, for SECS seconds (default 60)
  guests        build the guest programs for wasm32-wasip1 (adds the rustup target if missing)
  libnode       fetch Debian's libnode108 (V8 10.2) into third_party/libnode for the V8 backend
  test          set up and run the whole test suite and the test matrix (what CI runs)
  test-matrix [--backend B[,B]] [--filter TEXT] [--json FILE]
                the conformance set (guests, shell scenarios, the WASI test suite, the Node lane,
                the hostile guests) on every backend, with the Node lane's pass rate
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("guests") => guests::build(&args[1..]).map(|_| ()),
        Some("test") => test(),
        Some("demo") => demo::run(),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("test-matrix") => test_matrix(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("libnode") => libnode::ensure().map(|dir| println!("{}", dir.display())),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the guests and fetches libnode, then runs every workspace test, the example programs,
/// the test matrix and the guest-side unit tests (the guest crate, the shell's and the text
/// tools' parsers, on the host).
fn test() -> Result<(), String> {
    guests::build(&[])?;
    libnode::ensure()?;
    util::run(util::cargo().args(["test", "--workspace"]))?;
    // The example programs (built by `cargo test`) run too: each takes about a second.
    for example in ["backends", "mount", "stream_output", "limits", "snapshot"] {
        util::run(util::cargo().args(["run", "--quiet", "--example", example]))?;
    }
    test_matrix(&[])?;
    let host = util::output(std::process::Command::new("rustc").arg("-vV"))?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or("cannot tell the host triple from `rustc -vV`")?;
    let mut guest_tests = util::cargo();
    guest_tests
        .current_dir(util::root().join("guests"))
        .args(["test", "--target", &host])
        .args(["-p", "burrow-guest", "-p", "burrow-sh", "-p", "burrow-textutils", "-p", "burrow-toolkit", "-p", "burrow-extras"])
        .env_remove("CARGO_TARGET_DIR");
    util::run(&mut guest_tests)?;
    fuzz::smoke()
}

/// Runs the conformance set on the backends and prints the table (fails on anything unexpected).
fn test_matrix(args: &[String]) -> Result<(), String> {
    guests::build(&[])?;
    libnode::ensure()?;
    util::run(util::cargo().args(["run", "--quiet", "-p", "burrow-conformance", "--bin", "matrix", "--"]).args(args))
}

/// Builds the guests, installs the just-bash lane (npm), and runs the benchmark suite in
/// release.
fn bench(args: &[String]) -> Result<(), String> {
    guests::build(&[])?;
    libnode::ensure()?;
    let lane = util::root().join("bench").join("justbash");
    if !lane.join("node_modules").join("just-bash").exists() {
        println!("bench: npm ci in bench/justbash (the just-bash side lane)");
        if let Err(e) = util::run(std::process::Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&lane)) {
            println!("bench: just-bash lane unavailable: {e}");
        }
    }
    util::run(util::cargo().args(["run", "--release", "--quiet", "-p", "burrow-bench", "--bin", "bench", "--"]).args(args))
}
