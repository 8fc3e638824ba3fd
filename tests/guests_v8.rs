//! The test guests of `tests/guests.rs`, the same scenarios, run on the V8 backend: arguments,
//! environment, exit codes, stdio, files, directories, symlinks, renames, working directory,
//! processes with pipes through the `burrow` module, kills, traps and bad modules; plus the
//! limits of `tests/limits.rs` that the V8 backend enforces itself.

mod common;

use burrow::kernel::limits::Limits;
use burrow::kernel::{Limit, Signal};
use burrow::{BackendKind, ExitStatus, Stdio, Vm};
use common::{runtime, text};

/// A fresh VM on the test runtime, running programs on V8.
fn vm() -> Vm {
    Vm::builder().runtime(&runtime()).backend(BackendKind::V8).build().expect("vm on V8")
}

fn vm_with(limits: Limits) -> Vm {
    Vm::builder().runtime(&runtime()).backend(BackendKind::V8).limits(limits).build().expect("vm on V8")
}

#[test]
fn args_are_passed_through() {
    let out = vm().run(&["/bin/args", "one", "two words", ""]).unwrap();
    assert_eq!(text(&out.stdout), "/bin/args\none\ntwo words\n\n");
    assert_eq!(out.status, ExitStatus::Code(0));
}

#[test]
fn environment_has_defaults_pwd_and_overrides() {
    let vm = vm();
    let out = vm.command("/bin/env").env("GREETING", "hi").output().unwrap();
    let env = text(&out.stdout);
    for line in ["GREETING=hi", "HOME=/home/user", "PATH=/usr/local/bin:/usr/bin:/bin", "PWD=/home/user", "USER=user"] {
        assert!(env.lines().any(|l| l == line), "missing {line} in:\n{env}");
    }
    let out = vm.command("/bin/env").arg("NOPE").output().unwrap();
    assert_eq!(out.status, ExitStatus::Code(1));
}

#[test]
fn exit_codes_are_the_guests() {
    let vm = vm();
    for code in [0, 1, 42, 255] {
        assert_eq!(vm.run(&["/bin/exit", &code.to_string()]).unwrap().status, ExitStatus::Code(code as u8));
    }
    assert_eq!(vm.run(&["/bin/true"]).unwrap().status, ExitStatus::Code(0));
}

#[test]
fn stdin_stdout_and_stderr_are_separate_streams() {
    let out = vm().command("/bin/stdio").stdin(Stdio::Bytes(b"hello\nworld\n".to_vec())).output().unwrap();
    assert_eq!(text(&out.stdout), "HELLO\nWORLD\n");
    assert_eq!(text(&out.stderr), "stderr-line\n");
    assert!(out.status.success());
}

#[test]
fn programs_are_found_in_path() {
    let out = vm().run(&["hello"]).unwrap();
    assert_eq!(text(&out.stdout), "hello\n");
}

fn all_checks_pass(argv: &[&str]) {
    let out = vm().run(argv).unwrap();
    let log = text(&out.stdout);
    assert!(out.status.success(), "{argv:?} failed:\n{log}\n{}", text(&out.stderr));
    assert!(!log.contains("FAIL"), "{log}");
    assert!(log.lines().last().unwrap_or("").contains("all"), "{log}");
}

#[test]
fn file_operations_behave() {
    all_checks_pass(&["/bin/files", "/tmp"]);
}

#[test]
fn directory_operations_behave() {
    all_checks_pass(&["/bin/dirs", "/tmp"]);
}

#[test]
fn symlinks_behave() {
    all_checks_pass(&["/bin/symlinks", "/tmp"]);
}

#[test]
fn renames_behave() {
    all_checks_pass(&["/bin/rename", "/tmp"]);
}

#[test]
fn readdir_lists_the_base_image() {
    let out = vm().run(&["/bin/readdir", "/"]).unwrap();
    assert_eq!(text(&out.stdout), "dir bin\ndir dev\ndir etc\ndir home\ndir mnt\ndir root\ndir tmp\ndir usr\n");
    let out = vm().run(&["/bin/readdir", "/nope"]).unwrap();
    assert_eq!(out.status, ExitStatus::Code(1));
    assert_eq!(text(&out.stderr), "readdir: ENOENT\n");
}

#[test]
fn the_working_directory_is_the_kernels() {
    let vm = vm();
    let out = vm.run(&["/bin/ctor"]).unwrap();
    assert_eq!(text(&out.stdout), "cwd /home/user\nPWD /home/user\nctor ok\n");
    let out = vm.command("/bin/cwd").arg("-k").arg("/etc").arg("hostname").output().unwrap();
    assert_eq!(text(&out.stdout), "cwd /home/user\nkernel /home/user\ncwd /etc\nkernel /etc\nread hostname: burrow\n");
    let out = vm.command("/bin/ctor").cwd("/tmp").output().unwrap();
    assert_eq!(text(&out.stdout), "cwd /tmp\nPWD /tmp\nctor ok\n");
}

#[test]
fn spawn_and_wait_with_a_pipe() {
    let out = vm().run(&["/bin/spawn", "/bin/args", "a", "b"]).unwrap();
    assert_eq!(text(&out.stdout), "child: /bin/args\nchild: a\nchild: b\nstatus: exit 0\n");
    let out = vm().run(&["/bin/spawn", "/bin/exit", "3"]).unwrap();
    assert_eq!(text(&out.stdout), "status: exit 3\n");
    let out = vm().run(&["/bin/spawn", "/bin/missing"]).unwrap();
    assert_eq!(text(&out.stdout), "spawn: ENOENT\n");
}

#[test]
fn a_pipeline_of_two_children() {
    let out = vm().run(&["/bin/pipeline", "/bin/args", "x", "y", "--", "/bin/stdio"]).unwrap();
    assert_eq!(text(&out.stdout), "result: /BIN/ARGS\nresult: X\nresult: Y\nstatus 1: exit 0\nstatus 2: exit 0\n");
}

#[test]
fn kill_terminates_a_spinning_child() {
    let out = vm().run(&["/bin/kill", "/bin/spin"]).unwrap();
    assert_eq!(text(&out.stdout), "spawned\nkilled\nstatus: signal 15\n");
    assert!(out.status.success());
}

#[test]
fn the_rest_of_the_burrow_module() {
    all_checks_pass(&["/bin/proc"]);
}

#[test]
fn host_modules_run_without_touching_the_vm_tree() {
    let vm = vm();
    let out = vm.module(common::guest("hello"), "hello").output().unwrap();
    assert_eq!(text(&out.stdout), "hello\n");
    let out = vm.run(&["/bin/readdir", "/tmp"]).unwrap();
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn files_written_by_one_program_are_seen_by_the_next() {
    let vm = vm();
    assert!(vm.run(&["/bin/files", "/tmp"]).unwrap().status.success());
    let out = vm.command("/bin/cwd").arg("-k").arg("/etc").arg("passwd").output().unwrap();
    assert!(text(&out.stdout).contains("read passwd: root:x:0:0"));
}

#[test]
fn a_killed_vm_process_reports_the_signal() {
    let vm = vm();
    let init = vm.kernel().init();
    let h = std::thread::spawn({
        let kernel = vm.kernel().clone();
        move || {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let init = kernel.init();
            for pid in kernel.processes().pids() {
                if pid != 1 {
                    init.kill(pid as i64, Some(Signal::SIGKILL)).unwrap();
                }
            }
        }
    });
    let out = vm.run(&["/bin/spin"]).unwrap();
    h.join().unwrap();
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(out.code(), 137);
    drop(init);
}

#[test]
fn traps_and_bad_modules_are_clean_errors() {
    let vm = vm();
    let err = vm.module(b"not wasm".to_vec(), "x").output().unwrap_err();
    assert!(matches!(err, burrow::Error::InvalidModule(_)), "{err}");
    let err = vm.module(b"\0asm\x01\0\0\0\x01".to_vec(), "x").output().unwrap_err();
    assert!(matches!(err, burrow::Error::InvalidModule(_)), "{err}");
    let err = vm.run(&["/bin/nope"]).unwrap_err();
    assert!(matches!(err, burrow::Error::NotFound { .. }), "{err}");
    let err = vm.run(&["/etc/passwd"]).unwrap_err();
    assert!(matches!(err, burrow::Error::NotExecutable { .. }), "{err}");
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
    assert_eq!(out.limit_exceeded, Some(Limit::WallTime));
}

#[test]
fn memory_limit_ends_a_memory_hog() {
    let vm = vm_with(Limits { memory: 16 << 20, ..Limits::default() });
    let out = vm.run(&["/bin/memhog", "64"]).unwrap();
    assert_eq!(out.status, ExitStatus::Code(1));
    assert!(text(&out.stdout).contains("allocation failed after"), "{}", text(&out.stdout));
    assert_eq!(out.limit_exceeded, None);
    let out = vm.run(&["/bin/memhog", "64", "abort"]).unwrap();
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL), "{}", text(&out.stderr));
    assert_eq!(out.limit_exceeded, Some(Limit::Memory));
    assert!(text(&out.stderr).contains("limit `memory` exceeded"), "{}", text(&out.stderr));
    let ok = vm.run(&["/bin/memhog", "4"]).unwrap();
    assert!(ok.status.success(), "{}", text(&ok.stderr));
}

#[test]
fn a_limited_vm_does_not_disturb_another() {
    let hog = std::thread::spawn(|| {
        let vm = vm_with(Limits { cpu_time_ms: 300, ..Limits::default() });
        vm.run(&["/bin/spin"]).unwrap().status
    });
    let vm = vm();
    for _ in 0..20 {
        let out = vm.run(&["/bin/files", "/tmp"]).unwrap();
        assert!(out.status.success(), "{}", text(&out.stdout));
    }
    assert_eq!(hog.join().unwrap(), ExitStatus::Signaled(Signal::SIGXCPU));
}

/// `(module (memory (export "memory") 1) (func (export "_start") (drop (i32.load (i32.const 70000)))))`
const OUT_OF_BOUNDS: &[u8] = &[
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05,
    0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73,
    0x74, 0x61, 0x72, 0x74, 0x00, 0x00, 0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x41, 0xf0, 0xa2, 0x04, 0x28, 0x02, 0x00, 0x1a,
    0x0b,
];

#[test]
fn v8_and_wasmtime_in_one_process_each_handle_their_own_faults() {
    // Both engines catch out-of-bounds accesses with guard pages and SIGSEGV handlers; each
    // must pass the other's faults on.
    let v8 = vm();
    let wasmtime = Vm::builder().runtime(&runtime()).backend(BackendKind::Wasmtime).build().unwrap();
    for _ in 0..3 {
        for vm in [&v8, &wasmtime] {
            let out = vm.module(OUT_OF_BOUNDS.to_vec(), "oob").output().unwrap();
            assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGABRT), "{}", text(&out.stderr));
            assert!(text(&out.stderr).contains("out of bounds"), "{}", text(&out.stderr));
        }
    }
    for vm in [&v8, &wasmtime] {
        assert_eq!(text(&vm.run(&["hello"]).unwrap().stdout), "hello\n");
    }
}
