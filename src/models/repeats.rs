//! Unique constraints of the metadata that PostgreSQL's `CREATE TABLE` drops because they
//! repeat the primary key or an earlier one on the same columns
//! (`schema::merge_repeated_keys`): the database `create_all()` builds lacks them, while
//! Alembic's comparison still looks for them (`drift`).

use crate::schema::{key, Key};

/// A unique constraint of the metadata that `CREATE TABLE` dropped (see
/// [`super::Origins::repeated_keys`]).
#[derive(Debug, Clone)]
pub struct RepeatedKey {
    pub table: Key,
    /// Its name, PostgreSQL's when it has none.
    pub name: String,
    /// Whether the metadata names it (itself or by a naming convention).
    pub named: bool,
    pub columns: Vec<String>,
}

/// The unique constraints the last `CREATE TABLE` of `table` among `ops` drops as repeats
/// (see [`super::Origins::repeated_keys`]).
pub(super) fn repeated_keys(ops: &[crate::ir::Located], table: &Key) -> Vec<RepeatedKey> {
    let Some(constraints) = created_constraints(ops, table) else {
        return Vec::new();
    };
    let (_, dropped) = crate::schema::merge_repeated_keys(constraints);
    dropped
        .into_iter()
        .filter_map(|c| match c.kind {
            crate::pg::ConstraintKind::Unique { mut columns } => {
                let named = c.name.is_some();
                let name = c.name.unwrap_or_else(|| {
                    let joined = crate::pg::names::join_columns(columns.iter().map(String::as_str));
                    crate::pg::names::make_object_name(&table.1, Some(&joined), Some("key"))
                });
                columns.sort();
                Some(RepeatedKey {
                    table: table.clone(),
                    name,
                    named,
                    columns,
                })
            }
            _ => None,
        })
        .collect()
}

/// The columns (sorted) of each unique constraint the last `CREATE TABLE` of `table` among
/// `ops` gives no name (neither the metadata nor its naming convention: PostgreSQL names
/// it), see [`super::Origins::unnamed_uniques`].
pub(super) fn unnamed_uniques(ops: &[crate::ir::Located], table: &Key) -> Vec<(Key, Vec<String>)> {
    created_constraints(ops, table)
        .into_iter()
        .flatten()
        .filter(|c| c.name.is_none())
        .filter_map(|c| match &c.kind {
            crate::pg::ConstraintKind::Unique { columns } => {
                let mut columns = columns.clone();
                columns.sort();
                Some((table.clone(), columns))
            }
            _ => None,
        })
        .collect()
}

/// The constraints of the last `CREATE TABLE` of `table` among `ops`.
fn created_constraints<'o>(
    ops: &'o [crate::ir::Located],
    table: &Key,
) -> Option<&'o Vec<crate::ir::ConstraintDef>> {
    ops.iter().rev().find_map(|l| match &l.op {
        crate::ir::Op::CreateTable {
            table: t,
            constraints,
            ..
        } if key(t) == *table => Some(constraints),
        _ => None,
    })
}
