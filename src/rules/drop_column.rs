//! Dropping a column breaks code that still reads it, and its data is gone.
//!
//! ## What it flags
//! `op.drop_column(...)` / `DROP COLUMN` on a table that existed before the revision.
//!
//! ## Why it hurts
//! SQLAlchemy selects every mapped column: the release still running during the deploy fails
//! on every query of the table until it is replaced. The data cannot be recovered by the
//! downgrade.
//!
//! ## Example
//! ```python
//! op.drop_column("users", "legacy_flag")
//! ```
//!
//! ## Use instead
//! Remove the column from the model and deploy that first; drop it in a later release.
use super::prelude::*;

rule_meta!(
    "BRK003",
    "drop-column",
    Compatibility,
    Warning,
    include_str!("drop_column.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::DropColumn { table, column, .. } = cx.op else {
            return;
        };
        if !cx.preexisting(table)
            || cx
                .existing(table)
                .is_some_and(|t| t.column(column).is_none())
        {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("dropping \"{table}.{column}\" destroys its data and breaks code that still selects it"),
            )
            .with_help("remove the column from the models and deploy first; drop it in a later release"),
        );
    }
}
