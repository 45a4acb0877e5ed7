//! Renaming a table breaks every query that still uses the old name.
//!
//! ## What it flags
//! `op.rename_table(...)` / `ALTER TABLE ... RENAME TO` on a table that existed before the
//! revision.
//!
//! ## Why it hurts
//! The rename is instant, but code still running the previous release queries the old name and
//! fails until it is replaced.
//!
//! ## Example
//! ```python
//! op.rename_table("customer", "customers")
//! ```
//!
//! ## Use instead
//! Keep `__tablename__`, or rename and create a view with the old name until every reader has
//! moved: `op.execute("CREATE VIEW customer AS SELECT * FROM customers")`.
use super::prelude::*;

rule_meta!(
    "BRK002",
    "rename-table",
    Compatibility,
    Warning,
    include_str!("rename_table.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::RenameTable { table, new_name } = cx.op else {
            return;
        };
        if !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("renaming table \"{table}\" to \"{new_name}\" breaks code that still uses the old name"),
            )
            .with_help("keep the old name, or leave a view with the old name until every reader has moved"),
        );
    }
}
