//! Helpers for the integration tests: the guest modules built by `cargo xtask guests`, and a
//! runtime whose base image has every test guest in `/bin`.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use burrow::{Runtime, Vm};

/// Where `cargo xtask guests` puts the modules.
pub fn guests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("guests")
}

/// The bytes of guest `name`.
pub fn guest(name: &str) -> Vec<u8> {
    let path = guests_dir().join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; build the guests with `cargo xtask guests`", path.display()))
}

/// Names of the test guests.
pub const GUESTS: &[&str] = &[
    "args", "ctor", "cwd", "dirs", "echo_client", "echo_server", "env", "exit", "files", "hello", "kill", "memhog",
    "netcheck", "pipeline", "proc", "readdir", "rename", "sleep", "spawn", "spin", "stdio", "symlinks", "true",
    "udp_echo", "write_big",
];

/// A runtime with every test guest at `/bin/NAME`, compiled modules cached under `target/`.
pub fn runtime() -> Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        let mut b = Runtime::builder()
            .cache_dir(Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache")));
        for name in GUESTS {
            b = b.file(format!("/bin/{name}"), guest(name), 0o755);
        }
        b.build().expect("test runtime")
    })
    .clone()
}

/// A fresh VM on the test runtime.
pub fn vm() -> Vm {
    Vm::builder().runtime(&runtime()).build().expect("vm")
}

/// Stdout as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Generates one `#[test]` per backend (modules `wasmtime`, `wasmi`, `v8`) for each scenario
/// function `fn NAME(Backend)`; the including file defines `Backend(BackendKind)` and imports
/// `BackendKind`. Use with `#[macro_use] mod common;`.
#[allow(unused_macros)]
macro_rules! every_backend {
    ($($name:ident),* $(,)?) => {
        mod wasmtime { $( #[test] fn $name() { super::$name(super::Backend(super::BackendKind::Wasmtime)); } )* }
        mod wasmi { $( #[test] fn $name() { super::$name(super::Backend(super::BackendKind::Wasmi)); } )* }
        mod v8 { $( #[test] fn $name() { super::$name(super::Backend(super::BackendKind::V8)); } )* }
    };
}
