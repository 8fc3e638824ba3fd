//! The project's guest scenarios on every backend: arguments, environment, exit codes, stdio,
//! files, directories, symlinks, renames, working directory, processes with pipes through the
//! `burrow` module, kills, traps, bad modules, and the CPU, wall-clock and memory limits.
//!
//! Each scenario is a function of a [`Backend`] (how to make its VMs); [`scenarios!`] turns the
//! list into one `#[test]` per scenario and backend, in a module named for the backend.

mod common;

use burrow::kernel::limits::Limits;
use burrow::kernel::{Limit, Signal};
use burrow::{BackendKind, ExitStatus, Stdio, Vm};
use common::{runtime, text};

/// The backend a scenario runs on.
#[derive(Clone, Copy)]
struct Backend(BackendKind);

impl Backend {
    /// A fresh VM on the test runtime.
    fn vm(self) -> Vm {
        self.vm_with(Limits::default())
    }

    /// A fresh VM with `limits`.
    fn vm_with(self, limits: Limits) -> Vm {
        Vm::builder().runtime(&runtime()).backend(self.0).limits(limits).build().expect("vm")
    }
}

/// `scenarios!(module_name, BackendKind::X; scenario, ...)`: a `#[test]` per scenario, in a
/// module named for the backend.
macro_rules! scenarios {
    ($module:ident, $kind:expr; $($name:ident),* $(,)?) => {
        mod $module {
            use super::BackendKind;
            $(
                #[test]
                fn $name() {
                    super::$name(super::Backend($kind));
                }
            )*
        }
    };
}

macro_rules! every_backend {
    ($($name:ident),* $(,)?) => {
        scenarios!(wasmtime, BackendKind::Wasmtime; $($name),*);
        scenarios!(wasmi, BackendKind::Wasmi; $($name),*);
        scenarios!(v8, BackendKind::V8; $($name),*);
    };
}

every_backend!(
    args_are_passed_through,
    environment_has_defaults_pwd_and_overrides,
    exit_codes_are_the_guests,
    stdin_stdout_and_stderr_are_separate_streams,
    programs_are_found_in_path,
    file_operations_behave,
    directory_operations_behave,
    symlinks_behave,
    renames_behave,
    readdir_lists_the_base_image,
    the_working_directory_is_the_kernels,
    spawn_and_wait_with_a_pipe,
    a_pipeline_of_two_children,
    kill_terminates_a_spinning_child,
    the_rest_of_the_burrow_module,
    host_modules_run_without_touching_the_vm_tree,
    files_written_by_one_program_are_seen_by_the_next,
    a_killed_vm_process_reports_the_signal,
    traps_and_bad_modules_are_clean_errors,
    cpu_time_limit_stops_a_spinning_guest_with_sigxcpu,
    wall_time_limit_stops_a_sleeping_guest,
    memory_limit_ends_a_memory_hog,
    a_limited_vm_does_not_disturb_another,
);


fn args_are_passed_through(b: Backend) {
    let out = b.vm().run(&["/bin/args", "one", "two words", ""]).unwrap();
    assert_eq!(text(&out.stdout), "/bin/args\none\ntwo words\n\n");
    assert_eq!(out.status, ExitStatus::Code(0));
}

fn environment_has_defaults_pwd_and_overrides(b: Backend) {
    let vm = b.vm();
    let out = vm.command("/bin/env").env("GREETING", "hi").output().unwrap();
    let env = text(&out.stdout);
    for line in ["GREETING=hi", "HOME=/home/user", "PATH=/usr/local/bin:/usr/bin:/bin", "PWD=/home/user", "USER=user"] {
        assert!(env.lines().any(|l| l == line), "missing {line} in:\n{env}");
    }
    let out = vm.command("/bin/env").arg("NOPE").output().unwrap();
    assert_eq!(out.status, ExitStatus::Code(1));
}

fn exit_codes_are_the_guests(b: Backend) {
    let vm = b.vm();
    for code in [0, 1, 42, 255] {
        assert_eq!(vm.run(&["/bin/exit", &code.to_string()]).unwrap().status, ExitStatus::Code(code as u8));
    }
    assert_eq!(vm.run(&["/bin/true"]).unwrap().status, ExitStatus::Code(0));
}

fn stdin_stdout_and_stderr_are_separate_streams(b: Backend) {
    let out = b.vm().command("/bin/stdio").stdin(Stdio::Bytes(b"hello\nworld\n".to_vec())).output().unwrap();
    assert_eq!(text(&out.stdout), "HELLO\nWORLD\n");
    assert_eq!(text(&out.stderr), "stderr-line\n");
    assert!(out.status.success());
}

fn programs_are_found_in_path(b: Backend) {
    let out = b.vm().run(&["hello"]).unwrap();
    assert_eq!(text(&out.stdout), "hello\n");
}

fn all_checks_pass(b: Backend, argv: &[&str]) {
    let out = b.vm().run(argv).unwrap();
    let log = text(&out.stdout);
    assert!(out.status.success(), "{argv:?} failed:\n{log}\n{}", text(&out.stderr));
    assert!(!log.contains("FAIL"), "{log}");
    assert!(log.lines().last().unwrap_or("").contains("all"), "{log}");
}

fn file_operations_behave(b: Backend) {
    all_checks_pass(b, &["/bin/files", "/tmp"]);
}

fn directory_operations_behave(b: Backend) {
    all_checks_pass(b, &["/bin/dirs", "/tmp"]);
}

fn symlinks_behave(b: Backend) {
    all_checks_pass(b, &["/bin/symlinks", "/tmp"]);
}

fn renames_behave(b: Backend) {
    all_checks_pass(b, &["/bin/rename", "/tmp"]);
}

fn readdir_lists_the_base_image(b: Backend) {
    let out = b.vm().run(&["/bin/readdir", "/"]).unwrap();
    assert_eq!(text(&out.stdout), "dir bin\ndir dev\ndir etc\ndir home\ndir mnt\ndir root\ndir tmp\ndir usr\n");
    let out = b.vm().run(&["/bin/readdir", "/nope"]).unwrap();
    assert_eq!(out.status, ExitStatus::Code(1));
    assert_eq!(text(&out.stderr), "readdir: ENOENT\n");
}

fn the_working_directory_is_the_kernels(b: Backend) {
    let vm = b.vm();
    let out = vm.run(&["/bin/ctor"]).unwrap();
    assert_eq!(text(&out.stdout), "cwd /home/user\nPWD /home/user\nctor ok\n");
    let out = vm.command("/bin/cwd").arg("-k").arg("/etc").arg("hostname").output().unwrap();
    assert_eq!(text(&out.stdout), "cwd /home/user\nkernel /home/user\ncwd /etc\nkernel /etc\nread hostname: burrow\n");
    let out = vm.command("/bin/ctor").cwd("/tmp").output().unwrap();
    assert_eq!(text(&out.stdout), "cwd /tmp\nPWD /tmp\nctor ok\n");
}

fn spawn_and_wait_with_a_pipe(b: Backend) {
    let out = b.vm().run(&["/bin/spawn", "/bin/args", "a", "b"]).unwrap();
    assert_eq!(text(&out.stdout), "child: /bin/args\nchild: a\nchild: b\nstatus: exit 0\n");
    let out = b.vm().run(&["/bin/spawn", "/bin/exit", "3"]).unwrap();
    assert_eq!(text(&out.stdout), "status: exit 3\n");
    let out = b.vm().run(&["/bin/spawn", "/bin/missing"]).unwrap();
    assert_eq!(text(&out.stdout), "spawn: ENOENT\n");
}

fn a_pipeline_of_two_children(b: Backend) {
    let out = b.vm().run(&["/bin/pipeline", "/bin/args", "x", "y", "--", "/bin/stdio"]).unwrap();
    assert_eq!(text(&out.stdout), "result: /BIN/ARGS\nresult: X\nresult: Y\nstatus 1: exit 0\nstatus 2: exit 0\n");
}

fn kill_terminates_a_spinning_child(b: Backend) {
    let out = b.vm().run(&["/bin/kill", "/bin/spin"]).unwrap();
    assert_eq!(text(&out.stdout), "spawned\nkilled\nstatus: signal 15\n");
    assert!(out.status.success());
}

fn the_rest_of_the_burrow_module(b: Backend) {
    all_checks_pass(b, &["/bin/proc"]);
}

fn host_modules_run_without_touching_the_vm_tree(b: Backend) {
    let vm = b.vm();
    let out = vm.module(common::guest("hello"), "hello").output().unwrap();
    assert_eq!(text(&out.stdout), "hello\n");
    let out = vm.run(&["/bin/readdir", "/tmp"]).unwrap();
    assert_eq!(text(&out.stdout), "");
}

fn files_written_by_one_program_are_seen_by_the_next(b: Backend) {
    let vm = b.vm();
    assert!(vm.run(&["/bin/files", "/tmp"]).unwrap().status.success());
    let out = vm.command("/bin/cwd").arg("-k").arg("/etc").arg("passwd").output().unwrap();
    assert!(text(&out.stdout).contains("read passwd: root:x:0:0"));
}

fn a_killed_vm_process_reports_the_signal(b: Backend) {
    let vm = b.vm();
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
}

fn traps_and_bad_modules_are_clean_errors(b: Backend) {
    let vm = b.vm();
    let err = vm.module(b"not wasm".to_vec(), "x").output().unwrap_err();
    assert!(matches!(err, burrow::Error::InvalidModule(_)), "{err}");
    let err = vm.module(b"\0asm\x01\0\0\0\x01".to_vec(), "x").output().unwrap_err();
    assert!(matches!(err, burrow::Error::InvalidModule(_)), "{err}");
    let err = vm.run(&["/bin/nope"]).unwrap_err();
    assert!(matches!(err, burrow::Error::NotFound { .. }), "{err}");
    let err = vm.run(&["/etc/passwd"]).unwrap_err();
    assert!(matches!(err, burrow::Error::NotExecutable { .. }), "{err}");
}


fn cpu_time_limit_stops_a_spinning_guest_with_sigxcpu(b: Backend) {
    let vm = b.vm_with(Limits { cpu_time_ms: 200, ..Limits::default() });
    let out = vm.run(&["/bin/spin"]).unwrap();
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGXCPU));
    assert_eq!(out.code(), 152);
    assert_eq!(out.limit_exceeded, Some(Limit::CpuTime));
    assert!(text(&out.stderr).contains("limit `cpu_time_ms` exceeded (max 200)"), "{}", text(&out.stderr));
}

fn wall_time_limit_stops_a_sleeping_guest(b: Backend) {
    let vm = b.vm_with(Limits { wall_time_ms: 300, ..Limits::default() });
    let started = std::time::Instant::now();
    let out = vm.run(&["/bin/sleep", "60000"]).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(out.status, ExitStatus::Signaled(Signal::SIGKILL));
    assert_eq!(out.code(), 137);
    assert_eq!(out.limit_exceeded, Some(Limit::WallTime));
    assert!(text(&out.stderr).contains("wall_time_ms"), "{}", text(&out.stderr));
}

fn memory_limit_ends_a_memory_hog(b: Backend) {
    let vm = b.vm_with(Limits { memory: 16 << 20, ..Limits::default() });
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
    assert_eq!(ok.limit_exceeded, None);
}

fn a_limited_vm_does_not_disturb_another(b: Backend) {
    let hog = std::thread::spawn(move || {
        let vm = b.vm_with(Limits { cpu_time_ms: 300, ..Limits::default() });
        vm.run(&["/bin/spin"]).unwrap().status
    });
    let vm = b.vm();
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
    let v8 = Vm::builder().runtime(&runtime()).backend(BackendKind::V8).build().unwrap();
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
