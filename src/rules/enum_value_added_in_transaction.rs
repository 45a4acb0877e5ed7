//! Adding an enum label inside a transaction fails on PostgreSQL 11 and older.
//!
//! ## What it flags
//! `ALTER TYPE ... ADD VALUE` (through `op.execute`) inside Alembic's
//! transaction when the target server is PostgreSQL 11 or older, unless the type was created in
//! the same transaction.
//!
//! ## Why it hurts
//! Before PostgreSQL 12, `ALTER TYPE ... ADD VALUE` "cannot run inside a transaction block":
//! the upgrade stops there.
//!
//! ## Example
//! ```python
//! op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")
//! ```
//!
//! ## Use instead
//! ```python
//! with op.get_context().autocommit_block():
//!     op.execute("ALTER TYPE order_status ADD VALUE 'refunded'")
//! ```
use super::prelude::*;
use crate::schema::key;

rule_meta!(
    "ENUM001",
    "enum-value-added-in-transaction",
    Enum,
    Error,
    include_str!("enum_value_added_in_transaction.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AddEnumValue { name, value, .. } = cx.op else {
            return;
        };
        if cx.settings.pg_version.at_least(12)
            || !cx.context.in_transaction
            || (cx.context.types_created_in_revision.contains(&key(name))
                && cx.context.types_created_in_transaction.contains(&key(name)))
        {
            return;
        }
        out.push(
            cx.finding(
                &META,
                format!("ALTER TYPE \"{name}\" ADD VALUE '{value}' fails inside a transaction block on PostgreSQL {}", cx.settings.pg_version),
            )
            .with_help("run it inside op.get_context().autocommit_block()"),
        );
    }
}
