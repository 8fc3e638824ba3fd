//! `sed`: uutils' implementation (the `sed` crate's library), run in-process.

use std::ffi::OsString;

pub fn main(args: Vec<OsString>) -> i32 {
    sed::sed::uumain(args.into_iter())
}
