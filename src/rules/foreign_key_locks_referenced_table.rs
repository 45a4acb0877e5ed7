//! A new foreign key briefly locks the table it references, even when its own table is new.
//!
//! ## What it flags
//! A foreign key created with a new table (or added to one) that references a table which
//! existed before the revision.
//!
//! ## Why it hurts
//! PostgreSQL takes SHARE ROW EXCLUSIVE on the referenced table. The lock is short, but it
//! waits behind long transactions on that table, and all writes queue behind it meanwhile.
//!
//! ## Example
//! ```python
//! op.create_table("invoices", sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")))
//! ```
//!
//! ## Use instead
//! Keep it, with a short `lock_timeout` so that the migration fails fast instead of stalling
//! traffic: `op.execute("SET lock_timeout = '5s'")`.
use super::prelude::*;

rule_meta!(
    "CON003",
    "foreign-key-locks-referenced-table",
    Constraint,
    Off,
    include_str!("foreign_key_locks_referenced_table.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let (table, constraints): (&QualName, Vec<&crate::ir::ConstraintDef>) = match cx.op {
            Op::CreateTable {
                table, constraints, ..
            } => (table, constraints.iter().collect()),
            Op::AddConstraint {
                table, constraint, ..
            } if !cx.preexisting(table) => (table, vec![constraint]),
            _ => return,
        };
        for c in constraints {
            let ConstraintKind::ForeignKey { referenced, .. } = &c.kind else {
                continue;
            };
            if referenced == table || !cx.preexisting(referenced) {
                continue;
            }
            out.push(
                cx.finding(
                    &META,
                    format!("the foreign key from \"{table}\" takes SHARE ROW EXCLUSIVE on existing table \"{referenced}\""),
                )
                .with_help("set a short lock_timeout before it so that the migration fails fast instead of queueing writes"),
            );
        }
    }
}
