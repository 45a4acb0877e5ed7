//! `TRUNCATE` in a migration empties a table (and with CASCADE, every table that references it).
//!
//! ## What it flags
//! `TRUNCATE` of a table that existed before the revision; an error with `CASCADE`.
//!
//! ## Why it hurts
//! The rows are gone on every environment the migration runs on, production included, and
//! TRUNCATE takes ACCESS EXCLUSIVE. `CASCADE` also empties every table with a foreign key to
//! it, which the migration does not name.
//!
//! ## Example
//! ```python
//! op.execute("TRUNCATE sessions CASCADE")
//! ```
//!
//! ## Use instead
//! Delete what must go with a bounded `DELETE`, in batches, or do it by hand.
use super::prelude::*;
use crate::diagnostic::Severity;

rule_meta!(
    "DST002",
    "truncate-table",
    Destructive,
    Warning,
    include_str!("truncate_table.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::Statement(Statement::Truncate { tables, cascade }) = cx.op else {
            return;
        };
        let existing: Vec<String> = tables
            .iter()
            .filter(|t| cx.preexisting(t))
            .map(|t| format!("\"{t}\""))
            .collect();
        if existing.is_empty() {
            return;
        }
        let mut d = cx
            .finding(
                &META,
                format!(
                    "TRUNCATE empties existing table(s) {}{}",
                    existing.join(", "),
                    if *cascade {
                        " and every table that references them"
                    } else {
                        ""
                    }
                ),
            )
            .with_help("delete what must go with bounded DELETEs, or do it by hand");
        if *cascade {
            d.severity = Severity::Error;
        }
        out.push(d);
    }
}
