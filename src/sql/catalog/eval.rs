//! `SELECT`s over the catalog relations: `FROM` with comma and `[INNER|LEFT] JOIN ... ON`
//! (nested loops), subqueries and `unnest(...)` in `FROM`, `WHERE`, the select list
//! (set-returning `unnest` expanded, aggregates over the one group of a query without
//! `GROUP BY`), `DISTINCT`, `ORDER BY`, `LIMIT`/`OFFSET`. What PostgreSQL leaves unspecified
//! is not answered: which rows a `LIMIT` keeps of an unordered result, or the order of ties
//! (the result says whether its order is known). A budget of steps bounds the work, so a
//! query over a large schema gives up rather than stalls the replay.

use std::cell::Cell;
use std::cmp::Ordering;

use pg_query::protobuf::{self, node::Node as N};

use super::expr::has_aggregate;
use super::relations::Catalog;
use super::value::{equal, order, V};

/// Steps one query may take (rows joined and filtered, expressions evaluated).
const BUDGET: u64 = 5_000_000;

/// Rows a `FROM` may hold at once (a cross join of large relations gives up early).
const MAX_ROWS: usize = 200_000;

/// What a query returns.
pub(super) struct Output {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<V>>,
    /// Whether PostgreSQL's order of the rows is known (an `ORDER BY` without ties, or at
    /// most one row).
    pub ordered: bool,
    /// Whether more rows may match than `rows` (a condition on a value the replay does not
    /// know): `EXISTS` is still true when a row is certain, anything else is not known.
    pub uncertain: bool,
}

/// A row of a `FROM`, and whether it is only maybe there (its `ON` condition not known).
type Candidate = (Vec<V>, bool);

/// The evaluator of one query over one catalog.
pub(super) struct Eval<'c, 's> {
    pub cat: &'c Catalog<'s>,
    steps: Cell<u64>,
}

/// The columns of the rows a `FROM` produces: (qualifier, name).
type Layout = Vec<(String, String)>;

/// Where an expression's column references are looked up: the current row of the query,
/// then the rows of the queries around it (a correlated subquery).
pub(super) struct Env<'a> {
    layout: &'a [(String, String)],
    row: Option<&'a [V]>,
    /// The rows of the one group, while the select list of an aggregate query is evaluated.
    pub group: Option<&'a [Vec<V>]>,
    outer: Option<&'a Env<'a>>,
}

impl<'a> Env<'a> {
    /// The same scope on one row of its group (an aggregate's argument).
    pub(super) fn with_row(&'a self, row: &'a [V]) -> Env<'a> {
        Env {
            layout: self.layout,
            row: Some(row),
            group: None,
            outer: self.outer,
        }
    }

    /// A column by `name` or `qualifier.name`: the innermost query that has it; `None` when
    /// none has it, or it is ambiguous.
    pub(super) fn lookup(&self, fields: &[&str]) -> Option<V> {
        let mut scope = Some(self);
        while let Some(env) = scope {
            let found: Vec<usize> = env
                .layout
                .iter()
                .enumerate()
                .filter(|(_, (q, c))| match fields {
                    [name] => c == name,
                    [qualifier, name] => q == qualifier && c == name,
                    _ => false,
                })
                .map(|(i, _)| i)
                .collect();
            match found.as_slice() {
                [] => scope = env.outer,
                [i] => return env.row?.get(*i).cloned(),
                _ => return None,
            }
        }
        None
    }
}

impl<'c, 's> Eval<'c, 's> {
    pub(super) fn new(cat: &'c Catalog<'s>) -> Self {
        Eval {
            cat,
            steps: Cell::new(0),
        }
    }

    /// One step of work; `None` once the budget is spent.
    pub(super) fn tick(&self) -> Option<()> {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        (n <= BUDGET).then_some(())
    }

    pub(super) fn select(&self, s: &protobuf::SelectStmt, outer: Option<&Env>) -> Option<Output> {
        let plain = s.larg.is_none()
            && s.rarg.is_none()
            && s.with_clause.is_none()
            && s.into_clause.is_none()
            && s.group_clause.is_empty()
            && s.having_clause.is_none()
            && s.window_clause.is_empty()
            && s.values_lists.is_empty()
            && s.locking_clause.is_empty();
        if !plain {
            return None;
        }
        let distinct = match s.distinct_clause.as_slice() {
            [] => false,
            // `DISTINCT` is one empty node; `DISTINCT ON (...)` lists expressions.
            [only] if only.node.is_none() => true,
            _ => return None,
        };
        let (layout, rows) = self.rows_of_from(&s.from_clause, outer)?;
        let mut kept = Vec::new();
        let mut uncertain = false;
        for (row, maybe) in rows {
            self.tick()?;
            let env = Env {
                layout: &layout,
                row: Some(&row),
                group: None,
                outer,
            };
            let keep = match s.where_clause.as_deref() {
                Some(w) => truth(&self.expr(w, &env)?)?,
                None => Some(true),
            };
            match (keep, maybe) {
                (Some(false), _) => {}
                (Some(true), false) => kept.push(row),
                _ => uncertain = true,
            }
        }
        let targets = targets(&s.target_list)?;
        let columns: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
        let aggregate = targets.iter().any(|t| t.value.is_some_and(has_aggregate));
        // Each output row with its sort keys.
        let mut out: Vec<(Vec<V>, Vec<V>)> = Vec::new();
        if uncertain && (aggregate || !s.sort_clause.is_empty() || distinct) {
            // Only whether a row exists is still known.
            return Some(Output {
                columns,
                rows: Vec::new(),
                ordered: false,
                uncertain,
            });
        }
        if aggregate {
            let env = Env {
                layout: &layout,
                row: None,
                group: Some(&kept),
                outer,
            };
            let row = self.project(&targets, &env)?;
            for r in row {
                out.push((Vec::new(), r));
            }
        } else {
            for row in &kept {
                let env = Env {
                    layout: &layout,
                    row: Some(row),
                    group: None,
                    outer,
                };
                for projected in self.project(&targets, &env)? {
                    let keys = self.sort_keys(&s.sort_clause, &env, &columns, &projected)?;
                    out.push((keys, projected));
                }
            }
        }
        let mut ordered = s.from_clause.is_empty() || out.len() <= 1;
        if !s.sort_clause.is_empty() && !aggregate {
            let directions = s
                .sort_clause
                .iter()
                .map(|n| match n.node.as_ref()? {
                    N::SortBy(b) => Some((b.sortby_dir(), b.sortby_nulls())),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            let mut failed = false;
            out.sort_by(|a, b| match compare_keys(&a.0, &b.0, &directions) {
                Some(o) => o,
                None => {
                    failed = true;
                    Ordering::Equal
                }
            });
            if failed {
                return None;
            }
            // Ties between different rows leave their order to PostgreSQL.
            ordered = true;
            for pair in out.windows(2) {
                if compare_keys(&pair[0].0, &pair[1].0, &directions)? == Ordering::Equal
                    && !same_row(&pair[0].1, &pair[1].1)?
                {
                    ordered = false;
                }
            }
        }
        let mut rows: Vec<Vec<V>> = out.into_iter().map(|(_, r)| r).collect();
        if distinct {
            let mut unique: Vec<Vec<V>> = Vec::new();
            for row in rows {
                let mut seen = false;
                for u in &unique {
                    self.tick()?;
                    seen |= same_row(u, &row)?;
                }
                if !seen {
                    unique.push(row);
                }
            }
            if s.sort_clause.is_empty() && unique.len() > 1 {
                ordered = false;
            }
            rows = unique;
        }
        let offset = limit_value(s.limit_offset.as_deref())?.unwrap_or(0);
        let limit = limit_value(s.limit_count.as_deref())?;
        if s.limit_option() == protobuf::LimitOption::WithTies {
            return None;
        }
        let cut = offset > 0 || limit.is_some_and(|l| l < rows.len());
        if cut && !ordered {
            // Which rows are kept is PostgreSQL's choice, unless they are all the same.
            for pair in rows.windows(2) {
                if !same_row(&pair[0], &pair[1])? {
                    return None;
                }
            }
        }
        let rows: Vec<Vec<V>> = rows
            .into_iter()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        let ordered = ordered || rows.len() <= 1;
        Some(Output {
            columns,
            rows,
            ordered,
            uncertain,
        })
    }

    /// The values of the select list for one row: several rows when a set-returning
    /// function gives several (PostgreSQL pads the shorter ones with NULL).
    fn project(&self, targets: &[Target], env: &Env) -> Option<Vec<Vec<V>>> {
        let mut values = Vec::new();
        for t in targets {
            values.push(match t.value {
                Some(node) => self.expr(node, env)?,
                None => V::Unknown("a column of `*`"),
            });
        }
        let sets: Vec<usize> = values
            .iter()
            .filter_map(|v| match v {
                V::Set(items) => Some(items.len()),
                _ => None,
            })
            .collect();
        let Some(n) = sets.iter().max().copied() else {
            return Some(vec![values]);
        };
        Some(
            (0..n)
                .map(|i| {
                    values
                        .iter()
                        .map(|v| match v {
                            V::Set(items) => items.get(i).cloned().unwrap_or(V::Null),
                            other => other.clone(),
                        })
                        .collect()
                })
                .collect(),
        )
    }

    /// The sort keys of one output row: an output column by number or name, else an
    /// expression of the row.
    fn sort_keys(
        &self,
        sort: &[protobuf::Node],
        env: &Env,
        columns: &[String],
        projected: &[V],
    ) -> Option<Vec<V>> {
        let mut keys = Vec::new();
        for item in sort {
            let N::SortBy(by) = item.node.as_ref()? else {
                return None;
            };
            if !by.use_op.is_empty() {
                return None;
            }
            let node = by.node.as_deref()?;
            let key = match node.node.as_ref()? {
                N::AConst(c) => match &c.val {
                    Some(protobuf::a_const::Val::Ival(i)) => projected
                        .get(usize::try_from(i.ival).ok()?.checked_sub(1)?)?
                        .clone(),
                    _ => return None,
                },
                N::ColumnRef(c) if c.fields.len() == 1 => {
                    let name = match c.fields[0].node.as_ref()? {
                        N::String(s) => s.sval.as_str(),
                        _ => return None,
                    };
                    match columns.iter().position(|c| c == name) {
                        Some(i) => projected.get(i)?.clone(),
                        None => self.expr(node, env)?,
                    }
                }
                _ => self.expr(node, env)?,
            };
            if matches!(key, V::Set(_)) {
                return None;
            }
            keys.push(key);
        }
        Some(keys)
    }

    /// The rows of a `FROM` list: the cross product of its items.
    fn rows_of_from(
        &self,
        items: &[protobuf::Node],
        outer: Option<&Env>,
    ) -> Option<(Layout, Vec<Candidate>)> {
        let mut layout = Layout::new();
        let mut rows: Vec<Candidate> = vec![(Vec::new(), false)];
        for item in items {
            let (l, r) = self.rows_of_item(item, outer)?;
            let mut product = Vec::new();
            for a in &rows {
                for b in &r {
                    self.tick()?;
                    if product.len() >= MAX_ROWS {
                        return None;
                    }
                    product.push(([a.0.as_slice(), b.0.as_slice()].concat(), a.1 || b.1));
                }
            }
            layout.extend(l);
            rows = product;
        }
        Some((layout, rows))
    }

    fn rows_of_item(
        &self,
        item: &protobuf::Node,
        outer: Option<&Env>,
    ) -> Option<(Layout, Vec<Candidate>)> {
        match item.node.as_ref()? {
            N::RangeVar(rv) => {
                if !rv.catalogname.is_empty() || !rv.inh {
                    return None;
                }
                let relation = self.cat.relation(&rv.schemaname, &rv.relname)?;
                let qualifier = match &rv.alias {
                    Some(a) if !a.colnames.is_empty() => return None,
                    Some(a) => a.aliasname.clone(),
                    None => rv.relname.clone(),
                };
                let layout = relation
                    .columns
                    .iter()
                    .map(|c| (qualifier.clone(), c.to_string()))
                    .collect();
                Some((
                    layout,
                    relation.rows.into_iter().map(|r| (r, false)).collect(),
                ))
            }
            N::JoinExpr(j) => {
                if j.is_natural || !j.using_clause.is_empty() || j.alias.is_some() {
                    return None;
                }
                let left_join = match j.jointype() {
                    protobuf::JoinType::JoinInner => false,
                    protobuf::JoinType::JoinLeft => true,
                    _ => return None,
                };
                let (ll, lr) = self.rows_of_item(j.larg.as_deref()?, outer)?;
                let (rl, rr) = self.rows_of_item(j.rarg.as_deref()?, outer)?;
                let layout: Layout = ll.iter().chain(&rl).cloned().collect();
                let mut rows = Vec::new();
                for (a, a_maybe) in &lr {
                    // Whether a row matched for sure, or maybe.
                    let (mut matched, mut maybe_matched) = (false, false);
                    for (b, b_maybe) in &rr {
                        self.tick()?;
                        if rows.len() >= MAX_ROWS {
                            return None;
                        }
                        let row = [a.as_slice(), b.as_slice()].concat();
                        let env = Env {
                            layout: &layout,
                            row: Some(&row),
                            group: None,
                            outer,
                        };
                        let on = match j.quals.as_deref() {
                            Some(q) => truth(&self.expr(q, &env)?)?,
                            None => Some(true),
                        };
                        match on {
                            Some(false) => {}
                            Some(true) => {
                                let maybe = *a_maybe || *b_maybe;
                                matched |= !maybe;
                                maybe_matched |= maybe;
                                rows.push((row, maybe));
                            }
                            None => {
                                maybe_matched = true;
                                rows.push((row, true));
                            }
                        }
                    }
                    if left_join && !matched {
                        let mut row = a.clone();
                        row.extend(rl.iter().map(|_| V::Null));
                        rows.push((row, *a_maybe || maybe_matched));
                    }
                }
                Some((layout, rows))
            }
            N::RangeSubselect(r) => {
                if r.lateral {
                    return None;
                }
                let alias = r.alias.as_ref()?;
                let N::SelectStmt(inner) = r.subquery.as_deref()?.node.as_ref()? else {
                    return None;
                };
                // Uncorrelated: it sees no column of the query around it.
                let out = self.select(inner, None)?;
                if out.uncertain {
                    return None;
                }
                let names = alias_columns(alias, &out.columns)?;
                let layout = names
                    .into_iter()
                    .map(|c| (alias.aliasname.clone(), c))
                    .collect();
                Some((layout, out.rows.into_iter().map(|r| (r, false)).collect()))
            }
            N::RangeFunction(f) => {
                if f.lateral || f.ordinality || f.is_rowsfrom || !f.coldeflist.is_empty() {
                    return None;
                }
                let [call] = f.functions.as_slice() else {
                    return None;
                };
                let N::List(parts) = call.node.as_ref()? else {
                    return None;
                };
                let function = parts.items.first()?;
                let Some(N::FuncCall(fc)) = function.node.as_ref() else {
                    return None;
                };
                if super::expr::function_name(fc).as_deref() != Some("unnest") {
                    return None;
                }
                let env = Env {
                    layout: &[],
                    row: Some(&[]),
                    group: None,
                    outer: None,
                };
                let V::Set(items) = self.expr(function, &env)? else {
                    return None;
                };
                let (qualifier, column) = match &f.alias {
                    Some(a) => {
                        let names = alias_columns(a, &["unnest".to_string()])?;
                        let [c] = names.as_slice() else {
                            return None;
                        };
                        // `unnest(...) AS x`: the column is named by the alias too.
                        let c = if a.colnames.is_empty() {
                            a.aliasname.clone()
                        } else {
                            c.clone()
                        };
                        (a.aliasname.clone(), c)
                    }
                    None => ("unnest".to_string(), "unnest".to_string()),
                };
                Some((
                    vec![(qualifier, column)],
                    items.into_iter().map(|v| (vec![v], false)).collect(),
                ))
            }
            _ => None,
        }
    }
}

/// A column of the select list: its name (PostgreSQL's, or the alias) and expression
/// (`None` for `*`).
struct Target<'n> {
    name: String,
    value: Option<&'n protobuf::Node>,
}

fn targets(list: &[protobuf::Node]) -> Option<Vec<Target<'_>>> {
    let mut out = Vec::new();
    for t in list {
        let N::ResTarget(r) = t.node.as_ref()? else {
            return None;
        };
        if !r.indirection.is_empty() {
            return None;
        }
        let value = r.val.as_deref()?;
        let star = matches!(value.node.as_ref(), Some(N::ColumnRef(c))
            if c.fields.iter().any(|f| matches!(f.node, Some(N::AStar(_)))));
        out.push(Target {
            name: if r.name.is_empty() {
                column_name(value)
            } else {
                r.name.clone()
            },
            value: (!star).then_some(value),
        });
    }
    Some(out)
}

/// The name PostgreSQL gives an output column without an alias.
fn column_name(node: &protobuf::Node) -> String {
    let name = |nodes: &[protobuf::Node]| {
        nodes.iter().rev().find_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.clone()),
            _ => None,
        })
    };
    let found = match node.node.as_ref() {
        Some(N::ColumnRef(c)) => name(&c.fields),
        Some(N::FuncCall(f)) => name(&f.funcname),
        Some(N::TypeCast(t)) => {
            let inner = t.arg.as_deref().map(column_name);
            match inner {
                Some(n) if n != "?column?" => Some(n),
                _ => t.type_name.as_ref().and_then(|tn| name(&tn.names)),
            }
        }
        Some(N::AIndirection(i)) => i.arg.as_deref().map(column_name),
        Some(N::SubLink(s)) => match s.sub_link_type() {
            protobuf::SubLinkType::ExistsSublink => Some("exists".into()),
            protobuf::SubLinkType::ArraySublink => Some("array".into()),
            _ => s
                .subselect
                .as_deref()
                .and_then(|sub| match sub.node.as_ref() {
                    Some(N::SelectStmt(inner)) => {
                        inner
                            .target_list
                            .first()
                            .and_then(|t| match t.node.as_ref() {
                                Some(N::ResTarget(r)) if !r.name.is_empty() => Some(r.name.clone()),
                                Some(N::ResTarget(r)) => r.val.as_deref().map(column_name),
                                _ => None,
                            })
                    }
                    _ => None,
                }),
        },
        Some(N::CaseExpr(_)) => Some("case".into()),
        Some(N::CoalesceExpr(_)) => Some("coalesce".into()),
        Some(N::AArrayExpr(_)) => Some("array".into()),
        Some(N::SqlvalueFunction(_)) => Some("current_schema".into()),
        _ => None,
    };
    found.unwrap_or_else(|| "?column?".into())
}

/// The column names an alias gives (`AS x(a, b)`), the rest keeping their own.
fn alias_columns(alias: &protobuf::Alias, own: &[String]) -> Option<Vec<String>> {
    if alias.colnames.len() > own.len() {
        return None;
    }
    let mut names = own.to_vec();
    for (i, n) in alias.colnames.iter().enumerate() {
        let N::String(s) = n.node.as_ref()? else {
            return None;
        };
        names[i] = s.sval.clone();
    }
    Some(names)
}

/// A `WHERE` or `ON` condition's value: NULL is false, `Some(None)` a value the replay does
/// not know; `None` for what is not a condition.
fn truth(v: &V) -> Option<Option<bool>> {
    match v {
        V::Bool(b) => Some(Some(*b)),
        V::Null => Some(Some(false)),
        V::Unknown(_) => Some(None),
        _ => None,
    }
}

/// Whether two output rows are the same (as `DISTINCT` compares them: NULLs equal).
fn same_row(a: &[V], b: &[V]) -> Option<bool> {
    if a.len() != b.len() {
        return Some(false);
    }
    for (x, y) in a.iter().zip(b) {
        let same = match (x, y) {
            (V::Null, V::Null) => true,
            (V::Null, V::Unknown(_)) | (V::Unknown(_), V::Null) => return None,
            (V::Null, _) | (_, V::Null) => false,
            _ => equal(x, y).ok()?? == Some(true),
        };
        if !same {
            return Some(false);
        }
    }
    Some(true)
}

/// The order of two rows' sort keys, `ASC`/`DESC` and `NULLS FIRST`/`LAST` (by default NULL
/// is the greatest value); `None` when the order is not known.
fn compare_keys(
    a: &[V],
    b: &[V],
    directions: &[(protobuf::SortByDir, protobuf::SortByNulls)],
) -> Option<Ordering> {
    use protobuf::{SortByDir as D, SortByNulls as Nl};
    for ((x, y), (dir, nulls)) in a.iter().zip(b).zip(directions) {
        let descending = match dir {
            D::SortbyDefault | D::SortbyAsc => false,
            D::SortbyDesc => true,
            _ => return None,
        };
        let nulls_first = match nulls {
            Nl::SortbyNullsDefault => descending,
            Nl::SortbyNullsFirst => true,
            Nl::SortbyNullsLast => false,
            Nl::Undefined => return None,
        };
        let o = match (x, y) {
            (V::Null, V::Null) => Ordering::Equal,
            (V::Null, V::Unknown(_)) | (V::Unknown(_), V::Null) => return None,
            (V::Null, _) => {
                if nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (_, V::Null) => {
                if nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            _ => {
                let o = order(x, y, true).ok()??;
                let o = o?;
                if descending {
                    o.reverse()
                } else {
                    o
                }
            }
        };
        if o != Ordering::Equal {
            return Some(o);
        }
    }
    Some(Ordering::Equal)
}

/// A `LIMIT`/`OFFSET` value: a non-negative integer, or none (`LIMIT ALL`).
fn limit_value(node: Option<&protobuf::Node>) -> Option<Option<usize>> {
    let Some(node) = node else {
        return Some(None);
    };
    match node.node.as_ref()? {
        N::AConst(c) if c.isnull => Some(None),
        N::AConst(c) => match &c.val {
            Some(protobuf::a_const::Val::Ival(i)) => usize::try_from(i.ival).ok().map(Some),
            _ => None,
        },
        _ => None,
    }
}
