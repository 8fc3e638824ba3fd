//! `burrow run` / `burrow exec` with `--snapshot-out` and `--snapshot-in`, run as a real process.

use std::process::Command;

fn burrow() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_burrow"));
    c.env("BURROW_CACHE_DIR", std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("burrow-cache"));
    c
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = burrow().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_later_run_starts_from_a_saved_tar_or_directory() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["work.tar", "work-dir"] {
        let path = tmp.path().join(name);
        let path = path.to_str().unwrap();
        let changes = "mkdir -p proj && echo draft > proj/notes && ln -s notes proj/link && chmod 600 proj/notes && rm -f /tmp/none";
        let (code, _, err) = run(&["exec", "--snapshot-out", path, "--", changes]);
        assert_eq!(code, Some(0), "{err}");
        let (code, out, err) =
            run(&["exec", "--snapshot-in", path, "--", "cat proj/link; stat -c %a proj/notes; exit 3"]);
        assert_eq!((code, out.as_str()), (Some(3), "draft\n600\n"), "{err}");
        // In and out together: the second run adds to what the first left.
        let again = tmp.path().join(format!("again-{name}"));
        let again = again.to_str().unwrap();
        let (code, _, err) =
            run(&["run", "--snapshot-in", path, "--snapshot-out", again, "--", "sh", "-c", "echo more >> proj/notes"]);
        assert_eq!(code, Some(0), "{err}");
        let (_, out, _) = run(&["exec", "--json", "--snapshot-in", again, "--", "cat proj/notes"]);
        assert!(out.contains(r#""stdout":"draft\nmore\n""#), "{out}");
    }
    assert!(tmp.path().join("work-dir/manifest").is_file());
}

#[test]
fn bad_snapshots_are_one_line_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.tar");
    let (code, _, err) = run(&["exec", "--snapshot-in", missing.to_str().unwrap(), "--", "true"]);
    assert_eq!(code, Some(125));
    assert!(err.starts_with("burrow: ") && err.lines().count() == 1, "{err}");
    let junk = tmp.path().join("junk.tar");
    std::fs::write(&junk, vec![b'x'; 2048]).unwrap();
    let (code, _, err) = run(&["exec", "--snapshot-in", junk.to_str().unwrap(), "--", "true"]);
    assert_eq!(code, Some(125));
    assert!(err.starts_with("burrow: snapshot: ") && err.lines().count() == 1, "{err}");
    // Too big for the VM's limit: the limit's error.
    let big = tmp.path().join("big.tar");
    let (code, _, err) =
        run(&["exec", "--snapshot-out", big.to_str().unwrap(), "--", "head -c 200000 /dev/urandom > f"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) =
        run(&["exec", "--limit", "fs_bytes=100000", "--snapshot-in", big.to_str().unwrap(), "--", "true"]);
    assert_eq!(code, Some(126), "{err}");
    assert!(err.contains("fs_bytes"), "{err}");
    // A directory that holds something is not written into.
    let full = tmp.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("keep"), "mine").unwrap();
    let (code, _, err) = run(&["exec", "--snapshot-out", full.to_str().unwrap(), "--", "true"]);
    assert_eq!(code, Some(125));
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(std::fs::read_dir(&full).unwrap().count(), 1);
}
