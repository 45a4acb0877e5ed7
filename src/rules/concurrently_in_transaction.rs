//! A `CONCURRENTLY` statement inside Alembic's transaction fails at run time.
//!
//! ## What it flags
//! `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY` and
//! `DETACH PARTITION ... CONCURRENTLY` (including `postgresql_concurrently=True`) that run
//! inside a transaction block: outside `autocommit_block()`, with no `COMMIT` before them.
//!
//! ## Why it hurts
//! PostgreSQL refuses them with "cannot run inside a transaction block", and Alembic runs every
//! migration inside a transaction on PostgreSQL. The upgrade stops there.
//!
//! ## Example
//! ```python
//! op.create_index("ix_a", "t", ["a"], postgresql_concurrently=True)
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.create_index("ix_a", "t", ["a"], postgresql_concurrently=True)
//! ```
//! The block commits what ran before it; keep such revisions small, or set
//! `transaction_per_migration=True` in `env.py`.
use super::prelude::*;

rule_meta!(
    "IDX004",
    "concurrently-in-transaction",
    Index,
    Error,
    include_str!("concurrently_in_transaction.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.context.in_transaction {
            return;
        }
        let what = match cx.op {
            Op::CreateIndex(def) if def.concurrently => "CREATE INDEX CONCURRENTLY",
            Op::DropIndex {
                concurrently: true, ..
            } => "DROP INDEX CONCURRENTLY",
            Op::Statement(Statement::Reindex {
                concurrently: true, ..
            }) => "REINDEX CONCURRENTLY",
            Op::Statement(Statement::DetachPartition {
                concurrently: true, ..
            }) => "DETACH PARTITION CONCURRENTLY",
            _ => return,
        };
        out.push(
            cx.finding(
                &META,
                format!("{what} fails inside a transaction block, and this runs inside Alembic's transaction"),
            )
            .with_help("wrap it in `with op.get_context().autocommit_block():`"),
        );
    }
}
