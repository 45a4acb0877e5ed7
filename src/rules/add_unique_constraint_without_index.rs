//! Adding a UNIQUE constraint to an existing table builds its index under ACCESS EXCLUSIVE.
//!
//! ## What it flags
//! `op.create_unique_constraint(...)`, `ALTER TABLE ... ADD UNIQUE`, or a new column declared
//! `unique=True`, on a table that existed before the revision.
//!
//! ## Why it hurts
//! The unique index is built while ACCESS EXCLUSIVE is held: no reads or writes on the table
//! for the whole build. It also fails if existing rows hold duplicates.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the index build's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.create_unique_constraint("uq_users_email", "users", ["email"])
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.create_index("uq_users_email", "users", ["email"], unique=True,
//!                     postgresql_concurrently=True)
//! op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email")
//! ```
use super::prelude::*;

rule_meta!(
    "CON005",
    "add-unique-constraint-without-index",
    Constraint,
    Error,
    include_str!("add_unique_constraint_without_index.rs")
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
        if !matches!(constraint.kind, ConstraintKind::Unique { .. }) || !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding a UNIQUE constraint builds an index on existing table \"{table}\" under an ACCESS EXCLUSIVE lock"),
            )
            .costing(cx.cost(table, Work::IndexBuild))
            .with_help("build the unique index with postgresql_concurrently=True, then ADD CONSTRAINT ... UNIQUE USING INDEX"),
        );
    }
}
