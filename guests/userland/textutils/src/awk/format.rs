//! Number to text conversions and `printf` formatting (C semantics, gawk's conventions for
//! integral values, infinities and NaNs).

/// Formats an integral double exactly (`1e20` -> `100000000000000000000`).
pub fn integral(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    format!("{v:.0}")
}

pub fn special(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some(if v.is_sign_negative() { "-nan" } else { "+nan" })
    } else if v.is_infinite() {
        Some(if v < 0.0 { "-inf" } else { "+inf" })
    } else {
        None
    }
}

/// A number as awk prints or converts it: integers exactly, others through `fmt` (OFMT or
/// CONVFMT).
pub fn num_to_str(v: f64, fmt: &[u8]) -> Vec<u8> {
    if let Some(s) = special(v) {
        return s.as_bytes().to_vec();
    }
    if v == v.trunc() {
        return integral(v).into_bytes();
    }
    let mut out = Vec::new();
    sprintf_num(fmt, v, &mut out);
    out
}

/// Formats one number with a single-conversion format like `%.6g`.
fn sprintf_num(fmt: &[u8], v: f64, out: &mut Vec<u8>) {
    let args = [Arg::Num(v)];
    let mut i = 0;
    let _ = format(fmt, &mut |_| {
        let a = args.get(i).cloned();
        i += 1;
        a
    }, out);
}

#[derive(Clone, Debug)]
pub enum Arg {
    Num(f64),
    Str(Vec<u8>),
    /// A value that is both (strnum): `%d` uses the number, `%s` the text.
    Both(Vec<u8>, f64),
}

impl Arg {
    fn num(&self) -> f64 {
        match self {
            Arg::Num(n) | Arg::Both(_, n) => *n,
            Arg::Str(s) => super::interp::str_to_num(s),
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

fn pad(spec: &Spec, body: Vec<u8>, numeric: bool) -> Vec<u8> {
    let len = char_count(&body);
    if len >= spec.width {
        return body;
    }
    let fill = spec.width - len;
    if spec.left {
        let mut v = body;
        v.extend(std::iter::repeat_n(b' ', fill));
        v
    } else if spec.zero && numeric {
        // Zeros go after the sign / 0x prefix.
        let sign_len = match body.first() {
            Some(b'-' | b'+' | b' ') => 1,
            _ => 0,
        };
        let prefix_len = if body[sign_len..].starts_with(b"0x") || body[sign_len..].starts_with(b"0X") {
            sign_len + 2
        } else {
            sign_len
        };
        let mut v = body[..prefix_len].to_vec();
        v.extend(std::iter::repeat_n(b'0', fill));
        v.extend_from_slice(&body[prefix_len..]);
        v
    } else {
        let mut v: Vec<u8> = std::iter::repeat_n(b' ', fill).collect();
        v.extend(body);
        v
    }
}

fn char_count(b: &[u8]) -> usize {
    match std::str::from_utf8(b) {
        Ok(s) => s.chars().count(),
        Err(_) => b.len(),
    }
}

/// `%e` body for a finite non-negative value.
fn fmt_e(v: f64, prec: usize, upper: bool, alt: bool) -> String {
    let s = format!("{v:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut m = mant.to_string();
    if alt && prec == 0 {
        m.push('.');
    }
    let e = if upper { 'E' } else { 'e' };
    format!("{m}{e}{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

fn fmt_g(v: f64, prec: usize, upper: bool, alt: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    if v == 0.0 {
        let mut s = if alt { format!("{:.*}", p - 1, 0.0) } else { "0".to_string() };
        if alt && p == 1 {
            s.push('.');
        }
        return s;
    }
    let e_form = format!("{:.*e}", p - 1, v);
    let exp: i32 = e_form.split_once('e').map(|(_, e)| e.parse().unwrap_or(0)).unwrap_or(0);
    let mut s = if exp < -4 || exp >= p as i32 {
        fmt_e(v, p - 1, upper, alt)
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let mut s = format!("{v:.decimals$}");
        if alt && decimals == 0 {
            s.push('.');
        }
        s
    };
    if !alt {
        // Strip trailing zeros of the fraction (before any exponent).
        let (body, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let body = if body.contains('.') { body.trim_end_matches('0').trim_end_matches('.').to_string() } else { body };
        s = body + &exp_part;
    }
    s
}

fn float_body(v: f64, conv: u8, spec: &Spec) -> Vec<u8> {
    let neg = v.is_sign_negative();
    let a = v.abs();
    let sign = if neg {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    if v.is_nan() || v.is_infinite() {
        let word = if v.is_nan() { "nan" } else { "inf" };
        let word = if conv.is_ascii_uppercase() { word.to_uppercase() } else { word.to_string() };
        let sign = if neg { "-" } else if spec.plus || v.is_nan() || v.is_infinite() { "+" } else { "" };
        return format!("{sign}{word}").into_bytes();
    }
    let prec = spec.prec.unwrap_or(6);
    let body = match conv {
        b'f' | b'F' => {
            let mut s = format!("{a:.prec$}");
            if spec.alt && prec == 0 {
                s.push('.');
            }
            s
        }
        b'e' | b'E' => fmt_e(a, prec, conv == b'E', spec.alt),
        _ => fmt_g(a, prec, conv == b'G', spec.alt),
    };
    format!("{sign}{body}").into_bytes()
}

fn int_body(v: f64, conv: u8, spec: &Spec) -> Vec<u8> {
    if v.is_nan() || v.is_infinite() {
        return float_body(v, b'g', spec);
    }
    let t = v.trunc();
    let digits: String;
    let mut sign = "";
    match conv {
        b'd' | b'i' => {
            let neg = t < 0.0;
            digits = integral(t.abs());
            if neg {
                sign = "-";
            } else if spec.plus {
                sign = "+";
            } else if spec.space {
                sign = " ";
            }
        }
        _ => {
            // Unsigned conversions of negative values wrap like C's (two's complement).
            let u: u64 = if t < 0.0 { (t as i64) as u64 } else if t >= 18446744073709551615.0 { u64::MAX } else { t as u64 };
            digits = match conv {
                b'o' => {
                    let s = format!("{u:o}");
                    if spec.alt && !s.starts_with('0') {
                        format!("0{s}")
                    } else {
                        s
                    }
                }
                b'x' => {
                    if spec.alt && u != 0 {
                        format!("0x{u:x}")
                    } else {
                        format!("{u:x}")
                    }
                }
                b'X' => {
                    if spec.alt && u != 0 {
                        format!("0X{u:X}")
                    } else {
                        format!("{u:X}")
                    }
                }
                _ => format!("{u}"),
            };
        }
    }
    let mut digits = digits;
    if let Some(p) = spec.prec {
        let (prefix, num) = if digits.starts_with("0x") || digits.starts_with("0X") {
            (digits[..2].to_string(), digits[2..].to_string())
        } else {
            (String::new(), digits.clone())
        };
        if p == 0 && num == "0" {
            digits = prefix;
        } else if num.len() < p {
            digits = format!("{prefix}{}{num}", "0".repeat(p - num.len()));
        }
    }
    format!("{sign}{digits}").into_bytes()
}

/// C `printf` over awk arguments. `next` yields the next argument (`None`: not enough).
pub fn format(fmt: &[u8], next: &mut dyn FnMut(usize) -> Option<Arg>, out: &mut Vec<u8>) -> Result<(), String> {
    let mut i = 0;
    let mut argn = 0;
    let mut take = |next: &mut dyn FnMut(usize) -> Option<Arg>| -> Result<Arg, String> {
        argn += 1;
        next(argn - 1).ok_or_else(|| "not enough arguments to satisfy format string".to_string())
    };
    while i < fmt.len() {
        let c = fmt[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        if i >= fmt.len() {
            out.push(b'%');
            break;
        }
        if fmt[i] == b'%' {
            out.push(b'%');
            i += 1;
            continue;
        }
        let start = i - 1;
        let mut spec = Spec::default();
        while i < fmt.len() {
            match fmt[i] {
                b'-' => spec.left = true,
                b'+' => spec.plus = true,
                b' ' => spec.space = true,
                b'#' => spec.alt = true,
                b'0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        if i < fmt.len() && fmt[i] == b'*' {
            i += 1;
            let w = take(next)?.num();
            if w < 0.0 {
                spec.left = true;
            }
            spec.width = w.abs() as usize;
        } else {
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                spec.width = spec.width.saturating_mul(10).saturating_add((fmt[i] - b'0') as usize);
                i += 1;
            }
        }
        if i < fmt.len() && fmt[i] == b'.' {
            i += 1;
            if i < fmt.len() && fmt[i] == b'*' {
                i += 1;
                let p = take(next)?.num();
                spec.prec = if p < 0.0 { None } else { Some(p as usize) };
            } else {
                let mut p = 0usize;
                while i < fmt.len() && fmt[i].is_ascii_digit() {
                    p = p.saturating_mul(10).saturating_add((fmt[i] - b'0') as usize);
                    i += 1;
                }
                spec.prec = Some(p);
            }
        }
        // Length modifiers are accepted and ignored.
        while i < fmt.len() && matches!(fmt[i], b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b't') {
            i += 1;
        }
        if i >= fmt.len() {
            // Incomplete spec: output as is.
            out.extend_from_slice(&fmt[start..]);
            break;
        }
        let conv = fmt[i];
        i += 1;
        match conv {
            b'd' | b'i' | b'o' | b'x' | b'X' | b'u' => {
                let v = take(next)?.num();
                let body = int_body(v, conv, &spec);
                let zero_ok = spec.prec.is_none() && !v.is_nan() && !v.is_infinite();
                let s = Spec { zero: spec.zero && zero_ok, ..spec };
                out.extend(pad(&s, body, true));
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                let v = take(next)?.num();
                let body = float_body(v, conv, &spec);
                let s = Spec { zero: spec.zero && v.is_finite(), ..spec };
                out.extend(pad(&s, body, true));
            }
            b'c' => {
                let a = take(next)?;
                let body = match a {
                    Arg::Num(n) => {
                        let code = n as u32;
                        match char::from_u32(code) {
                            Some(ch) if code >= 128 => ch.to_string().into_bytes(),
                            _ => vec![code as u8],
                        }
                    }
                    Arg::Str(s) | Arg::Both(s, _) => first_char(&s).to_vec(),
                };
                out.extend(pad(&spec, body, false));
            }
            b's' => {
                let a = take(next)?;
                let s = match a {
                    Arg::Str(s) | Arg::Both(s, _) => s,
                    Arg::Num(n) => num_to_str(n, b"%.6g"),
                };
                let s = match spec.prec {
                    Some(p) => truncate_chars(&s, p).to_vec(),
                    None => s,
                };
                out.extend(pad(&spec, s, false));
            }
            _ => {
                // Unknown conversion: copied through.
                out.extend_from_slice(&fmt[start..i]);
            }
        }
    }
    Ok(())
}

/// The `%s` argument of OFMT/CONVFMT conversions that are not numeric formats: handled above.
pub fn first_char(s: &[u8]) -> &[u8] {
    if s.is_empty() {
        return s;
    }
    let n = utf8_len(s[0]).min(s.len());
    if std::str::from_utf8(&s[..n]).is_ok() {
        &s[..n]
    } else {
        &s[..1]
    }
}

fn utf8_len(b: u8) -> usize {
    match b {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

pub fn truncate_chars(s: &[u8], n: usize) -> &[u8] {
    match std::str::from_utf8(s) {
        Ok(t) => match t.char_indices().nth(n) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        Err(_) => &s[..n.min(s.len())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fmt: &str, args: Vec<Arg>) -> String {
        let mut out = Vec::new();
        let mut it = args.into_iter();
        format(fmt.as_bytes(), &mut |_| it.next(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn printf() {
        assert_eq!(f("%5.2f|%-4d|%x|%o|%e", vec![Arg::Num(3.14159), Arg::Num(7.0), Arg::Num(255.0), Arg::Num(8.0), Arg::Num(12345.678)]), " 3.14|7   |ff|10|1.234568e+04");
        assert_eq!(f("%g %g %g %G", vec![Arg::Num(0.0001), Arg::Num(123456789.0), Arg::Num(100.0), Arg::Num(1e-5)]), "0.0001 1.23457e+08 100 1E-05");
        assert_eq!(f("%05d|%+d|% d|%.3d", vec![Arg::Num(42.0), Arg::Num(5.0), Arg::Num(5.0), Arg::Num(7.0)]), "00042|+5| 5|007");
        assert_eq!(f("%c%c%s", vec![Arg::Num(65.0), Arg::Str(b"xyz".to_vec()), Arg::Num(0.5)]), "Ax0.5");
        assert_eq!(f("%.2s|%5s|%-5s|", vec![Arg::Str(b"abc".to_vec()), Arg::Str(b"ab".to_vec()), Arg::Str(b"ab".to_vec())]), "ab|   ab|ab   |");
        assert_eq!(num_to_str(0.1 + 0.2, b"%.6g"), b"0.3");
        assert_eq!(num_to_str(1e20, b"%.6g"), b"100000000000000000000");
        assert_eq!(num_to_str(100.0 / 3.0, b"%.6g"), b"33.3333");
    }
}
