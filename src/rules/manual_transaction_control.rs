//! `BEGIN`, `COMMIT` or `ROLLBACK` in a migration's SQL breaks Alembic's transaction handling.
//!
//! ## What it flags
//! Transaction control statements run through `op.execute` (or a connection).
//!
//! ## Why it hurts
//! Alembic owns the transaction: a raw `COMMIT` ends it behind Alembic's back (the version
//! table update and the rest of the upgrade then run in a transaction Alembic did not open), a
//! `BEGIN` inside it only warns, and `ROLLBACK` silently undoes the work before it.
//!
//! ## Example
//! ```python
//! op.execute("COMMIT")
//! op.execute("CREATE INDEX CONCURRENTLY ix_a ON t (a)")
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.execute("CREATE INDEX CONCURRENTLY ix_a ON t (a)")
//! ```
use super::prelude::*;

rule_meta!(
    "TX005",
    "manual-transaction-control",
    Transaction,
    Warning,
    include_str!("manual_transaction_control.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let what = match cx.op {
            Op::Session(Session::Begin) => "BEGIN",
            Op::Session(Session::Commit) => "COMMIT",
            Op::Session(Session::Rollback) => "ROLLBACK",
            _ => return,
        };
        out.push(
            cx.finding(
                &META,
                format!("{what} in a migration works behind Alembic's transaction handling"),
            )
            .with_help("use `with op.get_context().autocommit_block():` for statements that must run outside a transaction"),
        );
    }
}
