//! `timestamp without time zone` stores wall-clock times that mean nothing without a zone.
//!
//! ## What it flags
//! New or retyped columns of type `timestamp` (without time zone).
//!
//! ## Why it hurts
//! The value depends on the writer's time zone, and comparisons across zones and daylight
//! saving changes go wrong silently. `timestamptz` stores an instant and costs the same.
//!
//! ## Example
//! ```python
//! sa.Column("created_at", sa.DateTime())
//! ```
//!
//! ## Use instead
//! ```python
//! sa.Column("created_at", sa.DateTime(timezone=True))
//! ```
use super::prelude::*;
use crate::schema::BaseType;

rule_meta!(
    "STY001",
    "prefer-timestamptz",
    Style,
    Off,
    include_str!("prefer_timestamptz.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        for (table, column, ty) in super::new_column_types(cx.op) {
            if matches!(ty.base, BaseType::Timestamp { tz: false, .. }) {
                out.push(
                    cx.finding(
                        &META,
                        format!("\"{table}.{column}\" is timestamp without time zone"),
                    )
                    .with_help("use timestamp with time zone (sa.DateTime(timezone=True))"),
                );
            }
        }
    }
}
