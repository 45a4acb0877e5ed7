//! A `downgrade()` whose operations cannot apply.
//!
//! ## What it flags
//! An operation of `downgrade()` that fails on the schema right after the revision's `upgrade()`: dropping a column that is not there, restoring a table under the wrong name, ...
//!
//! ## Why it hurts
//! `alembic downgrade` stops with an error half-way, inside a transaction that rolls back: the rollback you count on in an incident does not work.
//!
//! ## Example
//! ```python
//! def downgrade():
//!     op.drop_column("users", "plann")   # the column is "plan"
//! ```
//!
//! ## Use instead
//! Fix the operation so it mirrors `upgrade()`; test downgrades in CI.
//!
//! Found by the replay of `downgrade()` (`driftlock check` replays every downgrade).
use super::prelude::*;
use crate::replay::DowngradeCheck;

rule_meta!(
    "ALM004",
    "downgrade-fails",
    Alembic,
    Warning,
    include_str!("downgrade_fails.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Each operation of `downgrade()` that fails, as the replay reported it.
    fn downgrade(&self, check: &DowngradeCheck, out: &mut Vec<Diagnostic>) {
        out.extend(check.failures.iter().cloned().map(|mut d| {
            d.code = META.name;
            d
        }));
    }
}
