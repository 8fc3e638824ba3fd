//! The byte crunching behind `crypto` hashes and `zlib`: native code, since JavaScript would be
//! an order of magnitude slower on the megabytes agents hash and compress.

use std::io::{Read, Write};

use flate2::Compression;
use hmac::{Mac, SimpleHmac};
use sha2::Digest;

fn plain<D: Digest>(data: &[u8]) -> Vec<u8> {
    D::digest(data).to_vec()
}

fn keyed<D: Digest + hmac::digest::core_api::BlockSizeUser>(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let mut mac = <SimpleHmac<D> as hmac::digest::KeyInit>::new_from_slice(key).ok()?;
    mac.update(data);
    Some(mac.finalize().into_bytes().to_vec())
}

/// The digest (or, with `key_len` >= 0, the HMAC) of `buf` with `algorithm` (see `HASH`).
pub fn digest(algorithm: i64, key_len: i64, buf: &[u8]) -> Option<Vec<u8>> {
    if key_len < 0 {
        return Some(match algorithm {
            0 => plain::<md5::Md5>(buf),
            1 => plain::<sha1::Sha1>(buf),
            2 => plain::<sha2::Sha256>(buf),
            3 => plain::<sha2::Sha512>(buf),
            4 => plain::<sha2::Sha384>(buf),
            5 => plain::<sha2::Sha224>(buf),
            _ => return None,
        });
    }
    let k = usize::try_from(key_len).ok().filter(|&k| k <= buf.len())?;
    let (key, data) = buf.split_at(k);
    match algorithm {
        0 => keyed::<md5::Md5>(key, data),
        1 => keyed::<sha1::Sha1>(key, data),
        2 => keyed::<sha2::Sha256>(key, data),
        3 => keyed::<sha2::Sha512>(key, data),
        4 => keyed::<sha2::Sha384>(key, data),
        5 => keyed::<sha2::Sha224>(key, data),
        _ => None,
    }
}

/// `buf` compressed or decompressed as `mode` says (see `ZLIB`), at `level` (-1: default).
pub fn zlib(mode: i64, level: i64, buf: &[u8]) -> std::io::Result<Vec<u8>> {
    let level = u32::try_from(level).map(|l| Compression::new(l.min(9))).unwrap_or_default();
    let mut out = Vec::new();
    match mode {
        0 => {
            let mut e = flate2::write::ZlibEncoder::new(&mut out, level);
            e.write_all(buf)?;
            e.finish()?;
        }
        2 => {
            let mut e = flate2::write::GzEncoder::new(&mut out, level);
            e.write_all(buf)?;
            e.finish()?;
        }
        4 => {
            let mut e = flate2::write::DeflateEncoder::new(&mut out, level);
            e.write_all(buf)?;
            e.finish()?;
        }
        1 => {
            flate2::read::ZlibDecoder::new(buf).read_to_end(&mut out)?;
        }
        3 => {
            flate2::read::MultiGzDecoder::new(buf).read_to_end(&mut out)?;
        }
        5 => {
            flate2::read::DeflateDecoder::new(buf).read_to_end(&mut out)?;
        }
        6 if buf.starts_with(&[0x1f, 0x8b]) => {
            flate2::read::MultiGzDecoder::new(buf).read_to_end(&mut out)?;
        }
        6 => {
            flate2::read::ZlibDecoder::new(buf).read_to_end(&mut out)?;
        }
        _ => return Err(std::io::ErrorKind::InvalidInput.into()),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn digests_match_known_vectors() {
        assert_eq!(hex(&digest(0, -1, b"abc").unwrap()), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(hex(&digest(1, -1, b"abc").unwrap()), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            hex(&digest(2, -1, b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // RFC 4231 test case 2.
        let mut buf = b"Jefe".to_vec();
        buf.extend_from_slice(b"what do ya want for nothing?");
        assert_eq!(
            hex(&digest(2, 4, &buf).unwrap()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(digest(9, -1, b"").is_none());
    }

    #[test]
    fn zlib_round_trips_and_refuses_garbage() {
        let data = b"hello hello hello hello".repeat(100);
        for (enc, dec) in [(0, 1), (2, 3), (4, 5), (2, 6), (0, 6)] {
            let packed = zlib(enc, -1, &data).unwrap();
            assert!(packed.len() < data.len());
            assert_eq!(zlib(dec, -1, &packed).unwrap(), data);
        }
        assert!(zlib(1, -1, b"not zlib").is_err());
    }
}
