//! SQL run by `op.execute(...)`, parsed by PostgreSQL's own parser (`pg_query`) and lowered to
//! the same operations as Alembic calls. This first cut covers the statements migrations use
//! for what Alembic has no operation for (schemas, enum types, extensions, drops) and
//! classifies the rest: data statements, session and transaction statements, and schema
//! changes not modelled yet (each reported).

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::{Op, QualName};

fn string_of(node: &protobuf::Node) -> Option<String> {
    match node.node.as_ref()? {
        N::String(s) => Some(s.sval.clone()),
        _ => None,
    }
}

/// A qualified name from its parts (`["billing", "mood"]`).
fn qual(parts: &[protobuf::Node]) -> Option<QualName> {
    let names: Vec<String> = parts.iter().filter_map(string_of).collect();
    match names.as_slice() {
        [name] => Some(QualName::new(None, name.clone())),
        [schema, name] => Some(QualName::new(Some(schema.clone()), name.clone())),
        [_, schema, name] => Some(QualName::new(Some(schema.clone()), name.clone())),
        _ => None,
    }
}

fn object_name(node: &protobuf::Node) -> Option<QualName> {
    match node.node.as_ref()? {
        N::List(l) => qual(&l.items),
        N::TypeName(t) => qual(&t.names),
        N::String(s) => Some(QualName::new(None, s.sval.clone())),
        _ => None,
    }
}

/// Lowers the statements of one SQL string; problems are pushed to `diagnostics`.
pub fn lower_sql(sql: &str, span: &Span, diagnostics: &mut Vec<Diagnostic>) -> Vec<Op> {
    let parsed = match pg_query::parse(sql, 0) {
        Ok(p) => p,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    Kind::Parse,
                    "sql-syntax-error",
                    format!("PostgreSQL cannot parse this SQL: {e}"),
                )
                .at(span.clone()),
            );
            return Vec::new();
        }
    };
    let mut ops = Vec::new();
    for raw in &parsed.protobuf.stmts {
        let Some(node) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) else {
            continue;
        };
        let start = usize::try_from(raw.stmt_location).unwrap_or(0);
        let len = usize::try_from(raw.stmt_len).unwrap_or(0);
        let text = if len == 0 {
            sql.get(start..).unwrap_or(sql)
        } else {
            sql.get(start..start + len).unwrap_or(sql)
        }
        .trim()
        .to_string();
        match lower_statement(node) {
            Some(op) => ops.push(op),
            None => {
                let changes_schema = !is_harmless(node);
                if changes_schema {
                    diagnostics.push(
                        Diagnostic::warning(
                            Kind::Unanalyzable,
                            "sql-not-modelled",
                            format!("this SQL changes the schema in a way driftlock does not model yet: {}", first_words(&text)),
                        )
                        .at(span.clone())
                        .with_note("the replayed schema may differ from the database from here on"),
                    );
                }
                ops.push(Op::Other {
                    statement: text,
                    changes_schema,
                });
            }
        }
    }
    ops
}

fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    let mut s = words.join(" ");
    if text.split_whitespace().count() > 6 {
        s.push_str(" ...");
    }
    s
}

/// Statements that do not change the schema: data, session settings, transactions, locks,
/// privileges, statistics.
fn is_harmless(node: &N) -> bool {
    matches!(
        node,
        N::InsertStmt(_)
            | N::UpdateStmt(_)
            | N::DeleteStmt(_)
            | N::SelectStmt(_)
            | N::CopyStmt(_)
            | N::MergeStmt(_)
            | N::VariableSetStmt(_)
            | N::TransactionStmt(_)
            | N::LockStmt(_)
            | N::GrantStmt(_)
            | N::GrantRoleStmt(_)
            | N::VacuumStmt(_)
            | N::NotifyStmt(_)
            | N::DoStmt(_)
            | N::CommentStmt(_)
            | N::TruncateStmt(_)
    )
}

fn lower_statement(node: &N) -> Option<Op> {
    match node {
        N::InsertStmt(_)
        | N::UpdateStmt(_)
        | N::DeleteStmt(_)
        | N::CopyStmt(_)
        | N::MergeStmt(_) => Some(Op::Data {
            statement: "data statement".into(),
        }),
        N::CreateSchemaStmt(s) => Some(Op::CreateSchema {
            name: s.schemaname.clone(),
            if_not_exists: s.if_not_exists,
        }),
        N::CreateExtensionStmt(s) => Some(Op::CreateExtension {
            name: s.extname.clone(),
            if_not_exists: s.if_not_exists,
        }),
        N::CreateEnumStmt(s) => Some(Op::CreateEnum {
            name: qual(&s.type_name)?,
            values: s.vals.iter().filter_map(string_of).collect(),
            if_not_exists: false,
        }),
        N::AlterEnumStmt(s) => {
            let name = qual(&s.type_name)?;
            if !s.old_val.is_empty() {
                return Some(Op::RenameEnumValue {
                    name,
                    old: s.old_val.clone(),
                    new: s.new_val.clone(),
                });
            }
            let position = (!s.new_val_neighbor.is_empty())
                .then(|| (!s.new_val_is_after, s.new_val_neighbor.clone()));
            Some(Op::AddEnumValue {
                name,
                value: s.new_val.clone(),
                position,
                if_not_exists: s.skip_if_new_val_exists,
            })
        }
        N::DropStmt(d) => {
            let cascade = d.behavior == protobuf::DropBehavior::DropCascade as i32;
            let [object] = d.objects.as_slice() else {
                return None;
            };
            let kind = ObjectType::try_from(d.remove_type).ok()?;
            match kind {
                ObjectType::ObjectTable => Some(Op::DropTable {
                    table: object_name(object)?,
                    if_exists: d.missing_ok,
                    cascade,
                }),
                ObjectType::ObjectIndex => Some(Op::DropIndex {
                    index: object_name(object)?,
                    if_exists: d.missing_ok,
                }),
                ObjectType::ObjectType => Some(Op::DropEnum {
                    name: object_name(object)?,
                    if_exists: d.missing_ok,
                }),
                ObjectType::ObjectSchema => Some(Op::DropSchema {
                    name: object_name(object)?.name,
                    if_exists: d.missing_ok,
                    cascade,
                }),
                ObjectType::ObjectExtension => Some(Op::DropExtension {
                    name: object_name(object)?.name,
                    if_exists: d.missing_ok,
                }),
                _ => None,
            }
        }
        N::RenameStmt(r) => {
            let kind = ObjectType::try_from(r.rename_type).ok()?;
            let relation = r.relation.as_ref().map(|rv| {
                QualName::new(
                    (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
                    rv.relname.clone(),
                )
            });
            let new_name = r.newname.clone();
            match kind {
                ObjectType::ObjectTable => Some(Op::RenameTable {
                    table: relation?,
                    new_name,
                }),
                ObjectType::ObjectIndex => Some(Op::RenameIndex {
                    index: relation?,
                    new_name,
                }),
                ObjectType::ObjectColumn => Some(Op::AlterColumn {
                    table: relation?,
                    column: r.subname.clone(),
                    change: crate::ir::ColumnChange {
                        new_name: Some(new_name),
                        ..Default::default()
                    },
                }),
                ObjectType::ObjectTabconstraint => Some(Op::RenameConstraint {
                    table: relation?,
                    name: r.subname.clone(),
                    new_name,
                }),
                ObjectType::ObjectType => Some(Op::RenameEnum {
                    name: object_name(r.object.as_deref()?)?,
                    new_name,
                }),
                _ => None,
            }
        }
        _ => None,
    }
}
