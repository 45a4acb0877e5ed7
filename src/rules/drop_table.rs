//! Dropping a table destroys its data and breaks code that still uses it.
//!
//! ## What it flags
//! `op.drop_table(...)` / `DROP TABLE` of a table that existed before the revision.
//!
//! ## Why it hurts
//! The data is gone (the downgrade recreates an empty table), and the release still running
//! during the deploy fails on every query of the table. DROP TABLE also takes ACCESS EXCLUSIVE,
//! and on tables it references through foreign keys.
//!
//! ## Example
//! ```python
//! op.drop_table("audit_log")
//! ```
//!
//! ## Use instead
//! Stop using the table in a release first; drop it in a later one, after a backup if the data
//! may matter.
use super::prelude::*;

rule_meta!(
    "BRK004",
    "drop-table",
    Compatibility,
    Warning,
    include_str!("drop_table.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::DropTable { table, .. } = cx.op else {
            return;
        };
        if !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("dropping table \"{table}\" destroys its data and breaks code that still uses it"),
            )
            .with_help("stop using the table in one release, drop it in a later one"),
        );
    }
}
