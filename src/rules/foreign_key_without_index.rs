//! A foreign key whose columns no index leads with makes deletes on the parent scan the child.
//!
//! ## What it flags
//! A foreign key added by a revision when, at the end of that revision, no index or primary
//! key/unique constraint of the referencing table starts with the foreign key's columns.
//!
//! ## Why it hurts
//! Every DELETE or key UPDATE on the referenced table looks up referencing rows; without an
//! index that is a sequential scan of the child table, under a row lock on the parent. Joins
//! along the key are slow too.
//!
//! ## Example
//! ```python
//! op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])
//! ```
//!
//! ## Use instead
//! ```python
//! op.create_index("ix_orders_user_id", "orders", ["user_id"])
//! ```
//! (concurrently, if the table already holds data).
use super::prelude::*;
use crate::ir::IndexKey;

rule_meta!(
    "IDX008",
    "foreign-key-without-index",
    Style,
    Off,
    include_str!("foreign_key_without_index.rs")
);

pub struct Check;

/// Whether the table has an index or key whose leading columns are exactly `columns` (in
/// any order).
fn covered(table: &crate::schema::Table, columns: &[String]) -> bool {
    let leads = |keys: Vec<&str>| {
        keys.len() >= columns.len()
            && columns
                .iter()
                .all(|c| keys[..columns.len()].contains(&c.as_str()))
    };
    table.indexes.iter().any(|i| {
        i.predicate.is_none()
            && leads(
                i.keys
                    .iter()
                    .map(|k| match k {
                        IndexKey::Column(c) => c.as_str(),
                        IndexKey::Expression(_) => "",
                    })
                    .collect(),
            )
    }) || table.constraints.iter().any(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns: k } | ConstraintKind::Unique { columns: k } => {
            leads(k.iter().map(String::as_str).collect())
        }
        _ => false,
    })
}

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn end_revision(&self, cx: &Context, schema: &Schema, out: &mut Vec<Diagnostic>) {
        for fk in &cx.foreign_keys_added {
            let Some(table) = schema.table(&fk.table) else {
                continue;
            };
            if covered(table, &fk.columns) {
                continue;
            }
            out.push(
                cx.finding(
                    &META,
                    &fk.span,
                    format!(
                        "foreign key on \"{}\" ({}) has no index on its columns",
                        fk.table,
                        fk.columns.join(", ")
                    ),
                )
                .with_help("add an index whose leading columns are the foreign key's columns"),
            );
        }
    }
}
