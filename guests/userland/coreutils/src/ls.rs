//! `ls`, `dir` and `vdir`: uutils' `ls` with Burrow's WASI patch (`uu_ls/README.md`). `dir` is
//! `ls -C -b` and `vdir` is `ls -l -b`, as uutils' `uu_dir` and `uu_vdir` define them.

use std::ffi::OsString;

pub fn ls(args: std::vec::IntoIter<OsString>) -> i32 {
    uu_ls::uumain(args)
}

pub fn dir(args: std::vec::IntoIter<OsString>) -> i32 {
    dir::uumain(args)
}

pub fn vdir(args: std::vec::IntoIter<OsString>) -> i32 {
    vdir::uumain(args)
}

/// What `uu_dir` and `uu_vdir` do, over the patched crate.
macro_rules! variant {
    ($module:ident, $name:literal, $config:ident) => {
        mod $module {
            use std::ffi::OsString;
            use std::path::Path;

            use uu_ls::{options, Config};
            use uucore::error::UResult;

            #[uucore::main]
            pub fn uumain(args: impl uucore::Args) -> UResult<()> {
                let command = uu_ls::uu_app().name($name);
                let (matches, diag_args) =
                    uucore::clap_localization::handle_clap_result_with_diagnostics(command, args.collect(), 2)?;
                let config = Config::$config(&matches, diag_args.as_deref())?;
                let locs = matches
                    .get_many::<OsString>(options::PATHS)
                    .map_or_else(|| vec![Path::new(".")], |v| v.map(Path::new).collect());
                uu_ls::list(locs, &config)
            }
        }
    };
}

variant!(dir, "dir", from_dir);
variant!(vdir, "vdir", from_vdir);
