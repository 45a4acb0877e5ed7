//! `ALTER TABLE` and its subcommands, applied in PostgreSQL's order of passes.

use super::table::{column_def, constraint_def};
use super::types::{column_type, default_of, deparse, lone_literal};
use super::{relation, session, Attempt, Lowered};
use crate::ir::{ColumnChange, ConstraintKind, Identity, Op, QualName};
use pg_query::protobuf::{
    self, node::Node as N, AlterTableType as At, ConstrType as Ct, ObjectType,
};

/// PostgreSQL runs the subcommands of one `ALTER TABLE` in passes (`AT_PASS_*` in
/// tablecmds.c), in order within a pass: drops first, then type changes, new columns,
/// constraints, column attributes, indexes, and defaults and the constraints written inline
/// in `ADD COLUMN` last.
pub(super) mod pass {
    pub const DROP: u8 = 0;
    pub const ALTER_TYPE: u8 = 1;
    pub const ADD_COLUMN: u8 = 4;
    pub const ADD_CONSTRAINT: u8 = 5;
    pub const COLUMN_ATTRIBUTES: u8 = 6;
    pub const ADD_INDEX_CONSTRAINT: u8 = 7;
    pub const ADD_INDEX: u8 = 8;
    pub const ADD_OTHER_CONSTRAINT: u8 = 9;
}

pub(super) fn alter_table(a: &protobuf::AlterTableStmt, out: &mut Lowered) -> Attempt<()> {
    let objtype = ObjectType::try_from(a.objtype).unwrap_or(ObjectType::Undefined);
    let table = relation(a.relation.as_ref())?;
    let mut staged: Vec<(u8, Op)> = Vec::new();
    for cmd in &a.cmds {
        let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() else {
            out.not_modelled(Some(
                "an ALTER TABLE subcommand driftlock cannot read".into(),
            ));
            continue;
        };
        let subtype = At::try_from(c.subtype).unwrap_or(At::Undefined);
        if objtype == ObjectType::ObjectIndex && subtype == At::AtAttachPartition {
            // `ALTER INDEX parent ATTACH PARTITION partition_index`.
            match c.def.as_deref().and_then(|d| d.node.as_ref()) {
                Some(N::PartitionCmd(p)) => staged.push((
                    pass::COLUMN_ATTRIBUTES,
                    Op::AttachIndex {
                        index: table.clone(),
                        partition_index: relation(p.name.as_ref())?,
                    },
                )),
                _ => out.not_modelled(Some("ATTACH PARTITION without an index".into())),
            }
            continue;
        }
        if let Some(op) = session::alter_table_statement(&table, c) {
            staged.push((pass::ADD_CONSTRAINT, op));
        }
        if no_catalog_effect(subtype) {
            continue;
        }
        if objtype != ObjectType::ObjectTable {
            // ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE.
            out.not_modelled(None);
            continue;
        }
        let only = a.relation.as_ref().is_some_and(|r| !r.inh);
        if let Err(why) = alter_command(&table, c, subtype, only, &mut staged) {
            out.not_modelled(Some(why));
        }
    }
    // Stable: the order of the subcommands within a pass stays.
    staged.sort_by_key(|(p, _)| *p);
    for (_, op) in staged {
        out.ops.push(if a.missing_ok {
            Op::IfTableExists {
                table: table.clone(),
                op: Box::new(op),
            }
        } else {
            op
        });
    }
    Ok(())
}

/// Subcommands that change nothing the catalog holds (storage, ownership, triggers, row
/// security, validation, ...).
pub(super) fn no_catalog_effect(subtype: At) -> bool {
    matches!(
        subtype,
        At::AtSetStatistics
            | At::AtSetOptions
            | At::AtResetOptions
            | At::AtSetStorage
            | At::AtSetCompression
            | At::AtChangeOwner
            | At::AtClusterOn
            | At::AtDropCluster
            | At::AtSetLogged
            | At::AtSetUnLogged
            | At::AtDropOids
            | At::AtSetAccessMethod
            | At::AtSetTableSpace
            | At::AtSetRelOptions
            | At::AtResetRelOptions
            | At::AtReplaceRelOptions
            | At::AtEnableTrig
            | At::AtEnableAlwaysTrig
            | At::AtEnableReplicaTrig
            | At::AtDisableTrig
            | At::AtEnableTrigAll
            | At::AtDisableTrigAll
            | At::AtEnableTrigUser
            | At::AtDisableTrigUser
            | At::AtEnableRule
            | At::AtEnableAlwaysRule
            | At::AtEnableReplicaRule
            | At::AtDisableRule
            | At::AtReplicaIdentity
            | At::AtEnableRowSecurity
            | At::AtDisableRowSecurity
            | At::AtForceRowSecurity
            | At::AtNoForceRowSecurity
            | At::AtGenericOptions
            | At::AtAlterColumnGenericOptions
            | At::AtValidateConstraint
            | At::AtAlterConstraint
    )
}

/// The SQL words of a subcommand driftlock does not model, for the diagnostic.
pub(super) fn subcommand_words(subtype: At) -> String {
    match subtype {
        At::AtSetExpression => "ALTER COLUMN ... SET EXPRESSION".into(),
        At::AtDropExpression => "ALTER COLUMN ... DROP EXPRESSION".into(),
        At::AtAddInherit => "INHERIT".into(),
        At::AtDropInherit => "NO INHERIT".into(),
        At::AtAddOf => "OF type".into(),
        At::AtDropOf => "NOT OF".into(),
        At::AtAttachPartition => "ATTACH PARTITION".into(),
        At::AtDetachPartition | At::AtDetachPartitionFinalize => "DETACH PARTITION".into(),
        other => format!("{other:?}"),
    }
}

pub(super) fn alter_command(
    table: &QualName,
    c: &protobuf::AlterTableCmd,
    subtype: At,
    only: bool,
    staged: &mut Vec<(u8, Op)>,
) -> Attempt<()> {
    let cascade = c.behavior == protobuf::DropBehavior::DropCascade as i32;
    let alter = |change: ColumnChange| Op::AlterColumn {
        table: table.clone(),
        column: c.name.clone(),
        change,
    };
    let def = || c.def.as_deref().and_then(|d| d.node.as_ref());
    match subtype {
        At::AtAddColumn => {
            let Some(N::ColumnDef(cd)) = def() else {
                return Err("ADD COLUMN without a column definition".into());
            };
            let (column, constraints) = column_def(cd)?;
            staged.push((
                pass::ADD_COLUMN,
                Op::AddColumn {
                    table: table.clone(),
                    column,
                    if_not_exists: c.missing_ok,
                },
            ));
            for constraint in constraints {
                let p = match constraint.kind {
                    ConstraintKind::PrimaryKey { .. }
                    | ConstraintKind::Unique { .. }
                    | ConstraintKind::Exclude { .. } => pass::ADD_INDEX,
                    _ => pass::ADD_OTHER_CONSTRAINT,
                };
                staged.push((
                    p,
                    Op::AddConstraint {
                        table: table.clone(),
                        constraint,
                        not_valid: false,
                        only,
                    },
                ));
            }
        }
        At::AtDropColumn => staged.push((
            pass::DROP,
            Op::DropColumn {
                table: table.clone(),
                column: c.name.clone(),
                if_exists: c.missing_ok,
                cascade,
            },
        )),
        At::AtColumnDefault => match c.def.as_deref() {
            None => staged.push((
                pass::DROP,
                alter(ColumnChange {
                    default: Some(None),
                    ..Default::default()
                }),
            )),
            Some(expr) => {
                let text = deparse(expr)?;
                let op = match lone_literal(&text) {
                    // Its type is the column's, which the replay knows.
                    Some(value) => Op::SetDefaultLiteral {
                        table: table.clone(),
                        column: c.name.clone(),
                        value,
                    },
                    None => alter(ColumnChange {
                        default: Some(default_of(expr, None)?),
                        ..Default::default()
                    }),
                };
                staged.push((pass::ADD_OTHER_CONSTRAINT, op));
            }
        },
        At::AtDropNotNull => staged.push((
            pass::DROP,
            alter(ColumnChange {
                not_null: Some(false),
                ..Default::default()
            }),
        )),
        At::AtSetNotNull => staged.push((
            pass::COLUMN_ATTRIBUTES,
            alter(ColumnChange {
                not_null: Some(true),
                ..Default::default()
            }),
        )),
        At::AtAlterColumnType => {
            let Some(N::ColumnDef(cd)) = def() else {
                return Err("ALTER COLUMN ... TYPE without a type".into());
            };
            let tn = cd
                .type_name
                .as_ref()
                .ok_or("ALTER COLUMN ... TYPE without a type")?;
            let (ty, serial) = column_type(tn)?;
            if serial {
                return Err("ALTER COLUMN ... TYPE serial is not valid SQL".into());
            }
            let using = cd.raw_default.as_deref().map(deparse).transpose()?;
            staged.push((
                pass::ALTER_TYPE,
                alter(ColumnChange {
                    ty: Some(ty),
                    using,
                    ..Default::default()
                }),
            ));
        }
        At::AtAddConstraint => {
            let Some(N::Constraint(k)) = def() else {
                return Err("ADD CONSTRAINT without a constraint".into());
            };
            if !k.indexname.is_empty() {
                staged.push((
                    pass::ADD_INDEX_CONSTRAINT,
                    Op::AddConstraintUsingIndex {
                        table: table.clone(),
                        name: (!k.conname.is_empty()).then(|| k.conname.clone()),
                        index: k.indexname.clone(),
                        primary_key: k.contype == Ct::ConstrPrimary as i32,
                    },
                ));
                return Ok(());
            }
            let constraint = constraint_def(k, None)?;
            let p = match constraint.kind {
                ConstraintKind::PrimaryKey { .. }
                | ConstraintKind::Unique { .. }
                | ConstraintKind::Exclude { .. } => pass::ADD_INDEX,
                _ => pass::ADD_CONSTRAINT,
            };
            staged.push((
                p,
                Op::AddConstraint {
                    table: table.clone(),
                    constraint,
                    not_valid: k.skip_validation,
                    only,
                },
            ));
        }
        At::AtDropConstraint => staged.push((
            pass::DROP,
            Op::DropConstraint {
                table: table.clone(),
                name: c.name.clone(),
                kind: None,
                if_exists: c.missing_ok,
                cascade,
            },
        )),
        At::AtAddIdentity => {
            let Some(N::Constraint(k)) = def() else {
                return Err("ADD GENERATED AS IDENTITY without its options".into());
            };
            staged.push((
                pass::ADD_OTHER_CONSTRAINT,
                alter(ColumnChange {
                    identity: Some(Some(Identity {
                        always: k.generated_when == "a",
                    })),
                    ..Default::default()
                }),
            ));
        }
        At::AtSetIdentity => {
            // `SET GENERATED ALWAYS|BY DEFAULT`; the sequence options are not in the catalog.
            let options = match def() {
                Some(N::List(l)) => l.items.as_slice(),
                _ => &[],
            };
            for option in options {
                let Some(N::DefElem(d)) = option.node.as_ref() else {
                    continue;
                };
                if d.defname != "generated" {
                    continue;
                }
                let code = match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
                    Some(N::Integer(i)) => i.ival,
                    _ => return Err("SET GENERATED with a value driftlock cannot read".into()),
                };
                staged.push((
                    pass::COLUMN_ATTRIBUTES,
                    alter(ColumnChange {
                        identity: Some(Some(Identity {
                            always: code == i32::from(b'a'),
                        })),
                        ..Default::default()
                    }),
                ));
            }
        }
        // The partition's statement, made next to the subcommand, is what changes the catalog.
        At::AtAttachPartition | At::AtDetachPartition | At::AtDetachPartitionFinalize => {}
        At::AtAddInherit | At::AtDropInherit => {
            let Some(N::RangeVar(rv)) = def() else {
                return Err("INHERIT without its parent table".into());
            };
            staged.push((
                pass::COLUMN_ATTRIBUTES,
                Op::Inherit {
                    table: table.clone(),
                    parent: relation(Some(rv))?,
                    add: subtype == At::AtAddInherit,
                },
            ));
        }
        At::AtDropIdentity => staged.push((
            pass::DROP,
            alter(ColumnChange {
                identity: Some(None),
                ..Default::default()
            }),
        )),
        other => {
            return Err(format!(
                "`ALTER TABLE ... {}` is not modelled",
                subcommand_words(other)
            ))
        }
    }
    Ok(())
}
