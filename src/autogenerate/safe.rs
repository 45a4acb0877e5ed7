//! `--safe`: the upgrade written for a live database, the way the risk rules ask for it.
//! A `lock_timeout` first; on tables that exist already, indexes built and dropped
//! `CONCURRENTLY` in `autocommit_block()`; foreign keys and checks added `NOT VALID` and
//! validated after a commit; unique constraints and primary keys attached to an index built
//! concurrently (`USING INDEX`); `SET NOT NULL` through a validated `CHECK (col IS NOT NULL)`,
//! which PostgreSQL 12+ trusts instead of scanning; a new NOT NULL column without a constant
//! default added nullable, then constrained the same way. What cannot be made safe (a type
//! change that rewrites the table, a drop) is written with a comment naming the lock and the
//! rule, and a suppression of that rule, so that the reviewer decides and `check` is quiet.
//! The downgrade is not rewritten.

use super::render::{call, py_str, sql_table_name, Renderer};
use super::{Op, Step};
use crate::ir::ConstraintKind;
use crate::pg::names::make_object_name;
use crate::pg::types::quote_ident;
use crate::schema::{BaseType, Column, Key, Schema, SqlType};

/// The `lock_timeout` a safe revision sets.
pub const LOCK_TIMEOUT: &str = "5s";

/// The lines of a safe `upgrade()`.
pub fn upgrade(r: &mut Renderer<'_>, steps: &[Step], replayed: &Schema) -> Vec<String> {
    let created: Vec<Key> = steps
        .iter()
        .filter_map(|s| match &s.op {
            Op::CreateTable { table, .. } => Some((table.schema.clone(), table.name.clone())),
            _ => None,
        })
        .collect();
    let existing = |k: &Key| replayed.tables.contains_key(k) && !created.contains(k);
    let mut out = vec![
        "# Fail fast rather than queue behind long transactions (and block what queues behind)."
            .to_string(),
        format!("op.execute(\"SET lock_timeout = '{LOCK_TIMEOUT}'\")"),
    ];
    for step in steps {
        let lines = match &step.op {
            Op::CreateIndex { key, index } if existing(key) => {
                autocommit(r.create_index_with(key, index, &[concurrently()]))
            }
            Op::DropIndex { key, index } if existing(key) => {
                let mut args = vec![
                    r.name(&index.name),
                    format!("table_name={}", py_str(&key.1)),
                ];
                args.extend(schema_arg(key));
                args.push(concurrently());
                autocommit(Ok(call("op.drop_index", &args, WIDTH)))
            }
            Op::AddConstraint { key, constraint } if existing(key) => match &constraint.kind {
                ConstraintKind::ForeignKey { .. } | ConstraintKind::Check { .. } => {
                    let mut lines = with_note(
                        step,
                        r.add_constraint_with(key, constraint, &["postgresql_not_valid=True".into()]),
                        r,
                    );
                    lines.extend(validate(key, &constraint.name));
                    lines
                }
                ConstraintKind::Unique { columns } | ConstraintKind::PrimaryKey { columns } => {
                    let word = if matches!(constraint.kind, ConstraintKind::Unique { .. }) {
                        "UNIQUE"
                    } else {
                        "PRIMARY KEY"
                    };
                    let index = crate::schema::Index {
                        name: constraint.name.clone(),
                        unique: true,
                        method: "btree".into(),
                        keys: columns
                            .iter()
                            .map(|c| crate::ir::IndexKey::Column(c.clone()))
                            .collect(),
                        include: Vec::new(),
                        predicate: None,
                        parent: None,
                    };
                    let mut lines = step_note(step);
                    lines.extend(autocommit(r.create_index_with(key, &index, &[concurrently()])));
                    let name = quote_ident(&constraint.name);
                    lines.push(format!(
                        "op.execute({})",
                        py_str(&format!(
                            "ALTER TABLE {} ADD CONSTRAINT {name} {word} USING INDEX {name}",
                            sql_table_name(key)
                        ))
                    ));
                    lines
                }
                ConstraintKind::Exclude { .. } => r.step(step),
            },
            Op::AlterColumn { key, from, to } if existing(key) => alter_column(r, step, key, from, to),
            Op::AddColumn { key, column } if existing(key) && needs_backfill(column) => {
                add_required_column(r, step, key, column)
            }
            Op::DropColumn { key, .. } if existing(key) => suppressed(
                r,
                step,
                "drop-column",
                &format!(
                    "The models no longer declare this column: deploy code that stops reading {} first.",
                    key.1
                ),
            ),
            Op::DropTable { table, .. } => {
                // Its indexes go with it: no separate (locking) drop_index.
                let k = (table.schema.clone(), table.name.clone());
                let mut args = vec![py_str(&table.name)];
                args.extend(schema_arg(&k));
                let mut lines = step_note(step);
                lines.push(
                    "# The models no longer declare this table: deploy code that stops using it first."
                        .to_string(),
                );
                lines.push("# driftlock: ignore[drop-table]".to_string());
                lines.extend(call("op.drop_table", &args, WIDTH));
                lines
            }
            Op::RemoveEnumValue { .. } => {
                // Each column of the type is rewritten: say so above each statement.
                let mut lines = Vec::new();
                for l in r.step(step) {
                    if l.contains(" ALTER COLUMN ") && l.contains(" TYPE ") {
                        lines.push("# ACCESS EXCLUSIVE on the table while it is rewritten to the new type (type-change-rewrites-table, TYP001).".into());
                        lines.push("# driftlock: ignore[type-change-rewrites-table]".into());
                    }
                    lines.push(l);
                }
                lines
            }
            _ => r.step(step),
        };
        out.extend(lines);
    }
    out
}

const WIDTH: usize = 80;

fn concurrently() -> String {
    "postgresql_concurrently=True".to_string()
}

fn schema_arg(k: &Key) -> Option<String> {
    (k.0 != "public").then(|| format!("schema={}", py_str(&k.0)))
}

fn step_note(step: &Step) -> Vec<String> {
    step.note
        .iter()
        .flat_map(|n| n.lines())
        .map(|l| format!("# {l}"))
        .collect()
}

fn with_note(step: &Step, lines: Result<Vec<String>, String>, r: &mut Renderer<'_>) -> Vec<String> {
    let mut out = step_note(step);
    match lines {
        Ok(l) => out.extend(l),
        Err(why) => {
            out.push(format!("# driftlock did not write this operation: {why}"));
            r.not_written.push(why);
        }
    }
    out
}

/// Lines inside `with op.get_context().autocommit_block():`.
fn autocommit(lines: Result<Vec<String>, String>) -> Vec<String> {
    match lines {
        Ok(lines) => {
            let mut out = vec!["with op.get_context().autocommit_block():".to_string()];
            out.extend(lines.into_iter().map(|l| format!("    {l}")));
            out
        }
        Err(why) => vec![format!("# driftlock did not write this operation: {why}")],
    }
}

/// `VALIDATE CONSTRAINT` after a commit: the scan runs under SHARE UPDATE EXCLUSIVE.
fn validate(k: &Key, name: &str) -> Vec<String> {
    autocommit(Ok(vec![format!(
        "op.execute({})",
        py_str(&format!(
            "ALTER TABLE {} VALIDATE CONSTRAINT {}",
            sql_table_name(k),
            quote_ident(name)
        ))
    )]))
}

/// A step that stays as it is, with the rule it breaks suppressed and why.
fn suppressed(r: &mut Renderer<'_>, step: &Step, rule: &str, why: &str) -> Vec<String> {
    let mut lines = step_note(step);
    lines.push(format!("# {why}"));
    lines.push(format!("# driftlock: ignore[{rule}]"));
    let plain = Step {
        op: step.op.clone(),
        note: None,
    };
    lines.extend(r.step(&plain));
    lines
}

/// `SET NOT NULL` without the scan: a `CHECK (c IS NOT NULL) NOT VALID`, validated after a
/// commit, makes PostgreSQL skip it; the check is dropped afterwards.
fn not_null(r: &mut Renderer<'_>, k: &Key, column: &Column) -> Vec<String> {
    let check = make_object_name(&k.1, Some(&column.name), Some("not_null"));
    let c = quote_ident(&column.name);
    let mut args = vec![
        r.name(&check),
        py_str(&k.1),
        py_str(&format!("{c} IS NOT NULL")),
    ];
    args.extend(schema_arg(k));
    args.push("postgresql_not_valid=True".into());
    let mut lines = vec![format!(
        "# NOT NULL without a scan under ACCESS EXCLUSIVE: a validated CHECK ({c} IS NOT NULL) first."
    )];
    lines.extend(call("op.create_check_constraint", &args, WIDTH));
    lines.extend(validate(k, &check));
    let mut alter = vec![
        py_str(&k.1),
        py_str(&column.name),
        format!("existing_type={}", r.ty(&column.ty).unwrap_or_else(|e| e)),
        "nullable=False".to_string(),
    ];
    alter.extend(schema_arg(k));
    lines.extend(call("op.alter_column", &alter, WIDTH));
    let mut drop = vec![r.name(&check), py_str(&k.1), "type_='check'".to_string()];
    drop.extend(schema_arg(k));
    lines.extend(call("op.drop_constraint", &drop, WIDTH));
    lines
}

fn alter_column(
    r: &mut Renderer<'_>,
    step: &Step,
    k: &Key,
    from: &Column,
    to: &Column,
) -> Vec<String> {
    let sets_not_null = to.not_null && !from.not_null;
    let mut rest = to.clone();
    if sets_not_null {
        rest.not_null = from.not_null;
    }
    let mut lines = step_note(step);
    if rest != *from {
        let alter = r.step(&Step {
            op: Op::AlterColumn {
                key: k.clone(),
                from: from.clone(),
                to: rest.clone(),
            },
            note: None,
        });
        if from.ty != to.ty && rewrites(&from.ty, &to.ty) {
            // In a transaction of its own: no other lock on the table held while it runs.
            lines.push(format!(
                "# ACCESS EXCLUSIVE on {} while the table is rewritten as {}: no reads or writes until it ends (type-change-rewrites-table, TYP001).",
                k.1, to.ty
            ));
            let mut inner = vec!["# driftlock: ignore[type-change-rewrites-table]".to_string()];
            inner.extend(alter);
            lines.extend(autocommit(Ok(inner)));
        } else {
            lines.extend(alter);
        }
    }
    if sets_not_null {
        lines.extend(not_null(r, k, &rest));
    }
    lines
}

/// A new NOT NULL column that a table with rows cannot take at once: no default, or one
/// PostgreSQL must compute row by row.
fn needs_backfill(c: &Column) -> bool {
    c.not_null
        && c.identity.is_none()
        && c.generated.is_none()
        && match &c.default {
            None => true,
            Some(d) => !matches!(
                crate::rules::volatility::of_default(d, &|_| None),
                crate::rules::volatility::Volatility::Stable
            ),
        }
}

/// A new NOT NULL column added nullable (its volatile default set for new rows only), to be
/// backfilled, then constrained without a scan.
fn add_required_column(r: &mut Renderer<'_>, step: &Step, k: &Key, column: &Column) -> Vec<String> {
    let mut nullable = column.clone();
    nullable.not_null = false;
    nullable.default = None;
    let mut lines = step_note(step);
    lines.extend(r.step(&Step {
        op: Op::AddColumn {
            key: k.clone(),
            column: nullable.clone(),
        },
        note: None,
    }));
    let mut with_default = nullable.clone();
    if column.default.is_some() {
        with_default.default = column.default.clone();
        lines.push("# The default for new rows only: existing rows are not rewritten.".into());
        lines.extend(r.step(&Step {
            op: Op::AlterColumn {
                key: k.clone(),
                from: nullable.clone(),
                to: with_default.clone(),
            },
            note: None,
        }));
    }
    lines.push(format!(
        "# Backfill {}.{} here, in batches, before it becomes NOT NULL.",
        k.1, column.name
    ));
    lines.extend(not_null(r, k, &with_default));
    lines
}

/// Whether changing a column from `from` to `to` rewrites the table (PostgreSQL's binary
/// coercible changes do not: a longer or unbounded `varchar`, `varchar` to `text`, a wider
/// `numeric` precision with the same scale).
pub fn rewrites(from: &SqlType, to: &SqlType) -> bool {
    if from.array != to.array {
        return true;
    }
    match (&from.base, &to.base) {
        (BaseType::Varchar(Some(a)), BaseType::Varchar(Some(b))) => b < a,
        (BaseType::Varchar(_), BaseType::Varchar(None) | BaseType::Text) => false,
        (BaseType::Text, BaseType::Varchar(None)) => false,
        (BaseType::Numeric(Some((p1, s1))), BaseType::Numeric(Some((p2, s2)))) => {
            !(s1 == s2 && p2 >= p1)
        }
        (BaseType::Numeric(Some(_)), BaseType::Numeric(None)) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_coercible_changes_do_not_rewrite() {
        let t = |b| SqlType::new(b);
        assert!(!rewrites(
            &t(BaseType::Varchar(Some(10))),
            &t(BaseType::Varchar(Some(20)))
        ));
        assert!(rewrites(
            &t(BaseType::Varchar(Some(20))),
            &t(BaseType::Varchar(Some(10)))
        ));
        assert!(!rewrites(
            &t(BaseType::Varchar(Some(10))),
            &t(BaseType::Text)
        ));
        assert!(!rewrites(
            &t(BaseType::Numeric(Some((8, 2)))),
            &t(BaseType::Numeric(Some((10, 2))))
        ));
        assert!(rewrites(&t(BaseType::Integer), &t(BaseType::BigInt)));
    }
}
