//! Adding a CHECK constraint to an existing table scans it under an ACCESS EXCLUSIVE lock.
//!
//! ## What it flags
//! `op.create_check_constraint(...)` or `ALTER TABLE ... ADD CHECK` without `NOT VALID` on a
//! table that existed before the revision.
//!
//! ## Why it hurts
//! PostgreSQL verifies every existing row while holding ACCESS EXCLUSIVE: no reads or writes
//! on the table until the scan ends.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the scan's duration at the measured rate.
//!
//! ## Example
//! ```python
//! op.create_check_constraint("ck_orders_total", "orders", "total >= 0")
//! ```
//!
//! ## Use instead
//! ```python
//! op.create_check_constraint("ck_orders_total", "orders", "total >= 0", postgresql_not_valid=True)
//! # in a later revision (or after a commit):
//! op.execute("ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total")
//! ```
//! VALIDATE takes only SHARE UPDATE EXCLUSIVE: reads and writes go on during the scan.
use super::prelude::*;

rule_meta!(
    "CON001",
    "add-check-without-not-valid",
    Constraint,
    Error,
    include_str!("add_check_without_not_valid.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AddConstraint {
            table,
            constraint,
            not_valid: false,
            ..
        } = cx.op
        else {
            return;
        };
        if !matches!(constraint.kind, ConstraintKind::Check { .. }) || !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding a CHECK constraint scans existing table \"{table}\" under an ACCESS EXCLUSIVE lock"),
            )
            .costing(cx.cost(table, Work::Scan))
            .with_help("add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later transaction"),
        );
    }
}
