//! A 32-bit key runs out at 2,147,483,647, and widening it later rewrites the table.
//!
//! ## What it flags
//! New serial or identity columns of type `integer` or `smallint`.
//!
//! ## Why it hurts
//! Busy tables exhaust 32-bit keys; switching to `bigint` then rewrites the table and every
//! referencing table under ACCESS EXCLUSIVE, usually in an emergency.
//!
//! ## Example
//! ```python
//! sa.Column("id", sa.Integer, primary_key=True)
//! ```
//!
//! ## Use instead
//! ```python
//! sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True)
//! ```
use super::prelude::*;
use crate::schema::BaseType;

rule_meta!(
    "STY003",
    "prefer-bigint",
    Style,
    Off,
    include_str!("prefer_bigint.rs")
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
        for c in columns {
            if (c.serial || c.identity.is_some())
                && !c.ty.array
                && matches!(c.ty.base, BaseType::Integer | BaseType::SmallInt)
            {
                out.push(
                    cx.finding(
                        &META,
                        format!("generated key column \"{}\" is {}", c.name, c.ty),
                    )
                    .with_help("use bigint for generated keys"),
                );
            }
        }
    }
}
