//! Queries a revision runs on a table's rows to decide what to do (`SELECT count(*) FROM t`
//! before building an index directly or leaving it to an operator), answered when the replay
//! knows the table's rows: a table the history created and whose data statements it followed
//! (see `alembic/rows.rs`). On a new database such a table is usually empty, and the guard
//! takes its small-table branch.

use pg_query::protobuf::{self, node::Node as N};

use super::catalog::{Cell, Rows};
use crate::ir::QualName;

/// The rows of `sql` (none or one) when it reads one table whose row count `rows_of` knows:
/// an empty table gives `count(...)` 0 and no row for a plain select (whatever its `WHERE`);
/// a table with rows gives its `count(*)` when nothing filters them. `None` otherwise.
pub fn answer(sql: &str, rows_of: impl Fn(&QualName) -> Option<usize>) -> Option<Rows> {
    let row = one_row(sql, rows_of)?;
    let columns = row
        .as_ref()
        .map(|cells| cells.iter().map(|_| "count".to_string()).collect())
        .unwrap_or_default();
    Some(Rows::ordered(columns, row.into_iter().collect()))
}

fn one_row(sql: &str, rows_of: impl Fn(&QualName) -> Option<usize>) -> Option<Option<Vec<Cell>>> {
    let parsed = pg_query::parse(sql, 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let Some(N::SelectStmt(select)) = stmt.stmt.as_ref()?.node.as_ref() else {
        return None;
    };
    if select.larg.is_some()
        || select.with_clause.is_some()
        || !select.group_clause.is_empty()
        || select.having_clause.is_some()
    {
        return None;
    }
    let [from] = select.from_clause.as_slice() else {
        return None;
    };
    let Some(N::RangeVar(rv)) = from.node.as_ref() else {
        return None;
    };
    let table = QualName::new(
        (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
        rv.relname.clone(),
    );
    let count = rows_of(&table)?;
    let targets: Vec<Option<&N>> = select
        .target_list
        .iter()
        .map(|t| match t.node.as_ref() {
            Some(N::ResTarget(r)) => r.val.as_deref().and_then(|v| v.node.as_ref()),
            _ => None,
        })
        .collect();
    let counts = targets
        .iter()
        .all(|t| matches!(t, Some(N::FuncCall(f)) if is_count(f)));
    if counts {
        let filtered = select.where_clause.is_some() || select.limit_offset.is_some();
        return match (count, filtered) {
            (0, _) => Some(Some(vec![Cell::Int(0); targets.len()])),
            (n, false) if targets.iter().all(|t| counts_rows(*t)) => {
                Some(Some(vec![Cell::Int(n as i64); targets.len()]))
            }
            _ => None,
        };
    }
    let aggregates = targets
        .iter()
        .any(|t| matches!(t, Some(N::FuncCall(f)) if f.agg_star || !f.args.is_empty()));
    (count == 0 && !aggregates).then_some(None)
}

fn is_count(f: &protobuf::FuncCall) -> bool {
    let name = f.funcname.iter().rev().find_map(|n| match n.node.as_ref() {
        Some(N::String(s)) => Some(s.sval.to_lowercase()),
        _ => None,
    });
    name.as_deref() == Some("count") && f.agg_filter.is_none() && !f.agg_distinct
}

/// `count(*)` or `count(1)`: every row, whatever its values.
fn counts_rows(target: Option<&N>) -> bool {
    let Some(N::FuncCall(f)) = target else {
        return false;
    };
    let constant = |a: &protobuf::Node| {
        matches!(a.node.as_ref(), Some(N::AConst(c))
            if !c.isnull && matches!(c.val, Some(protobuf::a_const::Val::Ival(_))))
    };
    f.agg_star || matches!(f.args.as_slice(), [a] if constant(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(sql: &str, rows: usize) -> Option<Option<Vec<Cell>>> {
        one_row(sql, |t| (t.name == "jobs").then_some(rows))
    }

    #[test]
    fn an_empty_tables_rows_are_known() {
        assert_eq!(
            ask("SELECT COUNT(*) FROM jobs", 0),
            Some(Some(vec![Cell::Int(0)]))
        );
        assert_eq!(
            ask("select count(id) from public.jobs where state = 'x'", 0),
            Some(Some(vec![Cell::Int(0)]))
        );
        assert_eq!(
            ask("SELECT id FROM jobs WHERE id > 3 LIMIT 1", 0),
            Some(None)
        );
        assert_eq!(
            ask("SELECT count(*) FROM jobs", 3),
            Some(Some(vec![Cell::Int(3)]))
        );
    }

    #[test]
    fn what_the_rows_decide_is_not_answered() {
        assert_eq!(ask("SELECT count(*) FROM jobs WHERE id > 3", 3), None);
        assert_eq!(ask("SELECT count(DISTINCT id) FROM jobs", 0), None);
        assert_eq!(ask("SELECT count(*) FROM other", 0), None);
        assert_eq!(ask("SELECT max(id) FROM jobs", 0), None);
        assert_eq!(ask("SELECT count(*) FROM jobs JOIN other ON true", 0), None);
        assert_eq!(ask("SELECT id FROM jobs", 2), None);
    }
}
