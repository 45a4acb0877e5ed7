//! SQL built from values known only at run time can be injected into, and cannot be checked.
//!
//! ## What it flags
//! `op.execute(...)` (or a connection's `execute`) whose SQL text is assembled from values that
//! are not constants of the migration: f-strings or `%`/`format` over query results,
//! environment variables, configuration, function arguments.
//!
//! ## Why it hurts
//! A migration runs with the owner's privileges on every environment: a value that reaches
//! the SQL text unescaped can change the statement. And nothing about the statement can be
//! reviewed or checked before it runs: no lock, rewrite or drop it does is visible.
//!
//! ## Example
//! ```python
//! owner = op.get_bind().execute(sa.text("SELECT current_setting('app.owner')")).scalar()
//! op.execute(f"ALTER TABLE users OWNER TO {owner}")
//! ```
//!
//! ## Use instead
//! Constant SQL with bound parameters (`sa.text("... WHERE id = :id").bindparams(id=...)`), or
//! quote identifiers with `sa.sql.quoted_name` / `format('%I', ...)` inside the database, and
//! list the statements the migration may run.
use super::prelude::*;

rule_meta!(
    "TX007",
    "sql-built-at-runtime",
    Transaction,
    Warning,
    include_str!("sql_built_at_runtime.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::DynamicSql { reason }) = cx.op else {
            return;
        };
        out.push(
            cx.finding(
                &META,
                format!("this SQL is built from values known only at run time ({reason}): it can be injected into and cannot be checked"),
            )
            .with_help("use constant SQL with bound parameters, and quote identifiers"),
        );
    }
}
