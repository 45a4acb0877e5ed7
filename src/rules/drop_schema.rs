//! Dropping a schema or a database destroys everything in it.
//!
//! ## What it flags
//! `DROP SCHEMA` (of a schema that held tables) and `DROP DATABASE` in a migration.
//!
//! ## Why it hurts
//! Everything inside is gone, with `CASCADE` even objects no migration knows about. A
//! migration is the wrong place for it: it runs on every environment, production included.
//!
//! ## Example
//! ```python
//! op.execute("DROP SCHEMA reporting CASCADE")
//! ```
//!
//! ## Use instead
//! Drop the objects one by one, each reviewed, or do it by hand after a backup.
use super::prelude::*;

rule_meta!(
    "DST001",
    "drop-schema",
    Destructive,
    Error,
    include_str!("drop_schema.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let message = match cx.op {
            Op::DropSchema { name, .. } => {
                let tables = cx.before.tables.keys().filter(|(s, _)| s == name).count();
                if tables == 0 {
                    return;
                }
                format!("DROP SCHEMA \"{name}\" destroys its {tables} table(s) and everything else in it")
            }
            Op::Statement(Statement::DropDatabase { name }) => {
                format!("DROP DATABASE \"{name}\" in a migration destroys a whole database")
            }
            _ => return,
        };
        out.push(
            cx.finding(&META, message)
                .with_help("drop the objects one by one, or do it by hand after a backup"),
        );
    }
}
