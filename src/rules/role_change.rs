//! Creating or altering roles from a migration mixes security administration into schema code.
//!
//! ## What it flags
//! `CREATE ROLE`/`USER`, `ALTER ROLE`, `DROP ROLE`, and `GRANT role TO ...` run from a
//! migration.
//!
//! ## Why it hurts
//! Roles are cluster-wide, not part of the database being migrated: the statement fails on
//! managed servers where the migration user lacks the privilege, does different things on each
//! environment, may put passwords in version control, and escapes review as schema code.
//!
//! ## Example
//! ```python
//! op.execute("ALTER ROLE app_user SUPERUSER")
//! ```
//!
//! ## Use instead
//! Manage roles with the infrastructure's own tooling, reviewed as access changes.
use super::prelude::*;

rule_meta!(
    "SEC002",
    "role-change",
    Security,
    Warning,
    include_str!("role_change.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::RoleChange { text }) = cx.op else {
            return;
        };
        let words: Vec<&str> = text.split_whitespace().take(4).collect();
        out.push(
            cx.finding(
                &META,
                format!(
                    "`{} ...` changes cluster-wide roles from a migration",
                    words.join(" ")
                ),
            )
            .with_help("manage roles outside migrations, reviewed as access changes"),
        );
    }
}
