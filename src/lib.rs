//! Burrow: run untrusted programs in isolated in-process virtual machines.
//!
//! ```no_run
//! let vm = burrow::Vm::builder().build()?;
//! let out = vm.run(&["/bin/hello"])?;
//! assert!(out.status.success());
//! # Ok::<(), burrow::Error>(())
//! ```

mod child;
mod egress;
mod error;
mod fs;
mod host_access;
mod image;
mod runtime;
mod snapshot;
mod stats;
pub mod stdio;
mod vm;

pub use burrow_kernel as kernel;
pub use burrow_kernel::net::policy::NetPolicy;
pub use burrow_kernel::ExitStatus;
pub use child::{Child, ChildStderr, ChildStdin, ChildStdout};
pub use error::{Error, Result};
pub use fs::{DirEntry, Metadata, VmFs};
pub use host_access::{HttpClient, HttpResponse, VmStream, DEFAULT_HTTP_BODY_LIMIT, DEFAULT_HTTP_TIMEOUT};
pub use image::userland_manifest;
pub use runtime::{BackendKind, Runtime, RuntimeBuilder};
pub use snapshot::Snapshot;
pub use stats::{LimitFill, VmStats};
pub use stdio::Stdio;
pub use vm::{Command, MountSpec, Output, Vm, VmBuilder, DEFAULT_CAPTURE_LIMIT};
