//! Columns and constraints the models' code appends to a table after declaring it
//! (`Model.__table__.append_constraint(CheckConstraint(...))`, `table.append_column(...)`,
//! eval/table_changes.rs): they join the table's items, as SQLAlchemy adds them to the table
//! `create_all()` creates.

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind};
use crate::eval::value::Value;
use crate::sqlalchemy::metadata::TableDecl;
use crate::sqlalchemy::types::class_name;

/// Adds each appended item to the table it was appended to; a finding for one whose
/// table or kind driftlock cannot place.
pub(super) fn attach(
    appended: &[(Value, Value)],
    tables: &mut [TableDecl],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (table, constraint) in appended {
        let Value::Object(c) = constraint else {
            continue;
        };
        let unplaced = |why: &str| {
            Diagnostic::warning(
                Kind::Unanalyzable,
                codes::UNANALYZABLE_MODEL,
                format!("cannot add this item to its table statically: {why}"),
            )
            .at(c.span.clone())
            .with_note("the declared schema leaves it out")
        };
        // A foreign key would also change the order `create_all()` creates tables in.
        if c.receiver.is_some()
            || !matches!(
                class_name(&c.class),
                "CheckConstraint" | "UniqueConstraint" | "Column"
            )
        {
            diagnostics.push(unplaced(&format!(
                "a `{}` appended after the table is declared",
                class_name(&c.class)
            )));
            continue;
        }
        match tables.iter_mut().find(|t| is_table(t, table)) {
            Some(t) => t.create_table.positional.push(constraint.clone()),
            None => diagnostics.push(unplaced(
                "the table it is appended to is not one the models declare",
            )),
        }
    }
}

/// Whether `table` (`Model.__table__`, or a `Table(...)` object) is the declared table `t`.
fn is_table(t: &TableDecl, table: &Value) -> bool {
    let Value::Object(o) = table else {
        return false;
    };
    match (&o.receiver, o.class.as_str()) {
        // The mapped class's table: the one read from that class, where the class is.
        (Some(Value::Class(class)), "__table__") => t.span == class.span,
        (None, name) if class_name(name) == "Table" => {
            let schema = match o.args.keyword("schema") {
                Some(Value::Str(s)) => Some(s.as_str()),
                _ => None,
            };
            matches!(o.args.positional.first(), Some(Value::Str(n)) if *n == t.name.name)
                && schema.is_none_or(|s| t.name.schema.as_deref() == Some(s))
        }
        _ => false,
    }
}
