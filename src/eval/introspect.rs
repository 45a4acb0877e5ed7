//! Python's introspection of values whose answer is known statically: `hasattr(x, "name")`,
//! and `isinstance(x, Class)`: of Python's own types, the dialect, SQLAlchemy's schema items.

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::value::{Args, Handle, Value};

impl<H: Host + ?Sized> Interp<'_, H> {
    /// Whether `target` has the attribute `attr`; `None` when that is not known (the call
    /// then stays unknown, and so does whatever it decides).
    pub(super) fn has_attribute(&self, target: &Value, attr: &str) -> Option<bool> {
        match target {
            // A class of the checkout: its attributes, its bases', and those the code set on
            // it so far (a memo made on first use).
            Value::Class(c) => {
                let set_later = self.added_attributes.iter().any(|(class, n, _)| {
                    n == attr && (Rc::ptr_eq(class, c) || super::calls::derives_from(c, class))
                });
                Some(super::builtins::class_attribute(c, attr).is_some() || set_later)
            }
            Value::Module(m) => Some(m.globals.borrow().contains_key(attr)),
            // What SQLAlchemy's connection, Alembic's migration context and a dialect always
            // have (`conn.dialect.name if hasattr(conn, "dialect") else None`); anything else
            // stays unknown.
            Value::Handle(h) => {
                let has = match h {
                    Handle::Bind => matches!(
                        attr,
                        "dialect" | "engine" | "execute" | "exec_driver_sql" | "begin"
                    ),
                    Handle::Context => {
                        matches!(attr, "dialect" | "bind" | "connection" | "as_sql" | "opts")
                    }
                    Handle::Dialect => matches!(
                        attr,
                        "name" | "driver" | "server_version_info" | "identifier_preparer"
                    ),
                    _ => false,
                };
                has.then_some(true)
            }
            _ => None,
        }
    }
}

/// Whether a schema item SQLAlchemy builds (a constraint, an index, a column of a table the
/// code made or reflected) is an instance of the SQLAlchemy class `class`
/// (`isinstance(c, sa.UniqueConstraint)` over `table.constraints`); `None` when either is not
/// one of those classes.
pub(super) fn schema_item_isinstance(value: &Value, class: &str) -> Option<bool> {
    /// Each class with its SQLAlchemy bases (`sqlalchemy.sql.schema`).
    const HIERARCHY: &[(&str, &[&str])] = &[
        (
            "PrimaryKeyConstraint",
            &["ColumnCollectionConstraint", "Constraint", "SchemaItem"],
        ),
        (
            "UniqueConstraint",
            &["ColumnCollectionConstraint", "Constraint", "SchemaItem"],
        ),
        (
            "ForeignKeyConstraint",
            &["ColumnCollectionConstraint", "Constraint", "SchemaItem"],
        ),
        (
            "CheckConstraint",
            &["ColumnCollectionConstraint", "Constraint", "SchemaItem"],
        ),
        ("Index", &["SchemaItem"]),
        ("ForeignKey", &["SchemaItem"]),
        ("Column", &["SchemaItem"]),
    ];
    let Value::Object(o) = value else {
        return None;
    };
    if !o.called || o.receiver.is_some() || !o.class.starts_with("sqlalchemy.") {
        return None;
    }
    let own = o.class.rsplit('.').next()?;
    let (_, bases) = HIERARCHY.iter().find(|(name, _)| *name == own)?;
    if !class.starts_with("sqlalchemy.") {
        return None;
    }
    let wanted = class.rsplit('.').next()?;
    let known = HIERARCHY.iter().any(|(name, _)| *name == wanted)
        || matches!(
            wanted,
            "ColumnCollectionConstraint" | "Constraint" | "SchemaItem"
        );
    known.then(|| wanted == own || bases.contains(&wanted))
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `isinstance(value, classes)`: Python's own types for the values the interpreter knows,
    /// the host's answer for its objects (SQLAlchemy types, reflected or written); unknown
    /// when any class cannot be decided and none matched.
    pub(super) fn isinstance(&self, args: &Args) -> Value {
        let value = args.positional.first().cloned().unwrap_or(Value::None);
        // The migrations' dialect is PostgreSQL's: an instance of SQLAlchemy's PostgreSQL
        // dialect classes (`PGDialect`, `PGDialect_psycopg2`, `DefaultDialect`), of no other
        // dialect's.
        if matches!(value, Value::Handle(Handle::Dialect)) {
            let classes = match args.positional.get(1) {
                Some(Value::Tuple(items) | Value::List(items)) => items.clone(),
                Some(one) => vec![one.clone()],
                None => Vec::new(),
            };
            let mut answer = Some(false);
            for class in &classes {
                let Value::External(name) = class else {
                    answer = None;
                    continue;
                };
                let last = name.rsplit('.').next().unwrap_or_default();
                if name.starts_with("sqlalchemy.dialects.postgresql")
                    || last.starts_with("PGDialect")
                    || matches!(last, "DefaultDialect" | "Dialect")
                {
                    return Value::Bool(true);
                }
                if !name.starts_with("sqlalchemy.dialects.") && !last.ends_with("Dialect") {
                    answer = None;
                }
            }
            return answer.map_or_else(
                || Value::unknown("isinstance() of the dialect and a class driftlock cannot place"),
                Value::Bool,
            );
        }
        let classes = match args.positional.get(1) {
            Some(Value::Tuple(items) | Value::List(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => return Value::unknown("isinstance() without a class"),
        };
        let mut undecided = false;
        for class in &classes {
            // A plain value Python builds itself (a literal, a number, a list, a dict) is
            // never an instance of a class of the code: `isinstance(25, SchemaRef)`.
            if matches!(class, Value::Class(_))
                && matches!(
                    value,
                    Value::None
                        | Value::Bool(_)
                        | Value::Int(_)
                        | Value::Float(_)
                        | Value::Str(_)
                        | Value::List(_)
                        | Value::Tuple(_)
                        | Value::Dict(_)
                )
            {
                continue;
            }
            let Value::External(name) = class else {
                undecided = true;
                continue;
            };
            let answer = match name.strip_prefix("builtins.") {
                // An object the host places (an SQLAlchemy type) is no builtin's instance.
                Some(builtin) => {
                    super::builtins::is_builtin_instance(&value, builtin).or_else(|| {
                        (builtin != "object"
                            && self.host.is_instance(&value, "TypeEngine") == Some(true))
                        .then_some(false)
                    })
                }
                None => schema_item_isinstance(&value, name)
                    .or_else(|| self.host.is_instance(&value, name)),
            };
            match answer {
                Some(true) => return Value::Bool(true),
                Some(false) => {}
                None => undecided = true,
            }
        }
        if undecided {
            Value::unknown("isinstance() of a value or class driftlock cannot place")
        } else {
            Value::Bool(false)
        }
    }
}
