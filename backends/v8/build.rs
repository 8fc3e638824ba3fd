//! Builds `src/shim.cc` against Debian's libnode (Node 18, V8 10.2) into a shared library that
//! the crate loads at run time (see `src/ffi.rs`).
//!
//! libnode is looked for in `$BURROW_LIBNODE_DIR`, else `<workspace>/third_party/libnode`, and
//! fetched there (`apt-get download` + `dpkg-deb -x`, the same code as `cargo xtask libnode`) if
//! missing. If it cannot be had, or the shim does not build, the crate still builds: without the
//! `burrow_v8_available` cfg, and the backend then reports `BackendError::Unavailable` with the
//! reason (also printed as a cargo warning).
//!
//! The shim is a shared library with an rpath (DT_RPATH, so it also covers libnode's own
//! dependencies, libuv and c-ares, unpacked next to it) and the crate `dlopen`s it by absolute
//! path: every binary depending on the crate finds V8 without LD_LIBRARY_PATH or link arguments
//! of its own (`cargo:rustc-link-arg` would reach only this package's own binaries), and those
//! that never use the V8 backend never load libnode.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../xtask/src/libnode.rs"]
mod libnode;

const SHIM: &str = "libburrow_v8_shim.so";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(burrow_v8_available)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/shim.cc");
    println!("cargo:rerun-if-changed=../../xtask/src/libnode.rs");
    println!("cargo:rerun-if-env-changed=BURROW_LIBNODE_DIR");
    match build() {
        Ok(shim) => {
            println!("cargo:rustc-cfg=burrow_v8_available");
            println!("cargo:rustc-env=BURROW_V8_SHIM={}", shim.display());
        }
        Err(reason) => {
            let reason = reason.replace(['\n', '\r'], " ");
            println!("cargo:warning=burrow-v8: building without V8: {reason}");
            println!("cargo:rustc-env=BURROW_V8_UNAVAILABLE={reason}");
        }
    }
}

fn build() -> Result<PathBuf, String> {
    let dir = match std::env::var_os("BURROW_LIBNODE_DIR") {
        Some(d) => PathBuf::from(d),
        None => {
            let d = libnode::default_dir();
            // Rerun when the tree appears or changes (if it is missing, the marker is too, and
            // cargo reruns this script on every build until the fetch succeeds).
            println!("cargo:rerun-if-changed={}", d.join(libnode::MARKER).display());
            libnode::ensure_at(&d)?;
            d
        }
    };
    let include = libnode::include_dir(&dir);
    if !include.join("v8.h").is_file() {
        return Err(format!("{} has no v8.h", include.display()));
    }
    let lib = libnode::lib_dir(&dir).ok_or_else(|| format!("{} holds no {}", dir.display(), libnode::LIBNODE))?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);

    let mut build = cc::Build::new();
    build
        .cpp(true)
        .file("src/shim.cc")
        .include(&include)
        .std("c++17")
        // libnode is built without RTTI: it exports no typeinfo for the V8 classes the shim
        // subclasses (v8::TaskRunner, node::IsolatePlatformDelegate).
        .flag("-fno-rtti")
        .flag_if_supported("-Wno-unused-parameter")
        .pic(true)
        .opt_level(2)
        .cargo_metadata(false);
    let objects = build.try_compile_intermediates().map_err(|e| format!("cannot compile src/shim.cc: {e}"))?;

    let shim = out.join(SHIM);
    let mut link = build.try_get_compiler().map_err(|e| format!("no C++ compiler: {e}"))?.to_command();
    link.arg("-shared")
        .arg("-o")
        .arg(&shim)
        .args(&objects)
        .arg(format!("-Wl,-soname,{SHIM}"))
        .arg(format!("-L{}", lib.display()))
        .arg(format!("-l:{}", libnode::LIBNODE))
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg(format!("-Wl,-rpath-link,{}", lib.display()))
        .arg("-Wl,--disable-new-dtags")
        .arg("-Wl,-z,defs");
    run(&mut link)?;
    check_loads(&shim)?;
    Ok(shim)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// Fails if the shim's dependencies do not all resolve (`ldd` reports "not found").
fn check_loads(shim: &Path) -> Result<(), String> {
    let Ok(out) = Command::new("ldd").arg(shim).output() else {
        return Ok(());
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> = text.lines().filter(|l| l.contains("not found")).map(str::trim).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("{} cannot load: {}", shim.display(), missing.join(", ")))
    }
}
