//! The untyped entry point engines without typed registration use (V8's callbacks).

mod common;

use burrow_wasi::table::{call, functions, index_of};
use burrow_wasi::{HostExit, Mem};
use common::Guest;

#[test]
fn untyped_calls_reach_the_same_functions() {
    let mut g = Guest::new();
    let out = g.alloc(8);
    let sizes = index_of("wasi_snapshot_preview1", "args_sizes_get").unwrap();
    let r = call(sizes, &mut g.cx, Mem::new(&mut g.mem), &[out as u32 as u64, out as u32 as u64 + 4]).unwrap();
    assert_eq!(r, 0);
    assert_eq!(g.u32_at(out), 2, "argc");
    assert_eq!(g.u32_at(out + 4), 10, "\"prog\\0arg1\\0\"");
    // i64 arguments are taken whole: a seek past 4 GiB lands there.
    let fd = g.create(b"f");
    let seek = index_of("wasi_snapshot_preview1", "fd_seek").unwrap();
    let r = call(seek, &mut g.cx, Mem::new(&mut g.mem), &[fd as u64, 1 << 33, 0, out as u32 as u64]).unwrap();
    assert_eq!(r, 0);
    assert_eq!(g.u64_at(out), 1 << 33);
    let exit = index_of("wasi_snapshot_preview1", "proc_exit").unwrap();
    assert_eq!(call(exit, &mut g.cx, Mem::new(&mut g.mem), &[3]), Err(HostExit::Exit(3)));
    assert_eq!(call(functions().len(), &mut g.cx, Mem::new(&mut g.mem), &[]), Err(HostExit::Exit(127)));
}
