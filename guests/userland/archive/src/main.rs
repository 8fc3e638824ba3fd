use burrow_guest as _;
fn main() {}
