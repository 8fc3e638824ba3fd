//! A guest process for the shim targets: a child of init in its own group, a non-blocking
//! pipe at descriptors 0 and 1, a file at 2 and the preopen (`/`) at 3, and a linear memory
//! holding the fuzzer's bytes.

use burrow_kernel::fd::OpenFlags;
use burrow_kernel::syscall::ChildOptions;
use burrow_kernel::{Task, AT_FDCWD};

use crate::vm::Vm;

/// Size of a guest's linear memory.
pub const MEM_SIZE: usize = 16 << 10;

/// The guest's process, set up as the module documentation says.
pub fn task(vm: &Vm) -> Task {
    let task = vm.init().new_child(ChildOptions { pgid: Some(0), ..ChildOptions::default() }).expect("a guest process");
    assert_eq!(task.pipe(OpenFlags::NONBLOCK).expect("a pipe"), (0, 1));
    let fd = task.open(AT_FDCWD, b"/tmp/out", OpenFlags::CREAT | OpenFlags::RDWR, 0o644).expect("/tmp/out");
    assert_eq!(fd, 2);
    task.write(2, b"some content").expect("writing /tmp/out");
    burrow_wasi::prepare_stdio_and_preopen(&task).expect("the preopen");
    task
}

/// A linear memory of [`MEM_SIZE`] bytes starting with `init`.
pub fn memory(init: &[u8]) -> Vec<u8> {
    let mut mem = vec![0u8; MEM_SIZE];
    let n = init.len().min(MEM_SIZE);
    mem[..n].copy_from_slice(&init[..n]);
    mem
}
