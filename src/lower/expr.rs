//! SQL expressions as PostgreSQL stores and prints them (`pg_get_expr`): server defaults from
//! plain strings and `sa.text(...)`, check conditions, index expressions and predicates.
//! Literals follow PostgreSQL's `get_const_expr` (bare non-negative int4 and float-looking
//! numerics, `true`/`false`, otherwise `'value'::type`); expressions are normalised through
//! PostgreSQL's own parser (`pg_query`) and deparser.

use crate::schema::{BaseType, SqlType};

/// The label PostgreSQL puts on a constant of this type: `format_type` without a modifier.
pub fn type_label(ty: &SqlType) -> String {
    let base = match &ty.base {
        BaseType::Varchar(_) => "character varying".to_string(),
        BaseType::Char(_) => "bpchar".to_string(),
        BaseType::Numeric(_) => "numeric".to_string(),
        BaseType::Timestamp { tz, .. } => format!(
            "timestamp {} time zone",
            if *tz { "with" } else { "without" }
        ),
        BaseType::Time { tz, .. } => {
            format!("time {} time zone", if *tz { "with" } else { "without" })
        }
        BaseType::Bit { varying: false, .. } => "bit".to_string(),
        BaseType::Bit { varying: true, .. } => "bit varying".to_string(),
        BaseType::Named { schema, name, .. } => SqlType::new(BaseType::Named {
            schema: schema.clone(),
            name: name.clone(),
            modifiers: None,
        })
        .to_string(),
        other => other.to_string(),
    };
    if ty.array {
        format!("{base}[]")
    } else {
        base
    }
}

fn quote_literal(value: &str) -> String {
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
        BaseType::Timestamp { .. } if is_iso_date(value.trim()) => {
            format!("'{} 00:00:00'::{}", value.trim(), type_label(ty))
        }
        _ => format!("{}::{}", quote_literal(value), type_label(ty)),
    }
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

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
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
    let parsed = pg_query::parse(&format!("SELECT {trimmed}"), 0).map_err(|e| e.to_string())?;
    let deparsed = parsed
        .deparse(pg_query::DeparseOptions::default())
        .map_err(|e| e.to_string())?;
    let body = deparsed
        .strip_prefix("SELECT ")
        .unwrap_or(&deparsed)
        .to_string();
    Ok(add_known_casts(&fold_keywords(&body)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(b: BaseType) -> SqlType {
        SqlType::new(b)
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
    }
}
