//! Catalog queries a revision runs to decide what to do (`SELECT 1 FROM pg_indexes WHERE
//! indexname = 'ix'`, `SELECT EXISTS (SELECT ... FROM information_schema.columns WHERE ...)`),
//! answered from the replayed schema: whether the object they look for exists. A query is
//! answered only when every condition of its `WHERE` is understood (a name equal to a
//! literal, a join between the catalog relations, `to_regclass('t')`); any other query is not
//! known statically.

use pg_query::protobuf::{self, node::Node as N};

use crate::schema::{Key, Schema};

/// A value of the row a catalog query returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Int(i64),
    Str(String),
    Bool(bool),
    /// What the query computes from the catalog's other columns: not known statically.
    Unknown(&'static str),
}

/// The rows of `sql` (none or one) when it is a catalog query driftlock can answer.
pub fn answer(sql: &str, schema: &Schema) -> Option<Option<Vec<Cell>>> {
    let parsed = pg_query::parse(sql, 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let Some(N::SelectStmt(select)) = stmt.stmt.as_ref()?.node.as_ref() else {
        return None;
    };
    let found = select_rows(select, schema)?;
    let wanted = Wanted::of(select)?;
    Some(found.then(|| row_values(select, &wanted, schema)))
}

/// What the select list gives for the one row: literals, `count(*)` (1), `EXISTS (...)`, a
/// name column the conditions fix (`SELECT conname ... WHERE conname = 'x'`); anything else
/// is not known statically.
fn row_values(select: &protobuf::SelectStmt, wanted: &Wanted, schema: &Schema) -> Vec<Cell> {
    select
        .target_list
        .iter()
        .map(|t| {
            let Some(N::ResTarget(target)) = t.node.as_ref() else {
                return Cell::Unknown("a column of a catalog query");
            };
            match target.val.as_deref().and_then(|v| v.node.as_ref()) {
                Some(N::AConst(c)) => constant(c),
                Some(N::ColumnRef(c)) => column_name(c)
                    .and_then(|n| wanted.get(&[n.as_str()]).map(|v| Cell::Str(v.to_string())))
                    .unwrap_or(Cell::Unknown("a column of a catalog query")),
                Some(N::FuncCall(f)) if function_name(f) == "count" => Cell::Int(1),
                Some(N::SubLink(s)) => exists(s, schema)
                    .map(Cell::Bool)
                    .unwrap_or(Cell::Unknown("a subquery of a catalog query")),
                _ => Cell::Unknown("a column of a catalog query"),
            }
        })
        .collect()
}

fn constant(c: &protobuf::AConst) -> Cell {
    match &c.val {
        Some(protobuf::a_const::Val::Ival(i)) => Cell::Int(i.ival as i64),
        Some(protobuf::a_const::Val::Sval(s)) => Cell::Str(s.sval.clone()),
        Some(protobuf::a_const::Val::Boolval(b)) => Cell::Bool(b.boolval),
        _ => Cell::Unknown("a constant of a catalog query"),
    }
}

fn function_name(f: &protobuf::FuncCall) -> String {
    f.funcname
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.to_lowercase()),
            _ => None,
        })
        .next_back()
        .unwrap_or_default()
}

/// `EXISTS (SELECT ...)`: whether its query finds a row.
fn exists(s: &protobuf::SubLink, schema: &Schema) -> Option<bool> {
    if s.sub_link_type() != protobuf::SubLinkType::ExistsSublink {
        return None;
    }
    match s.subselect.as_deref()?.node.as_ref()? {
        N::SelectStmt(inner) => select_rows(inner, schema),
        _ => None,
    }
}

/// Whether the query finds a row: `None` when it is not a catalog query driftlock reads.
fn select_rows(select: &protobuf::SelectStmt, schema: &Schema) -> Option<bool> {
    if select.from_clause.is_empty() {
        // `SELECT EXISTS (...)`: a row always; what it holds is the subquery's answer.
        let all_known = select.target_list.iter().all(|t| {
            matches!(t.node.as_ref(), Some(N::ResTarget(r))
                if matches!(r.val.as_deref().and_then(|v| v.node.as_ref()),
                    Some(N::SubLink(s)) if exists(s, schema).is_some()))
        });
        return all_known.then_some(true);
    }
    let mut relations = Vec::new();
    for item in &select.from_clause {
        from_item(item, &mut relations)?;
    }
    let wanted = Wanted::of(select)?;
    let catalog = Catalog::of(&relations)?;
    Some(catalog.finds(&wanted, schema))
}

/// The relations of a `FROM` item (joins flattened; their `ON` conditions are joins between
/// catalog relations, which the answer does not need).
fn from_item(node: &protobuf::Node, out: &mut Vec<String>) -> Option<()> {
    match node.node.as_ref()? {
        N::RangeVar(rv) => {
            out.push(rv.relname.to_lowercase());
            Some(())
        }
        N::JoinExpr(j) => {
            from_item(j.larg.as_deref()?, out)?;
            from_item(j.rarg.as_deref()?, out)
        }
        _ => None,
    }
}

/// The names a query's conditions ask for, by the catalog column that holds them.
#[derive(Default)]
struct Wanted {
    /// (column, value): `relname = 'x'`, `table_name = 'x'`, ...
    names: Vec<(String, String)>,
    /// `indrelid = to_regclass('t')` / `conrelid = 't'::regclass`: the table it is on.
    table: Option<String>,
}

impl Wanted {
    /// What the query's `WHERE` asks for; `None` when a condition is not understood.
    fn of(select: &protobuf::SelectStmt) -> Option<Wanted> {
        let mut wanted = Wanted::default();
        if let Some(condition) = select.where_clause.as_deref() {
            conditions(condition, &mut wanted)?;
        }
        Some(wanted)
    }

    fn get(&self, columns: &[&str]) -> Option<&str> {
        self.names
            .iter()
            .find(|(c, _)| columns.contains(&c.as_str()))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads `AND`ed conditions; `None` for any condition it does not understand.
fn conditions(node: &protobuf::Node, wanted: &mut Wanted) -> Option<()> {
    match node.node.as_ref()? {
        N::BoolExpr(b) if b.boolop() == protobuf::BoolExprType::AndExpr => {
            for arg in &b.args {
                conditions(arg, wanted)?;
            }
            Some(())
        }
        N::AExpr(e) if e.kind() == protobuf::AExprKind::AexprOp && operator(e) == "=" => {
            let left = e.lexpr.as_deref()?.node.as_ref()?;
            let right = e.rexpr.as_deref()?.node.as_ref()?;
            match (left, right) {
                (N::ColumnRef(c), other) | (other, N::ColumnRef(c)) => {
                    let column = column_name(c)?;
                    match other {
                        // A join between catalog relations (`c.oid = i.indexrelid`).
                        N::ColumnRef(_) => Some(()),
                        _ => {
                            let value = literal(other)?;
                            if column.ends_with("relid") || column == "oid" {
                                wanted.table = Some(value);
                            } else {
                                wanted.names.push((column, value));
                            }
                            Some(())
                        }
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn operator(e: &protobuf::AExpr) -> String {
    e.name
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.clone()),
            _ => None,
        })
        .collect()
}

fn column_name(c: &protobuf::ColumnRef) -> Option<String> {
    match c.fields.last()?.node.as_ref()? {
        N::String(s) => Some(s.sval.to_lowercase()),
        _ => None,
    }
}

/// `'x'`, `'x'::regclass`, `to_regclass('x')`: the name.
fn literal(node: &N) -> Option<String> {
    match node {
        N::AConst(c) => match &c.val {
            Some(protobuf::a_const::Val::Sval(s)) => Some(s.sval.clone()),
            _ => None,
        },
        N::TypeCast(t) => literal(t.arg.as_deref()?.node.as_ref()?),
        N::FuncCall(f) if function_name(f) == "to_regclass" && f.args.len() == 1 => {
            literal(f.args[0].node.as_ref()?)
        }
        _ => None,
    }
}

/// Which catalog the query reads, by the relations of its `FROM`.
enum Catalog {
    Indexes,
    Tables,
    Columns,
    Constraints,
    Types,
    /// `pg_class` alone: any relation (table, index, sequence, view).
    Relations,
}

impl Catalog {
    fn of(relations: &[String]) -> Option<Catalog> {
        let has = |n: &str| relations.iter().any(|r| r == n);
        let known = [
            "pg_indexes",
            "pg_index",
            "pg_class",
            "pg_namespace",
            "pg_tables",
            "tables",
            "columns",
            "pg_constraint",
            "pg_type",
            "table_constraints",
        ];
        if !relations.iter().all(|r| known.contains(&r.as_str())) {
            return None;
        }
        Some(if has("pg_indexes") || has("pg_index") {
            Catalog::Indexes
        } else if has("columns") {
            Catalog::Columns
        } else if has("pg_constraint") || has("table_constraints") {
            Catalog::Constraints
        } else if has("pg_type") {
            Catalog::Types
        } else if has("pg_tables") || has("tables") {
            Catalog::Tables
        } else if has("pg_class") {
            Catalog::Relations
        } else {
            return None;
        })
    }

    /// Whether the replayed schema holds what the conditions ask for.
    fn finds(&self, wanted: &Wanted, schema: &Schema) -> bool {
        let in_schema = wanted.get(&["schemaname", "table_schema", "nspname"]);
        let table_named = wanted
            .get(&["tablename", "table_name"])
            .map(str::to_string)
            .or_else(|| wanted.table.clone());
        let tables = schema.tables.iter().filter(|(k, _)| {
            in_schema.is_none_or(|s| k.0 == s)
                && table_named.as_deref().is_none_or(|t| table_matches(k, t))
        });
        match self {
            Catalog::Indexes => {
                let name = wanted.get(&["indexname", "relname"]);
                tables
                    .flat_map(|(_, t)| t.indexes.iter())
                    .any(|i| name.is_none_or(|n| i.name == n))
            }
            Catalog::Columns => {
                let name = wanted.get(&["column_name", "attname"]);
                tables
                    .flat_map(|(_, t)| t.columns.iter())
                    .any(|c| name.is_none_or(|n| c.name == n))
            }
            Catalog::Constraints => {
                let name = wanted.get(&["conname", "constraint_name"]);
                tables
                    .flat_map(|(_, t)| t.constraints.iter())
                    .any(|c| name.is_none_or(|n| c.name == n))
            }
            Catalog::Types => {
                let name = wanted.get(&["typname"]);
                schema
                    .enums
                    .keys()
                    .any(|k| in_schema.is_none_or(|s| k.0 == s) && name.is_none_or(|n| k.1 == n))
            }
            Catalog::Tables => tables.count() > 0,
            Catalog::Relations => match wanted.get(&["relname"]) {
                None => tables.count() > 0,
                Some(n) => {
                    schema.tables.iter().any(|(k, t)| {
                        in_schema.is_none_or(|s| k.0 == s)
                            && (k.1 == n || t.indexes.iter().any(|i| i.name == n))
                    }) || schema.views.keys().any(|k| k.1 == n)
                        || schema.sequences.iter().any(|(k, _)| k.1 == n)
                }
            },
        }
    }
}

/// `t` or `schema.t` names the table at `k`.
fn table_matches(k: &Key, name: &str) -> bool {
    match name.split_once('.') {
        Some((schema, table)) => k.0 == schema && k.1 == table,
        None => k.1 == name,
    }
}
