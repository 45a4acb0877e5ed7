//! Catalog queries a revision runs to decide what to do (`SELECT 1 FROM pg_indexes WHERE
//! indexname = 'ix'`, `SELECT c.conname FROM pg_constraint c JOIN pg_class t ON ...`,
//! `SELECT unnest(enum_range(NULL::mood))`), answered from the replayed schema: a small
//! relational evaluator (`eval.rs`, `expr.rs`) over catalog relations materialized from the
//! schema (`relations.rs`). A query is answered only when everything it uses is understood
//! and known; any other query is not known statically (`None`), never answered wrongly. The
//! same evaluator decides the `IF` conditions of `DO` blocks ([`condition`]).

mod eval;
mod expr;
mod information_schema;
mod relations;
mod value;

#[cfg(test)]
mod tests;

use pg_query::protobuf::node::Node as N;

use crate::schema::Schema;
use value::V;

/// A value of a row a catalog query returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Int(i64),
    Str(String),
    Bool(bool),
    Null,
    /// What the query computes from what the replay does not know (a made-up identifier, a
    /// default's text): not known statically.
    Unknown(&'static str),
}

/// The rows a query returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Rows {
    /// The names of the columns (`row.name` reads them).
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Whether their order is PostgreSQL's (an `ORDER BY` without ties, or at most one row):
    /// else `first()` of several rows is not known.
    pub ordered: bool,
}

impl Rows {
    /// Rows in a known order.
    pub fn ordered(columns: Vec<String>, rows: Vec<Vec<Cell>>) -> Rows {
        Rows {
            columns,
            rows,
            ordered: true,
        }
    }
}

/// The rows of `sql` when it is a catalog query driftlock can answer; `path` is the
/// session's `search_path` (`None`: PostgreSQL's default).
pub fn answer(sql: &str, schema: &Schema, path: Option<&[String]>) -> Option<Rows> {
    let parsed = pg_query::parse(sql, 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let Some(N::SelectStmt(select)) = stmt.stmt.as_ref()?.node.as_ref() else {
        return None;
    };
    let catalog = relations::Catalog::new(schema, path.unwrap_or(&default_path()));
    if !literals_resolve(&parsed.protobuf, &catalog) {
        return None;
    }
    let evaluator = eval::Eval::new(&catalog);
    let out = evaluator.select(select, None)?;
    if out.uncertain {
        return None;
    }
    let rows = out
        .rows
        .iter()
        .map(|r| r.iter().map(|v| cell(v, &catalog)).collect())
        .collect();
    Some(Rows {
        columns: out.columns,
        rows,
        ordered: out.ordered,
    })
}

/// The truth of a SQL boolean expression over the catalog (a PL/pgSQL `IF` condition:
/// `EXISTS (catalog query)`, `to_regclass('t') IS NULL`, `NOT`, `AND`, `OR`, ...). `None`
/// when it is not known statically (a PL/pgSQL variable, say).
pub fn condition(expression: &str, schema: &Schema, path: Option<&[String]>) -> Option<bool> {
    let rows = answer(&format!("SELECT ({expression})"), schema, path)?;
    match rows.rows.as_slice() {
        [row] => match row.as_slice() {
            [Cell::Bool(b)] => Some(*b),
            // `IF NULL THEN`: the branch is not taken.
            [Cell::Null] => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Whether every name cast to `regclass`/`regtype`/`regnamespace` in the query names an
/// object: PostgreSQL reads those constants when it plans the query and refuses it otherwise,
/// whether or not a row reaches them.
fn literals_resolve(
    parsed: &pg_query::protobuf::ParseResult,
    catalog: &relations::Catalog,
) -> bool {
    use pg_query::NodeRef;
    parsed.nodes().iter().all(|(node, ..)| {
        let NodeRef::TypeCast(cast) = node else {
            return true;
        };
        let Some(N::AConst(c)) = cast.arg.as_deref().and_then(|a| a.node.as_ref()) else {
            return true;
        };
        let Some(pg_query::protobuf::a_const::Val::Sval(name)) = &c.val else {
            return true;
        };
        let target = cast.type_name.as_ref().and_then(|t| {
            t.names.iter().rev().find_map(|n| match n.node.as_ref() {
                Some(N::String(s)) => Some(s.sval.as_str()),
                _ => None,
            })
        });
        match target {
            Some("regclass") => catalog.class_named(&name.sval).is_some(),
            Some("regtype") => catalog.type_named(&name.sval).is_some(),
            Some("regnamespace") => catalog.namespace_named(&name.sval).is_some(),
            _ => true,
        }
    })
}

fn default_path() -> Vec<String> {
    vec!["$user".to_string(), "public".to_string()]
}

/// A value as the revision's Python sees it: names and text as strings, `regclass` as its
/// name; made-up numbers and arrays are not known.
fn cell(v: &V, catalog: &relations::Catalog) -> Cell {
    match v {
        V::Null => Cell::Null,
        V::Bool(b) => Cell::Bool(*b),
        V::Int(i) => Cell::Int(*i),
        V::Text(s) | V::Name(s) => Cell::Str(s.clone()),
        V::RegClass(_) | V::RegType(_) | V::RegNamespace(_) => catalog
            .display(v)
            .map_or(Cell::Unknown("an object's name"), Cell::Str),
        V::Oid(_) | V::Ord(_) => Cell::Unknown("a number only the database knows"),
        V::Array(_) | V::Set(_) => Cell::Unknown("an array of a catalog query"),
        V::NotNullName => Cell::Unknown("the name PostgreSQL gives a NOT NULL column"),
        V::Unknown(why) => Cell::Unknown(why),
    }
}
