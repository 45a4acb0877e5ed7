//! Detaching a partition without `CONCURRENTLY` locks the partitioned table.
//!
//! ## What it flags
//! `ALTER TABLE parent DETACH PARTITION child` without `CONCURRENTLY` on a table that existed
//! before the revision.
//!
//! ## Why it hurts
//! A plain DETACH takes ACCESS EXCLUSIVE on the parent: every query on any partition waits.
//! Since PostgreSQL 14, `DETACH PARTITION ... CONCURRENTLY` takes only SHARE UPDATE EXCLUSIVE.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message gives its size.
//!
//! ## Example
//! ```python
//! op.execute("ALTER TABLE events DETACH PARTITION events_2023")
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.execute("ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY")
//! ```
use super::prelude::*;

rule_meta!(
    "PRT001",
    "detach-partition-without-concurrently",
    Maintenance,
    Warning,
    include_str!("detach_partition_without_concurrently.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::DetachPartition {
            parent,
            partition,
            concurrently: false,
        }) = cx.op
        else {
            return;
        };
        if !cx.preexisting(parent) {
            return;
        }
        let mut d = cx
            .finding(
                &META,
                format!("DETACH PARTITION \"{partition}\" takes ACCESS EXCLUSIVE on \"{parent}\""),
            )
            .costing(cx.cost(parent, Work::Lock));
        d = if cx.settings.pg_version.at_least(14) {
            d.with_help(
                "use DETACH PARTITION ... CONCURRENTLY inside op.get_context().autocommit_block()",
            )
        } else {
            d.with_note(format!(
                "DETACH ... CONCURRENTLY needs PostgreSQL 14 (target: {})",
                cx.settings.pg_version
            ))
        };
        out.push(d);
    }
}
