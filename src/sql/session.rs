//! SQL statements with no schema effect that risk rules still need to see: transaction
//! control, `SET lock_timeout`/`statement_timeout`, `LOCK TABLE`, `REINDEX`, `VACUUM FULL`,
//! `CLUSTER`, `TRUNCATE`, privileges and roles. They become [`Op::Session`] and
//! [`Op::Statement`] instead of anonymous records, so the transaction model and the rules
//! read them like any other operation.

use pg_query::protobuf::{self, node::Node as N};

use crate::ir::{Op, QualName, Session, Statement, TimeoutKind};

fn range_var(rv: &protobuf::RangeVar) -> QualName {
    QualName::new(
        (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
        rv.relname.clone(),
    )
}

fn relations(nodes: &[protobuf::Node]) -> Vec<QualName> {
    nodes
        .iter()
        .filter_map(|n| match n.node.as_ref()? {
            N::RangeVar(rv) => Some(range_var(rv)),
            N::VacuumRelation(v) => v.relation.as_ref().map(range_var),
            _ => None,
        })
        .collect()
}

/// Whether a `DefElem` list (statement options) holds `name` and it is not set to false.
fn has_option(options: &[protobuf::Node], name: &str) -> bool {
    options.iter().any(|o| match o.node.as_ref() {
        Some(N::DefElem(d)) if d.defname.eq_ignore_ascii_case(name) => {
            !matches!(
                d.arg.as_deref().and_then(|a| a.node.as_ref()),
                Some(N::Boolean(b)) if !b.boolval
            ) && !matches!(
                d.arg.as_deref().and_then(|a| a.node.as_ref()),
                Some(N::String(s)) if s.sval.eq_ignore_ascii_case("false") || s.sval == "0"
            )
        }
        _ => false,
    })
}

/// PostgreSQL's reading of a time setting: a bare number is milliseconds; units `us`, `ms`,
/// `s`, `min`, `h`, `d`.
pub fn parse_millis(text: &str) -> Option<u64> {
    let t = text.trim().trim_matches('\'').trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: f64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "ms" => 1.0,
        "us" => 0.001,
        "s" => 1000.0,
        "min" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    };
    Some((n * factor).round() as u64)
}

fn set_value(args: &[protobuf::Node]) -> Option<u64> {
    let first = args.first()?.node.as_ref()?;
    match first {
        N::AConst(c) => match c.val.as_ref()? {
            protobuf::a_const::Val::Ival(i) => u64::try_from(i.ival).ok(),
            protobuf::a_const::Val::Sval(s) => parse_millis(&s.sval),
            protobuf::a_const::Val::Fval(f) => parse_millis(&f.fval),
            _ => None,
        },
        _ => None,
    }
}

const LOCK_MODES: [&str; 9] = [
    "",
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
];

/// The operation for a statement of this family, or `None` for any other statement.
pub fn lower(node: &N, text: &str) -> Option<Op> {
    use protobuf::TransactionStmtKind as T;
    Some(match node {
        N::TransactionStmt(t) => match T::try_from(t.kind).ok()? {
            T::TransStmtBegin | T::TransStmtStart => Op::Session(Session::Begin),
            T::TransStmtCommit => Op::Session(Session::Commit),
            T::TransStmtRollback => Op::Session(Session::Rollback),
            _ => return None,
        },
        N::VariableSetStmt(v) if v.name.eq_ignore_ascii_case("search_path") => {
            let schemas = match protobuf::VariableSetKind::try_from(v.kind).ok()? {
                protobuf::VariableSetKind::VarSetValue => Some(
                    v.args
                        .iter()
                        .map(|a| match a.node.as_ref() {
                            Some(N::AConst(c)) => match c.val.as_ref() {
                                Some(protobuf::a_const::Val::Sval(s)) => Some(s.sval.clone()),
                                _ => None,
                            },
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()?,
                ),
                protobuf::VariableSetKind::VarSetDefault | protobuf::VariableSetKind::VarReset => {
                    None
                }
                _ => return None,
            };
            Op::Session(Session::SearchPath {
                schemas,
                local: v.is_local,
            })
        }
        N::SelectStmt(select) => return set_config_search_path(select),
        N::VariableSetStmt(v) => {
            let kind = match v.name.to_ascii_lowercase().as_str() {
                "lock_timeout" => TimeoutKind::Lock,
                "statement_timeout" => TimeoutKind::Statement,
                _ => return None,
            };
            let millis = match protobuf::VariableSetKind::try_from(v.kind).ok()? {
                protobuf::VariableSetKind::VarSetValue => set_value(&v.args),
                _ => None,
            };
            Op::Session(Session::Timeout {
                kind,
                millis,
                local: v.is_local,
            })
        }
        N::LockStmt(l) => Op::Session(Session::Lock {
            tables: relations(&l.relations),
            mode: LOCK_MODES
                .get(usize::try_from(l.mode).unwrap_or(8))
                .copied()
                .unwrap_or("ACCESS EXCLUSIVE")
                .to_string(),
        }),
        N::ReindexStmt(r) => Op::Statement(Statement::Reindex {
            target: r
                .relation
                .as_ref()
                .map(|rv| range_var(rv).to_string())
                .unwrap_or_else(|| r.name.clone()),
            concurrently: has_option(&r.params, "concurrently"),
        }),
        N::VacuumStmt(v) if v.is_vacuumcmd && has_option(&v.options, "full") => {
            Op::Statement(Statement::Rewrite {
                command: "VACUUM FULL",
                tables: relations(&v.rels),
            })
        }
        N::ClusterStmt(c) => Op::Statement(Statement::Rewrite {
            command: "CLUSTER",
            tables: c.relation.iter().map(range_var).collect(),
        }),
        N::TruncateStmt(t) => Op::Statement(Statement::Truncate {
            tables: relations(&t.relations),
            cascade: t.behavior == protobuf::DropBehavior::DropCascade as i32,
        }),
        N::GrantStmt(g) if g.is_grant => Op::Statement(Statement::Grant {
            to_public: g.grantees.iter().any(|r| {
                matches!(r.node.as_ref(), Some(N::RoleSpec(s))
                    if s.roletype == protobuf::RoleSpecType::RolespecPublic as i32)
            }),
            text: text.to_string(),
        }),
        N::CreateRoleStmt(_)
        | N::AlterRoleStmt(_)
        | N::AlterRoleSetStmt(_)
        | N::DropRoleStmt(_)
        | N::GrantRoleStmt(_) => Op::Statement(Statement::RoleChange {
            text: text.to_string(),
        }),
        N::DropdbStmt(d) => Op::Statement(Statement::DropDatabase {
            name: d.dbname.clone(),
        }),
        N::RefreshMatViewStmt(r) => Op::Statement(Statement::RefreshMaterializedView {
            name: r.relation.as_ref().map(range_var)?,
            concurrently: r.concurrent,
        }),
        _ => return None,
    })
}

/// `SELECT [pg_catalog.]set_config('search_path', 'a, b', is_local)` alone (as pg_dump
/// writes it): the search path it sets.
fn set_config_search_path(select: &protobuf::SelectStmt) -> Option<Op> {
    let [target] = select.target_list.as_slice() else {
        return None;
    };
    let Some(N::ResTarget(target)) = target.node.as_ref() else {
        return None;
    };
    let Some(N::FuncCall(call)) = target.val.as_deref().and_then(|v| v.node.as_ref()) else {
        return None;
    };
    let name = super::strings(&call.funcname);
    if !(name == ["set_config"] || name == ["pg_catalog", "set_config"])
        || !select.from_clause.is_empty()
    {
        return None;
    }
    let constant = |i: usize| match call.args.get(i)?.node.as_ref()? {
        N::AConst(c) => c.val.clone(),
        _ => None,
    };
    use protobuf::a_const::Val;
    let (Some(Val::Sval(setting)), Some(Val::Sval(value)), Some(Val::Boolval(local))) =
        (constant(0), constant(1), constant(2))
    else {
        return None;
    };
    if !setting.sval.eq_ignore_ascii_case("search_path") {
        return None;
    }
    Some(Op::Session(Session::SearchPath {
        schemas: Some(search_path_schemas(&value.sval)),
        local: local.boolval,
    }))
}

/// The schemas of a `search_path` value written as text (`'app, "Mixed"'`), as PostgreSQL
/// splits it: unquoted names folded to lower case.
pub fn search_path_schemas(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                Some(quoted) => quoted.to_string(),
                None => s.to_ascii_lowercase(),
            },
        )
        .collect()
}

/// Statement-like subcommands of `ALTER TABLE` (row security, partitions): returned next to
/// whatever the subcommand does to the catalog.
pub fn alter_table_statement(table: &QualName, c: &protobuf::AlterTableCmd) -> Option<Op> {
    use protobuf::AlterTableType as At;
    let partition = || match c.def.as_deref().and_then(|d| d.node.as_ref()) {
        Some(N::PartitionCmd(p)) => p.name.as_ref().map(|rv| (range_var(rv), p.concurrent)),
        _ => None,
    };
    Some(match At::try_from(c.subtype).ok()? {
        At::AtDisableRowSecurity | At::AtNoForceRowSecurity => {
            Op::Statement(Statement::DisableRowSecurity {
                table: table.clone(),
            })
        }
        At::AtDetachPartition => {
            let (partition, concurrently) = partition()?;
            Op::Statement(Statement::DetachPartition {
                parent: table.clone(),
                partition,
                concurrently,
            })
        }
        At::AtAttachPartition => Op::Statement(Statement::AttachPartition {
            parent: table.clone(),
            partition: partition()?.0,
        }),
        At::AtValidateConstraint => Op::ValidateConstraint {
            table: table.clone(),
            name: c.name.clone(),
        },
        _ => return None,
    })
}

/// The table a `DELETE FROM t` without `WHERE` (or `USING`) empties.
pub fn deletes_every_row(sql: &str) -> Option<QualName> {
    let parsed = pg_query::parse(sql, 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    match stmt.stmt.as_ref()?.node.as_ref()? {
        N::DeleteStmt(d) if d.where_clause.is_none() && d.using_clause.is_empty() => {
            let rv = d.relation.as_ref()?;
            Some(QualName::new(
                (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
                rv.relname.clone(),
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sql: &str) -> Option<Op> {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let node = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .unwrap()
            .node
            .clone()
            .unwrap();
        lower(&node, sql)
    }

    #[test]
    fn timeouts_in_every_unit() {
        assert_eq!(parse_millis("5s"), Some(5000));
        assert_eq!(parse_millis("'2min'"), Some(120_000));
        assert_eq!(parse_millis("250"), Some(250));
        assert_eq!(parse_millis("0"), Some(0));
        assert_eq!(parse_millis("1.5s"), Some(1500));
        assert_eq!(parse_millis("forever"), None);
        assert_eq!(
            one("SET lock_timeout = '3s'"),
            Some(Op::Session(Session::Timeout {
                kind: TimeoutKind::Lock,
                millis: Some(3000),
                local: false
            }))
        );
        assert_eq!(
            one("SET LOCAL statement_timeout TO 0"),
            Some(Op::Session(Session::Timeout {
                kind: TimeoutKind::Statement,
                millis: Some(0),
                local: true
            }))
        );
        assert_eq!(
            one("RESET lock_timeout"),
            Some(Op::Session(Session::Timeout {
                kind: TimeoutKind::Lock,
                millis: None,
                local: false
            }))
        );
        assert_eq!(
            one("SET search_path TO app, \"$user\", public"),
            Some(Op::Session(Session::SearchPath {
                schemas: Some(vec!["app".into(), "$user".into(), "public".into()]),
                local: false,
            }))
        );
        assert_eq!(
            one("SET LOCAL search_path = DEFAULT"),
            Some(Op::Session(Session::SearchPath {
                schemas: None,
                local: true,
            }))
        );
        assert_eq!(
            one("SELECT pg_catalog.set_config('search_path', '', false)"),
            Some(Op::Session(Session::SearchPath {
                schemas: Some(vec![]),
                local: false,
            }))
        );
        assert_eq!(
            one("SELECT set_config('search_path', 'App, \"Mixed\"', true)"),
            Some(Op::Session(Session::SearchPath {
                schemas: Some(vec!["app".into(), "Mixed".into()]),
                local: true,
            }))
        );
        assert_eq!(one("SELECT set_config('work_mem', '1MB', false)"), None);
    }

    #[test]
    fn transactions_locks_and_maintenance() {
        assert_eq!(one("BEGIN"), Some(Op::Session(Session::Begin)));
        assert_eq!(one("COMMIT"), Some(Op::Session(Session::Commit)));
        assert_eq!(
            one("LOCK TABLE a.t IN SHARE MODE"),
            Some(Op::Session(Session::Lock {
                tables: vec![QualName::new(Some("a".into()), "t")],
                mode: "SHARE".into()
            }))
        );
        assert!(matches!(
            one("REINDEX INDEX CONCURRENTLY ix"),
            Some(Op::Statement(Statement::Reindex {
                concurrently: true,
                ..
            }))
        ));
        assert!(matches!(
            one("REINDEX TABLE t"),
            Some(Op::Statement(Statement::Reindex {
                concurrently: false,
                ..
            }))
        ));
        assert!(matches!(
            one("VACUUM (FULL) t"),
            Some(Op::Statement(Statement::Rewrite {
                command: "VACUUM FULL",
                ..
            }))
        ));
        assert_eq!(one("VACUUM t"), None);
        assert!(matches!(
            one("TRUNCATE t CASCADE"),
            Some(Op::Statement(Statement::Truncate { cascade: true, .. }))
        ));
        assert!(matches!(
            one("GRANT SELECT ON t TO PUBLIC"),
            Some(Op::Statement(Statement::Grant {
                to_public: true,
                ..
            }))
        ));
        assert!(matches!(
            one("GRANT SELECT ON t TO app"),
            Some(Op::Statement(Statement::Grant {
                to_public: false,
                ..
            }))
        ));
        assert!(matches!(
            one("ALTER ROLE app SUPERUSER"),
            Some(Op::Statement(Statement::RoleChange { .. }))
        ));
    }

    #[test]
    fn recognises_a_delete_of_every_row() {
        let t = super::deletes_every_row("delete from dag_code").unwrap();
        assert_eq!(t.name, "dag_code");
        assert!(super::deletes_every_row("DELETE FROM t WHERE x = 1").is_none());
        assert!(super::deletes_every_row("UPDATE t SET x = 1").is_none());
    }
}
