//! Differential check of the backends with generated modules: the same wasm-smith module, run
//! as a process on wasmtime, wasmi and V8, must give the same observable results.
//!
//! The module (see [`config`]) uses only what all three engines support (MVP, mutable globals,
//! sign extension, non-trapping float-to-int, multi-value, bulk memory, reference types, SIMD
//! without its relaxed part), canonicalizes NaNs, and ends by itself: every function entry and
//! loop back-edge spends a fuel global, and running out traps (`unreachable`). It imports a
//! fixed set of deterministic WASI functions ([`IMPORTS`]: writes, reads of an empty stdin,
//! closes, seeks, descriptor and argument queries, `proc_exit`), which its generated code calls
//! with whatever arguments it makes up, and it has a fixed shape of exports ([`FUNCS`],
//! [`GLOBALS`], a memory of one or two pages) whose bodies are generated. A `_start` is then
//! added to it (see [`with_start`]): it calls the generated functions in an order and with
//! arguments taken from the input, writes each call's results to stdout as it returns, and at
//! the end the exported globals and the whole memory.
//!
//! Half the modules are made without traps of their own (wasm-smith's `disallow_traps`: only
//! running out of fuel traps), so that their code runs on instead of stopping at the first
//! `unreachable` or division by zero; the other half trap at will.
//!
//! Compared: how each run ended (exit status; a module refused is compared by the kind of
//! error), stdout, and stderr with Burrow's trap line (`burrow: trap: ...`) reduced to the
//! trap's kind ([`trap_kind`]: V8 words two pairs of traps alike). Engine differences, not
//! Burrow's, left out of the comparison:
//! - runs where any engine exhausted its call stack (each engine's stack holds a different
//!   number of frames), and runs stopped by a VM limit;
//! - a module with an `externref` is refused by Burrow's wasmtime (built without its `gc`
//!   feature): it is compared between wasmi and V8, and wasmtime must refuse it;
//! - one table at most: wasmtime's pooling allocator, as Burrow configures it, takes one table
//!   per module, of at most 20 000 elements (see [`config`]);
//! - a run where wasmi alone traps dividing by zero (a wasmi 2.0.0 miscompilation, see
//!   `fuzz/known/wasm_differential/`).
//!
//! An input that starts with `\0asm` is run as the module it is (with its own `_start`): the
//! kept regressions (`fuzz/regressions/wasm_differential/`) are such modules, since what an
//! input generates changes with wasm-smith's version and this target's configuration.
//! `BURROW_FUZZ_VERBOSE=1` prints how each run ended.
//!
//! One runtime and a VM per backend serve many inputs (remade every [`REUSE`] inputs, the
//! runtime's module cache having no bound). A divergence panics with the three results and
//! writes the module to `$TMPDIR/wasm_differential-divergence.wasm`.

#![no_main]

use std::cell::RefCell;

use arbitrary::{Result, Unstructured};
use burrow::kernel::limits::Limits;
use burrow::{BackendKind, Runtime, Vm};
use libfuzzer_sys::fuzz_target;
use wasm_encoder::{Encode, Function, MemArg};

/// The backends, the first being the reference.
const BACKENDS: [BackendKind; 3] = [BackendKind::Wasmtime, BackendKind::Wasmi, BackendKind::V8];

/// Inputs a runtime and its VMs serve before they are made anew.
const REUSE: u32 = 200;

/// WASI functions the module imports (all of them, in this order).
const IMPORTS: &[(&str, &str)] = &[
    ("fd_write", "(param i32 i32 i32 i32) (result i32)"),
    ("fd_read", "(param i32 i32 i32 i32) (result i32)"),
    ("fd_close", "(param i32) (result i32)"),
    ("fd_seek", "(param i32 i64 i32 i32) (result i32)"),
    ("fd_fdstat_get", "(param i32 i32) (result i32)"),
    ("args_sizes_get", "(param i32 i32) (result i32)"),
    ("args_get", "(param i32 i32) (result i32)"),
    ("environ_sizes_get", "(param i32 i32) (result i32)"),
    ("environ_get", "(param i32 i32) (result i32)"),
    ("sched_yield", "(result i32)"),
    ("proc_exit", "(param i32)"),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    I32,
    I64,
    F32,
    F64,
    V128,
}

impl T {
    fn wat(self) -> &'static str {
        match self {
            T::I32 => "i32",
            T::I64 => "i64",
            T::F32 => "f32",
            T::F64 => "f64",
            T::V128 => "v128",
        }
    }

    /// `_start`'s local holding a result of this type.
    fn local(self) -> u32 {
        self as u32
    }
}

/// The exported functions `_start` calls: name, parameters, results (results of distinct
/// types: `_start` has one local per type to take them).
const FUNCS: &[(&str, &[T], &[T])] = &[
    ("ii_i", &[T::I32, T::I32], &[T::I32]),
    ("ll_l", &[T::I64, T::I64], &[T::I64]),
    ("fd_df", &[T::F32, T::F64], &[T::F64, T::F32]),
    (
        "all",
        &[T::I32, T::I64, T::F32, T::F64],
        &[T::I32, T::I64, T::F32, T::F64],
    ),
    ("none", &[], &[]),
    ("vi_v", &[T::V128, T::I32], &[T::V128]),
];

/// The exported mutable globals, written out at the end.
const GLOBALS: &[(&str, T)] = &[
    ("gi", T::I32),
    ("gl", T::I64),
    ("gf", T::F32),
    ("gd", T::F64),
];

/// The most pages the memory has.
const MAX_PAGES: u64 = 2;

/// Fuel of a run (function entries and loop iterations).
const FUEL: u32 = 20_000;

/// The module whose imports and exports every generated module has.
fn shape() -> Vec<u8> {
    let mut wat = String::from("(module\n");
    for (name, ty) in IMPORTS {
        wat += &format!("(import \"wasi_snapshot_preview1\" \"{name}\" (func {ty}))\n");
    }
    wat += &format!("(memory (export \"memory\") 1 {MAX_PAGES})\n");
    for (name, params, results) in FUNCS {
        let list = |ts: &[T]| ts.iter().map(|t| t.wat()).collect::<Vec<_>>().join(" ");
        wat += &format!(
            "(func (export \"{name}\") (param {}) (result {}) unreachable)\n",
            list(params),
            list(results)
        );
    }
    for (name, t) in GLOBALS {
        let t = t.wat();
        wat += &format!("(global (export \"{name}\") (mut {t}) ({t}.const 0))\n");
    }
    wat += ")";
    wat::parse_str(&wat).expect("the shape module")
}

/// What the generator may use.
fn config(u: &mut Unstructured) -> Result<wasm_smith::Config> {
    let mut c = wasm_smith::Config::default();
    thread_local!(static SHAPE: Vec<u8> = shape());
    c.module_shape = Some(SHAPE.with(|s| s.clone()));
    c.canonicalize_nans = true;
    // What wasmtime, wasmi and V8 10.2 all run.
    c.bulk_memory_enabled = true;
    c.multi_value_enabled = true;
    c.reference_types_enabled = true;
    c.saturating_float_to_int_enabled = true;
    c.sign_extension_ops_enabled = true;
    c.simd_enabled = true;
    c.relaxed_simd_enabled = false;
    c.exceptions_enabled = false;
    c.gc_enabled = false;
    c.tail_call_enabled = false;
    c.threads_enabled = false;
    c.memory64_enabled = false;
    c.wide_arithmetic_enabled = false;
    c.extended_const_enabled = false;
    c.custom_page_sizes_enabled = false;
    c.compact_imports_enabled = false;
    c.max_memories = 1;
    c.max_memory32_bytes = MAX_PAGES * 65536;
    c.memory_max_size_required = true;
    // One table: Burrow's wasmtime takes instances from its pooling allocator, which allows one
    // table per module (of at most 20 000 elements, and grown no further), where wasmi and V8
    // take several (and up to 1M elements on V8). A known gap, not compared here.
    c.max_tables = 1;
    c.max_table_elements = 1000;
    c.table_max_size_required = true;
    c.max_funcs = 24;
    c.max_globals = 16;
    c.max_data_segments = 8;
    c.max_element_segments = 8;
    // Generated code traps soon more often than not (an `unreachable`, a division, an
    // access out of bounds), and the run then shows little but the trap: half the modules
    // are made without traps (but for running out of fuel), so their code runs on.
    c.disallow_traps = u.ratio(1, 2)?;
    // Non-minimal LEB128 encodings now and then (what Burrow's own reading of a module for
    // V8 must take too).
    c.min_uleb_size = if u.ratio(1, 8)? {
        u.int_in_range(2..=5)?
    } else {
        1
    };
    Ok(c)
}

/// A constant argument of type `t`: often a small or edge value.
fn arg(u: &mut Unstructured, t: T, f: &mut Function) -> Result<()> {
    let mut ins = f.instructions();
    let small = u.ratio(1, 2)?;
    match t {
        T::I32 => ins.i32_const(if small {
            u.int_in_range(-2..=17)?
        } else {
            u.arbitrary()?
        }),
        T::I64 => ins.i64_const(if small {
            u.int_in_range(-2..=17)?
        } else {
            u.arbitrary()?
        }),
        T::F32 => ins.f32_const(
            if small {
                f32::from(u.int_in_range(-2i8..=3)?)
            } else {
                u.arbitrary::<f32>()?
            }
            .into(),
        ),
        T::F64 => ins.f64_const(
            if small {
                f64::from(u.int_in_range(-2i8..=3)?)
            } else {
                u.arbitrary::<f64>()?
            }
            .into(),
        ),
        T::V128 => ins.v128_const(u.arbitrary()?),
    };
    Ok(())
}

/// Where `_start` keeps its scratch in the memory: the iovec at 0, the count written at 8, the
/// record written at 16.
const IOV: i32 = 0;
const NWRITTEN: i32 = 8;
const RECORD: i32 = 16;

fn mem(offset: u64) -> MemArg {
    MemArg {
        offset,
        align: 0,
        target: wasm_encoder::MemArgTarget::Memory(0),
        ordering: None,
    }
}

/// What `with_start` needs to know of the generated module.
struct Layout {
    /// Index of a `func()` type.
    unit_type: u32,
    imported_funcs: u32,
    defined_funcs: u32,
    fd_write: u32,
    funcs: Vec<u32>,
    globals: Vec<u32>,
}

fn layout(wasm: &[u8]) -> Layout {
    let mut l = Layout {
        unit_type: u32::MAX,
        imported_funcs: 0,
        defined_funcs: 0,
        fd_write: u32::MAX,
        funcs: vec![u32::MAX; FUNCS.len()],
        globals: vec![u32::MAX; GLOBALS.len()],
    };
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload.expect("a module wasm-smith made") {
            wasmparser::Payload::TypeSection(r) => {
                let mut index = 0;
                for group in r {
                    for sub in group.expect("a type").into_types() {
                        if let wasmparser::CompositeInnerType::Func(f) = &sub.composite_type.inner {
                            if f.params().is_empty()
                                && f.results().is_empty()
                                && l.unit_type == u32::MAX
                            {
                                l.unit_type = index;
                            }
                        }
                        index += 1;
                    }
                }
            }
            wasmparser::Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    let import = import.expect("an import");
                    if let wasmparser::TypeRef::Func(_) = import.ty {
                        if import.name == "fd_write" {
                            l.fd_write = l.imported_funcs;
                        }
                        l.imported_funcs += 1;
                    }
                }
            }
            wasmparser::Payload::FunctionSection(r) => l.defined_funcs = r.count(),
            wasmparser::Payload::ExportSection(r) => {
                for export in r {
                    let export = export.expect("an export");
                    match export.kind {
                        wasmparser::ExternalKind::Func => {
                            if let Some(i) = FUNCS.iter().position(|f| f.0 == export.name) {
                                l.funcs[i] = export.index;
                            }
                        }
                        wasmparser::ExternalKind::Global => {
                            if let Some(i) = GLOBALS.iter().position(|g| g.0 == export.name) {
                                l.globals[i] = export.index;
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    assert!(
        l.unit_type != u32::MAX && l.fd_write != u32::MAX,
        "the shape's type or import is missing"
    );
    assert!(
        l.funcs.iter().chain(&l.globals).all(|&i| i != u32::MAX),
        "an export of the shape is missing"
    );
    l
}

/// Emits: store the values of `results` (in `_start`'s locals) as a record after `tag`, then
/// write the record to stdout.
fn write_record(f: &mut Function, l: &Layout, tag: i64, results: &[T]) {
    let mut ins = f.instructions();
    ins.i32_const(RECORD).i64_const(tag).i64_store(mem(0));
    let mut at = 8u64;
    for &t in results {
        ins.i32_const(RECORD).local_get(t.local());
        match t {
            T::I32 => ins.i64_extend_i32_u().i64_store(mem(at)),
            T::I64 => ins.i64_store(mem(at)),
            T::F32 => ins
                .i32_reinterpret_f32()
                .i64_extend_i32_u()
                .i64_store(mem(at)),
            T::F64 => ins.i64_reinterpret_f64().i64_store(mem(at)),
            T::V128 => ins.v128_store(mem(at)),
        };
        at += if t == T::V128 { 16 } else { 8 };
    }
    ins.i32_const(IOV).i32_const(RECORD).i32_store(mem(0));
    ins.i32_const(IOV).i32_const(at as i32).i32_store(mem(4));
    ins.i32_const(1)
        .i32_const(IOV)
        .i32_const(1)
        .i32_const(NWRITTEN)
        .call(l.fd_write)
        .drop();
}

/// `_start`'s body: the calls, each followed by its record; the globals; the whole memory.
fn start_body(u: &mut Unstructured, l: &Layout) -> Result<Function> {
    let mut f = Function::new([
        (1, wasm_encoder::ValType::I32),
        (1, wasm_encoder::ValType::I64),
        (1, wasm_encoder::ValType::F32),
        (1, wasm_encoder::ValType::F64),
        (1, wasm_encoder::ValType::V128),
    ]);
    let calls = u.int_in_range(1..=8)?;
    for k in 0..calls {
        let i = u.choose_index(FUNCS.len())?;
        let (_, params, results) = FUNCS[i];
        for &t in params {
            arg(u, t, &mut f)?;
        }
        f.instructions().call(l.funcs[i]);
        for &t in results.iter().rev() {
            f.instructions().local_set(t.local());
        }
        write_record(&mut f, l, k as i64, results);
    }
    for (k, &(_, t)) in GLOBALS.iter().enumerate() {
        f.instructions()
            .global_get(l.globals[k])
            .local_set(t.local());
        write_record(&mut f, l, -1 - k as i64, &[t]);
    }
    let mut ins = f.instructions();
    ins.i32_const(IOV).i32_const(0).i32_store(mem(0));
    ins.i32_const(IOV)
        .memory_size(0)
        .i32_const(16)
        .i32_shl()
        .i32_store(mem(4));
    ins.i32_const(1)
        .i32_const(IOV)
        .i32_const(1)
        .i32_const(NWRITTEN)
        .call(l.fd_write)
        .drop();
    ins.end();
    Ok(f)
}

fn read_leb(bytes: &[u8], pos: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*pos];
        *pos += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

/// `wasm` with a `_start` function added (its type, its body, its export), everything else as
/// it was: a new function's index comes after every other, so no index changes.
fn with_start(wasm: &[u8], u: &mut Unstructured) -> Result<Vec<u8>> {
    let l = layout(wasm);
    let body = start_body(u, &l)?;
    let start = l.imported_funcs + l.defined_funcs;
    let mut out = wasm[..8].to_vec();
    let mut pos = 8;
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let size = read_leb(wasm, &mut pos) as usize;
        let section = &wasm[pos..pos + size];
        pos += size;
        let extra: Vec<u8> = match id {
            3 => {
                let mut e = Vec::new();
                l.unit_type.encode(&mut e);
                e
            }
            7 => {
                let mut e = Vec::new();
                "_start".encode(&mut e);
                e.push(0x00);
                start.encode(&mut e);
                e
            }
            10 => {
                let mut e = Vec::new();
                body.encode(&mut e);
                e
            }
            _ => {
                out.push(id);
                (size as u32).encode(&mut out);
                out.extend_from_slice(section);
                continue;
            }
        };
        let mut at = 0;
        let count = read_leb(section, &mut at);
        let mut contents = Vec::with_capacity(size + extra.len() + 5);
        (count + 1).encode(&mut contents);
        contents.extend_from_slice(&section[at..]);
        contents.extend_from_slice(&extra);
        out.push(id);
        (contents.len() as u32).encode(&mut out);
        out.extend_from_slice(&contents);
    }
    Ok(out)
}

/// The module of an input, and whether there is one.
fn module(data: &[u8]) -> Result<Vec<u8>> {
    let mut u = Unstructured::new(data);
    let config = config(&mut u)?;
    // The calls take from the end of the input, the module the rest.
    let rest = &data[data.len() - u.len()..];
    let (gen, calls) = rest.split_at(rest.len() - (rest.len() / 4).min(64));
    let mut calls = Unstructured::new(calls);
    let mut u = Unstructured::new(gen);
    let mut m = wasm_smith::Module::new(config, &mut u)?;
    m.ensure_termination(FUEL)
        .expect("fuel for a module without imported globals");
    with_start(&m.to_bytes(), &mut calls)
}

/// How a run ended, as compared.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Ran {
        status: String,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    /// The module was refused: the kind of error is compared, not the engine's message.
    Refused(&'static str, Message),
    /// Not compared (see the module docs).
    Skip(String),
}

/// An engine's message, shown but not compared.
#[derive(Debug)]
struct Message(#[allow(dead_code)] String);

impl PartialEq for Message {
    fn eq(&self, _: &Message) -> bool {
        true
    }
}

impl Eq for Message {}

/// The kind of a trap as Burrow reports it (`trap_text`, which already words most traps the
/// same on every backend). Where V8 has one message for two traps, the two are one kind here:
/// a call through a null table entry and one with the wrong signature ("null function or
/// function signature mismatch"), and a float-to-integer conversion of a NaN and of a number
/// out of range ("float unrepresentable in integer range", which Burrow words "invalid
/// conversion to integer" while wasmtime and wasmi say "integer overflow" for the latter; a
/// division overflowing is "integer overflow" on all three, but falls in the same kind).
fn trap_kind(text: &str) -> &str {
    const KINDS: &[(&str, &str)] = &[
        ("uninitialized element", "null or mismatched indirect call"),
        (
            "indirect call type mismatch",
            "null or mismatched indirect call",
        ),
        (
            "RuntimeError: null function or function signature mismatch",
            "null or mismatched indirect call",
        ),
        ("integer overflow", "integer overflow or invalid conversion"),
        (
            "invalid conversion to integer",
            "integer overflow or invalid conversion",
        ),
    ];
    KINDS
        .iter()
        .find(|(t, _)| *t == text)
        .map_or(text, |(_, k)| k)
}

fn normalize_stderr(stderr: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(stderr);
    let mut out = Vec::with_capacity(stderr.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("burrow: trap: ") {
            Some(rest) => {
                out.extend_from_slice(b"burrow: trap: ");
                out.extend_from_slice(trap_kind(rest.trim_end()).as_bytes());
                out.push(b'\n');
            }
            None => out.extend_from_slice(line.as_bytes()),
        }
    }
    out
}

fn observe(vm: &Vm, wasm: &[u8]) -> Seen {
    match vm.module(wasm.to_vec(), "differential").output() {
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if stderr.contains("burrow: trap: call stack exhausted") {
                return Seen::Skip("stack exhausted".into());
            }
            if let Some(limit) = out.limit_exceeded {
                return Seen::Skip(format!("limit {limit}"));
            }
            Seen::Ran {
                status: format!("{:?}", out.status),
                stdout: out.stdout,
                stderr: normalize_stderr(&out.stderr),
            }
        }
        Err(e) => {
            let kind = match e {
                burrow::Error::InvalidModule(_) => "invalid module",
                burrow::Error::UnknownImport { .. } => "unknown import",
                burrow::Error::LimitExceeded { .. } => "limit",
                ref other => panic!("running a module: {other}"),
            };
            Seen::Refused(kind, Message(e.to_string()))
        }
    }
}

struct Engines {
    vms: Vec<Vm>,
    uses: u32,
}

impl Engines {
    fn new() -> Engines {
        let runtime = Runtime::builder()
            .cache_dir(None)
            .userland_dir(None)
            .build()
            .expect("a runtime without disk cache");
        let limits = Limits {
            cpu_time_ms: 10_000,
            ..Limits::default()
        };
        let vms = BACKENDS
            .iter()
            .map(|&b| {
                Vm::builder()
                    .runtime(&runtime)
                    .backend(b)
                    .limits(limits.clone())
                    .build()
                    .expect("a VM on every backend")
            })
            .collect();
        Engines { vms, uses: 0 }
    }
}

thread_local!(static ENGINES: RefCell<Option<Engines>> = const { RefCell::new(None) });

fn show(seen: &Seen) -> String {
    match seen {
        Seen::Ran {
            status,
            stdout,
            stderr,
        } => format!(
            "{status}, stdout {} bytes {:02x?}, stderr {:?}",
            stdout.len(),
            &stdout[..stdout.len().min(256)],
            String::from_utf8_lossy(stderr)
        ),
        other => format!("{other:?}"),
    }
}

/// The proposals the generated modules use (see [`config`]).
fn features() -> wasmparser::WasmFeatures {
    use wasmparser::WasmFeatures as F;
    F::MVP
        | F::MUTABLE_GLOBAL
        | F::SATURATING_FLOAT_TO_INT
        | F::SIGN_EXTENSION
        | F::MULTI_VALUE
        | F::BULK_MEMORY
        | F::REFERENCE_TYPES
        | F::SIMD
}

fuzz_target!(|data: &[u8]| {
    // An input that is a module runs as it is (the kept regressions: what a module generated
    // from an input is changes with wasm-smith and this target's configuration).
    let wasm = if data.starts_with(b"\0asm") {
        if wasmparser::Validator::new_with_features(features())
            .validate_all(data)
            .is_err()
        {
            return;
        }
        data.to_vec()
    } else {
        let Ok(wasm) = module(data) else { return };
        if let Err(e) = wasmparser::Validator::new_with_features(features()).validate_all(&wasm) {
            panic!("the target made an invalid module: {e}");
        }
        wasm
    };
    // Burrow's wasmtime is built without its `gc` feature, and so refuses what needs a garbage
    // collector: any `externref` (wasmparser's "GC types"). Such a module is compared between
    // wasmi and V8 only, and wasmtime must refuse it as invalid.
    let gc_types = wasmparser::Validator::new_with_features(
        features().difference(wasmparser::WasmFeatures::GC_TYPES),
    )
    .validate_all(&wasm)
    .is_err();
    let seen: Vec<Seen> = ENGINES.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|e| e.uses >= REUSE) {
            *cell = None;
            *cell = Some(Engines::new());
        }
        let engines = cell.as_mut().expect("the engines");
        engines.uses += 1;
        engines.vms.iter().map(|vm| observe(vm, &wasm)).collect()
    });
    if std::env::var_os("BURROW_FUZZ_VERBOSE").is_some() {
        eprintln!(
            "{} bytes of module: {}",
            wasm.len(),
            show(&seen[usize::from(gc_types)])
        );
    }
    if seen.iter().any(|s| matches!(s, Seen::Skip(_))) {
        return;
    }
    // wasmi 2.0.0 miscompiles a division whose divisor is a copied local guarded by `select`
    // (what wasm-smith's `disallow_traps` emits) and traps "integer divide by zero" where
    // wasmtime and V8 divide: `fuzz/known/wasm_differential/wasmi-select-divisor.wat`, an
    // engine bug, not Burrow's. Such a run is not compared.
    let reference = &seen[if gc_types { 2 } else { 0 }];
    if let Seen::Ran { stderr, .. } = &seen[1] {
        if stderr == b"burrow: trap: integer divide by zero\n" && seen[1] != *reference {
            return;
        }
    }
    let compared = if gc_types { &seen[1..] } else { &seen[..] };
    if compared.iter().any(|s| *s != compared[0])
        || (gc_types && !matches!(seen[0], Seen::Refused("invalid module", _)))
    {
        let dump = std::env::temp_dir().join("wasm_differential-divergence.wasm");
        let _ = std::fs::write(&dump, &wasm);
        let lines: Vec<String> = BACKENDS
            .iter()
            .zip(&seen)
            .map(|(b, s)| format!("  {}: {}", b.name(), show(s)))
            .collect();
        panic!(
            "the backends disagree (module in {}):\n{}",
            dump.display(),
            lines.join("\n")
        );
    }
});
