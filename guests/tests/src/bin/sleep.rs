//! `sleep MS`: sleeps MS milliseconds (`std::thread::sleep`, i.e. `poll_oneoff` on a clock) and
//! prints `slept MS ms`.
fn main() {
    let ms: u64 = burrow_test_guests::num_arg(1, "MS").unwrap_or_else(|| burrow_test_guests::usage("MS"));
    std::thread::sleep(std::time::Duration::from_millis(ms));
    println!("slept {ms} ms");
}
