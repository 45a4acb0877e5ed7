//! Adding a primary key to an existing table builds its index under ACCESS EXCLUSIVE.
//!
//! ## What it flags
//! `op.create_primary_key(...)` or `ALTER TABLE ... ADD PRIMARY KEY` on a table that existed
//! before the revision.
//!
//! ## Why it hurts
//! The index is built while ACCESS EXCLUSIVE is held, and nullable key columns are first set
//! NOT NULL, which scans the table too. No reads or writes meanwhile.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the index build's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.create_primary_key("pk_events", "events", ["id"])
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.create_index("pk_events", "events", ["id"], unique=True, postgresql_concurrently=True)
//! op.execute("ALTER TABLE events ADD CONSTRAINT pk_events PRIMARY KEY USING INDEX pk_events")
//! ```
//! (make the columns NOT NULL first, without a scan: see `set-not-null`).
use super::prelude::*;

rule_meta!(
    "CON006",
    "add-primary-key-without-index",
    Constraint,
    Error,
    include_str!("add_primary_key_without_index.rs")
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
        if !matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) || !cx.preexisting(table) {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding a primary key builds an index on existing table \"{table}\" under an ACCESS EXCLUSIVE lock"),
            )
            .costing(cx.cost(table, Work::IndexBuild))
            .with_help("build a unique index with postgresql_concurrently=True, then ADD PRIMARY KEY USING INDEX"),
        );
    }
}
