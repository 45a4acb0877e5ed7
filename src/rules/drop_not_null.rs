//! Allowing NULL in a column breaks code that assumes it never holds one.
//!
//! ## What it flags
//! `op.alter_column(..., nullable=True)` / `DROP NOT NULL` on a NOT NULL column of a table
//! that existed before the revision.
//!
//! ## Why it hurts
//! The change is instant, but readers written for the old schema (other services, reports,
//! the previous release still running during a deploy) may not handle NULL.
//!
//! ## Example
//! ```python
//! op.alter_column("orders", "shipped_at", nullable=True)
//! ```
//!
//! ## Use instead
//! Make sure every reader handles NULL before deploying, or keep the column NOT NULL with a
//! marker value.
use super::prelude::*;

rule_meta!(
    "COL005",
    "drop-not-null",
    Compatibility,
    Info,
    include_str!("drop_not_null.rs")
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
        if change.not_null != Some(false) {
            return;
        }
        let Some(t) = cx.existing(table) else { return };
        if !t.column(column).is_some_and(|c| c.not_null) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("\"{table}.{column}\" may now hold NULL: readers that assume it cannot may break"),
            )
            .with_help("check that every reader handles NULL before deploying"),
        );
    }
}
