//! `du`: disk usage from WASI's filestat. WASI reports no block counts, so usage is estimated
//! from sizes ([`super::Stat::blocks`]: whole 4 KiB blocks, as a small file takes on tmpfs or
//! ext4); `--apparent-size` and `-b` use the sizes themselves, exactly like GNU. Hard links are
//! counted once (by device and inode), as GNU does unless `-l`.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::wasi::ffi::OsStrExt;
use std::path::PathBuf;

use super::{opt, parse, quote, strerror, usage_error, Kind, Parse, Stat};

pub fn main(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: du [OPTION]... [FILE]...\n\
        Summarize device usage of the set of FILEs, recursively for directories.\n\n\
        \x20 -0, --null            end each output line with NUL, not newline\n\
        \x20 -a, --all             write counts for all files, not just directories\n\
        \x20     --apparent-size   print apparent sizes rather than device usage\n\
        \x20 -B, --block-size=SIZE  scale sizes by SIZE before printing them\n\
        \x20 -b, --bytes           equivalent to '--apparent-size --block-size=1'\n\
        \x20 -c, --total           produce a grand total\n\
        \x20 -D, -H, --dereference-args  dereference only symlinks that are listed on the command line\n\
        \x20 -d, --max-depth=N     print the total for a directory only if it is N or fewer levels below\n\
        \x20 -h, --human-readable  print sizes in human readable format (e.g., 1K 234M 2G)\n\
        \x20     --inodes          list inode usage information instead of block usage\n\
        \x20 -k                    like --block-size=1K\n\
        \x20 -L, --dereference     dereference all symbolic links\n\
        \x20 -l, --count-links     count sizes many times if hard linked\n\
        \x20 -m                    like --block-size=1M\n\
        \x20 -P, --no-dereference  don't follow any symbolic links (this is the default)\n\
        \x20 -S, --separate-dirs   for directories do not include size of subdirectories\n\
        \x20     --si              like -h, but use powers of 1000 not 1024\n\
        \x20 -s, --summarize       display only a total for each argument\n\
        \x20 -x, --one-file-system  skip directories on different file systems\n\
        \x20     --exclude=PATTERN  exclude files that match PATTERN\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n\n\
        Device usage is estimated from file sizes (WASI reports no block counts).\n";
    let opts = [
        opt(Some('0'), Some("null"), false, "null"),
        opt(Some('a'), Some("all"), false, "all"),
        opt(None, Some("apparent-size"), false, "apparent-size"),
        opt(Some('B'), Some("block-size"), true, "block-size"),
        opt(Some('b'), Some("bytes"), false, "bytes"),
        opt(Some('c'), Some("total"), false, "total"),
        opt(Some('D'), Some("dereference-args"), false, "dereference-args"),
        opt(Some('H'), None, false, "dereference-args"),
        opt(Some('d'), Some("max-depth"), true, "max-depth"),
        opt(Some('h'), Some("human-readable"), false, "human-readable"),
        opt(None, Some("inodes"), false, "inodes"),
        opt(Some('k'), None, false, "k"),
        opt(Some('L'), Some("dereference"), false, "dereference"),
        opt(Some('l'), Some("count-links"), false, "count-links"),
        opt(Some('m'), None, false, "m"),
        opt(Some('P'), Some("no-dereference"), false, "no-dereference"),
        opt(Some('S'), Some("separate-dirs"), false, "separate-dirs"),
        opt(None, Some("si"), false, "si"),
        opt(Some('s'), Some("summarize"), false, "summarize"),
        opt(Some('x'), Some("one-file-system"), false, "one-file-system"),
        opt(None, Some("exclude"), true, "exclude"),
    ];
    let p = match parse(args, &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };

    // Units: the last of -B, -b, -k, -m, -h, --si decides.
    let mut units = Units::Blocks(1024);
    let mut apparent = p.has("apparent-size");
    for (id, value) in &p.opts {
        match *id {
            "block-size" => match value.as_deref().and_then(|v| parse_size(&v.to_string_lossy())) {
                Some(n) if n > 0 => units = Units::Blocks(n),
                _ => {
                    let v = value.as_deref().unwrap_or_default();
                    return usage_error(format!("invalid --block-size argument {}", quote(v)));
                }
            },
            "bytes" => {
                apparent = true;
                units = Units::Blocks(1);
            }
            "k" => units = Units::Blocks(1024),
            "m" => units = Units::Blocks(1024 * 1024),
            "human-readable" => units = Units::Human(1024),
            "si" => units = Units::Human(1000),
            _ => {}
        }
    }
    let max_depth = match p.value("max-depth") {
        Some(v) => match v.to_string_lossy().parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => return usage_error(format!("invalid maximum depth {}", quote(v))),
        },
        None => None,
    };
    let summarize = p.has("summarize");
    if summarize && p.has("all") {
        return usage_error("cannot both summarize and show all entries");
    }
    if summarize && max_depth.is_some_and(|d| d > 0) {
        super::error(format!("warning: summarizing conflicts with --max-depth={}", max_depth.unwrap_or(0)));
        return usage_error("warning: summarizing is the same as using --max-depth=0");
    }
    let mut du = Du {
        apparent,
        inodes: p.has("inodes"),
        units,
        all: p.has("all"),
        max_depth: if summarize { Some(0) } else { max_depth },
        follow_all: p.has("dereference"),
        follow_args: p.has("dereference-args"),
        separate: p.has("separate-dirs"),
        one_fs: p.has("one-file-system"),
        count_links: p.has("count-links"),
        excludes: p.opts.iter().filter(|(id, _)| *id == "exclude").filter_map(|(_, v)| v.clone()).collect(),
        end: if p.has("null") { b'\0' } else { b'\n' },
        seen: HashSet::new(),
        out: std::io::stdout().lock(),
        status: 0,
    };
    let total_wanted = p.has("total");
    let operands = if p.operands.is_empty() { vec![OsString::from(".")] } else { p.operands };
    let mut total = 0u64;
    for op in &operands {
        total += du.operand(op);
    }
    if total_wanted {
        du.print(total, OsStr::new("total"));
    }
    let _ = du.out.flush();
    du.status
}

#[derive(Clone, Copy)]
enum Units {
    /// Sizes in units of N bytes, rounded up.
    Blocks(u64),
    /// Human-readable, powers of 1024 or 1000.
    Human(u64),
}

struct Du {
    apparent: bool,
    inodes: bool,
    units: Units,
    all: bool,
    max_depth: Option<usize>,
    follow_all: bool,
    follow_args: bool,
    separate: bool,
    one_fs: bool,
    count_links: bool,
    excludes: Vec<OsString>,
    end: u8,
    seen: HashSet<(u64, u64)>,
    out: std::io::StdoutLock<'static>,
    status: i32,
}

impl Du {
    fn operand(&mut self, path: &OsStr) -> u64 {
        let st = match Stat::of(path, self.follow_all || self.follow_args) {
            Ok(st) => st,
            Err(e) => {
                self.fail(format!("cannot access {}: {}", quote(path), strerror(&e)));
                return 0;
            }
        };
        self.walk(PathBuf::from(path), &st, 0, st.dev).0
    }

    /// Usage of `path` (already stat'ed): `(with subdirectories, without)`; prints as it goes.
    fn walk(&mut self, path: PathBuf, st: &Stat, depth: usize, root_dev: u64) -> (u64, u64) {
        if !self.count_links && st.kind != Kind::Directory && st.nlink > 1 && !self.seen.insert((st.dev, st.ino)) {
            return (0, 0);
        }
        let own = if self.inodes {
            1
        } else if self.apparent {
            st.size
        } else {
            st.blocks() * 512
        };
        if st.kind != Kind::Directory {
            if depth == 0 || (self.all && self.max_depth.is_none_or(|d| depth <= d)) {
                self.print(own, path.as_os_str());
            }
            return (own, own);
        }
        let mut total = own;
        let mut separate = own;
        match std::fs::read_dir(&path) {
            Ok(entries) => {
                let mut names: Vec<OsString> = Vec::new();
                for entry in entries {
                    match entry {
                        Ok(e) => names.push(e.file_name()),
                        Err(e) => {
                            self.fail(format!("cannot read directory {}: {}", quote(path.as_os_str()), strerror(&e)))
                        }
                    }
                }
                for name in names {
                    if self.excluded(&name) {
                        continue;
                    }
                    let child = path.join(&name);
                    let cst = match Stat::of(child.as_os_str(), self.follow_all) {
                        Ok(s) => s,
                        Err(e) => {
                            self.fail(format!("cannot access {}: {}", quote(child.as_os_str()), strerror(&e)));
                            continue;
                        }
                    };
                    if self.one_fs && cst.dev != root_dev {
                        continue;
                    }
                    let (sub, _) = self.walk(child, &cst, depth + 1, root_dev);
                    total += sub;
                    if cst.kind != Kind::Directory {
                        separate += sub;
                    }
                }
            }
            Err(e) => self.fail(format!("cannot read directory {}: {}", quote(path.as_os_str()), strerror(&e))),
        }
        let shown = if self.separate { separate } else { total };
        if self.max_depth.is_none_or(|d| depth <= d) {
            self.print(shown, path.as_os_str());
        }
        (total, separate)
    }

    fn excluded(&self, name: &OsStr) -> bool {
        self.excludes.iter().any(|pat| glob(pat.as_bytes(), name.as_bytes()))
    }

    fn print(&mut self, amount: u64, path: &OsStr) {
        let shown = if self.inodes {
            amount.to_string()
        } else {
            match self.units {
                Units::Blocks(b) => amount.div_ceil(b).to_string(),
                Units::Human(base) => human(amount, base),
            }
        };
        let _ = self.out.write_all(shown.as_bytes());
        let _ = self.out.write_all(b"\t");
        let _ = self.out.write_all(path.as_bytes());
        let _ = self.out.write_all(&[self.end]);
    }

    fn fail(&mut self, msg: String) {
        let _ = self.out.flush();
        super::error(msg);
        self.status = 1;
    }
}

/// GNU's human-readable sizes, rounded up: `0`, `512`, `4.0K`, `1.5M`, `12G`.
pub fn human(bytes: u64, base: u64) -> String {
    const SUFFIXES: &[u8] = b"KMGTPEZY";
    if bytes < base {
        return bytes.to_string();
    }
    let (bytes, base) = (bytes as u128, base as u128);
    let mut exp = 1;
    let mut div = base;
    loop {
        let whole = bytes.div_ceil(div);
        if whole < base || exp == SUFFIXES.len() {
            break;
        }
        exp += 1;
        div *= base;
    }
    let mut suffix = SUFFIXES[exp - 1] as char;
    if base == 1000 && suffix == 'K' {
        suffix = 'k';
    }
    let tenths = (bytes * 10).div_ceil(div);
    if tenths < 100 {
        format!("{}.{}{suffix}", tenths / 10, tenths % 10)
    } else {
        let whole = bytes.div_ceil(div);
        if whole >= base && exp < SUFFIXES.len() {
            // 1023.1K rounds up to 1024K: that is 1.0M.
            let next = if base == 1000 { SUFFIXES[exp] as char } else { SUFFIXES[exp] as char };
            return format!("1.0{next}");
        }
        format!("{whole}{suffix}")
    }
}

/// `--block-size` values: `N`, `K`, `1K`, `KB`, `KiB`, `M`, ... (GNU's syntax, binary unless
/// `B` without `i` follows the letter).
pub fn parse_size(s: &str) -> Option<u64> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &s[digits.len()..];
    let n: u64 = if digits.is_empty() { 1 } else { digits.parse().ok()? };
    let (letter, tail) = match rest.chars().next() {
        None => return Some(n),
        Some(c) => (c.to_ascii_uppercase(), &rest[c.len_utf8()..]),
    };
    let power = "KMGTPEZY".find(letter)? as u32 + 1;
    let base: u64 = match tail {
        "" | "iB" => 1024,
        "B" => 1000,
        _ => return None,
    };
    n.checked_mul(base.checked_pow(power)?)
}

/// Shell-style wildcard match (`*`, `?`, `[...]`) for `--exclude`.
fn glob(pat: &[u8], s: &[u8]) -> bool {
    match (pat.first(), s.first()) {
        (None, None) => true,
        (Some(b'*'), _) => glob(&pat[1..], s) || (!s.is_empty() && glob(pat, &s[1..])),
        (Some(b'?'), Some(_)) => glob(&pat[1..], &s[1..]),
        (Some(b'['), Some(&c)) => match pat.iter().position(|&b| b == b']').filter(|&i| i > 1) {
            Some(close) => {
                let set = &pat[1..close];
                let (negate, set) = match set.first() {
                    Some(b'!') | Some(b'^') => (true, &set[1..]),
                    _ => (false, set),
                };
                let mut hit = false;
                let mut i = 0;
                while i < set.len() {
                    if i + 2 < set.len() && set[i + 1] == b'-' {
                        hit |= set[i] <= c && c <= set[i + 2];
                        i += 3;
                    } else {
                        hit |= set[i] == c;
                        i += 1;
                    }
                }
                hit != negate && glob(&pat[close + 1..], &s[1..])
            }
            None => c == b'[' && glob(&pat[1..], &s[1..]),
        },
        (Some(&p), Some(&c)) => p == c && glob(&pat[1..], &s[1..]),
        _ => false,
    }
}
