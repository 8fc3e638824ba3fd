//! The test guests, built from source for wasm32-wasip1, run through the embedding API on the
//! wasmtime backend: arguments, environment, exit codes, stdio, files, directories, symlinks,
//! renames, working directory, and processes with pipes through the `burrow` module.

mod common;

use burrow::{ExitStatus, Stdio};
use burrow::kernel::Signal;
use common::{text, vm};

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
    assert_eq!(
        text(&out.stdout),
        "dir bin\ndir dev\ndir etc\ndir home\ndir mnt\ndir root\ndir tmp\ndir usr\n"
    );
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
