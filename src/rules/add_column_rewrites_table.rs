//! A new serial, identity or stored generated column rewrites the whole table.
//!
//! ## What it flags
//! `op.add_column(...)` / `ADD COLUMN` of a `SERIAL`/`BIGSERIAL` column, an identity column
//! (`sa.Identity()`), or a `GENERATED ALWAYS AS (...) STORED` column (`sa.Computed`) on a table
//! that existed before the revision.
//!
//! ## Why it hurts
//! Every existing row needs its own value: PostgreSQL rewrites the table and its indexes while
//! ACCESS EXCLUSIVE blocks reads and writes.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the rewrite's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.add_column("events", sa.Column("seq", sa.BigInteger, sa.Identity()))
//! ```
//!
//! ## Use instead
//! Add a plain nullable column, backfill it in batches (for a sequence, from `nextval`), then
//! attach the default or identity.
use super::prelude::*;

rule_meta!(
    "COL002",
    "add-column-rewrites-table",
    Column,
    Error,
    include_str!("add_column_rewrites_table.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AddColumn { table, column, .. } = cx.op else {
            return;
        };
        let what = if column.serial {
            "serial"
        } else if column.identity.is_some() {
            "identity"
        } else if column.generated.is_some() {
            "stored generated"
        } else {
            return;
        };
        if !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding {what} column \"{}\" rewrites existing table \"{table}\" under an ACCESS EXCLUSIVE lock", column.name),
            )
            .costing(cx.cost(table, Work::Rewrite))
            .with_help("add a plain nullable column, backfill it in batches, then attach the default or identity"),
        );
    }
}
