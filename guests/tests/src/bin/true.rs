//! `true`: exits 0 at once. The smallest module we can make with std linked: no Rust runtime
//! start-up (`#![no_main]`), so no argument/environment fetching and no formatting code; wasi-libc's
//! `_start` calls `__main_void` directly.
#![no_main]

#[no_mangle]
pub extern "C" fn __main_void() -> i32 {
    0
}
