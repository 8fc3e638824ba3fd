//! `whoami`, `id`, `groups`, `logname`: WASI has no user ids, and Burrow runs every VM process
//! as uid 1000, gid 1000 with no supplementary groups, so those are the process's ids; names come
//! from `/etc/passwd` and `/etc/group`.

use std::ffi::OsString;
use std::io::Write;

use super::{db, opt, parse, quote, usage_error, Parse};

/// The uid and gid of every process in a Burrow VM (the kernel's `USER` credentials).
pub const UID: u32 = 1000;
pub const GID: u32 = 1000;

fn user_label(uid: u32) -> String {
    db::user_name(uid).unwrap_or_else(|| uid.to_string())
}

fn group_label(gid: u32) -> String {
    db::group_name(gid).unwrap_or_else(|| gid.to_string())
}

/// A user to report on: ids and group list (primary group first).
struct Who {
    uid: u32,
    gid: u32,
    groups: Vec<u32>,
}

/// The calling process.
fn me() -> Who {
    Who { uid: UID, gid: GID, groups: vec![GID] }
}

/// The `/etc/passwd` user `name` (or numeric uid), with its groups from `/etc/group`.
fn lookup(name: &str) -> Option<Who> {
    let users = db::passwd();
    let (login, uid, gid) = users
        .iter()
        .find(|u| u.0 == name)
        .or_else(|| name.parse::<u32>().ok().and_then(|n| users.iter().find(|u| u.1 == n)))
        .cloned()?;
    let mut groups = vec![gid];
    for (_, g, members) in db::groups() {
        if members.iter().any(|m| *m == login) && !groups.contains(&g) {
            groups.push(g);
        }
    }
    Some(Who { uid, gid, groups })
}

pub fn whoami(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: whoami [OPTION]...\n\
        Print the user name associated with the current effective user ID.\n\
        Same as id -un.\n\n      --help        display this help and exit\n      --version     output version information and exit\n";
    let p = match parse(args, &[], HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    if let Some(extra) = p.operands.first() {
        return usage_error(format!("extra operand {}", quote(extra)));
    }
    println!("{}", user_label(UID));
    0
}

pub fn logname(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: logname [OPTION]\n\
        Print the user's login name.\n\n      --help        display this help and exit\n      --version     output version information and exit\n";
    let p = match parse(args, &[], HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    if let Some(extra) = p.operands.first() {
        return usage_error(format!("extra operand {}", quote(extra)));
    }
    // No login sessions in a VM: the login name is the one user every process runs as.
    println!("{}", user_label(UID));
    0
}

pub fn groups(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: groups [OPTION]... [USERNAME]...\n\
        Print group memberships for each USERNAME or, if no USERNAME is specified, for\n\
        the current process (which may differ if the groups database has changed).\n\
        \n      --help        display this help and exit\n      --version     output version information and exit\n";
    let p = match parse(args, &[], HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    let names = |w: &Who| w.groups.iter().map(|&g| group_label(g)).collect::<Vec<_>>().join(" ");
    if p.operands.is_empty() {
        println!("{}", names(&me()));
        return 0;
    }
    let mut status = 0;
    for user in &p.operands {
        let u = user.to_string_lossy();
        match lookup(&u) {
            Some(w) => println!("{u} : {}", names(&w)),
            None => {
                super::error(format!("{}: no such user", quote(user)));
                status = 1;
            }
        }
    }
    status
}

pub fn id(args: std::vec::IntoIter<OsString>) -> i32 {
    const HELP: &str = "Usage: id [OPTION]... [USER]...\n\
        Print user and group information for each specified USER,\n\
        or (when USER omitted) for the current process.\n\n\
        \x20 -a             ignore, for compatibility with other versions\n\
        \x20 -Z, --context  print only the security context of the process\n\
        \x20 -g, --group    print only the effective group ID\n\
        \x20 -G, --groups   print all group IDs\n\
        \x20 -n, --name     print a name instead of a number, for -u,-g,-G\n\
        \x20 -r, --real     print the real ID instead of the effective ID, with -u,-g,-G\n\
        \x20 -u, --user     print only the effective user ID\n\
        \x20 -z, --zero     delimit entries with NUL characters, not whitespace;\n\
        \x20                  not permitted in default format\n\
        \x20     --help        display this help and exit\n\
        \x20     --version     output version information and exit\n\n\
        Without any OPTION, print some useful set of identified information.\n";
    let opts = [
        opt(Some('a'), None, false, "a"),
        opt(Some('Z'), Some("context"), false, "context"),
        opt(Some('g'), Some("group"), false, "group"),
        opt(Some('G'), Some("groups"), false, "groups"),
        opt(Some('n'), Some("name"), false, "name"),
        opt(Some('r'), Some("real"), false, "real"),
        opt(Some('u'), Some("user"), false, "user"),
        opt(Some('z'), Some("zero"), false, "zero"),
    ];
    let p = match parse(args, &opts, HELP) {
        Parse::Run(p) => p,
        Parse::Exit(code) => return code,
    };
    let (user, group, all) = (p.has("user"), p.has("group"), p.has("groups"));
    let (names, real, zero) = (p.has("name"), p.has("real"), p.has("zero"));
    if p.has("context") {
        super::error("--context (-Z) works only on an SELinux-enabled kernel");
        return 1;
    }
    if [user, group, all].iter().filter(|&&b| b).count() > 1 {
        super::error("cannot print \"only\" of more than one choice");
        return 1;
    }
    let default = !(user || group || all);
    if default && (names || real) {
        super::error("cannot print only names or real IDs in default format");
        return 1;
    }
    if default && zero {
        super::error("option --zero not permitted in default format");
        return 1;
    }

    let mut targets: Vec<Option<OsString>> = p.operands.into_iter().map(Some).collect();
    if targets.is_empty() {
        targets.push(None);
    }
    let mut status = 0;
    let mut out = std::io::stdout().lock();
    for target in targets {
        let who = match &target {
            None => me(),
            Some(name) => match lookup(&name.to_string_lossy()) {
                Some(w) => w,
                None => {
                    let _ = out.flush();
                    super::error(format!("{}: no such user", quote(name)));
                    status = 1;
                    continue;
                }
            },
        };
        let end = if zero { '\0' } else { '\n' };
        let line = if user {
            if names { user_label(who.uid) } else { who.uid.to_string() }
        } else if group {
            if names { group_label(who.gid) } else { who.gid.to_string() }
        } else if all {
            let sep = if zero { "\0" } else { " " };
            let list: Vec<String> =
                who.groups.iter().map(|&g| if names { group_label(g) } else { g.to_string() }).collect();
            list.join(sep)
        } else {
            let groups: Vec<String> = who.groups.iter().map(|&g| format!("{g}({})", group_label(g))).collect();
            format!(
                "uid={}({}) gid={}({}) groups={}",
                who.uid,
                user_label(who.uid),
                who.gid,
                group_label(who.gid),
                groups.join(",")
            )
        };
        let _ = write!(out, "{line}{end}");
    }
    status
}
