//! A `SECURITY DEFINER` function without a fixed `search_path` can be hijacked.
//!
//! ## What it flags
//! `CREATE FUNCTION ... SECURITY DEFINER` (or a procedure) without `SET search_path = ...`,
//! through `op.execute` or `alembic_utils`.
//!
//! ## Why it hurts
//! The function runs with its owner's privileges but resolves unqualified names through the
//! caller's `search_path`: any role that can create objects in a schema on that path can put a
//! function or operator there that the definer function then calls with the owner's rights.
//!
//! ## Example
//! ```python
//! op.execute("""CREATE FUNCTION purge() RETURNS void SECURITY DEFINER LANGUAGE sql
//!               AS $$ DELETE FROM sessions $$""")
//! ```
//!
//! ## Use instead
//! ```python
//! op.execute("""CREATE FUNCTION purge() RETURNS void SECURITY DEFINER
//!               SET search_path = pg_catalog, public LANGUAGE sql
//!               AS $$ DELETE FROM public.sessions $$""")
//! ```
use super::prelude::*;

rule_meta!(
    "SEC004",
    "security-definer-without-search-path",
    Security,
    Warning,
    include_str!("security_definer_without_search_path.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::CreateFunction(def) = cx.op else {
            return;
        };
        if !def.security_definer || def.sets_search_path {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!(
                    "SECURITY DEFINER {} {} runs with its owner's rights but the caller's search_path",
                    if def.procedure { "procedure" } else { "function" },
                    def.name
                ),
            )
            .with_help("add SET search_path = pg_catalog, <schemas> to the definition, and qualify names"),
        );
    }
}
