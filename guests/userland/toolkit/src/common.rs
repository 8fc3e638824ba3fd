//! Helpers shared by the tools: buffered standard output that never panics, GNU-style error
//! messages, byte/OS string conversions.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::path::PathBuf;

/// The last path component (`a/b/` -> `b`).
pub fn basename(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return if path.is_empty() { "" } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

pub fn os_bytes(s: &OsStr) -> &[u8] {
    s.as_encoded_bytes()
}

pub fn bytes_os(b: &[u8]) -> OsString {
    // SAFETY: on WASI (and Unix) OS strings are arbitrary bytes.
    unsafe { OsString::from_encoded_bytes_unchecked(b.to_vec()) }
}

pub fn bytes_path(b: &[u8]) -> PathBuf {
    PathBuf::from(bytes_os(b))
}

pub use burrow_guest::errno::{is_broken_pipe, strerror};

/// Buffered standard output. Write errors end the process: quietly with 141 on a broken pipe
/// (what a shell reports for SIGPIPE), else with a message and status 2.
pub struct Out {
    buf: Vec<u8>,
    /// Flush after every newline (for interactive use, e.g. `sed` reading a pipe).
    pub line_buffered: bool,
}

impl Out {
    pub fn new() -> Out {
        Out { buf: Vec::with_capacity(1 << 16), line_buffered: false }
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= 1 << 16 || (self.line_buffered && b.contains(&b'\n')) {
            self.flush_out();
        }
    }

    pub fn flush_out(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let mut stdout = io::stdout().lock();
        let r = stdout.write_all(&self.buf).and_then(|_| stdout.flush());
        self.buf.clear();
        if let Err(e) = r {
            if is_broken_pipe(&e) {
                std::process::exit(141);
            }
            let _ = writeln!(io::stderr(), "write error: {}", strerror(&e));
            std::process::exit(2);
        }
    }
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}

impl Write for Out {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.bytes(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.flush_out();
        Ok(())
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        self.flush_out();
    }
}

/// Flushes standard streams and exits.
pub fn exit(code: i32) -> ! {
    let _ = io::stdout().flush();
    std::process::exit(code)
}

/// Prints `tool: msg` on standard error.
pub fn error(tool: &str, msg: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "{tool}: {msg}");
}

/// Parses a decimal count like GNU does for option arguments.
pub fn parse_num(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().or(Some(u64::MAX))
}
