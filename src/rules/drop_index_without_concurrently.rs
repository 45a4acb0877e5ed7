//! Dropping an index of an existing table locks the table against reads and writes.
//!
//! ## What it flags
//! `op.drop_index(...)` or `DROP INDEX` without `CONCURRENTLY`, when the index belongs to a
//! table that existed before the revision.
//!
//! ## Why it hurts
//! A plain `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table. The drop itself
//! is quick, but the lock request queues behind every running query on the table, and every
//! query after it queues behind the request.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message gives its size.
//!
//! ## Example
//! ```python
//! op.drop_index("ix_users_email", table_name="users")
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
//! ```
//! (Not possible for an index that backs a constraint: drop the constraint instead.)
use super::prelude::*;

rule_meta!(
    "IDX002",
    "drop-index-without-concurrently",
    Index,
    Warning,
    include_str!("drop_index_without_concurrently.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::DropIndex {
            index,
            concurrently: false,
            ..
        } = cx.op
        else {
            return;
        };
        let Some((table, backs_constraint)) =
            cx.before.index_owner(index.schema_or_public(), &index.name)
        else {
            return;
        };
        let table = QualName::new(Some(table.schema.clone()), table.name.clone());
        if backs_constraint || cx.existing(&table).is_none() {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!(
                    "DROP INDEX \"{}\" takes an ACCESS EXCLUSIVE lock on existing table \"{}\"",
                    index.name, table.name
                ),
            )
            .costing(cx.cost(&table, Work::Lock))
            .with_help("use op.drop_index(..., postgresql_concurrently=True) inside op.get_context().autocommit_block()"),
        );
    }
}
