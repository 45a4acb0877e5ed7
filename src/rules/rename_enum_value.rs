//! Renaming an enum label breaks code that still sends or expects the old label.
//!
//! ## What it flags
//! `ALTER TYPE ... RENAME VALUE` on an enum type that existed before the revision.
//!
//! ## Why it hurts
//! Rows change label at once; code still running the previous release writes the old label
//! (rejected) and may not understand the new one.
//!
//! ## Example
//! ```python
//! op.execute("ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled'")
//! ```
//!
//! ## Use instead
//! Add the new label, migrate rows and code to it, and stop using the old one.
use super::prelude::*;
use crate::schema::key;

rule_meta!(
    "BRK005",
    "rename-enum-value",
    Compatibility,
    Warning,
    include_str!("rename_enum_value.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::RenameEnumValue { name, old, new } = cx.op else {
            return;
        };
        if cx.context.types_created_in_revision.contains(&key(name))
            || !cx.before.enums.contains_key(&key(name))
        {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("renaming label '{old}' of enum \"{name}\" to '{new}' breaks code that still uses '{old}'"),
            )
            .with_help("add the new label, move rows and code to it, then stop using the old one"),
        );
    }
}
