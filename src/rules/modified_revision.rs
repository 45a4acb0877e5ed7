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
use crate::diagnostic::{Kind, Span};
use crate::git::Changes;
use crate::history::RevisionGraph;
use crate::source::SourceMap;

rule_meta!(
    "ALM005",
    "applied-revision-modified",
    Alembic,
    Warning,
    include_str!("modified_revision.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// One finding per revision file that existed at the ref `changes` were taken from and was
/// modified since.
pub fn findings(graph: &RevisionGraph, sources: &SourceMap, changes: &Changes) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rev in graph.in_order() {
        let file = &sources.get(rev.file).display;
        if !changes.existed.contains(file) {
            continue;
        }
        let range = rev
            .header
            .revision
            .as_ref()
            .map_or(0..0, |r| r.range.clone());
        out.push(
            Diagnostic::warning(
                Kind::Risk,
                META.name,
                format!(
                    "revision {} already existed at {} and was modified since: databases that applied it will not run the change",
                    rev.id, changes.reference
                ),
            )
            .at(Span::new(rev.file, range))
            .with_help("leave applied revisions alone; put the change in a new revision")
            .for_revision(rev.id.clone()),
        );
    }
    out
}
