//! A table without a primary key cannot be replicated logically or updated reliably by ORMs.
//!
//! ## What it flags
//! A table created by a revision that has no primary key at the end of that revision.
//!
//! ## Why it hurts
//! Logical replication cannot send its UPDATEs and DELETEs, SQLAlchemy cannot map it without
//! declaring a key, and duplicate rows cannot be told apart.
//!
//! ## Example
//! ```python
//! op.create_table("events", sa.Column("name", sa.Text))
//! ```
//!
//! ## Use instead
//! Give every table a primary key, e.g. `sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True)`.
use super::prelude::*;

rule_meta!(
    "STY006",
    "table-without-primary-key",
    Style,
    Off,
    include_str!("table_without_primary_key.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn end_revision(&self, cx: &Context, schema: &Schema, out: &mut Vec<Diagnostic>) {
        for (table, span) in &cx.tables_created {
            let Some(t) = schema.table(table) else {
                continue;
            };
            if t.primary_key().is_some() {
                continue;
            }
            out.push(
                cx.finding(&META, span, format!("table \"{table}\" has no primary key"))
                    .with_help("add a primary key"),
            );
        }
    }
}
