//! A `varchar(n)` limit is a constraint that is costly to change later.
//!
//! ## What it flags
//! New or retyped columns of type `varchar(n)` or `char(n)`.
//!
//! ## Why it hurts
//! `text` and `varchar` perform the same in PostgreSQL. Raising the limit later is cheap, but
//! lowering it rewrites the table, and `char(n)` pads with spaces that comparisons ignore in
//! surprising ways.
//!
//! ## Example
//! ```python
//! sa.Column("name", sa.String(50))
//! ```
//!
//! ## Use instead
//! `sa.Text()`, with a `CHECK (char_length(name) <= 50)` if the limit matters.
use super::prelude::*;
use crate::schema::BaseType;

rule_meta!(
    "STY002",
    "prefer-text",
    Style,
    Off,
    include_str!("prefer_text.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        for (table, column, ty) in super::new_column_types(cx.op) {
            if matches!(ty.base, BaseType::Varchar(Some(_)) | BaseType::Char(_)) {
                out.push(
                    cx.finding(&META, format!("\"{table}.{column}\" is {ty}"))
                        .with_help("use text, with a CHECK on char_length if the limit matters"),
                );
            }
        }
    }
}
