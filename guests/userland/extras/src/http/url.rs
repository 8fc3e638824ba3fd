//! `http://` URLs as curl and wget take them: an optional scheme (none means `http`), optional
//! `user:password@`, a host (name, IPv4 literal or bracketed IPv6 literal), an optional port, a
//! path and query sent as given (percent-encoding untouched), and a fragment that is never sent.
//! Redirect targets (`Location`) resolve against the URL they came from.

/// Why a URL was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlError {
    /// Not a usable URL (curl's status 3).
    Malformed,
    /// A scheme other than `http` (curl's status 1): the scheme, lowercased.
    Unsupported(String),
}

/// A parsed `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// User name from the userinfo, percent-decoded.
    pub user: Option<String>,
    /// Password from the userinfo, percent-decoded.
    pub password: Option<String>,
    /// The host as written, without IPv6 brackets.
    pub host: String,
    /// The port (80 when none is given).
    pub port: u16,
    /// Whether the port was written in the URL.
    pub explicit_port: bool,
    /// The request target: path (at least `/`) and `?query` if any.
    pub target: String,
}

/// Splits `s` at the first of `chars`.
fn split_at_any<'a>(s: &'a str, chars: &[char]) -> (&'a str, &'a str) {
    match s.find(chars) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    }
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = ((b[i + 1] as char).to_digit(16), (b[i + 2] as char).to_digit(16)) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes `s` as curl's `--data-urlencode` does: letters, digits and `-._~` stay, a space
/// becomes `+`, every other byte `%XX`.
pub fn form_encode(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(c as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{c:02X}")),
        }
    }
    out
}

impl Url {
    /// Parses `s`; no scheme means `http`.
    pub fn parse(s: &str) -> Result<Url, UrlError> {
        if s.is_empty() || s.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(UrlError::Malformed);
        }
        let rest = match s.find("://") {
            Some(i) if i > 0 && s[..i].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) => {
                let scheme = s[..i].to_ascii_lowercase();
                if scheme != "http" {
                    return Err(UrlError::Unsupported(scheme));
                }
                &s[i + 3..]
            }
            _ => s,
        };
        let (authority, rest) = split_at_any(rest, &['/', '?', '#']);
        let (user, password, hostport) = match authority.rfind('@') {
            Some(i) => {
                let info = &authority[..i];
                let (u, p) = match info.split_once(':') {
                    Some((u, p)) => (u, Some(percent_decode(p))),
                    None => (info, None),
                };
                (Some(percent_decode(u)), p, &authority[i + 1..])
            }
            None => (None, None, authority),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let end = v6.find(']').ok_or(UrlError::Malformed)?;
            let addr = &v6[..end];
            if addr.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(UrlError::Malformed);
            }
            let after = &v6[end + 1..];
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or(UrlError::Malformed)?),
            };
            (addr, port)
        } else {
            match hostport.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if host.is_empty() || host.contains(['[', ']', '\\']) {
            return Err(UrlError::Malformed);
        }
        let (port, explicit_port) = match port {
            None | Some("") => (80, false),
            Some(p) if p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 5 => {
                (p.parse::<u16>().map_err(|_| UrlError::Malformed)?, true)
            }
            Some(_) => return Err(UrlError::Malformed),
        };
        let (target, _fragment) = split_at_any(rest, &['#']);
        let target = if target.starts_with('/') { target.to_string() } else { format!("/{target}") };
        Ok(Url { user, password, host: host.to_string(), port, explicit_port, target })
    }

    /// The host as it goes into a URL or `Host:` header (IPv6 literals bracketed).
    pub fn host_for_url(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }

    /// The `Host:` header value: the host, and the port unless it is 80.
    pub fn host_header(&self) -> String {
        if self.port == 80 {
            self.host_for_url()
        } else {
            format!("{}:{}", self.host_for_url(), self.port)
        }
    }

    /// The URL written out in full (curl's `url_effective`), without the userinfo.
    pub fn display(&self) -> String {
        let port = if self.explicit_port { format!(":{}", self.port) } else { String::new() };
        format!("http://{}{port}{}", self.host_for_url(), self.target)
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        split_at_any(&self.target, &['?']).0
    }

    /// The URL a `Location: loc` received for this URL points to.
    pub fn join(&self, loc: &str) -> Result<Url, UrlError> {
        let loc = loc.trim();
        if let Some(i) = loc.find("://") {
            if i > 0 && !loc[..i].contains(['/', '?', '#']) {
                return Url::parse(loc);
            }
        }
        if loc.starts_with("//") {
            return Url::parse(&format!("http:{loc}"));
        }
        let mut u = self.clone();
        u.user = None;
        u.password = None;
        let (loc, _fragment) = split_at_any(loc, &['#']);
        if loc.is_empty() {
            return Ok(u);
        }
        let path = if loc.starts_with('/') {
            loc.to_string()
        } else if loc.starts_with('?') {
            format!("{}{loc}", self.path())
        } else {
            let base = self.path();
            let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{loc}")
        };
        let (p, q) = split_at_any(&path, &['?']);
        u.target = format!("{}{q}", remove_dot_segments(p));
        if u.target.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(UrlError::Malformed);
        }
        Ok(u)
    }
}

/// RFC 3986's dot-segment removal on an absolute path.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_curl_takes() {
        let u = Url::parse("http://u:p%40w@Example.com:8080/a/b?x=1&y=%20#frag").unwrap();
        assert_eq!(u.user.as_deref(), Some("u"));
        assert_eq!(u.password.as_deref(), Some("p@w"));
        assert_eq!((u.host.as_str(), u.port, u.target.as_str()), ("Example.com", 8080, "/a/b?x=1&y=%20"));
        assert_eq!(u.host_header(), "Example.com:8080");
        let u = Url::parse("localhost:3000").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.target.as_str()), ("localhost", 3000, "/"));
        assert_eq!(u.display(), "http://localhost:3000/");
        let u = Url::parse("http://[::1]:8/?q").unwrap();
        assert_eq!((u.host.as_str(), u.target.as_str(), u.host_header()), ("::1", "/?q", "[::1]:8".to_string()));
        let u = Url::parse("10.0.2.2?x").unwrap();
        assert_eq!((u.port, u.target.as_str(), u.host_header()), (80, "/?x", "10.0.2.2".to_string()));
        assert_eq!(Url::parse("http://h/a b"), Err(UrlError::Malformed));
        assert_eq!(Url::parse(""), Err(UrlError::Malformed));
        assert_eq!(Url::parse("http://:80/"), Err(UrlError::Malformed));
        assert_eq!(Url::parse("http://h:99999/"), Err(UrlError::Malformed));
        assert_eq!(Url::parse("http://h:x/"), Err(UrlError::Malformed));
        assert_eq!(Url::parse("http://[zz]/"), Err(UrlError::Malformed));
        assert_eq!(Url::parse("HTTPS://h/"), Err(UrlError::Unsupported("https".into())));
    }

    #[test]
    fn joins_locations() {
        let base = Url::parse("http://u:p@h:81/a/b/c?q").unwrap();
        let j = |l: &str| base.join(l).unwrap().display();
        assert_eq!(j("/x"), "http://h:81/x");
        assert_eq!(j("d?e"), "http://h:81/a/b/d?e");
        assert_eq!(j("../d"), "http://h:81/a/d");
        assert_eq!(j("?z"), "http://h:81/a/b/c?z");
        assert_eq!(j("//o/p"), "http://o/p");
        assert_eq!(j("http://o:9/p#f"), "http://o:9/p");
        assert_eq!(base.join("https://o/"), Err(UrlError::Unsupported("https".into())));
        assert!(base.join("/x").unwrap().user.is_none());
    }

    #[test]
    fn encodes_and_decodes() {
        assert_eq!(form_encode(b"a=b c&d~"), "a%3Db+c%26d~");
        assert_eq!(percent_decode("a%41%zz%4"), "aA%zz%4");
    }
}
