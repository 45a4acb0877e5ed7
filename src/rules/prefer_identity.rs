//! `serial` columns are a legacy shorthand; identity columns are the SQL-standard form.
//!
//! ## What it flags
//! New `SERIAL`/`BIGSERIAL` columns (what SQLAlchemy emits for an integer primary key without
//! `sa.Identity()`).
//!
//! ## Why it hurts
//! A serial's sequence is a separate object with its own privileges and ownership, which dumps,
//! copies and renames handle awkwardly; inserts may write the column directly and desynchronise
//! the sequence.
//!
//! ## Example
//! ```python
//! sa.Column("id", sa.Integer, primary_key=True)
//! ```
//!
//! ## Use instead
//! ```python
//! sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True)
//! ```
use super::prelude::*;

rule_meta!(
    "STY004",
    "prefer-identity",
    Style,
    Off,
    include_str!("prefer_identity.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let columns: Vec<&crate::ir::ColumnDef> = match cx.op {
            Op::CreateTable { columns, .. } => columns.iter().collect(),
            Op::AddColumn { column, .. } => vec![column],
            _ => return,
        };
        for c in columns.into_iter().filter(|c| c.serial) {
            out.push(
                cx.finding(&META, format!("column \"{}\" is serial", c.name))
                    .with_help("use an identity column (sa.Identity())"),
            );
        }
    }
}
