//! Moving a module's start function out of instantiation.
//!
//! wasmi runs a module's `start` function inside instantiation as one plain (non-resumable)
//! call, so fuel slices could not interrupt it: a start function that spins would escape kills
//! and the CPU limit. Before compiling, [`hoist_start`] rewrites such a module so that the start
//! function is exported under [`START_EXPORT`] instead, and the backend calls it right after
//! instantiation, in fuel slices like `_start`. Only the start and export sections change; a
//! module this cannot rewrite faithfully is left as it is for wasmi to judge.

/// The export the start function is moved to (a name no toolchain produces).
pub const START_EXPORT: &str = "\0burrow-start";

const SECTION_EXPORT: u8 = 7;
const SECTION_START: u8 = 8;

/// The module without a start section and with its start function exported as
/// [`START_EXPORT`]; `None` if it has no start section or is not well-formed enough to rewrite.
pub fn hoist_start(wasm: &[u8]) -> Option<Vec<u8>> {
    let header = wasm.get(..8)?;
    if header != b"\0asm\x01\0\0\0" {
        return None;
    }
    struct Section {
        id: u8,
        whole: std::ops::Range<usize>,
        payload: std::ops::Range<usize>,
    }
    let mut sections = Vec::new();
    let mut pos = 8;
    while pos < wasm.len() {
        let id = wasm[pos];
        let (size, n) = read_u32(wasm.get(pos + 1..)?)?;
        let payload = pos + 1 + n..(pos + 1 + n).checked_add(usize::try_from(size).ok()?)?;
        if payload.end > wasm.len() {
            return None;
        }
        sections.push(Section { id, whole: pos..payload.end, payload: payload.clone() });
        pos = payload.end;
    }
    let mut starts = sections.iter().enumerate().filter(|(_, s)| s.id == SECTION_START);
    let (start_at, start) = starts.next()?;
    if starts.next().is_some() {
        return None;
    }
    let mut exports = sections.iter().enumerate().filter(|(_, s)| s.id == SECTION_EXPORT);
    let export_at = exports.next().map(|(i, _)| i);
    if exports.next().is_some() || export_at.is_some_and(|i| i > start_at) {
        return None;
    }
    let start_payload = &wasm[start.payload.clone()];
    let (func, n) = read_u32(start_payload)?;
    if n != start_payload.len() {
        return None;
    }
    let mut entry = Vec::with_capacity(START_EXPORT.len() + 8);
    write_u32(&mut entry, START_EXPORT.len() as u32);
    entry.extend_from_slice(START_EXPORT.as_bytes());
    entry.push(0x00); // a function export
    write_u32(&mut entry, func);

    let mut out = Vec::with_capacity(wasm.len() + entry.len() + 8);
    out.extend_from_slice(header);
    for s in &sections {
        match s.id {
            SECTION_EXPORT => {
                let payload = &wasm[s.payload.clone()];
                let (count, n) = read_u32(payload)?;
                let mut new = Vec::with_capacity(payload.len() + entry.len() + 5);
                write_u32(&mut new, count.checked_add(1)?);
                new.extend_from_slice(&payload[n..]);
                new.extend_from_slice(&entry);
                write_section(&mut out, SECTION_EXPORT, &new)?;
            }
            // With no export section, one goes where the start section was: export sections
            // come right before start sections, so the order stays valid.
            SECTION_START if export_at.is_none() => {
                let mut new = Vec::with_capacity(entry.len() + 1);
                write_u32(&mut new, 1);
                new.extend_from_slice(&entry);
                write_section(&mut out, SECTION_EXPORT, &new)?;
            }
            SECTION_START => {}
            _ => out.extend_from_slice(&wasm[s.whole.clone()]),
        }
    }
    Some(out)
}

/// Reads an unsigned LEB128 `u32`: the value and the bytes it took.
fn read_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (i, &b) in bytes.iter().enumerate().take(5) {
        let bits = u32::from(b & 0x7f);
        if i == 4 && bits > 0x0f {
            return None;
        }
        value |= bits << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn write_section(out: &mut Vec<u8>, id: u8, payload: &[u8]) -> Option<()> {
    out.push(id);
    write_u32(out, u32::try_from(payload.len()).ok()?);
    out.extend_from_slice(payload);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb128_round_trips() {
        for v in [0, 1, 127, 128, 300, 1 << 21, u32::MAX] {
            let mut b = Vec::new();
            write_u32(&mut b, v);
            assert_eq!(read_u32(&b), Some((v, b.len())));
        }
        assert_eq!(read_u32(&[0x80, 0x80, 0x80, 0x80, 0x80]), None);
        assert_eq!(read_u32(&[0xff, 0xff, 0xff, 0xff, 0x7f]), None);
        assert_eq!(read_u32(&[0x80]), None);
    }

    #[test]
    fn modules_without_a_start_section_are_left_alone() {
        assert_eq!(hoist_start(b"\0asm\x01\0\0\0"), None);
        assert_eq!(hoist_start(b"not wasm"), None);
        assert_eq!(hoist_start(b"\0asm\x01\0\0\0\x08\x05"), None);
    }

    #[test]
    fn the_start_function_becomes_an_export() {
        // (module (func) (start 0)): type, function, start and code sections.
        let m = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0\x08\x01\0\x0a\x04\x01\x02\0\x0b";
        let out = hoist_start(m).unwrap();
        let mut want = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0".to_vec();
        let name = START_EXPORT.as_bytes();
        want.extend_from_slice(&[0x07, (1 + 1 + name.len() + 2) as u8, 0x01, name.len() as u8]);
        want.extend_from_slice(name);
        want.extend_from_slice(&[0x00, 0x00]);
        want.extend_from_slice(b"\x0a\x04\x01\x02\0\x0b");
        assert_eq!(out, want);
    }
}
