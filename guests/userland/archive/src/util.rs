//! File times as `tar` and `gzip` read and print them. Messages, exiting, glob matching and calendar
//! fields come from `burrow-toolkit`, which the other multicall modules share.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use burrow_toolkit::time::Utc;

/// Seconds since the epoch of a file time (negative before 1970).
pub fn epoch_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// The file time of `secs` since the epoch.
pub fn from_epoch(secs: i64) -> SystemTime {
    if secs >= 0 {
        UNIX_EPOCH + Duration::from_secs(secs as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
    }
}

/// `YYYY-MM-DD HH:MM` in UTC (the VM's time zone), as `tar -tv` and `ls -l` print it.
pub fn format_minute(secs: i64) -> String {
    let t = Utc::from_epoch(secs);
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.year, t.month, t.day, t.hour, t.minute)
}
