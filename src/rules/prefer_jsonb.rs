//! `json` has no equality operator and reparses on every access; `jsonb` does neither.
//!
//! ## What it flags
//! New or retyped columns of type `json`.
//!
//! ## Why it hurts
//! `DISTINCT`, `GROUP BY`, `UNION` and equality fail on `json`, it cannot be indexed with GIN,
//! and every operator reparses the text.
//!
//! ## Example
//! ```python
//! sa.Column("payload", sa.JSON())
//! ```
//!
//! ## Use instead
//! ```python
//! sa.Column("payload", postgresql.JSONB())
//! ```
use super::prelude::*;
use crate::schema::BaseType;

rule_meta!(
    "STY005",
    "prefer-jsonb",
    Style,
    Off,
    include_str!("prefer_jsonb.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        for (table, column, ty) in super::new_column_types(cx.op) {
            if ty.base == BaseType::Json {
                out.push(
                    cx.finding(&META, format!("\"{table}.{column}\" is json"))
                        .with_help("use jsonb"),
                );
            }
        }
    }
}
