//! `wget` (GNU Wget 1.21.3's common forms) for `http://` URLs: `-O FILE` / `-O -`, saving to
//! the URL's last path component (`index.html` for a directory, `.1`, `.2`... when the name is
//! taken), `-q`, `-nv`, `-S`, `--header`, `--post-data`/`--post-file`, `--method`/
//! `--body-data`, `-U`, `-P`, redirects (up to `--max-redirect`, 20) and a short log on stderr
//! in wget's wording. Exit statuses: 0, 1 (usage, unsupported scheme), 3 (file I/O), 4
//! (network failure), 8 (a server error response such as 404).
//!
//! Differences: no progress bar in the log; no retries (`-t`/`--tries` is accepted); `-T`
//! limits connecting only; credentials (`--user`/`--password` or in the URL) are sent up
//! front rather than after a `401` challenge; `https://` is reported as not compiled in.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use burrow_toolkit::time::Utc;

use super::client::{self, Error, Framing, Head, Reader, Timing};
use super::url::{Url, UrlError};
use crate::common::getopt;

const HELP: &str = "GNU Wget 1.21.3 (Burrow, HTTP only), a non-interactive network retriever.
Usage: wget [OPTION]... [URL]...

  -V,  --version                   display the version of Wget and exit
  -h,  --help                      print this help
  -q,  --quiet                     quiet (no output)
  -nv, --no-verbose                turn off verboseness, without being quiet
  -O,  --output-document=FILE      write documents to FILE ('-': standard output)
  -P,  --directory-prefix=PREFIX   save files to PREFIX/..
  -S,  --server-response           print server response
  -T,  --timeout=SECONDS           set the connect timeout to SECONDS
  -t,  --tries=NUMBER              accepted (no retries)
  -U,  --user-agent=AGENT          identify as AGENT instead of Wget/VERSION
       --header=STRING             insert STRING among the headers
       --post-data=STRING          use the POST method; send STRING as the data
       --post-file=FILE            use the POST method; send contents of FILE
       --method=HTTPMethod         use method \"HTTPMethod\" in the request
       --body-data=STRING          send STRING as data (with --method)
       --max-redirect=NUM          maximum redirections allowed per page
       --user=USER, --password=PASS  HTTP user and password
       --content-on-error          output the received content on server errors
";

const LONG: &[(&str, u8, char)] = &[
    ("quiet", 0, 'q'),
    ("no-verbose", 0, '\u{100}'),
    ("verbose", 0, 'v'),
    ("output-document", 1, 'O'),
    ("directory-prefix", 1, 'P'),
    ("server-response", 0, 'S'),
    ("timeout", 1, 'T'),
    ("connect-timeout", 1, 'T'),
    ("read-timeout", 1, '\u{110}'),
    ("dns-timeout", 1, '\u{110}'),
    ("tries", 1, 't'),
    ("waitretry", 1, '\u{110}'),
    ("retry-connrefused", 0, '\u{111}'),
    ("user-agent", 1, 'U'),
    ("header", 1, '\u{101}'),
    ("post-data", 1, '\u{102}'),
    ("post-file", 1, '\u{103}'),
    ("method", 1, '\u{104}'),
    ("body-data", 1, '\u{105}'),
    ("max-redirect", 1, '\u{106}'),
    ("user", 1, '\u{107}'),
    ("password", 1, '\u{108}'),
    ("http-user", 1, '\u{107}'),
    ("http-password", 1, '\u{108}'),
    ("content-on-error", 0, '\u{109}'),
    ("no-check-certificate", 0, '\u{111}'),
    ("continue", 0, 'c'),
    ("help", 0, 'h'),
    ("version", 0, 'V'),
];

#[derive(Default)]
struct Opts {
    quiet: bool,
    brief: bool,
    output: Option<String>,
    prefix: Option<String>,
    server_response: bool,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    headers: Vec<String>,
    method: Option<String>,
    body: Option<Vec<u8>>,
    max_redirect: u32,
    user: Option<String>,
    password: Option<String>,
    content_on_error: bool,
}

/// Local time as wget logs it (`YYYY-MM-DD HH:MM:SS`, UTC).
fn now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let t = Utc::from_epoch(secs);
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

/// The log on standard error, quiet with `-q`.
struct Log {
    on: bool,
    verbose: bool,
}

impl Log {
    fn say(&self, s: &str) {
        if self.on && self.verbose {
            let _ = write!(io::stderr(), "{s}");
        }
    }

    fn always(&self, s: &str) {
        if self.on {
            let _ = write!(io::stderr(), "{s}");
        }
    }
}

/// The entry point: `wget ARGS...`.
pub fn main(args: Vec<OsString>) -> i32 {
    let (parsed, operands) = match getopt(&args, "qvO:P:ST:t:U:n:chV", LONG, false) {
        Ok(v) => v,
        Err(msg) => {
            let _ = writeln!(
                io::stderr(),
                "wget: {msg}\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options."
            );
            return 2;
        }
    };
    let mut o = Opts { max_redirect: 20, ..Opts::default() };
    for (key, val) in parsed {
        let v = val.unwrap_or_default();
        match key {
            'q' => o.quiet = true,
            'v' => o.brief = false,
            '\u{100}' => o.brief = true,
            'n' if v == "v" => o.brief = true,
            'O' => o.output = Some(v),
            'P' => o.prefix = Some(v),
            'S' => o.server_response = true,
            'T' => match v.trim().parse::<f64>() {
                Ok(s) if s.is_finite() && s >= 0.0 => o.timeout = (s > 0.0).then(|| Duration::from_secs_f64(s)),
                _ => return bad_value("timeout", &v),
            },
            'U' => o.user_agent = Some(v),
            '\u{101}' => o.headers.push(v),
            '\u{102}' => o.body = Some(v.into_bytes()),
            '\u{103}' => match super::read_source(&v) {
                Ok(d) => o.body = Some(d),
                Err(e) => {
                    let _ = writeln!(io::stderr(), "wget: {v}: {}", crate::common::strerror(&e));
                    return 3;
                }
            },
            '\u{104}' => o.method = Some(v.to_ascii_uppercase()),
            '\u{105}' => o.body = Some(v.into_bytes()),
            '\u{106}' => match v.trim().parse() {
                Ok(n) => o.max_redirect = n,
                Err(_) => return bad_value("max-redirect", &v),
            },
            '\u{107}' => o.user = Some(v),
            '\u{108}' => o.password = Some(v),
            '\u{109}' => o.content_on_error = true,
            'h' => {
                print!("{HELP}");
                return 0;
            }
            'V' => {
                println!("GNU Wget 1.21.3 built on wasm32-wasip1 (Burrow).\n\n+http -https");
                return 0;
            }
            _ => {}
        }
    }
    if operands.is_empty() {
        let _ = writeln!(
            io::stderr(),
            "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options."
        );
        return 1;
    }
    let log = Log { on: !o.quiet, verbose: !o.brief };
    // `-O FILE` is one file for every URL, created up front as GNU wget does.
    let mut out: Option<File> = None;
    if let Some(name) = o.output.as_deref().filter(|n| *n != "-") {
        match File::create(name) {
            Ok(f) => out = Some(f),
            Err(e) => {
                let _ = writeln!(io::stderr(), "{name}: {}", crate::common::strerror(&e));
                return 3;
            }
        }
    }
    let mut status = 0;
    for url in &operands {
        let s = fetch(&o, &log, &url.to_string_lossy(), &mut out);
        if s != 0 && (status == 0 || s < status) {
            status = s;
        }
    }
    status
}

fn bad_value(opt: &str, v: &str) -> i32 {
    let _ = writeln!(io::stderr(), "wget: --{opt}: Invalid number ‘{v}’.");
    2
}

/// The file name wget saves `url` to: its last path component with the query, `index.html`
/// for a directory, under `-P`, with `.N` added when the name is taken.
fn local_name(url: &Url, prefix: Option<&str>) -> String {
    let last = url.target.rsplit('/').next().unwrap_or("");
    let name = if last.is_empty() || last.starts_with('?') { format!("index.html{last}") } else { last.to_string() };
    let base = match prefix {
        Some(p) => Path::new(p).join(&name).to_string_lossy().into_owned(),
        None => name,
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while Path::new(&candidate).exists() {
        candidate = format!("{base}.{n}");
        n += 1;
    }
    candidate
}

/// The request head and body, headers in wget's order (`--header` replaces a default of the
/// same name).
fn request(o: &Opts, url: &Url, method: &str, body: Option<&[u8]>) -> Vec<u8> {
    let custom: Vec<(String, String)> = o
        .headers
        .iter()
        .filter_map(|h| h.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let has = |name: &str| custom.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut lines = vec![format!("{method} {} HTTP/1.1", url.target)];
    let mut defaults = vec![
        ("Host".to_string(), url.host_header()),
        ("User-Agent".to_string(), o.user_agent.clone().unwrap_or_else(|| "Wget/1.21.3".into())),
        ("Accept".to_string(), "*/*".into()),
        ("Accept-Encoding".to_string(), "identity".into()),
    ];
    let user = o.user.clone().or_else(|| url.user.clone());
    if let Some(u) = user {
        let p = o.password.clone().or_else(|| url.password.clone()).unwrap_or_default();
        defaults.push(("Authorization".into(), format!("Basic {}", super::base64(format!("{u}:{p}").as_bytes()))));
    }
    defaults.push(("Connection".into(), "Keep-Alive".into()));
    if let Some(b) = body {
        defaults.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
        defaults.push(("Content-Length".into(), b.len().to_string()));
    }
    for (n, v) in defaults {
        if !has(&n) && !v.is_empty() {
            lines.push(format!("{n}: {v}"));
        }
    }
    for (n, v) in &custom {
        lines.push(format!("{n}: {v}"));
    }
    let mut out = lines.join("\r\n").into_bytes();
    out.extend_from_slice(b"\r\n\r\n");
    if let Some(b) = body {
        out.extend_from_slice(b);
    }
    out
}

fn url_problem(url: &str, e: UrlError) -> i32 {
    let why = match e {
        UrlError::Unsupported(s) if s == "https" => "HTTPS support not compiled in".to_string(),
        UrlError::Unsupported(_) => "Unsupported scheme".to_string(),
        UrlError::Malformed => "Invalid host name".to_string(),
    };
    // GNU wget prints URL errors even with `-q`.
    let _ = writeln!(io::stderr(), "{url}: {why}.");
    1
}

/// One URL; the exit status.
fn fetch(o: &Opts, log: &Log, given: &str, out: &mut Option<File>) -> i32 {
    let mut url = match Url::parse(given) {
        Ok(u) => u,
        Err(e) => return url_problem(given, e),
    };
    let to_stdout = o.output.as_deref() == Some("-");
    let file_name = if o.output.is_some() { None } else { Some(local_name(&url, o.prefix.as_deref())) };
    let mut method = o.method.clone().unwrap_or_else(|| if o.body.is_some() { "POST" } else { "GET" }.into());
    let mut body = o.body.clone();
    let mut redirects = 0;
    loop {
        log.say(&format!("--{}--  {}\n", now(), url.display()));
        let timing = Timing { start: Instant::now(), max_time: None, connect_timeout: o.timeout };
        let is_ip = url.host.parse::<std::net::IpAddr>().is_ok();
        if is_ip {
            log.say(&format!("Connecting to {}:{}... ", url.host_for_url(), url.port));
        } else {
            log.say(&format!("Resolving {} ({})... ", url.host, url.host));
        }
        let mut resolved = String::new();
        let conn = client::connect(&url, &timing, &mut |line| {
            if let Some(rest) = line.strip_prefix("  Trying ") {
                resolved = rest.trim_end_matches("...").to_string();
            }
        });
        let ip = resolved.rsplit_once(':').map_or(resolved.clone(), |(ip, _)| ip.trim_matches(['[', ']']).to_string());
        if !is_ip && !resolved.is_empty() {
            log.say(&format!("{ip}\nConnecting to {} ({})|{ip}|:{}... ", url.host, url.host, url.port));
        }
        let mut conn = match conn {
            Ok(c) => c,
            Err(e) if e.code == 6 => {
                log.say("failed: Name or service not known.\n");
                log.always(&format!("wget: unable to resolve host address ‘{}’\n", url.host));
                return 4;
            }
            Err(e) => {
                let why = e.msg.rsplit(": ").next().unwrap_or("");
                let why = if why == "Couldn't connect to server" { "Connection refused" } else { why };
                let why = if e.code == 28 { "Connection timed out" } else { why };
                log.always(&format!("failed: {why}.\n"));
                return 4;
            }
        };
        log.say("connected.\n");
        let req = request(o, &url, &method, body.as_deref());
        if client::send(&mut conn, &req, &timing).is_err() {
            log.always("Write failed, closing connection.\n");
            return 4;
        }
        log.say("HTTP request sent, awaiting response... ");
        let mut r = Reader::new(conn, timing.start);
        let head = loop {
            match client::read_head(&mut r) {
                Ok(h) if h.code < 200 && h.code != 101 => continue,
                Ok(h) => break h,
                Err(e) => {
                    let msg =
                        if e.code == 52 { "No data received.".to_string() } else { format!("Read error ({}).", e.msg) };
                    log.always(&format!("{msg}\n"));
                    return 4;
                }
            }
        };
        if o.server_response {
            log.always("\n");
            for line in head.lines().filter(|l| !l.is_empty()) {
                log.always(&format!("  {line}\n"));
            }
        } else {
            log.say(&format!("{} {}\n", head.code, head.reason));
        }
        let location = head.get("Location").filter(|_| matches!(head.code, 301 | 302 | 303 | 307 | 308));
        if let Some(loc) = location {
            log.say(&format!("Location: {loc} [following]\n"));
            if redirects >= o.max_redirect {
                log.always(&format!("{} redirections exceeded.\n", o.max_redirect));
                return 8;
            }
            redirects += 1;
            match url.join(loc) {
                Ok(next) => url = next,
                Err(e) => return url_problem(loc, e),
            }
            if head.code == 303 || (matches!(head.code, 301 | 302) && method == "POST") {
                method = "GET".into();
                body = None;
            }
            continue;
        }
        let method_sent = method.clone();
        if head.code >= 400 && !o.content_on_error {
            log.always(&format!("{} ERROR {}: {}.\n", now(), head.code, head.reason));
            return 8;
        }
        return save(o, log, &head, &method_sent, &mut r, to_stdout, file_name.as_deref(), out);
    }
}

/// Writes the body of `head` to its destination and logs the result.
#[allow(clippy::too_many_arguments)]
fn save<R: Read>(
    o: &Opts,
    log: &Log,
    head: &Head,
    method: &str,
    r: &mut Reader<R>,
    to_stdout: bool,
    file_name: Option<&str>,
    out: &mut Option<File>,
) -> i32 {
    let framing = match client::framing(head, method) {
        Ok(f) => f,
        Err(e) => {
            log.always(&format!("Read error ({}).\n", e.msg));
            return 4;
        }
    };
    let kind = head.get("Content-Type").map_or(String::new(), |t| format!(" [{t}]"));
    match framing {
        Framing::Length(n) => log.say(&format!("Length: {n}{kind}\n")),
        _ => log.say(&format!("Length: unspecified{kind}\n")),
    }
    let shown = match file_name {
        Some(n) => format!("‘{n}’"),
        None if to_stdout => "‘STDOUT’".into(),
        None => format!("‘{}’", o.output.as_deref().unwrap_or("")),
    };
    log.say(&format!("Saving to: {shown}\n\n"));
    let mut own: Option<File> = None;
    if let Some(n) = file_name {
        match OpenOptions::new().write(true).create(true).truncate(true).open(n) {
            Ok(f) => own = Some(f),
            Err(e) => {
                log.always(&format!("{n}: {}\n", crate::common::strerror(&e)));
                return 3;
            }
        }
    }
    let mut write_error = false;
    let result = client::read_body(r, framing, &mut |d| {
        let w = match (own.as_mut(), out.as_mut()) {
            (Some(f), _) | (None, Some(f)) => f.write_all(d),
            (None, None) => io::stdout().lock().write_all(d),
        };
        w.map_err(|_| {
            write_error = true;
            Error::new(23, "write error")
        })
    });
    let _ = io::stdout().lock().flush();
    let got = r.body_bytes;
    if write_error {
        log.always("Cannot write to output (Input/output error).\n");
        return 3;
    }
    if let Err(e) = result {
        log.always(&format!("{} ({}) - Read error at byte {got} ({}).\n", now(), got, e.msg));
        return 4;
    }
    let size = match framing {
        Framing::Length(n) => format!("[{got}/{n}]"),
        _ => format!("[{got}]"),
    };
    if to_stdout {
        log.say(&format!("{} - written to stdout {size}\n\n", now()));
    } else {
        log.say(&format!("{} - {shown} saved {size}\n\n", now()));
    }
    if head.code >= 400 {
        log.always(&format!("{} ERROR {}: {}.\n", now(), head.code, head.reason));
        return 8;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_like_wget() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(local_name(&u("http://h/"), Some("/nonexistent-dir")), "/nonexistent-dir/index.html");
        assert_eq!(local_name(&u("http://h/a/b.txt#x"), Some("/nonexistent-dir")), "/nonexistent-dir/b.txt");
        assert_eq!(local_name(&u("http://h/a?x=1"), Some("/nonexistent-dir")), "/nonexistent-dir/a?x=1");
        assert_eq!(local_name(&u("http://h/?x=1"), Some("/nonexistent-dir")), "/nonexistent-dir/index.html?x=1");
    }

    #[test]
    fn requests_like_wget() {
        let o = Opts { headers: vec!["Accept: text/html".into(), "X-A: b".into()], ..Opts::default() };
        let req = request(&o, &Url::parse("http://h:8/p").unwrap(), "POST", Some(b"a=1"));
        assert_eq!(
            String::from_utf8(req).unwrap(),
            "POST /p HTTP/1.1\r\nHost: h:8\r\nUser-Agent: Wget/1.21.3\r\nAccept-Encoding: identity\r\n\
             Connection: Keep-Alive\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\
             Accept: text/html\r\nX-A: b\r\n\r\na=1"
        );
    }
}
