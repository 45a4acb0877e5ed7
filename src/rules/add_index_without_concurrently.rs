//! Building an index on an existing table blocks every write to it until the build ends.
//!
//! ## What it flags
//! `op.create_index(...)` or `CREATE INDEX` without `CONCURRENTLY` on a table that existed
//! before the revision. Indexes on tables created earlier in the same revision are fine.
//!
//! ## Why it hurts
//! A plain `CREATE INDEX` takes a SHARE lock on the table: reads go on, but every INSERT,
//! UPDATE and DELETE waits until the whole index is built, which on a large table takes
//! minutes.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the index build's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.create_index("ix_users_email", "users", ["email"])
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
//! ```
//! `CREATE INDEX CONCURRENTLY` takes SHARE UPDATE EXCLUSIVE (writes continue) and cannot run
//! inside a transaction, hence the autocommit block.
use super::prelude::*;

rule_meta!(
    "IDX001",
    "add-index-without-concurrently",
    Index,
    Error,
    include_str!("add_index_without_concurrently.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::CreateIndex(def) = cx.op else { return };
        if def.concurrently || !cx.preexisting(&def.table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!(
                    "CREATE INDEX {}on existing table \"{}\" blocks writes while it builds",
                    def.name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(),
                    def.table
                ),
            )
            .costing(cx.cost(&def.table, Work::IndexBuild))
            .with_help("use op.create_index(..., postgresql_concurrently=True) inside op.get_context().autocommit_block()"),
        );
    }
}
