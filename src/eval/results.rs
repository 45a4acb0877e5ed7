//! What a query the replay answered gives the revision (`bind.execute(text(...))`, built by
//! alembic/execute.rs): the methods of its result and of its rows, as SQLAlchemy's
//! `CursorResult` and `Row` answer them.

use super::value::{Args, Object, Value};

/// A method of a query's result (a `CursorResult`): what SQLAlchemy returns for the rows the
/// replay knows. Which row comes first is known only when their order is; `one()` and the
/// `scalar_one*` forms only when the count fits (SQLAlchemy raises otherwise).
pub(super) fn query_result_method(result: &Object, method: &str, args: &Args) -> Value {
    let rows = match result.args.positional.first() {
        Some(Value::List(rows)) => rows.clone(),
        _ => Vec::new(),
    };
    let ordered = !matches!(
        result.args.keyword(super::value::QUERY_ORDERED),
        Some(Value::Bool(false))
    );
    let first_column = |row: &Value| match row {
        Value::Object(o) if o.class == super::value::QUERY_ROW => {
            o.args.positional.first().cloned().unwrap_or(Value::None)
        }
        Value::Tuple(items) => items.first().cloned().unwrap_or(Value::None),
        other => other.clone(),
    };
    let first = || -> Value {
        match rows.as_slice() {
            [] => Value::None,
            [row] => row.clone(),
            [row, ..] if ordered => row.clone(),
            _ => Value::unknown("the first of rows whose order PostgreSQL does not fix"),
        }
    };
    let only = |none_allowed: bool| -> Value {
        match rows.as_slice() {
            [] if none_allowed => Value::None,
            [row] => row.clone(),
            _ => Value::unknown("`one()` of a query without exactly one row"),
        }
    };
    let same_kind = |rows: Vec<Value>| {
        Value::Object(std::rc::Rc::new(Object {
            args: Args {
                positional: vec![Value::List(rows)],
                ..result.args.clone()
            },
            ..result.clone()
        }))
    };
    match method {
        "first" | "fetchone" => first(),
        "one_or_none" => only(true),
        "one" => only(false),
        "scalar" => match first() {
            Value::None => Value::None,
            row @ Value::Unknown(_) => row,
            row => first_column(&row),
        },
        "scalar_one_or_none" => match only(true) {
            Value::None => Value::None,
            row @ Value::Unknown(_) => row,
            row => first_column(&row),
        },
        "scalar_one" => match only(false) {
            row @ Value::Unknown(_) => row,
            row => first_column(&row),
        },
        "fetchall" | "all" => Value::List(rows),
        "fetchmany" => match args.get(0, "size") {
            Some(Value::Int(n)) if *n >= 0 => {
                let n = *n as usize;
                if n < rows.len() && !ordered {
                    Value::unknown("some of rows whose order PostgreSQL does not fix")
                } else {
                    Value::List(rows.into_iter().take(n).collect())
                }
            }
            _ => Value::unknown("`fetchmany()` of a query result"),
        },
        // `result.scalars()`: the first column of each row, a result again (`.all()`,
        // `.first()`, iteration).
        "scalars" if args.positional.is_empty() => {
            same_kind(rows.iter().map(first_column).collect())
        }
        "mappings" => same_kind(
            rows.iter()
                .map(|r| match r {
                    Value::Object(o) if o.class == super::value::QUERY_ROW => Value::Dict(
                        o.args
                            .keywords
                            .iter()
                            .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
        ),
        _ => Value::unknown(format!("`{method}()` of a query result")),
    }
}

/// A method of a query's row: `_asdict()`, `_tuple()`.
pub(super) fn query_row_method(row: &Object, method: &str) -> Value {
    match method {
        "_asdict" => Value::Dict(
            row.args
                .keywords
                .iter()
                .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                .collect(),
        ),
        "_tuple" => Value::Tuple(row.args.positional.clone()),
        _ => Value::unknown(format!("`{method}()` of a query's row")),
    }
}
