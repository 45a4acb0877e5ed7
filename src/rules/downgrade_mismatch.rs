//! A `downgrade()` that does not restore the schema its revision started from.
//!
//! ## What it flags
//! Revisions whose `downgrade()`, replayed on the schema right after `upgrade()`, leaves a schema different from the one before the revision (a column left behind, a default not restored, an index missing...). Column order is ignored: PostgreSQL cannot restore it either.
//!
//! ## Why it hurts
//! After a rollback, the database matches neither revision: the next upgrade or the application fails in ways nobody tested.
//!
//! ## Example
//! ```python
//! def upgrade():
//!     op.add_column("users", sa.Column("plan", sa.Text))
//!     op.create_index("ix_users_plan", "users", ["plan"])
//!
//! def downgrade():
//!     op.drop_index("ix_users_plan", "users")
//! ```
//!
//! ## Use instead
//! Make `downgrade()` undo every operation of `upgrade()`, in reverse order.
//!
//! Found by the replay of `downgrade()` (`driftlock check` replays every downgrade).
use super::prelude::*;
use crate::diagnostic::Kind;
use crate::replay::{DowngradeCheck, DowngradeOutcome};

rule_meta!(
    "ALM003",
    "downgrade-mismatch",
    Alembic,
    Warning,
    include_str!("downgrade_mismatch.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn downgrade(&self, check: &DowngradeCheck, out: &mut Vec<Diagnostic>) {
        let DowngradeOutcome::Mismatch { difference } = &check.outcome else {
            return;
        };
        out.push(
            Diagnostic::warning(
                Kind::Replay,
                META.name,
                format!(
                    "downgrade of revision {} does not restore the schema before it: {difference}",
                    check.revision
                ),
            )
            .at(check.span.clone())
            .for_revision(check.revision.clone()),
        );
    }
}
