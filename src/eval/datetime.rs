//! `datetime` values the code builds from constants (`datetime(2024, 11, 20,
//! tzinfo=timezone.utc)`, `date(2000, 1, 1)`), written as Python writes them: `str()` and
//! `.isoformat()`, which revisions and models pass as server defaults.

use super::value::{Object, Value};

/// The text of a `datetime`/`date` made of constants, its date and time joined by `sep`
/// (`' '` for `str()`, `'T'` for `isoformat()`); `None` for anything else.
pub(super) fn text(o: &Object, sep: char) -> Option<String> {
    let kind = o.class.strip_prefix("datetime.")?;
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
