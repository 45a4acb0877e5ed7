//! A lock request with no `lock_timeout` can stall all traffic on the table while it waits.
//!
//! ## What it flags
//! The first statement of a revision that takes a lock blocking writes (or reads) on a table
//! that existed before the revision, when no `lock_timeout` is in effect: none set earlier in
//! the revision (`SET lock_timeout`, `SET LOCAL`), none in `env.py`, and
//! `assume-lock-timeout` not configured. Reported once per revision.
//!
//! ## Why it hurts
//! A lock request waits behind every transaction already using the table, and every query that
//! arrives after it waits behind the request: one long-running report turns a millisecond
//! ALTER into an outage. A short `lock_timeout` makes the migration fail fast instead, to be
//! retried.
//!
//! ## Example
//! ```python
//! op.add_column("users", sa.Column("nickname", sa.Text))
//! ```
//!
//! ## Use instead
//! ```python
//! op.execute("SET lock_timeout = '5s'")
//! op.add_column("users", sa.Column("nickname", sa.Text))
//! ```
//! or set it for every migration in `env.py` (`connect_args={"options": "-c lock_timeout=5s"}`),
//! or for the migration role in the database, and set `assume-lock-timeout = true`.
use super::context::{locks_of, LockMode};
use super::prelude::*;

rule_meta!(
    "TX001",
    "missing-lock-timeout",
    Transaction,
    Warning,
    include_str!("missing_lock_timeout.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let c = cx.context;
        if c.reported.contains(META.name)
            || c.lock_timeout_elsewhere
            || cx.settings.assume_lock_timeout
            || c.effective_lock_timeout().is_some()
        {
            return;
        }
        let Some((table, mode, what)) = locks_of(cx.op, cx.before)
            .into_iter()
            .find(|(t, m, _)| *m >= LockMode::Share && !c.created_in_revision.contains(t))
        else {
            return;
        };
        out.push(
            cx.finding(
                &META,
                format!(
                    "{what} waits for {} on existing table \"{}\" with no lock_timeout: while it waits, it blocks {} on the table",
                    mode.as_str(),
                    table.1,
                    mode.blocks()
                ),
            )
            .with_help("run op.execute(\"SET lock_timeout = '5s'\") first, or set lock_timeout for all migrations in env.py and `assume-lock-timeout = true`"),
        );
    }
}
