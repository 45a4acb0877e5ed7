//! A revision that changes the schema has a `downgrade()` that does nothing.
//!
//! ## What it flags
//! A `downgrade()` whose body only `pass`es (or runs nothing that changes the schema) while `upgrade()` changes it.
//!
//! ## Why it hurts
//! `alembic downgrade` reports success and moves the version back while the schema stays upgraded: the next upgrade then fails ("column already exists"), and the database no longer matches any revision.
//!
//! ## Example
//! ```python
//! def downgrade():
//!     pass
//! ```
//!
//! ## Use instead
//! Write the inverse operations, or `raise NotImplementedError("irreversible: ...")` so that a downgrade stops loudly.
//!
//! Found by the replay of `downgrade()` (`driftlock check` replays every downgrade).
use super::prelude::*;
use crate::diagnostic::Kind;
use crate::replay::{DowngradeCheck, DowngradeOutcome};

rule_meta!(
    "ALM002",
    "empty-downgrade",
    Alembic,
    Warning,
    include_str!("empty_downgrade.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn downgrade(&self, check: &DowngradeCheck, out: &mut Vec<Diagnostic>) {
        if check.outcome != DowngradeOutcome::Empty {
            return;
        }
        out.push(
            Diagnostic::warning(
                Kind::Replay,
                META.name,
                format!(
                    "revision {} changes the schema but its `downgrade()` does nothing",
                    check.revision
                ),
            )
            .at(check.span.clone())
            .with_help(
                "write the inverse operations, or raise an error to mark the revision irreversible",
            )
            .for_revision(check.revision.clone()),
        );
    }
}
