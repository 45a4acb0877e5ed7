//! Where the new revision goes and what it is called: a fresh revision id (12 hex characters,
//! as Alembic takes from a uuid4), the slug of the message, the project's `file_template`
//! (Python `%`-formatting of `rev`, `slug`, `epoch`, `year`, `month`, `day`, `hour`,
//! `minute`, `second`). The file itself is created by `fs::create_new`, never replacing one.

use std::hash::{BuildHasher, Hasher};

/// Alembic's default `file_template`.
pub const DEFAULT_FILE_TEMPLATE: &str = "%(rev)s_%(slug)s";

/// Alembic's default `truncate_slug_length`.
pub const DEFAULT_SLUG_LENGTH: usize = 40;

/// A fresh revision id: 12 hexadecimal characters from the process's random hasher seed, the
/// clock and the process id.
pub fn fresh_revision_id() -> String {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    h.write_u128(now);
    h.write_u32(std::process::id());
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}

/// Whether `id` is usable as a revision id (what `--rev-id` accepts).
pub fn valid_revision_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Alembic's slug: the words of the message, lower case, joined by `_`, cut at a word end to
/// `max` characters (with a trailing `_`) when longer.
pub fn slug(message: &str, max: usize) -> String {
    let words: Vec<String> = message
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let slug = words.join("_");
    if slug.chars().count() > max {
        let cut: String = slug.chars().take(max).collect();
        let head = cut.rsplit_once('_').map_or(cut.as_str(), |(h, _)| h);
        format!("{head}_")
    } else {
        slug
    }
}

/// A moment, as `file_template` and `Create Date` read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micros: u32,
}

impl Moment {
    /// Now, in UTC.
    pub fn now() -> Moment {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let secs = d.as_secs() as i64;
        let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        Moment {
            year,
            month,
            day,
            hour: (rest / 3600) as u32,
            minute: (rest % 3600 / 60) as u32,
            second: (rest % 60) as u32,
            micros: d.subsec_micros(),
        }
    }

    /// `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]` (a `T` may separate date and time).
    pub fn parse(text: &str) -> Option<Moment> {
        let text = text.trim();
        let (date, time) = text
            .split_once([' ', 'T'])
            .map_or((text, ""), |(d, t)| (d, t));
        let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
        let (year, month, day) = (d.next()??, d.next()??, d.next()??);
        let (clock, micros) = time.split_once('.').unwrap_or((time, ""));
        let mut t = clock
            .split(':')
            .filter(|p| !p.is_empty())
            .map(|p| p.parse::<u32>().ok());
        let hour = t.next().flatten().unwrap_or(0);
        let minute = t.next().flatten().unwrap_or(0);
        let second = t.next().flatten().unwrap_or(0);
        let micros = format!("{micros:0<6}").get(..6)?.parse().unwrap_or(0);
        let valid = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        valid.then_some(Moment {
            year,
            month: month as u32,
            day: day as u32,
            hour,
            minute,
            second,
            micros,
        })
    }

    /// Python's `str(datetime)`: `2024-06-01 12:30:00.123456` (no fraction when zero).
    pub fn python_str(&self) -> String {
        let base = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        );
        if self.micros == 0 {
            base
        } else {
            format!("{base}.{:06}", self.micros)
        }
    }

    fn epoch(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
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

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The file name `file_template` gives (without `.py`), or what in it cannot be read.
pub fn file_name(template: &str, rev: &str, slug: &str, at: &Moment) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(p) = rest.find('%') {
        out.push_str(&rest[..p]);
        rest = &rest[p + 1..];
        if let Some(r) = rest.strip_prefix('%') {
            out.push('%');
            rest = r;
            continue;
        }
        let inner = rest.strip_prefix('(').ok_or_else(|| {
            format!("`%` in file_template `{template}` is not followed by `(name)`")
        })?;
        let close = inner
            .find(')')
            .ok_or_else(|| format!("file_template `{template}`: `%(` without `)`"))?;
        let name = &inner[..close];
        let spec_end = inner[close + 1..]
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| format!("file_template `{template}`: `%({name})` has no conversion"))?;
        let spec = &inner[close + 1..close + 1 + spec_end];
        let conversion = inner[close + 1 + spec_end..].chars().next().unwrap_or('s');
        rest = &inner[close + 1 + spec_end + 1..];
        let number = |n: i64| -> Result<String, String> {
            let (flags_width, precision) = spec.split_once('.').unwrap_or((spec, ""));
            let zero = flags_width.starts_with('0');
            let width: usize = flags_width
                .trim_start_matches(['0', '-'])
                .parse()
                .unwrap_or(0);
            let digits: usize = precision.parse().unwrap_or(0);
            let body = format!("{:0digits$}", n.abs());
            let body = if n < 0 { format!("-{body}") } else { body };
            Ok(if zero {
                format!("{body:0>width$}")
            } else {
                format!("{body:>width$}")
            })
        };
        let text = match (name, conversion) {
            ("rev", 's') => rev.to_string(),
            ("slug", 's') => slug.to_string(),
            ("epoch", 'd' | 's') => number(at.epoch())?,
            ("year", 'd' | 's') => number(at.year)?,
            ("month", 'd' | 's') => number(at.month.into())?,
            ("day", 'd' | 's') => number(at.day.into())?,
            ("hour", 'd' | 's') => number(at.hour.into())?,
            ("minute", 'd' | 's') => number(at.minute.into())?,
            ("second", 'd' | 's') => number(at.second.into())?,
            _ => {
                return Err(format!(
                    "file_template `{template}`: `%({name}){spec}{conversion}` is not a token Alembic gives"
                ))
            }
        };
        out.push_str(&text);
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_as_alembic_makes_them() {
        assert_eq!(
            slug("Add reviews, and imprints!", 40),
            "add_reviews_and_imprints"
        );
        assert_eq!(
            slug("one two three four five six seven eight nine ten", 40),
            "one_two_three_four_five_six_seven_eight_"
        );
    }

    #[test]
    fn file_templates_with_dates() {
        let at = Moment::parse("2024-06-01 09:05:07").unwrap();
        assert_eq!(
            file_name("%(year)d/%(month).2d/%(day).2d_%(hour).2d%(minute).2d_%(second).2d_%(rev)s_%(slug)s", "abc", "s", &at).unwrap(),
            "2024/06/01_0905_07_abc_s"
        );
        assert_eq!(
            file_name(DEFAULT_FILE_TEMPLATE, "abc", "s", &at).unwrap(),
            "abc_s"
        );
        assert_eq!(
            file_name("%(epoch)s_%(rev)s", "r", "s", &at).unwrap(),
            "1717232707_r"
        );
        assert!(file_name("%(nope)s", "r", "s", &at).is_err());
        assert_eq!(at.python_str(), "2024-06-01 09:05:07");
    }

    #[test]
    fn dates_round_trip_through_days() {
        for days in [-1000, 0, 19_000, 20_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert!(valid_revision_id(&fresh_revision_id()));
        assert_eq!(fresh_revision_id().len(), 12);
    }
}
