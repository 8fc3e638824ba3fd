//! Limits the backend enforces end only the offending process, with a typed reason, a
//! conventional status and one line on its stderr; other VMs keep working.

mod common;

use burrow::kernel::limits::Limits;
use burrow::kernel::{Limit, Signal};
use burrow::{ExitStatus, Vm};
use common::{runtime, text};

fn vm_with(limits: Limits) -> Vm {
    Vm::builder().runtime(&runtime()).limits(limits).build().unwrap()
}

#[test]
fn cpu_time_limit_stops_a_spinning_guest_with_sigxcpu() {
    let vm = vm_with(Limits { cpu_time_ms: 200, ..Limits::default() });
    let out = vm.run(&["/bin/spin"]).unwrap();
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGXCPU));
    assert_eq!(out.code(), 152);
    assert_eq!(out.limit_exceeded, Some(Limit::CpuTime));
    assert!(text(&out.stderr).contains("limit `cpu_time_ms` exceeded (max 200)"), "{}", text(&out.stderr));
}

#[test]
fn wall_time_limit_stops_a_sleeping_guest() {
    let vm = vm_with(Limits { wall_time_ms: 300, ..Limits::default() });
    let started = std::time::Instant::now();
    let out = vm.run(&["/bin/sleep", "60000"]).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(out.code(), 137);
    assert_eq!(out.limit_exceeded, Some(Limit::WallTime));
    assert!(text(&out.stderr).contains("wall_time_ms"), "{}", text(&out.stderr));
}

#[test]
fn memory_limit_ends_a_memory_hog() {
    let vm = vm_with(Limits { memory: 16 << 20, ..Limits::default() });
    // A program that checks its allocations sees them fail and decides for itself.
    let out = vm.run(&["/bin/memhog", "64"]).unwrap();
    assert_eq!(out.status, ExitStatus::Code(1));
    assert!(text(&out.stdout).contains("allocation failed after"), "{}", text(&out.stdout));
    assert_eq!(out.limit_exceeded, None);
    // One that aborts on a failed allocation (most do) is reported as out of memory.
    let out = vm.run(&["/bin/memhog", "64", "abort"]).unwrap();
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL), "{}", text(&out.stderr));
    assert_eq!(out.limit_exceeded, Some(Limit::Memory));
    assert!(text(&out.stderr).contains("limit `memory` exceeded"), "{}", text(&out.stderr));
    let ok = vm.run(&["/bin/memhog", "4"]).unwrap();
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert_eq!(ok.limit_exceeded, None);
}

#[test]
fn a_limited_vm_does_not_disturb_another() {
    let hog = std::thread::spawn(|| {
        let vm = vm_with(Limits { cpu_time_ms: 300, ..Limits::default() });
        vm.run(&["/bin/spin"]).unwrap().status
    });
    let vm = common::vm();
    for _ in 0..20 {
        let out = vm.run(&["/bin/files", "/tmp"]).unwrap();
        assert!(out.status.success(), "{}", text(&out.stdout));
    }
    assert_eq!(hog.join().unwrap(), ExitStatus::Signaled(Signal::SIGXCPU));
}
