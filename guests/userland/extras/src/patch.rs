//! `patch` (GNU patch 2.7, as it behaves without a terminal): applies unified diffs (plain or
//! git-style; several files per patch) from standard input or `-i FILE`. Hunks must match
//! exactly (no fuzz; `-l` ignores whitespace differences); each is searched from its expected
//! line (shifted by the previous hunk's offset) outward, forward first, never before the end
//! of the previous hunk: `Hunk #N succeeded at L (offset D lines).`. A hunk that matches
//! nowhere prints `Hunk #N FAILED at L.` and goes to `FILE.rej`; the status is then 1. A first
//! hunk that only matches reversed gets GNU's `Reversed (or previously applied) patch
//! detected!` with its batch answers: skipped (and `-N`), or applied reversed with `-t`/`-f`.
//! `/dev/null` names create and delete files (and empty parent directories). Names lose `-p N`
//! leading components, or all but the last without `-p`; of an old and a new name that both
//! exist, the one with fewer components, then the shorter, wins. `-R`, `--dry-run`, `-o FILE`,
//! `-d DIR`, `-s`, `-E`, `-b` (`.orig` backups), `-r FILE`, `-N`, `-t`, `-f`; `-F`, `-u`, `-Z`,
//! `--no-backup-if-mismatch` are accepted. Context diffs are not supported.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{getopt, read_input, strerror};

const HELP: &str = "Usage: patch [OPTION]... [ORIGFILE [PATCHFILE]]

Input options:

  -p NUM  --strip=NUM  Strip NUM leading components from file names.
  -F LINES  --fuzz LINES  Set the fuzz factor to LINES for inexact matching (ignored: matching is exact).
  -l  --ignore-whitespace  Ignore white space changes between patch and input.

  -R  --reverse  Assume patches were created with old and new files swapped.

  -N  --forward  Ignore patches that appear to be reversed or already applied.

Output options:

  -o FILE  --output=FILE  Output patched files to FILE.
  -r FILE  --reject-file=FILE  Output rejects to FILE.

  -E  --remove-empty-files  Remove output files that are empty after patching.

  -b  --backup  Back up the original contents of each file.

  -t  --batch  Ask no questions; skip bad-Prereq patches; assume reversed.
  -f  --force  Like -t, but ignore bad-Prereq patches, and assume unreversed.
  -s  --quiet  --silent  Work silently unless an error occurs.
  --dry-run  Do not actually change any files; just print what would happen.

  -i PATCHFILE  --input=PATCHFILE  Read patch from PATCHFILE instead of stdin.
  -d DIR  --directory=DIR  Change the working directory to DIR first.

  --help  Display this help and then exit.
  -v  --version  Output version info.

Report bugs to <bug-patch@gnu.org>.
";

const LONG: &[(&str, u8, char)] = &[
    ("strip", 1, 'p'),
    ("fuzz", 1, 'F'),
    ("ignore-whitespace", 0, 'l'),
    ("reverse", 0, 'R'),
    ("forward", 0, 'N'),
    ("output", 1, 'o'),
    ("reject-file", 1, 'r'),
    ("remove-empty-files", 0, 'E'),
    ("backup", 0, 'b'),
    ("batch", 0, 't'),
    ("force", 0, 'f'),
    ("quiet", 0, 's'),
    ("silent", 0, 's'),
    ("dry-run", 0, '\u{1}'),
    ("input", 1, 'i'),
    ("directory", 1, 'd'),
    ("unified", 0, 'u'),
    ("set-utc", 0, 'Z'),
    ("set-time", 0, 'T'),
    ("posix", 0, '\u{2}'),
    ("no-backup-if-mismatch", 0, '\u{3}'),
    ("backup-if-mismatch", 0, '\u{4}'),
    ("verbose", 0, '\u{5}'),
    ("binary", 0, '\u{6}'),
    ("help", 0, 'h'),
    ("version", 0, 'v'),
];

#[derive(Clone, Debug)]
struct Hunk {
    old_start: usize,
    old_len: usize,
    new_start: usize,
    new_len: usize,
    /// `(kind, text)`: kind `b' '`, `b'-'` or `b'+'`, text without its newline.
    lines: Vec<(u8, Vec<u8>)>,
    /// The old / new side's last line has no newline.
    old_no_nl: bool,
    new_no_nl: bool,
    /// The hunk as it appeared in the patch, for the reject file.
    raw: Vec<u8>,
}

impl Hunk {
    fn reversed(&self) -> Hunk {
        // Swapped kinds, each change's removed lines (the old added ones) first.
        let mut lines: Vec<(u8, Vec<u8>)> = Vec::new();
        let mut adds: Vec<(u8, Vec<u8>)> = Vec::new();
        for (k, t) in &self.lines {
            match k {
                b'+' => lines.push((b'-', t.clone())),
                b'-' => adds.push((b'+', t.clone())),
                _ => {
                    lines.append(&mut adds);
                    lines.push((*k, t.clone()));
                }
            }
        }
        lines.append(&mut adds);
        Hunk {
            old_start: self.new_start,
            old_len: self.new_len,
            new_start: self.old_start,
            new_len: self.old_len,
            lines,
            old_no_nl: self.new_no_nl,
            new_no_nl: self.old_no_nl,
            raw: self.raw.clone(),
        }
    }

    fn old_side(&self) -> impl Iterator<Item = &Vec<u8>> {
        self.lines.iter().filter(|(k, _)| *k != b'+').map(|(_, t)| t)
    }
}

#[derive(Debug, Default)]
struct FilePatch {
    old: Option<Vec<u8>>,
    new: Option<Vec<u8>>,
    /// The `---` and `+++` lines (for the reject file).
    header: Vec<u8>,
    /// The lines from the previous file's patch up to the first hunk.
    leading: Vec<Vec<u8>>,
    /// The input line of the first hunk.
    line: usize,
    hunks: Vec<Hunk>,
    git_new: bool,
    git_deleted: bool,
    mode: Option<u32>,
}

/// The file name of a `---`/`+++` line (up to a tab; git's quoting undone). A time stamp of
/// the epoch (what `diff -N` gives a missing file) makes it `/dev/null`.
fn header_name(rest: &[u8]) -> Vec<u8> {
    let name = match rest.iter().position(|&b| b == b'\t') {
        Some(i) => {
            let stamp = String::from_utf8_lossy(&rest[i + 1..]);
            if stamp.starts_with("1970-01-01 00:00:00") || stamp.starts_with("Thu Jan  1 00:00:00 1970") {
                return b"/dev/null".to_vec();
            }
            &rest[..i]
        }
        None => rest,
    };
    let name = name.strip_suffix(b"\r").unwrap_or(name);
    let mut name = name.to_vec();
    while name.last() == Some(&b' ') {
        name.pop();
    }
    if name.len() >= 2 && name[0] == b'"' && name[name.len() - 1] == b'"' {
        let inner = &name[1..name.len() - 1];
        let mut v = Vec::new();
        let mut i = 0;
        while i < inner.len() {
            if inner[i] == b'\\' && i + 1 < inner.len() {
                i += 1;
                match inner[i] {
                    b'n' => v.push(b'\n'),
                    b't' => v.push(b'\t'),
                    b'0'..=b'7' if i + 2 < inner.len() => {
                        let o = std::str::from_utf8(&inner[i..i + 3]).ok().and_then(|s| u8::from_str_radix(s, 8).ok());
                        v.push(o.unwrap_or(inner[i]));
                        i += 2;
                    }
                    c => v.push(c),
                }
            } else {
                v.push(inner[i]);
            }
            i += 1;
        }
        return v;
    }
    name
}

/// `@@ -a[,b] +c[,d] @@`.
fn parse_range(line: &[u8]) -> Option<(usize, usize, usize, usize)> {
    let s = std::str::from_utf8(line).ok()?;
    let s = s.strip_prefix("@@ -")?;
    let end = s.find(" @@")?;
    let (old, new) = s[..end].split_once(" +")?;
    let one = |r: &str| -> Option<(usize, usize)> {
        match r.split_once(',') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => Some((r.parse().ok()?, 1)),
        }
    };
    let (a, b) = one(old)?;
    let (c, d) = one(new)?;
    Some((a, b, c, d))
}

type ParseError = (usize, String);

/// Splits the patch into per-file patches; a malformed hunk ends the list with its error
/// (the files before it are still patched, as GNU patch does). Patches whose lines all end in
/// CRLF lose one CR per line (`crlf`).
fn parse(data: &[u8]) -> (Vec<FilePatch>, Option<ParseError>, bool) {
    let mut files = Vec::new();
    let crlf = data.split_inclusive(|&b| b == b'\n').all(|l| l.ends_with(b"\r\n")) && !data.is_empty();
    let err = parse_into(data, crlf, &mut files).err();
    (files, err, crlf)
}

fn parse_into(data: &[u8], crlf: bool, files: &mut Vec<FilePatch>) -> Result<(), ParseError> {
    let owned: Vec<Vec<u8>> = data
        .split_inclusive(|&b| b == b'\n')
        .map(|l| {
            if crlf {
                l.strip_suffix(b"\r\n").map_or_else(|| l.to_vec(), |b| [b, b"\n"].concat())
            } else {
                l.to_vec()
            }
        })
        .collect();
    let lines: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
    let strip_nl = |l: &[u8]| -> Vec<u8> {
        let l = l.strip_suffix(b"\n").unwrap_or(l);
        l.to_vec()
    };
    let mut cur: Option<FilePatch> = None;
    let mut leading: Vec<Vec<u8>> = Vec::new();
    let mut git: (bool, bool, Option<u32>) = (false, false, None);
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.starts_with(b"--- ")
            && i + 1 < lines.len()
            && lines[i + 1].starts_with(b"+++ ")
            && i + 2 < lines.len()
            && lines[i + 2].starts_with(b"@@ ")
        {
            if let Some(f) = cur.take() {
                files.push(f);
            }
            leading.push(strip_nl(l));
            leading.push(strip_nl(lines[i + 1]));
            let mut header = l.to_vec();
            header.extend_from_slice(lines[i + 1]);
            cur = Some(FilePatch {
                old: Some(header_name(&strip_nl(&l[4..]))),
                new: Some(header_name(&strip_nl(&lines[i + 1][4..]))),
                header,
                leading: std::mem::take(&mut leading),
                line: i + 3,
                hunks: Vec::new(),
                git_new: git.0,
                git_deleted: git.1,
                mode: git.2,
            });
            git = (false, false, None);
            i += 2;
            continue;
        }
        if l.starts_with(b"@@ ") {
            if let Some(f) = cur.as_mut() {
                let Some((a, b, c, d)) = parse_range(&strip_nl(l)) else {
                    return Err((i + 1, String::from_utf8_lossy(l).into_owned()));
                };
                let mut h = Hunk {
                    old_start: a,
                    old_len: b,
                    new_start: c,
                    new_len: d,
                    lines: Vec::new(),
                    old_no_nl: false,
                    new_no_nl: false,
                    raw: l.to_vec(),
                };
                let (mut old_left, mut new_left) = (b, d);
                i += 1;
                while i < lines.len() && (old_left > 0 || new_left > 0 || lines[i].starts_with(b"\\")) {
                    let t = lines[i];
                    let body = strip_nl(t);
                    let body = body.strip_suffix(b"\r").map(<[u8]>::to_vec).filter(|_| false).unwrap_or(body);
                    match body.first() {
                        Some(b'\\') => {
                            match h.lines.last() {
                                Some((b'-', _)) => h.old_no_nl = true,
                                Some((b'+', _)) => h.new_no_nl = true,
                                _ => {
                                    h.old_no_nl = true;
                                    h.new_no_nl = true;
                                }
                            }
                            h.raw.extend_from_slice(t);
                            i += 1;
                            if old_left == 0 && new_left == 0 {
                                continue;
                            }
                            continue;
                        }
                        Some(b' ') | None if old_left > 0 && new_left > 0 => {
                            old_left -= 1;
                            new_left -= 1;
                            h.lines.push((b' ', body.get(1..).unwrap_or_default().to_vec()));
                        }
                        Some(b'-') if old_left > 0 => {
                            old_left -= 1;
                            h.lines.push((b'-', body[1..].to_vec()));
                        }
                        Some(b'+') if new_left > 0 => {
                            new_left -= 1;
                            h.lines.push((b'+', body[1..].to_vec()));
                        }
                        _ => return Err((i + 1, String::from_utf8_lossy(t).into_owned())),
                    }
                    h.raw.extend_from_slice(t);
                    if !t.ends_with(b"\n") {
                        h.raw.push(b'\n');
                    }
                    i += 1;
                }
                if old_left > 0 || new_left > 0 {
                    return Err((i, "unexpected end of file in patch".into()));
                }
                f.hunks.push(h);
                continue;
            }
        }
        // Text between files (or before the first): git's extended headers.
        if l.starts_with(b"diff ") {
            if let Some(f) = cur.take() {
                files.push(f);
            }
            git = (false, false, None);
        }
        let body = strip_nl(l);
        if let Some(m) = body.strip_prefix(b"new file mode ") {
            git.0 = true;
            git.2 = std::str::from_utf8(m).ok().and_then(|m| u32::from_str_radix(m.trim(), 8).ok());
        } else if body.starts_with(b"deleted file mode ") {
            git.1 = true;
        }
        if cur.is_some() {
            files.push(cur.take().unwrap());
        }
        leading.push(body);
        i += 1;
    }
    if let Some(f) = cur.take() {
        files.push(f);
    }
    Ok(())
}

/// `name` without its first `strip` components (`None`: all but the last).
fn strip_name(name: &[u8], strip: Option<usize>) -> Option<Vec<u8>> {
    if name == b"/dev/null" {
        return None;
    }
    match strip {
        None => Some(name.rsplit(|&b| b == b'/').next().unwrap_or(name).to_vec()),
        Some(n) => {
            let mut rest = name;
            for _ in 0..n {
                let pos = rest.iter().position(|&b| b == b'/')?;
                rest = &rest[pos + 1..];
                while rest.first() == Some(&b'/') {
                    rest = &rest[1..];
                }
            }
            if rest.is_empty() {
                None
            } else {
                Some(rest.to_vec())
            }
        }
    }
}

fn path_of(name: &[u8]) -> PathBuf {
    crate::common::bytes_path(name)
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn same(a: &[u8], b: &[u8], loose: bool) -> bool {
    if !loose {
        return a == b;
    }
    let norm = |s: &[u8]| -> Vec<Vec<u8>> {
        s.split(|c| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).map(<[u8]>::to_vec).collect()
    };
    norm(a) == norm(b)
}

/// Whether `h`'s old side matches `file` with its first line at 1-based `base`, ignoring the
/// first `pfuzz` and last `sfuzz` lines (GNU's `patch_match`).
fn patch_match(file: &[Vec<u8>], base: isize, h: &Hunk, pfuzz: isize, sfuzz: isize, loose: bool) -> bool {
    let pat: Vec<&Vec<u8>> = h.old_side().collect();
    let n = pat.len() as isize;
    for i in pfuzz..n - sfuzz {
        let at = base + i - 1;
        if at < 0 || at as usize >= file.len() || !same(&file[at as usize], pat[i as usize], loose) {
            return false;
        }
    }
    true
}

/// Leading and trailing context lines of `h`.
fn contexts(h: &Hunk) -> (isize, isize) {
    let prefix = h.lines.iter().take_while(|(k, _)| *k == b' ').count() as isize;
    let suffix = if prefix as usize == h.lines.len() {
        prefix
    } else {
        h.lines.iter().rev().take_while(|(k, _)| *k == b' ').count() as isize
    };
    (prefix, suffix)
}

/// GNU's first line of a hunk: a pure insertion goes after its line.
fn pch_first(h: &Hunk) -> isize {
    if h.old_len == 0 {
        h.old_start as isize + 1
    } else {
        h.old_start as isize
    }
}

/// GNU patch's `locate_hunk`: the 1-based line where `h` applies with `fuzz`, searched from
/// its expected line shifted by `in_offset`, forward first, after `frozen` lines; a hunk with
/// less context at one end must match at that end of the file (unless fuzz allows).
fn locate(file: &[Vec<u8>], h: &Hunk, fuzz: isize, in_offset: isize, frozen: isize, loose: bool) -> Option<isize> {
    let first_guess = pch_first(h) + in_offset;
    let pat_lines = h.old_len as isize;
    let input_lines = file.len() as isize;
    let (prefix, suffix) = contexts(h);
    let context = prefix.max(suffix);
    let mut pfuzz = fuzz + prefix - context;
    let sfuzz = fuzz + suffix - context;
    let max_where = input_lines - (pat_lines - sfuzz) + 1;
    let min_where = frozen + 1 - (prefix - pfuzz);
    let max_pos = max_where - first_guess;
    let mut max_neg = first_guess - min_where;
    let max_offset = max_pos.max(max_neg);
    if pat_lines == 0 {
        return Some(first_guess);
    }
    if first_guess <= max_neg {
        max_neg = first_guess - 1;
    }
    if pfuzz < 0 && pch_first(h) <= 1 {
        // Only at the start of the file (or, with too little suffix context, the whole file).
        if sfuzz < 0 && (pat_lines != input_lines || prefix < frozen) {
            return None;
        }
        let offset = 1 - first_guess;
        if frozen <= prefix && offset <= max_pos && patch_match(file, first_guess + offset, h, 0, sfuzz.max(0), loose) {
            return Some(first_guess + offset);
        }
        return None;
    } else if pfuzz < 0 {
        pfuzz = 0;
    }
    if sfuzz < 0 {
        // Only at the end of the file.
        let offset = first_guess - (input_lines - pat_lines + 1);
        if offset <= max_neg && patch_match(file, first_guess - offset, h, pfuzz, 0, loose) {
            return Some(first_guess - offset);
        }
        return None;
    }
    for offset in 0..=max_offset.max(0) {
        if offset <= max_pos && patch_match(file, first_guess + offset, h, pfuzz, sfuzz, loose) {
            return Some(first_guess + offset);
        }
        if offset > 0 && offset <= max_neg && patch_match(file, first_guess - offset, h, pfuzz, sfuzz, loose) {
            return Some(first_guess - offset);
        }
    }
    None
}

/// `h` as a unified hunk (for reject files), GNU's range format.
fn unified(h: &Hunk) -> Vec<u8> {
    let range = |start: usize, len: usize| match len {
        0 => format!("{start},0"),
        1 => format!("{start}"),
        _ => format!("{start},{len}"),
    };
    let mut v = format!("@@ -{} +{} @@\n", range(h.old_start, h.old_len), range(h.new_start, h.new_len)).into_bytes();
    let last_old = h.lines.iter().rposition(|(k, _)| *k != b'+');
    let last_new = h.lines.iter().rposition(|(k, _)| *k != b'-');
    for (i, (k, t)) in h.lines.iter().enumerate() {
        v.push(*k);
        v.extend_from_slice(t);
        v.push(b'\n');
        let no_nl =
            (Some(i) == last_old && h.old_no_nl && *k != b'+') || (Some(i) == last_new && h.new_no_nl && *k != b'-');
        if no_nl {
            v.extend_from_slice(b"\\ No newline at end of file\n");
        }
    }
    v
}

struct Opts {
    strip: Option<usize>,
    reverse: bool,
    forward: bool,
    batch: bool,
    force: bool,
    dry_run: bool,
    silent: bool,
    output: Option<OsString>,
    reject: Option<OsString>,
    remove_empty: bool,
    backup: bool,
    backup_if_mismatch: bool,
    max_fuzz: isize,
    strip_given: bool,
    loose: bool,
}

struct Run {
    out: Vec<u8>,
    failed: bool,
}

impl Run {
    fn say(&mut self, o: &Opts, s: &str) {
        if !o.silent {
            self.out.extend_from_slice(s.as_bytes());
        }
    }
    fn flush(&mut self) {
        let mut so = std::io::stdout().lock();
        let _ = so.write_all(&self.out);
        let _ = so.flush();
        self.out.clear();
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Removes `path`'s parent directories that became empty.
fn remove_empty_parents(path: &Path) {
    let mut p = path.parent();
    while let Some(d) = p {
        if d.as_os_str().is_empty() || std::fs::remove_dir(d).is_err() {
            break;
        }
        p = d.parent();
    }
}

fn write_rejects(fp: &FilePatch, hunks: &[&Hunk], target: &[u8], o: &Opts, run: &mut Run, verb: &str) {
    let n = fp.hunks.len();
    let rej_name =
        o.reject.as_ref().map(|r| r.to_string_lossy().into_owned()).unwrap_or_else(|| format!("{}.rej", lossy(target)));
    if o.dry_run {
        run.say(o, &format!("{} out of {} hunk{} {verb}\n", hunks.len(), n, plural(n)));
        return;
    }
    // Said even with -s.
    run.out.extend_from_slice(
        format!("{} out of {} hunk{} {verb} -- saving rejects to file {rej_name}\n", hunks.len(), n, plural(n))
            .as_bytes(),
    );
    // The header names lose their -p components, as GNU writes them; time stamps stay.
    let mut text = Vec::new();
    for line in fp.header.split_inclusive(|&b| b == b'\n') {
        let (tag, rest) = line.split_at(4.min(line.len()));
        let end = rest.iter().position(|&b| b == b'\t' || b == b'\n').unwrap_or(rest.len());
        match strip_name(&rest[..end], o.strip) {
            Some(name) if !rest.starts_with(b"\"") => {
                text.extend_from_slice(tag);
                text.extend_from_slice(&name);
                text.extend_from_slice(&rest[end..]);
            }
            _ => text.extend_from_slice(line),
        }
    }
    for h in hunks {
        text.extend_from_slice(&unified(h));
    }
    let _ = std::fs::write(&rej_name, text);
}

/// Applies one file's patch. Returns false on failed or ignored hunks.
fn apply(fp: &FilePatch, o: &Opts, run: &mut Run) -> bool {
    let (mut old_name, mut new_name) = (fp.old.clone().unwrap_or_default(), fp.new.clone().unwrap_or_default());
    let mut hunks: Vec<Hunk> = fp.hunks.clone();
    if o.reverse {
        std::mem::swap(&mut old_name, &mut new_name);
        hunks = hunks.iter().map(Hunk::reversed).collect();
    }
    let creating = old_name == b"/dev/null" || (fp.git_new && !o.reverse) || (fp.git_deleted && o.reverse);
    let deleting = new_name == b"/dev/null" || (fp.git_deleted && !o.reverse) || (fp.git_new && o.reverse);
    let old_s = strip_name(&old_name, o.strip);
    let new_s = strip_name(&new_name, o.strip);
    let exists = |n: &Option<Vec<u8>>| n.as_ref().is_some_and(|n| path_of(n).exists());
    let target = if creating {
        new_s.clone().or(old_s.clone())
    } else if deleting {
        old_s.clone().or(new_s.clone())
    } else {
        let mut cands: Vec<Vec<u8>> =
            [old_s.clone(), new_s.clone()].into_iter().flatten().filter(|n| path_of(n).exists()).collect();
        cands.sort_by_key(|n| {
            (n.iter().filter(|&&b| b == b'/').count(), n.rsplit(|&b| b == b'/').next().map_or(0, <[u8]>::len), n.len())
        });
        cands.into_iter().next()
    };
    let n = hunks.len();
    let Some(target) = target.filter(|t| creating || exists(&Some(t.clone()))) else {
        if deleting && !o.reverse {
            if let Some(t) = &old_s {
                run.say(o, &format!("The next patch would delete the file {},\nwhich does not exist!  ", lossy(t)));
                run.say(
                    o,
                    if o.forward || o.batch || o.force {
                        "Skipping patch.\n"
                    } else {
                        "Assume -R? [n] \nApply anyway? [n] \nSkipping patch.\n"
                    },
                );
                run.say(o, &format!("{n} out of {n} hunk{} ignored\n", plural(n)));
                return false;
            }
        }
        run.say(o, &format!("can't find file to patch at input line {}\n", fp.line));
        run.say(
            o,
            if o.strip_given {
                "Perhaps you used the wrong -p or --strip option?\n"
            } else {
                "Perhaps you should have used the -p or --strip option?\n"
            },
        );
        run.say(o, "The text leading up to this was:\n--------------------------\n");
        for l in &fp.leading {
            run.say(o, &format!("|{}\n", lossy(l)));
        }
        run.say(o, "--------------------------\n");
        if o.batch || o.force {
            run.say(o, "No file to patch.  Skipping patch.\n");
        } else {
            run.say(o, "File to patch: \nSkip this patch? [y] \nSkipping patch.\n");
        }
        run.say(o, &format!("{n} out of {n} hunk{} ignored\n", plural(n)));
        return false;
    };
    let tpath = path_of(&target);
    let (mut file, mut final_nl) = match std::fs::read(&tpath) {
        Ok(d) => {
            let nl = d.is_empty() || d.ends_with(b"\n");
            let body = d.strip_suffix(b"\n").unwrap_or(&d);
            let lines: Vec<Vec<u8>> =
                if d.is_empty() { Vec::new() } else { body.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect() };
            (lines, nl)
        }
        Err(e) if creating && e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), true),
        Err(e) => {
            run.flush();
            eprintln!("patch: **** Can't open file {} : {}", lossy(&target), strerror(&e));
            std::process::exit(2);
        }
    };
    let verb = if o.dry_run { "checking" } else { "patching" };
    let shown = match &o.output {
        Some(out) => format!("{verb} file {} (read from {})", out.to_string_lossy(), lossy(&target)),
        None => format!("{verb} file {}", lossy(&target)),
    };
    if creating && !file.is_empty() {
        run.say(o, &format!("The next patch would create the file {},\nwhich already exists!  ", lossy(&target)));
        if o.forward || o.batch || o.force {
            run.say(o, "Skipping patch.\n");
        } else {
            run.say(o, "Assume -R? [n] \nApply anyway? [n] \nSkipping patch.\n");
        }
        run.say(o, &format!("{n} out of {n} hunk{} ignored\n", plural(n)));
        return false;
    }
    run.say(o, &format!("{shown}\n"));
    // Locate every hunk in turn (GNU's fuzz 0 to -F, 2 by default); the first one may reveal a
    // reversed patch.
    let mut placed: Vec<Option<(usize, isize)>> = Vec::new();
    let mut in_offset: isize = 0;
    // Lines the applied hunks added (GNU reports failures in the output's numbering).
    let mut out_offset: isize = 0;
    let mut frozen: isize = 0;
    let mut failed: Vec<Hunk> = Vec::new();
    let mut mismatch = false;
    let mut k = 0;
    while k < hunks.len() {
        let h = &hunks[k];
        let mut found = None;
        let mut fuzz = 0;
        // GNU never fuzzes more lines than the hunk's context.
        let max_fuzz = o.max_fuzz.min(contexts(h).0.max(contexts(h).1));
        while fuzz <= max_fuzz {
            found = if creating && file.is_empty() && h.old_len == 0 {
                Some(1)
            } else {
                locate(&file, h, fuzz, in_offset, frozen, o.loose)
            };
            if found.is_some() || fuzz > 0 || k > 0 {
                if found.is_some() {
                    break;
                }
                fuzz += 1;
                continue;
            }
            // The first hunk does not apply: does it apply reversed?
            let rev = h.reversed();
            if rev.old_len > 0 && locate(&file, &rev, 0, in_offset, frozen, o.loose).is_some() {
                let un = if o.reverse {
                    "Unreversed patch detected!"
                } else {
                    "Reversed (or previously applied) patch detected!"
                };
                if o.forward {
                    run.say(o, &format!("{un}  Skipping patch.\n"));
                } else if o.batch {
                    run.say(o, &format!("{un}  {}.\n", if o.reverse { "Ignoring -R" } else { "Assuming -R" }));
                    hunks = hunks.iter().map(Hunk::reversed).collect();
                    mismatch = true;
                    break;
                } else if !o.force {
                    let q = if o.reverse { "Ignore -R?" } else { "Assume -R?" };
                    run.say(o, &format!("{un}  {q} [n] \nApply anyway? [n] \nSkipping patch.\n"));
                }
                if !o.force {
                    let all: Vec<Hunk> = hunks.clone();
                    let all: Vec<&Hunk> = all.iter().collect();
                    write_rejects(fp, &all, &target, o, run, "ignored");
                    return false;
                }
            }
            fuzz += 1;
        }
        if found.is_none() && o.batch && k == 0 && mismatch && placed.is_empty() && fuzz <= max_fuzz {
            continue; // retry the reversed hunks
        }
        let h = &hunks[k];
        match found {
            Some(w) => {
                let offset = w - pch_first(h);
                in_offset = offset;
                frozen = w - 1 + h.old_len as isize;
                if offset != 0 || fuzz > 0 {
                    mismatch = true;
                    let at = h.new_start as isize + offset + isize::from(h.new_len == 0);
                    let fz = if fuzz > 0 { format!(" with fuzz {fuzz}") } else { String::new() };
                    let off = if offset != 0 {
                        format!(" (offset {} line{})", offset, plural(offset.unsigned_abs()))
                    } else {
                        String::new()
                    };
                    run.say(o, &format!("Hunk #{} succeeded at {at}{fz}{off}.\n", k + 1));
                }
                out_offset += h.new_len as isize - h.old_len as isize;
                placed.push(Some(((w - 1).max(0) as usize, fuzz)));
            }
            None => {
                mismatch = true;
                run.say(o, &format!("Hunk #{} FAILED at {}.\n", k + 1, pch_first(h) + out_offset));
                let mut shifted = h.clone();
                shifted.old_start = (shifted.old_start as isize + out_offset).max(0) as usize;
                shifted.new_start = (shifted.new_start as isize + out_offset).max(0) as usize;
                failed.push(shifted);
                placed.push(None);
            }
        }
        k += 1;
    }
    // Build the result: context lines keep the file's text (they may differ under fuzz or -l).
    let mut result: Vec<Vec<u8>> = Vec::new();
    let mut cur = 0;
    let mut touched_end = false;
    let mut end_nl = final_nl;
    for (h, p) in hunks.iter().zip(&placed) {
        let Some((p, _)) = *p else { continue };
        result.extend(file[cur..p.max(cur)].iter().cloned());
        let mut at = p.max(cur);
        for (kind, text) in &h.lines {
            match kind {
                b'+' => result.push(text.clone()),
                b'-' => at += 1,
                _ => {
                    if let Some(l) = file.get(at) {
                        result.push(l.clone());
                    }
                    at += 1;
                }
            }
        }
        cur = at.min(file.len());
        if at >= file.len() {
            touched_end = true;
            end_nl = !h.new_no_nl;
        }
    }
    result.extend(file[cur..].iter().cloned());
    if touched_end {
        final_nl = end_nl;
    }
    if result.is_empty() {
        final_nl = true;
    }
    file = result;
    let mut bytes = Vec::new();
    for (k, l) in file.iter().enumerate() {
        bytes.extend_from_slice(l);
        if k + 1 < file.len() || final_nl {
            bytes.push(b'\n');
        }
    }
    if !o.dry_run {
        if o.backup || (mismatch && o.backup_if_mismatch && !creating && o.output.is_none()) {
            let mut b = target.clone();
            b.extend_from_slice(b".orig");
            let _ = std::fs::copy(&tpath, path_of(&b));
        }
        let dest = o.output.as_ref().map(PathBuf::from).unwrap_or_else(|| tpath.clone());
        let remove = o.output.is_none() && bytes.is_empty() && failed.is_empty() && (deleting || o.remove_empty);
        let r = if remove {
            let r = std::fs::remove_file(&dest);
            remove_empty_parents(&dest);
            r
        } else {
            if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
                let _ = std::fs::create_dir_all(parent);
            }
            let r = std::fs::write(&dest, &bytes);
            if creating && fp.mode.is_some_and(|m| m & 0o111 != 0) {
                let _ = crate::common::chmod(&dest, fp.mode.unwrap() & 0o7777);
            }
            r
        };
        if let Err(e) = r {
            run.flush();
            eprintln!("patch: **** Can't create file {} : {}", dest.display(), strerror(&e));
            std::process::exit(2);
        }
    }
    if !failed.is_empty() {
        let list: Vec<&Hunk> = failed.iter().collect();
        write_rejects(fp, &list, &target, o, run, "FAILED");
        return false;
    }
    true
}

pub fn main(args: Vec<OsString>) -> i32 {
    let (opts, operands) = match getopt(&args, "p:F:lRNo:r:EbtfsDi:d:uZTvhB:V:Y:z:cenxg:", LONG, false) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("patch: {m}");
            eprintln!("patch: Try 'patch --help' for more information.");
            return 2;
        }
    };
    let mut o = Opts {
        strip: None,
        reverse: false,
        forward: false,
        batch: false,
        force: false,
        dry_run: false,
        silent: false,
        output: None,
        reject: None,
        remove_empty: false,
        backup: false,
        backup_if_mismatch: std::env::var_os("POSIXLY_CORRECT").is_none(),
        max_fuzz: 2,
        strip_given: false,
        loose: false,
    };
    let mut input: Option<OsString> = None;
    for (c, v) in opts {
        let v = v.unwrap_or_default();
        match c {
            'p' => match v.parse::<usize>() {
                Ok(n) => {
                    o.strip = Some(n);
                    o.strip_given = true;
                }
                Err(_) => {
                    eprintln!("patch: **** strip count {v} is not a number");
                    return 2;
                }
            },
            'l' => o.loose = true,
            'F' => match v.parse::<isize>() {
                Ok(n) => o.max_fuzz = n,
                Err(_) => {
                    eprintln!("patch: **** fuzz factor {v} is not a number");
                    return 2;
                }
            },
            '\u{2}' => o.backup_if_mismatch = false,
            '\u{3}' => o.backup_if_mismatch = false,
            '\u{4}' => o.backup_if_mismatch = true,
            'R' => o.reverse = true,
            'N' => o.forward = true,
            'o' => o.output = Some(v.into()),
            'r' => o.reject = Some(v.into()),
            'E' => o.remove_empty = true,
            'b' => o.backup = true,
            't' => o.batch = true,
            'f' => o.force = true,
            's' => o.silent = true,
            '\u{1}' => o.dry_run = true,
            'i' => input = Some(v.into()),
            'd' => {
                if let Err(e) = crate::common::chdir(&v) {
                    eprintln!("patch: **** Can't change to directory {v} : {}", strerror(&e));
                    return 2;
                }
            }
            'h' => {
                print!("{HELP}");
                return 0;
            }
            'v' => {
                println!("GNU patch 2.7.6");
                return 0;
            }
            'c' | 'e' | 'n' => {
                eprintln!("patch: **** only unified diffs are supported");
                return 2;
            }
            _ => {}
        }
    }
    let mut operands = operands.into_iter();
    let orig_file = operands.next();
    if let Some(p) = operands.next() {
        input = Some(p);
    }
    let data = match read_input(input.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("patch: **** Can't open patch file {} : {}", input.unwrap().to_string_lossy(), strerror(&e));
            return 2;
        }
    };
    let (files, parse_error, crlf) = parse(&data);
    if files.is_empty() && parse_error.is_none() {
        eprintln!("patch: **** Only garbage was found in the patch input.");
        return 2;
    }
    let mut run = Run { out: Vec::new(), failed: false };
    for mut fp in files {
        if let Some(f) = &orig_file {
            // An ORIGFILE operand names the file to patch, whatever the headers say.
            let name = crate::common::os_bytes(f).to_vec();
            fp.old = Some(name.clone());
            fp.new = Some(name);
            o.strip = Some(0);
        }
        if crlf {
            run.say(&o, "(Stripping trailing CRs from patch; use --binary to disable.)\n");
        }
        if !apply(&fp, &o, &mut run) {
            run.failed = true;
        }
        run.flush();
    }
    if let Some((line, text)) = parse_error {
        eprint!("patch: **** malformed patch at line {line}: {text}");
        if !text.ends_with('\n') {
            eprintln!();
        }
        return 2;
    }
    i32::from(run.failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_names() {
        assert_eq!(strip_name(b"a/b/c.txt", Some(1)), Some(b"b/c.txt".to_vec()));
        assert_eq!(strip_name(b"a/b/c.txt", None), Some(b"c.txt".to_vec()));
        assert_eq!(strip_name(b"a/b/c.txt", Some(3)), None);
        assert_eq!(strip_name(b"/dev/null", Some(0)), None);
    }

    #[test]
    fn parses_and_locates() {
        let p = b"--- a/f\n+++ b/f\n@@ -2,2 +2,2 @@\n b\n-c\n+C\n";
        let f = parse(p).0;
        assert_eq!(f.len(), 1);
        let h = &f[0].hunks[0];
        let file: Vec<Vec<u8>> = ["x", "a", "b", "c"].iter().map(|s| s.as_bytes().to_vec()).collect();
        assert_eq!(locate(&file, h, 0, 0, 0, false), Some(3));
        let end = parse(b"--- f\n+++ f\n@@ -2,2 +2,3 @@\n b\n c\n+d\n").0;
        // Less context after than before: only at the end of the file.
        assert_eq!(locate(&file, &end[0].hunks[0], 0, 0, 0, false), Some(3));
        let short: Vec<Vec<u8>> = ["b", "c", "x"].iter().map(|s| s.as_bytes().to_vec()).collect();
        assert_eq!(locate(&short, &end[0].hunks[0], 0, 0, 0, false), None);
        assert_eq!(locate(&short, &end[0].hunks[0], 1, 0, 0, false), None);
        assert_eq!(locate(&short, &end[0].hunks[0], 2, 0, 0, false), Some(2));
        assert_eq!(parse_range(b"@@ -1 +1,0 @@"), Some((1, 1, 1, 0)));
    }
}
