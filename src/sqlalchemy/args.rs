//! Interpreter values coerced to what SQLAlchemy and Alembic calls take: names (with
//! `op.f()`/`conv()` marking a final one), strings, booleans, lists of column names. A value
//! that is not known statically is an error saying what was expected.

use super::types::class_name;
use crate::eval::value::{Value, MODEL_COLUMN};

/// A failure to lower a call: what is wrong, reported as `unanalyzable`.
pub(crate) type Lowered<T> = Result<T, String>;

/// A name argument: the string, and whether it is final (`op.f()`, `conv()`).
#[derive(Clone, Debug)]
pub(crate) struct Name {
    pub(crate) text: String,
    pub(crate) final_: bool,
}

/// The `name` a constraint object was given, by keyword or where its class takes it
/// positionally: `CheckConstraint(sqltext, name)`, `ForeignKeyConstraint(columns,
/// refcolumns, name)`, `ForeignKey(column, _constraint, use_alter, name)`.
pub(crate) fn constraint_name(o: &crate::eval::value::Object) -> Option<&Value> {
    let at = match class_name(&o.class) {
        "CheckConstraint" => 1,
        "ForeignKeyConstraint" => 2,
        "ForeignKey" => 3,
        _ => return o.args.keyword("name"),
    };
    o.args.get(at, "name")
}

pub(crate) fn name_arg(v: Option<&Value>) -> Lowered<Option<Name>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(Name {
            text: s.clone(),
            final_: false,
        })),
        Some(Value::Object(o)) if matches!(class_name(&o.class), "f" | "conv") => {
            match o.args.positional.first() {
                // SQLAlchemy shortens a final name over 63 bytes as it does a convention's
                // (55 characters, `_`, 4 hex digits of its MD5), when it renders the DDL.
                Some(Value::Str(s)) => Ok(Some(Name {
                    text: super::naming::shorten(s),
                    final_: true,
                })),
                _ => Err("a name that is not known statically".into()),
            }
        }
        Some(Value::Unknown(r)) => Err(format!("a name that is not known statically ({r})")),
        Some(_) => Err("a name that is not a string".into()),
    }
}

pub(crate) fn str_arg(v: Option<&Value>, what: &str) -> Lowered<String> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(Value::Object(o)) if matches!(class_name(&o.class), "f" | "conv" | "quoted_name") => {
            str_arg(o.args.positional.first(), what)
        }
        Some(Value::Unknown(r)) => Err(format!("{what} is not known statically ({r})")),
        None => Err(format!("{what} is missing")),
        Some(_) => Err(format!("{what} is not a string")),
    }
}

pub(crate) fn opt_str(v: Option<&Value>) -> Lowered<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        other => str_arg(other, "the value").map(Some),
    }
}

pub(crate) fn bool_arg(v: Option<&Value>) -> Lowered<Option<bool>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Unknown(r)) => Err(format!("a flag that is not known statically ({r})")),
        Some(other) => Ok(other.truthy()),
    }
}

pub(crate) fn strings(v: Option<&Value>, what: &str) -> Lowered<Vec<String>> {
    match v {
        Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => {
            items.iter().map(|i| column_name_of(i, what)).collect()
        }
        Some(Value::Str(s)) => Ok(vec![s.clone()]),
        Some(Value::Unknown(r)) => Err(format!("{what} are not known statically ({r})")),
        _ => Err(format!("{what} are missing")),
    }
}

/// A column named by a string or by `sa.column("x")`/`table.c.x`.
pub(crate) fn column_name_of(v: &Value, what: &str) -> Lowered<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Object(o)
            if matches!(class_name(&o.class), "column" | "Column" | "literal_column") =>
        {
            str_arg(o.args.positional.first(), what)
        }
        Value::Object(o) if o.class == MODEL_COLUMN => str_arg(o.args.positional.get(1), what),
        Value::Object(o) if o.receiver.is_some() && !o.called => Ok(o.class.clone()),
        _ => Err(format!("{what} are not known statically")),
    }
}

/// What kind of value an argument was, for a message.
pub(crate) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Str(_) => "a string",
        Value::Unknown(_) => "a value not known statically",
        Value::Function(_) => "a function",
        _ => "an unexpected value",
    }
}
