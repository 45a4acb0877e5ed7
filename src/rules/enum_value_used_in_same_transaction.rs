//! A new enum label cannot be used until the transaction that added it commits.
//!
//! ## What it flags
//! A statement that uses an enum label (in a default, a CHECK, an UPDATE or INSERT) added by
//! `ALTER TYPE ... ADD VALUE` earlier in the same transaction: later in the same revision, or
//! in a later revision of the same `alembic upgrade` run when `env.py` does not set
//! `transaction_per_migration=True` (Alembic then runs the whole upgrade in one transaction).
//!
//! ## Why it hurts
//! PostgreSQL 12+ allows `ADD VALUE` in a transaction but rejects any use of the new label
//! before commit with "unsafe use of new value": the upgrade fails, typically on a fresh
//! database where every revision runs at once.
//!
//! ## Example
//! ```python
//! op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")
//! op.execute("UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL")
//! ```
//!
//! ## Use instead
//! Add the label inside `op.get_context().autocommit_block()` (it commits at once), or set
//! `transaction_per_migration=True` in `env.py` and use the label in a later revision.
use super::prelude::*;

rule_meta!(
    "ENUM002",
    "enum-value-used-in-same-transaction",
    Enum,
    Error,
    include_str!("enum_value_used_in_same_transaction.rs")
);

pub struct Check;

/// The SQL text of an operation in which a label may be used, and the enum types the
/// operation's columns have (when it says).
fn texts(op: &Op, before: &Schema) -> Vec<(String, Option<String>)> {
    let type_name = |t: &crate::schema::SqlType| match &t.base {
        crate::schema::BaseType::Named { name, .. } => Some(name.clone()),
        _ => None,
    };
    match op {
        Op::Data { statement, .. } | Op::Other { statement, .. } => vec![(statement.clone(), None)],
        Op::AddColumn { column, .. } => column
            .default
            .iter()
            .map(|d| (d.clone(), type_name(&column.ty)))
            .collect(),
        Op::CreateTable {
            columns,
            constraints,
            ..
        } => columns
            .iter()
            .filter_map(|c| c.default.clone().map(|d| (d, type_name(&c.ty))))
            .chain(constraints.iter().filter_map(|c| match &c.kind {
                ConstraintKind::Check { expression, .. } => Some((expression.clone(), None)),
                _ => None,
            }))
            .collect(),
        Op::AlterColumn {
            table,
            column,
            change,
        } => {
            let ty = before
                .table(table)
                .and_then(|t| t.column(column))
                .and_then(|c| type_name(change.ty.as_ref().unwrap_or(&c.ty)));
            match &change.default {
                Some(Some(d)) => vec![(d.clone(), ty)],
                _ => Vec::new(),
            }
        }
        Op::SetDefaultLiteral {
            table,
            column,
            value,
        } => {
            let ty = before
                .table(table)
                .and_then(|t| t.column(column))
                .and_then(|c| type_name(&c.ty));
            vec![(format!("'{value}'"), ty)]
        }
        Op::AddConstraint { constraint, .. } => match &constraint.kind {
            ConstraintKind::Check { expression, .. } => vec![(expression.clone(), None)],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Whether `text` quotes `value` as an SQL literal.
fn quotes(text: &str, value: &str) -> bool {
    text.contains(&format!("'{}'", value.replace('\'', "''")))
}

/// Tables of `before` with a column of enum type `name`.
fn tables_using(before: &Schema, type_name: &str) -> Vec<String> {
    before
        .tables
        .values()
        .filter(|t| {
            t.columns.iter().any(|c| {
                matches!(&c.ty.base, crate::schema::BaseType::Named { name, .. } if name == type_name)
            })
        })
        .map(|t| t.name.clone())
        .collect()
}

fn mentions_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    lower.match_indices(&word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        boundary(before) && boundary(after)
    })
}

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        if cx.context.added_enum_values.is_empty() || !cx.settings.pg_version.at_least(12) {
            return;
        }
        for (text, column_type) in texts(cx.op, cx.before) {
            for added in &cx.context.added_enum_values {
                let type_name = &added.type_name.1;
                if !quotes(&text, &added.value) {
                    continue;
                }
                let about_this_type = match &column_type {
                    Some(t) => t == type_name,
                    None => {
                        mentions_word(&text, type_name)
                            || tables_using(cx.before, type_name)
                                .iter()
                                .any(|t| mentions_word(&text, t))
                    }
                };
                if !about_this_type {
                    continue;
                }
                let elsewhere = added.revision != cx.context.revision;
                let mut d = cx
                    .finding(
                        &META,
                        format!(
                            "enum label '{}' of \"{type_name}\" is used before the transaction that added it commits: PostgreSQL rejects it (\"unsafe use of new value\")",
                            added.value
                        ),
                    )
                    .with_label(added.span.clone(), "the label is added here")
                    .with_help("add the label inside op.get_context().autocommit_block(), or use it in a later revision with transaction_per_migration=True");
                if elsewhere {
                    d = d.with_note(format!(
                        "the label is added by revision {}; Alembic runs both revisions in one transaction unless env.py sets transaction_per_migration=True",
                        added.revision.as_deref().unwrap_or("?")
                    ));
                }
                out.push(d);
                return;
            }
        }
    }
}
