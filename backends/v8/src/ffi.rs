//! The engine binding: the C ABI of `src/shim.cc`, loaded at run time, behind safe wrappers.
//!
//! build.rs links the shim into a shared library (with an rpath to libnode) and bakes its path
//! into the crate; [`api`] `dlopen`s it on first use and initializes V8 once per host process.
//! Everything engine-specific the backend needs is here: isolates ([`Isolate`]), compiled
//! modules ([`Module`]), running one guest ([`Isolate::run`]) and stopping it from another thread
//! ([`IsolateRef::terminate`]). Replacing libnode with the `v8` crate means reimplementing this
//! file (and the shim) only.

use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::{Arc, OnceLock};

use crate::wasm::DataSegment;

/// What the shim calls for every host function call: `data` is the pointer given to
/// [`Isolate::run`], `index` the function's index in `burrow_wasi::table::functions()`, `args`
/// the wasm arguments widened to u64, `mem`/`mem_len` the guest's linear memory at the time of
/// the call. Returns 0 with `*result` set, or non-zero if the guest must stop.
pub type HostCall = unsafe extern "C" fn(
    data: *mut c_void,
    index: u32,
    args: *const u64,
    nargs: u32,
    mem: *mut u8,
    mem_len: usize,
    result: *mut u64,
) -> i32;

/// What the shim calls for every op of a JavaScript guest (`__burrow.op(code, a, b, c, buf)`):
/// `data` is the pointer given to [`Isolate::run_js`], `buf`/`len` the bytes of the buffer
/// argument in place (null/0 without one). Returns 0 with `*result` set, or non-zero if the
/// guest must stop.
pub type JsOp = unsafe extern "C" fn(
    data: *mut c_void,
    code: u32,
    a: f64,
    b: f64,
    c: f64,
    buf: *mut u8,
    len: usize,
    result: *mut f64,
) -> i32;

/// How [`Isolate::run`] ended (the shim's `kRun*` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// `_start` returned.
    Returned,
    /// The isolate's execution was terminated (a host call asked to stop, a kill, a limit).
    Terminated,
    /// `_start` threw: a trap (the message says which).
    Exception,
    /// Instantiation failed.
    InstantiateFailed,
    /// The module exports no `_start` function.
    NoStart,
}

/// The result kind of a host function, as the shim converts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ResultKind {
    /// Returns nothing (`proc_exit`).
    None = 0,
    /// An i32 (a JS Number).
    I32 = 1,
    /// An i64 (a JS BigInt).
    I64 = 2,
}

/// One import of a module and the host function it binds to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportBinding {
    pub module: String,
    pub name: String,
    /// Index in `burrow_wasi::table::functions()`.
    pub index: u32,
    pub result: ResultKind,
}

/// What the shim reports besides the status of a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunInfo {
    /// Size of the guest's linear memory when the run ended.
    pub memory_len: usize,
    /// Whether the JS heap reached its limit (the isolate was terminated for it).
    pub heap_limit_hit: bool,
    /// Whether an ArrayBuffer allocation was refused for passing the memory limit (the guest
    /// got a RangeError).
    pub buffers_refused: bool,
}

#[repr(C)]
struct RawImport {
    module: *const c_char,
    module_len: usize,
    name: *const c_char,
    name_len: usize,
    index: u32,
    result: u32,
}

#[repr(C)]
struct RawSegment {
    offset: u32,
    data: *const u8,
    len: usize,
}

#[repr(C)]
#[derive(Default)]
struct RawRunInfo {
    memory_len: usize,
    heap_limit_hit: u8,
    buffers_refused: u8,
}

type VersionFn = unsafe extern "C" fn() -> *const c_char;
type InitFn = unsafe extern "C" fn(*const c_char, i32, HostCall, *mut c_char, usize) -> i32;
type GuestNewFn = unsafe extern "C" fn(usize, *const c_void, *mut c_char, usize) -> *mut c_void;
type GuestFn = unsafe extern "C" fn(*mut c_void);
type GuestEvalFn = unsafe extern "C" fn(*mut c_void, *const c_char, *mut c_char, usize) -> i32;
type CompileFn = unsafe extern "C" fn(
    *const u8,
    usize,
    *const RawImport,
    usize,
    i64,
    i64,
    *const RawSegment,
    i64,
    *mut c_char,
    usize,
) -> *mut c_void;
type ServiceFn = unsafe extern "C" fn();
type GuestSetSizeFn = unsafe extern "C" fn(*mut c_void, usize);
type GuestQueryFn = unsafe extern "C" fn(*mut c_void) -> i32;
type JsInitFn = unsafe extern "C" fn(JsOp, *const RawBuiltin, usize);
type JsSnapshotFn = unsafe extern "C" fn(*const c_char, usize, *mut c_char, usize) -> *mut c_void;
type JsRunFn =
    unsafe extern "C" fn(*mut c_void, *const c_char, usize, *mut c_void, *mut RawRunInfo, *mut c_char, usize) -> i32;

#[repr(C)]
struct RawBuiltin {
    name: *const c_char,
    name_len: usize,
    source: *const c_char,
    source_len: usize,
}
type RunFn = unsafe extern "C" fn(*mut c_void, *const c_void, *mut c_void, *mut RawRunInfo, *mut c_char, usize) -> i32;

/// The shim's entry points.
pub struct Api {
    version: VersionFn,
    init: InitFn,
    guest_new: GuestNewFn,
    guest_dispose: GuestFn,
    guest_terminate: GuestFn,
    guest_eval: GuestEvalFn,
    compile: CompileFn,
    compiled_free: GuestFn,
    guest_prepare: GuestFn,
    run: RunFn,
    service: ServiceFn,
    js_init: JsInitFn,
    js_run: JsRunFn,
    #[cfg_attr(not(feature = "fuzzing"), allow(dead_code))]
    js_run_natives: JsRunFn,
    js_snapshot: JsSnapshotFn,
    js_snapshot_free: GuestFn,
    guest_set_heap_limit: GuestSetSizeFn,
    guest_heap_raised: GuestQueryFn,
}

/// Where build.rs put the shim, or why it could not build it.
#[cfg(burrow_v8_available)]
const SHIM: Result<&str, &str> = Ok(env!("BURROW_V8_SHIM"));
#[cfg(not(burrow_v8_available))]
const SHIM: Result<&str, &str> = Err(env!("BURROW_V8_UNAVAILABLE"));

/// Size of the buffers the shim writes messages into.
const MESSAGE_LEN: usize = 4096;

/// The shim, loaded once per process; `Err` says why V8 is unavailable.
pub fn api() -> Result<&'static Api, String> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    API.get_or_init(|| load(SHIM.map_err(|reason| format!("this build has no V8 ({reason})"))?))
        .as_ref()
        .map_err(Clone::clone)
}

fn load(path: &str) -> Result<Api, String> {
    let c_path = CString::new(path).map_err(|e| e.to_string())?;
    // SAFETY: dlopen with a NUL-terminated path; loading runs the library's (libnode's, libuv's,
    // c-ares's and the shim's) initializers, which have no preconditions. The handle is never
    // closed: the functions are used for the rest of the process.
    let handle = unsafe { libc::dlopen(c_path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        return Err(format!("cannot load {path}: {}", dl_error()));
    }
    macro_rules! sym {
        ($name:literal as $ty:ty) => {{
            // SAFETY: dlsym on a live handle with a NUL-terminated name.
            let p = unsafe { libc::dlsym(handle, concat!($name, "\0").as_ptr().cast()) };
            if p.is_null() {
                return Err(format!("{path} lacks {}: {}", $name, dl_error()));
            }
            // SAFETY: the shim defines the symbol with exactly the signature of the field it
            // is assigned to (see the extern "C" block of shim.cc).
            unsafe { std::mem::transmute::<*mut c_void, $ty>(p) }
        }};
    }
    Ok(Api {
        version: sym!("burrow_v8_version" as VersionFn),
        init: sym!("burrow_v8_init" as InitFn),
        guest_new: sym!("burrow_v8_guest_new" as GuestNewFn),
        guest_dispose: sym!("burrow_v8_guest_dispose" as GuestFn),
        guest_terminate: sym!("burrow_v8_guest_terminate" as GuestFn),
        guest_eval: sym!("burrow_v8_guest_eval" as GuestEvalFn),
        compile: sym!("burrow_v8_compile" as CompileFn),
        compiled_free: sym!("burrow_v8_compiled_free" as GuestFn),
        guest_prepare: sym!("burrow_v8_guest_prepare" as GuestFn),
        run: sym!("burrow_v8_run" as RunFn),
        service: sym!("burrow_v8_service" as ServiceFn),
        js_init: sym!("burrow_v8_js_init" as JsInitFn),
        js_run: sym!("burrow_v8_js_run" as JsRunFn),
        js_run_natives: sym!("burrow_v8_js_run_natives" as JsRunFn),
        js_snapshot: sym!("burrow_v8_js_snapshot" as JsSnapshotFn),
        js_snapshot_free: sym!("burrow_v8_js_snapshot_free" as GuestFn),
        guest_set_heap_limit: sym!("burrow_v8_guest_set_heap_limit" as GuestSetSizeFn),
        guest_heap_raised: sym!("burrow_v8_guest_heap_raised" as GuestQueryFn),
    })
}

fn dl_error() -> String {
    // SAFETY: dlerror returns null or a NUL-terminated string valid until the next dl call on
    // this thread; it is copied at once.
    let e = unsafe { libc::dlerror() };
    if e.is_null() {
        return "unknown error".into();
    }
    // SAFETY: non-null, NUL-terminated (above).
    unsafe { CStr::from_ptr(e) }.to_string_lossy().into_owned()
}

fn message(buf: &[u8]) -> String {
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// Initializes V8 for the process (once: later calls, whatever their arguments, return the
/// first call's result). `flags` are V8 command-line flags; `threads` the size of the
/// platform's worker pool; `host_call` what every host function calls.
pub fn init(flags: &str, threads: usize, host_call: HostCall) -> Result<&'static Api, String> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    let api = api()?;
    INIT.get_or_init(|| {
        let flags = CString::new(flags).map_err(|e| e.to_string())?;
        let mut err = vec![0u8; MESSAGE_LEN];
        let threads = i32::try_from(threads.max(1)).unwrap_or(4);
        // SAFETY: valid NUL-terminated flags, a host-call function of the right ABI, and an
        // error buffer of the given length.
        let rc = unsafe { (api.init)(flags.as_ptr(), threads, host_call, err.as_mut_ptr().cast(), err.len()) };
        if rc == 0 {
            Ok(())
        } else {
            Err(message(&err))
        }
    })
    .clone()?;
    Ok(api)
}

impl Api {
    /// The V8 version libnode reports (e.g. `10.2.154.26-node.37`).
    pub fn version(&self) -> String {
        // SAFETY: returns a static NUL-terminated string.
        unsafe { CStr::from_ptr((self.version)()) }.to_string_lossy().into_owned()
    }

    /// Registers what JavaScript guests call: `op` for every op, and the builtin modules
    /// (`(name, source)`, static: the shim keeps pointers to them). Once per process; later
    /// calls do nothing.
    pub fn js_init(&self, op: JsOp, builtins: &'static [(&'static str, &'static str)]) {
        let raw: Vec<RawBuiltin> = builtins
            .iter()
            .map(|(name, source)| RawBuiltin {
                name: name.as_ptr().cast(),
                name_len: name.len(),
                source: source.as_ptr().cast(),
                source_len: source.len(),
            })
            .collect();
        // SAFETY: the array is valid during the call (the shim copies the names) and the
        // sources are 'static; `op` has the shim's JsOp ABI.
        unsafe { (self.js_init)(op, raw.as_ptr(), raw.len()) }
    }

    /// Runs the compiling isolate's due foreground tasks (its share of V8's wasm code GC);
    /// call every second or so, from any thread. [`init`] must have succeeded.
    pub fn service(&self) {
        // SAFETY: V8 is initialized (the caller's contract); the shim locks the isolate.
        unsafe { (self.service)() }
    }
}

/// An isolate with a fresh context, owned: dropping it disposes of it.
pub struct Isolate {
    api: &'static Api,
    ptr: *mut c_void,
    /// Runs this isolate has served (see `pool::Pool::recycle`).
    pub(crate) runs: u32,
    /// Linear memory those runs left behind, bytes: garbage until V8 collects it.
    pub(crate) garbage: u64,
    /// What the isolate was started from, kept alive as long as it.
    _snapshot: Option<Arc<Snapshot>>,
}

// SAFETY: an isolate may move between threads: the shim takes its v8::Locker on every use
// (which also sets the stack limit for the using thread), and `&mut self` methods keep uses
// sequential.
unsafe impl Send for Isolate {}

/// A copy of an isolate's address, for terminating it from another thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IsolateRef(*mut c_void);

// SAFETY: only used through `terminate`, whose contract makes the caller ensure the isolate is
// alive; TerminateExecution is documented as callable from any thread.
unsafe impl Send for IsolateRef {}
// SAFETY: as above.
unsafe impl Sync for IsolateRef {}

impl Isolate {
    /// Creates an isolate (JS heap capped at `heap_limit` bytes, 0 for V8's default; started
    /// from `snapshot` when given) with its context. [`init`] must have succeeded.
    pub fn new(api: &'static Api, heap_limit: usize, snapshot: Option<Arc<Snapshot>>) -> Result<Isolate, String> {
        let mut err = vec![0u8; MESSAGE_LEN];
        let blob = snapshot.as_ref().map_or(std::ptr::null(), |s| s.ptr.cast_const());
        // SAFETY: V8 is initialized (the caller got `api` from `init`); the snapshot, if any, is
        // alive and stays so as long as the isolate (which keeps the Arc); the error buffer has
        // the given length.
        let ptr = unsafe { (api.guest_new)(heap_limit, blob, err.as_mut_ptr().cast(), err.len()) };
        if ptr.is_null() {
            return Err(message(&err));
        }
        Ok(Isolate { api, ptr, runs: 0, garbage: 0, _snapshot: snapshot })
    }

    /// Its address, for [`IsolateRef::terminate`].
    pub fn as_ref(&self) -> IsolateRef {
        IsolateRef(self.ptr)
    }

    /// Runs `source` as a script and returns its result as a string (for start-up checks).
    pub fn eval(&mut self, source: &str) -> Result<String, String> {
        let src = CString::new(source).map_err(|e| e.to_string())?;
        let mut out = vec![0u8; MESSAGE_LEN];
        // SAFETY: a live isolate used by this thread only (`&mut self`), a NUL-terminated
        // source and an output buffer of the given length.
        let rc = unsafe { (self.api.guest_eval)(self.ptr, src.as_ptr(), out.as_mut_ptr().cast(), out.len()) };
        if rc == 0 {
            Ok(message(&out))
        } else {
            Err(message(&out))
        }
    }

    /// Instantiates `module` in this isolate and calls its `_start`. Host calls reach the
    /// [`HostCall`] given to [`init`] with `data`.
    ///
    /// # Safety
    ///
    /// `data` must be what that host-call function expects, valid for the whole call.
    pub unsafe fn run(&mut self, module: &Module, data: *mut c_void) -> (RunStatus, RunInfo, String) {
        let mut info = RawRunInfo::default();
        let mut msg = vec![0u8; MESSAGE_LEN];
        // SAFETY: a live isolate used by this thread only (`&mut self`), a live module, `data`
        // as the caller guarantees, and output buffers of the given sizes.
        let rc = unsafe { (self.api.run)(self.ptr, module.ptr, data, &mut info, msg.as_mut_ptr().cast(), msg.len()) };
        let status = match rc {
            0 => RunStatus::Returned,
            1 => RunStatus::Terminated,
            2 => RunStatus::Exception,
            4 => RunStatus::NoStart,
            _ => RunStatus::InstantiateFailed,
        };
        let info = RunInfo {
            memory_len: info.memory_len,
            heap_limit_hit: info.heap_limit_hit != 0,
            buffers_refused: info.buffers_refused != 0,
        };
        (status, info, message(&msg))
    }

    /// Runs a JavaScript process: a fresh context, then the builtin `bootstrap`, which runs
    /// the whole process; its ops reach the [`JsOp`] given to [`Api::js_init`] with `data`.
    ///
    /// # Safety
    ///
    /// `data` must be what that op function expects, valid for the whole call.
    pub unsafe fn run_js(&mut self, bootstrap: &str, data: *mut c_void) -> (RunStatus, RunInfo, String) {
        let mut info = RawRunInfo::default();
        let mut msg = vec![0u8; MESSAGE_LEN];
        // SAFETY: a live isolate used by this thread only (`&mut self`), a name valid during
        // the call, `data` as the caller guarantees, and output buffers of the given sizes.
        let rc = unsafe {
            (self.api.js_run)(
                self.ptr,
                bootstrap.as_ptr().cast(),
                bootstrap.len(),
                data,
                &mut info,
                msg.as_mut_ptr().cast(),
                msg.len(),
            )
        };
        let status = match rc {
            0 => RunStatus::Returned,
            1 => RunStatus::Terminated,
            _ => RunStatus::Exception,
        };
        let info = RunInfo {
            memory_len: info.memory_len,
            heap_limit_hit: info.heap_limit_hit != 0,
            buffers_refused: info.buffers_refused != 0,
        };
        (status, info, message(&msg))
    }

    /// Fuzzing only: runs `source` as a plain script in a fresh context that holds
    /// `__burrow` (the natives) and nothing of the bootstrap; ops reach the [`JsOp`] given to
    /// [`Api::js_init`] with `data`. The isolate must have been made without a snapshot. The
    /// string is the script's completion value (if a string) or the uncaught exception's text.
    ///
    /// # Safety
    ///
    /// As [`Isolate::run_js`].
    #[cfg(feature = "fuzzing")]
    pub unsafe fn run_natives(&mut self, source: &str, data: *mut c_void) -> (RunStatus, RunInfo, String) {
        let mut info = RawRunInfo::default();
        let mut msg = vec![0u8; 1 << 18];
        // SAFETY: as in `run_js`.
        let rc = unsafe {
            (self.api.js_run_natives)(
                self.ptr,
                source.as_ptr().cast(),
                source.len(),
                data,
                &mut info,
                msg.as_mut_ptr().cast(),
                msg.len(),
            )
        };
        let status = match rc {
            0 => RunStatus::Returned,
            1 => RunStatus::Terminated,
            _ => RunStatus::Exception,
        };
        let info = RunInfo {
            memory_len: info.memory_len,
            heap_limit_hit: info.heap_limit_hit != 0,
            buffers_refused: info.buffers_refused != 0,
        };
        (status, info, message(&msg))
    }

    /// Lets the next JavaScript run grow the heap to `bytes` (when more than the isolate was
    /// made with); reaching it ends the run as the creation limit does.
    pub fn set_heap_limit(&mut self, bytes: usize) {
        // SAFETY: a live isolate used by this thread only (`&mut self`).
        unsafe { (self.api.guest_set_heap_limit)(self.ptr, bytes) }
    }

    /// Whether a run grew the heap beyond the size the isolate was made with (it then stays
    /// larger, so the isolate should not serve other runs).
    pub fn heap_raised(&self) -> bool {
        // SAFETY: a live isolate, not running (`&self` excludes the `&mut self` runs take).
        unsafe { (self.api.guest_heap_raised)(self.ptr) != 0 }
    }

    /// Makes what the next run is expected to need, off its path: the linear memory of the last
    /// run's module (WebAssembly isolates), or a fresh context (JavaScript isolates).
    pub fn prepare(&mut self) {
        // SAFETY: a live isolate used by this thread only (`&mut self`).
        unsafe { (self.api.guest_prepare)(self.ptr) }
    }
}

impl Drop for Isolate {
    fn drop(&mut self) {
        // SAFETY: the isolate is live and, being owned here, not in use by any thread.
        unsafe { (self.api.guest_dispose)(self.ptr) }
    }
}

impl IsolateRef {
    /// Stops whatever the isolate is running (v8::Isolate::TerminateExecution), from any thread.
    ///
    /// # Safety
    ///
    /// The isolate must not have been disposed of (and must not be, during the call).
    pub unsafe fn terminate(self, api: &Api) {
        // SAFETY: the isolate is live (the caller's contract); TerminateExecution is thread-safe.
        unsafe { (api.guest_terminate)(self.0) }
    }
}

/// The startup snapshot of JavaScript processes: a context in which the bootstrap has run.
pub struct Snapshot {
    api: &'static Api,
    ptr: *mut c_void,
}

// SAFETY: the blob is immutable once made; V8 only reads it when creating isolates, from any
// thread.
unsafe impl Send for Snapshot {}
// SAFETY: as above.
unsafe impl Sync for Snapshot {}

impl Snapshot {
    /// Makes the snapshot by running the builtin `bootstrap` (registered by [`Api::js_init`]).
    pub fn new(api: &'static Api, bootstrap: &str) -> Result<Snapshot, String> {
        let mut err = vec![0u8; MESSAGE_LEN];
        // SAFETY: V8 is initialized and the builtins registered (the caller's contract via
        // `api`); the name and error buffer are valid for their lengths.
        let ptr = unsafe { (api.js_snapshot)(bootstrap.as_ptr().cast(), bootstrap.len(), err.as_mut_ptr().cast(), err.len()) };
        if ptr.is_null() {
            return Err(message(&err));
        }
        Ok(Snapshot { api, ptr })
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        // SAFETY: owned here; every isolate made from it holds an Arc to it, so none is alive.
        unsafe { (self.api.js_snapshot_free)(self.ptr) }
    }
}

/// A compiled module, shareable by every isolate of the process (a `v8::CompiledWasmModule`).
pub struct Module {
    api: &'static Api,
    ptr: *mut c_void,
}

// SAFETY: the shim never mutates a compiled module after creating it; instantiating from it in
// several isolates at once only copies its shared_ptr to V8's NativeModule (atomic refcounts),
// which V8 designed for sharing across isolates and threads.
unsafe impl Send for Module {}
// SAFETY: as above.
unsafe impl Sync for Module {}

impl Module {
    /// Compiles `wasm` with each of its function imports bound as `imports` says (in the
    /// module's import order). `memory` is `(min, max)` in pages when the module imports its
    /// memory as `wasm::MEMORY_IMPORT` (runs then supply it), with the data segments the runs
    /// write into it when the module's are passive. Fails with V8's compile error.
    pub fn compile(
        api: &'static Api,
        wasm: &[u8],
        imports: &[ImportBinding],
        memory: Option<(u64, u64, Option<&[DataSegment]>)>,
    ) -> Result<Module, String> {
        let raw: Vec<RawImport> = imports
            .iter()
            .map(|i| RawImport {
                module: i.module.as_ptr().cast(),
                module_len: i.module.len(),
                name: i.name.as_ptr().cast(),
                name_len: i.name.len(),
                index: i.index,
                result: i.result as u32,
            })
            .collect();
        let mut err = vec![0u8; MESSAGE_LEN];
        let (memory_min, memory_max) = memory.map_or((-1, -1), |(min, max, _)| (min as i64, max as i64));
        let image = memory.and_then(|(_, _, image)| image);
        let segments: Vec<RawSegment> = image
            .unwrap_or_default()
            .iter()
            .map(|s| RawSegment { offset: s.offset, data: s.bytes.as_ptr(), len: s.bytes.len() })
            .collect();
        let nsegments = image.map_or(-1, |_| segments.len() as i64);
        // SAFETY: the byte, import and segment arrays are valid for their lengths during the
        // call (the shim copies names and segments); the error buffer has the given length.
        let ptr = unsafe {
            (api.compile)(
                wasm.as_ptr(),
                wasm.len(),
                raw.as_ptr(),
                raw.len(),
                memory_min,
                memory_max,
                segments.as_ptr(),
                nsegments,
                err.as_mut_ptr().cast(),
                err.len(),
            )
        };
        if ptr.is_null() {
            return Err(message(&err));
        }
        Ok(Module { api, ptr })
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        // SAFETY: the module is live and owned here; instances keep V8's code alive themselves.
        unsafe { (self.api.compiled_free)(self.ptr) }
    }
}
