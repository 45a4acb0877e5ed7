//! `VACUUM FULL` and `CLUSTER` rewrite the table under ACCESS EXCLUSIVE.
//!
//! ## What it flags
//! `VACUUM FULL` and `CLUSTER` run from a migration.
//!
//! ## Why it hurts
//! Both copy the whole table and its indexes while blocking reads and writes, for as long as
//! the copy takes, and need room for a second copy on disk. (`VACUUM FULL` also cannot run
//! inside Alembic's transaction.)
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the rewrite's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.execute("VACUUM FULL events")
//! ```
//!
//! ## Use instead
//! Leave maintenance out of migrations; use `pg_repack` (or `REPACK CONCURRENTLY` on
//! PostgreSQL 19) during quiet hours.
use super::prelude::*;

rule_meta!(
    "MNT001",
    "table-rewrite-command",
    Maintenance,
    Error,
    include_str!("table_rewrite_command.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::Rewrite { command, tables }) = cx.op else {
            return;
        };
        let target = if tables.is_empty() {
            "every table of the database".to_string()
        } else {
            tables
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut d = cx
            .finding(
                &META,
                format!("{command} rewrites {target} under an ACCESS EXCLUSIVE lock"),
            )
            .with_help("keep maintenance out of migrations; use pg_repack during quiet hours");
        // One table's size says what it costs; several are left unjudged.
        if let [table] = tables.as_slice() {
            d = d.costing(cx.cost(table, Work::Rewrite));
        }
        out.push(d);
    }
}
