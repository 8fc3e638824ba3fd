//! hexdump's `-e` / `-f` format strings (util-linux's `parse.c` and `display.c`): format units
//! `[ITER][/BYTES] "FORMAT"`; conversions `%d %i %o %u %x %X %c %s` with flags, width and
//! precision, `%_a[dox]` (offset), `%_A[dox]` (the end offset, printed once after the data),
//! `%_c`, `%_p`, `%_u`; escapes `\n \t \\ ...`. Each format reads the same block; a unit's
//! bytes follow the previous unit's; the last of several iterations drops its trailing
//! whitespace; past the end of the data a conversion prints blanks of its width, a partial
//! integer is zero-filled. Repeated blocks print `*` unless `-v`.

use crate::common::Out;

#[derive(Clone, Debug)]
enum Conv {
    Int { signed: bool, ch: char },
    Char,
    UnderC,
    UnderP,
    UnderU,
    Str,
    Addr(char),
    EndAddr(char),
}

/// One conversion and the text before it (`conv` None: trailing text only).
#[derive(Clone, Debug)]
struct Pr {
    text: String,
    conv: Option<Conv>,
    /// `%` flags, width and precision as written.
    flags: String,
    width: usize,
    precision: Option<usize>,
    size: usize,
}

#[derive(Clone, Debug)]
struct Fu {
    iter: usize,
    prs: Vec<Pr>,
    /// Bytes one iteration reads.
    bytes: usize,
    has_end: bool,
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('0') => out.push('\0'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

/// Parses one `-e` argument into its units.
fn parse(fmt: &str) -> Result<Vec<Fu>, String> {
    let b: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut fus = Vec::new();
    let bad = || format!("bad format {{{fmt}}}");
    loop {
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let num = |i: &mut usize| -> Option<usize> {
            let s = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            if s == *i {
                None
            } else {
                b[s..*i].iter().collect::<String>().parse().ok()
            }
        };
        let iter = num(&mut i).unwrap_or(1);
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        let mut bytecount = None;
        if i < b.len() && b[i] == '/' {
            i += 1;
            while i < b.len() && b[i].is_whitespace() {
                i += 1;
            }
            bytecount = Some(num(&mut i).ok_or_else(bad)?);
            while i < b.len() && b[i].is_whitespace() {
                i += 1;
            }
        }
        if i >= b.len() || b[i] != '"' {
            return Err(bad());
        }
        i += 1;
        let start = i;
        while i < b.len() && b[i] != '"' {
            if b[i] == '\\' {
                i += 1;
            }
            i += 1;
        }
        if i >= b.len() {
            return Err(format!("unterminated format string: {fmt}"));
        }
        let raw: String = b[start..i].iter().collect();
        i += 1;
        fus.push(unit(&unescape(&raw), iter, bytecount)?);
    }
    Ok(fus)
}

fn unit(f: &str, iter: usize, bytecount: Option<usize>) -> Result<Fu, String> {
    let c: Vec<char> = f.chars().collect();
    let mut prs = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let mut nconv = 0;
    while i < c.len() {
        if c[i] != '%' {
            text.push(c[i]);
            i += 1;
            continue;
        }
        if c.get(i + 1) == Some(&'%') {
            text.push('%');
            i += 2;
            continue;
        }
        i += 1;
        let mut flags = String::new();
        while i < c.len() && "-+ #0".contains(c[i]) {
            flags.push(c[i]);
            i += 1;
        }
        let mut width = 0;
        while i < c.len() && c[i].is_ascii_digit() {
            width = width * 10 + c[i].to_digit(10).unwrap() as usize;
            i += 1;
        }
        let mut precision = None;
        if i < c.len() && c[i] == '.' {
            i += 1;
            let mut p = 0;
            while i < c.len() && c[i].is_ascii_digit() {
                p = p * 10 + c[i].to_digit(10).unwrap() as usize;
                i += 1;
            }
            precision = Some(p);
        }
        let Some(&ch) = c.get(i) else { return Err(format!("bad conversion character %{}", "")) };
        i += 1;
        let int_size = bytecount.unwrap_or(4);
        let (conv, size) = match ch {
            'd' | 'i' => (Conv::Int { signed: true, ch: 'd' }, int_size),
            'o' | 'u' | 'x' | 'X' => (Conv::Int { signed: false, ch }, int_size),
            'c' => (Conv::Char, 1),
            's' => {
                let n = precision.or(bytecount).ok_or_else(|| "%s requires a precision or a byte count".to_string())?;
                (Conv::Str, n)
            }
            '_' => {
                let Some(&k) = c.get(i) else { return Err("bad conversion character %_".into()) };
                i += 1;
                match k {
                    'a' | 'A' => {
                        let base = match c.get(i) {
                            Some(&b @ ('d' | 'o' | 'x')) => {
                                i += 1;
                                b
                            }
                            _ => return Err(format!("bad conversion character %_{k}")),
                        };
                        (if k == 'a' { Conv::Addr(base) } else { Conv::EndAddr(base) }, 0)
                    }
                    'c' => (Conv::UnderC, 1),
                    'p' => (Conv::UnderP, 1),
                    'u' => (Conv::UnderU, 1),
                    _ => return Err(format!("bad conversion character %_{k}")),
                }
            }
            _ => return Err(format!("bad conversion character %{ch}")),
        };
        if size > 0 {
            nconv += 1;
        }
        if matches!(conv, Conv::Int { .. }) && ![1, 2, 4, 8].contains(&size) {
            return Err(format!("bad byte count for conversion character {ch}"));
        }
        prs.push(Pr { text: std::mem::take(&mut text), conv: Some(conv), flags, width, precision, size });
    }
    if bytecount.is_some() && nconv > 1 {
        return Err("byte count with multiple conversion characters".into());
    }
    if !text.is_empty() || prs.is_empty() {
        prs.push(Pr { text, conv: None, flags: String::new(), width: 0, precision: None, size: 0 });
    }
    let bytes = prs.iter().map(|p| p.size).sum();
    let has_end = prs.iter().any(|p| matches!(p.conv, Some(Conv::EndAddr(_))));
    Ok(Fu { iter, prs, bytes, has_end })
}

/// C's `printf` of an integer with `flags`, `width` and `precision`.
fn printf_int(flags: &str, width: usize, precision: Option<usize>, ch: char, v: i128) -> String {
    let neg = v < 0;
    let mag = v.unsigned_abs();
    let mut digits = match ch {
        'o' => format!("{mag:o}"),
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        _ => format!("{mag}"),
    };
    if let Some(p) = precision {
        if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
        if p == 0 && mag == 0 {
            digits.clear();
        }
    }
    let mut prefix = String::new();
    if neg {
        prefix.push('-');
    } else if flags.contains('+') && matches!(ch, 'd' | 'i') {
        prefix.push('+');
    } else if flags.contains(' ') && matches!(ch, 'd' | 'i') {
        prefix.push(' ');
    }
    if flags.contains('#') && mag != 0 {
        match ch {
            'x' => prefix.push_str("0x"),
            'X' => prefix.push_str("0X"),
            'o' if !digits.starts_with('0') => prefix.push('0'),
            _ => {}
        }
    }
    let len = prefix.len() + digits.len();
    if len >= width {
        return prefix + &digits;
    }
    let pad = width - len;
    if flags.contains('-') {
        format!("{prefix}{digits}{}", " ".repeat(pad))
    } else if flags.contains('0') && precision.is_none() {
        format!("{prefix}{}{digits}", "0".repeat(pad))
    } else {
        format!("{}{prefix}{digits}", " ".repeat(pad))
    }
}

fn pad_str(flags: &str, width: usize, s: &str) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else if flags.contains('-') {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

const NAMES: [&str; 32] = [
    "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "lf", "vt", "ff", "cr", "so", "si", "dle",
    "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us",
];

fn addr(p: &Pr, base: char, off: u64) -> String {
    let ch = if base == 'd' { 'd' } else { base };
    printf_int(&p.flags, p.width, p.precision, ch, off as i128)
}

/// One conversion of `bytes` (fewer than its size at the end of the data; none past it).
fn convert(p: &Pr, bytes: &[u8], off: u64) -> String {
    let conv = p.conv.as_ref().unwrap();
    if bytes.is_empty() && p.size > 0 {
        return " ".repeat(p.width);
    }
    match conv {
        Conv::Int { signed, ch } => {
            let mut buf = [0u8; 8];
            buf[..bytes.len()].copy_from_slice(bytes);
            let u = u64::from_le_bytes(buf);
            let v: i128 = if *signed {
                match p.size {
                    1 => (u as u8 as i8) as i128,
                    2 => (u as u16 as i16) as i128,
                    4 => (u as u32 as i32) as i128,
                    _ => (u as i64) as i128,
                }
            } else {
                u as i128
            };
            printf_int(&p.flags, p.width, p.precision, *ch, v)
        }
        Conv::Char => pad_str(&p.flags, p.width, &(bytes[0] as char).to_string()),
        Conv::Str => {
            let s: Vec<u8> = bytes.iter().copied().take_while(|&b| b != 0).collect();
            pad_str(&p.flags, p.width, &String::from_utf8_lossy(&s))
        }
        Conv::UnderC => {
            let b = bytes[0];
            let s = match b {
                0 => "\\0".to_string(),
                7 => "\\a".into(),
                8 => "\\b".into(),
                9 => "\\t".into(),
                10 => "\\n".into(),
                11 => "\\v".into(),
                12 => "\\f".into(),
                13 => "\\r".into(),
                32..=126 => (b as char).to_string(),
                _ => format!("{b:03o}"),
            };
            pad_str(&p.flags, p.width, &s)
        }
        Conv::UnderP => {
            let b = bytes[0];
            pad_str(&p.flags, p.width, &(if (32..127).contains(&b) { b as char } else { '.' }).to_string())
        }
        Conv::UnderU => {
            let b = bytes[0];
            let s = match b {
                0..=31 => NAMES[b as usize].to_string(),
                127 => "del".into(),
                32..=126 => (b as char).to_string(),
                _ => format!("{b:x}"),
            };
            pad_str(&p.flags, p.width, &s)
        }
        Conv::Addr(base) => addr(p, *base, off),
        Conv::EndAddr(_) => String::new(),
    }
}

/// Prints `data` (at `skip`) through the formats; `Err` for a bad format.
/// `skipped`: the bytes actually skipped (fewer than `skip` in a short input).
pub fn run(
    formats: &[String],
    data: &[u8],
    skip: u64,
    skipped: u64,
    squeeze: bool,
    out: &mut Out,
) -> Result<(), String> {
    let mut fss: Vec<Vec<Fu>> = Vec::new();
    for f in formats {
        let fus = parse(f)?;
        if !fus.is_empty() {
            fss.push(fus);
        }
    }
    // A unit holding %_A is printed once at the end; the rest of its format is not printed.
    let block = fss.iter().map(|fus| fus.iter().map(|u| u.iter * u.bytes).sum::<usize>()).max().unwrap_or(0);
    let end_unit = fss.iter().flat_map(|f| f.iter()).find(|u| u.has_end).cloned();
    let mut prev: Option<&[u8]> = None;
    let mut starred = false;
    if block > 0 {
        for (k, chunk) in data.chunks(block).enumerate() {
            let base = skip + (k * block) as u64;
            if squeeze && chunk.len() == block && prev == Some(chunk) {
                if !starred {
                    out.bytes(b"*\n");
                    starred = true;
                }
                continue;
            }
            starred = false;
            prev = Some(chunk);
            for fus in &fss {
                let mut cur = 0usize;
                for u in fus {
                    if u.has_end {
                        break;
                    }
                    for it in 0..u.iter {
                        let last = it + 1 == u.iter && u.iter > 1;
                        let mut piece = String::new();
                        for p in &u.prs {
                            piece.push_str(&p.text);
                            if p.conv.is_some() {
                                let end = (cur + p.size).min(chunk.len());
                                let bytes = if cur < chunk.len() { &chunk[cur..end] } else { &chunk[..0] };
                                piece.push_str(&convert(p, bytes, base + cur as u64));
                                cur += p.size;
                            }
                        }
                        if last {
                            // No trailing whitespace from the last PR's text on the last round.
                            let lastpr = u.prs.last().unwrap();
                            let tail = if lastpr.conv.is_none() { lastpr.text.as_str() } else { "" };
                            let ws = tail.len() - tail.trim_end_matches(|c: char| c.is_ascii_whitespace()).len();
                            piece.truncate(piece.len() - ws);
                        }
                        out.bytes(piece.as_bytes());
                    }
                }
            }
        }
    }
    let end = skipped + data.len() as u64;
    if let Some(u) = end_unit.filter(|_| end > 0) {
        let mut piece = String::new();
        for p in &u.prs {
            piece.push_str(&p.text);
            if let Some(Conv::EndAddr(base)) = &p.conv {
                piece.push_str(&addr(p, *base, end));
            }
        }
        out.bytes(piece.as_bytes());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn printf_like_c() {
        assert_eq!(super::printf_int("", 7, Some(7), 'x', 16), "0000010");
        assert_eq!(super::printf_int("0", 8, None, 'X', 255), "000000FF");
        assert_eq!(super::printf_int("", 3, None, 'd', -1), " -1");
        assert_eq!(super::printf_int("#", 0, None, 'x', 255), "0xff");
    }
}
