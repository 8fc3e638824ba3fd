//! Paths for fuzzed calls: mostly names from the seeded tree and the mount (so the fuzzer
//! reaches deep states at once), sometimes the fuzzer's own bytes.

use arbitrary::{Arbitrary, Unstructured};

use crate::hostdir::HostDir;

/// Paths that mean something in a fuzzed VM (see [`crate::vm::Vm`] and
/// [`crate::hostdir`]).
const KNOWN: &[&[u8]] = &[
    b"/",
    b"/a",
    b"/a/b",
    b"/a/f",
    b"/a/lb",
    b"/a/b/up",
    b"/a/b/up/f",
    b"/mesc",
    b"/mup",
    b"/loop",
    b"/md",
    b"/md/f",
    b"/mnt",
    b"/mnt/",
    b"/mnt/d",
    b"/mnt/d/f",
    b"/mnt/esc",
    b"/mnt/up",
    b"/mnt/up/canary",
    b"/mnt/abs",
    b"/mnt/abs/file",
    b"/mnt/d/deep",
    b"/mnt/new",
    b"/mnt/d/new",
    b"/mnt/..",
    b"/mnt/../mnt/d",
    b"/mnt/d/../..",
    b"/tmp",
    b"/tmp/x",
    b"/tmp/y",
    b"/tmp/s",
    b"x",
    b"y",
    b"..",
    b".",
    b"",
    b"a//b/",
    b"/a/f/",
    b"/nonexistent/x",
    b"mnt/d/f",
    b"/mnt/up/outside/file",
    b"/mnt/new/../../canary",
];

/// A path argument.
#[derive(Clone, Debug)]
pub struct PathArg(pub Vec<u8>);

impl<'a> Arbitrary<'a> for PathArg {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<PathArg> {
        let pick: u8 = u.arbitrary()?;
        Ok(PathArg(match pick {
            0..=199 => KNOWN[pick as usize % KNOWN.len()].to_vec(),
            200..=219 => {
                // A known path with a component of the fuzzer's appended.
                let base = KNOWN[u.choose_index(KNOWN.len())?];
                let tail: &[u8] = u.arbitrary()?;
                [base, b"/", &tail[..tail.len().min(40)]].concat()
            }
            220..=229 => {
                // The host's own path of what lies outside the mount.
                let host = HostDir::get().root();
                let which = ["canary", "outside", "outside/file", "mnt/d/f"][u.choose_index(4)?];
                host.join(which).as_os_str().as_encoded_bytes().to_vec()
            }
            _ => {
                let raw: &[u8] = u.arbitrary()?;
                raw[..raw.len().min(300)].to_vec()
            }
        }))
    }
}
