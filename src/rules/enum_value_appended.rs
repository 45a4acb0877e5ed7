//! An enum label added without a position goes last, which changes how the type sorts.
//!
//! ## What it flags
//! `ALTER TYPE ... ADD VALUE` without `BEFORE` or `AFTER` on an enum type that existed before
//! the revision.
//!
//! ## Why it hurts
//! Enum values compare in declaration order: `ORDER BY`, `<` and `>` put the new label after
//! every existing one, which is not always what the code expects.
//!
//! ## Example
//! ```python
//! op.execute("ALTER TYPE priority ADD VALUE 'urgent'")
//! ```
//!
//! ## Use instead
//! ```python
//! op.execute("ALTER TYPE priority ADD VALUE 'urgent' AFTER 'high'")
//! ```
use super::prelude::*;
use crate::schema::key;

rule_meta!(
    "ENUM003",
    "enum-value-appended",
    Style,
    Off,
    include_str!("enum_value_appended.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AddEnumValue {
            name,
            value,
            position: None,
            ..
        } = cx.op
        else {
            return;
        };
        if !cx.before.enums.contains_key(&key(name))
            || cx.context.types_created_in_revision.contains(&key(name))
        {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!(
                    "'{value}' is appended to enum \"{name}\": it sorts after every existing label"
                ),
            )
            .with_help("say where it goes with BEFORE or AFTER"),
        );
    }
}
