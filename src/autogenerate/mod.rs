//! Offline autogenerate: the drift items (`drift::compare`) turned into the operations of a
//! new revision, as `alembic revision --autogenerate` would write them, without a database.
//!
//! `plan` reads each item back into the objects it names (the replayed table for what goes,
//! the declared one for what comes), `order` puts the operations in an order that runs,
//! `safe` rewrites them for a live database (`--safe`), `render` prints them as Alembic does,
//! `template` fills the project's `script.py.mako` and `write` names and places the file.
//! The downgrade is the upgrade inverted, operation by operation, in reverse.

pub mod order;
pub mod render;
pub mod safe;
pub mod template;
pub mod write;

use std::collections::BTreeMap;

use crate::drift::Item;
use crate::ir::ConstraintKind;
use crate::schema::{Column, Constraint, Index, Key, Schema, Table};

/// One operation of the revision, at Alembic's level (`op.*`), with the objects it needs to
/// be rendered and inverted.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// A schema the new tables or types live in, which the migrations do not create.
    CreateSchema {
        name: String,
    },
    DropSchema {
        name: String,
    },
    /// An extension whose types new columns use (`citext`, `hstore`) and the migrations lack.
    CreateExtension {
        name: String,
    },
    DropExtension {
        name: String,
    },
    /// A new enum type, made before the columns that use it.
    CreateEnum {
        key: Key,
        labels: Vec<String>,
    },
    DropEnum {
        key: Key,
        labels: Vec<String>,
    },
    /// `ALTER TYPE ... ADD VALUE`, placed where the models have the label.
    AddEnumValue {
        key: Key,
        label: String,
        /// The labels before and after (the type as the migrations leave it).
        before: Vec<String>,
        after: Vec<String>,
        /// The columns of the type (table, column, default), for the inverse.
        users: Vec<(Key, String, Option<String>)>,
    },
    /// The inverse of `AddEnumValue`: the type rebuilt without the label.
    RemoveEnumValue {
        key: Key,
        label: String,
        /// The labels the type keeps, those it had, and the columns (table, column,
        /// default) of the type.
        keep: Vec<String>,
        all: Vec<String>,
        users: Vec<(Key, String, Option<String>)>,
    },
    /// A table with its columns, constraints and indexes; `deferred` foreign keys are added
    /// later.
    CreateTable {
        table: Table,
        deferred: Vec<String>,
    },
    DropTable {
        table: Table,
        deferred: Vec<String>,
    },
    AddColumn {
        key: Key,
        column: Column,
    },
    DropColumn {
        key: Key,
        column: Column,
    },
    /// One `alter_column`: the column as it is (`from`) and as it becomes (`to`).
    AlterColumn {
        key: Key,
        from: Column,
        to: Column,
    },
    CreateIndex {
        key: Key,
        index: Index,
    },
    DropIndex {
        key: Key,
        index: Index,
    },
    AddConstraint {
        key: Key,
        constraint: Constraint,
    },
    DropConstraint {
        key: Key,
        constraint: Constraint,
    },
    TableComment {
        key: Key,
        from: Option<String>,
        to: Option<String>,
    },
}

/// An operation and the comment written above it (what Alembic would not have written, a
/// lock that could not be avoided).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub op: Op,
    pub note: Option<String>,
}

impl Step {
    fn new(op: Op) -> Self {
        Step { op, note: None }
    }
}

/// The revision's content: upgrade steps in the order they run, and what the drift holds that
/// is not written (with why).
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub upgrade: Vec<Step>,
    pub left_out: Vec<String>,
}

impl Plan {
    /// The downgrade: every upgrade step inverted, last first.
    pub fn downgrade(&self) -> Vec<Step> {
        self.upgrade.iter().rev().map(invert).collect()
    }
}

/// Why an item is written although Alembic's autogenerate would not see it.
const UNSEEN: &str = "Alembic's autogenerate does not compare this; driftlock does";

/// The operations the drift `items` call for, between the schema the history builds
/// (`replayed`) and the one the models declare (`declared`), in an order that runs.
pub fn plan(replayed: &Schema, declared: &Schema, items: &[Item]) -> Plan {
    let mut steps = Vec::new();
    let mut left_out = Vec::new();
    let mut alters: BTreeMap<(Key, String), (Column, Column)> = BTreeMap::new();
    let key_of = |i: &Item| -> Key { (i.schema.clone(), i.table.clone()) };
    for item in items {
        let k = key_of(item);
        let db = replayed.tables.get(&k);
        let model = declared.tables.get(&k);
        let column = item.column.as_deref().unwrap_or_default();
        let name = item.name.as_deref().unwrap_or_default();
        let unseen = item.detail.contains("a comparison Alembic does not make");
        let mut push = |op: Op| {
            steps.push(Step {
                op,
                note: (unseen && !item.kind.starts_with("modify_")).then(|| UNSEEN.to_string()),
            })
        };
        let missing = || format!("{} {}: not found in the schemas", item.kind, item.detail);
        match item.kind {
            "add_table" => match model {
                Some(t) => push(Op::CreateTable {
                    table: (**t).clone(),
                    deferred: Vec::new(),
                }),
                None => left_out.push(missing()),
            },
            "remove_table" => match db {
                Some(t) => push(Op::DropTable {
                    table: (**t).clone(),
                    deferred: Vec::new(),
                }),
                None => left_out.push(missing()),
            },
            "add_column" => match model.and_then(|t| t.column(column)) {
                Some(c) => push(Op::AddColumn {
                    key: k,
                    column: c.clone(),
                }),
                None => left_out.push(missing()),
            },
            "remove_column" => match db.and_then(|t| t.column(column)) {
                Some(c) => push(Op::DropColumn {
                    key: k,
                    column: c.clone(),
                }),
                None => left_out.push(missing()),
            },
            "modify_type" | "modify_nullable" | "modify_default" | "modify_comment"
                if item.column.is_some() =>
            {
                let (Some(from), Some(to)) = (
                    db.and_then(|t| t.column(column)),
                    model.and_then(|t| t.column(column)),
                ) else {
                    left_out.push(missing());
                    continue;
                };
                let entry = alters
                    .entry((k.clone(), column.to_string()))
                    .or_insert_with(|| (from.clone(), from.clone()));
                let target = &mut entry.1;
                match item.kind {
                    "modify_type" => target.ty = to.ty.clone(),
                    "modify_nullable" => target.not_null = to.not_null,
                    "modify_default" => target.default = to.default.clone(),
                    _ => target.comment = to.comment.clone(),
                }
            }
            "modify_comment" => push(Op::TableComment {
                key: k,
                from: db.and_then(|t| t.comment.clone()),
                to: model.and_then(|t| t.comment.clone()),
            }),
            "add_index" => {
                // A new table's indexes come with it.
                let table_comes = items
                    .iter()
                    .any(|o| o.kind == "add_table" && key_of(o) == k);
                if table_comes {
                    continue;
                }
                match model.and_then(|t| t.indexes.iter().find(|i| i.name == name)) {
                    Some(i) => push(Op::CreateIndex {
                        key: k,
                        index: i.clone(),
                    }),
                    None => left_out.push(missing()),
                }
            }
            "remove_index" => {
                let table_goes = items
                    .iter()
                    .any(|o| o.kind == "remove_table" && key_of(o) == k);
                if table_goes {
                    continue;
                }
                match db.and_then(|t| t.indexes.iter().find(|i| i.name == name)) {
                    Some(i) => push(Op::DropIndex {
                        key: k,
                        index: i.clone(),
                    }),
                    None => left_out.push(missing()),
                }
            }
            "add_fk" | "add_constraint" => {
                match model.and_then(|t| t.constraints.iter().find(|c| c.name == name)) {
                    Some(c) => push(Op::AddConstraint {
                        key: k,
                        constraint: c.clone(),
                    }),
                    None => left_out.push(missing()),
                }
            }
            "remove_fk" | "remove_constraint" => {
                match db.and_then(|t| t.constraints.iter().find(|c| c.name == name)) {
                    Some(c) => push(Op::DropConstraint {
                        key: k,
                        constraint: c.clone(),
                    }),
                    None => left_out.push(missing()),
                }
            }
            "add_enum_value" => {
                let enum_key = k;
                let (Some(before), Some(model_labels)) =
                    (replayed.enums.get(&enum_key), declared.enums.get(&enum_key))
                else {
                    left_out.push(missing());
                    continue;
                };
                let mut after = before.clone();
                // Where the models put it: after the nearest label before it that exists.
                let at = model_labels.iter().position(|l| l == name).unwrap_or(0);
                let anchor = model_labels[..at]
                    .iter()
                    .rev()
                    .find_map(|l| after.iter().position(|x| x == l).map(|p| p + 1))
                    .unwrap_or(0);
                after.insert(anchor, name.to_string());
                push(Op::AddEnumValue {
                    users: enum_users(declared, &enum_key),
                    key: enum_key,
                    label: name.to_string(),
                    before: before.clone(),
                    after,
                });
            }
            "remove_enum_value" => {
                let Some(before) = replayed.enums.get(&k) else {
                    left_out.push(missing());
                    continue;
                };
                push(Op::RemoveEnumValue {
                    keep: before.iter().filter(|l| *l != name).cloned().collect(),
                    all: before.clone(),
                    users: enum_users(replayed, &k),
                    key: k,
                    label: name.to_string(),
                });
            }
            _ => left_out.push(format!(
                "{} {}: driftlock does not write this kind of change",
                item.kind, item.detail
            )),
        }
    }
    for ((k, _), (from, to)) in alters {
        if from != to {
            steps.push(Step::new(Op::AlterColumn { key: k, from, to }));
        }
    }
    let mut steps = with_enum_types(replayed, declared, steps);
    // Several labels added to one type follow each other: each sees the ones before.
    chain_enum_labels(&mut steps);
    Plan {
        upgrade: order::order(steps),
        left_out,
    }
}

/// Adds the creation of the enum types the new columns use and the migrations lack, and of
/// the schemas new objects live in.
fn with_enum_types(replayed: &Schema, declared: &Schema, mut steps: Vec<Step>) -> Vec<Step> {
    let mut needed = std::collections::BTreeSet::new();
    let mut extensions = std::collections::BTreeSet::new();
    for s in &steps {
        let columns: Vec<&Column> = match &s.op {
            Op::CreateTable { table, .. } => table.columns.iter().collect(),
            Op::AddColumn { column, .. } => vec![column],
            Op::AlterColumn { to, .. } => vec![to],
            _ => Vec::new(),
        };
        for c in columns {
            if let crate::schema::BaseType::Named { name, .. } = &c.ty.base {
                if matches!(name.as_str(), "citext" | "hstore")
                    && !replayed.extensions.contains(name)
                {
                    extensions.insert(name.clone());
                }
            }
            if let Some(k) = enum_of(c, declared) {
                if !replayed.enums.contains_key(&k) {
                    needed.insert(k);
                }
            }
        }
    }
    for name in extensions {
        steps.push(Step::new(Op::CreateExtension { name }));
    }
    // The schemas the new tables and types live in.
    let mut schemas = std::collections::BTreeSet::new();
    for s in &steps {
        if let Op::CreateTable { table, .. } = &s.op {
            schemas.insert(table.schema.clone());
        }
    }
    schemas.extend(needed.iter().map(|k| k.0.clone()));
    for name in schemas {
        if name != "public" && !replayed.schemas.contains(&name) {
            steps.push(Step::new(Op::CreateSchema { name }));
        }
    }
    for k in needed {
        if let Some(labels) = declared.enums.get(&k) {
            steps.push(Step::new(Op::CreateEnum {
                key: k,
                labels: labels.clone(),
            }));
        }
    }
    steps
}

/// Gives each `AddEnumValue` of a type the labels the previous ones left.
fn chain_enum_labels(steps: &mut [Step]) {
    let mut current: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for s in steps.iter_mut() {
        if let Op::AddEnumValue {
            key,
            label,
            before,
            after,
            ..
        } = &mut s.op
        {
            let now = current.entry(key.clone()).or_insert_with(|| before.clone());
            let at = after.iter().position(|l| l == label).unwrap_or(0);
            let anchor = after[..at]
                .iter()
                .rev()
                .find_map(|l| now.iter().position(|x| x == l).map(|p| p + 1))
                .unwrap_or(0);
            *before = now.clone();
            now.insert(anchor, label.clone());
            *after = now.clone();
        }
    }
}

/// The enum type a column has, when the models declare it as one.
pub fn enum_of(c: &Column, schema: &Schema) -> Option<Key> {
    match &c.ty.base {
        crate::schema::BaseType::Named {
            schema: s, name, ..
        } => {
            let k = (
                s.clone().unwrap_or_else(|| "public".to_string()),
                name.clone(),
            );
            schema.enums.contains_key(&k).then_some(k)
        }
        _ => None,
    }
}

/// The columns of `schema` whose type is the enum `key`: (table, column, default).
pub fn enum_users(schema: &Schema, key: &Key) -> Vec<(Key, String, Option<String>)> {
    let mut out = Vec::new();
    for (tk, t) in schema.tables.iter() {
        for c in &t.columns {
            if enum_of(c, schema).as_ref() == Some(key) {
                out.push((tk.clone(), c.name.clone(), c.default.clone()));
            }
        }
    }
    out
}

/// The step that undoes `step`.
fn invert(step: &Step) -> Step {
    let op = match &step.op {
        Op::CreateSchema { name } => Op::DropSchema { name: name.clone() },
        Op::CreateExtension { name } => Op::DropExtension { name: name.clone() },
        Op::DropExtension { name } => Op::CreateExtension { name: name.clone() },
        Op::DropSchema { name } => Op::CreateSchema { name: name.clone() },
        Op::CreateEnum { key, labels } => Op::DropEnum {
            key: key.clone(),
            labels: labels.clone(),
        },
        Op::DropEnum { key, labels } => Op::CreateEnum {
            key: key.clone(),
            labels: labels.clone(),
        },
        Op::AddEnumValue {
            key,
            label,
            before,
            after,
            users,
        } => Op::RemoveEnumValue {
            key: key.clone(),
            label: label.clone(),
            keep: before.clone(),
            all: after.clone(),
            users: users.clone(),
        },
        Op::RemoveEnumValue {
            key,
            label,
            keep,
            all,
            users,
        } => Op::AddEnumValue {
            key: key.clone(),
            label: label.clone(),
            before: keep.clone(),
            after: all.clone(),
            users: users.clone(),
        },
        Op::CreateTable { table, deferred } => Op::DropTable {
            table: table.clone(),
            deferred: deferred.clone(),
        },
        Op::DropTable { table, deferred } => Op::CreateTable {
            table: table.clone(),
            deferred: deferred.clone(),
        },
        Op::AddColumn { key, column } => Op::DropColumn {
            key: key.clone(),
            column: column.clone(),
        },
        Op::DropColumn { key, column } => Op::AddColumn {
            key: key.clone(),
            column: column.clone(),
        },
        Op::AlterColumn { key, from, to } => Op::AlterColumn {
            key: key.clone(),
            from: to.clone(),
            to: from.clone(),
        },
        Op::CreateIndex { key, index } => Op::DropIndex {
            key: key.clone(),
            index: index.clone(),
        },
        Op::DropIndex { key, index } => Op::CreateIndex {
            key: key.clone(),
            index: index.clone(),
        },
        Op::AddConstraint { key, constraint } => Op::DropConstraint {
            key: key.clone(),
            constraint: constraint.clone(),
        },
        Op::DropConstraint { key, constraint } => Op::AddConstraint {
            key: key.clone(),
            constraint: constraint.clone(),
        },
        Op::TableComment { key, from, to } => Op::TableComment {
            key: key.clone(),
            from: to.clone(),
            to: from.clone(),
        },
    };
    Step {
        op,
        note: step.note.clone(),
    }
}

/// The columns a constraint or index names (for ordering).
pub fn constraint_columns(c: &Constraint) -> &[String] {
    match &c.kind {
        ConstraintKind::PrimaryKey { columns }
        | ConstraintKind::Unique { columns }
        | ConstraintKind::Check { columns, .. }
        | ConstraintKind::ForeignKey { columns, .. }
        | ConstraintKind::Exclude { columns, .. } => columns,
    }
}
