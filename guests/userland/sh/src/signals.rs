//! Signal names and numbers (Linux numbering, as the `burrow` module uses) and trap slots.

pub use burrow_guest::signal::{name, parse, NAMES};

/// Trap slot of the `EXIT` pseudo-signal.
pub const EXIT: usize = 0;
/// Trap slot of `ERR`.
pub const ERR: usize = 65;
/// Trap slot of `DEBUG` (accepted, never run).
pub const DEBUG: usize = 66;
/// Trap slot of `RETURN` (accepted, never run).
pub const RETURN: usize = 67;
/// Number of trap slots.
pub const SLOTS: usize = 68;

/// The name of trap slot `n` as `trap -p` prints it.
pub fn slot_name(n: usize) -> String {
    match n {
        EXIT => "EXIT".into(),
        ERR => "ERR".into(),
        DEBUG => "DEBUG".into(),
        RETURN => "RETURN".into(),
        n => format!("SIG{}", name(n)),
    }
}

/// A trap slot from a `trap` argument: a signal, `EXIT` (or `0`), `ERR`, `DEBUG`, `RETURN`.
pub fn parse_slot(s: &[u8]) -> Option<usize> {
    let up = s.to_ascii_uppercase();
    match up.as_slice() {
        b"EXIT" | b"SIGEXIT" | b"0" => Some(EXIT),
        b"ERR" => Some(ERR),
        b"DEBUG" => Some(DEBUG),
        b"RETURN" => Some(RETURN),
        _ => parse(s).filter(|&n| n > 0),
    }
}
