//! SQL expressions as PostgreSQL stores and prints them (`pg_get_expr`): server defaults from
//! plain strings and `sa.text(...)`, check conditions, index expressions and predicates.
//! Literals follow PostgreSQL's `get_const_expr` (bare non-negative int4 and float-looking
//! numerics, `true`/`false`, otherwise `'value'::type`); expressions are normalised through
//! PostgreSQL's own parser (`pg_query`) and deparser.

use super::{BaseType, IndexKey, SqlType};

/// The label PostgreSQL puts on a constant of this type: `format_type` without a modifier,
/// which spells two types differently from their modified form.
pub fn type_label(ty: &SqlType) -> String {
    let base = match &ty.base {
        BaseType::Char(_) => "bpchar".to_string(),
        // `bit` is a keyword: format_type quotes it when it prints no length.
        BaseType::Bit { varying: false, .. } => "\"bit\"".to_string(),
        _ => return ty.without_modifiers().to_string(),
    };
    if ty.array {
        format!("{base}[]")
    } else {
        base
    }
}

/// `value` as an SQL string literal (`'it''s'`).
pub(crate) fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A string literal (SQLAlchemy's `server_default="..."`, or `'...'` in SQL) coerced to the
/// column type, as `pg_get_expr` prints the resulting constant.
pub fn literal_default(value: &str, ty: &SqlType) -> String {
    if ty.array {
        return format!("{}::{}", quote_literal(value), type_label(ty));
    }
    match &ty.base {
        BaseType::Integer => match value.trim().parse::<i64>() {
            Ok(n) if n >= 0 => n.to_string(),
            Ok(n) => format!("'{n}'::integer"),
            Err(_) => format!("{}::integer", quote_literal(value)),
        },
        BaseType::SmallInt | BaseType::BigInt => match value.trim().parse::<i64>() {
            Ok(n) => format!("'{n}'::{}", type_label(ty)),
            Err(_) => format!("{}::{}", quote_literal(value), type_label(ty)),
        },
        BaseType::Numeric(_) => numeric_const(value.trim()),
        BaseType::Boolean => match value.trim().to_ascii_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "on" | "1" => "true".to_string(),
            "f" | "false" | "n" | "no" | "off" | "0" => "false".to_string(),
            _ => format!("{}::boolean", quote_literal(value)),
        },
        BaseType::Jsonb => format!("{}::jsonb", quote_literal(&jsonb_text(value))),
        BaseType::Uuid => format!("{}::uuid", quote_literal(&value.to_ascii_lowercase())),
        BaseType::Real | BaseType::Double => match value.trim().parse::<f64>() {
            Ok(f) => format!("'{}'::{}", float_text(f), type_label(ty)),
            Err(_) => format!("{}::{}", quote_literal(value), type_label(ty)),
        },
        BaseType::Builtin("money") => match value
            .trim()
            .trim_start_matches('$')
            .replace(',', "")
            .parse::<f64>()
        {
            Ok(amount) => format!("'{}'::money", money_text(amount)),
            Err(_) => format!("{}::money", quote_literal(value)),
        },
        BaseType::Interval { .. } if interval_text(value).is_some() => {
            let text = interval_text(value).unwrap_or_default();
            format!("'{text}'::{}", type_label(ty))
        }
        BaseType::Timestamp { tz, .. } if iso_timestamp(value.trim(), *tz).is_some() => {
            let text = iso_timestamp(value.trim(), *tz).unwrap_or_default();
            format!("'{text}'::{}", type_label(ty))
        }
        _ => format!("{}::{}", quote_literal(value), type_label(ty)),
    }
}

/// An interval of days and a clock (`0:15:00`, `1 day, 2:00:00` as Python's `str()` of a
/// `timedelta` writes it, `3 days`, `-00:00:01.50`) as PostgreSQL prints it: `N day[s]`, then
/// `[-]HH:MM:SS[.fraction]` unless the days alone say it all (checked against PostgreSQL 15).
/// `None` for other spellings.
fn interval_text(value: &str) -> Option<String> {
    let value = value.trim();
    let (days, clock) = match value.split_once(" day") {
        Some((n, rest)) => {
            let n: i64 = n.trim().parse().ok()?;
            let rest = rest.strip_prefix('s').unwrap_or(rest);
            let rest = rest.trim_start_matches(',').trim();
            (n, (!rest.is_empty()).then_some(rest))
        }
        None => (0, Some(value)),
    };
    let clock = match clock {
        Some(c) => {
            let (negative, c) = match c.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, c.strip_prefix('+').unwrap_or(c)),
            };
            let parts: Vec<&str> = c.split(':').collect();
            let (h, m, sec) = match parts.as_slice() {
                [h, m] => (*h, *m, "0"),
                [h, m, s] => (*h, *m, *s),
                _ => return None,
            };
            let h: u64 = h.parse().ok()?;
            let m: u64 = m.parse().ok()?;
            let (whole, fraction) = sec.split_once('.').unwrap_or((sec, ""));
            let whole: u64 = whole.parse().ok()?;
            if m > 59 || whole > 59 || !fraction.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let fraction = fraction.get(..fraction.len().min(6)).unwrap_or("");
            let fraction = fraction.trim_end_matches('0');
            let zero = h == 0 && m == 0 && whole == 0 && fraction.is_empty();
            // The clock's sign is written where it differs from the days' (`-1 days
            // +23:59:59`), and a negative clock always.
            let sign = match (negative && !zero, days < 0) {
                (true, _) => "-",
                (false, true) => "+",
                (false, false) => "",
            };
            let dot = if fraction.is_empty() { "" } else { "." };
            (!zero || days == 0).then(|| format!("{sign}{h:02}:{m:02}:{whole:02}{dot}{fraction}"))
        }
        None => None,
    };
    let days = match days {
        0 => None,
        1 => Some("1 day".to_string()),
        n => Some(format!("{n} days")),
    };
    Some(match (days, clock) {
        (Some(d), Some(c)) => format!("{d} {c}"),
        (Some(d), None) => d,
        (None, Some(c)) => c,
        (None, None) => "00:00:00".to_string(),
    })
}

/// A numeric constant: bare when it looks like a float and does not start with `-`.
fn numeric_const(text: &str) -> String {
    let looks_float =
        text.starts_with(|c: char| c.is_ascii_digit()) && text.contains(['.', 'e', 'E']);
    if looks_float && text.parse::<f64>().is_ok() {
        text.to_string()
    } else {
        format!("'{text}'::numeric")
    }
}

/// `cash_out` in the C locale: `$1,234.50`, `-$0.10`.
fn money_text(amount: f64) -> String {
    let cents = (amount.abs() * 100.0).round() as u64;
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    format!("{sign}${grouped}.{:02}", cents % 100)
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An ISO 8601 date or date and time (`2024-11-20`, `2024-11-20T00:00:00+00:00`, `... 10:30Z`)
/// as PostgreSQL prints the constant: with a time zone, moved to UTC (the server's time zone
/// being UTC) and written `+00`; without one, the zone dropped, as PostgreSQL ignores it.
fn iso_timestamp(s: &str, tz: bool) -> Option<String> {
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    if !is_iso_date(date) {
        return None;
    }
    let number = |t: &str| t.parse::<i64>().ok();
    let (year, month, day) = (
        number(&date[..4])?,
        number(&date[5..7])?,
        number(&date[8..])?,
    );
    let (time, zone) = match rest.strip_prefix(['T', ' ']) {
        None if rest.is_empty() => ("", ""),
        None => return None,
        Some(r) => match r.find(['+', '-', 'Z']) {
            Some(at) => (&r[..at], &r[at..]),
            None => (r, ""),
        },
    };
    let mut clock = time.splitn(3, ':');
    let hour = clock
        .next()
        .filter(|h| !h.is_empty())
        .map_or(Some(0), number)?;
    let minute = clock.next().map_or(Some(0), number)?;
    let (second, fraction) = match clock.next() {
        None => (0, ""),
        Some(sec) => match sec.split_once('.') {
            Some((whole, frac)) if frac.len() <= 6 && frac.bytes().all(|b| b.is_ascii_digit()) => {
                (number(whole)?, frac.trim_end_matches('0'))
            }
            Some(_) => return None,
            None => (number(sec)?, ""),
        },
    };
    let offset = match zone {
        "" | "Z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
            if !matches!(digits.len(), 2 | 4) {
                return None;
            }
            let hours = number(&digits[..2])?;
            let minutes = if digits.len() == 4 {
                number(&digits[2..])?
            } else {
                0
            };
            sign * (hours * 60 + minutes)
        }
    };
    if hour > 23 || minute > 59 || second > 59 || !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    if !tz {
        return Some(format!(
            "{date} {hour:02}:{minute:02}:{second:02}{fraction}"
        ));
    }
    // Minutes since 1970-01-01 00:00 UTC, then back to a civil date and time.
    let minutes = days_from_civil(year, month, day) * 1440 + hour * 60 + minute - offset;
    let (days, of_day) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{second:02}{fraction}+00",
        of_day / 60,
        of_day % 60
    ))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().filter(char::is_ascii_digit).count() == 8
}

/// `jsonb_out` formatting: `, ` and `: ` separators, object keys ordered by length then bytes,
/// the last duplicate key kept. Text that is not JSON is returned as written.
pub fn jsonb_text(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => jsonb_render(&v),
        Err(_) => text.to_string(),
    }
}

fn jsonb_render(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.len().cmp(&b.len()).then(a.as_bytes().cmp(b.as_bytes())));
            let parts: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{}: {}",
                        serde_json::Value::String((*k).clone()),
                        jsonb_render(&map[*k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(jsonb_render)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        other => other.to_string(),
    }
}

/// An SQL expression (from `sa.text(...)` or raw SQL) as PostgreSQL prints it back, as far
/// as the expression alone tells: normalised by PostgreSQL's parser and deparser, literal
/// constants typed as PostgreSQL types them, and the casts PostgreSQL adds to literal
/// arguments of common functions. `Err` carries the parser's message.
pub fn sql_expression(sql: &str, ty: Option<&SqlType>) -> Result<String, String> {
    let trimmed = sql.trim();
    // A lone literal is coerced to the column type.
    if let Some(ty) = ty {
        if let Some(inner) = single_quoted(trimmed) {
            return Ok(literal_default(&inner, ty));
        }
    }
    if let Some(text) = numeric_literal(trimmed) {
        return Ok(text);
    }
    if let Some(bits) = bit_string(trimmed) {
        return Ok(format!("'{bits}'::\"bit\""));
    }
    let parsed = pg_query::parse(&format!("SELECT {trimmed}"), 0).map_err(|e| e.to_string())?;
    let mut tree = parsed.protobuf;
    for stmt in &mut tree.stmts {
        if let Some(node) = stmt.stmt.as_deref_mut() {
            between_as_comparisons(node);
        }
    }
    let deparsed =
        pg_query::deparse(&tree, pg_query::DeparseOptions::default()).map_err(|e| e.to_string())?;
    let body = deparsed
        .strip_prefix("SELECT ")
        .unwrap_or(&deparsed)
        .to_string();
    Ok(canonical_casts(&in_lists_as_any(&add_known_casts(
        &fold_keywords(&standard_strings(&body)),
    ))))
}

/// The deparser writes a string with a backslash as an escape string (`E'a\\b'`, each
/// backslash doubled); PostgreSQL prints it back as a standard one (`'a\b'`), since
/// `standard_conforming_strings` is on.
fn standard_strings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if c == '\'' {
            let end = literal_end(rest).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            previous = Some('\'');
            continue;
        }
        let word_before = previous.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '$');
        if (c == 'E' || c == 'e') && !word_before && rest[1..].starts_with('\'') {
            if let Some(end) = literal_end(&rest[1..]) {
                let inner = &rest[2..end];
                out.push('\'');
                out.push_str(&inner.replace("\\\\", "\\"));
                out.push('\'');
                rest = &rest[1 + end..];
                previous = Some('\'');
                continue;
            }
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// PostgreSQL's parser turns `x BETWEEN a AND b` into `x >= a AND x <= b` and `x NOT BETWEEN
/// a AND b` into `x < a OR x > b`, which is what the catalog keeps; the tree is rewritten the
/// same way wherever the expression nests it (`SYMMETRIC` stays as it is).
fn between_as_comparisons(node: &mut pg_query::protobuf::Node) {
    use pg_query::protobuf::{AExprKind, BoolExprType};
    use pg_query::NodeEnum;
    let Some(inner) = node.node.as_mut() else {
        return;
    };
    match inner {
        NodeEnum::SelectStmt(s) => s.target_list.iter_mut().for_each(between_as_comparisons),
        NodeEnum::ResTarget(t) => {
            if let Some(v) = t.val.as_deref_mut() {
                between_as_comparisons(v);
            }
        }
        NodeEnum::BoolExpr(b) => b.args.iter_mut().for_each(between_as_comparisons),
        NodeEnum::TypeCast(c) => {
            if let Some(v) = c.arg.as_deref_mut() {
                between_as_comparisons(v);
            }
        }
        NodeEnum::NullTest(n) => {
            if let Some(v) = n.arg.as_deref_mut() {
                between_as_comparisons(v);
            }
        }
        NodeEnum::FuncCall(f) => {
            // `public.f(...)`: `pg_get_expr` prints a function of `public` unqualified, as
            // the default search path finds it.
            if f.funcname.len() == 2
                && matches!(f.funcname[0].node.as_ref(),
                    Some(NodeEnum::String(s)) if s.sval == "public")
            {
                f.funcname.remove(0);
            }
            f.args.iter_mut().for_each(between_as_comparisons)
        }
        NodeEnum::List(l) => l.items.iter_mut().for_each(between_as_comparisons),
        NodeEnum::AExpr(a) => {
            for side in [a.lexpr.as_deref_mut(), a.rexpr.as_deref_mut()]
                .into_iter()
                .flatten()
            {
                between_as_comparisons(side);
            }
            let negated = match AExprKind::try_from(a.kind) {
                Ok(AExprKind::AexprBetween) => false,
                Ok(AExprKind::AexprNotBetween) => true,
                _ => return,
            };
            let (Some(subject), Some(NodeEnum::List(bounds))) = (
                a.lexpr.as_deref().cloned(),
                a.rexpr.as_deref().and_then(|r| r.node.clone()),
            ) else {
                return;
            };
            let Ok([low, high]) = <[pg_query::protobuf::Node; 2]>::try_from(bounds.items) else {
                return;
            };
            let (first, second, join) = if negated {
                ("<", ">", BoolExprType::OrExpr)
            } else {
                (">=", "<=", BoolExprType::AndExpr)
            };
            let compare = |op: &str, right: pg_query::protobuf::Node| pg_query::protobuf::Node {
                node: Some(NodeEnum::AExpr(Box::new(pg_query::protobuf::AExpr {
                    kind: AExprKind::AexprOp as i32,
                    name: vec![pg_query::protobuf::Node {
                        node: Some(NodeEnum::String(pg_query::protobuf::String {
                            sval: op.to_string(),
                        })),
                    }],
                    lexpr: Some(Box::new(subject.clone())),
                    rexpr: Some(Box::new(right)),
                    location: a.location,
                    ..Default::default()
                }))),
            };
            *inner = NodeEnum::BoolExpr(Box::new(pg_query::protobuf::BoolExpr {
                boolop: join as i32,
                args: vec![compare(first, low), compare(second, high)],
                location: a.location,
                ..Default::default()
            }));
        }
        _ => {}
    }
}

/// Type names in casts (`::int[]`, `::varchar(5)`, `::timestamptz`) as `format_type` prints
/// them (`::integer[]`, `::character varying(5)`, `::timestamp with time zone`).
fn canonical_casts(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find("::") {
        out.push_str(&rest[..pos + 2]);
        rest = &rest[pos + 2..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_len);
        let (modifiers, after) = match after.strip_prefix('(') {
            Some(inner) => match inner.find(')') {
                Some(close) => (
                    inner[..close]
                        .split(',')
                        .filter_map(|m| m.trim().parse::<u32>().ok())
                        .collect::<Vec<_>>(),
                    &inner[close + 1..],
                ),
                None => (Vec::new(), after),
            },
            None => (Vec::new(), after),
        };
        let (array, after) = match after.strip_prefix("[]") {
            Some(a) => (true, a),
            None => (false, after),
        };
        match SqlType::from_sql_name(&name.to_ascii_lowercase(), &modifiers) {
            Some(base) if !matches!(base, BaseType::Builtin(_)) || modifiers.is_empty() => {
                let mut ty = SqlType::new(base);
                ty.array = array;
                out.push_str(&ty.to_string());
                rest = after;
            }
            _ => {
                out.push_str(name);
                rest = &rest[name_len..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One key of an index as SQL (`email`, `lower(email)`, `created_at DESC`): a column when
/// PostgreSQL's parser sees a plain column, else the expression; sort order and operator
/// class are not part of the key.
pub fn index_key(sql: &str) -> Result<IndexKey, String> {
    use pg_query::protobuf::node::Node as N;
    let parsed =
        pg_query::parse(&format!("CREATE INDEX i ON t ({sql})"), 0).map_err(|e| e.to_string())?;
    let element = parsed
        .protobuf
        .stmts
        .first()
        .and_then(|s| s.stmt.as_ref())
        .and_then(|n| match n.node.as_ref() {
            Some(N::IndexStmt(i)) => i.index_params.first().and_then(|p| match p.node.as_ref() {
                Some(N::IndexElem(e)) => Some(e.clone()),
                _ => None,
            }),
            _ => None,
        });
    let Some(element) = element else {
        return Err(format!("`{sql}` is not an index key"));
    };
    if !element.name.is_empty() {
        return Ok(IndexKey::Column(element.name));
    }
    // Strip what follows the expression (ordering, NULLS, operator class) and normalise it.
    let mut expr = sql.trim().to_string();
    loop {
        let upper = expr.to_ascii_uppercase();
        let cut = [" DESC", " ASC", " NULLS FIRST", " NULLS LAST"]
            .iter()
            .find(|w| upper.ends_with(*w))
            .map(|w| w.len());
        match cut {
            Some(n) => expr.truncate(expr.len() - n),
            None => break,
        }
    }
    sql_expression(&expr, None).map(IndexKey::Expression)
}

/// `B'0101'` (and `X'1F'`) bit-string constants, as their bits.
fn bit_string(s: &str) -> Option<String> {
    let (prefix, rest) = s.split_at_checked(1)?;
    let inner = rest.strip_prefix('\'')?.strip_suffix('\'')?;
    match prefix {
        "b" | "B" if inner.chars().all(|c| c == '0' || c == '1') => Some(inner.to_string()),
        "x" | "X" if inner.chars().all(|c| c.is_ascii_hexdigit()) => Some(
            inner
                .chars()
                .map(|c| format!("{:04b}", c.to_digit(16).unwrap_or(0)))
                .collect(),
        ),
        _ => None,
    }
}

/// PostgreSQL stores `x IN (a, b)` as `x = ANY (ARRAY[a, b])` and `x NOT IN (...)` as
/// `x <> ALL (ARRAY[...])`; a list of one item as the plain comparison (`x = a`, `x <> a`).
fn in_lists_as_any(s: &str) -> String {
    let mut out = s.to_string();
    for (pattern, replacement, single) in [
        (" NOT IN (", " <> ALL (ARRAY[", " <> "),
        (" IN (", " = ANY (ARRAY[", " = "),
    ] {
        while let Some(pos) = out.find(pattern) {
            let open = pos + pattern.len() - 1;
            let Some(close) = matching_paren(&out, open) else {
                break;
            };
            // A subquery stays as it is.
            if out[open + 1..]
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("SELECT")
            {
                break;
            }
            let items = out[open + 1..close].to_string();
            out = if top_level_commas(&items) == 0 {
                format!(
                    "{}{single}{}{}",
                    &out[..pos],
                    items.trim(),
                    &out[close + 1..]
                )
            } else {
                format!("{}{replacement}{items}]){}", &out[..pos], &out[close + 1..])
            };
        }
    }
    out
}

/// Commas outside quotes and parentheses.
fn top_level_commas(s: &str) -> usize {
    let (mut depth, mut in_string, mut commas) = (0i32, false, 0);
    for c in s.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => commas += 1,
            _ => {}
        }
    }
    commas
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut in_string = false;
    for (i, c) in s.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `'...'` with doubled quotes inside, as one literal.
fn single_quoted(s: &str) -> Option<String> {
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// Integer and decimal literals as typed constants print (`0`, `'-1'::integer`,
/// `'5000000000'::bigint`, `1.5`, `'-1.5'::numeric`).
fn numeric_literal(s: &str) -> Option<String> {
    let inner = s
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(s)
        .trim();
    let (negative, digits) = match inner.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    if digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.starts_with('.')
    {
        return None;
    }
    let text = if negative {
        format!("-{digits}")
    } else {
        digits.to_string()
    };
    if !digits.contains('.') {
        let n: i64 = text.parse().ok()?;
        return Some(if i32::try_from(n).is_ok() {
            if negative {
                format!("'{n}'::integer")
            } else {
                n.to_string()
            }
        } else {
            format!("'{n}'::bigint")
        });
    }
    Some(if negative {
        format!("'{text}'::numeric")
    } else {
        text
    })
}

/// The deparser prints SQL-standard value functions in upper case already; make sure the
/// lower-case spellings people write come out the way PostgreSQL stores them.
fn fold_keywords(s: &str) -> String {
    let mut out = s.to_string();
    for kw in [
        "current_timestamp",
        "current_date",
        "current_time",
        "localtimestamp",
        "localtime",
        "current_user",
        "session_user",
    ] {
        if out.eq_ignore_ascii_case(kw) {
            out = kw.to_ascii_uppercase();
        }
    }
    out
}

/// PostgreSQL resolves an untyped literal argument to the parameter type of the function it
/// calls and prints that cast: `timezone('utc'::text, now())`, `nextval('s'::regclass)`.
fn add_known_casts(s: &str) -> String {
    let mut out = s.to_string();
    for (prefix, cast) in [
        ("nextval(", "regclass"),
        ("timezone(", "text"),
        ("currval(", "regclass"),
    ] {
        if let Some(rest) = out.strip_prefix(prefix) {
            if let Some(lit_end) = literal_end(rest) {
                if !rest[lit_end..].starts_with("::") {
                    out = format!("{prefix}{}::{cast}{}", &rest[..lit_end], &rest[lit_end..]);
                }
            }
        }
    }
    if let Some(pos) = out.find(" AT TIME ZONE '") {
        let start = pos + " AT TIME ZONE ".len();
        if let Some(end) = literal_end(&out[start..]) {
            let after = start + end;
            if !out[after..].starts_with("::") {
                out.insert_str(after, "::text");
            }
        }
    }
    out
}

/// Byte length of the quoted literal at the start of `s`.
fn literal_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes.first() != Some(&b'\'') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// One token of an SQL expression as PostgreSQL prints it: enough to find identifiers,
/// function calls and casts without mistaking the inside of a string literal for code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A bare word: an identifier or a keyword (`$` allowed after the first character).
    Word(&'a str),
    /// A double-quoted identifier, without its quotes (`""` inside is kept as written).
    Quoted(&'a str),
    /// A string literal with its quotes (`''` inside is part of it).
    Literal(&'a str),
    /// `::`.
    Cast,
    /// Whitespace.
    Space(&'a str),
    /// Any other character: digits, operators, parentheses, commas.
    Other(char),
}

/// The tokens of an SQL expression, in order; together they spell the whole text. An
/// unterminated literal or quoted identifier runs to the end.
pub fn tokens(expression: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = expression;
    while let Some(c) = rest.chars().next() {
        let (token, len) = match c {
            '\'' => {
                let mut end = rest.len();
                let mut chars = rest.char_indices().skip(1).peekable();
                while let Some((i, ch)) = chars.next() {
                    if ch == '\'' {
                        if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                            chars.next();
                            continue;
                        }
                        end = i + 1;
                        break;
                    }
                }
                (Token::Literal(&rest[..end]), end)
            }
            '"' => {
                let close = rest[1..].find('"').map(|i| i + 1);
                match close {
                    Some(i) => (Token::Quoted(&rest[1..i]), i + 1),
                    None => (Token::Quoted(&rest[1..]), rest.len()),
                }
            }
            ':' if rest.starts_with("::") => (Token::Cast, 2),
            c if c.is_alphabetic() || c == '_' => {
                let end = rest
                    .char_indices()
                    .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_' || *ch == '$'))
                    .map_or(rest.len(), |(i, _)| i);
                (Token::Word(&rest[..end]), end)
            }
            c if c.is_whitespace() => {
                let end = rest
                    .char_indices()
                    .find(|(_, ch)| !ch.is_whitespace())
                    .map_or(rest.len(), |(i, _)| i);
                (Token::Space(&rest[..end]), end)
            }
            c => (Token::Other(c), c.len_utf8()),
        };
        out.push(token);
        rest = &rest[len..];
    }
    out
}

/// Whether `column` appears as a whole identifier in an SQL expression (outside quotes).
pub fn mentions_identifier(expression: &str, column: &str) -> bool {
    identifiers(expression).iter().any(|i| i == column)
}

/// Bare identifiers (folded to lower case) and double-quoted ones (as written) of an SQL
/// expression, string literals skipped.
pub fn identifiers(expression: &str) -> Vec<String> {
    tokens(expression)
        .into_iter()
        .filter_map(|t| match t {
            Token::Word(w) => Some(w.to_lowercase()),
            Token::Quoted(q) => Some(q.to_string()),
            _ => None,
        })
        .collect()
}

/// Replaces whole-identifier occurrences of `old` (bare or quoted) outside string literals
/// with `new`, quoted where PostgreSQL would quote it.
pub fn replace_identifier(expression: &str, old: &str, new: &str) -> String {
    let mut out = String::new();
    for t in tokens(expression) {
        match t {
            Token::Word(w) | Token::Quoted(w) if w == old => {
                out.push_str(&super::types::quote_ident(new));
            }
            other => out.push_str(&spelling(other)),
        }
    }
    out
}

/// A token as written.
fn spelling(t: Token<'_>) -> std::borrow::Cow<'_, str> {
    match t {
        Token::Word(s) | Token::Literal(s) | Token::Space(s) => s.into(),
        Token::Quoted(q) => format!("\"{q}\"").into(),
        Token::Cast => "::".into(),
        Token::Other(c) => c.to_string().into(),
    }
}

/// The function names called in an expression as PostgreSQL prints it: bare words directly
/// followed by `(`, not after a cast, folded to lower case, without schema qualification.
pub fn called_functions(expression: &str) -> Vec<String> {
    let tokens = tokens(expression);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Token::Word(w) = t else { continue };
        let after_cast = i > 0 && tokens[i - 1] == Token::Cast;
        if tokens.get(i + 1) == Some(&Token::Other('(')) && !after_cast {
            out.push(w.to_lowercase());
        }
    }
    out
}

/// A CHECK expression normalised for comparison: casts (`::type`, `::type[]`), parentheses
/// and spaces do not count, and case does not either.
pub fn check_text(expression: &str) -> String {
    let mut out = String::new();
    let mut after_cast = false;
    for t in tokens(expression) {
        match t {
            Token::Cast => after_cast = true,
            Token::Word(_) | Token::Other('[' | ']') if after_cast => {}
            Token::Other('(' | ')') => after_cast = false,
            Token::Space(_) => after_cast = false,
            other => {
                after_cast = false;
                out.push_str(&spelling(other).to_lowercase());
            }
        }
    }
    out
}

/// A default cut before its first `::`, for comparing defaults by meaning (`'x'::character
/// varying` and `'x'`, `'0'::bigint` and `0`): when nothing after the cast opens a
/// parenthesis, or when a literal is cast to a type with a modifier (`'1'::numeric(10,2)`).
/// Both sides of a comparison are cut alike, so `nextval('s'::regclass)` compares as
/// `nextval('s'`.
pub fn without_literal_cast(default: &str) -> &str {
    match default.find("::") {
        Some(i)
            if !default[i..].contains('(')
                || default.ends_with(')') && default[..i].starts_with('\'') =>
        {
            &default[..i]
        }
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_with_backslashes_print_as_standard_strings() {
        assert_eq!(
            sql_expression(r"strpos(note, '\') = 0 AND note <> 'it''s'", None).unwrap(),
            r"strpos(note, '\') = 0 AND note <> 'it''s'"
        );
        assert_eq!(standard_strings(r"x = E'a\\b''c'"), r"x = 'a\b''c'");
        assert_eq!(standard_strings("nE'x'"), "nE'x'");
    }

    fn t(b: BaseType) -> SqlType {
        SqlType::new(b)
    }

    #[test]
    fn timestamp_literals_print_as_postgresql_keeps_the_constant() {
        let tz = t(BaseType::Timestamp {
            tz: true,
            precision: None,
        });
        let plain = t(BaseType::Timestamp {
            tz: false,
            precision: None,
        });
        let cases = [
            (
                &tz,
                "2024-11-20T00:00:00+00:00",
                "'2024-11-20 00:00:00+00'::timestamp with time zone",
            ),
            (
                &tz,
                "2000-01-01 00:00:00+00:00",
                "'2000-01-01 00:00:00+00'::timestamp with time zone",
            ),
            (
                &tz,
                "2024-03-01T01:30:00+02:00",
                "'2024-02-29 23:30:00+00'::timestamp with time zone",
            ),
            (
                &tz,
                "1999-12-31T23:00:00.250-01:00",
                "'2000-01-01 00:00:00.25+00'::timestamp with time zone",
            ),
            (
                &tz,
                "2020-05-05",
                "'2020-05-05 00:00:00+00'::timestamp with time zone",
            ),
            (
                &plain,
                "2024-11-20T10:15:00+05:00",
                "'2024-11-20 10:15:00'::timestamp without time zone",
            ),
            (
                &plain,
                "2020-05-05",
                "'2020-05-05 00:00:00'::timestamp without time zone",
            ),
            (&tz, "now", "'now'::timestamp with time zone"),
        ];
        for (ty, value, printed) in cases {
            assert_eq!(literal_default(value, ty), printed, "{value}");
        }
    }

    #[test]
    fn intervals_print_like_pg_get_expr() {
        let interval = t(BaseType::Interval {
            fields: None,
            precision: None,
        });
        for (written, printed) in [
            ("0:00:00", "'00:00:00'::interval"),
            ("0:15:00", "'00:15:00'::interval"),
            ("1 day, 2:00:00", "'1 day 02:00:00'::interval"),
            ("3 days, 0:00:00", "'3 days'::interval"),
            ("-00:00:01.500", "'-00:00:01.5'::interval"),
            ("25:00", "'25:00:00'::interval"),
            ("-1 day, 23:59:59", "'-1 days +23:59:59'::interval"),
        ] {
            assert_eq!(literal_default(written, &interval), printed, "{written}");
        }
    }

    #[test]
    fn literal_defaults_print_like_pg_get_expr() {
        assert_eq!(literal_default("0", &t(BaseType::Integer)), "0");
        assert_eq!(
            literal_default("-1", &t(BaseType::Integer)),
            "'-1'::integer"
        );
        assert_eq!(literal_default("5", &t(BaseType::BigInt)), "'5'::bigint");
        assert_eq!(
            literal_default("1.5", &t(BaseType::Numeric(Some((10, 2))))),
            "1.5"
        );
        assert_eq!(
            literal_default("10", &t(BaseType::Numeric(None))),
            "'10'::numeric"
        );
        assert_eq!(
            literal_default("anon", &t(BaseType::Varchar(Some(20)))),
            "'anon'::character varying"
        );
        assert_eq!(literal_default("it's", &t(BaseType::Text)), "'it''s'::text");
        assert_eq!(literal_default("t", &t(BaseType::Boolean)), "true");
        assert_eq!(
            literal_default("{}", &t(BaseType::Text).array_of()),
            "'{}'::text[]"
        );
        assert_eq!(
            literal_default("{\"b\":1,\"aa\":[1,2]}", &t(BaseType::Jsonb)),
            "'{\"b\": 1, \"aa\": [1, 2]}'::jsonb"
        );
        assert_eq!(literal_default("x", &t(BaseType::Char(3))), "'x'::bpchar");
    }

    #[test]
    fn expressions_are_normalised() {
        let int = t(BaseType::Integer);
        assert_eq!(sql_expression("now()", None).unwrap(), "now()");
        assert_eq!(sql_expression("-1", Some(&int)).unwrap(), "'-1'::integer");
        assert_eq!(
            sql_expression("5000000000", None).unwrap(),
            "'5000000000'::bigint"
        );
        assert_eq!(
            sql_expression("'anon'", Some(&t(BaseType::Text))).unwrap(),
            "'anon'::text"
        );
        assert_eq!(
            sql_expression("timezone('utc', now())", None).unwrap(),
            "timezone('utc'::text, now())"
        );
        assert_eq!(
            sql_expression("CURRENT_TIMESTAMP", None).unwrap(),
            "CURRENT_TIMESTAMP"
        );
        assert!(sql_expression("now(", None).is_err());
        // A function of `public` prints unqualified; of another schema, qualified.
        assert_eq!(
            sql_expression("public.uuid_generate_v4()", None).unwrap(),
            "uuid_generate_v4()"
        );
        assert_eq!(
            sql_expression("app.next_code(public.seed())", None).unwrap(),
            "app.next_code(seed())"
        );
        // The catalog keeps BETWEEN as the two comparisons, wherever it nests.
        assert_eq!(
            check_text(&sql_expression("rating BETWEEN 1 AND 5", None).unwrap()),
            check_text("((rating >= 1) AND (rating <= 5))")
        );
        assert_eq!(
            check_text(&sql_expression("NOT (a NOT BETWEEN lo AND hi) OR b", None).unwrap()),
            check_text("((NOT ((a < lo) OR (a > hi))) OR b)")
        );
        assert_eq!(
            sql_expression("role IN ('a', 'b') AND x NOT IN (1, 2)", None).unwrap(),
            "role = ANY (ARRAY['a', 'b']) AND x <> ALL (ARRAY[1, 2])"
        );
        // One item: PostgreSQL's parser makes the plain comparison.
        assert_eq!(
            sql_expression("status NOT IN ('TERMINATED') AND kind IN ('a')", None).unwrap(),
            "status <> 'TERMINATED' AND kind = 'a'"
        );
        assert_eq!(sql_expression("B'101'", None).unwrap(), "'101'::\"bit\"");
        assert_eq!(
            sql_expression("'{}'::int[]", None).unwrap(),
            "'{}'::integer[]"
        );
        assert_eq!(
            index_key("created_at DESC").unwrap(),
            IndexKey::Column("created_at".into())
        );
        assert_eq!(
            index_key("lower(email)").unwrap(),
            IndexKey::Expression("lower(email)".into())
        );
        assert_eq!(
            literal_default("1234.5", &t(BaseType::Builtin("money"))),
            "'$1,234.50'::money"
        );
    }

    #[test]
    fn tokens_spell_the_whole_expression() {
        for e in [
            "lower((email)::text) = 'a''b'::text AND \"Order\" > 0",
            "x::character varying[] IS NOT NULL",
            "'unterminated",
            "é_col + $1",
        ] {
            let spelled: String = tokens(e).into_iter().map(spelling).collect();
            assert_eq!(spelled, e);
        }
    }

    #[test]
    fn identifiers_calls_and_checks_skip_literals() {
        assert_eq!(
            identifiers("lower(Email) = 'name''s' AND \"Order\" > 0"),
            ["lower", "email", "and", "Order"]
        );
        assert!(mentions_identifier("price > 0 AND 'qty' <> ''", "price"));
        assert!(!mentions_identifier("price > 0 AND 'qty' <> ''", "qty"));
        assert_eq!(
            replace_identifier("qty > 0 AND note <> 'qty'", "qty", "Quantity"),
            "\"Quantity\" > 0 AND note <> 'qty'"
        );
        assert_eq!(
            called_functions("now() + '1 day'::interval + gen_random_uuid()::text + 'f(x)'"),
            ["now", "gen_random_uuid"]
        );
        assert_eq!(called_functions("x::numeric(10, 2)"), Vec::<String>::new());
        assert_eq!(
            check_text("((qty)::integer > 0) AND (name)::text <> ''::text"),
            check_text("qty > 0 and name <> ''")
        );
        assert_eq!(without_literal_cast("'x'::character varying"), "'x'");
        assert_eq!(
            without_literal_cast("nextval('s'::regclass)"),
            "nextval('s'"
        );
        assert_eq!(without_literal_cast("'1'::numeric(10,2)"), "'1'");
        assert_eq!(without_literal_cast("x::numeric(10,2)"), "x::numeric(10,2)");
    }
}
