//! Disabling row-level security exposes every row to every role that can read the table.
//!
//! ## What it flags
//! `ALTER TABLE ... DISABLE ROW LEVEL SECURITY` and `NO FORCE ROW LEVEL SECURITY`.
//!
//! ## Why it hurts
//! The policies that kept tenants or users apart stop applying at once: every query sees every
//! row.
//!
//! ## Example
//! ```python
//! op.execute("ALTER TABLE documents DISABLE ROW LEVEL SECURITY")
//! ```
//!
//! ## Use instead
//! Change the policies (`ALTER POLICY`, `CREATE POLICY`) instead of switching them all off.
use super::prelude::*;

rule_meta!(
    "SEC003",
    "disable-row-level-security",
    Security,
    Warning,
    include_str!("disable_row_level_security.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::DisableRowSecurity { table }) = cx.op else {
            return;
        };
        out.push(
            cx.finding(
                &META,
                format!(
                    "row-level security of \"{table}\" is switched off: its policies stop applying"
                ),
            )
            .with_help("change the policies instead of disabling them"),
        );
    }
}
