//! Fuzzing and tests only (the `fuzzing` feature): runs a script with the natives a JavaScript
//! guest's bootstrap gets (`__burrow`: `op`, the compilers, the module natives, the codecs...)
//! in reach, to call them with any JavaScript values.
//!
//! A real guest never reaches this: its process runs the bootstrap, which takes `__burrow` off
//! the global object before any guest code runs. Here the script runs instead of the bootstrap,
//! in a fresh context of an isolate made for the run (without the startup snapshot), with the
//! real op handler (`burrow_node::call` on a [`NodeCtx`] of the given process) and the limits
//! of a run: the ArrayBuffers and the heap share the VM's `memory` limit.

use std::ffi::c_void;
use std::sync::mpsc;
use std::time::Duration;

use burrow_kernel::Task;
use burrow_node::NodeCtx;
use burrow_wasi::{HostExit, HostResult};

use crate::{ffi, NodeRun, Stop, V8};

pub use crate::ffi::{RunInfo, RunStatus};

/// How a run of [`V8::run_natives`] ended.
#[derive(Debug)]
pub struct NativesRun {
    /// How the script ended (`Terminated`: an op asked to stop, the timeout, the heap limit).
    pub status: RunStatus,
    /// The script's completion value when it is a string (status `Returned`), or the text of
    /// its uncaught exception (status `Exception`).
    pub text: String,
    /// What the shim reported.
    pub info: RunInfo,
    /// Why an op stopped the process, if one did: an exit, a kill, or a panic (of the op or of
    /// the observer) with its message.
    pub stopped: Option<Result<HostExit, String>>,
    /// Whether the timeout terminated the script.
    pub timed_out: bool,
}

impl V8 {
    /// Runs `source` with `__burrow` in reach as process `task` (argv `node x.js`): see the
    /// module documentation. `observe` is called after every op with its code, its buffer and
    /// its result. The script is terminated after `timeout`.
    pub fn run_natives(
        &self,
        task: Task,
        source: &str,
        timeout: Duration,
        observe: Box<dyn FnMut(u32, &[u8], &HostResult<f64>)>,
    ) -> Result<NativesRun, String> {
        let limits = *task.kernel().limits();
        let mut isolate = ffi::Isolate::new(self.api, self.config.js_heap_limit, None)?;
        isolate.set_heap_limit(usize::try_from(limits.memory).unwrap_or(usize::MAX));
        let mut state = NodeRun {
            cx: NodeCtx::new(task, vec![b"node".to_vec(), b"x.js".to_vec()], vec![b"HOME=/".to_vec()]),
            stop: None,
            observe: Some(observe),
        };
        let target = isolate.as_ref();
        let api = self.api;
        let (done, finished) = mpsc::channel::<()>();
        let watchdog = std::thread::spawn(move || {
            let fired = matches!(finished.recv_timeout(timeout), Err(mpsc::RecvTimeoutError::Timeout));
            if fired {
                // SAFETY: the isolate is disposed of only after this thread is joined.
                unsafe { target.terminate(api) };
            }
            fired
        });
        // SAFETY: `state` is the NodeRun that `js_op` expects, alive and otherwise unused until
        // `run_natives` returns.
        let (status, info, text) =
            unsafe { isolate.run_natives(source, (&mut state as *mut NodeRun).cast::<c_void>()) };
        drop(done);
        let timed_out = watchdog.join().unwrap_or(true);
        drop(isolate);
        let stopped = state.stop.map(|stop| match stop {
            Stop::Exit(exit) => Ok(exit),
            Stop::Panic(msg) => Err(msg),
        });
        Ok(NativesRun { status, text, info, stopped, timed_out })
    }
}
