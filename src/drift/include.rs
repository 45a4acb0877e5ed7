//! env.py's `include_object` and `include_name` functions, as `alembic check` applies them.
//! Each drift item is offered to `include_object(object, name, type_, reflected, compare_to)`
//! and dropped when it answers `False`; the names of what the database holds (tables, then
//! columns, indexes and constraints) are offered to `include_name(name, type_, parent_names)`
//! first, and a name it refuses is never compared. The functions run in the interpreter.
//! `object` is a stand-in with what SQLAlchemy's object would say of it (`name`, `table.name`,
//! `table.schema`, `columns` and their names, `unique`, `nullable`), taken from the side it
//! comes from (the replayed schema for the database's, the models for the metadata's); a
//! function that reads anything else answers nothing driftlock can use, and the item is kept.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use super::Item;
use crate::alembic::Lowering;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::Project;
use crate::eval::interp::Interp;
use crate::eval::value::{Args, ClassValue, Value};
use crate::ir::ConstraintKind;
use crate::schema::{Key, Schema, Table};
use crate::source::SourceMap;

/// The two sides an item's object may come from.
pub struct Sides<'a> {
    /// What the migrations build (the database Alembic reflects).
    pub replayed: &'a Schema,
    /// What the models declare.
    pub declared: &'a Schema,
}

/// `items` without those env.py's `include_object` and `include_name` leave out, and a
/// finding when a function's answer for some items could not be decided (they are kept:
/// only a plain `False` leaves an item out).
pub fn apply(
    project: &Project,
    sources: &mut SourceMap,
    items: Vec<Item>,
    sides: &Sides<'_>,
) -> (Vec<Item>, Option<Diagnostic>) {
    if items.is_empty() {
        return (items, None);
    }
    crate::eval::on_large_stack("driftlock-include-object", || {
        filter(project, sources, items, sides)
    })
}

/// The `type_` Alembic passes for an item, its object's name, and whether the object is the
/// database's (reflected).
fn described(item: &Item) -> Option<(&'static str, Option<String>, bool)> {
    Some(match item.kind {
        "add_column" | "modify_type" | "modify_nullable" | "modify_default" => {
            ("column", item.column.clone(), false)
        }
        "modify_comment" if item.column.is_some() => ("column", item.column.clone(), false),
        "remove_column" => ("column", item.column.clone(), true),
        "add_index" => ("index", item.name.clone(), false),
        "remove_index" => ("index", item.name.clone(), true),
        "add_constraint" => ("unique_constraint", item.name.clone(), false),
        "remove_constraint" => ("unique_constraint", item.name.clone(), true),
        "add_fk" => ("foreign_key_constraint", item.name.clone(), false),
        "remove_fk" => ("foreign_key_constraint", item.name.clone(), true),
        _ => return None,
    })
}

fn filter(
    project: &Project,
    sources: &mut SourceMap,
    items: Vec<Item>,
    sides: &Sides<'_>,
) -> (Vec<Item>, Option<Diagnostic>) {
    let modules = crate::replay::module_table(project, sources, &[], &[]);
    let Some(env_key) = modules.env.clone() else {
        return (items, None);
    };
    let mut scratch = Schema::default();
    let mut probe = Lowering::new(&mut scratch, Default::default());
    let mut interp = Interp::new(&mut probe, &modules.table);
    let _ = crate::env_py::target_metadata(&mut interp, Some(&env_key));
    let include_object = interp.configured_filter("include_object");
    let include_name = interp.configured_filter("include_name");
    let span = interp.module(&env_key).map(|env| Span::new(env.file, 0..0));
    let (Some(span), true) = (span, include_object.is_some() || include_name.is_some()) else {
        interp.release_modules(&Default::default());
        return (items, None);
    };
    // Only a plain `False` leaves an item out; an answer not known statically keeps it, and
    // is counted (with the first reason) for the finding that says so.
    let mut answers: HashMap<String, (bool, bool)> = HashMap::new();
    let mut reason: Option<(Value, String)> = None;
    let this_item_undecided = std::cell::Cell::new(false);
    let mut ask = |interp: &mut Interp<'_, Lowering<'_>>,
                   function: &Value,
                   args: Vec<Value>,
                   memo: String| {
        if let Some((answer, undecided)) = answers.get(&memo) {
            if *undecided {
                this_item_undecided.set(true);
            }
            return *answer;
        }
        let args = Args {
            positional: args,
            ..Args::default()
        };
        let answer = interp.call(function, args, &span);
        let undecided = !matches!(answer, Value::Bool(_));
        if undecided {
            this_item_undecided.set(true);
            if reason.is_none() {
                let why = match &answer {
                    Value::Unknown(r) => r.to_string(),
                    _ => "an answer that is not `True` or `False`".to_string(),
                };
                reason = Some((function.clone(), why));
            }
        }
        let answer = !matches!(answer, Value::Bool(false));
        answers.insert(memo, (answer, undecided));
        answer
    };
    let mut undecided_items = 0;
    let mut kept = Vec::new();
    let mut refused_tables: BTreeSet<Key> = BTreeSet::new();
    for item in items {
        this_item_undecided.set(false);
        let k: Key = (item.schema.clone(), item.table.clone());
        let table_in_db = sides.replayed.tables.get(&k);
        // include_name sees the database's names: its tables, then what they hold.
        if let (Some(f), Some(_)) = (&include_name, table_in_db) {
            let parents = parent_names(&k, false);
            let memo = format!("name table {}.{}", k.0, k.1);
            if !ask(
                &mut interp,
                f,
                vec![Value::Str(k.1.clone()), Value::Str("table".into()), parents],
                memo,
            ) {
                refused_tables.insert(k.clone());
                continue;
            }
            if let Some((type_, Some(name), true)) = described(&item) {
                let memo = format!("name {type_} {}.{}.{name}", k.0, k.1);
                let parents = parent_names(&k, true);
                if !ask(
                    &mut interp,
                    f,
                    vec![Value::Str(name), Value::Str(type_.into()), parents],
                    memo,
                ) {
                    continue;
                }
            }
        }
        if let Some(f) = &include_object {
            let table_reflected = item.kind == "remove_table";
            let side = if table_reflected {
                sides.replayed
            } else {
                sides.declared
            };
            let table_object = stand_in_table(&k, side.tables.get(&k).map(|t| &**t));
            let memo = format!("object table {}.{} {table_reflected}", k.0, k.1);
            let args = object_args(table_object, &k.1, "table", table_reflected);
            if !ask(&mut interp, f, args, memo) {
                continue;
            }
            if let Some((type_, Some(name), reflected)) = described(&item) {
                let side = if reflected {
                    sides.replayed
                } else {
                    sides.declared
                };
                let object = stand_in(&k, side.tables.get(&k).map(|t| &**t), type_, &name);
                let memo = format!("object {type_} {}.{}.{name} {reflected}", k.0, k.1);
                if !ask(
                    &mut interp,
                    f,
                    object_args(object, &name, type_, reflected),
                    memo,
                ) {
                    continue;
                }
            }
        }
        if this_item_undecided.get() {
            undecided_items += 1;
        }
        kept.push(item);
    }
    interp.release_modules(&Default::default());
    // A table whose name include_name refuses is not in the database as Alembic sees it:
    // the models' table of that name is one to add.
    for k in refused_tables {
        if let Some(model) = sides.declared.tables.get(&k) {
            kept.retain(|i| !(i.schema == k.0 && i.table == k.1));
            kept.extend(super::new_table(
                &k,
                model,
                format!(
                    "the models declare table {}; env.py's include_name leaves the database's out",
                    crate::schema::display_key(&k)
                ),
                None,
            ));
        }
    }
    super::sort(&mut kept);
    let note = reason.filter(|_| undecided_items > 0).map(|(function, why)| {
        let (name, at) = match &function {
            // The `def name` of its definition.
            Value::Function(f) => {
                let start = crate::python::range_of(f.def.as_ref()).start;
                let end = start + "def ".len() + f.name.len();
                (f.name.clone(), Span::new(f.module.file, start..end))
            }
            _ => ("include_object".to_string(), span.clone()),
        };
        Diagnostic::warning(
            Kind::Unanalyzable,
            crate::codes::UNANALYZABLE_CODE,
            format!(
                "drift cannot tell statically what env.py's `{name}` answers for {undecided_items} of the items it is asked about ({why}): they are reported, as only a plain `False` leaves one out"
            ),
        )
        .at(at)
    });
    (kept, note)
}

/// `include_object`'s arguments: the object, its name, its type, whether it is reflected,
/// and the object of the other side (`None` for a reflected one Alembic found no match for).
fn object_args(object: Value, name: &str, type_: &str, reflected: bool) -> Vec<Value> {
    vec![
        object,
        Value::Str(name.to_string()),
        Value::Str(type_.to_string()),
        Value::Bool(reflected),
        if reflected {
            Value::None
        } else {
            Value::unknown("the reflected object")
        },
    ]
}

/// The schema as SQLAlchemy gives it: `None` for the default one.
fn schema_of(k: &Key) -> Value {
    if k.0 == "public" {
        Value::None
    } else {
        Value::Str(k.0.clone())
    }
}

/// `include_name`'s `parent_names`: the schema for a table; schema and table for the rest.
fn parent_names(k: &Key, of_table_item: bool) -> Value {
    let mut entries = vec![(Value::Str("schema_name".into()), schema_of(k))];
    if of_table_item {
        entries.push((Value::Str("table_name".into()), Value::Str(k.1.clone())));
        entries.push((
            Value::Str("schema_qualified_table_name".into()),
            Value::Str(crate::schema::display_key(k)),
        ));
    }
    Value::Dict(entries)
}

/// An object with the given attributes (what the functions read of SQLAlchemy's objects).
fn object(class: &str, attributes: Vec<(&str, Value)>) -> Value {
    let order = attributes.iter().map(|(n, _)| n.to_string()).collect();
    Value::Class(Rc::new(ClassValue {
        name: class.to_string(),
        bases: Vec::new(),
        attributes: attributes
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
        order,
        keywords: Vec::new(),
        annotations: Vec::new(),
        span: Span::new(crate::source::FileId(0), 0..0),
        attribute_spans: HashMap::new(),
        declared: Vec::new(),
    }))
}

fn stand_in_table(k: &Key, table: Option<&Table>) -> Value {
    let columns = table.map_or_else(Vec::new, |t| {
        t.columns
            .iter()
            .map(|c| object("Column", vec![("name", Value::Str(c.name.clone()))]))
            .collect()
    });
    object(
        "Table",
        vec![
            ("name", Value::Str(k.1.clone())),
            ("schema", schema_of(k)),
            ("fullname", Value::Str(crate::schema::display_key(k))),
            ("columns", Value::List(columns.clone())),
            ("c", Value::List(columns)),
        ],
    )
}

/// The stand-in for the column, index or constraint `name` of table `k` on one side.
fn stand_in(k: &Key, table: Option<&Table>, type_: &str, name: &str) -> Value {
    let parent = stand_in_table(k, table);
    let named = |names: &[String]| -> Value {
        Value::List(
            names
                .iter()
                .map(|c| {
                    object(
                        "Column",
                        vec![("name", Value::Str(c.clone())), ("table", parent.clone())],
                    )
                })
                .collect(),
        )
    };
    let mut attributes = vec![
        ("name", Value::Str(name.to_string())),
        ("table", parent.clone()),
    ];
    let Some(table) = table else {
        return object("SchemaItem", attributes);
    };
    match type_ {
        "column" => {
            if let Some(c) = table.column(name) {
                attributes.push(("nullable", Value::Bool(!c.not_null)));
                let in_primary_key = table.primary_key().is_some_and(|pk| {
                    matches!(&pk.kind, ConstraintKind::PrimaryKey { columns } if columns.contains(&c.name))
                });
                attributes.push(("primary_key", Value::Bool(in_primary_key)));
            }
            object("Column", attributes)
        }
        "index" => {
            if let Some(i) = table.indexes.iter().find(|i| i.name == name) {
                let columns: Vec<String> = i
                    .keys
                    .iter()
                    .filter_map(|k| match k {
                        crate::ir::IndexKey::Column(c) => Some(c.clone()),
                        crate::ir::IndexKey::Expression(_) => None,
                    })
                    .collect();
                attributes.push(("unique", Value::Bool(i.unique)));
                attributes.push(("columns", named(&columns)));
            }
            object("Index", attributes)
        }
        _ => {
            if let Some(c) = table.constraints.iter().find(|c| c.name == name) {
                let columns = match &c.kind {
                    ConstraintKind::Unique { columns }
                    | ConstraintKind::ForeignKey { columns, .. }
                    | ConstraintKind::PrimaryKey { columns } => columns.clone(),
                    _ => Vec::new(),
                };
                attributes.push(("columns", named(&columns)));
                if let ConstraintKind::ForeignKey { referenced, .. } = &c.kind {
                    attributes.push((
                        "referred_table",
                        object("Table", vec![("name", Value::Str(referenced.name.clone()))]),
                    ));
                }
            }
            object(
                if type_ == "unique_constraint" {
                    "UniqueConstraint"
                } else {
                    "ForeignKeyConstraint"
                },
                attributes,
            )
        }
    }
}
