//! Burrow: run untrusted programs in isolated in-process virtual machines.
//!
//! A [`Runtime`] holds what every VM of a host process shares (engines, compiled modules, the
//! read-only base image with the userland); a [`Vm`] is one isolated kernel over it, with its
//! own files, processes, limits and network policy. [`Vm::builder`] configures one; it is
//! disposed of (every process killed, every byte freed) when dropped.
//!
//! Run a shell line and read what it printed:
//!
//! ```
//! use burrow::{Stdio, Vm};
//!
//! let vm = Vm::builder().env("GREETING", "hello").build()?;
//! let out = vm.command("sh").args(["-c", "echo $GREETING from $(pwd) | tr a-z A-Z"]).output()?;
//! assert_eq!(out.stdout, b"HELLO FROM /HOME/USER\n");
//!
//! // Standard input, and files that outlive the program.
//! let out = vm.command("sort").args(["-o", "/tmp/sorted"]).stdin(Stdio::Bytes(b"b\na\n".to_vec())).output()?;
//! assert!(out.status.success());
//! assert_eq!(vm.fs().read("/tmp/sorted")?, b"a\nb\n");
//! # Ok::<(), burrow::Error>(())
//! ```
//!
//! Choose a backend, and limit what an untrusted program may take: a breach ends it with the
//! limit named ([`Output::limit_exceeded`]); a refused call is recorded ([`Output::limits_hit`]).
//!
//! ```
//! use burrow::kernel::limits::Limits;
//! use burrow::kernel::Limit;
//! use burrow::{BackendKind, Vm};
//!
//! let limits = Limits { fs_bytes: 1 << 20, cpu_time_ms: 2_000, ..Limits::default() };
//! let vm = Vm::builder().backend(BackendKind::Wasmi).limits(limits).build()?;
//! let out = vm.run(&["sh", "-c", "head -c 4000000 /dev/zero > /tmp/big"])?;
//! assert!(!out.status.success());
//! assert_eq!(out.limits_hit, [Limit::FsBytes]);
//!
//! let out = vm.run(&["sh", "-c", "while :; do :; done"])?;
//! assert_eq!(out.limit_exceeded, Some(Limit::CpuTime));
//! assert_eq!(out.code(), 152);
//! # Ok::<(), burrow::Error>(())
//! ```
//!
//! Mount a host directory (read-only here: every write fails inside the VM):
//!
//! ```
//! use burrow::{MountSpec, Vm};
//!
//! let dir = std::env::temp_dir().join(format!("burrow-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("data.txt"), "3\n1\n2\n").unwrap();
//! let vm = Vm::builder().mount(MountSpec { host: dir.clone(), guest: "/data".into(), read_only: true }).build()?;
//! let out = vm.run(&["sh", "-c", "sort -n /data/data.txt | head -n 1; echo x > /data/new"])?;
//! assert_eq!(out.stdout, b"1\n");
//! assert!(String::from_utf8_lossy(&out.stderr).contains("Read-only file system"));
//! std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), burrow::Error>(())
//! ```
//!
//! [`Vm::spawn`] streams a running program's stdio ([`Child`]), [`Vm::snapshot`] saves and
//! clones a VM's files, [`Vm::stats`] reads its usage; `examples/` has a program for each.
#![warn(missing_docs)]

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
