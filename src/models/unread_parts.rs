//! Parts of a declared table built from values known only at run time: a CHECK whose condition
//! (`col.in_(Stages.all())`), a server default whose value (`text(f"'{Status.DRAFT.value}'")`)
//! or an index whose predicate cannot be written statically, and the constraints a `SchemaType`
//! of the project adds in code that is not run. Each is left out with one finding, rather than
//! the whole table (the replay's one-root-cause rule), and recorded so that drift does not
//! compare what was left out.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind};
use crate::eval::value::{Object, Value};
use crate::schema::Key;
use crate::sqlalchemy::compile::sql_text;
use crate::sqlalchemy::types::class_name;

/// What was left out of the declared tables, by table key and name ("" when unnamed, which
/// could be any of the table's items of that kind).
#[derive(Debug, Default)]
pub(super) struct UnreadParts {
    pub defaults: BTreeSet<(Key, String)>,
    pub checks: BTreeSet<(Key, String)>,
    pub indexes: BTreeSet<(Key, String)>,
}

impl UnreadParts {
    /// The items of one table's `create_table` call, without the parts that cannot be read
    /// (a column keeps everything but its unreadable server default).
    pub(super) fn take_from(
        &mut self,
        table: &Key,
        items: Vec<Value>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Value> {
        let mut kept = Vec::with_capacity(items.len());
        for item in items {
            let Value::Object(o) = &item else {
                kept.push(item);
                continue;
            };
            if o.receiver.is_some() {
                kept.push(item);
                continue;
            }
            match class_name(&o.class) {
                "Column" => {
                    self.schema_type_of(table, o, diagnostics);
                    if let Some(column) = self.server_default_of(table, o, diagnostics) {
                        kept.push(column);
                        continue;
                    }
                }
                "CheckConstraint" => {
                    let condition = o.args.get(0, "sqltext").cloned().unwrap_or(Value::None);
                    if let Err(why) = sql_text(&condition) {
                        let name = match o.args.keyword("name") {
                            Some(Value::Str(name)) => name.clone(),
                            _ => String::new(),
                        };
                        self.checks.insert((table.clone(), name));
                        diagnostics.push(left_out(
                            o,
                            format!("cannot read this check constraint statically: {why}"),
                            "the declared table is read without it",
                        ));
                        continue;
                    }
                }
                "Index" => {
                    if let Some(why) = unreadable_predicate(o) {
                        let name = match o.args.positional.first() {
                            Some(Value::Str(name)) => name.clone(),
                            _ => String::new(),
                        };
                        self.indexes.insert((table.clone(), name));
                        diagnostics.push(left_out(
                            o,
                            format!("cannot read this index statically: {why}"),
                            "the declared table is read without it, and drift does not compare it",
                        ));
                        continue;
                    }
                }
                _ => {}
            }
            kept.push(item);
        }
        kept
    }

    /// A column typed with a `SchemaType` of the project's own: the constraints its type adds
    /// are not read, so the table's checks are not compared (one finding per table).
    fn schema_type_of(&mut self, table: &Key, column: &Object, diagnostics: &mut Vec<Diagnostic>) {
        let Some(type_name) = column.args.positional.iter().find_map(project_schema_type) else {
            return;
        };
        if self.checks.insert((table.clone(), String::new())) {
            diagnostics.push(
                Diagnostic::info(
                    Kind::Unanalyzable,
                    codes::UNANALYZABLE_MODEL,
                    format!("the column's type `{type_name}` is a `SchemaType` of the project's own: the constraints it adds to the table are not read"),
                )
                .at(column.span.clone())
                .with_note("drift does not compare this table's check constraints"),
            );
        }
    }

    /// The column without its server default, when that default cannot be read.
    fn server_default_of(
        &mut self,
        table: &Key,
        column: &Object,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Value> {
        let readable = match column.args.keyword("server_default")? {
            Value::Unknown(_) => false,
            Value::Object(d) => !matches!(d.args.positional.first(), Some(Value::Unknown(_))),
            _ => true,
        };
        if readable {
            return None;
        }
        let name = match column.args.positional.first() {
            Some(Value::Str(n)) => n.clone(),
            _ => String::new(),
        };
        diagnostics.push(left_out(
            column,
            format!("cannot read the server default of `{name}` statically"),
            "the declared column is read without it, and drift does not compare it",
        ));
        self.defaults.insert((table.clone(), name));
        let mut args = column.args.clone();
        if let Some(i) = args
            .keywords
            .iter()
            .position(|(k, _)| k == "server_default")
        {
            args.keywords.remove(i);
            if i < args.keyword_spans.len() {
                args.keyword_spans.remove(i);
            }
        }
        Some(Value::Object(Rc::new(Object {
            class: column.class.clone(),
            receiver: None,
            args,
            called: column.called,
            span: column.span.clone(),
        })))
    }
}

/// The one finding for a part left out of a declared table.
fn left_out(at: &Object, message: String, note: &str) -> Diagnostic {
    Diagnostic::warning(Kind::Unanalyzable, codes::UNANALYZABLE_MODEL, message)
        .at(at.span.clone())
        .with_note(note)
}

/// Why the predicate of an index among a table's arguments cannot be written, if it cannot
/// (as `index_def` writes it for `CREATE INDEX`).
fn unreadable_predicate(index: &Object) -> Option<String> {
    match index.args.keyword("postgresql_where") {
        None | Some(Value::None) => None,
        Some(predicate) => sql_text(predicate).err(),
    }
}

/// The name of a type instance whose class, of the project's own, derives from SQLAlchemy's
/// `SchemaType` (through its bases of the project) and adds constraints to the table in a way
/// that is not run here: `_set_parent` (`_set_table` is, see `models/events.rs`).
fn project_schema_type(v: &Value) -> Option<String> {
    fn derives(c: &crate::eval::value::ClassValue) -> bool {
        c.bases.iter().any(|b| match b {
            Value::External(name) => name.rsplit('.').next() == Some("SchemaType"),
            Value::Class(base) => derives(base),
            _ => false,
        })
    }
    let unrun = ["_set_parent", "_set_parent_with_dispatch"]
        .iter()
        .any(|m| crate::eval::events::own_method(v, m).is_some());
    match v {
        Value::Object(o) if o.called && unrun => match &o.receiver {
            Some(Value::Class(c)) if derives(c) => Some(c.name.clone()),
            _ => None,
        },
        _ => None,
    }
}
