//! Pathname expansion: matches a pattern (quoted characters backslash-escaped) against the
//! file system, one path component at a time; results sorted bytewise.

use crate::pattern::{self, Pattern};
use crate::sys;

/// The paths matching `pat`, sorted; empty if none. `dotglob`: `*` matches leading dots.
pub fn glob(pat: &[u8], dotglob: bool) -> Vec<Vec<u8>> {
    let absolute = pat.first() == Some(&b'/');
    let comps: Vec<&[u8]> = pat.split(|&c| c == b'/').filter(|c| !c.is_empty()).collect();
    let trailing_slash = pat.len() > 1 && pat.last() == Some(&b'/');
    let base = if absolute { b"/".to_vec() } else { Vec::new() };
    let mut out = Vec::new();
    walk(base, &comps, trailing_slash, dotglob, &mut out);
    out.sort();
    out
}

fn walk(base: Vec<u8>, comps: &[&[u8]], trailing_slash: bool, dotglob: bool, out: &mut Vec<Vec<u8>>) {
    if out.len() > 1_000_000 {
        return;
    }
    let Some((comp, rest)) = comps.split_first() else {
        if trailing_slash {
            if is_dir(&base) {
                out.push(base);
            }
        } else if exists(&base) {
            out.push(base);
        }
        return;
    };
    let join = |name: &[u8]| {
        let mut p = base.clone();
        if !p.is_empty() && p.last() != Some(&b'/') {
            p.push(b'/');
        }
        p.extend_from_slice(name);
        p
    };
    if !pattern::has_meta(comp) {
        let lit = pattern::unescape(comp);
        let next = join(&lit);
        if rest.is_empty() {
            let ok = if trailing_slash { is_dir(&next) } else { exists(&next) };
            if ok {
                let mut p = next;
                if trailing_slash {
                    p.push(b'/');
                }
                out.push(p);
            }
        } else {
            walk(next, rest, trailing_slash, dotglob, out);
        }
        return;
    }
    let dir = if base.is_empty() { b".".to_vec() } else { base.clone() };
    let Ok(entries) = std::fs::read_dir(sys::path_of(&dir)) else { return };
    let pattern = Pattern::new(comp);
    let explicit_dot = comp.first() == Some(&b'.') || comp.starts_with(b"\\.");
    // `.` and `..` never match (bash 5.2's `globskipdots`), even for `.*`.
    let mut names: Vec<Vec<u8>> = entries
        .filter_map(|e| e.ok())
        .map(|e| sys::os_bytes(&e.file_name()).to_vec())
        .filter(|n| {
            if n == b"." || n == b".." {
                return false;
            }
            if n.first() == Some(&b'.') && !explicit_dot && !dotglob {
                return false;
            }
            pattern.matches(n)
        })
        .collect();
    names.sort();
    for name in names {
        let next = join(&name);
        if rest.is_empty() {
            if trailing_slash {
                if is_dir(&next) {
                    let mut p = next;
                    p.push(b'/');
                    out.push(p);
                }
            } else {
                out.push(next);
            }
        } else if is_dir(&next) {
            walk(next, rest, trailing_slash, dotglob, out);
        }
    }
}

fn exists(p: &[u8]) -> bool {
    std::fs::symlink_metadata(sys::path_of(p)).is_ok()
}

fn is_dir(p: &[u8]) -> bool {
    std::fs::metadata(sys::path_of(p)).is_ok_and(|m| m.is_dir())
}
