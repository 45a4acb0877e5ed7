//! Dropping a column's server default breaks inserts that relied on it.
//!
//! ## What it flags
//! `op.alter_column(..., server_default=None)` / `DROP DEFAULT` on a column of a table that
//! existed before the revision, when the column had a default.
//!
//! ## Why it hurts
//! Code still running the previous release may insert rows without the column, counting on
//! the database to fill it: those inserts now store NULL or fail on NOT NULL.
//!
//! ## Example
//! ```python
//! op.alter_column("users", "plan", server_default=None)
//! ```
//!
//! ## Use instead
//! Deploy code that always sets the column first; drop the default in a later release.
use super::prelude::*;

rule_meta!(
    "COL006",
    "drop-default",
    Compatibility,
    Info,
    include_str!("drop_default.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AlterColumn {
            table,
            column,
            change,
        } = cx.op
        else {
            return;
        };
        if change.default != Some(None) {
            return;
        }
        let Some(t) = cx.existing(table) else { return };
        let Some(c) = t.column(column) else { return };
        let Some(old) = &c.default else { return };
        if c.identity.is_some() || old.starts_with("nextval(") && change.ty.is_some() {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("dropping the default {old} of \"{table}.{column}\": inserts that omit the column {}", if c.not_null { "will fail" } else { "will store NULL" }),
            )
            .with_help("make sure every writer sets the column before dropping its default"),
        );
    }
}
