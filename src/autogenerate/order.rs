//! The order a revision's operations run in: what others depend on first. Schemas, then enum
//! types before
//! the columns of the type; foreign keys dropped before what they reference, other keys and
//! indexes before their columns; new tables in the order their foreign keys allow (a cycle
//! is broken by adding those keys with `create_foreign_key` once every table exists); columns added, then altered, then keys and indexes created,
//! foreign keys last among the additions; then columns and tables dropped (a referencing
//! table before the one it references). The downgrade, the same steps inverted in reverse,
//! runs for the same reasons.

use std::collections::{BTreeMap, BTreeSet};

use super::{Op, Step};
use crate::ir::ConstraintKind;
use crate::schema::{key, Key, Table};

/// When a step runs, coarsely: lower first.
fn phase(op: &Op) -> u8 {
    match op {
        Op::CreateSchema { .. } | Op::CreateExtension { .. } => 0,
        Op::DropSchema { .. } | Op::DropExtension { .. } => 11,
        // A label removed rebuilds the type and rewrites its columns: before anything else
        // holds a lock (the rewrite is long).
        Op::CreateEnum { .. } | Op::AddEnumValue { .. } | Op::RemoveEnumValue { .. } => 0,
        Op::DropConstraint { constraint, .. }
            if matches!(constraint.kind, ConstraintKind::ForeignKey { .. }) =>
        {
            1
        }
        Op::DropIndex { .. } | Op::DropConstraint { .. } => 2,
        Op::CreateTable { .. } => 3,
        Op::AddColumn { .. } => 4,
        Op::AlterColumn { .. } | Op::TableComment { .. } => 5,
        Op::AddConstraint { constraint, .. }
            if matches!(constraint.kind, ConstraintKind::ForeignKey { .. }) =>
        {
            7
        }
        Op::AddConstraint { .. } | Op::CreateIndex { .. } => 6,
        Op::DropColumn { .. } => 8,
        Op::DropTable { .. } => 9,
        Op::DropEnum { .. } => 10,
    }
}

/// Foreign keys of `table` to other tables of `among` (by name, with the referenced key).
fn references<'a>(table: &'a Table, among: &BTreeSet<Key>) -> Vec<(&'a str, Key)> {
    table
        .constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey { referenced, .. } => {
                let target = key(referenced);
                let own = (table.schema.clone(), table.name.clone());
                (target != own && among.contains(&target)).then_some((c.name.as_str(), target))
            }
            _ => None,
        })
        .collect()
}

/// Tables in an order where each comes after the tables it references; the foreign keys a
/// cycle forces out, by table.
fn dependency_order(tables: &[&Table]) -> (Vec<Key>, BTreeMap<Key, Vec<String>>) {
    let all: BTreeSet<Key> = tables
        .iter()
        .map(|t| (t.schema.clone(), t.name.clone()))
        .collect();
    let by_key: BTreeMap<Key, &Table> = tables
        .iter()
        .map(|t| ((t.schema.clone(), t.name.clone()), *t))
        .collect();
    let mut placed: Vec<Key> = Vec::new();
    let mut deferred: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    let mut remaining = all.clone();
    while !remaining.is_empty() {
        let ready = remaining.iter().find(|k| {
            references(by_key[*k], &all).iter().all(|(name, target)| {
                !remaining.contains(target) || is_deferred(&deferred, k, name)
            })
        });
        let next = match ready {
            Some(k) => k.clone(),
            None => {
                // A cycle: the first table goes now, its keys to the others later.
                let k = remaining.iter().next().cloned().unwrap_or_default();
                for (name, target) in references(by_key[&k], &all) {
                    if remaining.contains(&target) {
                        deferred
                            .entry(k.clone())
                            .or_default()
                            .push(name.to_string());
                    }
                }
                k
            }
        };
        remaining.remove(&next);
        placed.push(next);
    }
    (placed, deferred)
}

fn is_deferred(deferred: &BTreeMap<Key, Vec<String>>, k: &Key, name: &str) -> bool {
    deferred.get(k).is_some_and(|d| d.iter().any(|n| n == name))
}

/// The steps in an order that runs.
pub fn order(steps: Vec<Step>) -> Vec<Step> {
    let mut by_phase: BTreeMap<u8, Vec<Step>> = BTreeMap::new();
    for s in steps {
        by_phase.entry(phase(&s.op)).or_default().push(s);
    }
    let mut out = Vec::new();
    let mut later_fks = Vec::new();
    for (phase, steps) in by_phase {
        match phase {
            0 => {
                // Schemas before the types in them.
                let mut steps = steps;
                steps.sort_by_key(|s| {
                    !matches!(s.op, Op::CreateSchema { .. } | Op::CreateExtension { .. })
                });
                out.extend(steps);
            }
            3 => out.extend(create_tables(steps, &mut later_fks)),
            7 => {
                out.append(&mut later_fks);
                out.extend(steps);
            }
            9 => out.extend(drop_tables(steps)),
            _ => out.extend(steps),
        }
    }
    out.append(&mut later_fks);
    out
}

fn create_tables(steps: Vec<Step>, later_fks: &mut Vec<Step>) -> Vec<Step> {
    let (tables, cycle_keys) = in_key_order(steps);
    later_fks.extend(cycle_keys.into_iter().flatten());
    tables
}

/// Dropped tables, a referencing table before the one it references; the keys of a cycle
/// among them are dropped first.
fn drop_tables(steps: Vec<Step>) -> Vec<Step> {
    let (mut tables, mut cycle_keys) = in_key_order(steps);
    // Referenced last: the creation order reversed.
    tables.reverse();
    cycle_keys.reverse();
    cycle_keys.into_iter().flatten().chain(tables).collect()
}

/// The table steps (all creates or all drops) in creation order, referenced tables first, each
/// told which of its foreign keys close a cycle; with those keys as steps of their own, a list
/// per table in the same order (`AddConstraint` for a created table, `DropConstraint` for a
/// dropped one).
fn in_key_order(steps: Vec<Step>) -> (Vec<Step>, Vec<Vec<Step>>) {
    fn table_of(op: &Op) -> Option<&Table> {
        match op {
            Op::CreateTable { table, .. } | Op::DropTable { table, .. } => Some(table),
            _ => None,
        }
    }
    let tables: Vec<&Table> = steps.iter().filter_map(|s| table_of(&s.op)).collect();
    let (placed, deferred) = dependency_order(&tables);
    let mut by_key: BTreeMap<Key, Step> = steps
        .into_iter()
        .filter_map(|s| {
            let key = table_of(&s.op).map(|t| (t.schema.clone(), t.name.clone()))?;
            Some((key, s))
        })
        .collect();
    let (mut out, mut cycle_keys) = (Vec::new(), Vec::new());
    for k in placed {
        let Some(mut s) = by_key.remove(&k) else {
            continue;
        };
        let creating = matches!(s.op, Op::CreateTable { .. });
        let mut keys = Vec::new();
        if let Op::CreateTable { table, deferred: d } | Op::DropTable { table, deferred: d } =
            &mut s.op
        {
            *d = deferred.get(&k).cloned().unwrap_or_default();
            for name in d.iter() {
                if let Some(c) = table.constraints.iter().find(|c| c.name == *name) {
                    let (key, constraint) = (k.clone(), c.clone());
                    keys.push(Step::new(if creating {
                        Op::AddConstraint { key, constraint }
                    } else {
                        Op::DropConstraint { key, constraint }
                    }));
                }
            }
        }
        out.push(s);
        cycle_keys.push(keys);
    }
    (out, cycle_keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pg::QualName;
    use crate::schema::Constraint;

    fn table(name: &str, references: &[&str]) -> Table {
        let mut t = Table::alembic_version("public".into(), name.into());
        t.constraints = references
            .iter()
            .map(|r| Constraint {
                name: format!("{name}_{r}_fkey"),
                kind: ConstraintKind::ForeignKey {
                    columns: vec![format!("{r}_id")],
                    referenced: QualName::new(None, *r),
                    referenced_columns: vec!["id".into()],
                    on_delete: None,
                    on_update: None,
                },
                parent: None,
            })
            .collect();
        t
    }

    fn names(steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| match &s.op {
                Op::CreateTable { table, deferred } => {
                    format!(
                        "create {}{}",
                        table.name,
                        if deferred.is_empty() { "" } else { "*" }
                    )
                }
                Op::DropTable { table, .. } => format!("drop {}", table.name),
                Op::AddConstraint { constraint, .. } => format!("add {}", constraint.name),
                Op::DropConstraint { constraint, .. } => format!("drop {}", constraint.name),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn new_tables_after_what_they_reference_and_cycles_closed_afterwards() {
        let create = |t: Table| {
            Step::new(Op::CreateTable {
                table: t,
                deferred: Vec::new(),
            })
        };
        let steps = vec![
            create(table("a", &["b"])),
            create(table("b", &["c"])),
            create(table("c", &[])),
            create(table("x", &["y"])),
            create(table("y", &["x"])),
        ];
        assert_eq!(
            names(&order(steps)),
            [
                "create c",
                "create b",
                "create a",
                "create x*",
                "create y",
                "add x_y_fkey"
            ]
        );
    }

    #[test]
    fn dropped_tables_referencing_first() {
        let drop = |t: Table| {
            Step::new(Op::DropTable {
                table: t,
                deferred: Vec::new(),
            })
        };
        let steps = vec![
            drop(table("c", &[])),
            drop(table("b", &["c"])),
            drop(table("a", &["b"])),
            drop(table("x", &["y"])),
            drop(table("y", &["x"])),
        ];
        assert_eq!(
            names(&order(steps)),
            [
                "drop x_y_fkey",
                "drop y",
                "drop x",
                "drop a",
                "drop b",
                "drop c"
            ]
        );
    }
}
