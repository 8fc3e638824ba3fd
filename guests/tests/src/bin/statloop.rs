//! `statloop PATH N`: calls `std::fs::metadata(PATH)` (one `path_filestat_get`) N times and
//! prints the size it saw. For the per-call cost benchmark: time(N) - time(0) over N.
fn main() {
    let path = burrow_test_guests::arg(1, "PATH N");
    let n: u64 = burrow_test_guests::num_arg(2, "PATH N").unwrap_or(1);
    let mut size = 0;
    for _ in 0..n {
        match std::fs::metadata(&path) {
            Ok(m) => size = m.len(),
            Err(e) => {
                eprintln!("statloop: {}", burrow_test_guests::err_name(&e));
                std::process::exit(1);
            }
        }
    }
    println!("{size}");
}
