//! A new column whose default is volatile rewrites the whole table under ACCESS EXCLUSIVE.
//!
//! ## What it flags
//! `op.add_column(...)` / `ADD COLUMN` on a table that existed before the revision, with a
//! `server_default` that calls a volatile function (`gen_random_uuid()`, `random()`,
//! `clock_timestamp()`, a volatile function the history created, ...). On PostgreSQL 10 and
//! older, any non-null default. A function driftlock does not know is reported as a warning
//! to verify.
//!
//! ## Why it hurts
//! Since PostgreSQL 11, a constant or stable default (`now()`, `'x'`, `false`) is stored once
//! in the catalog. A volatile default must be computed for every existing row: the table and
//! its indexes are rewritten while ACCESS EXCLUSIVE blocks reads and writes.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the rewrite's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.add_column("users", sa.Column("token", sa.Uuid, server_default=sa.text("gen_random_uuid()")))
//! ```
//!
//! ## Use instead
//! Add the column without a default (or with a constant one), set the default for new rows
//! with `op.alter_column(..., server_default=...)`, and backfill existing rows in batches.
use super::prelude::*;
use super::volatility::{of_default, Volatility};
use crate::diagnostic::Severity;

rule_meta!(
    "COL001",
    "add-column-volatile-default",
    Column,
    Error,
    include_str!("add_column_volatile_default.rs")
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
        let Some(default) = &column.default else {
            return;
        };
        if column.serial || !cx.preexisting(table) {
            return;
        }
        let name = format!("{table}.{}", column.name);
        if !cx.settings.pg_version.at_least(11) {
            if default != "NULL" {
                out.push(
                    cx.finding(
                        &META,
                        format!("adding \"{name}\" with a default rewrites existing table \"{table}\" on PostgreSQL {} (before 11)", cx.settings.pg_version),
                    )
                    .costing(cx.cost(table, Work::Rewrite))
                    .with_help("add the column without a default, then set the default and backfill in batches"),
                );
            }
            return;
        }
        let known = |f: &str| cx.before.function_volatile(f);
        match of_default(default, &known) {
            Volatility::Stable => {}
            Volatility::Volatile(f) => out.push(
                cx.finding(
                    &META,
                    format!("adding \"{name}\" with volatile default {f}() rewrites existing table \"{table}\" under an ACCESS EXCLUSIVE lock"),
                )
                .costing(cx.cost(table, Work::Rewrite))
                .with_help("add the column without a default, set the default afterwards, and backfill existing rows in batches"),
            ),
            Volatility::Unknown(f) => {
                let mut d = cx.finding(
                    &META,
                    format!("adding \"{name}\" with a default calling {f}(): if {f} is volatile, existing table \"{table}\" is rewritten"),
                )
                .costing(cx.cost(table, Work::Rewrite))
                .with_note(format!("driftlock does not know the volatility of {f}(); a VOLATILE function (the default for CREATE FUNCTION) forces a rewrite"))
                .with_help("check pg_proc.provolatile, or add the column without a default and backfill");
                d.severity = Severity::Warning;
                out.push(d);
            }
        }
    }
}
