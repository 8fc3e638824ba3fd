//! The shared helpers ([`burrow_toolkit::common`]) and what only the extras use: glibc-style
//! `getopt_long`, and more.

pub use burrow_toolkit::common::*;

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};

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
