//! `printf [-v var] format [args]`: C conversions (`%s %b %q %c %d %i %u %o %x %X %e %f %g
//! %a`) with flags, width and precision (`*` too); the format is reused while arguments
//! remain. Also the backslash-escape decoder shared with `echo -e`.

use super::lossy;
use crate::shell::Shell;
use crate::unparse;

/// Decodes backslash escapes of `s` into `out`. `echo_style`: `\0NNN` octal and `\c` (stop);
/// otherwise `\NNN`. Returns true if `\c` asked to stop all output.
pub fn escapes(s: &[u8], out: &mut Vec<u8>, echo_style: bool) -> bool {
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c != b'\\' || i + 1 >= s.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = s[i + 1];
        i += 2;
        match e {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'e' | b'E' => out.push(27),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'\\' => out.push(b'\\'),
            b'c' => return true,
            b'0'..=b'7' => {
                let (max, start) = if echo_style && e == b'0' { (3, i) } else if echo_style { (0, i) } else { (2, i) };
                if echo_style && e != b'0' {
                    // echo -e: only \0NNN is octal.
                    out.push(b'\\');
                    out.push(e);
                    continue;
                }
                let mut v: u32 = if echo_style { 0 } else { (e - b'0') as u32 };
                let mut j = start;
                while j < s.len() && j - start < max && (b'0'..=b'7').contains(&s[j]) {
                    v = v * 8 + (s[j] - b'0') as u32;
                    j += 1;
                }
                i = j;
                out.push(v as u8);
            }
            b'x' => {
                let mut v = 0u32;
                let mut j = i;
                while j < s.len() && j - i < 2 && s[j].is_ascii_hexdigit() {
                    v = v * 16 + (s[j] as char).to_digit(16).unwrap_or(0);
                    j += 1;
                }
                if j == i {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(v as u8);
                    i = j;
                }
            }
            b'u' | b'U' => {
                let max = if e == b'u' { 4 } else { 8 };
                let mut v = 0u32;
                let mut j = i;
                while j < s.len() && j - i < max && s[j].is_ascii_hexdigit() {
                    v = v.wrapping_mul(16).wrapping_add((s[j] as char).to_digit(16).unwrap_or(0));
                    j += 1;
                }
                match char::from_u32(v).filter(|_| j > i) {
                    Some(ch) => {
                        let mut b = [0; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                        i = j;
                    }
                    None => {
                        out.push(b'\\');
                        out.push(e);
                    }
                }
            }
            b'"' if !echo_style => out.push(b'"'),
            b'\'' if !echo_style => out.push(b'\''),
            b'?' if !echo_style => out.push(b'?'),
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    false
}

/// `printf`.
pub fn printf(sh: &mut Shell, args: &[Vec<u8>]) -> i32 {
    let mut args = args;
    let mut var = None;
    if args.first().is_some_and(|a| a == b"-v") {
        let Some(name) = args.get(1) else {
            sh.error("printf: -v: option requires an argument");
            return 2;
        };
        var = Some(name.clone());
        args = &args[2..];
    }
    if args.first().is_some_and(|a| a == b"--") {
        args = &args[1..];
    }
    let Some(format) = args.first() else {
        sh.error("printf: usage: printf [-v var] format [arguments]");
        return 2;
    };
    let mut f = Formatter { args: &args[1..], next: 0, out: Vec::new(), error: None };
    loop {
        let before = f.next;
        let stop = f.run(format);
        if stop || f.next >= f.args.len() || f.next == before {
            break;
        }
    }
    let status = if let Some(msg) = f.error.take() {
        sh.error(format!("printf: {msg}"));
        1
    } else {
        0
    };
    match var {
        Some(name) => {
            if sh.vars.set(&name, f.out).is_err() {
                sh.error(format!("{}: readonly variable", lossy(&name)));
                return 1;
            }
            status
        }
        None => {
            let w = sh.out_status("printf", &f.out);
            status.max(w)
        }
    }
}

struct Formatter<'a> {
    args: &'a [Vec<u8>],
    next: usize,
    out: Vec<u8>,
    error: Option<String>,
}

#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    alt: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

impl Formatter<'_> {
    fn arg(&mut self) -> Option<&[u8]> {
        let a = self.args.get(self.next).map(|a| a.as_slice());
        if a.is_some() {
            self.next += 1;
        }
        a
    }

    fn int_arg(&mut self) -> i64 {
        let Some(a) = self.arg().map(|a| a.to_vec()) else { return 0 };
        self.parse_int(&a)
    }

    fn parse_int(&mut self, a: &[u8]) -> i64 {
        if let Some(rest) = a.strip_prefix(b"'").or_else(|| a.strip_prefix(b"\"")) {
            if rest.is_empty() {
                return 0;
            }
            let (c, _) = crate::pattern::decode(rest);
            return if c >= 0x110000 { (c - 0x110000) as i64 } else { c as i64 };
        }
        let t = String::from_utf8_lossy(a);
        let s = t.trim_start();
        let (neg, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (digits, radix) = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (h, 16)
        } else if body.len() > 1 && body.starts_with('0') {
            (&body[1..], 8)
        } else {
            (body, 10)
        };
        let valid: String = digits.chars().take_while(|c| c.is_digit(radix)).collect();
        let mut v: i64 = 0;
        for ch in valid.chars() {
            v = v.wrapping_mul(radix as i64).wrapping_add(ch.to_digit(radix).unwrap_or(0) as i64);
        }
        if valid.len() != digits.len() || (digits.is_empty() && radix != 8) {
            if self.error.is_none() {
                self.error = Some(format!("{}: invalid number", lossy(a)));
            }
        }
        if neg {
            -v
        } else {
            v
        }
    }

    fn float_arg(&mut self) -> f64 {
        let Some(a) = self.arg().map(|a| a.to_vec()) else { return 0.0 };
        if a.starts_with(b"'") || a.starts_with(b"\"") {
            return self.parse_int(&a) as f64;
        }
        let t = String::from_utf8_lossy(&a).trim().to_string();
        match t.parse::<f64>() {
            Ok(v) => v,
            Err(_) => {
                if let Ok(i) = std::str::from_utf8(&a).unwrap_or("x").trim().parse::<i64>() {
                    return i as f64;
                }
                let v = self.parse_int(&a);
                v as f64
            }
        }
    }

    /// Runs the format once; true if `\c` stopped output.
    fn run(&mut self, fmt: &[u8]) -> bool {
        let mut i = 0;
        while i < fmt.len() {
            let c = fmt[i];
            if c == b'\\' {
                let end = escape_end(fmt, i);
                let mut tmp = Vec::new();
                escapes(&fmt[i..end], &mut tmp, false);
                self.out.extend_from_slice(&tmp);
                i = end;
                continue;
            }
            if c != b'%' {
                self.out.push(c);
                i += 1;
                continue;
            }
            i += 1;
            if i >= fmt.len() {
                self.out.push(b'%');
                break;
            }
            if fmt[i] == b'%' {
                self.out.push(b'%');
                i += 1;
                continue;
            }
            let mut spec = Spec::default();
            while i < fmt.len() {
                match fmt[i] {
                    b'-' => spec.left = true,
                    b'0' => spec.zero = true,
                    b'+' => spec.plus = true,
                    b' ' => spec.space = true,
                    b'#' => spec.alt = true,
                    b'\'' => {}
                    _ => break,
                }
                i += 1;
            }
            if i < fmt.len() && fmt[i] == b'*' {
                let w = self.int_arg();
                if w < 0 {
                    spec.left = true;
                }
                spec.width = Some(w.unsigned_abs() as usize);
                i += 1;
            } else {
                let start = i;
                while i < fmt.len() && fmt[i].is_ascii_digit() {
                    i += 1;
                }
                if i > start {
                    spec.width = std::str::from_utf8(&fmt[start..i]).ok().and_then(|s| s.parse().ok());
                }
            }
            if i < fmt.len() && fmt[i] == b'.' {
                i += 1;
                if i < fmt.len() && fmt[i] == b'*' {
                    let p = self.int_arg();
                    spec.precision = if p < 0 { None } else { Some(p as usize) };
                    i += 1;
                } else {
                    let start = i;
                    while i < fmt.len() && fmt[i].is_ascii_digit() {
                        i += 1;
                    }
                    spec.precision = Some(std::str::from_utf8(&fmt[start..i]).ok().and_then(|s| s.parse().ok()).unwrap_or(0));
                }
            }
            while i < fmt.len() && matches!(fmt[i], b'h' | b'l' | b'L' | b'j' | b'z' | b't') {
                i += 1;
            }
            let Some(&conv) = fmt.get(i) else {
                self.error.get_or_insert_with(|| "missing format character".into());
                break;
            };
            i += 1;
            if self.conversion(conv, spec) {
                return true;
            }
        }
        false
    }

    /// One conversion; true if `%b` hit `\c`.
    fn conversion(&mut self, conv: u8, spec: Spec) -> bool {
        match conv {
            b's' => {
                let a = self.arg().unwrap_or_default().to_vec();
                let a = match spec.precision {
                    Some(p) if p < a.len() => a[..p].to_vec(),
                    _ => a,
                };
                self.pad(&a, spec, false);
            }
            b'b' => {
                let a = self.arg().unwrap_or_default().to_vec();
                let mut tmp = Vec::new();
                let stop = escapes(&a, &mut tmp, true);
                let tmp = match spec.precision {
                    Some(p) if p < tmp.len() => tmp[..p].to_vec(),
                    _ => tmp,
                };
                self.pad(&tmp, spec, false);
                if stop {
                    return true;
                }
            }
            b'q' => {
                let a = self.arg().unwrap_or_default().to_vec();
                let q = unparse::quote_backslash(&a);
                self.pad(&q, spec, false);
            }
            b'c' => {
                let a = self.arg().unwrap_or_default().to_vec();
                let ch = if a.is_empty() {
                    Vec::new()
                } else {
                    let (_, n) = crate::pattern::decode(&a);
                    a[..n].to_vec()
                };
                self.pad(&ch, spec, false);
            }
            b'd' | b'i' => {
                let v = self.int_arg();
                let mut digits = v.unsigned_abs().to_string().into_bytes();
                if let Some(p) = spec.precision {
                    while digits.len() < p {
                        digits.insert(0, b'0');
                    }
                    if p == 0 && v == 0 {
                        digits.clear();
                    }
                }
                let sign: &[u8] = if v < 0 {
                    b"-"
                } else if spec.plus {
                    b"+"
                } else if spec.space {
                    b" "
                } else {
                    b""
                };
                self.number(sign, &digits, spec);
            }
            b'u' | b'o' | b'x' | b'X' => {
                let v = self.int_arg() as u64;
                let mut digits = match conv {
                    b'u' => v.to_string(),
                    b'o' => format!("{v:o}"),
                    b'x' => format!("{v:x}"),
                    _ => format!("{v:X}"),
                }
                .into_bytes();
                if let Some(p) = spec.precision {
                    while digits.len() < p {
                        digits.insert(0, b'0');
                    }
                    if p == 0 && v == 0 {
                        digits.clear();
                    }
                }
                let prefix: &[u8] = match (spec.alt, conv) {
                    (true, b'o') if digits.first() != Some(&b'0') => b"0",
                    (true, b'x') if v != 0 => b"0x",
                    (true, b'X') if v != 0 => b"0X",
                    _ => b"",
                };
                self.number(prefix, &digits, spec);
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'a' | b'A' => {
                let v = self.float_arg();
                let text = format_float(v, conv, spec);
                let (sign, body): (&[u8], Vec<u8>) = if let Some(b) = text.strip_prefix('-') {
                    (b"-", b.as_bytes().to_vec())
                } else if spec.plus {
                    (b"+", text.into_bytes())
                } else if spec.space {
                    (b" ", text.into_bytes())
                } else {
                    (b"", text.into_bytes())
                };
                let finite = v.is_finite();
                let spec2 = if finite { spec } else { Spec { zero: false, ..spec } };
                self.number(sign, &body, spec2);
            }
            other => {
                self.error.get_or_insert_with(|| format!("%{}: invalid format character", other as char));
            }
        }
        false
    }

    fn pad(&mut self, s: &[u8], spec: Spec, _numeric: bool) {
        let w = spec.width.unwrap_or(0);
        let n = crate::pattern::char_count(s);
        if n >= w {
            self.out.extend_from_slice(s);
            return;
        }
        let fill = w - n;
        if spec.left {
            self.out.extend_from_slice(s);
            self.out.extend(std::iter::repeat_n(b' ', fill));
        } else {
            self.out.extend(std::iter::repeat_n(b' ', fill));
            self.out.extend_from_slice(s);
        }
    }

    /// A number with a sign or prefix, padded (zeros go after the sign).
    fn number(&mut self, sign: &[u8], digits: &[u8], spec: Spec) {
        let w = spec.width.unwrap_or(0);
        let len = sign.len() + digits.len();
        if len >= w {
            self.out.extend_from_slice(sign);
            self.out.extend_from_slice(digits);
            return;
        }
        let fill = w - len;
        if spec.left {
            self.out.extend_from_slice(sign);
            self.out.extend_from_slice(digits);
            self.out.extend(std::iter::repeat_n(b' ', fill));
        } else if spec.zero && spec.precision.is_none_or(|_| false) {
            self.out.extend_from_slice(sign);
            self.out.extend(std::iter::repeat_n(b'0', fill));
            self.out.extend_from_slice(digits);
        } else {
            self.out.extend(std::iter::repeat_n(b' ', fill));
            self.out.extend_from_slice(sign);
            self.out.extend_from_slice(digits);
        }
    }
}

/// End of the escape sequence starting at `fmt[i] == '\\'`.
fn escape_end(fmt: &[u8], i: usize) -> usize {
    let Some(&e) = fmt.get(i + 1) else { return i + 1 };
    let mut j = i + 2;
    match e {
        b'0'..=b'7' => {
            while j < fmt.len() && j < i + 4 && (b'0'..=b'7').contains(&fmt[j]) {
                j += 1;
            }
        }
        b'x' => {
            while j < fmt.len() && j < i + 4 && fmt[j].is_ascii_hexdigit() {
                j += 1;
            }
        }
        b'u' => {
            while j < fmt.len() && j < i + 6 && fmt[j].is_ascii_hexdigit() {
                j += 1;
            }
        }
        b'U' => {
            while j < fmt.len() && j < i + 10 && fmt[j].is_ascii_hexdigit() {
                j += 1;
            }
        }
        _ => {}
    }
    j
}

/// C-style float formatting for `%e %f %g %a` (and uppercase).
fn format_float(v: f64, conv: u8, spec: Spec) -> String {
    let upper = conv.is_ascii_uppercase();
    if v.is_nan() {
        return if upper { "NAN" } else { "nan" }.into();
    }
    if v.is_infinite() {
        let s = if v < 0.0 { "-inf" } else { "inf" };
        return if upper { s.to_uppercase() } else { s.into() };
    }
    let p = spec.precision.unwrap_or(6);
    let s = match conv.to_ascii_lowercase() {
        b'f' => {
            let s = format!("{v:.p$}");
            if spec.alt && p == 0 {
                s + "."
            } else {
                s
            }
        }
        b'e' => exp_format(v, p, spec.alt),
        b'g' => {
            let p = if p == 0 { 1 } else { p };
            if v == 0.0 {
                let s = if spec.alt { format!("{:.*}", p - 1, 0.0) } else { "0".to_string() };
                return if v.is_sign_negative() { format!("-{s}") } else { s };
            }
            let e = exp_format(v, p - 1, false);
            let exp: i32 = e.rsplit_once('e').and_then(|(_, x)| x.parse().ok()).unwrap_or(0);
            let s = if exp < -4 || exp >= p as i32 {
                let mut m = exp_format(v, p - 1, spec.alt);
                if !spec.alt {
                    if let Some((mant, ex)) = m.clone().split_once('e') {
                        m = format!("{}e{ex}", trim_zeros(mant));
                    }
                }
                m
            } else {
                let decimals = (p as i32 - 1 - exp).max(0) as usize;
                let f = format!("{v:.decimals$}");
                if spec.alt {
                    f
                } else {
                    trim_zeros(&f)
                }
            };
            s
        }
        _ => format!("{v:e}"),
    };
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

fn trim_zeros(s: &str) -> String {
    if !s.contains('.') {
        return s.to_string();
    }
    let t = s.trim_end_matches('0');
    t.trim_end_matches('.').to_string()
}

/// `d.ddde+XX`.
fn exp_format(v: f64, p: usize, alt: bool) -> String {
    let s = format!("{v:.p$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mant = if alt && p == 0 { format!("{mant}.") } else { mant.to_string() };
    format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}
