//! `test` and `[`: file, string and integer tests with `!`, `-a`, `-o` and parentheses, using
//! POSIX's rules by argument count. [`unary`] and [`binary`] also serve `[[ ]]`.
//!
//! WASI reports no permission bits, so `-r` and `-w` try opening the file and `-x` is true
//! for any existing directory or regular file.

use super::lossy;
use crate::shell::Shell;
use crate::sys;

/// `test args` / `[ args ]`.
pub fn test(sh: &mut Shell, args: &[Vec<u8>], bracket: bool) -> i32 {
    let args = if bracket {
        match args.split_last() {
            Some((last, rest)) if last == b"]" => rest,
            _ => {
                sh.error("[: missing `]'");
                return 2;
            }
        }
    } else {
        args
    };
    let who = if bracket { "[" } else { "test" };
    let mut t = Test { sh, args, pos: 0, who, error: None };
    let r = t.eval_top();
    match (r, t.error) {
        (_, Some(msg)) => {
            let sh = t.sh;
            sh.error(format!("{who}: {msg}"));
            2
        }
        (true, None) => 0,
        (false, None) => 1,
    }
}

struct Test<'a> {
    sh: &'a mut Shell,
    args: &'a [Vec<u8>],
    pos: usize,
    who: &'static str,
    error: Option<String>,
}

fn is_binary(op: &[u8]) -> bool {
    matches!(
        op,
        b"=" | b"=="
            | b"!="
            | b"<"
            | b">"
            | b"-eq"
            | b"-ne"
            | b"-lt"
            | b"-le"
            | b"-gt"
            | b"-ge"
            | b"-nt"
            | b"-ot"
            | b"-ef"
    )
}

fn is_unary(op: &[u8]) -> bool {
    op.len() == 2 && op[0] == b'-' && b"abcdefghkprstuwxzGLNOSnv".contains(&op[1])
}

impl Test<'_> {
    fn fail(&mut self, msg: String) -> bool {
        if self.error.is_none() {
            self.error = Some(msg);
        }
        false
    }

    fn eval_top(&mut self) -> bool {
        let a = self.args;
        let _ = self.who;
        match a.len() {
            0 => false,
            1 => !a[0].is_empty(),
            2 => {
                if a[0] == b"!" {
                    return a[1].is_empty();
                }
                if is_unary(&a[0]) {
                    return self.unary(&a[0], &a[1]);
                }
                self.fail(format!("{}: unary operator expected", lossy(&a[0])))
            }
            3 => {
                if is_binary(&a[1]) {
                    return self.binary(&a[1], &a[0], &a[2]);
                }
                if a[1] == b"-a" || a[1] == b"-o" {
                    let l = !a[0].is_empty();
                    let r = !a[2].is_empty();
                    return if a[1] == b"-a" { l && r } else { l || r };
                }
                if a[0] == b"!" {
                    let sub = &a[1..];
                    let mut t = Test { sh: self.sh, args: sub, pos: 0, who: self.who, error: None };
                    let v = t.eval_top();
                    if let Some(e) = t.error {
                        return self.fail(e);
                    }
                    return !v;
                }
                if a[0] == b"(" && a[2] == b")" {
                    return !a[1].is_empty();
                }
                self.fail(format!("{}: binary operator expected", lossy(&a[1])))
            }
            4 if a[0] == b"!" => {
                let sub = &a[1..];
                let mut t = Test { sh: self.sh, args: sub, pos: 0, who: self.who, error: None };
                let v = t.eval_top();
                if let Some(e) = t.error {
                    return self.fail(e);
                }
                !v
            }
            4 if a[0] == b"(" && a[3] == b")" => {
                let sub = &a[1..3];
                let mut t = Test { sh: self.sh, args: sub, pos: 0, who: self.who, error: None };
                let v = t.eval_top();
                if let Some(e) = t.error {
                    return self.fail(e);
                }
                v
            }
            _ => {
                let v = self.or();
                if self.pos < self.args.len() && self.error.is_none() {
                    let extra = lossy(&self.args[self.pos]);
                    return self.fail(format!("{extra}: too many arguments"));
                }
                v
            }
        }
    }

    fn peek(&self) -> Option<&[u8]> {
        self.args.get(self.pos).map(|a| a.as_slice())
    }

    fn or(&mut self) -> bool {
        let mut v = self.and();
        while self.peek() == Some(b"-o") {
            self.pos += 1;
            let r = self.and();
            v = v || r;
        }
        v
    }

    fn and(&mut self) -> bool {
        let mut v = self.not();
        while self.peek() == Some(b"-a") {
            self.pos += 1;
            let r = self.not();
            v = v && r;
        }
        v
    }

    fn not(&mut self) -> bool {
        if self.peek() == Some(b"!") {
            self.pos += 1;
            return !self.not();
        }
        self.primary()
    }

    fn primary(&mut self) -> bool {
        let Some(a) = self.peek().map(|a| a.to_vec()) else {
            return self.fail("argument expected".into());
        };
        if a == b"(" {
            self.pos += 1;
            let v = self.or();
            if self.peek() != Some(b")") {
                return self.fail("`)' expected".into());
            }
            self.pos += 1;
            return v;
        }
        // binary?
        if let Some(op) = self.args.get(self.pos + 1) {
            if is_binary(op) && self.pos + 2 < self.args.len() {
                let op = op.clone();
                let r = self.args[self.pos + 2].clone();
                self.pos += 3;
                return self.binary(&op, &a, &r);
            }
        }
        if is_unary(&a) && self.pos + 1 < self.args.len() {
            let arg = self.args[self.pos + 1].clone();
            self.pos += 2;
            return self.unary(&a, &arg);
        }
        self.pos += 1;
        !a.is_empty()
    }

    fn unary(&mut self, op: &[u8], arg: &[u8]) -> bool {
        if op == b"-v" {
            return self.sh.var_is_set(arg);
        }
        match unary(self.sh, op, arg) {
            Some(v) => v,
            None => self.fail(format!("{}: unary operator expected", lossy(op))),
        }
    }

    fn binary(&mut self, op: &[u8], l: &[u8], r: &[u8]) -> bool {
        match op {
            b"-eq" | b"-ne" | b"-lt" | b"-le" | b"-gt" | b"-ge" => {
                let Some(a) = int(l) else {
                    return self.fail(format!("{}: integer expression expected", lossy(l)));
                };
                let Some(b) = int(r) else {
                    return self.fail(format!("{}: integer expression expected", lossy(r)));
                };
                match op {
                    b"-eq" => a == b,
                    b"-ne" => a != b,
                    b"-lt" => a < b,
                    b"-le" => a <= b,
                    b"-gt" => a > b,
                    _ => a >= b,
                }
            }
            _ => match binary(self.sh, op, l, r) {
                Some(v) => v,
                None => self.fail(format!("{}: binary operator expected", lossy(op))),
            },
        }
    }
}

/// An integer operand of `test` (blanks allowed around it).
fn int(s: &[u8]) -> Option<i64> {
    let t = std::str::from_utf8(s).ok()?.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() {
        return None;
    }
    t.parse::<i64>().ok()
}

/// Unary tests (`-f file`, `-z str`...); `None` for an unknown operator.
pub fn unary(sh: &mut Shell, op: &[u8], arg: &[u8]) -> Option<bool> {
    let path = sys::path_of(arg);
    let meta = || std::fs::metadata(&path);
    Some(match op {
        b"-z" => arg.is_empty(),
        b"-n" => !arg.is_empty(),
        b"-e" | b"-a" => meta().is_ok(),
        b"-f" => meta().is_ok_and(|m| m.is_file()),
        b"-d" => meta().is_ok_and(|m| m.is_dir()),
        b"-s" => meta().is_ok_and(|m| m.len() > 0),
        b"-L" | b"-h" => std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()),
        // The kernel checks the permission bits (`access`), which WASI's own calls cannot see.
        b"-r" => burrow_guest::access(&path, 4).is_ok(),
        b"-w" => burrow_guest::access(&path, 2).is_ok(),
        b"-x" => burrow_guest::access(&path, 1).is_ok(),
        b"-b" => file_kind(&path) == Some(Kind::Block),
        b"-c" => file_kind(&path) == Some(Kind::Char),
        b"-p" => file_kind(&path) == Some(Kind::Fifo),
        b"-S" => file_kind(&path) == Some(Kind::Socket),
        b"-t" => {
            let _ = int(arg);
            false
        }
        b"-O" | b"-G" => meta().is_ok(),
        b"-u" => burrow_guest::stat(&path, true).is_ok_and(|s| s.mode & 0o4000 != 0),
        b"-g" => burrow_guest::stat(&path, true).is_ok_and(|s| s.mode & 0o2000 != 0),
        b"-k" => burrow_guest::stat(&path, true).is_ok_and(|s| s.mode & 0o1000 != 0),
        b"-N" => false,
        b"-o" => {
            let name = String::from_utf8_lossy(arg).into_owned();
            sh.opts.long_list().iter().any(|(n, on)| *n == name && *on)
        }
        b"-v" => sh.var_is_set(arg),
        _ => return None,
    })
}

#[derive(PartialEq, Eq)]
enum Kind {
    Block,
    Char,
    Fifo,
    Socket,
    Other,
}

fn file_kind(path: &std::path::Path) -> Option<Kind> {
    let st = stat(path)?;
    Some(match st.st_mode & libc::S_IFMT {
        libc::S_IFBLK => Kind::Block,
        libc::S_IFCHR => Kind::Char,
        libc::S_IFSOCK => Kind::Socket,
        libc::S_IFIFO => Kind::Fifo,
        _ => Kind::Other,
    })
}

/// `stat(2)` of `path` (following symlinks), through the C library: std exposes the WASI file
/// types and inode numbers only behind an unstable feature.
fn stat(path: &std::path::Path) -> Option<libc::stat> {
    let c = std::ffi::CString::new(sys::os_bytes(path.as_os_str())).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `c` is a NUL-terminated path and `st` points to writable memory of the right size;
    // `stat` fills it completely when it returns 0.
    let rc = unsafe { libc::stat(c.as_ptr(), st.as_mut_ptr()) };
    // SAFETY: initialized by the successful call above.
    (rc == 0).then(|| unsafe { st.assume_init() })
}

/// Binary string and file tests (integer ones are handled by the callers).
pub fn binary(_sh: &mut Shell, op: &[u8], l: &[u8], r: &[u8]) -> Option<bool> {
    Some(match op {
        b"=" | b"==" => l == r,
        b"!=" => l != r,
        b"<" => l < r,
        b">" => l > r,
        b"-nt" | b"-ot" => {
            let ml = std::fs::metadata(sys::path_of(l)).and_then(|m| m.modified()).ok();
            let mr = std::fs::metadata(sys::path_of(r)).and_then(|m| m.modified()).ok();
            match (ml, mr) {
                (Some(a), Some(b)) => {
                    if op == b"-nt" {
                        a > b
                    } else {
                        a < b
                    }
                }
                (Some(_), None) => op == b"-nt",
                (None, Some(_)) => op == b"-ot",
                _ => false,
            }
        }
        b"-ef" => same_file(l, r),
        b"-eq" | b"-ne" | b"-lt" | b"-le" | b"-gt" | b"-ge" => {
            let (a, b) = (int(l)?, int(r)?);
            match op {
                b"-eq" => a == b,
                b"-ne" => a != b,
                b"-lt" => a < b,
                b"-le" => a <= b,
                b"-gt" => a > b,
                _ => a >= b,
            }
        }
        _ => return None,
    })
}

fn same_file(a: &[u8], b: &[u8]) -> bool {
    match (stat(&sys::path_of(a)), stat(&sys::path_of(b))) {
        (Some(x), Some(y)) => x.st_dev == y.st_dev && x.st_ino == y.st_ino,
        _ => false,
    }
}
