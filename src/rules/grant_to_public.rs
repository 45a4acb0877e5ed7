//! Granting privileges to PUBLIC gives them to every role, present and future.
//!
//! ## What it flags
//! `GRANT ... TO PUBLIC` run from a migration.
//!
//! ## Why it hurts
//! `PUBLIC` is every role of the cluster, including roles created later for other purposes:
//! read-only reporting users, other applications, attackers who obtained any login.
//!
//! ## Example
//! ```python
//! op.execute("GRANT SELECT ON users TO PUBLIC")
//! ```
//!
//! ## Use instead
//! Grant to the application's own roles by name.
use super::prelude::*;

rule_meta!(
    "SEC001",
    "grant-to-public",
    Security,
    Warning,
    include_str!("grant_to_public.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::Grant {
            to_public: true,
            text,
        }) = cx.op
        else {
            return;
        };
        let words: Vec<&str> = text.split_whitespace().take(8).collect();
        out.push(
            cx.finding(
                &META,
                format!("`{}` grants to every role of the cluster", words.join(" ")),
            )
            .with_help("grant to the application's roles by name"),
        );
    }
}
