//! Snapshots as directories: `DIR/manifest` and `DIR/files/`.
//!
//! The manifest's first line is `burrow-snapshot 1`; then one line per entry, parents first:
//!
//! ```text
//! KIND PERM UID GID ATIME MTIME PATH [TARGET]
//! ```
//!
//! KIND is `d` (directory), `D` (opaque directory: hides the base's directory), `f` (regular
//! file), `l` (symlink to TARGET), `h` (hard link to the file at path TARGET), `w` (whiteout: a
//! removed base file) or `p` (FIFO), followed by `+` for a changed copy of the base's entry at
//! PATH (it keeps that entry's inode number); PERM is octal; times are `SEC.NSEC`; PATH is relative,
//! the root is `.`. In PATH and TARGET every byte outside `!`..`~`, and `%`, is written `%XX`.
//! A regular file's content is `DIR/files/PATH` (written with the host user's default modes:
//! the manifest holds the VM's). A directory can hold what the host cannot (whiteouts, owners),
//! so the manifest is the snapshot and `files/` only its data: files not in the manifest are
//! ignored.

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use burrow_kernel::time::Timespec;
use burrow_kernel::vfs::layer::{self, Entry, EntryKind, LayerBuilder};
use burrow_kernel::vfs::memfs::MemFs;

use super::{fill, invalid, refused, Holes, NodeReader, Walk};
use crate::error::{Error, Result};

const MAGIC: &str = "burrow-snapshot 1";
const MANIFEST: &str = "manifest";
const FILES: &str = "files";
/// Longest manifest line read (two escaped paths of at most 4096 bytes, and the fields).
const MAX_LINE: u64 = 3 * 2 * 4096 + 256;

fn host(path: &Path, e: std::io::Error) -> Error {
    Error::HostPath { path: path.display().to_string(), message: e.to_string() }
}

fn escape(out: &mut String, bytes: &[u8]) {
    if bytes.is_empty() {
        out.push('.');
    }
    for &b in bytes {
        if (b'!'..=b'~').contains(&b) && b != b'%' {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

fn unescape(s: &str) -> Option<Vec<u8>> {
    if s == "." {
        return Some(Vec::new());
    }
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex = [bytes.next()?, bytes.next()?];
            out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

fn host_path(root: &Path, path: &[u8]) -> PathBuf {
    root.join(OsStr::from_bytes(path))
}

/// Writes `layer` at `dir`, which must not exist or be empty: into a new sibling directory
/// first, renamed over `dir` once complete, so a failure leaves nothing half-written.
pub(super) fn write(layer: &MemFs, dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir).map(|mut it| it.next().is_none()) {
        Ok(false) => {
            return Err(Error::HostPath { path: dir.display().to_string(), message: "directory is not empty".into() })
        }
        Ok(true) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(host(dir, e)),
    }
    let name = dir
        .file_name()
        .ok_or_else(|| Error::HostPath { path: dir.display().to_string(), message: "names no directory".into() })?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".burrow-tmp.{}", std::process::id()));
    let temp = dir.with_file_name(temp_name);
    std::fs::create_dir(&temp).map_err(|e| host(&temp, e))?;
    let written = write_into(layer, &temp).and_then(|()| std::fs::rename(&temp, dir).map_err(|e| host(dir, e)));
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    written
}

/// Writes `layer` into the new empty directory `dir`.
fn write_into(layer: &MemFs, dir: &Path) -> Result<()> {
    let files = dir.join(FILES);
    std::fs::create_dir(&files).map_err(|e| host(&files, e))?;
    let mut manifest = String::from(MAGIC);
    manifest.push('\n');
    let mut holes = Holes::for_writing();
    layer::walk(layer, |e, node| -> std::result::Result<(), Walk> {
        let (kind, target) = match &e.kind {
            EntryKind::Dir { opaque: false } => ("d", None),
            EntryKind::Dir { opaque: true } => ("D", None),
            EntryKind::File { .. } => ("f", None),
            EntryKind::Symlink(t) => ("l", Some(t)),
            EntryKind::HardLink(t) => ("h", Some(t)),
            EntryKind::Whiteout => ("w", None),
            EntryKind::Fifo => ("p", None),
        };
        let time = |t: Timespec| format!("{}.{:09}", t.sec, t.nsec);
        let copied = if e.copied_up { "+" } else { "" };
        let _ =
            write!(manifest, "{kind}{copied} {:o} {} {} {} {} ", e.perm, e.uid, e.gid, time(e.atime), time(e.mtime));
        escape(&mut manifest, &e.path);
        if let Some(t) = target {
            manifest.push(' ');
            escape(&mut manifest, t);
        }
        manifest.push('\n');
        let at = host_path(&files, &e.path);
        match &e.kind {
            EntryKind::Dir { .. } if !e.path.is_empty() => std::fs::create_dir(&at).map_err(|err| host(&at, err))?,
            EntryKind::File { size } => {
                let node = node.expect("a file entry comes with its node");
                holes.take_file(&e.path, node)?;
                let mut out =
                    std::fs::OpenOptions::new().write(true).create_new(true).open(&at).map_err(|err| host(&at, err))?;
                std::io::copy(&mut NodeReader { node, offset: 0, size: *size }, &mut out)
                    .map_err(|err| host(&at, err))?;
            }
            EntryKind::HardLink(t) => {
                std::fs::hard_link(host_path(&files, t), &at).map_err(|err| host(&at, err))?;
            }
            _ => {}
        }
        Ok(())
    })
    .map_err(|w| w.0)?;
    let path = dir.join(MANIFEST);
    let mut out = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| host(&path, e))?;
    out.write_all(manifest.as_bytes()).and_then(|()| out.sync_all()).map_err(|e| host(&path, e))
}

/// Reads the snapshot in `dir` into `builder`'s layer.
pub(super) fn read(dir: &Path, mut builder: LayerBuilder, holes: &mut Holes) -> Result<Arc<MemFs>> {
    let path = dir.join(MANIFEST);
    let file = std::fs::File::open(&path).map_err(|e| host(&path, e))?;
    let mut lines = std::io::BufReader::new(file);
    let mut line = Vec::new();
    let mut number = 0usize;
    let files = dir.join(FILES);
    loop {
        line.clear();
        let n = std::io::Read::take(&mut lines, MAX_LINE).read_until(b'\n', &mut line).map_err(|e| host(&path, e))?;
        if n == 0 {
            break;
        }
        number += 1;
        let bad = |what: &str| invalid(format!("manifest line {number}").as_bytes(), what.to_string());
        let text = std::str::from_utf8(&line).map_err(|_| bad("not ASCII"))?;
        let text = text.strip_suffix('\n').ok_or_else(|| bad("too long or unterminated"))?;
        if number == 1 {
            if text != MAGIC {
                return Err(bad("not a burrow snapshot manifest"));
            }
            continue;
        }
        let fields: Vec<&str> = text.split(' ').collect();
        if !(7..=8).contains(&fields.len()) {
            return Err(bad("expected KIND PERM UID GID ATIME MTIME PATH [TARGET]"));
        }
        let perm = u32::from_str_radix(fields[1], 8).ok().filter(|p| *p <= 0o7777).ok_or_else(|| bad("bad mode"))?;
        let uid = fields[2].parse().map_err(|_| bad("bad uid"))?;
        let gid = fields[3].parse().map_err(|_| bad("bad gid"))?;
        let atime = parse_time(fields[4]).ok_or_else(|| bad("bad atime"))?;
        let mtime = parse_time(fields[5]).ok_or_else(|| bad("bad mtime"))?;
        let entry_path = unescape(fields[6]).ok_or_else(|| bad("bad path"))?;
        let target = fields.get(7).map(|t| unescape(t).ok_or_else(|| bad("bad target"))).transpose()?;
        let needs_target = matches!(fields[0], "l" | "h" | "l+" | "h+");
        if needs_target != target.is_some() {
            return Err(bad("a target is given for symlinks and hard links only"));
        }
        let (kind, copied_up) = match fields[0].strip_suffix('+') {
            Some(kind) => (kind, true),
            None => (fields[0], false),
        };
        let kind = match kind {
            "d" => EntryKind::Dir { opaque: false },
            "D" => EntryKind::Dir { opaque: true },
            "f" => EntryKind::File { size: 0 },
            "l" => EntryKind::Symlink(target.unwrap_or_default()),
            "h" => EntryKind::HardLink(target.unwrap_or_default()),
            "w" => EntryKind::Whiteout,
            "p" => EntryKind::Fifo,
            _ => return Err(bad("unknown kind")),
        };
        let entry = Entry { path: entry_path, kind, perm, uid, gid, atime, mtime, copied_up };
        if let Some(node) = builder.add(&entry).map_err(|e| refused(&entry.path, e))? {
            // The layer accepted the path: relative, no `.` or `..`. Its host copy must be a
            // plain file reached through plain directories.
            let at = host_path(&files, &entry.path);
            if !std::fs::symlink_metadata(&files).is_ok_and(|m| m.is_dir()) {
                return Err(invalid(FILES.as_bytes(), "not a directory"));
            }
            let mut prefix = files.clone();
            let mut parts = entry.path.split(|&b| b == b'/').peekable();
            while let Some(part) = parts.next() {
                prefix.push(OsStr::from_bytes(part));
                let meta = std::fs::symlink_metadata(&prefix).map_err(|e| host(&prefix, e))?;
                let ok = if parts.peek().is_some() { meta.is_dir() } else { meta.is_file() };
                if !ok {
                    return Err(invalid(&entry.path, "its content in files/ is not a regular file under directories"));
                }
            }
            let mut data = std::fs::File::open(&at).map_err(|e| host(&at, e))?;
            let size = data.metadata().map_err(|e| host(&at, e))?.len();
            fill(&entry.path, &node, size, &mut data, holes)?;
        }
    }
    if number == 0 {
        return Err(invalid(MANIFEST.as_bytes(), "empty manifest"));
    }
    builder.finish().map_err(|e| Error::kernel("snapshot", e))
}

fn parse_time(s: &str) -> Option<Timespec> {
    let (sec, nsec) = s.split_once('.')?;
    let nsec: u32 = nsec.parse().ok().filter(|n| *n < 1_000_000_000)?;
    Some(Timespec { sec: sec.parse().ok()?, nsec })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_any_bytes() {
        let all: Vec<u8> = (0..=255).collect();
        for bytes in [&b"plain/path"[..], b"with space%and\nnewline", &all, b""] {
            let mut s = String::new();
            escape(&mut s, bytes);
            assert!(!s.contains([' ', '\n']));
            assert_eq!(unescape(&s).as_deref(), Some(bytes));
        }
    }
}
