//! What `metadata.create_all()` does between reading the tables and running DDL: a foreign
//! key column declared without a type takes the type of the column it names (SQLAlchemy
//! resolves it in Python, whatever order the tables are created in), and the foreign keys
//! that cannot be created inline are added after every table, by `ALTER TABLE ... ADD
//! CONSTRAINT`: those marked `use_alter=True`, and those naming a table created later (a
//! cycle, which SQLAlchemy breaks the same way).

use std::collections::HashMap;
use std::rc::Rc;

use super::metadata::TableDecl;
use super::types::{class_name, type_spec};
use crate::eval::value::{Args, Object, Value, MODEL_COLUMN};
use crate::ir::QualName;
use crate::schema::{key, Key};

/// A foreign key to add after the tables: the index of its table and the arguments of
/// `op.create_foreign_key(...)`.
pub(crate) struct DeferredForeignKey {
    pub table: usize,
    pub args: Args,
}

/// Prepares `tables` (created in `order`) as described in the module documentation; returns
/// the foreign keys to add after them, in table order.
pub(crate) fn prepare(tables: &mut [TableDecl], order: &[usize]) -> Vec<DeferredForeignKey> {
    inherit_foreign_key_types(tables);
    let position: HashMap<Key, usize> = order
        .iter()
        .enumerate()
        .map(|(at, &i)| (key(&tables[i].name), at))
        .collect();
    let mut deferred = Vec::new();
    for &i in order {
        let own = key(&tables[i].name);
        let here = position.get(&own).copied().unwrap_or(0);
        let later =
            |target: &Key| target != &own && position.get(target).is_some_and(|&p| p > here);
        let table = &mut tables[i];
        let mut kept = Vec::new();
        let items = std::mem::take(&mut table.create_table.positional);
        for (at, item) in items.into_iter().enumerate() {
            let Value::Object(o) = &item else {
                kept.push(item);
                continue;
            };
            if at == 0 || o.receiver.is_some() {
                kept.push(item);
                continue;
            }
            match class_name(&o.class) {
                "Column" => {
                    let column = column_name(o);
                    let mut positional = Vec::new();
                    for p in &o.args.positional {
                        if let Value::Object(fk) = p {
                            if class_name(&fk.class) == "ForeignKey" {
                                let target = fk.args.get(0, "column").and_then(target_of);
                                if let Some((t, remote)) = target {
                                    if use_alter(fk) || later(&key(&t)) {
                                        deferred.push(DeferredForeignKey {
                                            table: i,
                                            args: foreign_key_args(
                                                fk,
                                                &table.name,
                                                &t,
                                                vec![column.clone()],
                                                vec![remote],
                                            ),
                                        });
                                        continue;
                                    }
                                }
                            }
                        }
                        positional.push(p.clone());
                    }
                    kept.push(with_positional(o, positional));
                }
                "ForeignKeyConstraint" => {
                    let local = strings(o.args.get(0, "columns"));
                    let refs = o.args.get(1, "refcolumns").cloned();
                    let targets: Vec<(QualName, String)> = match &refs {
                        Some(Value::List(ts) | Value::Tuple(ts) | Value::Set(ts)) => {
                            ts.iter().filter_map(target_of).collect()
                        }
                        _ => Vec::new(),
                    };
                    let first = targets.first().map(|(t, _)| t.clone());
                    match first {
                        Some(t)
                            if targets.len() == local.len()
                                && (use_alter(o) || later(&key(&t))) =>
                        {
                            let remote = targets.into_iter().map(|(_, c)| c).collect();
                            deferred.push(DeferredForeignKey {
                                table: i,
                                args: foreign_key_args(o, &table.name, &t, local, remote),
                            });
                        }
                        _ => kept.push(item),
                    }
                }
                _ => kept.push(item),
            }
        }
        table.create_table.positional = kept;
    }
    deferred
}

/// Gives a typeless foreign key column the type of the column it names, through chains of
/// such columns.
fn inherit_foreign_key_types(tables: &mut [TableDecl]) {
    for _ in 0..4 {
        let mut types: HashMap<(Key, String), Value> = HashMap::new();
        for t in tables.iter() {
            for item in t.create_table.positional.iter().skip(1) {
                if let Value::Object(o) = item {
                    if class_name(&o.class) == "Column" && o.receiver.is_none() {
                        if let Some(ty) = column_type(o) {
                            types.insert((key(&t.name), column_name(o)), ty);
                        }
                    }
                }
            }
        }
        let mut changed = false;
        for t in tables.iter_mut() {
            for item in t.create_table.positional.iter_mut().skip(1) {
                let Value::Object(o) = item else { continue };
                if class_name(&o.class) != "Column" || o.receiver.is_some() {
                    continue;
                }
                if column_type(o).is_some() {
                    continue;
                }
                let target = o.args.positional.iter().find_map(|p| match p {
                    Value::Object(fk) if class_name(&fk.class) == "ForeignKey" => {
                        fk.args.get(0, "column").and_then(target_of)
                    }
                    _ => None,
                });
                let Some((table, column)) = target else {
                    continue;
                };
                if let Some(ty) = types.get(&(key(&table), column)) {
                    let mut positional = o.args.positional.clone();
                    // `Column("x", None, ForeignKey(...))`: the `None` is the type left out.
                    if matches!(positional.get(1), Some(Value::None)) {
                        positional[1] = ty.clone();
                    } else {
                        positional.insert(1.min(positional.len()), ty.clone());
                    }
                    *item = with_positional(o, positional);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The type a `Column(...)` is given, positionally or as `type_=`.
fn column_type(o: &Object) -> Option<Value> {
    if let Some(t) = o.args.keyword("type_") {
        return Some(t.clone());
    }
    o.args.positional.iter().skip(1).find_map(|p| {
        let is_type = match p {
            Value::Object(x) => !super::column::is_column_option(class_name(&x.class)),
            _ => true,
        };
        (is_type && type_spec(p).is_ok()).then(|| p.clone())
    })
}

fn column_name(o: &Object) -> String {
    match o.args.positional.first() {
        Some(Value::Str(n)) => n.clone(),
        _ => String::new(),
    }
}

/// The table and column a foreign key names: `"table.column"`, `"schema.table.column"`, or a
/// model's column attribute.
pub(crate) fn target_of(v: &Value) -> Option<(QualName, String)> {
    match v {
        Value::Str(s) => {
            let parts: Vec<&str> = s.split('.').collect();
            match parts.as_slice() {
                [schema, table, column] => Some((
                    QualName::new(Some(schema.to_string()), *table),
                    column.to_string(),
                )),
                [table, column] => Some((QualName::new(None, *table), column.to_string())),
                _ => None,
            }
        }
        Value::Object(o) if o.class == MODEL_COLUMN => match o.args.positional.as_slice() {
            [Value::Str(table), Value::Str(column), ..] => {
                let schema = o.args.keyword("schema").and_then(Value::as_str);
                Some((
                    QualName::new(schema.map(str::to_string), table.clone()),
                    column.clone(),
                ))
            }
            _ => None,
        },
        _ => None,
    }
}

fn use_alter(o: &Object) -> bool {
    o.args.keyword("use_alter").and_then(Value::as_bool) == Some(true)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::Str(s) => Some(s.clone()),
                Value::Object(o) if o.class == MODEL_COLUMN => match o.args.positional.get(1) {
                    Some(Value::Str(c)) => Some(c.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn str_list(items: Vec<String>) -> Value {
    Value::List(items.into_iter().map(Value::Str).collect())
}

/// `op.create_foreign_key(name, source, referent, local, remote, ...)` for a constraint or a
/// column's `ForeignKey` (`o`), keeping its options.
fn foreign_key_args(
    o: &Object,
    source: &QualName,
    referent: &QualName,
    local: Vec<String>,
    remote: Vec<String>,
) -> Args {
    let name = super::args::constraint_name(o)
        .cloned()
        .unwrap_or(Value::None);
    let mut keywords = Vec::new();
    for option in ["ondelete", "onupdate", "deferrable", "initially", "match"] {
        if let Some(v) = o.args.keyword(option) {
            keywords.push((option.to_string(), v.clone()));
        }
    }
    if let Some(schema) = &source.schema {
        keywords.push(("source_schema".into(), Value::Str(schema.clone())));
    }
    if let Some(schema) = &referent.schema {
        keywords.push(("referent_schema".into(), Value::Str(schema.clone())));
    }
    Args {
        positional: vec![
            name,
            Value::Str(source.name.clone()),
            Value::Str(referent.name.clone()),
            str_list(local),
            str_list(remote),
        ],
        keywords,
        ..Args::default()
    }
}

fn with_positional(o: &Object, positional: Vec<Value>) -> Value {
    Value::Object(Rc::new(Object {
        class: o.class.clone(),
        receiver: o.receiver.clone(),
        args: Args {
            positional,
            positional_spans: Vec::new(),
            keywords: o.args.keywords.clone(),
            keyword_spans: o.args.keyword_spans.clone(),
        },
        called: o.called,
        span: o.span.clone(),
    }))
}
