//! A revision that changes the schema has no `downgrade()`.
//!
//! ## What it flags
//! A revision whose `upgrade()` changes the schema but that defines no `downgrade()` function.
//!
//! ## Why it hurts
//! `alembic downgrade` fails on this revision, so a bad deploy cannot be rolled back past it, and tests that walk the history up and down stop here.
//!
//! ## Example
//! ```python
//! def upgrade():
//!     op.add_column("users", sa.Column("plan", sa.Text))
//! ```
//!
//! ## Use instead
//! Write the inverse operations; if the revision cannot be undone, say so with `raise NotImplementedError("irreversible: ...")` in `downgrade()`.
//!
//! Found by the replay of `downgrade()` (`driftlock check` replays every downgrade).
use super::prelude::*;
use crate::diagnostic::Kind;
use crate::replay::{DowngradeCheck, DowngradeOutcome};

rule_meta!(
    "ALM001",
    "missing-downgrade",
    Alembic,
    Warning,
    include_str!("missing_downgrade.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn downgrade(&self, check: &DowngradeCheck, out: &mut Vec<Diagnostic>) {
        if check.outcome != DowngradeOutcome::Missing {
            return;
        }
        out.push(
            Diagnostic::warning(
                Kind::Replay,
                META.name,
                format!(
                    "revision {} changes the schema but has no `downgrade()`",
                    check.revision
                ),
            )
            .at(check.span.clone())
            .for_revision(check.revision.clone()),
        );
    }
}
