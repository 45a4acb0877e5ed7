//! Long work after an ACCESS EXCLUSIVE lock in the same transaction keeps the table blocked.
//!
//! ## What it flags
//! A long step (an index build, a table rewrite, a validating scan, a data statement) that
//! runs after a statement of the same revision took ACCESS EXCLUSIVE on a table that existed
//! before it, in the same transaction. Reported once per revision.
//!
//! ## Why it hurts
//! Locks are released only at commit. The quick `ALTER TABLE` that took ACCESS EXCLUSIVE keeps
//! blocking every read and write of its table for as long as the slow step after it runs.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it is judged by the slow
//! work's table: `info` when it is small; on a large one the message estimates the work's
//! duration.
//!
//! ## Example
//! ```python
//! op.add_column("users", sa.Column("plan", sa.Text))     # ACCESS EXCLUSIVE on users
//! op.execute("UPDATE users SET plan = 'free'")           # users stays locked meanwhile
//! ```
//!
//! ## Use instead
//! Put the slow step in its own revision (with `transaction_per_migration=True`), or commit
//! in between with `op.get_context().autocommit_block()`.
use super::context::LockMode;
use super::prelude::*;

rule_meta!(
    "TX003",
    "work-while-holding-exclusive-lock",
    Transaction,
    Warning,
    include_str!("work_while_holding_exclusive_lock.rs")
);

pub struct Check;

/// A short description of the slow work `op` does, if it does any, with the table it works
/// on and how (what the table statistics judge it by).
fn slow_work<'a>(cx: &OpContext<'a>) -> Option<(String, Option<(&'a QualName, Work)>)> {
    match cx.op {
        Op::CreateIndex(def) if cx.preexisting(&def.table) => Some((
            format!("building an index on \"{}\"", def.table),
            Some((&def.table, Work::IndexBuild)),
        )),
        Op::AddConstraint {
            table,
            constraint,
            not_valid: false,
            ..
        } if cx.preexisting(table) => {
            let work = match constraint.kind {
                ConstraintKind::Check { .. } | ConstraintKind::ForeignKey { .. } => Work::Scan,
                _ => Work::IndexBuild,
            };
            Some((
                format!("checking a new {} on \"{table}\"", constraint.kind.word()),
                Some((table, work)),
            ))
        }
        Op::ValidateConstraint { table, name } if cx.preexisting(table) => Some((
            format!("validating {name} on \"{table}\""),
            Some((table, Work::Scan)),
        )),
        Op::AlterColumn {
            table,
            column,
            change,
        } => {
            let c = cx.existing(table)?.column(column)?;
            match &change.ty {
                Some(new)
                    if !super::type_change_rewrites_table::changes_in_place(&c.ty, new)
                        || change.using.is_some() =>
                {
                    Some((
                        format!("rewriting \"{table}\" for the type of {column}"),
                        Some((table, Work::Rewrite)),
                    ))
                }
                _ if change.not_null == Some(true) && !c.not_null => Some((
                    format!("scanning \"{table}\" for SET NOT NULL"),
                    Some((table, Work::Scan)),
                )),
                _ => None,
            }
        }
        Op::Data { statement, .. } => {
            let verb = statement
                .split_whitespace()
                .next()
                .unwrap_or("a data statement");
            Some((format!("running {}", verb.to_uppercase()), None))
        }
        Op::Statement(Statement::Rewrite { command, tables }) => Some((
            format!("running {command}"),
            match tables.as_slice() {
                [table] => Some((table, Work::Rewrite)),
                _ => None,
            },
        )),
        _ => None,
    }
}

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.context.in_transaction || cx.context.reported.contains(META.name) {
            return;
        }
        let Some(lock) = cx
            .context
            .held_locks
            .iter()
            // A lock the operation itself took is its own rule's business.
            .find(|l| l.mode == LockMode::AccessExclusive && l.span != *cx.span)
        else {
            return;
        };
        let Some((work, cost)) = slow_work(cx) else {
            return;
        };
        let mut d = cx.finding(
                &META,
                format!(
                    "{work} while this transaction still holds ACCESS EXCLUSIVE on \"{}\": reads and writes of it stay blocked until commit",
                    lock.table.1
                ),
            )
            .with_label(lock.span.clone(), format!("{} took ACCESS EXCLUSIVE here", lock.what))
            .with_help("move the slow step to its own revision (transaction_per_migration=True), or commit first with op.get_context().autocommit_block()");
        if let Some((table, how)) = cost {
            d = d.costing(cx.cost(table, how));
        }
        out.push(d);
    }
}
