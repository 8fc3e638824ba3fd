//! Pathname expansion: matches a pattern (quoted characters backslash-escaped) against the
//! file system, one path component at a time; results sorted bytewise.

use crate::pattern::{self, Pattern};
use crate::sys;

/// How names match.
#[derive(Clone, Copy)]
pub struct GlobOpts {
    /// `*` matches leading dots.
    pub dotglob: bool,
    /// A `**` component matches any number of directories.
    pub globstar: bool,
}

/// The paths matching `pat`, sorted; empty if none.
pub fn glob(pat: &[u8], opts: GlobOpts) -> Vec<Vec<u8>> {
    let absolute = pat.first() == Some(&b'/');
    let comps: Vec<&[u8]> = pat.split(|&c| c == b'/').filter(|c| !c.is_empty()).collect();
    let trailing_slash = pat.len() > 1 && pat.last() == Some(&b'/');
    let base = if absolute { b"/".to_vec() } else { Vec::new() };
    let mut out = Vec::new();
    walk(base, &comps, trailing_slash, opts, &mut out);
    out.sort();
    out.dedup();
    out
}

/// `base/name` (`name` alone for the current directory).
fn join(base: &[u8], name: &[u8]) -> Vec<u8> {
    let mut p = base.to_vec();
    if !p.is_empty() && p.last() != Some(&b'/') {
        p.push(b'/');
    }
    p.extend_from_slice(name);
    p
}

/// The directories below `base` (not following symlinks), depth first; hidden ones only
/// with `dotglob`.
fn subdirs(base: &[u8], dotglob: bool, out: &mut Vec<Vec<u8>>) {
    for (path, is_dir) in entries(base, dotglob) {
        if is_dir {
            out.push(path.clone());
            subdirs(&path, dotglob, out);
        }
    }
}

/// The entries of directory `base` (`""`: the current one) as paths, with whether each is a
/// directory (not following symlinks); `.`, `..` and (without `dotglob`) hidden ones left out.
fn entries(base: &[u8], dotglob: bool) -> Vec<(Vec<u8>, bool)> {
    let dir = if base.is_empty() { b".".to_vec() } else { base.to_vec() };
    let Ok(rd) = std::fs::read_dir(sys::path_of(&dir)) else { return Vec::new() };
    let mut names: Vec<(Vec<u8>, bool)> = rd
        .filter_map(|e| e.ok())
        .map(|e| (sys::os_bytes(&e.file_name()).to_vec(), e.file_type().is_ok_and(|t| t.is_dir())))
        .filter(|(n, _)| n != b"." && n != b".." && (dotglob || n.first() != Some(&b'.')))
        .collect();
    names.sort();
    names.into_iter().map(|(n, d)| (join(base, &n), d)).collect()
}

/// `**` (with `globstar`): zero or more directories, then `rest`.
fn walk_globstar(base: Vec<u8>, rest: &[&[u8]], trailing_slash: bool, opts: GlobOpts, out: &mut Vec<Vec<u8>>) {
    if rest.is_empty() {
        // The base directory itself (`dir/**` shows `dir/`), then everything below it.
        if !base.is_empty() {
            out.push(join(&base, b""));
        }
        let mut stack = vec![base];
        while let Some(dir) = stack.pop() {
            for (path, is_dir) in entries(&dir, opts.dotglob) {
                if is_dir {
                    stack.push(path.clone());
                    out.push(if trailing_slash { join(&path, b"") } else { path });
                } else if !trailing_slash {
                    out.push(path);
                }
            }
        }
        return;
    }
    let mut dirs = vec![base.clone()];
    subdirs(&base, opts.dotglob, &mut dirs);
    for d in dirs {
        walk(d, rest, trailing_slash, opts, out);
    }
}

fn walk(base: Vec<u8>, comps: &[&[u8]], trailing_slash: bool, opts: GlobOpts, out: &mut Vec<Vec<u8>>) {
    let dotglob = opts.dotglob;
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
    if opts.globstar && *comp == b"**" {
        walk_globstar(base, rest, trailing_slash, opts, out);
        return;
    }
    let join = |name: &[u8]| join(&base, name);
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
            walk(next, rest, trailing_slash, opts, out);
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
            walk(next, rest, trailing_slash, opts, out);
        }
    }
}

fn exists(p: &[u8]) -> bool {
    std::fs::symlink_metadata(sys::path_of(p)).is_ok()
}

fn is_dir(p: &[u8]) -> bool {
    std::fs::metadata(sys::path_of(p)).is_ok_and(|m| m.is_dir())
}
