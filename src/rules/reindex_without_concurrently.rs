//! `REINDEX` without `CONCURRENTLY` blocks writes to the table and reads through the index.
//!
//! ## What it flags
//! `REINDEX INDEX|TABLE|SCHEMA|DATABASE` run through `op.execute` without `CONCURRENTLY`.
//!
//! ## Why it hurts
//! REINDEX locks the table against writes and takes an ACCESS EXCLUSIVE lock on each index it
//! rebuilds, so queries that would use the index wait too, for the whole rebuild.
//!
//! ## Example
//! ```python
//! op.execute("REINDEX INDEX ix_orders_created_at")
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.execute("REINDEX INDEX CONCURRENTLY ix_orders_created_at")
//! ```
//! (PostgreSQL 12 and later.)
use super::prelude::*;

rule_meta!(
    "IDX003",
    "reindex-without-concurrently",
    Index,
    Warning,
    include_str!("reindex_without_concurrently.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::Reindex {
            target,
            concurrently: false,
        }) = cx.op
        else {
            return;
        };
        let mut d = cx.finding(
            &META,
            format!(
                "REINDEX of {target} blocks writes, and reads that use the index, until it ends"
            ),
        );
        if cx.settings.pg_version.at_least(12) {
            d = d.with_help(
                "use REINDEX ... CONCURRENTLY inside op.get_context().autocommit_block()",
            );
        } else {
            d = d.with_note("REINDEX CONCURRENTLY needs PostgreSQL 12; on older servers, build a new index concurrently and drop the old one");
        }
        out.push(d);
    }
}
