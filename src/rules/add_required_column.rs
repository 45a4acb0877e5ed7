//! A new NOT NULL column without a server default fails on a table that has rows.
//!
//! ## What it flags
//! `op.add_column(...)` / `ADD COLUMN ... NOT NULL` with no `server_default` (and no identity,
//! serial or generated value) on a table that existed before the revision.
//!
//! ## Why it hurts
//! PostgreSQL must fill the column for existing rows; with no default it has only NULL, so the
//! statement fails ("column contains null values") as soon as the table holds a row. And code
//! still running the old version cannot insert rows without the new column. SQLAlchemy's
//! `default=` is applied by the application, not the database: it does not help here.
//!
//! ## Example
//! ```python
//! op.add_column("users", sa.Column("plan", sa.String(20), nullable=False))
//! ```
//!
//! ## Use instead
//! ```python
//! op.add_column("users", sa.Column("plan", sa.String(20), nullable=False, server_default="free"))
//! ```
//! (a constant default is metadata-only since PostgreSQL 11), or add it nullable, backfill,
//! then set NOT NULL.
use super::prelude::*;

rule_meta!(
    "COL003",
    "add-required-column",
    Column,
    Error,
    include_str!("add_required_column.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AddColumn { table, column, .. } = cx.op else {
            return;
        };
        if !column.not_null
            || column.default.is_some()
            || column.serial
            || column.identity.is_some()
            || column.generated.is_some()
            || !cx.preexisting(table)
            || cx
                .context
                .emptied_in_revision
                .contains(&crate::schema::key(table))
        {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("adding NOT NULL column \"{}\" without a server default fails if existing table \"{table}\" has rows", column.name),
            )
            .with_help("give it a constant server_default, or add it nullable, backfill, then set NOT NULL"),
        );
    }
}
