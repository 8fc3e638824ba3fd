// Burrow's addition to uutils `ls` (see vendor/README.md): what std's `Metadata` does not expose
// on wasm32-wasip1 (inode, link count, permission bits, owner, group), read from the kernel with
// `burrow.stat`, and owner and group names from the VM's /etc/passwd and /etc/group.

use burrow_guest::FileStat;

use crate::PathData;

/// `stat` (when the entry is dereferenced) or `lstat` of the entry.
fn stat(item: &PathData) -> Option<FileStat> {
    burrow_guest::stat(item.path(), item.must_dereference).ok()
}

/// The link count, or `?`.
pub(crate) fn nlink(item: &PathData) -> String {
    stat(item).map_or_else(|| "?".to_string(), |st| st.nlink.to_string())
}

/// The inode number, or `?`.
pub(crate) fn ino(item: &PathData) -> String {
    stat(item).map_or_else(|| "?".to_string(), |st| st.ino.to_string())
}

const S_IFMT: u32 = 0o170000;

/// The mode column, as GNU prints it (`drwxr-xr-x`, with `s`/`S` and `t`/`T`).
pub(crate) fn permissions(item: &PathData) -> String {
    let Some(st) = stat(item) else { return "??????????".to_string() };
    let m = st.mode;
    let letter = match m & S_IFMT {
        0o040000 => 'd',
        0o120000 => 'l',
        0o020000 => 'c',
        0o060000 => 'b',
        0o010000 => 'p',
        0o140000 => 's',
        0o100000 => '-',
        _ => '?',
    };
    let mut s = String::with_capacity(10);
    s.push(letter);
    let bit = |b: u32, c: char| if m & b != 0 { c } else { '-' };
    let special = |x: u32, sp: u32, set: char| match (m & x != 0, m & sp != 0) {
        (true, true) => set,
        (false, true) => set.to_ascii_uppercase(),
        (true, false) => 'x',
        (false, false) => '-',
    };
    s.push(bit(0o400, 'r'));
    s.push(bit(0o200, 'w'));
    s.push(special(0o100, 0o4000, 's'));
    s.push(bit(0o040, 'r'));
    s.push(bit(0o020, 'w'));
    s.push(special(0o010, 0o2000, 's'));
    s.push(bit(0o004, 'r'));
    s.push(bit(0o002, 'w'));
    s.push(special(0o001, 0o1000, 't'));
    s
}

/// `-F`'s indicator for what is neither a directory nor a symlink: sockets, FIFOs and
/// executables.
pub(crate) fn classify(item: &PathData) -> Option<char> {
    let st = stat(item)?;
    match st.mode & S_IFMT {
        0o140000 => Some('='),
        0o010000 => Some('|'),
        0o100000 if st.mode & 0o111 != 0 => Some('*'),
        _ => None,
    }
}

/// `(id, name)` pairs of the colon-separated database `path` (`/etc/passwd`, `/etc/group`).
fn database(path: &str) -> Vec<(u32, String)> {
    let db = std::fs::read_to_string(path).unwrap_or_default();
    db.lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            Some((fields.nth(1)?.parse().ok()?, name.to_string()))
        })
        .collect()
}

/// The name of `id` in `db`, read once per process.
fn name_of(db: &'static std::sync::OnceLock<Vec<(u32, String)>>, path: &str, id: u32) -> Option<String> {
    db.get_or_init(|| database(path)).iter().find(|(found, _)| *found == id).map(|(_, name)| name.clone())
}

static PASSWD: std::sync::OnceLock<Vec<(u32, String)>> = std::sync::OnceLock::new();
static GROUP: std::sync::OnceLock<Vec<(u32, String)>> = std::sync::OnceLock::new();

/// The owner column: the user's name, or the number (`-n`, or no name for it).
pub(crate) fn owner(item: &PathData, numeric: bool) -> String {
    match stat(item) {
        Some(st) if numeric => st.uid.to_string(),
        Some(st) => name_of(&PASSWD, "/etc/passwd", st.uid).unwrap_or_else(|| st.uid.to_string()),
        None => "?".to_string(),
    }
}

/// The group column: the group's name, or the number.
pub(crate) fn group(item: &PathData, numeric: bool) -> String {
    match stat(item) {
        Some(st) if numeric => st.gid.to_string(),
        Some(st) => name_of(&GROUP, "/etc/group", st.gid).unwrap_or_else(|| st.gid.to_string()),
        None => "?".to_string(),
    }
}
