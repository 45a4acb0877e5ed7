//! SQLAlchemy's schema events on the declared tables. A project may register functions that
//! run when a schema item joins its parent, and change what `create_all()` creates:
//! - `@event.listens_for(PrimaryKeyConstraint, "after_parent_attach")` (or another constraint
//!   class) names each constraint of that kind (`const.name = "%s_PK" % table.name.upper()`),
//!   the recipe for naming constraints that predates `naming_convention`;
//! - `@listens_for(MyType, "before_parent_attach")` on a type of the project's own runs when a
//!   column takes that type, and may register a listener on the column itself, whose
//!   constraints (a CHECK of the type's values) join the column's table;
//! - a `SchemaType` of the project's own whose `_set_table(column, table)` adds constraints
//!   to the table of each column of that type.
//!
//! - `@event.listens_for(Model.__table__, "after_create")` (or `event.listen(table,
//!   "after_create", DDL("..."))`) runs SQL right after `create_all()` creates the table (an
//!   expression index, a trigger): see [`after_create`].
//!
//! SQLAlchemy runs them while it builds each table; here they run on each declared table, on
//! a fresh interpreter over the same modules: the constraints they make join the table, the
//! names they give replace the constraints' own. Unnamed primary keys and `unique=True`
//! columns are made explicit constraints first when a listener waits for their kind, as
//! SQLAlchemy makes them objects too.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::alembic::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind};
use crate::eval::events::{column_types, own_method, Listener};
use crate::eval::interp::{Interp, ModuleTable};
use crate::eval::value::{Args, Handle, Object, Value};
use crate::schema::{Key, Schema};
use crate::sqlalchemy::metadata::TableDecl;
use crate::sqlalchemy::types::class_name;

const ATTACHED: &str = "after_parent_attach";
const CONSTRAINTS: &[&str] = &[
    "PrimaryKeyConstraint",
    "UniqueConstraint",
    "CheckConstraint",
    "ForeignKeyConstraint",
];

/// Runs `listeners` on every table of `tables` (see the module's documentation).
pub(super) fn apply(
    listeners: &[Listener],
    tables: &mut [TableDecl],
    modules: &ModuleTable,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let for_class = |kind: &str| -> Vec<Value> {
        listeners
            .iter()
            .filter(|l| l.event == ATTACHED)
            .filter(|l| matches!(&l.target, Value::External(n) if class_name(n) == kind))
            .map(|l| l.function.clone())
            .collect()
    };
    let by_kind: Vec<(&str, Vec<Value>)> = CONSTRAINTS
        .iter()
        .map(|k| (*k, for_class(k)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let on_columns = for_class("Column");
    let on_types = crate::eval::events::type_listeners(listeners);
    let sets_table = |item: &Value| {
        let Value::Object(o) = item else {
            return false;
        };
        o.receiver.is_none()
            && class_name(&o.class) == "Column"
            && column_types(o).any(|t| own_method(t, "_set_table").is_some())
    };
    let any_set_table = tables
        .iter()
        .any(|t| t.create_table.positional.iter().any(sets_table));
    if by_kind.is_empty() && on_columns.is_empty() && on_types.is_empty() && !any_set_table {
        return;
    }
    let mut scratch = Schema::default();
    let mut probe = Lowering::new(&mut scratch, Default::default());
    let mut interp = Interp::new(&mut probe, modules);
    let mut unread: BTreeSet<(String, String)> = BTreeSet::new();
    for t in tables.iter_mut() {
        let mut keywords = Vec::new();
        if let Some(schema) = &t.name.schema {
            keywords.push(("schema".to_string(), Value::Str(schema.clone())));
        }
        let table = Object::call(
            "sqlalchemy.Table",
            vec![Value::Str(t.name.name.clone())],
            keywords,
            &t.span,
        );
        let kinds: Vec<&str> = by_kind.iter().map(|(k, _)| *k).collect();
        make_implicit_constraints(&mut t.create_table.positional, &kinds, &t.span);
        let mut made = Vec::new();
        let mut items = std::mem::take(&mut t.create_table.positional);
        for item in &mut items {
            let Value::Object(o) = item.clone() else {
                continue;
            };
            if o.receiver.is_some() {
                continue;
            }
            let kind = class_name(&o.class);
            if kind == "Column" {
                for f in &on_columns {
                    made.extend(interp.call_recording(
                        f,
                        vec![item.clone(), table.clone()],
                        &o.span,
                    ));
                }
                made.extend(interp.column_joins_table(item, &table, &on_types, &o.span));
                continue;
            }
            let Some((_, functions)) = by_kind.iter().find(|(k, _)| *k == kind) else {
                continue;
            };
            for f in functions {
                made.extend(interp.call_recording(f, vec![item.clone(), table.clone()], &o.span));
            }
            match interp.object_attribute(&o, "name") {
                Some(name @ Value::Str(_)) => *item = renamed(&o, name),
                Some(Value::None) | None => {}
                Some(_) => {
                    if unread.insert((t.name.name.clone(), kind.to_string())) {
                        diagnostics.push(
                            Diagnostic::warning(
                                Kind::Unanalyzable,
                                codes::UNANALYZABLE_MODEL,
                                format!(
                                    "cannot read statically the name an event listener gives this table's {kind}"
                                ),
                            )
                            .at(o.span.clone())
                            .with_note("the constraint keeps the name it was declared with"),
                        );
                    }
                }
            }
        }
        for m in made {
            match &m {
                Value::Object(i) if class_name(&i.class) == "Index" => {
                    t.indexes
                        .push(crate::sqlalchemy::declarative::index_args(i, &t.name));
                }
                _ => items.push(m),
            }
        }
        t.create_table.positional = items;
    }
    drop(interp);
    // What a listener's code left unanalysed, once per place.
    let mut said = BTreeSet::new();
    for d in probe.diagnostics.drain(..) {
        if said.insert((d.code, d.message.clone(), format!("{:?}", d.primary))) {
            diagnostics.push(d);
        }
    }
}

/// The `after_create` listeners of table `t`, run as `create_all()` runs them right after it
/// creates the table and its indexes: a function is given the table and a connection, whose
/// executed SQL lowers into the declared schema (`lowering`); a `DDL(...)` object is executed
/// on it, its `%(table)s`, `%(schema)s` and `%(fullname)s` filled in as SQLAlchemy does.
pub(super) fn after_create(
    listeners: &[Listener],
    t: &TableDecl,
    lowering: &mut Lowering,
    modules: &ModuleTable,
) -> BTreeSet<(Key, String)> {
    let mine: Vec<&Value> = listeners
        .iter()
        .filter(|l| l.event == "after_create" && names_table(&l.target, t))
        .map(|l| &l.function)
        .collect();
    if mine.is_empty() {
        return BTreeSet::new();
    }
    let before = named_items(lowering.schema);
    let mut keywords = Vec::new();
    if let Some(schema) = &t.name.schema {
        keywords.push(("schema".to_string(), Value::Str(schema.clone())));
    }
    let table = Object::call(
        "sqlalchemy.Table",
        vec![Value::Str(t.name.name.clone())],
        keywords,
        &t.span,
    );
    let mut interp = Interp::new(lowering, modules);
    let connection = Value::Handle(Handle::Bind);
    for f in mine {
        // `ddl.execute_if(dialect="postgresql")`: the DDL, when PostgreSQL is among the
        // dialects it is for.
        let f = match f {
            Value::Object(o) if class_name(&o.class) == "execute_if" => {
                let for_postgresql = match o.args.keyword("dialect") {
                    None => true,
                    Some(Value::Str(d)) => d == "postgresql",
                    Some(Value::List(ds) | Value::Tuple(ds) | Value::Set(ds)) => {
                        ds.iter().any(|d| d.as_str() == Some("postgresql"))
                    }
                    Some(_) => false,
                };
                match (&o.receiver, for_postgresql) {
                    (Some(ddl), true) => ddl,
                    _ => continue,
                }
            }
            f => f,
        };
        let (callee, positional) = match f {
            Value::Object(o) if o.receiver.is_none() && class_name(&o.class) == "DDL" => {
                let Some(Value::Str(sql)) = o.args.positional.first() else {
                    continue;
                };
                let filled = Object::call(
                    "sqlalchemy.DDL",
                    vec![Value::Str(fill_ddl(sql, t))],
                    Vec::new(),
                    &o.span,
                );
                let execute = interp.attribute_of(connection.clone(), "execute", &o.span);
                (execute, vec![filled])
            }
            _ => (f.clone(), vec![table.clone(), connection.clone()]),
        };
        let args = Args {
            positional,
            ..Args::default()
        };
        interp.call(&callee, args, &t.span);
    }
    drop(interp);
    let mut made = named_items(lowering.schema);
    made.retain(|item| !before.contains(item));
    made
}

/// Every index and constraint of `schema`, by table and name.
fn named_items(schema: &Schema) -> BTreeSet<(Key, String)> {
    let mut items = BTreeSet::new();
    for (k, t) in schema.tables.iter() {
        let names = t.indexes.iter().map(|i| &i.name);
        for name in names.chain(t.constraints.iter().map(|c| &c.name)) {
            items.insert((k.clone(), name.clone()));
        }
    }
    items
}

/// Whether an event target is table `t`: `Model.__table__` of the class that declares it, or
/// the `Table(...)` object itself.
fn names_table(target: &Value, t: &TableDecl) -> bool {
    match target {
        Value::Object(o) if o.class == "__table__" => {
            matches!(&o.receiver, Some(Value::Class(c)) if c.span == t.span)
        }
        Value::Object(o) if o.receiver.is_none() && class_name(&o.class) == "Table" => {
            o.span == t.span
        }
        _ => false,
    }
}

/// A `DDL` statement's placeholders for the table it runs for.
fn fill_ddl(sql: &str, t: &TableDecl) -> String {
    let fullname = match &t.name.schema {
        Some(schema) => format!("{schema}.{}", t.name.name),
        None => t.name.name.clone(),
    };
    sql.replace("%(table)s", &t.name.name)
        .replace("%(schema)s", t.name.schema.as_deref().unwrap_or(""))
        .replace("%(fullname)s", &fullname)
        .replace("%%", "%")
}

/// `o` with the name a listener gave it.
fn renamed(o: &Rc<Object>, name: Value) -> Value {
    let mut args = o.args.clone();
    match args.keywords.iter_mut().find(|(k, _)| k == "name") {
        Some(slot) => slot.1 = name,
        None => args.keywords.push(("name".to_string(), name)),
    }
    Value::Object(Rc::new(Object {
        class: o.class.clone(),
        receiver: None,
        args,
        called: o.called,
        span: o.span.clone(),
    }))
}

/// Each `unique=True` column becomes a `UniqueConstraint` when a listener waits for that kind:
/// SQLAlchemy makes it a constraint object, which the listener sees. (A primary key given by
/// column flags is not: SQLAlchemy attaches the table's implicit one without the event.)
fn make_implicit_constraints(
    items: &mut Vec<Value>,
    kinds: &[&str],
    span: &crate::diagnostic::Span,
) {
    let flagged = |items: &[Value], flag: &str| -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Value::Object(c)
                    if c.receiver.is_none()
                        && class_name(&c.class) == "Column"
                        && matches!(c.args.keyword(flag), Some(Value::Bool(true))) =>
                {
                    c.args
                        .positional
                        .first()
                        .and_then(|n| n.as_str())
                        .map(str::to_string)
                }
                _ => None,
            })
            .collect()
    };
    if kinds.contains(&"UniqueConstraint") {
        for column in flagged(items, "unique") {
            for item in items.iter_mut() {
                let Value::Object(c) = item else { continue };
                if class_name(&c.class) != "Column"
                    || c.args.positional.first().and_then(|n| n.as_str()) != Some(column.as_str())
                {
                    continue;
                }
                let mut args = c.args.clone();
                if let Some(slot) = args.keywords.iter_mut().find(|(k, _)| k == "unique") {
                    slot.1 = Value::Bool(false);
                }
                *item = Value::Object(Rc::new(Object {
                    class: c.class.clone(),
                    receiver: None,
                    args,
                    called: c.called,
                    span: c.span.clone(),
                }));
            }
            items.push(Object::call(
                "sqlalchemy.UniqueConstraint",
                vec![Value::Str(column)],
                Vec::new(),
                span,
            ));
        }
    }
}
