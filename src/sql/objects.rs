//! Views, materialized views, functions, procedures and triggers: what a view's query reads,
//! a function's signature and attributes.

use super::types::column_type;
use super::{qual, strings, Attempt};
use crate::ir::{ColumnUse, FunctionDef, QualName, RelationUse, ViewDef, Volatility};
use pg_query::protobuf::{self, node::Node as N};

/// What a view's query reads: the relations it names (common table expressions left out) and
/// its column references, for the replay to resolve against the catalog.
pub(super) fn view_def(
    name: QualName,
    query: Option<&protobuf::Node>,
    materialized: bool,
    or_replace: bool,
    if_not_exists: bool,
) -> Attempt<ViewDef> {
    let query = query
        .and_then(|q| q.node.as_ref())
        .ok_or("a view without its query")?;
    let nodes = query.nodes();
    let ctes: Vec<&str> = nodes
        .iter()
        .filter_map(|(n, ..)| match n {
            pg_query::NodeRef::CommonTableExpr(c) => Some(c.ctename.as_str()),
            _ => None,
        })
        .collect();
    // With common table expressions or subqueries in FROM, an unqualified `*` may be theirs:
    // it is not taken for every column of the tables read.
    let nested = !ctes.is_empty()
        || nodes
            .iter()
            .any(|(n, ..)| matches!(n, pg_query::NodeRef::RangeSubselect(_)));
    let mut reads = Vec::new();
    let mut columns = Vec::new();
    for (node, ..) in &nodes {
        match node {
            pg_query::NodeRef::RangeVar(rv) => {
                if rv.schemaname.is_empty() && ctes.contains(&rv.relname.as_str()) {
                    continue;
                }
                reads.push(RelationUse {
                    name: QualName::new(
                        (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
                        rv.relname.clone(),
                    ),
                    alias: rv.alias.as_ref().map(|a| a.aliasname.clone()),
                });
            }
            pg_query::NodeRef::ColumnRef(c) => {
                let star = matches!(
                    c.fields.last().and_then(|f| f.node.as_ref()),
                    Some(N::AStar(_))
                );
                let names = strings(&c.fields);
                let (qualifier, column) = if star {
                    if names.is_empty() && nested {
                        continue;
                    }
                    (names.last().cloned(), None)
                } else {
                    match names.as_slice() {
                        [] => continue,
                        [column] => (None, Some(column.clone())),
                        [.., q, column] => (Some(q.clone()), Some(column.clone())),
                    }
                };
                columns.push(ColumnUse { qualifier, column });
            }
            _ => {}
        }
    }
    Ok(ViewDef {
        name,
        materialized,
        or_replace,
        if_not_exists,
        reads,
        columns,
    })
}

/// An argument type as `format_type` prints it where driftlock knows the type, else as
/// written.
pub(super) fn argument_type(tn: &protobuf::TypeName) -> String {
    match column_type(tn) {
        Ok((ty, false)) => ty.to_string(),
        _ => {
            let mut written = strings(&tn.names).join(".");
            if !tn.array_bounds.is_empty() {
                written.push_str("[]");
            }
            written
        }
    }
}

/// A function's name and input argument types from `name(args)` in `DROP`/`ALTER FUNCTION`;
/// no types when the argument list is left out.
pub(super) fn routine(node: &protobuf::Node) -> Attempt<(QualName, Option<Vec<String>>)> {
    let Some(N::ObjectWithArgs(o)) = node.node.as_ref() else {
        return Err("a function name driftlock cannot read".into());
    };
    let name = qual(&o.objname).ok_or("a function name driftlock cannot read")?;
    if o.args_unspecified {
        return Ok((name, None));
    }
    let mut args = Vec::new();
    for a in &o.objargs {
        match a.node.as_ref() {
            Some(N::TypeName(tn)) => args.push(argument_type(tn)),
            _ => return Err("a function argument type driftlock cannot read".into()),
        }
    }
    Ok((name, Some(args)))
}

pub(super) fn function_def(f: &protobuf::CreateFunctionStmt) -> Attempt<FunctionDef> {
    use protobuf::FunctionParameterMode as M;
    let name = qual(&f.funcname).ok_or("a function name driftlock cannot read")?;
    let mut args = Vec::new();
    for p in &f.parameters {
        let Some(N::FunctionParameter(p)) = p.node.as_ref() else {
            return Err("a function parameter driftlock cannot read".into());
        };
        let mode = M::try_from(p.mode).unwrap_or(M::Undefined);
        if matches!(mode, M::FuncParamOut | M::FuncParamTable) {
            continue;
        }
        let tn = p
            .arg_type
            .as_ref()
            .ok_or("a function parameter without a type")?;
        args.push(argument_type(tn));
    }
    let mut def = FunctionDef {
        name,
        args,
        procedure: f.is_procedure,
        language: "sql".into(),
        volatility: Volatility::default(),
        security_definer: false,
        sets_search_path: false,
        or_replace: f.replace,
    };
    for option in &f.options {
        let Some(N::DefElem(d)) = option.node.as_ref() else {
            continue;
        };
        let arg = d.arg.as_deref().and_then(|a| a.node.as_ref());
        match (d.defname.as_str(), arg) {
            ("language", Some(N::String(l))) => def.language = l.sval.to_lowercase(),
            ("volatility", Some(N::String(v))) => {
                def.volatility = match v.sval.as_str() {
                    "immutable" => Volatility::Immutable,
                    "stable" => Volatility::Stable,
                    _ => Volatility::Volatile,
                }
            }
            ("security", Some(N::Boolean(b))) => def.security_definer = b.boolval,
            ("set", Some(N::VariableSetStmt(v))) if v.name == "search_path" => {
                def.sets_search_path = true
            }
            _ => {}
        }
    }
    Ok(def)
}
