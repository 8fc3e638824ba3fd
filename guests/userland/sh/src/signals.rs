//! Signal names and numbers (Linux numbering, as the `burrow` module uses) and trap slots.

/// Signal names without the `SIG` prefix, indexed by number (index 0 unused).
pub const NAMES: [&str; 32] = [
    "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
    "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH",
    "IO", "PWR", "SYS",
];

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

/// The name of signal `n` (`"TERM"`), or its number as text for real-time signals.
pub fn name(n: usize) -> String {
    match NAMES.get(n) {
        Some(s) if !s.is_empty() => (*s).to_string(),
        _ => n.to_string(),
    }
}

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

/// A signal number from a name (`TERM`, `SIGTERM`, `term`) or a number.
pub fn parse(s: &[u8]) -> Option<usize> {
    if !s.is_empty() && s.iter().all(u8::is_ascii_digit) {
        let n: usize = std::str::from_utf8(s).ok()?.parse().ok()?;
        return (n <= 64).then_some(n);
    }
    let up = s.to_ascii_uppercase();
    let bare = up.strip_prefix(b"SIG").unwrap_or(&up);
    NAMES.iter().position(|n| !n.is_empty() && n.as_bytes() == bare)
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
