//! The rows a history's own data statements leave in its tables, where every one of them is
//! known: a table the history creates starts empty, `op.bulk_insert` of literal rows adds
//! them, and any other data statement (or one whose target is not known) makes the rows
//! unknown. A revision that branches on such a row (a version row written by the first
//! revision and read back with an ORM query by a later one) is then replayed as it runs on a
//! new database.

use std::collections::BTreeMap;

pub use crate::eval::value::Row;
use crate::eval::Value;
use crate::schema::Key;

/// Per table: its rows when all are known, `None` when not.
#[derive(Default, Clone)]
pub struct Rows {
    tables: BTreeMap<Key, Option<Vec<Row>>>,
}

impl Rows {
    /// A table the history created: no rows yet.
    pub fn created(&mut self, table: Key) {
        self.tables.insert(table, Some(Vec::new()));
    }

    pub fn dropped(&mut self, table: &Key) {
        self.tables.remove(table);
    }

    pub fn renamed(&mut self, from: &Key, to: Key) {
        if let Some(rows) = self.tables.remove(from) {
            self.tables.insert(to, rows);
        }
    }

    /// Rows added to a table: known (`Some`) or not.
    pub fn inserted(&mut self, table: &Key, rows: Option<Vec<Row>>) {
        if let Some(known) = self.tables.get_mut(table) {
            match (known.as_mut(), rows) {
                (Some(existing), Some(rows)) => existing.extend(rows),
                _ => *known = None,
            }
        }
    }

    /// A data statement that writes one table: rows added make its rows unknown; rows
    /// changed or deleted leave an empty table empty.
    pub fn written(&mut self, table: &Key, effect: crate::ir::RowEffect) {
        if let Some(known) = self.tables.get_mut(table) {
            let stays_empty = effect == crate::ir::RowEffect::Changes
                && known.as_ref().is_some_and(|rows| rows.is_empty());
            if !stays_empty {
                *known = None;
            }
        }
    }

    /// `TRUNCATE`: the table holds no row.
    pub fn emptied(&mut self, table: &Key) {
        if let Some(known) = self.tables.get_mut(table) {
            *known = Some(Vec::new());
        }
    }

    /// A data statement whose effect is not followed: no table's rows are known.
    pub fn all_unknown(&mut self) {
        for rows in self.tables.values_mut() {
            *rows = None;
        }
    }

    pub fn of(&self, table: &Key) -> Option<&Vec<Row>> {
        self.tables.get(table)?.as_ref()
    }
}

/// The literal rows of `op.bulk_insert(table, rows)`: a list of dicts whose keys are strings
/// and whose values are constants; `None` when any is not.
pub fn literal_rows(rows: Option<&Value>) -> Option<Vec<Row>> {
    let Some(Value::List(items) | Value::Tuple(items)) = rows else {
        return None;
    };
    items
        .iter()
        .map(|item| {
            let Value::Dict(pairs) = item else {
                return None;
            };
            pairs
                .iter()
                .map(|(k, v)| match v {
                    Value::Str(_)
                    | Value::Int(_)
                    | Value::Float(_)
                    | Value::Bool(_)
                    | Value::None => Some((k.as_str()?.to_string(), v.clone())),
                    _ => None,
                })
                .collect()
        })
        .collect()
}
