//! `curl` (7.88.1's command line and messages) for `http://` URLs: methods and request data
//! (`-X`, `-d`, `--data-*`, `--json`, `-G`), headers (`-H`, `-A`, `-e`, `-u`), output (`-o`,
//! `-O`, `-i`, `-I`, `-D`, `-w`), redirects (`-L`, `--max-redirs`), failures (`-f`,
//! `--fail-with-body`), time limits (`-m`, `--connect-timeout`) and `-v`, with curl's exit
//! statuses and `curl: (N) ...` messages. `https://` and other schemes are reported as a
//! protocol this build lacks (status 1).
//!
//! Differences: no progress meter (curl draws one on stderr when stdout is not a terminal and
//! `-s` is absent); `-k`, `--compressed`, `--retry*`, `-N`, `--http1.1` and a few others are
//! accepted and ignored (no `Accept-Encoding` is ever sent); `-u USER` without a password
//! sends an empty one instead of prompting; one request per connection.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use super::client::{self, Error, Head, Reader, Timing};
use super::url::{form_encode, Url, UrlError};
use crate::common::getopt;

const VERSION: &str = "7.88.1";

const HELP: &str = "Usage: curl [options...] <url>
 -d, --data <data>          HTTP POST data
     --data-binary <data>   HTTP POST binary data
     --data-raw <data>      HTTP POST data, '@' allowed
     --data-urlencode <data> HTTP POST data URL encoded
 -D, --dump-header <file>   Write the received headers to <file>
 -f, --fail                 Fail fast with no output on HTTP errors
     --fail-with-body       Fail on HTTP errors but save the body
 -G, --get                  Put the post data in the URL and use GET
 -H, --header <header/@file> Pass custom header(s) to server
 -I, --head                 Show document info only
 -i, --include              Include protocol response headers in the output
     --json <data>          HTTP POST JSON
 -L, --location             Follow redirects
     --max-redirs <num>     Maximum number of redirects allowed
 -m, --max-time <seconds>   Maximum time allowed for transfer
     --connect-timeout <seconds> Maximum time allowed for connection
 -o, --output <file>        Write to file instead of stdout
 -O, --remote-name          Write output to a file named as the remote file
 -e, --referer <URL>        Referrer URL
 -X, --request <method>     Specify request method to use
 -S, --show-error           Show error even when -s is used
 -s, --silent               Silent mode
 -u, --user <user:password> Server user and password
 -A, --user-agent <name>    Send User-Agent <name> to server
 -v, --verbose              Make the operation more talkative
 -w, --write-out <format>   Use output FORMAT after completion
 -h, --help                 This help text
 -V, --version              Show version number and quit
This build speaks plain HTTP only (no TLS).
";

/// Long options: `(name, takes an argument, key)`; keys above `\u{100}` are long-only.
const LONG: &[(&str, u8, char)] = &[
    ("silent", 0, 's'),
    ("show-error", 0, 'S'),
    ("fail", 0, 'f'),
    ("fail-with-body", 0, '\u{100}'),
    ("output", 1, 'o'),
    ("remote-name", 0, 'O'),
    ("include", 0, 'i'),
    ("head", 0, 'I'),
    ("request", 1, 'X'),
    ("data", 1, 'd'),
    ("data-ascii", 1, 'd'),
    ("data-raw", 1, '\u{101}'),
    ("data-binary", 1, '\u{102}'),
    ("data-urlencode", 1, '\u{103}'),
    ("json", 1, '\u{104}'),
    ("get", 0, 'G'),
    ("header", 1, 'H'),
    ("user-agent", 1, 'A'),
    ("referer", 1, 'e'),
    ("user", 1, 'u'),
    ("location", 0, 'L'),
    ("max-redirs", 1, '\u{105}'),
    ("write-out", 1, 'w'),
    ("max-time", 1, 'm'),
    ("connect-timeout", 1, '\u{106}'),
    ("verbose", 0, 'v'),
    ("insecure", 0, 'k'),
    ("compressed", 0, '\u{110}'),
    ("retry", 1, '\u{111}'),
    ("retry-delay", 1, '\u{111}'),
    ("retry-max-time", 1, '\u{111}'),
    ("retry-connrefused", 0, '\u{110}'),
    ("retry-all-errors", 0, '\u{110}'),
    ("no-buffer", 0, 'N'),
    ("http1.1", 0, '\u{110}'),
    ("http1.0", 0, '0'),
    ("ipv4", 0, '4'),
    ("ipv6", 0, '6'),
    ("progress-bar", 0, '#'),
    ("no-progress-meter", 0, '\u{110}'),
    ("noproxy", 1, '\u{111}'),
    ("create-dirs", 0, '\u{110}'),
    ("dump-header", 1, 'D'),
    ("url", 1, '\u{107}'),
    ("help", 0, 'h'),
    ("version", 0, 'V'),
];

const SHORT: &str = "sSfo:OiIX:d:GH:A:e:u:Lw:m:vkN0469#D:hVq";

/// The parsed command line.
#[derive(Default)]
struct Opts {
    silent: bool,
    show_error: bool,
    fail: bool,
    fail_with_body: bool,
    include: bool,
    head: bool,
    method: Option<String>,
    /// `-d`-style pieces, joined with `&`.
    data: Vec<Vec<u8>>,
    /// Whether `-d`/`--data-*` was given (even empty).
    has_data: bool,
    json: Option<Vec<u8>>,
    get: bool,
    headers: Vec<String>,
    user_agent: Option<String>,
    referer: Option<String>,
    user: Option<String>,
    location: bool,
    max_redirs: i64,
    write_out: Option<String>,
    max_time: Option<Duration>,
    connect_timeout: Option<Duration>,
    verbose: bool,
    dump_header: Option<String>,
}

/// Where one URL's output goes.
enum Dest {
    Stdout,
    File(String),
    Remote,
}

fn seconds(s: &str) -> Option<Duration> {
    let v: f64 = s.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| Duration::from_secs_f64(v))
}

/// A `curl` run: prints errors unless silenced.
struct Curl {
    opts: Opts,
}

impl Curl {
    fn report(&self, e: &Error) {
        if !self.opts.silent || self.opts.show_error {
            let _ = writeln!(io::stderr(), "curl: ({}) {}", e.code, e.msg);
        }
    }

    fn warn(&self, msg: &str) {
        if !self.opts.silent {
            let _ = writeln!(io::stderr(), "Warning: {msg}");
        }
    }

    fn trace(&self, prefix: &str, line: &str) {
        if self.opts.verbose {
            let _ = writeln!(io::stderr(), "{prefix} {line}");
        }
    }
}

/// What `-w` reports about a transfer.
#[derive(Default)]
struct Info {
    code: u16,
    size: u64,
    size_header: u64,
    url_effective: String,
    content_type: String,
    num_redirects: u32,
    redirect_url: String,
    method: String,
    error: Option<(i32, String)>,
    start: Option<Instant>,
}

/// The output of one URL, opened at its first byte.
struct Sink {
    dest: Dest,
    file: Option<File>,
    wrote: bool,
}

fn write_failed() -> Error {
    Error::new(23, "Failure writing output to destination")
}

impl Sink {
    fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        self.wrote = true;
        if let Dest::File(path) = &self.dest {
            if self.file.is_none() {
                self.file = Some(File::create(path).map_err(|_| write_failed())?);
            }
            return match self.file.as_mut() {
                Some(f) => f.write_all(data).map_err(|_| write_failed()),
                None => Err(write_failed()),
            };
        }
        io::stdout().lock().write_all(data).map_err(|_| write_failed())
    }

    fn finish(&mut self) -> Result<(), Error> {
        if !self.wrote && !matches!(self.dest, Dest::Stdout) {
            self.write(b"")?;
        }
        io::stdout().lock().flush().map_err(|_| write_failed())
    }
}

/// The entry point: `curl ARGS...`.
pub fn main(args: Vec<OsString>) -> i32 {
    let (parsed, operands) = match getopt(&args, SHORT, LONG, false) {
        Ok(v) => v,
        Err(msg) => {
            let msg = if let Some(o) = msg.strip_prefix("unrecognized option '").and_then(|m| m.strip_suffix('\'')) {
                format!("option {o}: is unknown")
            } else if let Some(c) = msg.strip_prefix("invalid option -- '").and_then(|m| m.strip_suffix('\'')) {
                format!("option -{c}: is unknown")
            } else if let Some(c) =
                msg.strip_prefix("option requires an argument -- '").and_then(|m| m.strip_suffix('\''))
            {
                format!("option -{c}: requires parameter")
            } else {
                msg
            };
            let _ =
                writeln!(io::stderr(), "curl: {msg}\ncurl: try 'curl --help' or 'curl --manual' for more information");
            return 2;
        }
    };
    let mut o = Opts { max_redirs: 50, ..Opts::default() };
    let mut urls: Vec<String> = operands.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut dests: Vec<Dest> = Vec::new();
    let mut bad: Option<String> = None;
    let mut warnings: Vec<String> = Vec::new();
    for (key, val) in parsed {
        let v = val.unwrap_or_default();
        match key {
            's' => o.silent = true,
            'S' => o.show_error = true,
            'f' => o.fail = true,
            '\u{100}' => o.fail_with_body = true,
            'o' => dests.push(if v == "-" { Dest::Stdout } else { Dest::File(v) }),
            'O' => dests.push(Dest::Remote),
            'i' => o.include = true,
            'I' => o.head = true,
            'X' => o.method = Some(v),
            'D' => o.dump_header = Some(v),
            'd' | '\u{101}' | '\u{102}' => {
                o.has_data = true;
                let piece = match v.strip_prefix('@') {
                    Some(name) if key != '\u{101}' => match super::read_source(name) {
                        Ok(mut d) => {
                            if key == 'd' {
                                d.retain(|&b| b != b'\r' && b != b'\n');
                            }
                            d
                        }
                        Err(_) => {
                            warnings
                                .push(format!("Couldn't read data from file \"{name}\", this makes an empty POST."));
                            Vec::new()
                        }
                    },
                    _ => v.into_bytes(),
                };
                o.data.push(piece);
            }
            '\u{103}' => {
                o.has_data = true;
                let enc = |name: &str, content: &[u8]| {
                    if name.is_empty() {
                        form_encode(content)
                    } else {
                        format!("{name}={}", form_encode(content))
                    }
                };
                let piece = if let Some((name, content)) = v.split_once('=') {
                    enc(name, content.as_bytes())
                } else if let Some((name, file)) = v.split_once('@') {
                    enc(name, &super::read_source(file).unwrap_or_default())
                } else {
                    enc("", v.as_bytes())
                };
                o.data.push(piece.into_bytes());
            }
            '\u{104}' => {
                let mut j = o.json.take().unwrap_or_default();
                match v.strip_prefix('@') {
                    Some(name) => j.extend(super::read_source(name).unwrap_or_default()),
                    None => j.extend(v.into_bytes()),
                }
                o.json = Some(j);
            }
            'G' => o.get = true,
            'H' => {
                if let Some(name) = v.strip_prefix('@') {
                    let text = String::from_utf8_lossy(&super::read_source(name).unwrap_or_default()).into_owned();
                    o.headers.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
                } else {
                    o.headers.push(v);
                }
            }
            'A' => o.user_agent = Some(v),
            'e' => o.referer = Some(v),
            'u' => o.user = Some(v),
            'L' => o.location = true,
            '\u{105}' => match v.trim().parse::<i64>() {
                Ok(n) => o.max_redirs = n,
                Err(_) => bad = Some("expected a proper numerical parameter".into()),
            },
            'w' => {
                o.write_out = Some(match v.strip_prefix('@') {
                    Some(name) => String::from_utf8_lossy(&super::read_source(name).unwrap_or_default()).into_owned(),
                    None => v,
                })
            }
            'm' | '\u{106}' => match seconds(&v) {
                Some(d) if key == 'm' => o.max_time = (!d.is_zero()).then_some(d),
                Some(d) => o.connect_timeout = (!d.is_zero()).then_some(d),
                None => bad = Some("expected a proper numerical parameter".into()),
            },
            'v' => o.verbose = true,
            '\u{107}' => urls.push(v),
            'h' => {
                print!("{HELP}");
                return 0;
            }
            'V' => {
                println!(
                    "curl {VERSION} (wasm32-wasip1) libcurl/{VERSION}\nRelease-Date: 2023-02-20\nProtocols: http\nFeatures: IPv6"
                );
                return 0;
            }
            _ => {}
        }
    }
    if let Some(msg) = bad {
        let _ = writeln!(io::stderr(), "curl: {msg}\ncurl: try 'curl --help' or 'curl --manual' for more information");
        return 2;
    }
    let curl = Curl { opts: o };
    for w in warnings {
        curl.warn(&w);
    }
    if urls.is_empty() {
        let _ = writeln!(
            io::stderr(),
            "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information"
        );
        return 2;
    }
    let mut dests = dests.into_iter();
    let mut status = 0;
    for url in &urls {
        let dest = dests.next().unwrap_or(Dest::Stdout);
        status = curl.run(url, dest);
    }
    status
}

impl Curl {
    /// One URL: the transfer, its error message and its `-w` output; the exit status.
    fn run(&self, url: &str, dest: Dest) -> i32 {
        let mut info = Info { start: Some(Instant::now()), ..Info::default() };
        let r = self.transfer(url, dest, &mut info);
        if let Err(e) = &r {
            self.report(e);
            info.error = Some((e.code, e.msg.clone()));
        }
        if let Some(fmt) = &self.opts.write_out {
            self.write_out(fmt, &info);
        }
        r.err().map_or(0, |e| e.code)
    }

    fn request_data(&self) -> Option<Vec<u8>> {
        let o = &self.opts;
        if let Some(j) = &o.json {
            let mut d = o.data.join(&b'&');
            if !d.is_empty() {
                d.push(b'&');
            }
            d.extend_from_slice(j);
            return Some(d);
        }
        o.has_data.then(|| o.data.join(&b'&'))
    }

    fn transfer(&self, url: &str, dest: Dest, info: &mut Info) -> Result<(), Error> {
        let o = &self.opts;
        let mut url = Url::parse(url).map_err(url_error)?;
        let mut body = self.request_data();
        if o.get {
            if let Some(d) = body.take() {
                let sep = if url.target.contains('?') { '&' } else { '?' };
                url.target = format!("{}{sep}{}", url.target, String::from_utf8_lossy(&d));
            }
        }
        let mut method = if o.head {
            "HEAD"
        } else if body.is_some() {
            "POST"
        } else {
            "GET"
        }
        .to_string();
        let auth = match (&o.user, &url.user) {
            (Some(u), _) => Some(if u.contains(':') { u.clone() } else { format!("{u}:") }),
            (None, Some(u)) => Some(format!("{u}:{}", url.password.as_deref().unwrap_or(""))),
            (None, None) => None,
        };
        let origin = (url.host.clone(), url.port);
        let dest = match dest {
            Dest::Remote => {
                let name = crate::common::basename(url.path()).to_string();
                if url.path().ends_with('/') || name.is_empty() || name == "/" {
                    return Err(Error::new(23, "Failed writing received data to disk/application"));
                }
                Dest::File(name)
            }
            d => d,
        };
        let mut sink = Sink { dest, file: None, wrote: false };
        let mut headers_file = match &o.dump_header {
            Some(p) if p == "-" => None,
            Some(p) => Some(File::create(p).map_err(|_| write_failed())?),
            None => None,
        };
        let timing = Timing { start: Instant::now(), max_time: o.max_time, connect_timeout: o.connect_timeout };
        loop {
            info.url_effective = url.display();
            let sent_method = o.method.clone().unwrap_or_else(|| method.clone());
            info.method = sent_method.clone();
            let auth_here = auth.as_ref().filter(|_| (url.host.clone(), url.port) == origin);
            let req = self.request(&url, &sent_method, auth_here.map(String::as_str), body.as_deref());
            let mut conn = client::connect(&url, &timing, &mut |l| self.trace("*", &l))?;
            for line in String::from_utf8_lossy(&req).split("\r\n").take_while(|l| !l.is_empty()) {
                self.trace(">", line);
            }
            self.trace(">", "");
            client::send(&mut conn, &req, &timing)?;
            let mut r = Reader::new(conn, timing.start);
            let head = loop {
                let h = client::read_head(&mut r)?;
                for line in h.lines() {
                    self.trace("<", &line);
                }
                info.size_header += h.raw.len() as u64;
                if h.code >= 200 || h.code == 101 {
                    break h;
                }
            };
            info.code = head.code;
            info.content_type = head.get("Content-Type").unwrap_or("").to_string();
            let location = head.get("Location").filter(|_| (300..400).contains(&head.code));
            let next = location.map(|l| url.join(l));
            info.redirect_url = match &next {
                Some(Ok(u)) => u.display(),
                _ => String::new(),
            };
            let follow = o.location && matches!(head.code, 301 | 302 | 303 | 307 | 308) && next.is_some();
            if let Some(p) = &o.dump_header {
                if p == "-" {
                    sink_stdout(&head)?;
                } else if let Some(f) = headers_file.as_mut() {
                    f.write_all(&head.raw).map_err(|_| write_failed())?;
                }
            }
            let failed = (o.fail || o.fail_with_body) && head.code >= 400;
            if (o.include || o.head) && !(failed && o.fail && !o.fail_with_body) {
                sink.write(&head.raw)?;
            }
            if follow {
                let next = next.unwrap_or(Err(UrlError::Malformed));
                if o.max_redirs >= 0 && i64::from(info.num_redirects) >= o.max_redirs {
                    return Err(Error::new(47, format!("Maximum ({}) redirects followed", o.max_redirs)));
                }
                let next = next.map_err(url_error)?;
                let framing = client::framing(&head, &sent_method)?;
                if !matches!(framing, client::Framing::Close) {
                    client::read_body(&mut r, framing, &mut |_| Ok(()))?;
                }
                info.num_redirects += 1;
                info.redirect_url.clear();
                let to_get = head.code == 303 || (matches!(head.code, 301 | 302) && method == "POST");
                if to_get && o.method.is_none() {
                    if method != "HEAD" {
                        method = "GET".into();
                    }
                    body = None;
                }
                self.trace("*", &format!("Issue another request to this URL: '{}'", next.display()));
                url = next;
                continue;
            }
            if failed && !o.fail_with_body {
                return Err(Error::new(22, format!("The requested URL returned error: {}", head.code)));
            }
            let framing = client::framing(&head, &sent_method)?;
            let result = client::read_body(&mut r, framing, &mut |d| sink.write(d));
            info.size = r.body_bytes;
            result?;
            sink.finish()?;
            if failed {
                return Err(Error::new(22, format!("The requested URL returned error: {}", head.code)));
            }
            return Ok(());
        }
    }

    /// The request head and body, headers in curl's order.
    fn request(&self, url: &Url, method: &str, auth: Option<&str>, body: Option<&[u8]>) -> Vec<u8> {
        let o = &self.opts;
        // (name, Some(value) to send / None to remove), from -H.
        let mut custom: Vec<(String, Option<String>)> = Vec::new();
        for h in &o.headers {
            if let Some((name, value)) = h.split_once(':') {
                let value = value.trim();
                custom.push((name.trim().to_string(), (!value.is_empty()).then(|| value.to_string())));
            } else if let Some(name) = h.trim().strip_suffix(';') {
                custom.push((name.trim().to_string(), Some(String::new())));
            }
        }
        let has = |name: &str| custom.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        let mut lines: Vec<String> = vec![format!("{method} {} HTTP/1.1", url.target)];
        let mut push = |name: &str, value: &str| lines.push(format!("{name}: {value}"));
        match custom.iter().find(|(n, _)| n.eq_ignore_ascii_case("Host")) {
            Some((n, Some(v))) => push(n, v),
            Some((_, None)) => {}
            None => push("Host", &url.host_header()),
        }
        if let Some(a) = auth.filter(|_| !has("Authorization")) {
            push("Authorization", &format!("Basic {}", super::base64(a.as_bytes())));
        }
        let ua = o.user_agent.clone().unwrap_or_else(|| format!("curl/{VERSION}"));
        if !has("User-Agent") && !ua.is_empty() {
            push("User-Agent", &ua);
        }
        let json = o.json.is_some();
        if !has("Accept") && !json {
            push("Accept", "*/*");
        }
        if let Some(r) = o.referer.as_ref().filter(|_| !has("Referer")) {
            push("Referer", r);
        }
        for (n, v) in &custom {
            if let (Some(v), false) = (v, n.eq_ignore_ascii_case("Host")) {
                push(n, v);
            }
        }
        if json {
            if !has("Content-Type") {
                push("Content-Type", "application/json");
            }
            if !has("Accept") {
                push("Accept", "application/json");
            }
        }
        if let Some(b) = body {
            if !has("Content-Length") {
                push("Content-Length", &b.len().to_string());
            }
            if !has("Content-Type") && !json {
                push("Content-Type", "application/x-www-form-urlencoded");
            }
        }
        let mut out = lines.join("\r\n").into_bytes();
        out.extend_from_slice(b"\r\n\r\n");
        if let Some(b) = body {
            out.extend_from_slice(b);
        }
        out
    }

    /// Prints the `-w` format for `info`.
    fn write_out(&self, fmt: &str, info: &Info) {
        let mut out: Vec<u8> = Vec::new();
        let mut to_stderr = false;
        let mut err_buf: Vec<u8> = Vec::new();
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let target = if to_stderr { &mut err_buf } else { &mut out };
            if c == '%' && chars.get(i + 1) == Some(&'%') {
                target.push(b'%');
                i += 2;
            } else if c == '%' && chars.get(i + 1) == Some(&'{') {
                let rest: String = chars[i + 2..].iter().collect();
                match rest.find('}') {
                    Some(end) => {
                        let name = &rest[..end];
                        match name {
                            "stderr" => to_stderr = true,
                            "stdout" => to_stderr = false,
                            _ => match variable(name, info) {
                                Some(v) => target.extend_from_slice(v.as_bytes()),
                                None => {
                                    let _ = writeln!(io::stderr(), "curl: unknown --write-out variable: '{name}'");
                                }
                            },
                        }
                        i += 2 + name.chars().count() + 1;
                    }
                    None => {
                        target.extend_from_slice(b"%{");
                        i += 2;
                    }
                }
            } else if c == '\\' && i + 1 < chars.len() {
                match chars[i + 1] {
                    'n' => target.push(b'\n'),
                    't' => target.push(b'\t'),
                    'r' => target.push(b'\r'),
                    '\\' => target.push(b'\\'),
                    other => {
                        target.push(b'\\');
                        target.extend_from_slice(other.to_string().as_bytes());
                    }
                }
                i += 2;
            } else {
                target.extend_from_slice(c.to_string().as_bytes());
                i += 1;
            }
        }
        let _ = io::stdout().lock().write_all(&out);
        let _ = io::stdout().lock().flush();
        let _ = io::stderr().write_all(&err_buf);
    }
}

/// A `-w` variable's value.
fn variable(name: &str, info: &Info) -> Option<String> {
    Some(match name {
        "http_code" | "response_code" => format!("{:03}", info.code),
        "size_download" => info.size.to_string(),
        "size_header" => info.size_header.to_string(),
        "url_effective" | "url" => info.url_effective.clone(),
        "content_type" => info.content_type.clone(),
        "num_redirects" => info.num_redirects.to_string(),
        "redirect_url" => info.redirect_url.clone(),
        "method" => info.method.clone(),
        "exitcode" => info.error.as_ref().map_or(0, |e| e.0).to_string(),
        "errormsg" => info.error.as_ref().map_or(String::new(), |e| e.1.clone()),
        "scheme" => "HTTP".into(),
        "http_version" => "1.1".into(),
        "time_total" => format!("{:.6}", info.start.map_or(0.0, |s| s.elapsed().as_secs_f64())),
        _ => return None,
    })
}

fn sink_stdout(head: &Head) -> Result<(), Error> {
    io::stdout().lock().write_all(&head.raw).map_err(|_| write_failed())
}

/// curl's error for a URL [`Url::parse`] refused.
fn url_error(e: UrlError) -> Error {
    match e {
        UrlError::Malformed => Error::new(3, "URL using bad/illegal format or missing URL"),
        UrlError::Unsupported(s) => Error::new(1, format!("Protocol \"{s}\" not supported or disabled in libcurl")),
    }
}
