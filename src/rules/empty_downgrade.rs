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

rule_meta!("ALM002", "empty-downgrade", Alembic, Warning);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
