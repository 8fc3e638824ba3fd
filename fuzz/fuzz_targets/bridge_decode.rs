//! Bridge decoding of every message type (`bridge/ABI.md`): the first byte picks the decoder,
//! the rest is the message. Decoding must be total (a value or an error, never a panic), and
//! exact: whatever decodes re-encodes to the very same bytes (the stat record up to its
//! reserved field), and decodes again to the same value.

#![no_main]

use burrow_bridge::dirent;
use burrow_bridge::sockaddr::{SockAddr, MAX_SIZE};
use burrow_bridge::spawn::SpawnRequest;
use burrow_bridge::stat::{self, FileStat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, msg)) = data.split_first() else { return };
    match which % 4 {
        0 => {
            if let Ok(req) = SpawnRequest::decode(msg) {
                assert_eq!(req.encode(), msg, "a spawn request re-encodes differently");
            }
        }
        1 => {
            if let Ok(addr) = SockAddr::decode(msg) {
                let bytes = addr.encode();
                assert_eq!(bytes, msg, "a socket address re-encodes differently");
                assert_eq!(addr.encoded_len(), bytes.len());
                assert!(bytes.len() <= MAX_SIZE);
                assert_eq!(SockAddr::family_of(msg), Some(addr.family()));
            }
        }
        2 => match FileStat::decode(msg) {
            Ok(st) => {
                assert_eq!(msg.len(), stat::SIZE);
                let bytes = st.encode();
                assert_eq!(bytes[..stat::SIZE - 8], msg[..stat::SIZE - 8], "a stat record re-encodes differently");
                assert_eq!(FileStat::decode(&bytes), Ok(st));
            }
            Err(_) => assert_ne!(msg.len(), stat::SIZE, "a stat record of the right size was refused"),
        },
        _ => {
            if let Ok(entries) = dirent::decode(msg) {
                let mut out = Vec::new();
                for (kind, name) in &entries {
                    dirent::push(&mut out, *kind, name);
                }
                assert_eq!(out, msg, "a directory listing re-encodes differently");
            }
        }
    }
});
