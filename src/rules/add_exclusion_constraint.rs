//! An exclusion constraint on an existing table is built and checked under ACCESS EXCLUSIVE.
//!
//! ## What it flags
//! `op.create_exclude_constraint(...)` or `ALTER TABLE ... ADD EXCLUDE` on a table that existed
//! before the revision.
//!
//! ## Why it hurts
//! Exclusion constraints cannot be added `NOT VALID` nor attached from an index built
//! concurrently: the index build and the check of every row run under ACCESS EXCLUSIVE.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the index build's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.create_exclude_constraint("no_overlap", "bookings", ("room", "="), ("during", "&&"))
//! ```
//!
//! ## Use instead
//! There is no online path: add it when the table is created, or in a maintenance window.
use super::prelude::*;

rule_meta!(
    "CON007",
    "add-exclusion-constraint",
    Constraint,
    Warning,
    include_str!("add_exclusion_constraint.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AddConstraint {
            table, constraint, ..
        } = cx.op
        else {
            return;
        };
        if !matches!(constraint.kind, ConstraintKind::Exclude { .. }) || !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding an exclusion constraint to existing table \"{table}\" builds and checks it under an ACCESS EXCLUSIVE lock"),
            )
            .costing(cx.cost(table, Work::IndexBuild))
            .with_help("add exclusion constraints when the table is created, or in a maintenance window"),
        );
    }
}
