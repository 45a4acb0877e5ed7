//! `CREATE INDEX`, `COMMENT ON`, and sequence options.

use super::types::{expression, required};
use super::{relation, string_of, strings, Attempt, Lowered};
use crate::ir::{ColumnChange, IndexDef, IndexKey, Op, QualName};
use pg_query::protobuf::{self, node::Node as N, ObjectType};

pub(super) fn index_def(i: &protobuf::IndexStmt) -> Attempt<IndexDef> {
    let table = relation(i.relation.as_ref())?;
    let mut keys = Vec::new();
    for param in &i.index_params {
        let Some(N::IndexElem(e)) = param.node.as_ref() else {
            return Err("an index key driftlock cannot read".into());
        };
        if !e.name.is_empty() {
            keys.push(IndexKey::Column(e.name.clone()));
            continue;
        }
        let expr = required(e.expr.as_deref(), "the index expression")?;
        // `(column)` is a plain column for PostgreSQL too.
        match expr.node.as_ref() {
            Some(N::ColumnRef(r)) if r.fields.len() == 1 && string_of(&r.fields[0]).is_some() => {
                keys.push(IndexKey::Column(string_of(&r.fields[0]).expect("checked")))
            }
            _ => keys.push(IndexKey::Expression(expression(expr)?)),
        }
    }
    let mut include = Vec::new();
    for param in &i.index_including_params {
        match param.node.as_ref() {
            Some(N::IndexElem(e)) if !e.name.is_empty() => include.push(e.name.clone()),
            _ => return Err("an included index column driftlock cannot read".into()),
        }
    }
    Ok(IndexDef {
        name: (!i.idxname.is_empty()).then(|| i.idxname.clone()),
        table,
        unique: i.unique,
        method: if i.access_method.is_empty() {
            "btree".into()
        } else {
            i.access_method.to_lowercase()
        },
        keys,
        include,
        predicate: i.where_clause.as_deref().map(expression).transpose()?,
        if_not_exists: i.if_not_exists,
        concurrently: i.concurrent,
        only: i.relation.as_ref().is_some_and(|r| !r.inh),
    })
}

pub(super) fn comment(c: &protobuf::CommentStmt, out: &mut Lowered) -> Attempt<()> {
    // PostgreSQL removes the comment for NULL and for an empty string alike.
    let text = (!c.comment.is_empty()).then(|| c.comment.clone());
    let parts = match c.object.as_deref().and_then(|o| o.node.as_ref()) {
        Some(N::List(l)) => strings(&l.items),
        _ => Vec::new(),
    };
    match ObjectType::try_from(c.objtype).unwrap_or(ObjectType::Undefined) {
        ObjectType::ObjectTable => {
            let table = match parts.as_slice() {
                [t] => QualName::new(None, t.clone()),
                [s, t] | [_, s, t] => QualName::new(Some(s.clone()), t.clone()),
                _ => return Err("COMMENT ON TABLE with a name driftlock cannot read".into()),
            };
            out.ops.push(Op::SetTableComment {
                table,
                comment: text,
            });
        }
        ObjectType::ObjectColumn => {
            let (table, column) = match parts.as_slice() {
                [t, c] => (QualName::new(None, t.clone()), c.clone()),
                [s, t, c] | [_, s, t, c] => (QualName::new(Some(s.clone()), t.clone()), c.clone()),
                _ => return Err("COMMENT ON COLUMN with a name driftlock cannot read".into()),
            };
            out.ops.push(Op::AlterColumn {
                table,
                column,
                change: ColumnChange {
                    comment: Some(text),
                    ..Default::default()
                },
            });
        }
        // Comments on indexes, constraints, types, ... are not part of the catalog.
        _ => {}
    }
    Ok(())
}

/// The `OWNED BY` option of `CREATE/ALTER SEQUENCE`: `None` when absent, `Some(None)` for
/// `OWNED BY NONE`.
#[allow(clippy::type_complexity)]
pub(super) fn owned_by(options: &[protobuf::Node]) -> Attempt<Option<Option<(QualName, String)>>> {
    for option in options {
        let Some(N::DefElem(d)) = option.node.as_ref() else {
            continue;
        };
        if d.defname != "owned_by" {
            continue;
        }
        let parts = match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
            Some(N::List(l)) => strings(&l.items),
            _ => return Err("OWNED BY with a value driftlock cannot read".into()),
        };
        return Ok(Some(match parts.as_slice() {
            [none] if none == "none" => None,
            [t, c] => Some((QualName::new(None, t.clone()), c.clone())),
            [s, t, c] | [_, s, t, c] => {
                Some((QualName::new(Some(s.clone()), t.clone()), c.clone()))
            }
            _ => return Err("OWNED BY with a value driftlock cannot read".into()),
        }));
    }
    Ok(None)
}
