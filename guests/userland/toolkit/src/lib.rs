//! What the multicall userland modules `textutils`, `extras` and `archive` share: buffered
//! standard output that never panics, GNU-style messages and option parsing helpers
//! ([`common`]), and fnmatch glob matching ([`glob`]).

pub mod common;
pub mod glob;
