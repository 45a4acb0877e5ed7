//! `CREATE TABLE`: columns with the constraints written inline, table constraints, and the
//! order PostgreSQL creates them in.

use super::types::{column_type, default_of, deparse, expression, required};
use super::{is_temporary, relation, strings, Attempt, Lowered};
use crate::ir::{
    ColumnDef, ConstraintDef, ConstraintKind, Identity, LikeClause, LikeOptions, Op, PartitionKey,
    TableFrom,
};
use crate::pg::expr::identifiers;
use crate::pg::expr::sql_expression;
use pg_query::protobuf::{self, node::Node as N, ConstrType as Ct};

/// A column definition and the constraints written inline with it.
pub(super) fn column_def(cd: &protobuf::ColumnDef) -> Attempt<(ColumnDef, Vec<ConstraintDef>)> {
    let tn = cd
        .type_name
        .as_ref()
        .ok_or_else(|| format!("column {} has no type", cd.colname))?;
    let (ty, serial) = column_type(tn)?;
    let mut column = ColumnDef {
        name: cd.colname.clone(),
        ty,
        serial,
        not_null: cd.is_not_null,
        default: None,
        identity: None,
        generated: None,
        comment: None,
    };
    let mut constraints = Vec::new();
    for node in &cd.constraints {
        let Some(N::Constraint(c)) = node.node.as_ref() else {
            return Err(format!(
                "a constraint of column {} driftlock cannot read",
                cd.colname
            ));
        };
        match Ct::try_from(c.contype).unwrap_or(Ct::Undefined) {
            Ct::ConstrNotnull => column.not_null = true,
            Ct::ConstrNull => column.not_null = false,
            Ct::ConstrDefault => {
                let expr = required(c.raw_expr.as_deref(), "the default")?;
                column.default = default_of(expr, Some(&column.ty))?;
            }
            Ct::ConstrIdentity => {
                column.identity = Some(Identity {
                    always: c.generated_when == "a",
                })
            }
            Ct::ConstrGenerated => {
                let expr = required(c.raw_expr.as_deref(), "the generation expression")?;
                column.generated = Some(format!("({})", expression(expr)?));
            }
            Ct::ConstrCheck | Ct::ConstrPrimary | Ct::ConstrUnique | Ct::ConstrForeign => {
                constraints.push(constraint_def(c, Some(&column.name))?)
            }
            Ct::ConstrAttrDeferrable
            | Ct::ConstrAttrNotDeferrable
            | Ct::ConstrAttrDeferred
            | Ct::ConstrAttrImmediate
            | Ct::ConstrAttrEnforced
            | Ct::ConstrAttrNotEnforced => {}
            _ => {
                return Err(format!(
                    "a constraint of column {} that driftlock does not model",
                    cd.colname
                ))
            }
        }
    }
    // The primary key makes its columns NOT NULL (as Alembic's lowering writes it too).
    if constraints
        .iter()
        .any(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    {
        column.not_null = true;
    }
    Ok((column, constraints))
}

/// `ON DELETE`/`ON UPDATE` actions as the parser codes them; `NO ACTION` is the default.
pub(super) fn fk_action(code: &str) -> Option<String> {
    match code {
        "r" => Some("RESTRICT".into()),
        "c" => Some("CASCADE".into()),
        "n" => Some("SET NULL".into()),
        "d" => Some("SET DEFAULT".into()),
        _ => None,
    }
}

/// A table constraint, or a column constraint of `column`.
pub(super) fn constraint_def(
    c: &protobuf::Constraint,
    column: Option<&str>,
) -> Attempt<ConstraintDef> {
    let columns = |nodes: &[protobuf::Node]| match (nodes.is_empty(), column) {
        (true, Some(col)) => vec![col.to_string()],
        _ => strings(nodes),
    };
    let contype = Ct::try_from(c.contype).unwrap_or(Ct::Undefined);
    let index_options = |what: &str| -> Attempt<()> {
        if !c.including.is_empty() {
            return Err(format!("INCLUDE columns of a {what} are not modelled"));
        }
        if c.without_overlaps {
            return Err(format!("WITHOUT OVERLAPS in a {what} is not modelled"));
        }
        Ok(())
    };
    let kind = match contype {
        Ct::ConstrPrimary => {
            index_options("primary key")?;
            ConstraintKind::PrimaryKey {
                columns: columns(&c.keys),
            }
        }
        Ct::ConstrUnique => {
            index_options("unique constraint")?;
            ConstraintKind::Unique {
                columns: columns(&c.keys),
            }
        }
        Ct::ConstrCheck => {
            if c.is_no_inherit {
                // Kept from the children, which the replay would give it.
                return Err("CHECK ... NO INHERIT is not modelled".into());
            }
            let text = deparse(required(c.raw_expr.as_deref(), "the check condition")?)?;
            let expression = sql_expression(&text, None)
                .map_err(|e| format!("the check condition `{text}` does not parse: {e}"))?;
            ConstraintKind::Check {
                expression: format!("({expression})"),
                columns: identifiers(&text),
            }
        }
        Ct::ConstrForeign => {
            if c.fk_with_period || c.pk_with_period {
                return Err("foreign keys with PERIOD are not modelled".into());
            }
            ConstraintKind::ForeignKey {
                columns: columns(&c.fk_attrs),
                referenced: relation(c.pktable.as_ref())?,
                referenced_columns: strings(&c.pk_attrs),
                on_delete: fk_action(&c.fk_del_action),
                on_update: fk_action(&c.fk_upd_action),
            }
        }
        Ct::ConstrExclusion => {
            if c.where_clause.is_some() {
                return Err("exclusion constraints with WHERE are not modelled".into());
            }
            let mut excluded = Vec::new();
            for element in &c.exclusions {
                let Some(N::List(pair)) = element.node.as_ref() else {
                    return Err("an exclusion element driftlock cannot read".into());
                };
                match pair.items.first().and_then(|i| i.node.as_ref()) {
                    Some(N::IndexElem(e)) if !e.name.is_empty() => excluded.push(e.name.clone()),
                    _ => return Err("exclusion constraints on expressions are not modelled".into()),
                }
            }
            ConstraintKind::Exclude {
                columns: excluded,
                using: if c.access_method.is_empty() {
                    "btree".into()
                } else {
                    c.access_method.to_lowercase()
                },
            }
        }
        _ => return Err("this kind of constraint is not modelled".into()),
    };
    Ok(ConstraintDef {
        name: (!c.conname.is_empty()).then(|| c.conname.clone()),
        kind,
    })
}

/// The constraints of one `CREATE TABLE` in the order PostgreSQL names them: the primary key,
/// then unique and exclusion constraints (an index identical to an earlier one is not made
/// twice: `transformIndexConstraints`), then checks, then foreign keys.
pub(super) fn creation_order(constraints: Vec<ConstraintDef>) -> Vec<ConstraintDef> {
    let rank = |c: &ConstraintDef| match c.kind {
        ConstraintKind::PrimaryKey { .. } => 0,
        ConstraintKind::Unique { .. } | ConstraintKind::Exclude { .. } => 1,
        ConstraintKind::Check { .. } => 2,
        ConstraintKind::ForeignKey { .. } => 3,
    };
    let mut sorted = constraints;
    sorted.sort_by_key(rank);
    let mut out: Vec<ConstraintDef> = Vec::new();
    for c in sorted {
        if let ConstraintKind::Unique { columns } = &c.kind {
            let same = out.iter_mut().find(|prior| {
                matches!(&prior.kind, ConstraintKind::PrimaryKey { columns: p }
                    | ConstraintKind::Unique { columns: p } if p == columns)
            });
            if let Some(prior) = same {
                if prior.name.is_none() {
                    prior.name = c.name;
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

pub(super) fn create_table(c: &protobuf::CreateStmt, out: &mut Lowered) -> Attempt<()> {
    if is_temporary(c.relation.as_ref()) {
        // A temporary table is gone with the session: nothing for the catalog.
        return Ok(());
    }
    let table = relation(c.relation.as_ref())?;
    if c.of_typename.is_some() {
        return Err("typed tables (CREATE TABLE ... OF type) are not modelled".into());
    }
    let mut from = TableFrom::default();
    let mut named = Vec::new();
    for node in &c.inh_relations {
        match node.node.as_ref() {
            Some(N::RangeVar(rv)) => named.push(relation(Some(rv))?),
            _ => return Err("a parent table driftlock cannot read".into()),
        }
    }
    if c.partbound.is_some() {
        // `PARTITION OF parent`: the parser keeps the parent as the one inherited relation.
        from.partition_of = Some(named.pop().ok_or("a partition without its parent")?);
    } else {
        from.inherits = named;
    }
    if let Some(spec) = &c.partspec {
        from.partition_by = Some(partition_spec(spec)?);
    }
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    for element in c.table_elts.iter().chain(&c.constraints) {
        match element.node.as_ref() {
            Some(N::ColumnDef(cd)) if cd.type_name.is_none() && from.partition_of.is_some() => {
                return Err(format!(
                    "options of column {} in a partition (WITH OPTIONS) are not modelled",
                    cd.colname
                ))
            }
            Some(N::ColumnDef(cd)) => {
                let (column, inline) = column_def(cd)?;
                columns.push(column);
                constraints.extend(inline);
            }
            Some(N::Constraint(k)) => match Ct::try_from(k.contype).unwrap_or(Ct::Undefined) {
                Ct::ConstrAttrDeferrable
                | Ct::ConstrAttrNotDeferrable
                | Ct::ConstrAttrDeferred
                | Ct::ConstrAttrImmediate => {}
                _ => constraints.push(constraint_def(k, None)?),
            },
            Some(N::TableLikeClause(like)) => from.like.push(LikeClause {
                source: relation(like.relation.as_ref())?,
                position: columns.len(),
                options: like_options(like.options),
            }),
            _ => return Err("a table element driftlock cannot read".into()),
        }
    }
    let constraints = creation_order(constraints);
    if let Some(ConstraintKind::PrimaryKey { columns: pk }) = constraints.first().map(|c| &c.kind) {
        for column in columns.iter_mut().filter(|c| pk.contains(&c.name)) {
            column.not_null = true;
        }
    }
    out.ops.push(Op::CreateTable {
        table,
        columns,
        constraints,
        comment: None,
        if_not_exists: c.if_not_exists,
        from,
    });
    Ok(())
}

/// `PARTITION BY RANGE | LIST | HASH (key, ...)`: the strategy and the plain columns of the key.
pub(super) fn partition_spec(spec: &protobuf::PartitionSpec) -> Attempt<PartitionKey> {
    let strategy = match protobuf::PartitionStrategy::try_from(spec.strategy) {
        Ok(protobuf::PartitionStrategy::Range) => "range",
        Ok(protobuf::PartitionStrategy::List) => "list",
        Ok(protobuf::PartitionStrategy::Hash) => "hash",
        _ => return Err("a partitioning strategy driftlock cannot read".into()),
    };
    let (mut columns, mut parts) = (Vec::new(), Vec::new());
    for param in &spec.part_params {
        match param.node.as_ref() {
            Some(N::PartitionElem(e)) if !e.name.is_empty() => {
                columns.push(e.name.clone());
                parts.push(e.name.clone());
            }
            Some(N::PartitionElem(e)) => {
                let expr = required(e.expr.as_deref(), "the partition key")?;
                parts.push(format!("({})", expression(expr)?));
            }
            _ => return Err("a partition key driftlock cannot read".into()),
        }
    }
    Ok(PartitionKey {
        strategy: strategy.into(),
        columns,
        parts,
    })
}

/// The `INCLUDING` options of `LIKE`, from the parser's bit set (`CREATE_TABLE_LIKE_*`).
fn like_options(bits: u32) -> LikeOptions {
    let has = |bit: u32| bits & (1 << bit) != 0;
    LikeOptions {
        comments: has(0),
        constraints: has(2),
        defaults: has(3),
        generated: has(4),
        identity: has(5),
        indexes: has(6),
    }
}
