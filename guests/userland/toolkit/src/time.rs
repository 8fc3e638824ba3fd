//! UTC calendar fields of epoch seconds. The VM has no time zone, so tools print file and wall
//! times in UTC; this is the one place that turns seconds into dates.

/// A moment in UTC, broken into calendar fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utc {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 for Sunday to 6 for Saturday.
    pub weekday: u32,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

impl Utc {
    /// The fields of `secs` seconds since 1970-01-01 00:00 UTC (negative: before it).
    pub fn from_epoch(secs: i64) -> Utc {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Utc {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// The month's English abbreviation (`Jan`), as `ctime` and `ls` print it.
    pub fn month_name(&self) -> &'static str {
        MONTHS[(self.month.clamp(1, 12) - 1) as usize]
    }

    /// The weekday's English abbreviation (`Thu`), as `ctime` prints it.
    pub fn weekday_name(&self) -> &'static str {
        WEEKDAYS[(self.weekday % 7) as usize]
    }
}

/// `(year, month, day)` of `days` since 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::Utc;

    #[test]
    fn epoch_seconds_become_utc_fields() {
        let t = Utc::from_epoch(0);
        assert_eq!((t.year, t.month, t.day, t.weekday_name(), t.month_name()), (1970, 1, 1, "Thu", "Jan"));
        let t = Utc::from_epoch(1_704_164_645); // 2024-01-02 03:04:05, a Tuesday
        assert_eq!((t.year, t.month, t.day, t.hour, t.minute, t.second), (2024, 1, 2, 3, 4, 5));
        assert_eq!(t.weekday_name(), "Tue");
        let t = Utc::from_epoch(951_782_400); // 2000-02-29, a leap day
        assert_eq!((t.year, t.month, t.day), (2000, 2, 29));
        let t = Utc::from_epoch(-1); // 1969-12-31 23:59:59, a Wednesday
        assert_eq!((t.year, t.month, t.day, t.hour, t.weekday_name()), (1969, 12, 31, 23, "Wed"));
    }
}
