//! `disk_fill DIR bytes|inodes`: fills the filesystem holding DIR until the kernel refuses
//! (`bytes`: 64 KiB writes to `DIR/fill`; `inodes`: empty files `DIR/f0`, `DIR/f1`...), prints
//! `wrote N KiB, then ERRNO` (or `made N files, then ERRNO`), removes what it made and checks
//! that 64 KiB fit again (`recovered`). Exits 0 if the kernel refused and space came back, 1
//! otherwise. Gives up after 1 GiB or 1000000 files.
use std::fs::{self, File};
use std::io::Write;
use std::path::PathBuf;

use burrow_test_guests::{arg, err_name};

const CHUNK: usize = 64 << 10;

fn main() {
    let dir = PathBuf::from(arg(1, "DIR bytes|inodes"));
    let mode = std::env::args().nth(2).unwrap_or_default();
    let refused = match mode.as_str() {
        "bytes" => {
            let path = dir.join("fill");
            let chunk = vec![b'x'; CHUNK];
            let mut written = 0usize;
            let refused = match File::create(&path) {
                Err(e) => Some(e),
                Ok(mut f) => loop {
                    if written >= 1 << 30 {
                        break None;
                    }
                    match f.write(&chunk) {
                        Ok(n) => written += n,
                        Err(e) => break Some(e),
                    }
                },
            };
            print!("wrote {} KiB", written >> 10);
            let _ = fs::remove_file(&path);
            refused
        }
        "inodes" => {
            let mut made = 0usize;
            let refused = loop {
                if made == 1_000_000 {
                    break None;
                }
                match File::create(dir.join(format!("f{made}"))) {
                    Ok(_) => made += 1,
                    Err(e) => break Some(e),
                }
            };
            print!("made {made} files");
            for i in 0..made {
                let _ = fs::remove_file(dir.join(format!("f{i}")));
            }
            refused
        }
        _ => burrow_test_guests::usage("DIR bytes|inodes"),
    };
    match &refused {
        Some(e) => println!(", then {}", err_name(e)),
        None => println!(", never refused"),
    }
    let probe = dir.join("probe");
    let again = fs::write(&probe, vec![b'y'; CHUNK]).and_then(|()| fs::remove_file(&probe));
    match &again {
        Ok(()) => println!("recovered"),
        Err(e) => println!("not recovered: {}", err_name(e)),
    }
    std::process::exit(if refused.is_some() && again.is_ok() { 0 } else { 1 })
}
