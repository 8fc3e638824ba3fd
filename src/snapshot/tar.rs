//! Snapshots as tar archives: GNU headers (long names as GNU long-name entries), pax records
//! for nanosecond times, OCI-style whiteouts (`.wh.NAME`) and opaque markers (`.wh..wh..opq`).

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;

use burrow_kernel::time::Timespec;
use burrow_kernel::vfs::layer::{self, Entry, EntryKind, LayerBuilder};
use burrow_kernel::vfs::memfs::MemFs;
use tar::{EntryType, Header};

use super::{fill, invalid, refused, Holes, NodeReader, Walk};
use crate::error::{Error, Result};

/// Prefix of a whiteout's name.
const WHITEOUT: &[u8] = b".wh.";
/// Name of the entry that makes its directory opaque.
const OPAQUE: &[u8] = b".wh..wh..opq";
/// Pax record marking an entry as a changed copy of the base's entry at its path.
const COPIED_UP: &str = "BURROW.copied-up";

fn io(e: std::io::Error) -> Error {
    Error::Io { context: "writing the snapshot".into(), source: e }
}

/// Writes `layer` as a tar archive to `out`.
pub(super) fn write(layer: &MemFs, out: impl Write) -> Result<()> {
    let mut ar = tar::Builder::new(out);
    let mut holes = Holes::for_writing();
    layer::walk(layer, |e, node| -> std::result::Result<(), Walk> {
        let name = e.path.rsplit(|&b| b == b'/').next().unwrap_or_default();
        if name.starts_with(WHITEOUT) {
            return Err(invalid(&e.path, "names starting with `.wh.` mark whiteouts in a tar snapshot").into());
        }
        let mut h = Header::new_gnu();
        h.set_mode(e.perm);
        h.set_uid(e.uid.into());
        h.set_gid(e.gid.into());
        h.set_mtime(e.mtime.sec.max(0) as u64);
        h.set_size(0);
        let mut times = Vec::new();
        pax_record(&mut times, "mtime", &format_time(e.mtime));
        pax_record(&mut times, "atime", &format_time(e.atime));
        if e.copied_up {
            pax_record(&mut times, COPIED_UP, "1");
        }
        let mut pax = Header::new_ustar();
        pax.set_entry_type(EntryType::XHeader);
        pax.set_size(times.len() as u64);
        pax.set_path("././@PaxHeader").map_err(io)?;
        pax.set_cksum();
        let path = Path::new(OsStr::from_bytes(&e.path));
        match &e.kind {
            EntryKind::Dir { opaque } => {
                h.set_entry_type(EntryType::Directory);
                ar.append(&pax, &times[..]).map_err(io)?;
                if e.path.is_empty() {
                    h.as_old_mut().name[..2].copy_from_slice(b"./");
                    h.set_cksum();
                    ar.append(&h, std::io::empty()).map_err(io)?;
                } else {
                    ar.append_data(&mut h, path, std::io::empty()).map_err(io)?;
                }
                if *opaque {
                    let mut marker = Header::new_gnu();
                    marker.set_entry_type(EntryType::Regular);
                    marker.set_size(0);
                    marker.set_mode(0);
                    marker.set_uid(0);
                    marker.set_gid(0);
                    marker.set_mtime(0);
                    ar.append_data(&mut marker, path.join(OsStr::from_bytes(OPAQUE)), std::io::empty()).map_err(io)?;
                }
            }
            EntryKind::File { size } => {
                h.set_entry_type(EntryType::Regular);
                h.set_size(*size);
                let node = node.expect("a file entry comes with its node");
                holes.take_file(&e.path, node)?;
                ar.append(&pax, &times[..]).map_err(io)?;
                ar.append_data(&mut h, path, NodeReader { node, offset: 0, size: *size }).map_err(io)?;
            }
            EntryKind::Symlink(target) | EntryKind::HardLink(target) => {
                let kind = if matches!(e.kind, EntryKind::Symlink(_)) { EntryType::Symlink } else { EntryType::Link };
                h.set_entry_type(kind);
                ar.append(&pax, &times[..]).map_err(io)?;
                ar.append_link(&mut h, path, Path::new(OsStr::from_bytes(target))).map_err(io)?;
            }
            EntryKind::Whiteout => {
                let (dir, name) = match e.path.iter().rposition(|&b| b == b'/') {
                    Some(i) => (&e.path[..i + 1], &e.path[i + 1..]),
                    None => (&b""[..], &e.path[..]),
                };
                let marked = [dir, WHITEOUT, name].concat();
                h.set_entry_type(EntryType::Regular);
                ar.append(&pax, &times[..]).map_err(io)?;
                ar.append_data(&mut h, Path::new(OsStr::from_bytes(&marked)), std::io::empty()).map_err(io)?;
            }
            EntryKind::Fifo => {
                h.set_entry_type(EntryType::Fifo);
                ar.append(&pax, &times[..]).map_err(io)?;
                ar.append_data(&mut h, path, std::io::empty()).map_err(io)?;
            }
        }
        Ok(())
    })
    .map_err(|w| w.0)?;
    ar.into_inner().map_err(io)?.flush().map_err(io)
}

/// Appends one pax record (`LEN KEY=VALUE\n`, LEN counting itself).
fn pax_record(out: &mut Vec<u8>, key: &str, value: &str) {
    let body = key.len() + value.len() + 3;
    let mut len = body + body.to_string().len();
    if len.to_string().len() != (len - body) {
        len += 1;
    }
    out.extend_from_slice(format!("{len} {key}={value}\n").as_bytes());
}

fn format_time(t: Timespec) -> String {
    if t.sec < 0 && t.nsec > 0 {
        // pax writes negative times as -SEC.FRAC with the fraction counting away from zero.
        return format!("-{}.{:09}", -(t.sec + 1), 1_000_000_000 - t.nsec);
    }
    format!("{}.{:09}", t.sec, t.nsec)
}

fn parse_time(s: &[u8]) -> Option<Timespec> {
    let s = std::str::from_utf8(s).ok()?;
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (sec, frac) = s.split_once('.').unwrap_or((s, ""));
    let sec: i64 = sec.parse().ok()?;
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = &frac[..frac.len().min(9)];
    let nsec = if digits.is_empty() { 0 } else { digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32) };
    Some(match (neg, nsec) {
        (false, _) => Timespec { sec, nsec },
        (true, 0) => Timespec { sec: -sec, nsec: 0 },
        (true, n) => Timespec { sec: -sec - 1, nsec: 1_000_000_000 - n },
    })
}

/// A tar member's path as a layer path: `./` prefixes and a trailing `/` dropped; `.` or
/// nothing is the root. What is left is checked by the layer (no absolute or `..` paths).
fn layer_path(raw: &[u8]) -> Result<Vec<u8>> {
    let mut p = raw;
    if p.starts_with(b"/") {
        return Err(invalid(raw, "absolute paths are refused"));
    }
    while let Some(rest) = p.strip_prefix(b"./") {
        p = rest;
    }
    while let Some(rest) = p.strip_suffix(b"/") {
        p = rest;
    }
    if p == b"." {
        p = b"";
    }
    Ok(p.to_vec())
}

/// Splits a layer path into its parent and its last name.
fn split(path: &[u8]) -> (&[u8], &[u8]) {
    match path.iter().rposition(|&b| b == b'/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => (b"", path),
    }
}

/// Reads a tar archive into `builder`'s layer.
pub(super) fn read(input: impl Read, mut builder: LayerBuilder, holes: &mut Holes) -> Result<Arc<MemFs>> {
    let mut ar = tar::Archive::new(input);
    let bad = |e: std::io::Error| invalid(b"", format!("not a readable tar archive: {e}"));
    for member in ar.entries().map_err(bad)? {
        let mut member = member.map_err(bad)?;
        let raw = member.path_bytes().into_owned();
        let path = layer_path(&raw)?;
        let h = member.header();
        let field = |what: &str| invalid(&raw, format!("bad {what} field"));
        let perm = h.mode().map_err(|_| field("mode"))? & 0o7777;
        let uid = u32::try_from(h.uid().map_err(|_| field("uid"))?).map_err(|_| field("uid"))?;
        let gid = u32::try_from(h.gid().map_err(|_| field("gid"))?).map_err(|_| field("gid"))?;
        let mtime = h.mtime().map_err(|_| field("mtime"))?;
        let mut mtime = Timespec { sec: i64::try_from(mtime).map_err(|_| field("mtime"))?, nsec: 0 };
        let entry_type = h.entry_type();
        let size = member.size();
        let link = member.link_name_bytes().map(|l| l.into_owned());
        let mut atime = mtime;
        let mut copied_up = false;
        if let Some(pax) = member.pax_extensions().map_err(bad)? {
            for ext in pax {
                let ext = ext.map_err(bad)?;
                match ext.key_bytes() {
                    b"mtime" => mtime = parse_time(ext.value_bytes()).ok_or_else(|| field("pax mtime"))?,
                    b"atime" => atime = parse_time(ext.value_bytes()).ok_or_else(|| field("pax atime"))?,
                    key if key == COPIED_UP.as_bytes() => copied_up = ext.value_bytes() == b"1",
                    _ => {}
                }
            }
        }
        let (parent, name) = split(&path);
        let kind = match entry_type {
            EntryType::Directory => EntryKind::Dir { opaque: false },
            EntryType::Regular | EntryType::Continuous if name == OPAQUE => {
                builder.set_opaque(parent).map_err(|e| refused(&raw, e))?;
                continue;
            }
            EntryType::Regular | EntryType::Continuous if name.starts_with(WHITEOUT) => {
                let hidden = &name[WHITEOUT.len()..];
                let path = if parent.is_empty() { hidden.to_vec() } else { [parent, b"/", hidden].concat() };
                let entry =
                    Entry { path, kind: EntryKind::Whiteout, perm: 0, uid: 0, gid: 0, atime, mtime, copied_up: false };
                builder.add(&entry).map_err(|e| refused(&raw, e))?;
                continue;
            }
            EntryType::Regular | EntryType::Continuous => EntryKind::File { size },
            EntryType::Symlink => EntryKind::Symlink(link.ok_or_else(|| field("link name"))?),
            EntryType::Link => EntryKind::HardLink(layer_path(&link.ok_or_else(|| field("link name"))?)?),
            EntryType::Fifo => EntryKind::Fifo,
            EntryType::XGlobalHeader => continue,
            other => return Err(invalid(&raw, format!("unsupported entry type {:?}", other.as_byte() as char))),
        };
        let entry = Entry { path, kind, perm, uid, gid, atime, mtime, copied_up };
        if let Some(node) = builder.add(&entry).map_err(|e| refused(&raw, e))? {
            fill(&raw, &node, size, &mut member, holes)?;
        }
    }
    builder.finish().map_err(|e| Error::kernel("snapshot", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pax_records_count_their_own_length() {
        for value in ["1", "123456789.123456789", &"x".repeat(95), &"x".repeat(994)] {
            let mut out = Vec::new();
            pax_record(&mut out, "mtime", value);
            let len: usize = std::str::from_utf8(&out).unwrap().split(' ').next().unwrap().parse().unwrap();
            assert_eq!(len, out.len(), "{value}");
        }
    }

    #[test]
    fn times_round_trip() {
        for t in [
            Timespec { sec: 0, nsec: 0 },
            Timespec { sec: 1_700_000_000, nsec: 123_456_789 },
            Timespec { sec: -5, nsec: 250_000_000 },
            Timespec { sec: -5, nsec: 0 },
        ] {
            assert_eq!(parse_time(format_time(t).as_bytes()), Some(t), "{}", format_time(t));
        }
        assert_eq!(parse_time(b"12.5"), Some(Timespec { sec: 12, nsec: 500_000_000 }));
        assert_eq!(parse_time(b"12.x"), None);
    }
}
