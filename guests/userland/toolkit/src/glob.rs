//! `fnmatch(3)` without flags (`*` and `?` match any byte, `/` and leading dots included), with
//! optional case folding: what `find -name/-path` and `grep --include` use.

/// Whether `name` matches the shell pattern `pat`.
pub fn fnmatch(pat: &[u8], name: &[u8], fold: bool) -> bool {
    let (mut p, mut n) = (0usize, 0usize);
    // Where to resume after the last `*`: (pattern index after it, name index it matched up to).
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p < pat.len() {
            match pat[p] {
                b'*' => {
                    while p < pat.len() && pat[p] == b'*' {
                        p += 1;
                    }
                    if p == pat.len() {
                        return true;
                    }
                    star = Some((p, n));
                    continue;
                }
                b'?' if n < name.len() => {
                    p += 1;
                    n += 1;
                    continue;
                }
                b'[' if n < name.len() => {
                    if let Some((matched, next)) = bracket(pat, p, name[n], fold) {
                        if matched {
                            p = next;
                            n += 1;
                            continue;
                        }
                    } else if eq(b'[', name[n], fold) {
                        // An unclosed `[` is literal.
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pat.len() && n < name.len() && eq(pat[p + 1], name[n], fold) => {
                    p += 2;
                    n += 1;
                    continue;
                }
                // A trailing `\\` is literal; an escape that did not match above is a mismatch.
                c if c != b'?' && c != b'[' && !(c == b'\\' && p + 1 < pat.len()) && n < name.len() && eq(c, name[n], fold) => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        } else if n == name.len() {
            return true;
        }
        // Mismatch: let the last `*` swallow one more byte.
        match star {
            Some((sp, sn)) if sn < name.len() => {
                star = Some((sp, sn + 1));
                p = sp;
                n = sn + 1;
            }
            _ => return false,
        }
    }
}

fn eq(a: u8, b: u8, fold: bool) -> bool {
    a == b || (fold && a.eq_ignore_ascii_case(&b))
}

/// Matches `c` against the bracket expression at `pat[start]` (`[`); returns (matched, index
/// after `]`), or `None` if the bracket is not closed.
fn bracket(pat: &[u8], start: usize, c: u8, fold: bool) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = i < pat.len() && (pat[i] == b'!' || pat[i] == b'^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        if i >= pat.len() {
            return None;
        }
        let b = pat[i];
        if b == b']' && !first {
            i += 1;
            break;
        }
        first = false;
        if b == b'[' && i + 1 < pat.len() && pat[i + 1] == b':' {
            if let Some(end) = find_class_end(pat, i + 2) {
                let class = &pat[i + 2..end];
                if class_matches(class, c) || (fold && (class_matches(class, c.to_ascii_lowercase()) || class_matches(class, c.to_ascii_uppercase()))) {
                    matched = true;
                }
                i = end + 2;
                continue;
            }
        }
        let mut lo = b;
        if b == b'\\' && i + 1 < pat.len() {
            i += 1;
            lo = pat[i];
        }
        if i + 2 < pat.len() && pat[i + 1] == b'-' && pat[i + 2] != b']' {
            let mut hi = pat[i + 2];
            i += 3;
            if hi == b'\\' && i < pat.len() {
                hi = pat[i];
                i += 1;
            }
            let in_range = |x: u8| lo <= x && x <= hi;
            if in_range(c) || (fold && (in_range(c.to_ascii_lowercase()) || in_range(c.to_ascii_uppercase()))) {
                matched = true;
            }
            continue;
        }
        if eq(lo, c, fold) {
            matched = true;
        }
        i += 1;
    }
    Some((matched != negate, i))
}

fn find_class_end(pat: &[u8], from: usize) -> Option<usize> {
    let mut j = from;
    while j + 1 < pat.len() {
        if pat[j] == b':' && pat[j + 1] == b']' {
            return Some(j);
        }
        if !pat[j].is_ascii_alphabetic() {
            return None;
        }
        j += 1;
    }
    None
}

fn class_matches(class: &[u8], c: u8) -> bool {
    match class {
        b"alpha" => c.is_ascii_alphabetic(),
        b"digit" => c.is_ascii_digit(),
        b"alnum" => c.is_ascii_alphanumeric(),
        b"upper" => c.is_ascii_uppercase(),
        b"lower" => c.is_ascii_lowercase(),
        b"space" => c.is_ascii_whitespace() || c == 0x0b,
        b"blank" => c == b' ' || c == b'\t',
        b"punct" => c.is_ascii_punctuation(),
        b"print" => (0x20..0x7f).contains(&c),
        b"graph" => c.is_ascii_graphic(),
        b"cntrl" => c.is_ascii_control(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn globs() {
        assert!(fnmatch(b"*.rs", b"main.rs", false));
        assert!(fnmatch(b"*.rs", b".hidden.rs", false));
        assert!(!fnmatch(b"*.rs", b"main.rsx", false));
        assert!(fnmatch(b"a?c", b"abc", false));
        assert!(fnmatch(b"[a-c]x", b"bx", false));
        assert!(!fnmatch(b"[!a-c]x", b"bx", false));
        assert!(fnmatch(b"*/src/*", b"./a/src/b.rs", false));
        assert!(fnmatch(b"*.TXT", b"a.txt", true));
        assert!(fnmatch(b"[[:digit:]]*", b"1abc", false));
        assert!(fnmatch(b"\\*", b"*", false));
        assert!(fnmatch(b"*a*b*c", b"xxaxxbxxbxc", false));
    }
}
