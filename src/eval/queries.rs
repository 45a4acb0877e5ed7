//! ORM queries a revision runs on the migration's connection
//! (`Session(bind=op.get_bind()).query(Model).filter_by(name="x").first()`), answered from the
//! rows the history's own data statements left (the host knows them, or says it does not);
//! and the session's writes, after which no rows are known.

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::value::{Args, Object, Value, ROW};
use crate::diagnostic::Span;

/// What a query's result methods return.
const RESULTS: [&str; 5] = ["first", "one", "one_or_none", "all", "count"];
/// A session's methods that write rows.
const WRITES: [&str; 8] = [
    "execute",
    "add",
    "add_all",
    "merge",
    "delete",
    "bulk_save_objects",
    "bulk_insert_mappings",
    "bulk_update_mappings",
];

fn is_session(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.called && o.class.rsplit('.').next() == Some("Session"))
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// The answer to `session.query(Model)[.filter_by(k=v)...].first()` (`one`,
    /// `one_or_none`, `all`, `count`) when the host knows the rows of the model's table: the
    /// matching rows as objects whose attributes are their columns. `None` when this is no
    /// such query; an unknown value when the rows are not known.
    pub(super) fn orm_query(
        &mut self,
        o: &Rc<Object>,
        method: &str,
        args: &Args,
        span: &Span,
    ) -> Option<Value> {
        if is_session(&Value::Object(o.clone())) && WRITES.contains(&method) {
            self.host.rows_written();
            return None;
        }
        if !RESULTS.contains(&method) || !args.positional.is_empty() || !args.keywords.is_empty() {
            return None;
        }
        let mut conditions: Vec<(String, Value)> = Vec::new();
        let mut at = o.clone();
        while at.class == "filter_by" {
            conditions.extend(at.args.keywords.iter().cloned());
            let Some(Value::Object(next)) = &at.receiver else {
                return None;
            };
            at = next.clone();
        }
        let (true, Some(receiver), Some(Value::Class(model))) = (
            at.class == "query",
            &at.receiver,
            at.args.positional.first(),
        ) else {
            return None;
        };
        if !is_session(receiver) || at.args.positional.len() != 1 {
            return None;
        }
        let model = model.clone();
        let Some((schema, table)) = self.table_of_class(&model, span) else {
            return Some(Value::unknown(format!("the table of {}", model.name)));
        };
        let Some(rows) = self.host.table_rows(schema.as_deref(), &table) else {
            return Some(Value::unknown(format!(
                "the rows of `{table}` (written by statements driftlock does not follow)"
            )));
        };
        let mut matching = Vec::new();
        for row in rows {
            let mut all = true;
            for (column, wanted) in &conditions {
                match row.iter().find(|(c, _)| c == column) {
                    Some((_, value)) => all &= value.py_eq(wanted) == Some(true),
                    // A column the insert left to its default: not known.
                    None => return Some(Value::unknown(format!("`{table}.{column}`"))),
                }
            }
            if all {
                matching.push(Object::call(ROW, Vec::new(), row, span));
            }
        }
        Some(match method {
            "count" => Value::Int(matching.len() as i64),
            "all" => Value::List(matching),
            "one" if matching.len() != 1 => Value::unknown("`one()` of a query without one row"),
            _ => matching.into_iter().next().unwrap_or(Value::None),
        })
    }
}
