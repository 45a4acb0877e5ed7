//! A revision file that already existed was modified: databases that applied it never see the change.
//!
//! ## What it flags
//! With `driftlock check --since REF`: a revision file that existed at `REF` and differs now.
//!
//! ## Why it hurts
//! Alembic records only the revision id in `alembic_version`. Every database that already
//! applied the revision keeps its old effect; only fresh databases get the new one, so
//! environments drift apart silently.
//!
//! ## Example
//! Editing `versions/1a2b_add_users.py` after it was merged and deployed, here by adding a line:
//! ```python
//! def upgrade():
//!     op.add_column("users", sa.Column("plan", sa.Text))
//!     op.create_index("ix_users_plan", "users", ["plan"])  # added after the deploy
//! ```
//!
//! ## Use instead
//! Leave applied revisions alone and write the change as a new revision (fixing a comment or
//! a typo in a docstring is harmless: suppress the finding with a reason).
use super::prelude::*;

rule_meta!("ALM005", "applied-revision-modified", Alembic, Warning);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
