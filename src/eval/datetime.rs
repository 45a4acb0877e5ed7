//! `datetime` values the code builds from constants (`datetime(2024, 11, 20,
//! tzinfo=timezone.utc)`, `date(2000, 1, 1)`), written as Python writes them: `str()` and
//! `.isoformat()`, which revisions and models pass as server defaults; `str()` of a
//! `timedelta` of constants (`str(timedelta(minutes=0))` is `0:00:00`).

use super::value::{Object, Value};

/// The text of a `datetime`/`date` made of constants, its date and time joined by `sep`
/// (`' '` for `str()`, `'T'` for `isoformat()`); `None` for anything else.
pub(super) fn text(o: &Object, sep: char) -> Option<String> {
    let kind = o.class.strip_prefix("datetime.")?;
    if kind == "timedelta" {
        return (sep == ' ').then(|| timedelta_text(o)).flatten();
    }
    let names = [
        "year",
        "month",
        "day",
        "hour",
        "minute",
        "second",
        "microsecond",
    ];
    let count = match kind {
        "date" => 3,
        "datetime" => 7,
        _ => return None,
    };
    let mut parts = [0i64; 7];
    for (i, name) in names.iter().enumerate().take(count) {
        match o.args.get(i, name) {
            Some(Value::Int(n)) => parts[i] = *n,
            None if i >= 3 => {}
            _ => return None,
        }
    }
    let [year, month, day, hour, minute, second, micro] = parts;
    let date = format!("{year:04}-{month:02}-{day:02}");
    if kind == "date" {
        return Some(date);
    }
    let zone = match o.args.get(7, "tzinfo") {
        None | Some(Value::None) => "",
        Some(Value::External(n)) if n == "datetime.timezone.utc" || n.ends_with("UTC") => "+00:00",
        Some(_) => return None,
    };
    let fraction = if micro > 0 {
        format!(".{micro:06}")
    } else {
        String::new()
    };
    Some(format!(
        "{date}{sep}{hour:02}:{minute:02}:{second:02}{fraction}{zone}"
    ))
}

/// `str(timedelta(...))` of integer constants, as Python writes it: `[D day[s], ]H:MM:SS`,
/// with `.ffffff` when there are microseconds (days may be negative, the rest is not).
fn timedelta_text(o: &Object) -> Option<String> {
    // The constructor's arguments, in its positional order, with microseconds per unit.
    const UNITS: [(&str, i64); 7] = [
        ("days", 86_400_000_000),
        ("seconds", 1_000_000),
        ("microseconds", 1),
        ("milliseconds", 1_000),
        ("minutes", 60_000_000),
        ("hours", 3_600_000_000),
        ("weeks", 604_800_000_000),
    ];
    let mut total: i64 = 0;
    for (i, (name, micros)) in UNITS.iter().enumerate() {
        match o.args.get(i, name) {
            Some(Value::Int(n)) => total = total.checked_add(n.checked_mul(*micros)?)?,
            None => {}
            _ => return None,
        }
    }
    let day = 86_400_000_000;
    let (days, rest) = (total.div_euclid(day), total.rem_euclid(day));
    let (seconds, micro) = (rest / 1_000_000, rest % 1_000_000);
    let clock = format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    );
    let fraction = if micro > 0 {
        format!(".{micro:06}")
    } else {
        String::new()
    };
    let days = match days {
        0 => String::new(),
        1 | -1 => format!("{days} day, "),
        _ => format!("{days} days, "),
    };
    Some(format!("{days}{clock}{fraction}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::value::Args;

    fn timedelta(keywords: &[(&str, i64)]) -> Object {
        Object {
            class: "datetime.timedelta".into(),
            receiver: None,
            args: Args {
                keywords: keywords
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::Int(*v)))
                    .collect(),
                ..Args::default()
            },
            called: true,
            span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
        }
    }

    #[test]
    fn timedeltas_print_as_python_prints_them() {
        assert_eq!(
            text(&timedelta(&[("minutes", 0)]), ' ').as_deref(),
            Some("0:00:00")
        );
        assert_eq!(
            text(&timedelta(&[("minutes", 15)]), ' ').as_deref(),
            Some("0:15:00")
        );
        assert_eq!(
            text(
                &timedelta(&[("days", 2), ("hours", 3), ("microseconds", 5)]),
                ' '
            )
            .as_deref(),
            Some("2 days, 3:00:00.000005")
        );
        assert_eq!(
            text(&timedelta(&[("hours", 25)]), ' ').as_deref(),
            Some("1 day, 1:00:00")
        );
        assert_eq!(
            text(&timedelta(&[("seconds", -1)]), ' ').as_deref(),
            Some("-1 day, 23:59:59")
        );
        assert_eq!(text(&timedelta(&[("minutes", 1)]), 'T'), None);
    }
}
