//! Timestamps as the statistics and the revisions write them, read to seconds since the Unix
//! epoch (UTC). PostgreSQL's JSON writes `2026-05-01T10:11:12.123456+02:00`; Alembic's
//! `Create Date:` line writes `2026-05-01 10:11:12.123456` in the author's local time (an
//! offset only when `timezone` is configured). A time without an offset is read as UTC: the
//! comparisons made with it are in days, where a few hours do not matter.

/// Seconds since 1970-01-01T00:00:00Z, or `None` when `text` is not such a timestamp.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    // Every timestamp this reads is ASCII; the byte offsets below rely on it.
    if !text.is_ascii() {
        return None;
    }
    let (date, rest) = text.split_at(text.len().min(10));
    let mut parts = date.split('-');
    let year: i64 = number(parts.next()?, 4)?;
    let month: i64 = number(parts.next()?, 2)?;
    let day: i64 = number(parts.next()?, 2)?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let rest = match rest.chars().next() {
        None => return Some(seconds),
        Some('T' | 't' | ' ') => &rest[1..],
        Some(_) => return None,
    };
    // The time of day, then an optional fraction, then an optional offset.
    let end = rest.find(['+', '-', 'Z', 'z', ' ']).unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(end);
    let clock = clock.split('.').next()?;
    let mut hms = clock.split(':');
    let h: i64 = number(hms.next()?, 2)?;
    let m: i64 = number(hms.next()?, 2)?;
    let s: i64 = match hms.next() {
        Some(s) => number(s, 2)?,
        None => 0,
    };
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    seconds += h * 3600 + m * 60 + s;
    let offset = offset.trim();
    if offset.is_empty() || offset.eq_ignore_ascii_case("z") || offset == "UTC" {
        return Some(seconds);
    }
    let sign = match offset.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut parts = offset[1..].split(':');
    let first = parts.next()?;
    let (oh, om) = if first.len() == 4 && parts.clone().next().is_none() {
        (number(&first[..2], 2)?, number(&first[2..], 2)?)
    } else {
        (
            number(first, 2)?,
            parts.next().map_or(Some(0), |m| number(m, 2))?,
        )
    };
    Some(seconds - sign * (oh * 3600 + om * 60))
}

/// A run of exactly `digits` ASCII digits.
fn number(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date part of a timestamp, for messages (`2026-05-01`).
pub fn date_of(text: &str) -> &str {
    text.trim().get(..10).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_postgresql_and_alembic_timestamps() {
        assert_eq!(parse("1970-01-01T00:00:00+00:00"), Some(0));
        assert_eq!(parse("1970-01-02"), Some(86_400));
        assert_eq!(parse("2000-03-01 00:00:00"), Some(951_868_800));
        assert_eq!(
            parse("2026-12-05T20:07:07.123456+00:00"),
            Some(1_796_501_227)
        );
        assert_eq!(parse("2026-12-05 20:07:07.123456"), Some(1_796_501_227));
        assert_eq!(parse("2026-12-05T21:07:07+01:00"), Some(1_796_501_227));
        assert_eq!(parse("2026-12-05T17:37:07-02:30"), Some(1_796_501_227));
        assert_eq!(parse("2026-12-05T22:07:07+02"), Some(1_796_501_227));
        assert_eq!(parse("2026-12-05T20:07:07Z"), Some(1_796_501_227));
    }

    #[test]
    fn refuses_what_is_not_a_timestamp() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-1-01",
            "2026-12-05X10:00",
            "2026-12-05T25:00:00",
            "2026-12-2€0T08:00:00",
            "2026-12-05T10:00+1é2",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
