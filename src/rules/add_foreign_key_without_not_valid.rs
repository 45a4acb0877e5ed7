//! Adding a foreign key to an existing table blocks writes on both tables while it checks rows.
//!
//! ## What it flags
//! `op.create_foreign_key(...)` or `ALTER TABLE ... ADD FOREIGN KEY` without `NOT VALID` on a
//! table that existed before the revision.
//!
//! ## Why it hurts
//! PostgreSQL takes SHARE ROW EXCLUSIVE on the referencing and the referenced table and scans
//! every existing row: writes to both tables wait until it ends.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the scan's duration at the measured rate.
//!
//! ## Example
//! ```python
//! op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])
//! ```
//!
//! ## Use instead
//! ```python
//! op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"],
//!                       postgresql_not_valid=True)
//! # in a later revision:
//! op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user")
//! ```
use super::prelude::*;

rule_meta!(
    "CON002",
    "add-foreign-key-without-not-valid",
    Constraint,
    Error,
    include_str!("add_foreign_key_without_not_valid.rs")
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
        let ConstraintKind::ForeignKey { referenced, .. } = &constraint.kind else {
            return;
        };
        if !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding a foreign key scans existing table \"{table}\" and blocks writes to \"{table}\" and \"{referenced}\" meanwhile"),
            )
            .costing(cx.cost(table, Work::Scan))
            .with_help("add it with postgresql_not_valid=True, then VALIDATE CONSTRAINT in a later transaction"),
        );
    }
}
