//! HTTP-only `curl` and `wget` for guests: plain `http://` over the VM's sockets (the VM's
//! network policy decides what is reachable), no TLS. [`url`] parses URLs, [`client`] runs one
//! HTTP/1.1 exchange, [`curl`] and [`wget`] are the command lines.

pub mod client;
pub mod curl;
pub mod url;
pub mod wget;

use std::fs::File;
use std::io::{self, Read};

/// The bytes of `name` for `@file` arguments (`-`: standard input).
pub fn read_source(name: &str) -> io::Result<Vec<u8>> {
    let mut v = Vec::new();
    if name == "-" {
        io::stdin().lock().read_to_end(&mut v)?;
    } else {
        File::open(name)?.read_to_end(&mut v)?;
    }
    Ok(v)
}

/// Base64 (`Authorization: Basic`).
pub fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_like_rfc4648() {
        assert_eq!(super::base64(b"u:p"), "dTpw");
        assert_eq!(super::base64(b"user:"), "dXNlcjo=");
        assert_eq!(super::base64(b"ab"), "YWI=");
        assert_eq!(super::base64(b""), "");
    }
}
