//! Validating a constraint in the transaction that added it holds the strong lock through the scan.
//!
//! ## What it flags
//! `ALTER TABLE ... VALIDATE CONSTRAINT` in the same transaction as the `ADD ... NOT VALID`
//! of that constraint (the same revision, or an earlier one of the same `alembic upgrade` when
//! `transaction_per_migration` is off), or after another statement that took ACCESS EXCLUSIVE
//! on the table in the same transaction.
//!
//! ## Why it hurts
//! `NOT VALID` exists so that the validating scan runs under SHARE UPDATE EXCLUSIVE. But locks
//! are held until commit: the ACCESS EXCLUSIVE lock the ADD took is still held while VALIDATE
//! scans the table, which is exactly what `NOT VALID` was meant to avoid.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the scan's duration at the measured rate.
//!
//! ## Example
//! ```python
//! op.create_check_constraint("ck_total", "orders", "total >= 0", postgresql_not_valid=True)
//! op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_total")
//! ```
//!
//! ## Use instead
//! Validate in a later revision with `transaction_per_migration=True`, or commit first:
//! ```python
//! with op.get_context().autocommit_block():
//!     op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_total")
//! ```
use super::context::LockMode;
use super::prelude::*;
use crate::schema::key;

rule_meta!(
    "CON004",
    "validate-in-same-transaction",
    Constraint,
    Warning,
    include_str!("validate_in_same_transaction.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::ValidateConstraint { table, name } = cx.op else {
            return;
        };
        if !cx.context.in_transaction || !cx.preexisting(table) {
            return;
        }
        let k = key(table);
        let added_here = cx
            .context
            .not_valid_in_transaction
            .iter()
            .any(|(t, n)| *t == k && n == name);
        let held = cx
            .context
            .held_locks
            .iter()
            .find(|l| l.table == k && l.mode == LockMode::AccessExclusive);
        if !added_here && held.is_none() {
            return;
        }
        let mut d = cx.finding(
            &META,
            format!("VALIDATE CONSTRAINT {name} scans \"{table}\" while this transaction still holds ACCESS EXCLUSIVE on it"),
        )
        .costing(cx.cost(table, Work::Scan))
        .with_help("validate after a commit: in a later revision with transaction_per_migration=True, or inside op.get_context().autocommit_block()");
        if let Some(lock) = held {
            d = d.with_label(
                lock.span.clone(),
                format!("{} took ACCESS EXCLUSIVE here", lock.what),
            );
        }
        out.push(d);
    }
}
