//! `gzip`, `gunzip` and `zcat` like GNU gzip 1.12: `-c -d -k -f -n -N -q -t -1..-9`, files
//! compressed to `FILE.gz` (the original removed unless `-k` or `-c`), standard input to
//! standard output, GNU's messages and statuses (1 for errors, 2 for warnings such as an
//! existing output or an unknown suffix). Compression is `flate2`'s deflate: the bytes differ
//! from GNU's but either side reads the other's files. The header records the file's name and
//! modification time (`-n` leaves them out); decompressed files get the modification time of
//! the compressed file, as GNU does by default. Concatenated members are read as one stream.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};

use flate2::bufread::GzDecoder;
use burrow_toolkit::common::{self, is_broken_pipe, strerror};
use flate2::{Compression, GzBuilder};

use crate::util::epoch_secs;

/// Which name the module was called by (the defaults differ).
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// `gzip`: compress.
    Gzip,
    /// `gunzip`: `gzip -d`.
    Gunzip,
    /// `zcat`: `gzip -dc`.
    Zcat,
}

struct Opts {
    stdout: bool,
    decompress: bool,
    keep: bool,
    force: bool,
    no_name: bool,
    quiet: bool,
    test: bool,
    level: u32,
}

/// Exit statuses: GNU's `OK`, `ERROR`, `WARNING`.
const ERROR: i32 = 1;
const WARNING: i32 = 2;

/// Known compressed suffixes and what they become.
const SUFFIXES: &[(&str, &str)] = &[(".gz", ""), ("-gz", ""), (".z", ""), ("-z", ""), ("_z", ""), (".tgz", ".tar"), (".taz", ".tar")];

const HELP: &str = "Usage: gzip [OPTION]... [FILE]...
Compress or uncompress FILEs (by default, compress FILES in-place).

  -c, --stdout      write on standard output, keep original files unchanged
  -d, --decompress  decompress
  -f, --force       force overwrite of output file
  -k, --keep        keep (don't delete) input files
  -n, --no-name     do not save or restore the original name and timestamp
  -N, --name        save or restore the original name and timestamp
  -q, --quiet       suppress all warnings
  -t, --test        test compressed file integrity
  -1, --fast        compress faster
  -9, --best        compress better

With no FILE, or when FILE is -, read standard input.
";

/// Runs gzip (or gunzip, zcat) with the arguments after the program name.
pub fn main(args: Vec<String>, mode: Mode) -> i32 {
    // GNU's gunzip and zcat are scripts running `gzip`: every message says `gzip:`.
    let prog = "gzip";
    let mut o = Opts {
        stdout: mode == Mode::Zcat,
        decompress: mode != Mode::Gzip,
        keep: false,
        force: false,
        no_name: false,
        quiet: false,
        test: false,
        level: 6,
    };
    let mut files = Vec::new();
    let mut opts_done = false;
    for a in args {
        if opts_done || a == "-" || !a.starts_with('-') {
            files.push(a);
            continue;
        }
        if a == "--" {
            opts_done = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "stdout" | "to-stdout" => o.stdout = true,
                "decompress" | "uncompress" => o.decompress = true,
                "keep" => o.keep = true,
                "force" => o.force = true,
                "no-name" => o.no_name = true,
                "name" => o.no_name = false,
                "quiet" | "silent" => o.quiet = true,
                "test" => o.test = true,
                "fast" => o.level = 1,
                "best" => o.level = 9,
                "verbose" => {}
                "help" => {
                    print!("{HELP}");
                    return 0;
                }
                "version" => {
                    println!("gzip 1.12 (Burrow archive)");
                    return 0;
                }
                _ => {
                    eprintln!("{prog}: unrecognized option '{a}'");
                    eprintln!("Try `{prog} --help' for more information.");
                    return ERROR;
                }
            }
            continue;
        }
        for c in a[1..].chars() {
            match c {
                'c' => o.stdout = true,
                'd' => o.decompress = true,
                'k' => o.keep = true,
                'f' => o.force = true,
                'n' => o.no_name = true,
                'N' => o.no_name = false,
                'q' => o.quiet = true,
                't' => o.test = true,
                'v' => {}
                '1'..='9' => o.level = c as u32 - '0' as u32,
                'h' => {
                    print!("{HELP}");
                    return 0;
                }
                _ => {
                    eprintln!("{prog}: invalid option -- '{c}'");
                    eprintln!("Try `{prog} --help' for more information.");
                    return ERROR;
                }
            }
        }
    }
    if o.test {
        o.decompress = true;
        o.stdout = true;
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    for f in &files {
        let r = if o.decompress { decompress_one(prog, &o, f) } else { compress_one(prog, &o, f) };
        // An error outranks a warning; a warning never hides an earlier error.
        if r == ERROR || (r == WARNING && status == 0) {
            status = r;
        }
    }
    status
}

/// Prints `PROG: MSG`; a message starting with a newline gets it before `PROG`, as GNU does.
fn report(prog: &str, msg: &str) {
    let _ = io::stdout().flush();
    match msg.strip_prefix('\n') {
        Some(m) => eprintln!("\n{prog}: {m}"),
        None => eprintln!("{prog}: {msg}"),
    }
}

/// Reports a warning (unless `-q`): status 2.
fn warn(prog: &str, o: &Opts, msg: String) -> i32 {
    if !o.quiet {
        report(prog, &msg);
    }
    WARNING
}

/// Reports an error: status 1.
fn error(prog: &str, msg: String) -> i32 {
    report(prog, &msg);
    ERROR
}

/// The input of one operand: the file (with its modification time) or standard input.
fn open_input(prog: &str, name: &str) -> Result<(Box<dyn Read>, Option<fs::Metadata>), i32> {
    if name == "-" {
        return Ok((Box::new(io::stdin()), None));
    }
    let meta = match fs::metadata(name) {
        Ok(m) => m,
        Err(e) => return Err(error(prog, format!("{name}: {}", strerror(&e)))),
    };
    if meta.is_dir() {
        return Err(-1);
    }
    match File::open(name) {
        Ok(f) => Ok((Box::new(f), Some(meta))),
        Err(e) => Err(error(prog, format!("{name}: {}", strerror(&e)))),
    }
}

/// Creates the output file, refusing to overwrite an existing one without `-f`.
fn create_output(prog: &str, o: &Opts, out: &str) -> Result<File, i32> {
    if fs::symlink_metadata(out).is_ok() {
        if !o.force {
            return Err(warn(prog, o, format!("{out} already exists;\tnot overwritten")));
        }
        let _ = fs::remove_file(out);
    }
    File::create(out).map_err(|e| error(prog, format!("{out}: {}", strerror(&e))))
}

fn compress_one(prog: &str, o: &Opts, name: &str) -> i32 {
    if name != "-" && !o.stdout && SUFFIXES.iter().any(|(s, _)| name.ends_with(s) && name.len() > s.len()) {
        if fs::metadata(name).is_err() {
            return error(prog, format!("{name}: No such file or directory"));
        }
        // A warning that GNU gzip 1.12 does not count in its exit status.
        let _ = warn(prog, o, format!("{name} already has {} suffix -- unchanged", &name[name.rfind(['.', '-', '_']).unwrap_or(0)..]));
        return 0;
    }
    let (mut input, meta) = match open_input(prog, name) {
        Ok(x) => x,
        Err(-1) => return warn(prog, o, format!("{name} is a directory -- ignored")),
        Err(code) => return code,
    };
    let mtime = meta.as_ref().and_then(|m| m.modified().ok());
    let mut builder = GzBuilder::new().operating_system(3);
    if name != "-" && !o.no_name {
        builder = builder.filename(common::basename(name).as_bytes());
        if let Some(t) = mtime {
            builder = builder.mtime(epoch_secs(t).clamp(0, u32::MAX as i64) as u32);
        }
    }
    let level = Compression::new(o.level);
    if o.stdout || name == "-" {
        let stdout = io::stdout();
        let mut enc = builder.write(stdout.lock(), level);
        let r = io::copy(&mut input, &mut enc).and_then(|_| enc.try_finish()).and_then(|_| io::stdout().flush());
        return match r {
            Ok(()) => 0,
            Err(e) if is_broken_pipe(&e) => 141,
            Err(e) => error(prog, format!("{}: {}", if name == "-" { "stdin" } else { name }, strerror(&e))),
        };
    }
    let out = format!("{name}.gz");
    let file = match create_output(prog, o, &out) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut enc = builder.write(io::BufWriter::with_capacity(1 << 16, file), level);
    let r = io::copy(&mut input, &mut enc).and_then(|_| enc.finish()).and_then(|w| w.into_inner().map_err(|e| e.into_error()));
    finish_output(prog, o, name, &out, r, mtime)
}

/// Sets the output's time, removes the input (unless `-k`), or on failure removes the output.
fn finish_output(prog: &str, o: &Opts, name: &str, out: &str, r: io::Result<File>, mtime: Option<std::time::SystemTime>) -> i32 {
    match r {
        Ok(f) => {
            if let Some(t) = mtime {
                let _ = f.set_modified(t);
            }
            drop(f);
            if !o.keep {
                if let Err(e) = fs::remove_file(name) {
                    return error(prog, format!("{name}: {}", strerror(&e)));
                }
            }
            0
        }
        Err(e) => {
            let _ = fs::remove_file(out);
            error(prog, format!("{name}: {}", strerror(&e)))
        }
    }
}

/// What decoding a gzip stream ended with.
enum Decoded {
    Ok,
    TrailingGarbage,
    NotGzip,
    Failed(io::Error),
}

/// Decodes every gzip member of `input` into `out`.
fn decode(input: impl Read, out: &mut dyn Write) -> Decoded {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut first = true;
    loop {
        match reader.fill_buf() {
            Ok([]) => {
                return if first { Decoded::Failed(io::Error::new(io::ErrorKind::UnexpectedEof, "unexpected end of file")) } else { Decoded::Ok };
            }
            Ok(b) if b.len() >= 2 && b[0] == 0x1f && b[1] == 0x8b => {}
            Ok(b) if b.len() == 1 && b[0] == 0x1f => {}
            Ok(_) => return if first { Decoded::NotGzip } else { Decoded::TrailingGarbage },
            Err(e) => return Decoded::Failed(e),
        }
        first = false;
        let mut dec = GzDecoder::new(reader);
        if let Err(e) = io::copy(&mut dec, out) {
            return Decoded::Failed(e);
        }
        reader = dec.into_inner();
    }
}

/// GNU's message for a corrupt stream `shown` (some start on a new line: GNU's output may have
/// stopped mid-line).
fn corrupt(shown: &str, e: &io::Error) -> String {
    let text = match e.kind() {
        io::ErrorKind::UnexpectedEof => "unexpected end of file",
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            let s = e.to_string();
            if s.contains("crc") || s.contains("CRC") {
                "invalid compressed data--crc error"
            } else if s.contains("length") {
                "invalid compressed data--length error"
            } else {
                "invalid compressed data--format violated"
            }
        }
        _ => return format!("{shown}: {}", strerror(e)),
    };
    format!("\n{shown}: {text}")
}

fn decompress_one(prog: &str, o: &Opts, name: &str) -> i32 {
    let mut name = name.to_string();
    let mut out_name = None;
    if name != "-" {
        match SUFFIXES.iter().find(|(s, _)| name.ends_with(s) && name.len() > s.len()) {
            Some((s, repl)) => out_name = Some(format!("{}{repl}", &name[..name.len() - s.len()])),
            None => {
                if fs::metadata(&name).is_err() {
                    let gz = format!("{name}.gz");
                    if fs::metadata(&gz).is_ok() {
                        out_name = Some(name.clone());
                        name = gz;
                    } else {
                        return error(prog, format!("{gz}: No such file or directory"));
                    }
                } else if !o.stdout {
                    if fs::metadata(&name).map(|m| m.is_dir()).unwrap_or(false) {
                        return warn(prog, o, format!("{name} is a directory -- ignored"));
                    }
                    return warn(prog, o, format!("{name}: unknown suffix -- ignored"));
                }
            }
        }
    }
    let shown = if name == "-" { "stdin".to_string() } else { name.clone() };
    let (input, meta) = match open_input(prog, &name) {
        Ok(x) => x,
        Err(-1) => return warn(prog, o, format!("{name} is a directory -- ignored")),
        Err(code) => return code,
    };
    if o.stdout || name == "-" {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        let mut sink = io::sink();
        let out: &mut dyn Write = if o.test { &mut sink } else { &mut lock };
        let r = decode(input, out);
        let flushed = out.flush();
        return match r {
            Decoded::Ok => match flushed {
                Err(e) if is_broken_pipe(&e) => 141,
                _ => 0,
            },
            Decoded::TrailingGarbage => warn(prog, o, format!("\n{shown}: decompression OK, trailing garbage ignored")),
            Decoded::NotGzip => error(prog, format!("{shown}: not in gzip format")),
            Decoded::Failed(e) if is_broken_pipe(&e) => 141,
            Decoded::Failed(e) => error(prog, corrupt(&shown, &e)),
        };
    }
    let out = out_name.unwrap_or_default();
    // Refuse a non-gzip input before creating the output, as GNU does.
    let mut input = BufReader::with_capacity(1 << 16, input);
    match input.fill_buf() {
        Ok(b) if b.len() >= 2 && b[0] == 0x1f && b[1] == 0x8b => {}
        Ok([]) => return error(prog, format!("\n{shown}: unexpected end of file")),
        Ok(_) => return error(prog, format!("{shown}: not in gzip format")),
        Err(e) => return error(prog, format!("{shown}: {}", strerror(&e))),
    }
    let file = match create_output(prog, o, &out) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut w = io::BufWriter::with_capacity(1 << 16, file);
    let r = decode(input, &mut w);
    let done = w.into_inner().map_err(|e| e.into_error());
    let mtime = meta.as_ref().and_then(|m| m.modified().ok());
    match r {
        Decoded::Ok => finish_output(prog, o, &name, &out, done, mtime),
        Decoded::TrailingGarbage => {
            let code = finish_output(prog, o, &name, &out, done, mtime);
            if code == 0 {
                warn(prog, o, format!("\n{shown}: decompression OK, trailing garbage ignored"))
            } else {
                code
            }
        }
        Decoded::NotGzip => {
            let _ = fs::remove_file(&out);
            error(prog, format!("{shown}: not in gzip format"))
        }
        Decoded::Failed(e) => {
            let _ = fs::remove_file(&out);
            error(prog, corrupt(&shown, &e))
        }
    }
}
