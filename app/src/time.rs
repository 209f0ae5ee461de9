//! Dates and times as Swedes read them: Europe/Stockholm (CET, CEST in summer).
//!
//! The EU rule is fixed: summer time from the last Sunday of March 01:00 UTC to
//! the last Sunday of October 01:00 UTC; nothing else needs a time-zone database.

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Unix seconds of the last Sunday of a month at 01:00 UTC.
fn last_sunday_0100_utc(year: i64, month: i64) -> i64 {
    let next_month_first = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    let last_day = next_month_first - 1;
    // 1970-01-01 was a Thursday: weekday 0 = Monday … 6 = Sunday.
    let weekday = (last_day + 3).rem_euclid(7);
    (last_day - (weekday + 1) % 7) * 86_400 + 3_600
}

/// Offset from UTC in seconds at a given instant.
pub fn stockholm_offset(unix: i64) -> i64 {
    let (year, _, _) = civil_from_days(unix.div_euclid(86_400));
    let summer = unix >= last_sunday_0100_utc(year, 3) && unix < last_sunday_0100_utc(year, 10);
    if summer {
        7_200
    } else {
        3_600
    }
}

/// "2026-11-22 17:40" in Stockholm time.
pub fn format_stockholm(unix: i64) -> String {
    let local = unix + stockholm_offset(unix);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// "2026-11-22" in Stockholm time.
pub fn format_date_stockholm(unix: i64) -> String {
    format_stockholm(unix)[..10].to_string()
}

/// Parses `YYYY-MM-DD` and returns the unix time of local midnight that day.
pub fn parse_date_stockholm(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if civil_from_days(days) != (y, m, d) {
        return None; // 31 February and the like
    }
    let utc_midnight = days * 86_400;
    // The offset at local midnight equals the offset an hour or two earlier in UTC.
    Some(utc_midnight - stockholm_offset(utc_midnight - 3_600))
}

/// The Stockholm calendar day of an instant, as days since 1970-01-01.
pub fn stockholm_day(unix: i64) -> i64 {
    (unix + stockholm_offset(unix)).div_euclid(86_400)
}

/// Seconds since local midnight of an instant, in Stockholm time.
pub fn stockholm_seconds_of_day(unix: i64) -> i64 {
    (unix + stockholm_offset(unix)).rem_euclid(86_400)
}

/// The weekday of a day from [`stockholm_day`]: 0 = Monday … 6 = Sunday.
pub fn weekday(day: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (day + 3).rem_euclid(7)
}

/// The instant of a Stockholm wall-clock time on a day from
/// [`stockholm_day`]. Exact for times from 04:00 on: the clocks change in
/// the night (02:00–03:00 local), never later in the day.
pub fn stockholm_at(day: i64, seconds_of_day: i64) -> i64 {
    let naive = day * 86_400 + seconds_of_day;
    // The offset an hour or two before the naive instant is the offset in
    // force at that local time, except in the night of a change.
    naive - stockholm_offset(naive - 7_200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 1, 59, 60, 365, 10_957, 20_779, 40_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn summer_time_switches_on_the_right_instants() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let start = days_from_civil(2026, 3, 29) * 86_400 + 3_600;
        let end = days_from_civil(2026, 10, 25) * 86_400 + 3_600;
        assert_eq!(stockholm_offset(start - 1), 3_600);
        assert_eq!(stockholm_offset(start), 7_200);
        assert_eq!(stockholm_offset(end - 1), 7_200);
        assert_eq!(stockholm_offset(end), 3_600);
    }

    #[test]
    fn formats_local_time() {
        let winter = days_from_civil(2026, 11, 22) * 86_400 + 16 * 3_600 + 40 * 60;
        assert_eq!(format_stockholm(winter), "2026-11-22 17:40");
        let summer = days_from_civil(2026, 6, 1) * 86_400 + 22 * 3_600 + 30 * 60;
        assert_eq!(format_stockholm(summer), "2026-06-02 00:30");
        assert_eq!(format_date_stockholm(summer), "2026-06-02");
    }

    #[test]
    fn parses_dates_to_local_midnight() {
        let t = parse_date_stockholm("2026-11-22").unwrap();
        assert_eq!(format_stockholm(t), "2026-11-22 00:00");
        let t = parse_date_stockholm("2026-07-01").unwrap();
        assert_eq!(format_stockholm(t), "2026-07-01 00:00");
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "22/11/2026",
            "2026-11",
            "abcd-ef-gh",
        ] {
            assert_eq!(parse_date_stockholm(bad), None, "{bad}");
        }
    }

    #[test]
    fn local_days_and_wall_clock_times() {
        // 2026-03-29 (summer time starts), a Sunday.
        let day = days_from_civil(2026, 3, 29);
        assert_eq!(weekday(day), 6);
        assert_eq!(weekday(days_from_civil(2026, 11, 30)), 0);
        let eight = stockholm_at(day, 8 * 3_600);
        assert_eq!(format_stockholm(eight), "2026-03-29 08:00");
        assert_eq!(stockholm_day(eight), day);
        assert_eq!(stockholm_seconds_of_day(eight), 8 * 3_600);
        let before = stockholm_at(day - 1, 8 * 3_600);
        assert_eq!(format_stockholm(before), "2026-03-28 08:00");
        // The day is 23 hours long.
        assert_eq!(eight - before, 23 * 3_600);
        // Winter time again on 2026-10-25: a 25-hour day.
        let autumn = days_from_civil(2026, 10, 25);
        let a = stockholm_at(autumn, 8 * 3_600);
        assert_eq!(format_stockholm(a), "2026-10-25 08:00");
        assert_eq!(a - stockholm_at(autumn - 1, 8 * 3_600), 25 * 3_600);
        // Late in the evening a local day is ahead of the UTC day.
        let late = stockholm_at(day, 23 * 3_600 + 30 * 60);
        assert_eq!(format_stockholm(late), "2026-03-29 23:30");
        assert_eq!(stockholm_day(late), day);
    }
}
