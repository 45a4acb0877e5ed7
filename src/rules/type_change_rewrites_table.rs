//! Changing a column's type rewrites the table unless the old type converts for free.
//!
//! ## What it flags
//! `op.alter_column(..., type_=...)` / `ALTER COLUMN ... TYPE` on a table that existed before
//! the revision, judged from the column's real old type in the replayed history: `integer` →
//! `bigint`, `varchar(100)` → `varchar(50)`, `text` → `integer`, any `USING`, `timestamp` ↔
//! `timestamptz`, ... Changes PostgreSQL makes without touching the rows are not flagged:
//! `varchar(n)` → `varchar(m ≥ n)`, `varchar`/`text` either way, `numeric(p,s)` →
//! `numeric(p' ≥ p,s)` or unconstrained, a longer `varbit`, more fractional-second precision,
//! `cidr` → `inet`.
//!
//! ## Why it hurts
//! A rewrite copies the whole table and rebuilds its indexes while ACCESS EXCLUSIVE blocks reads
//! and writes, and needs up to twice the table's disk space.
//!
//! With table statistics (`check --table-stats`, docs/table-stats.md) it drops to `info` on a
//! small table; on a large one the message estimates the rewrite's duration at the measured
//! rate.
//!
//! ## Example
//! ```python
//! op.alter_column("events", "id", type_=sa.BigInteger, existing_type=sa.Integer)
//! ```
//!
//! ## Use instead
//! Add a new column of the new type, write both (trigger or application), backfill in batches,
//! then switch reads and drop the old column.
use super::prelude::*;
use crate::schema::{BaseType, SqlType};

rule_meta!(
    "TYP001",
    "type-change-rewrites-table",
    Type,
    Error,
    include_str!("type_change_rewrites_table.rs")
);

pub struct Check;

fn wider(new: Option<u32>, old: Option<u32>) -> bool {
    match (old, new) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(o), Some(n)) => n >= o,
    }
}

/// Whether PostgreSQL changes `old` to `new` without rewriting the table (binary-coercible,
/// or a relaxed length or precision limit).
pub fn changes_in_place(old: &SqlType, new: &SqlType) -> bool {
    if old == new {
        return true;
    }
    if old.array != new.array {
        return false;
    }
    use BaseType as B;
    match (&old.base, &new.base) {
        (B::Varchar(o), B::Varchar(n)) => wider(*n, *o),
        (B::Varchar(_), B::Text) | (B::Text, B::Varchar(None)) => true,
        (B::Numeric(o), B::Numeric(n)) => match (o, n) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some((op, os)), Some((np, ns))) => ns == os && np >= op,
        },
        (
            B::Bit {
                varying: true,
                length: o,
            },
            B::Bit {
                varying: true,
                length: n,
            },
        ) => wider(*n, *o),
        (
            B::Timestamp {
                tz: a,
                precision: o,
            },
            B::Timestamp {
                tz: b,
                precision: n,
            },
        )
        | (
            B::Time {
                tz: a,
                precision: o,
            },
            B::Time {
                tz: b,
                precision: n,
            },
        ) => a == b && wider(*n, *o),
        (
            B::Interval {
                fields: a,
                precision: o,
            },
            B::Interval {
                fields: b,
                precision: n,
            },
        ) => a == b && wider(*n, *o),
        (B::Builtin("cidr"), B::Builtin("inet")) => true,
        _ => false,
    }
}

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &OpContext<'_>, out: &mut Vec<Diagnostic>) {
        let Op::AlterColumn {
            table,
            column,
            change,
        } = cx.op
        else {
            return;
        };
        let Some(new) = &change.ty else { return };
        let Some(t) = cx.existing(table) else { return };
        let Some(c) = t.column(column) else { return };
        let old = &c.ty;
        let trivial_using = change.using.as_deref().is_none_or(|u| {
            let u: String = u
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '"')
                .collect();
            u == *column || u.starts_with(&format!("{column}::"))
        });
        if trivial_using && changes_in_place(old, new) {
            return;
        }
        let mut d = cx.finding(
            &META,
            format!("changing \"{table}.{column}\" from {old} to {new} rewrites existing table \"{table}\" and its indexes under an ACCESS EXCLUSIVE lock"),
        )
        .costing(cx.cost(table, Work::Rewrite))
        .with_help("add a column of the new type, backfill it in batches, switch readers, then drop the old column");
        if matches!((&old.base, &new.base), (BaseType::Timestamp { tz: a, .. }, BaseType::Timestamp { tz: b, .. }) if a != b)
        {
            d = d.with_note("timestamp <-> timestamptz skips the rewrite on PostgreSQL 12+ only when the session TimeZone is UTC");
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(b: BaseType) -> SqlType {
        SqlType::new(b)
    }

    #[test]
    fn judges_from_the_old_type() {
        assert!(changes_in_place(
            &t(BaseType::Varchar(Some(50))),
            &t(BaseType::Varchar(Some(100)))
        ));
        assert!(!changes_in_place(
            &t(BaseType::Varchar(Some(100))),
            &t(BaseType::Varchar(Some(50)))
        ));
        assert!(changes_in_place(
            &t(BaseType::Varchar(Some(50))),
            &t(BaseType::Text)
        ));
        assert!(!changes_in_place(
            &t(BaseType::Text),
            &t(BaseType::Varchar(Some(50)))
        ));
        assert!(!changes_in_place(
            &t(BaseType::Integer),
            &t(BaseType::BigInt)
        ));
        assert!(changes_in_place(
            &t(BaseType::Numeric(Some((10, 2)))),
            &t(BaseType::Numeric(Some((12, 2))))
        ));
        assert!(!changes_in_place(
            &t(BaseType::Numeric(Some((10, 2)))),
            &t(BaseType::Numeric(Some((12, 3))))
        ));
        assert!(!changes_in_place(
            &t(BaseType::Timestamp {
                tz: false,
                precision: None
            }),
            &t(BaseType::Timestamp {
                tz: true,
                precision: None
            })
        ));
    }
}
