//! What the multicall userland modules `textutils`, `extras` and `archive` share: buffered
//! standard output that never panics, GNU-style messages and option parsing helpers
//! ([`common`]), fnmatch glob matching ([`glob`]) and UTC calendar fields ([`time`]).

pub mod common;
pub mod glob;
pub mod time;
