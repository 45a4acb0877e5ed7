//! Renaming a column breaks every query that still uses the old name.
//!
//! ## What it flags
//! `op.alter_column(..., new_column_name=...)` / `RENAME COLUMN` on a table that existed before
//! the revision.
//!
//! ## Why it hurts
//! The rename is instant, but the release still running during the deploy (and any other
//! service or report) queries the old name and fails until it is replaced.
//!
//! ## Example
//! ```python
//! op.alter_column("users", "name", new_column_name="full_name")
//! ```
//!
//! ## Use instead
//! Keep the database name and rename only the attribute in the model
//! (`full_name = Column("name", ...)`), or add the new column, write both, backfill, switch
//! readers, then drop the old one.
use super::prelude::*;

rule_meta!(
    "BRK001",
    "rename-column",
    Compatibility,
    Warning,
    include_str!("rename_column.rs")
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
        let Some(new) = &change.new_name else { return };
        if new == column || !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("renaming \"{table}.{column}\" to \"{new}\" breaks code that still uses the old name"),
            )
            .with_help("rename the model attribute only (Column(\"old_name\", ...)), or add, backfill and switch to a new column"),
        );
    }
}
