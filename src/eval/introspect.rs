//! Python's introspection of values whose answer is known statically: `hasattr(x, "name")`,
//! and `isinstance(x, Class)` of SQLAlchemy's schema items.

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::value::{Handle, Value};

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
