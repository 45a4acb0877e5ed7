//! Making an existing column NOT NULL scans the table under ACCESS EXCLUSIVE.
//!
//! ## What it flags
//! `op.alter_column(..., nullable=False)` / `ALTER COLUMN ... SET NOT NULL` on a nullable
//! column of a table that existed before the revision. On PostgreSQL 12 and later it is not
//! flagged when a validated `CHECK (column IS NOT NULL)` already exists on the table, since
//! PostgreSQL then skips the scan.
//!
//! ## Why it hurts
//! PostgreSQL reads every row to prove there is no NULL, holding ACCESS EXCLUSIVE: no reads or
//! writes meanwhile. It fails if a NULL is found.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the scan's duration at the measured rate.
//!
//! ## Example
//! ```python
//! op.alter_column("users", "email", nullable=False)
//! ```
//!
//! ## Use instead
//! On PostgreSQL 12+:
//! ```python
//! op.create_check_constraint("ck_users_email_nn", "users", "email IS NOT NULL",
//!                            postgresql_not_valid=True)
//! # later revision:
//! op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_nn")
//! op.alter_column("users", "email", nullable=False)   # no scan
//! op.drop_constraint("ck_users_email_nn", "users")
//! ```
use super::prelude::*;

rule_meta!(
    "COL004",
    "set-not-null",
    Column,
    Error,
    include_str!("set_not_null.rs")
);

pub struct Check;

/// Whether `expression` is `column IS NOT NULL`, as PostgreSQL prints it.
fn proves_not_null(expression: &str, column: &str) -> bool {
    let e: String = expression
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '"'))
        .collect::<String>()
        .to_lowercase();
    e.split_whitespace().collect::<Vec<_>>()
        == [column.to_lowercase().as_str(), "is", "not", "null"]
}

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AlterColumn {
            table,
            column,
            change,
        } = cx.op
        else {
            return;
        };
        if change.not_null != Some(true) {
            return;
        }
        let Some(t) = cx.existing(table) else { return };
        let Some(c) = t.column(column) else { return };
        if c.not_null {
            return;
        }
        if cx.settings.pg_version.at_least(12)
            && t.constraints.iter().any(|k| match &k.kind {
                ConstraintKind::Check { expression, .. } => {
                    proves_not_null(expression, column)
                        && !cx
                            .context
                            .unvalidated
                            .contains(&(crate::schema::key(table), k.name.clone()))
                }
                _ => false,
            })
        {
            return;
        }
        let mut d = cx.finding(
            &META,
            format!("SET NOT NULL on \"{table}.{column}\" scans existing table \"{table}\" under an ACCESS EXCLUSIVE lock"),
        )
        .costing(cx.cost(table, Work::Scan));
        d = if cx.settings.pg_version.at_least(12) {
            d.with_help("add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in a later transaction, then SET NOT NULL (no scan) and drop the CHECK")
        } else {
            d.with_note(format!(
                "PostgreSQL {} always scans; from 12 on a validated CHECK avoids the scan",
                cx.settings.pg_version
            ))
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_the_check() {
        assert!(super::proves_not_null("(email IS NOT NULL)", "email"));
        assert!(!super::proves_not_null("(email IS NULL)", "email"));
        assert!(!super::proves_not_null(
            "((email IS NOT NULL) OR (x > 1))",
            "email"
        ));
    }
}
