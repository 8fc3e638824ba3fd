//! What the backend reads from a module's binary before V8 sees it: its imports with their
//! types (to bind each to a host function and refuse mismatches as wasmtime's linker does), and
//! its memory's limits, which it rewrites to enforce the VM's memory limit (V8 offers no hook
//! on `memory.grow`; a declared maximum is enforced by V8 itself). The rewrite also turns the
//! memory into an import, so that a run can be given a memory made ahead of time, its pages
//! already mapped, instead of faulting in fresh pages under the data segments on every exec
//! (what costs the most when instantiating a large module).

use std::ops::Range;

/// A WebAssembly page.
pub const PAGE: u64 = 65536;
/// Most pages a 32-bit memory can have.
pub const MAX_PAGES: u64 = 65536;

/// What an import is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A function with these parameter and result value types (binary encodings, e.g. 0x7f
    /// for i32).
    Func { params: Vec<u8>, results: Vec<u8> },
    /// A table, memory, global or tag.
    Other,
}

/// One import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub name: String,
    pub kind: ImportKind,
}

/// The module's own memory (from its memory section).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memory {
    /// The limits' flags byte (bit 0: has a maximum; bit 1: shared).
    pub flags: u8,
    pub min: u64,
    pub max: Option<u64>,
    /// The whole memory section (id, size and contents) in the module's bytes.
    section: Range<usize>,
}

/// The import a rewritten module's memory becomes (see [`with_imported_memory`]).
pub const MEMORY_IMPORT: (&str, &str) = ("burrow:v8", "memory");

/// What [`parse`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleInfo {
    pub imports: Vec<Import>,
    /// The module's memory, if it defines exactly one (a 32-bit one).
    pub memory: Option<Memory>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.pos).ok_or("unexpected end of module")?;
        self.pos += 1;
        Ok(b)
    }

    fn leb(&mut self) -> Result<u64, String> {
        let mut result = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift < 64 {
                result |= u64::from(b & 0x7f) << shift;
            }
            if b & 0x80 == 0 {
                return Ok(result);
            }
        }
        Err("LEB128 number too long".into())
    }

    fn u32(&mut self) -> Result<u32, String> {
        u32::try_from(self.leb()?).map_err(|_| "number out of range".to_string())
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("unexpected end of module")?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn name(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).map_err(|_| "name is not UTF-8".to_string())
    }

    fn limits(&mut self) -> Result<(u8, u64, Option<u64>), String> {
        let flags = self.byte()?;
        let min = self.leb()?;
        let max = if flags & 1 != 0 { Some(self.leb()?) } else { None };
        Ok((flags, min, max))
    }
}

/// Reads the imports and the memory of a module. Fails on malformed input (V8's own
/// compilation then gives the precise error).
pub fn parse(bytes: &[u8]) -> Result<ModuleInfo, String> {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut r = Reader { bytes, pos: 8 };
    let mut types: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut raw_imports: Vec<(String, String, Option<u32>)> = Vec::new();
    let mut info = ModuleInfo::default();
    while r.pos < bytes.len() {
        let start = r.pos;
        let id = r.byte()?;
        let size = r.u32()? as usize;
        let body = r.bytes(size)?;
        let mut s = Reader { bytes: body, pos: 0 };
        match id {
            1 => {
                for _ in 0..s.u32()? {
                    if s.byte()? != 0x60 {
                        return Err("unsupported type form".into());
                    }
                    let n = s.u32()? as usize;
                    let params = s.bytes(n)?.to_vec();
                    let n = s.u32()? as usize;
                    let results = s.bytes(n)?.to_vec();
                    types.push((params, results));
                }
            }
            2 => {
                for _ in 0..s.u32()? {
                    let module = s.name()?;
                    let name = s.name()?;
                    let func = match s.byte()? {
                        0x00 => Some(s.u32()?),
                        0x01 => {
                            s.byte()?;
                            s.limits()?;
                            None
                        }
                        0x02 => {
                            s.limits()?;
                            None
                        }
                        0x03 => {
                            s.byte()?;
                            s.byte()?;
                            None
                        }
                        0x04 => {
                            s.byte()?;
                            s.u32()?;
                            None
                        }
                        k => return Err(format!("unknown import kind {k:#x}")),
                    };
                    raw_imports.push((module, name, func));
                }
            }
            5 => {
                let count = s.u32()?;
                if count == 1 {
                    let (flags, min, max) = s.limits()?;
                    // Only 32-bit memories (flags 0-3); memory64 and others are left alone.
                    if flags <= 3 {
                        info.memory = Some(Memory { flags, min, max, section: start..r.pos });
                    }
                }
            }
            _ => {}
        }
    }
    for (module, name, func) in raw_imports {
        let kind = match func {
            Some(t) => {
                let (params, results) = types.get(t as usize).cloned().ok_or("import of an undefined type")?;
                ImportKind::Func { params, results }
            }
            None => ImportKind::Other,
        };
        info.imports.push(Import { module, name, kind });
    }
    Ok(info)
}

fn push_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// The module's bytes with its memory's maximum set to `max_pages` (`memory` from [`parse`] of
/// the same bytes); everything else unchanged.
pub fn with_memory_max(bytes: &[u8], memory: &Memory, max_pages: u64) -> Vec<u8> {
    let mut contents = Vec::with_capacity(16);
    push_leb(&mut contents, 1);
    contents.push(memory.flags | 1);
    push_leb(&mut contents, memory.min);
    push_leb(&mut contents, max_pages);
    let mut out = Vec::with_capacity(bytes.len() + 8);
    out.extend_from_slice(&bytes[..memory.section.start]);
    out.push(5);
    push_leb(&mut out, contents.len() as u64);
    out.extend_from_slice(&contents);
    out.extend_from_slice(&bytes[memory.section.end..]);
    out
}

impl Memory {
    /// Whether [`with_imported_memory`] applies (a plain, unshared 32-bit memory).
    pub fn importable(&self) -> bool {
        self.flags <= 1
    }
}

fn push_name(out: &mut Vec<u8>, name: &str) {
    push_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

fn push_section(out: &mut Vec<u8>, id: u8, contents: &[u8]) {
    out.push(id);
    push_leb(out, contents.len() as u64);
    out.extend_from_slice(contents);
}

/// One active data segment, taken out of a rewritten module: its bytes go at `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSegment {
    pub offset: u32,
    pub bytes: Vec<u8>,
}

/// What [`with_imported_memory`] made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedMemory {
    /// The rewritten module.
    pub bytes: Vec<u8>,
    /// The data segments the runs write themselves (into memory made ahead, off the exec
    /// path), when the module's were all simple enough to take out: then they are passive in
    /// `bytes` (never used: without a data count section no code can name them). `None` when
    /// they stay active and instantiation writes them.
    pub image: Option<Vec<DataSegment>>,
}

/// Signed LEB128, 32 bits (an `i32.const` immediate).
fn sleb32(r: &mut Reader) -> Result<i32, String> {
    let mut result = 0i64;
    let mut shift = 0;
    loop {
        let b = r.byte()?;
        result |= i64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            if shift < 64 && b & 0x40 != 0 {
                result |= -1i64 << shift;
            }
            return i32::try_from(result).map_err(|_| "i32.const out of range".to_string());
        }
        if shift >= 35 {
            return Err("LEB128 number too long".into());
        }
    }
}

/// The data section's segments as an image, and the section with them made passive: only when
/// every segment is active in memory 0 at an `i32.const` offset and fits in `min_pages`
/// (anything else stays for V8 to check and write, with its own errors).
fn take_image(body: &[u8], min_pages: u64) -> Result<Option<(Vec<DataSegment>, Vec<u8>)>, String> {
    let mut r = Reader { bytes: body, pos: 0 };
    let count = r.u32()?;
    let mut segments = Vec::with_capacity(count as usize);
    let mut passive = Vec::with_capacity(body.len());
    push_leb(&mut passive, u64::from(count));
    for _ in 0..count {
        if r.u32()? != 0 || r.byte()? != 0x41 {
            return Ok(None);
        }
        let offset = sleb32(&mut r)? as u32;
        if r.byte()? != 0x0b {
            return Ok(None);
        }
        let len = r.u32()? as usize;
        let bytes = r.bytes(len)?;
        if u64::from(offset) + len as u64 > min_pages * PAGE {
            return Ok(None);
        }
        passive.push(0x01);
        push_leb(&mut passive, len as u64);
        passive.extend_from_slice(bytes);
        segments.push(DataSegment { offset, bytes: bytes.to_vec() });
    }
    if r.pos != body.len() {
        return Ok(None);
    }
    Ok(Some((segments, passive)))
}

/// The module's bytes with its memory (`memory` from [`parse`] of the same bytes, which must be
/// [`Memory::importable`]) turned into the import [`MEMORY_IMPORT`] of the same minimum and a
/// maximum of `max_pages`. The memory index stays 0 and function indices are unchanged (the
/// import is a memory, appended last). The data segments are taken out as an image where
/// possible (see [`ImportedMemory::image`]), else left active for instantiation to write.
pub fn with_imported_memory(bytes: &[u8], memory: &Memory, max_pages: u64) -> Result<ImportedMemory, String> {
    let mut entry = Vec::with_capacity(32);
    push_name(&mut entry, MEMORY_IMPORT.0);
    push_name(&mut entry, MEMORY_IMPORT.1);
    entry.push(0x02);
    entry.push(1);
    push_leb(&mut entry, memory.min);
    push_leb(&mut entry, max_pages);
    let mut out = Vec::with_capacity(bytes.len() + 32);
    out.extend_from_slice(&bytes[..8]);
    let mut r = Reader { bytes, pos: 8 };
    let mut imported = false;
    // A data count section (which precedes the data section) means code may use memory.init or
    // data.drop: segments then stay as they are.
    let (mut has_data_count, mut has_data) = (false, false);
    let mut image = None;
    while r.pos < bytes.len() {
        let start = r.pos;
        let id = r.byte()?;
        let size = r.u32()? as usize;
        let body = r.bytes(size)?;
        if !imported && id != 0 && id > 2 {
            // No import section: one with just the memory, before the function section.
            let mut contents = vec![1];
            contents.extend_from_slice(&entry);
            push_section(&mut out, 2, &contents);
            imported = true;
        }
        has_data_count |= id == 12;
        has_data |= id == 11;
        match id {
            2 => {
                let mut s = Reader { bytes: body, pos: 0 };
                let count = s.u32()?;
                let mut contents = Vec::with_capacity(body.len() + entry.len() + 5);
                push_leb(&mut contents, u64::from(count) + 1);
                contents.extend_from_slice(&body[s.pos..]);
                contents.extend_from_slice(&entry);
                push_section(&mut out, 2, &contents);
                imported = true;
            }
            5 if start == memory.section.start => {}
            11 if !has_data_count => match take_image(body, memory.min)? {
                Some((segments, passive)) => {
                    push_section(&mut out, 11, &passive);
                    image = Some(segments);
                }
                None => out.extend_from_slice(&bytes[start..r.pos]),
            },
            _ => out.extend_from_slice(&bytes[start..r.pos]),
        }
    }
    if !imported {
        return Err("the module has a memory but no code".into());
    }
    if !has_data {
        // No data section at all: the image is empty (a zeroed memory).
        image = Some(Vec::new());
    }
    Ok(ImportedMemory { bytes: out, image })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(wat: &str) -> Vec<u8> {
        wat::parse_str(wat).unwrap()
    }

    #[test]
    fn imports_and_memory_are_read() {
        let m = module(
            r#"(module
                 (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
                 (import "env" "g" (global i32))
                 (memory (export "memory") 2)
                 (func (export "_start")))"#,
        );
        let info = parse(&m).unwrap();
        assert_eq!(info.imports.len(), 2);
        assert_eq!(info.imports[0].name, "fd_seek");
        assert_eq!(
            info.imports[0].kind,
            ImportKind::Func { params: vec![0x7f, 0x7e, 0x7f, 0x7f], results: vec![0x7f] }
        );
        assert_eq!(info.imports[1].kind, ImportKind::Other);
        let mem = info.memory.clone().unwrap();
        assert_eq!((mem.min, mem.max), (2, None));
        let capped = with_memory_max(&m, &mem, 300);
        let again = parse(&capped).unwrap();
        assert_eq!(again.imports, info.imports);
        let mem = again.memory.unwrap();
        assert_eq!((mem.flags, mem.min, mem.max), (1, 2, Some(300)));
    }

    #[test]
    fn the_memory_becomes_an_import() {
        let m = module(
            r#"(module
                 (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                 (memory (export "memory") 3 10)
                 (data (i32.const 16) "hi")
                 (func (export "_start") (call $exit (i32.load8_u (i32.const 17)))))"#,
        );
        let info = parse(&m).unwrap();
        let rewritten = with_imported_memory(&m, info.memory.as_ref().unwrap(), 7).unwrap();
        assert_eq!(rewritten.image, Some(vec![DataSegment { offset: 16, bytes: b"hi".to_vec() }]));
        let rewritten = rewritten.bytes;
        let again = parse(&rewritten).unwrap();
        assert_eq!(again.memory, None);
        assert_eq!(again.imports.len(), 2);
        assert_eq!(again.imports[0], info.imports[0]);
        assert_eq!((again.imports[1].module.as_str(), again.imports[1].name.as_str()), MEMORY_IMPORT);
        wasmparser_validates(&rewritten);
        // Without an import section, one is added.
        let m = module(r#"(module (memory 1) (func (export "_start")))"#);
        let info = parse(&m).unwrap();
        let rewritten = with_imported_memory(&m, info.memory.as_ref().unwrap(), 1).unwrap();
        assert_eq!(rewritten.image, Some(Vec::new()));
        assert_eq!(parse(&rewritten.bytes).unwrap().imports.len(), 1);
        wasmparser_validates(&rewritten.bytes);
    }

    #[test]
    fn segments_stay_active_unless_simple() {
        let image_of = |text: &str| {
            let m = module(text);
            let info = parse(&m).unwrap();
            let rewritten = with_imported_memory(&m, info.memory.as_ref().unwrap(), 100).unwrap();
            wasmparser_validates(&rewritten.bytes);
            rewritten.image
        };
        // Past the minimum (instantiation must fail as V8 says), a global offset, a negative
        // i32.const (an offset above 2 GiB), bulk memory in use.
        assert_eq!(image_of(r#"(module (memory 1) (data (i32.const 65535) "ab"))"#), None);
        assert_eq!(
            image_of(r#"(module (import "env" "g" (global i32)) (memory 1) (data (global.get 0) "ab"))"#),
            None
        );
        assert_eq!(image_of(r#"(module (memory 1) (data (i32.const -2) "ab"))"#), None);
        assert_eq!(
            image_of(r#"(module (memory 1) (data $d "ab") (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 2))))"#),
            None
        );
        assert_eq!(
            image_of(r#"(module (memory 2) (data (i32.const 65535) "ab") (data (i32.const 0) "c"))"#),
            Some(vec![
                DataSegment { offset: 65535, bytes: b"ab".to_vec() },
                DataSegment { offset: 0, bytes: b"c".to_vec() }
            ])
        );
    }

    /// The rewritten bytes are a valid module whose memory import has the limits asked for.
    fn wasmparser_validates(bytes: &[u8]) {
        wasmparser::Validator::new().validate_all(bytes).expect("the rewritten module validates");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(b"\0asm\x01\0\0\0\x01").is_err());
        assert!(parse(b"nope").is_err());
    }
}
