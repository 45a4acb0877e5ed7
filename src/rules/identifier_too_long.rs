//! Names longer than 63 bytes are silently truncated by PostgreSQL.
//!
//! ## What it flags
//! A table, column, index, constraint, type or sequence name longer than 63 bytes, written
//! explicitly in a migration.
//!
//! ## Why it hurts
//! PostgreSQL cuts identifiers to 63 bytes without an error. Two long names that share their
//! first 63 bytes collide, and later migrations or the models that spell the full name refer to
//! something that does not exist (`drop_constraint` fails, autogenerate sees a difference).
//!
//! ## Example
//! ```python
//! op.create_index("ix_customer_subscription_billing_history_entries_created_at_and_status",
//!                 "billing_history", ["created_at", "status"])
//! ```
//!
//! ## Use instead
//! Shorter names; a naming convention on the metadata keeps generated names short and stable.
use super::prelude::*;

rule_meta!(
    "MSC001",
    "identifier-too-long",
    Style,
    Warning,
    include_str!("identifier_too_long.rs")
);

pub struct Check;

fn names(op: &Op) -> Vec<(&'static str, &str)> {
    let mut out: Vec<(&'static str, &str)> = Vec::new();
    match op {
        Op::CreateTable {
            table,
            columns,
            constraints,
            ..
        } => {
            out.push(("table", &table.name));
            out.extend(columns.iter().map(|c| ("column", c.name.as_str())));
            out.extend(
                constraints
                    .iter()
                    .filter_map(|c| c.name.as_deref().map(|n| ("constraint", n))),
            );
        }
        Op::AddColumn { column, .. } => out.push(("column", &column.name)),
        Op::CreateIndex(def) => {
            if let Some(n) = &def.name {
                out.push(("index", n));
            }
        }
        Op::AddConstraint { constraint, .. } => {
            if let Some(n) = &constraint.name {
                out.push(("constraint", n));
            }
        }
        Op::RenameTable { new_name, .. } => out.push(("table", new_name)),
        Op::AlterColumn { change, .. } => {
            if let Some(n) = &change.new_name {
                out.push(("column", n));
            }
        }
        Op::RenameIndex { new_name, .. } => out.push(("index", new_name)),
        Op::RenameConstraint { new_name, .. } => out.push(("constraint", new_name)),
        Op::CreateEnum { name, .. } => out.push(("type", &name.name)),
        Op::CreateSequence { name, .. } => out.push(("sequence", &name.name)),
        _ => {}
    }
    out
}

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        for (what, name) in names(cx.op) {
            if name.len() <= 63 {
                continue;
            }
            let mut cut = 63;
            while !name.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push(
                cx.finding(
                    &META,
                    format!(
                        "{what} name \"{name}\" is {} bytes; PostgreSQL truncates it to \"{}\"",
                        name.len(),
                        &name[..cut]
                    ),
                )
                .with_help("use a name of at most 63 bytes"),
            );
        }
    }
}
