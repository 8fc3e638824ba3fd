//! `exit [CODE]`: exits with CODE (default 0) without printing anything.
fn main() {
    let code = match std::env::args().nth(1) {
        None => 0,
        Some(s) => s.parse::<i32>().unwrap_or_else(|_| burrow_test_guests::usage("[CODE]")),
    };
    std::process::exit(code)
}
