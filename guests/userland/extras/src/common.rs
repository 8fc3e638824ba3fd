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

/// The message GNU tools print for an I/O error (`strerror`), without Rust's "(os error N)".
pub fn strerror(e: &io::Error) -> String {
    // WASI errno numbers (Rust's raw OS errors on wasm32-wasip1) and Linux ones on the host.
    let wasi = cfg!(target_os = "wasi");
    if let Some(code) = e.raw_os_error() {
        let msg = if wasi {
            match code {
                2 => "Permission denied",
                8 => "Bad file descriptor",
                20 => "File exists",
                28 => "Invalid argument",
                29 => "Input/output error",
                31 => "Is a directory",
                32 => "Too many levels of symbolic links",
                37 => "File name too long",
                44 => "No such file or directory",
                48 => "Cannot allocate memory",
                51 => "No space left on device",
                52 => "Function not implemented",
                54 => "Not a directory",
                55 => "Directory not empty",
                58 => "Operation not supported",
                63 => "Operation not permitted",
                64 => "Broken pipe",
                69 => "Read-only file system",
                75 => "Invalid cross-device link",
                76 => "Text file busy",
                _ => "",
            }
        } else {
            ""
        };
        if !msg.is_empty() {
            return msg.to_string();
        }
    }
    match e.kind() {
        io::ErrorKind::NotFound => "No such file or directory".into(),
        io::ErrorKind::PermissionDenied => "Permission denied".into(),
        io::ErrorKind::AlreadyExists => "File exists".into(),
        io::ErrorKind::IsADirectory => "Is a directory".into(),
        io::ErrorKind::NotADirectory => "Not a directory".into(),
        io::ErrorKind::DirectoryNotEmpty => "Directory not empty".into(),
        io::ErrorKind::BrokenPipe => "Broken pipe".into(),
        io::ErrorKind::InvalidInput => "Invalid argument".into(),
        io::ErrorKind::ReadOnlyFilesystem => "Read-only file system".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

pub fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe || (cfg!(target_os = "wasi") && e.raw_os_error() == Some(64))
}

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

/// An option's value: the short letter it is (long options map to a letter or a private
/// code point) and its argument.
pub type Opt = (char, Option<String>);

/// `getopt_long` as glibc does it: short options per `short` (`x:` takes an argument, `x::` an
/// optional one glued to it), long options `(name, arg, key)` with `arg` 0 none, 1 required, 2
/// optional (`--name=ARG`), unique prefixes accepted, `--` ends options; operands are permuted
/// out unless `posix` (then the first operand ends options). A lone `-` is an operand.
/// Returns the options in order and the operands, or the error message (without `TOOL: `).
pub fn getopt(
    args: &[OsString],
    short: &str,
    long: &[(&str, u8, char)],
    posix: bool,
) -> Result<(Vec<Opt>, Vec<OsString>), String> {
    let mut opts = Vec::new();
    let mut operands = Vec::new();
    let mut i = 1;
    let spec = |c: char| -> Option<u8> {
        let pos = short.char_indices().find(|&(_, x)| x == c && x != ':')?.0;
        let rest = &short[pos + c.len_utf8()..];
        Some(if rest.starts_with("::") {
            2
        } else if rest.starts_with(':') {
            1
        } else {
            0
        })
    };
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        i += 1;
        if a == "--" {
            operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, val) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let exact = long.iter().find(|l| l.0 == name);
            let matches: Vec<_> = long.iter().filter(|l| l.0.starts_with(name)).collect();
            let l = match (exact, matches.len()) {
                (Some(l), _) => l,
                (None, 1) => matches[0],
                (None, 0) => return Err(format!("unrecognized option '--{name}'")),
                _ => return Err(format!("option '--{name}' is ambiguous")),
            };
            match l.1 {
                0 if val.is_some() => return Err(format!("option '--{}' doesn't allow an argument", l.0)),
                0 => opts.push((l.2, None)),
                1 => {
                    let v = match val {
                        Some(v) => v,
                        None if i < args.len() => {
                            i += 1;
                            args[i - 1].to_string_lossy().into_owned()
                        }
                        None => return Err(format!("option '--{}' requires an argument", l.0)),
                    };
                    opts.push((l.2, Some(v)));
                }
                _ => opts.push((l.2, val)),
            }
            continue;
        }
        if a.len() < 2 || !a.starts_with('-') {
            operands.push(args[i - 1].clone());
            if posix {
                operands.extend(args[i..].iter().cloned());
                break;
            }
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            j += 1;
            match spec(c) {
                None => return Err(format!("invalid option -- '{c}'")),
                Some(0) => opts.push((c, None)),
                Some(k) => {
                    let rest: String = chars[j..].iter().collect();
                    if !rest.is_empty() {
                        opts.push((c, Some(rest)));
                    } else if k == 2 {
                        opts.push((c, None));
                    } else if i < args.len() {
                        opts.push((c, Some(args[i].to_string_lossy().into_owned())));
                        i += 1;
                    } else {
                        return Err(format!("option requires an argument -- '{c}'"));
                    }
                    break;
                }
            }
        }
    }
    Ok((opts, operands))
}

/// Prints `TOOL: msg` and util-linux/GNU's `Try 'TOOL --help' for more information.`
pub fn usage_error(tool: &str, msg: &str) {
    error(tool, msg);
    let _ = writeln!(io::stderr(), "Try '{tool} --help' for more information.");
}

/// Reads a whole file (`-` or `None` is standard input).
pub fn read_input(name: Option<&OsStr>) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut v = Vec::new();
    match name {
        None => {
            io::stdin().lock().read_to_end(&mut v)?;
        }
        Some(n) if n == "-" => {
            io::stdin().lock().read_to_end(&mut v)?;
        }
        Some(n) => {
            let mut f = std::fs::File::open(n)?;
            if f.metadata()?.is_dir() {
                return Err(io::Error::from(io::ErrorKind::IsADirectory));
            }
            f.read_to_end(&mut v)?;
        }
    }
    Ok(v)
}

/// Splits `data` into lines, each with its `\n` if it has one.
pub fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    data.split_inclusive(|&b| b == b'\n')
}

/// Parses a number the way `strtoul(s, 0, 0)` does (`0x` hex, leading `0` octal), the whole
/// string.
pub fn parse_c_num(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(h, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(&s[1..], 8).ok();
    }
    s.parse().ok()
}

/// `(mode, rdev)` of `path` (`st_mode` with the type bits): Burrow's `stat` under WASI (whose
/// own filestat has no modes), the host's elsewhere (for native unit tests).
pub fn mode_of(path: &std::path::Path, follow: bool) -> Option<(u32, u64)> {
    #[cfg(target_os = "wasi")]
    {
        burrow_guest::stat(path, follow).ok().map(|s| (s.mode, s.rdev))
    }
    #[cfg(not(target_os = "wasi"))]
    {
        use std::os::unix::fs::MetadataExt;
        let m = if follow { std::fs::metadata(path) } else { std::fs::symlink_metadata(path) };
        m.ok().map(|m| (m.mode(), m.rdev()))
    }
}

/// Sets `path`'s permission bits.
pub fn chmod(path: &std::path::Path, mode: u32) -> io::Result<()> {
    #[cfg(target_os = "wasi")]
    {
        burrow_guest::chmod(path, mode)
    }
    #[cfg(not(target_os = "wasi"))]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
}

/// Changes the working directory (the kernel's too under Burrow).
pub fn chdir(path: &str) -> io::Result<()> {
    #[cfg(target_os = "wasi")]
    {
        burrow_guest::chdir(path)
    }
    #[cfg(not(target_os = "wasi"))]
    {
        std::env::set_current_dir(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn getopt_like_glibc() {
        let long = [("help", 0, 'h'), ("bytes", 1, 'n')];
        let (o, r) = getopt(&os(&["x", "-an5", "f", "--byt=3", "-n", "7", "--", "-q"]), "an:", &long, false).unwrap();
        assert_eq!(o, vec![('a', None), ('n', Some("5".into())), ('n', Some("3".into())), ('n', Some("7".into()))]);
        assert_eq!(r, os(&["f", "-q"]));
        assert_eq!(getopt(&os(&["x", "-z"]), "a", &long, false).unwrap_err(), "invalid option -- 'z'");
        assert_eq!(getopt(&os(&["x", "-n"]), "n:", &long, false).unwrap_err(), "option requires an argument -- 'n'");
        assert_eq!(getopt(&os(&["x", "--nope"]), "n:", &long, false).unwrap_err(), "unrecognized option '--nope'");
        let (_, r) = getopt(&os(&["x", "f", "-a"]), "a", &long, true).unwrap();
        assert_eq!(r, os(&["f", "-a"]));
    }
}
