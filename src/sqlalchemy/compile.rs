//! SQL text compiled from SQLAlchemy expression objects (`sa.text`, `sa.func.now()`,
//! `sa.column("x") > 5`, `and_`/`or_`/`not_`) and server defaults as PostgreSQL prints them.

use std::rc::Rc;

use super::args::{str_arg, Lowered};
use super::types::class_name;
use crate::eval::value::{Args, Object, Value, MODEL_COLUMN};
use crate::pg::expr::{literal_default, sql_expression};

/// SQL text from `sa.text(...)`, `sa.literal_column(...)`, a plain string, or a simple
/// SQLAlchemy expression (`sa.func.now()`, `sa.true()`, `sa.column("x") > 5`).
pub fn sql_text(v: &Value) -> Lowered<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Bool(true) => Ok("true".into()),
        Value::Bool(false) => Ok("false".into()),
        Value::Int(i) => Ok(i.to_string()),
        Value::Object(o) => object_sql(o),
        Value::Unknown(r) => Err(format!("SQL that is not known statically ({r})")),
        _ => Err("SQL that is not known statically".into()),
    }
}

pub(crate) fn object_sql(o: &Rc<Object>) -> Lowered<String> {
    // `User.email` of a mapped class, `users.c.email` of a table: the column.
    if o.class == MODEL_COLUMN {
        return str_arg(o.args.positional.get(1), "the column");
    }
    if let Some(Value::Object(c)) = &o.receiver {
        if c.class == "c" && !o.called && !c.called {
            return Ok(o.class.clone());
        }
        // `table.c["name"]`: the column by its name.
        if c.class == "c" && !c.called && o.class == "__getitem__" && o.called {
            if let [Value::Str(column)] = o.args.positional.as_slice() {
                return Ok(column.clone());
            }
        }
    }
    let name = class_name(&o.class);
    // `type_coerce(col, T)`: the column, bound as `T` binds values (eval/literal_params.rs).
    if name == "type_coerce" && o.receiver.is_none() && o.called {
        return sql_text(o.args.positional.first().unwrap_or(&Value::None));
    }
    if let Some(Value::Object(receiver)) = &o.receiver {
        // `sa.func.lower(...)` is an attribute chain on `sqlalchemy.func`.
        if o.called && class_name(&receiver.class) == "func" && receiver.receiver.is_none() {
            return function_sql(name, &o.args);
        }
        if matches!(name, "desc" | "asc") && o.called {
            return Ok(format!("{} {}", object_sql(receiver)?, name.to_uppercase()));
        }
        // An element of a JSON column: `col["k"]`, `col[["a", "b"]]`, as its JSON, as text
        // (`.astext`) or cast to a type (`.as_string()`, `.as_integer()`, ...).
        if name == "__getitem__" && o.called {
            return json_element_sql(receiver, &o.args, false);
        }
        if name == "astext" && !o.called && receiver.class == "__getitem__" {
            if let Some(Value::Object(column)) = &receiver.receiver {
                return json_element_sql(column, &receiver.args, true);
            }
        }
        if receiver.class == "__getitem__" && o.called {
            let cast = match name {
                "as_string" => "VARCHAR",
                "as_integer" => "INTEGER",
                "as_boolean" => "BOOLEAN",
                "as_float" => "FLOAT",
                "as_numeric" => {
                    let precision = o.args.get(0, "precision").and_then(Value::as_int);
                    let scale = o.args.get(1, "scale").and_then(Value::as_int);
                    match (precision, scale) {
                        (Some(p), Some(s)) => {
                            return json_cast(receiver, &format!("NUMERIC({p}, {s})"))
                        }
                        _ => return Err("`.as_numeric()` without a known precision".into()),
                    }
                }
                _ => "",
            };
            if !cast.is_empty() {
                return json_cast(receiver, cast);
            }
            if name == "as_json" {
                return object_sql(receiver);
            }
        }
        if o.called {
            if let Some(sql) = column_method_sql(receiver, name, &o.args) {
                return sql;
            }
        }
        return Err(format!("the SQL of `.{name}` is not known statically"));
    }
    if let Some(function) = o
        .class
        .strip_prefix("sqlalchemy.func.")
        .or_else(|| o.class.strip_prefix("sqlalchemy.sql.func."))
        // The named functions of `sqlalchemy.sql.functions` (`coalesce`, `now`, ...).
        .or_else(|| o.class.strip_prefix("sqlalchemy.sql.functions."))
        // SQLModel re-exports SQLAlchemy's `func`.
        .or_else(|| o.class.strip_prefix("sqlmodel.func."))
    {
        return function_sql(function, &o.args);
    }
    match name {
        "__sql_binary__" => {
            let [left, Value::Str(op), right] = o.args.positional.as_slice() else {
                return Err("an SQL expression driftlock cannot render".into());
            };
            let operand = |v: &Value| match v {
                Value::Str(s) => Ok(format!("'{}'", s.replace('\'', "''"))),
                Value::None => Ok("NULL".to_string()),
                Value::Object(m) if m.class == crate::eval::value::ENUM_MEMBER => {
                    enum_member_literal(m)
                }
                other => sql_text(other),
            };
            // `column == None` / `column != None`: SQLAlchemy writes `IS NULL` / `IS NOT NULL`.
            let op = match (op.as_str(), left, right) {
                ("=", _, Value::None) | ("=", Value::None, _) => "IS",
                ("<>", _, Value::None) | ("<>", Value::None, _) => "IS NOT",
                (op, _, _) => op,
            };
            let (left, right) = match left {
                Value::None => (right, left),
                _ => (left, right),
            };
            let (l, r) = (operand(left)?, operand(right)?);
            Ok(if matches!(op, "AND" | "OR") {
                format!("({l}) {op} ({r})")
            } else {
                format!("{l} {op} {r}")
            })
        }
        "and_" | "or_" => {
            let parts: Lowered<Vec<String>> = o
                .args
                .positional
                .iter()
                .map(|p| sql_text(p).map(|t| format!("({t})")))
                .collect();
            Ok(parts?.join(if name == "and_" { " AND " } else { " OR " }))
        }
        "not_" => Ok(format!(
            "NOT ({})",
            sql_text(o.args.positional.first().unwrap_or(&Value::None))?
        )),
        // `cast(expr, Date)`: PostgreSQL keeps it as `expr::date`.
        "cast" => {
            let [expr, ty, ..] = o.args.positional.as_slice() else {
                return Err("a cast without its type".into());
            };
            let ty = super::types::type_spec(ty)?.ty;
            Ok(format!("CAST({} AS {ty})", sql_text(expr)?))
        }
        "text" | "literal_column" | "DDL" => str_arg(o.args.positional.first(), "the SQL text"),
        // `op.execute(CreateSchema("app", if_not_exists=True))`, `DropSchema(..., cascade=True)`.
        "CreateSchema" | "DropSchema" if o.receiver.is_none() => {
            let schema =
                crate::pg::types::quote_ident(&str_arg(o.args.get(0, "name"), "the schema name")?);
            let flag = |k: &str| o.args.keyword(k).and_then(Value::as_bool) == Some(true);
            Ok(if name == "CreateSchema" {
                let guard = if flag("if_not_exists") {
                    "IF NOT EXISTS "
                } else {
                    ""
                };
                format!("CREATE SCHEMA {guard}{schema}")
            } else {
                let guard = if flag("if_exists") { "IF EXISTS " } else { "" };
                let cascade = if flag("cascade") { " CASCADE" } else { "" };
                format!("DROP SCHEMA {guard}{schema}{cascade}")
            })
        }
        // `op.execute(CreateSequence(Sequence("s", schema=..., start=...)))`, `DropSequence`.
        "CreateSequence" | "DropSequence" if o.receiver.is_none() => sequence_ddl(name, &o.args),
        "column" => str_arg(o.args.positional.first(), "the column name"),
        // A `Column` in an expression (a generated column's source) is its name.
        "Column" if o.receiver.is_none() => str_arg(o.args.positional.first(), "the column name"),
        "true" => Ok("true".into()),
        "false" => Ok("false".into()),
        "null" => Ok("NULL".into()),
        "desc" | "asc" => Ok(format!(
            "{} {}",
            sql_text(o.args.positional.first().unwrap_or(&Value::None))?,
            name.to_uppercase()
        )),
        _ => Err(format!("the SQL of `{}` is not known statically", o.class)),
    }
}

/// The DDL of `CreateSequence(Sequence(...))` or `DropSequence(...)` as SQLAlchemy writes it
/// for PostgreSQL: the sequence's schema-qualified name and the options it was given.
fn sequence_ddl(element: &str, args: &Args) -> Lowered<String> {
    let Some(Value::Object(sequence)) = args.get(0, "element") else {
        return Err("a sequence DDL element without its sequence".into());
    };
    if class_name(&sequence.class) != "Sequence" {
        return Err("a sequence DDL element of something else than a `Sequence`".into());
    }
    let quote = crate::pg::types::quote_ident;
    let name = quote(&str_arg(sequence.args.get(0, "name"), "the sequence name")?);
    let name = match sequence.args.keyword("schema") {
        Some(Value::Str(schema)) => format!("{}.{name}", quote(schema)),
        None | Some(Value::None) => match sequence.args.keyword("metadata") {
            // Without its own schema, a sequence takes its metadata's.
            Some(m) => match super::metadata::metadata_schema(m) {
                Some(schema) => format!("{}.{name}", quote(&schema)),
                None => name,
            },
            None => name,
        },
        Some(_) => return Err("a sequence whose schema is not known statically".into()),
    };
    let flag = |k: &str| args.keyword(k).and_then(Value::as_bool) == Some(true);
    if element == "DropSequence" {
        let guard = if flag("if_exists") { "IF EXISTS " } else { "" };
        return Ok(format!("DROP SEQUENCE {guard}{name}"));
    }
    let guard = if flag("if_not_exists") {
        "IF NOT EXISTS "
    } else {
        ""
    };
    let mut sql = format!("CREATE SEQUENCE {guard}{name}");
    for (keyword, clause) in [
        ("increment", "INCREMENT BY"),
        ("minvalue", "MINVALUE"),
        ("maxvalue", "MAXVALUE"),
        ("start", "START WITH"),
        ("cache", "CACHE"),
    ] {
        match sequence.args.keyword(keyword) {
            None | Some(Value::None) => {}
            Some(Value::Int(n)) => sql.push_str(&format!(" {clause} {n}")),
            Some(_) => {
                return Err(format!(
                    "a sequence whose `{keyword}` is not known statically"
                ))
            }
        }
    }
    for (keyword, yes, no) in [("cycle", " CYCLE", " NO CYCLE")] {
        match sequence.args.keyword(keyword).map(Value::as_bool) {
            None => {}
            Some(Some(true)) => sql.push_str(yes),
            Some(Some(false)) => sql.push_str(no),
            Some(None) => {
                return Err(format!(
                    "a sequence whose `{keyword}` is not known statically"
                ))
            }
        }
    }
    for keyword in sequence.args.keywords.iter().map(|(k, _)| k.as_str()) {
        if !matches!(
            keyword,
            "schema"
                | "increment"
                | "minvalue"
                | "maxvalue"
                | "start"
                | "cache"
                | "cycle"
                | "metadata"
                | "optional"
                | "quote"
                | "comment"
        ) {
            return Err(format!(
                "a sequence with `{keyword}=`, which driftlock does not render"
            ));
        }
    }
    Ok(sql)
}

/// `CAST((col ->> 'k') AS type)`: a JSON element as a value of `type`, as SQLAlchemy's
/// `as_string()` / `as_integer()` / ... render it for PostgreSQL.
fn json_cast(element: &Rc<Object>, ty: &str) -> Lowered<String> {
    let Some(Value::Object(column)) = &element.receiver else {
        return Err("a JSON element of an unknown column".into());
    };
    Ok(format!(
        "CAST(({}) AS {ty})",
        json_element_sql(column, &element.args, true)?
    ))
}

/// `col -> 'k'` / `col #> '{a,b}'` (`->>` / `#>>` as text): an element of a JSON column.
fn json_element_sql(column: &Rc<Object>, args: &Args, as_text: bool) -> Lowered<String> {
    let left = object_sql(column)?;
    let quote = |s: &str| s.replace('\'', "''");
    let (op, key) = match args.positional.first() {
        Some(Value::Str(k)) => ("->", format!("'{}'", quote(k))),
        Some(Value::Int(i)) => ("->", i.to_string()),
        Some(Value::List(path) | Value::Tuple(path) | Value::Set(path)) => {
            let parts: Lowered<Vec<String>> = path
                .iter()
                .map(|p| match p {
                    Value::Str(s) if !s.contains([',', '{', '}', '"', ' ']) => Ok(quote(s)),
                    Value::Int(i) => Ok(i.to_string()),
                    _ => Err("a JSON path element driftlock does not render".to_string()),
                })
                .collect();
            ("#>", format!("'{{{}}}'", parts?.join(",")))
        }
        _ => return Err("a JSON element whose key is not known statically".into()),
    };
    let op = if as_text {
        format!("{op}>")
    } else {
        op.to_string()
    };
    Ok(format!("{left} {op} {key}"))
}

/// A column operator method as SQLAlchemy renders it for PostgreSQL (`col.in_([...])`,
/// `col.is_(None)`, `col.like("a%")`, `col.between(1, 5)`); `None` for other methods.
fn column_method_sql(column: &Rc<Object>, method: &str, args: &Args) -> Option<Lowered<String>> {
    let literal = |v: &Value| -> Lowered<String> {
        match v {
            Value::Str(s) => Ok(format!("'{}'", s.replace('\'', "''"))),
            Value::Int(i) => Ok(i.to_string()),
            Value::Float(f) => Ok(f.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::None => Ok("NULL".into()),
            other => sql_text(other),
        }
    };
    let first = args.positional.first();
    let sql = (|| -> Lowered<String> {
        let left = object_sql(column)?;
        Ok(match method {
            "in_" | "not_in" | "notin_" => {
                let items = match first {
                    Some(Value::List(items) | Value::Tuple(items) | Value::Set(items))
                        if !items.is_empty() =>
                    {
                        items
                    }
                    _ => return Err(format!("`.{method}` of values not known statically")),
                };
                let items: Lowered<Vec<String>> = items.iter().map(literal).collect();
                let op = if method == "in_" { "IN" } else { "NOT IN" };
                format!("{left} {op} ({})", items?.join(", "))
            }
            "is_" | "is_not" | "isnot" => {
                let op = if method == "is_" { "IS" } else { "IS NOT" };
                format!("{left} {op} {}", literal(first.unwrap_or(&Value::None))?)
            }
            "like" | "ilike" | "not_like" | "not_ilike" => {
                let op = method.trim_start_matches("not_").to_uppercase();
                let not = if method.starts_with("not_") {
                    "NOT "
                } else {
                    ""
                };
                format!(
                    "{left} {not}{op} {}",
                    literal(first.unwrap_or(&Value::None))?
                )
            }
            "between" => {
                let (Some(low), Some(high)) = (args.positional.first(), args.positional.get(1))
                else {
                    return Err("`.between` without two bounds".into());
                };
                format!("{left} BETWEEN {} AND {}", literal(low)?, literal(high)?)
            }
            _ => return Err(String::new()),
        })
    })();
    match sql {
        Err(e) if e.is_empty() => None,
        other => Some(other),
    }
}

pub(crate) fn function_sql(name: &str, args: &Args) -> Lowered<String> {
    let upper = name.to_ascii_uppercase();
    if args.positional.is_empty()
        && matches!(
            upper.as_str(),
            "CURRENT_TIMESTAMP"
                | "CURRENT_DATE"
                | "CURRENT_TIME"
                | "LOCALTIME"
                | "LOCALTIMESTAMP"
                | "CURRENT_USER"
                | "SESSION_USER"
        )
    {
        return Ok(upper);
    }
    let parts: Lowered<Vec<String>> = args
        .positional
        .iter()
        .map(|a| match a {
            Value::Str(s) => Ok(format!("'{}'", s.replace('\'', "''"))),
            other => sql_text(other),
        })
        .collect();
    Ok(format!("{name}({})", parts?.join(", ")))
}

/// The server default as PostgreSQL prints it, for a column of type `ty`.
pub(crate) fn default_sql(v: &Value, ty: &crate::schema::SqlType) -> Lowered<Option<String>> {
    match v {
        Value::None => Ok(None),
        Value::Str(s) => Ok(Some(literal_default(s, ty))),
        Value::Object(o) if class_name(&o.class) == "Identity" => Ok(None),
        // `server_default=DefaultClause("0")`: what `server_default="0"` makes itself.
        Value::Object(o) if class_name(&o.class) == "DefaultClause" && o.receiver.is_none() => {
            match o.args.positional.first().or_else(|| o.args.keyword("arg")) {
                Some(arg) => default_sql(arg, ty),
                None => Err("a `DefaultClause` without its default".into()),
            }
        }
        other => {
            let text = sql_text(other)?;
            sql_expression(&text, Some(ty))
                .map(Some)
                .map_err(|e| format!("the default `{text}` does not parse: {e}"))
        }
    }
}

/// An enum member compared with a column (`State.type == StateType.SCHEDULED`): SQLAlchemy's
/// `Enum` type stores a member by its name, a `String` column a `str` member by its value; the
/// two agree when the value is the name (or the member is a plain one, which only an `Enum`
/// column takes).
fn enum_member_literal(member: &Object) -> Lowered<String> {
    match member.args.positional.as_slice() {
        [Value::Str(name), value, Value::Str(kind), ..]
            if kind == "plain" || matches!(value, Value::Str(v) if v == name) =>
        {
            Ok(crate::pg::expr::quote_literal(name))
        }
        _ => Err("an enum member whose stored value depends on the column's type".into()),
    }
}
