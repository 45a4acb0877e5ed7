//! Unit tests of the SQL lowering: statement by statement, the operations PostgreSQL would
//! apply.

use super::types::column_type;
use super::*;
use crate::ir::{
    ColumnChange, ColumnDef, ColumnUse, ConstraintDef, ConstraintKind, FunctionDef, Identity,
    IndexDef, IndexKey, QualName, RelationUse, Volatility,
};
use crate::schema::Schema;
use crate::schema::{BaseType, SqlType};
use crate::source::FileId;

fn lower(sql: &str) -> (Vec<Op>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let span = Span::new(FileId(0), 0..0);
    let ops = lower_sql(
        sql,
        &SqlPlace::call(&span),
        &mut diagnostics,
        &mut SqlStats::default(),
    );
    (ops.into_iter().map(|(op, _)| op).collect(), diagnostics)
}

/// The operations of SQL that must lower completely.
fn ops(sql: &str) -> Vec<Op> {
    let (ops, diagnostics) = lower(sql);
    assert!(diagnostics.is_empty(), "{sql}: {diagnostics:?}");
    ops
}

fn t(name: &str) -> QualName {
    QualName::new(None, name)
}

fn ty(base: BaseType) -> SqlType {
    SqlType::new(base)
}

fn col(name: &str, base: BaseType) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        ty: ty(base),
        serial: false,
        not_null: false,
        default: None,
        identity: None,
        generated: None,
        comment: None,
    }
}

fn named(name: Option<&str>, kind: ConstraintKind) -> ConstraintDef {
    ConstraintDef {
        name: name.map(str::to_string),
        kind,
    }
}

fn cols(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn change(table: &str, column: &str, change: ColumnChange) -> Op {
    Op::AlterColumn {
        table: t(table),
        column: column.into(),
        change,
    }
}

fn add(table: &str, kind: ConstraintKind, name: Option<&str>) -> Op {
    Op::AddConstraint {
        table: t(table),
        constraint: named(name, kind),
        not_valid: false,
        only: false,
    }
}

#[test]
fn types_resolve_as_format_type_prints_them() {
    let cases = [
        ("int", "integer"),
        ("int8", "bigint"),
        ("smallint", "smallint"),
        ("float", "double precision"),
        ("float(24)", "real"),
        ("double precision", "double precision"),
        ("decimal(10,2)", "numeric(10,2)"),
        ("numeric(5)", "numeric(5,0)"),
        ("varchar(20)", "character varying(20)"),
        ("character varying", "character varying"),
        ("char", "character(1)"),
        ("char(3)", "character(3)"),
        ("bool", "boolean"),
        ("timestamptz", "timestamp with time zone"),
        ("timestamp(3) with time zone", "timestamp(3) with time zone"),
        ("timestamp(0)", "timestamp(0) without time zone"),
        ("time with time zone", "time with time zone"),
        ("interval", "interval"),
        ("interval(3)", "interval(3)"),
        ("interval hour", "interval hour"),
        ("interval day to second(3)", "interval day to second(3)"),
        ("varbit(5)", "bit varying(5)"),
        ("bit", "bit(1)"),
        ("text[]", "text[]"),
        ("int[][]", "integer[]"),
        ("jsonb", "jsonb"),
        ("uuid", "uuid"),
        ("inet", "inet"),
        ("tstzrange", "tstzrange"),
        ("public.mood", "mood"),
        ("billing.\"Mood\"[]", "billing.\"Mood\"[]"),
        ("citext", "citext"),
        ("vector(3)", "vector(3)"),
    ];
    for (sql, expected) in cases {
        let parsed = pg_query::parse(&format!("CREATE TABLE x (c {sql})"), 0).unwrap();
        let Some(N::CreateStmt(c)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.clone())
        else {
            panic!("{sql}")
        };
        let Some(N::ColumnDef(cd)) = c.table_elts[0].node.as_ref() else {
            panic!("{sql}")
        };
        let (ty, serial) = column_type(cd.type_name.as_ref().unwrap()).unwrap();
        assert_eq!(
            (ty.to_string().as_str(), serial),
            (expected, false),
            "{sql}"
        );
    }
    let (ops, _) = lower("CREATE TABLE x (a serial, b bigserial, c smallserial)");
    let Op::CreateTable { columns, .. } = &ops[0] else {
        panic!()
    };
    let shown: Vec<(String, bool)> = columns
        .iter()
        .map(|c| (c.ty.to_string(), c.serial))
        .collect();
    assert_eq!(
        shown,
        [
            ("integer".to_string(), true),
            ("bigint".to_string(), true),
            ("smallint".to_string(), true)
        ]
    );
}

#[test]
fn add_column_with_everything_inline() {
    let mut a = col("a", BaseType::Varchar(Some(20)));
    a.not_null = true;
    a.default = Some("'x'::character varying".into());
    assert_eq!(
        ops("ALTER TABLE ONLY t ADD COLUMN IF NOT EXISTS a varchar(20) NOT NULL DEFAULT 'x'"),
        [Op::AddColumn {
            table: t("t"),
            column: a,
            if_not_exists: true,
        }]
    );
    let mut id = col("id", BaseType::BigInt);
    id.identity = Some(Identity { always: true });
    id.not_null = true;
    let mut total = col("total", BaseType::Integer);
    total.generated = Some("(price * 2)".into());
    let mut n = col("n", BaseType::Integer);
    n.serial = true;
    assert_eq!(
        ops(
            "ALTER TABLE billing.t ADD id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
             ADD total int GENERATED ALWAYS AS (price*2) STORED, ADD n serial"
        ),
        [
            Op::AddColumn {
                table: QualName::new(Some("billing".into()), "t"),
                column: id,
                if_not_exists: false,
            },
            Op::AddColumn {
                table: QualName::new(Some("billing".into()), "t"),
                column: total,
                if_not_exists: false,
            },
            Op::AddColumn {
                table: QualName::new(Some("billing".into()), "t"),
                column: n,
                if_not_exists: false,
            },
            Op::AddConstraint {
                table: QualName::new(Some("billing".into()), "t"),
                constraint: named(
                    None,
                    ConstraintKind::PrimaryKey {
                        columns: cols(&["id"])
                    }
                ),
                not_valid: false,
                only: false,
            },
        ]
    );
}

#[test]
fn subcommands_run_in_postgres_passes() {
    let got = ops("ALTER TABLE t ADD CONSTRAINT positive CHECK (n > 0), \
         ADD COLUMN n integer UNIQUE CHECK (n < 10) REFERENCES u ON DELETE CASCADE, \
         ALTER COLUMN m SET DEFAULT 'x', ALTER COLUMN m TYPE text USING m::text, \
         DROP COLUMN old CASCADE, ALTER COLUMN k SET NOT NULL, VALIDATE CONSTRAINT v, \
         ADD CONSTRAINT m_key UNIQUE USING INDEX m_idx");
    let check = |e: &str| ConstraintKind::Check {
        expression: e.into(),
        columns: cols(&["n"]),
    };
    assert_eq!(
        got,
        [
            Op::DropColumn {
                table: t("t"),
                column: "old".into(),
                if_exists: false,
                cascade: true,
            },
            change(
                "t",
                "m",
                ColumnChange {
                    ty: Some(ty(BaseType::Text)),
                    using: Some("m::text".into()),
                    ..Default::default()
                }
            ),
            Op::AddColumn {
                table: t("t"),
                column: col("n", BaseType::Integer),
                if_not_exists: false,
            },
            add("t", check("(n > 0)"), Some("positive")),
            Op::ValidateConstraint {
                table: t("t"),
                name: "v".into(),
            },
            change(
                "t",
                "k",
                ColumnChange {
                    not_null: Some(true),
                    ..Default::default()
                }
            ),
            Op::AddConstraintUsingIndex {
                table: t("t"),
                name: Some("m_key".into()),
                index: "m_idx".into(),
                primary_key: false,
            },
            add(
                "t",
                ConstraintKind::Unique {
                    columns: cols(&["n"])
                },
                None
            ),
            add("t", check("(n < 10)"), None),
            add(
                "t",
                ConstraintKind::ForeignKey {
                    columns: cols(&["n"]),
                    referenced: t("u"),
                    referenced_columns: vec![],
                    on_delete: Some("CASCADE".into()),
                    on_update: None,
                },
                None
            ),
            Op::SetDefaultLiteral {
                table: t("t"),
                column: "m".into(),
                value: "x".into(),
            },
        ]
    );
}

#[test]
fn column_alterations() {
    let c = |change| self::change("t", "c", change);
    assert_eq!(
        ops(
            "ALTER TABLE t ALTER c SET DEFAULT now(), ALTER c DROP NOT NULL; \
             ALTER TABLE t ALTER COLUMN c DROP DEFAULT, ALTER c SET DEFAULT -1; \
             ALTER TABLE t ALTER c ADD GENERATED BY DEFAULT AS IDENTITY; \
             ALTER TABLE t ALTER c SET GENERATED ALWAYS; \
             ALTER TABLE t ALTER c DROP IDENTITY IF EXISTS"
        ),
        [
            c(ColumnChange {
                not_null: Some(false),
                ..Default::default()
            }),
            c(ColumnChange {
                default: Some(Some("now()".into())),
                ..Default::default()
            }),
            c(ColumnChange {
                default: Some(None),
                ..Default::default()
            }),
            c(ColumnChange {
                default: Some(Some("'-1'::integer".into())),
                ..Default::default()
            }),
            c(ColumnChange {
                identity: Some(Some(Identity { always: false })),
                ..Default::default()
            }),
            c(ColumnChange {
                identity: Some(Some(Identity { always: true })),
                ..Default::default()
            }),
            c(ColumnChange {
                identity: Some(None),
                ..Default::default()
            }),
        ]
    );
    // A null default is no default for PostgreSQL.
    assert_eq!(
        ops("ALTER TABLE t ALTER c SET DEFAULT NULL"),
        [c(ColumnChange {
            default: Some(None),
            ..Default::default()
        })]
    );
    assert_eq!(
        ops("ALTER TABLE t ADD c text DEFAULT NULL::text"),
        [Op::AddColumn {
            table: t("t"),
            column: col("c", BaseType::Text),
            if_not_exists: false,
        }]
    );
    assert_eq!(
        ops("ALTER TABLE IF EXISTS t DROP CONSTRAINT IF EXISTS t_c_check"),
        [Op::IfTableExists {
            table: t("t"),
            op: Box::new(Op::DropConstraint {
                table: t("t"),
                name: "t_c_check".into(),
                kind: None,
                if_exists: true,
                cascade: false,
            }),
        }]
    );
}

#[test]
fn create_table_with_column_and_table_constraints() {
    let got = ops("CREATE TABLE IF NOT EXISTS orders (
            id serial PRIMARY KEY,
            code varchar(8) CONSTRAINT orders_code_uq UNIQUE,
            total numeric(10,2) NOT NULL DEFAULT 0 CHECK (total >= 0),
            status mood DEFAULT 'new',
            customer_id int REFERENCES customers (id) ON DELETE SET NULL ON UPDATE CASCADE,
            created timestamptz DEFAULT now(),
            CONSTRAINT orders_check CHECK (total < 1000 OR status <> 'new'),
            UNIQUE (id),
            UNIQUE (customer_id, code),
            FOREIGN KEY (customer_id, code) REFERENCES accounts
        )");
    let mut id = col("id", BaseType::Integer);
    id.serial = true;
    id.not_null = true;
    let mut total = col("total", BaseType::Numeric(Some((10, 2))));
    total.not_null = true;
    total.default = Some("0".into());
    let mood = BaseType::Named {
        schema: None,
        name: "mood".into(),
        modifiers: None,
    };
    let mut status = col("status", mood);
    status.default = Some("'new'::mood".into());
    let mut created = col(
        "created",
        BaseType::Timestamp {
            tz: true,
            precision: None,
        },
    );
    created.default = Some("now()".into());
    assert_eq!(
        got,
        [Op::CreateTable {
            table: t("orders"),
            columns: vec![
                id,
                col("code", BaseType::Varchar(Some(8))),
                total,
                status,
                col("customer_id", BaseType::Integer),
                created,
            ],
            constraints: vec![
                // The primary key first; `UNIQUE (id)` repeats its index and is not made.
                named(
                    None,
                    ConstraintKind::PrimaryKey {
                        columns: cols(&["id"])
                    }
                ),
                named(
                    Some("orders_code_uq"),
                    ConstraintKind::Unique {
                        columns: cols(&["code"])
                    }
                ),
                named(
                    None,
                    ConstraintKind::Unique {
                        columns: cols(&["customer_id", "code"])
                    }
                ),
                named(
                    None,
                    ConstraintKind::Check {
                        expression: "(total >= 0)".into(),
                        columns: cols(&["total"]),
                    }
                ),
                named(
                    Some("orders_check"),
                    ConstraintKind::Check {
                        expression: "(total < 1000 OR status <> 'new')".into(),
                        columns: cols(&["total", "or", "status"]),
                    }
                ),
                named(
                    None,
                    ConstraintKind::ForeignKey {
                        columns: cols(&["customer_id"]),
                        referenced: t("customers"),
                        referenced_columns: cols(&["id"]),
                        on_delete: Some("SET NULL".into()),
                        on_update: Some("CASCADE".into()),
                    }
                ),
                named(
                    None,
                    ConstraintKind::ForeignKey {
                        columns: cols(&["customer_id", "code"]),
                        referenced: t("accounts"),
                        referenced_columns: vec![],
                        on_delete: None,
                        on_update: None,
                    }
                ),
            ],
            comment: None,
            if_not_exists: true,
            from: Default::default(),
        }]
    );
}

#[test]
fn indexes_comments_and_sequences() {
    assert_eq!(
        ops(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY s.t USING GIN \
             ((lower(a)) DESC, (b) text_pattern_ops) INCLUDE (c) WHERE d > 0;
             CREATE INDEX ON t (a, upper(b))"
        ),
        [
            Op::CreateIndex(IndexDef {
                name: Some("ix".into()),
                table: QualName::new(Some("s".into()), "t"),
                unique: true,
                method: "gin".into(),
                keys: vec![
                    IndexKey::Expression("lower(a)".into()),
                    IndexKey::Column("b".into())
                ],
                include: cols(&["c"]),
                predicate: Some("d > 0".into()),
                if_not_exists: true,
                concurrently: true,
                only: true,
            }),
            Op::CreateIndex(IndexDef {
                name: None,
                table: t("t"),
                unique: false,
                method: "btree".into(),
                keys: vec![
                    IndexKey::Column("a".into()),
                    IndexKey::Expression("upper(b)".into())
                ],
                include: vec![],
                predicate: None,
                if_not_exists: false,
                concurrently: false,
                only: false,
            }),
        ]
    );
    assert_eq!(
        ops("DROP INDEX CONCURRENTLY IF EXISTS s.ix; DROP TABLE a, b CASCADE"),
        [
            Op::DropIndex {
                index: QualName::new(Some("s".into()), "ix"),
                if_exists: true,
                concurrently: true,
            },
            Op::DropTable {
                table: t("a"),
                if_exists: false,
                cascade: true,
            },
            Op::DropTable {
                table: t("b"),
                if_exists: false,
                cascade: true,
            },
        ]
    );
    assert_eq!(
        ops(
            "COMMENT ON TABLE s.t IS 'Orders'; COMMENT ON COLUMN t.c IS ''; \
             COMMENT ON INDEX ix IS 'not in the catalog'"
        ),
        [
            Op::SetTableComment {
                table: QualName::new(Some("s".into()), "t"),
                comment: Some("Orders".into()),
            },
            change(
                "t",
                "c",
                ColumnChange {
                    comment: Some(None),
                    ..Default::default()
                }
            ),
            Op::Other {
                statement: "COMMENT ON INDEX ix IS 'not in the catalog'".into(),
                changes_schema: false,
            },
        ]
    );
    assert_eq!(
        ops(
            "CREATE SEQUENCE IF NOT EXISTS s.q AS bigint START 5 OWNED BY s.t.c; \
             ALTER SEQUENCE q OWNED BY NONE; ALTER SEQUENCE q RESTART; \
             ALTER SEQUENCE q RENAME TO r; DROP SEQUENCE IF EXISTS r CASCADE"
        ),
        [
            Op::CreateSequence {
                name: QualName::new(Some("s".into()), "q"),
                owned_by: Some((QualName::new(Some("s".into()), "t"), "c".into())),
                if_not_exists: true,
            },
            Op::SetSequenceOwner {
                name: t("q"),
                owned_by: None,
                if_exists: false,
            },
            Op::Other {
                statement: "ALTER SEQUENCE q RESTART".into(),
                changes_schema: false,
            },
            Op::RenameSequence {
                name: t("q"),
                new_name: "r".into(),
            },
            Op::DropSequence {
                name: t("r"),
                if_exists: true,
                cascade: true,
            },
        ]
    );
}

#[test]
fn unsupported_forms_are_reported() {
    for sql in [
        "CREATE TABLE t OF some_type",
        "CREATE TABLE t_1 PARTITION OF t (a WITH OPTIONS NOT NULL) FOR VALUES IN (1)",
        "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION",
        "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a) INCLUDE (b)",
        "ALTER DOMAIN d SET SCHEMA billing",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NO INHERIT",
        "CREATE TABLE t2 AS SELECT 1",
        "ALTER VIEW v ALTER COLUMN a SET DEFAULT 1",
        "ALTER FUNCTION f() SECURITY DEFINER",
    ] {
        let (ops, diagnostics) = lower(sql);
        assert_eq!(diagnostics.len(), 1, "{sql}");
        assert_eq!(diagnostics[0].code, "sql-not-modelled", "{sql}");
        assert!(
            matches!(ops.last(), Some(Op::Other { changes_schema: true, statement }) if statement == sql),
            "{sql}: {ops:?}"
        );
    }
    // Partly modelled: the rest of the statement still applies.
    let (partly, diagnostics) = lower("ALTER TABLE t ADD COLUMN a int, NOT OF");
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0].notes.iter().any(|n| n.contains("NOT OF")));
    assert!(matches!(partly[0], Op::AddColumn { .. }));
    // No schema change and nothing to report.
    assert_eq!(
        ops("ALTER TABLE t VALIDATE CONSTRAINT c"),
        [Op::ValidateConstraint {
            table: t("t"),
            name: "c".into(),
        }]
    );
    for sql in [
        "ALTER TABLE t OWNER TO app, ENABLE ROW LEVEL SECURITY",
        "ALTER INDEX ix SET (fillfactor = 70)",
        "CREATE TEMP TABLE scratch (a int)",
    ] {
        assert_eq!(
            ops(sql),
            [Op::Other {
                statement: sql.into(),
                changes_schema: false,
            }]
        );
    }
}

#[test]
fn views_functions_and_triggers() {
    let got = ops("CREATE OR REPLACE VIEW s.v AS
            WITH recent AS (SELECT * FROM events)
            SELECT o.id, total, c.* FROM orders o JOIN s.customers AS c ON o.cid = c.id,
            recent WHERE o.id IN (SELECT order_id FROM lines);
         CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT * FROM v WITH NO DATA;
         CREATE TEMP VIEW scratch AS SELECT 1");
    let rel = |schema: Option<&str>, name: &str, alias: Option<&str>| RelationUse {
        name: QualName::new(schema.map(str::to_string), name),
        alias: alias.map(str::to_string),
    };
    let col = |q: Option<&str>, c: Option<&str>| ColumnUse {
        qualifier: q.map(str::to_string),
        column: c.map(str::to_string),
    };
    let Op::CreateView(v) = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(
        (
            v.name.clone(),
            v.materialized,
            v.or_replace,
            v.if_not_exists
        ),
        (QualName::new(Some("s".into()), "v"), false, true, false)
    );
    let mut reads = v.reads.clone();
    reads.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        reads,
        [
            rel(None, "events", None),
            rel(None, "lines", None),
            rel(None, "orders", Some("o")),
            rel(Some("s"), "customers", Some("c")),
        ]
    );
    assert!(!v.columns.contains(&col(None, None)));
    for c in [
        col(Some("o"), Some("id")),
        col(None, Some("total")),
        col(Some("c"), None),
        col(None, Some("order_id")),
    ] {
        assert!(v.columns.contains(&c), "{c:?} in {:?}", v.columns);
    }
    let Op::CreateView(nested) = &ops("CREATE VIEW n AS SELECT * FROM (SELECT a FROM t) s")[0]
    else {
        panic!()
    };
    assert_eq!(nested.columns, [col(None, Some("a"))]);
    let Op::CreateView(mv) = &got[1] else {
        panic!("{got:?}")
    };
    assert!(mv.materialized && mv.if_not_exists && !mv.or_replace);
    assert_eq!(mv.reads, [rel(None, "v", None)]);
    assert_eq!(mv.columns, [col(None, None)]);
    assert!(matches!(
        &got[2],
        Op::Other {
            changes_schema: false,
            ..
        }
    ));
    // Objects of the session's temporary schema are gone with it.
    for sql in [
        "CREATE FUNCTION pg_temp.f(a text) RETURNS bool AS 'SELECT true' LANGUAGE sql",
        "DROP FUNCTION IF EXISTS pg_temp.f(text)",
        "CREATE VIEW pg_temp.v AS SELECT 1",
        "DROP VIEW pg_temp.v",
    ] {
        assert!(
            matches!(
                ops(sql).as_slice(),
                [Op::Other {
                    changes_schema: false,
                    ..
                }]
            ),
            "{sql}"
        );
    }

    assert_eq!(
        ops("CREATE OR REPLACE FUNCTION audit.touch(a int, OUT b text, VARIADIC c varchar[])
             RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog
             AS $$ BEGIN b := a; END $$;
             CREATE PROCEDURE p() AS 'SELECT 1';
             CREATE TRIGGER t_touch BEFORE UPDATE ON s.t FOR EACH ROW EXECUTE FUNCTION audit.touch()"),
        [
            Op::CreateFunction(FunctionDef {
                name: QualName::new(Some("audit".into()), "touch"),
                args: cols(&["integer", "character varying[]"]),
                procedure: false,
                language: "plpgsql".into(),
                volatility: Volatility::Stable,
                security_definer: true,
                sets_search_path: true,
                or_replace: true,
            }),
            Op::CreateFunction(FunctionDef {
                name: t("p"),
                args: vec![],
                procedure: true,
                language: "sql".into(),
                volatility: Volatility::Volatile,
                security_definer: false,
                sets_search_path: false,
                or_replace: false,
            }),
            Op::CreateTrigger {
                name: "t_touch".into(),
                table: QualName::new(Some("s".into()), "t"),
                function: QualName::new(Some("audit".into()), "touch"),
                or_replace: false,
            },
        ]
    );
    assert_eq!(
        ops(
            "DROP VIEW IF EXISTS a, s.b CASCADE; DROP MATERIALIZED VIEW mv;
             DROP FUNCTION IF EXISTS f(int4, text), g CASCADE; DROP PROCEDURE p();
             DROP TRIGGER IF EXISTS tr ON s.t; ALTER VIEW a RENAME TO b;
             ALTER MATERIALIZED VIEW mv RENAME TO mv2; ALTER FUNCTION f(bigint) RENAME TO g;
             ALTER TRIGGER tr ON t RENAME TO tr2; ALTER VIEW b RENAME COLUMN x TO y"
        ),
        [
            Op::DropView {
                name: t("a"),
                materialized: false,
                if_exists: true,
                cascade: true,
            },
            Op::DropView {
                name: QualName::new(Some("s".into()), "b"),
                materialized: false,
                if_exists: true,
                cascade: true,
            },
            Op::DropView {
                name: t("mv"),
                materialized: true,
                if_exists: false,
                cascade: false,
            },
            Op::DropFunction {
                name: t("f"),
                args: Some(cols(&["integer", "text"])),
                if_exists: true,
                cascade: true,
            },
            Op::DropFunction {
                name: t("g"),
                args: None,
                if_exists: true,
                cascade: true,
            },
            Op::DropFunction {
                name: t("p"),
                args: Some(vec![]),
                if_exists: false,
                cascade: false,
            },
            Op::DropTrigger {
                name: "tr".into(),
                table: QualName::new(Some("s".into()), "t"),
                if_exists: true,
                cascade: false,
            },
            Op::RenameView {
                name: t("a"),
                materialized: false,
                new_name: "b".into(),
            },
            Op::RenameView {
                name: t("mv"),
                materialized: true,
                new_name: "mv2".into(),
            },
            Op::RenameFunction {
                name: t("f"),
                args: Some(cols(&["bigint"])),
                new_name: "g".into(),
            },
            Op::RenameTrigger {
                table: t("t"),
                name: "tr".into(),
                new_name: "tr2".into(),
            },
            Op::Other {
                statement: "ALTER VIEW b RENAME COLUMN x TO y".into(),
                changes_schema: false,
            },
        ]
    );
}

#[test]
fn views_and_triggers_follow_their_tables() {
    let mut s = Schema::default();
    run(
        &mut s,
        "CREATE TABLE orders (id int PRIMARY KEY, total numeric, note text);
         CREATE TABLE lines (order_id int REFERENCES orders, qty int);
         CREATE VIEW big AS SELECT o.id, total FROM orders o WHERE total > 100;
         CREATE VIEW big_lines AS SELECT * FROM big JOIN lines ON big.id = lines.order_id;
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
         ALTER TABLE orders DROP COLUMN note;
         ALTER TABLE orders RENAME TO purchases;
         ALTER TABLE purchases RENAME COLUMN total TO amount",
    );
    let k = |n: &str| ("public".to_string(), n.to_string());
    assert!(s.views[&k("big")].reads.contains(&k("purchases")));
    assert!(s.views[&k("big")]
        .columns
        .contains(&(k("purchases"), "amount".into())));
    assert!(s
        .triggers
        .contains_key(&(k("purchases"), "orders_touch".into())));
    let fails = |s: &mut Schema, sql: &str| {
        let mut messages = Vec::new();
        for op in ops(sql) {
            if let Err(e) = s.apply(&op) {
                messages.push(e.message);
            }
        }
        messages.join("; ")
    };
    let before = s.clone();
    for (sql, message) in [
        ("DROP TABLE purchases", "cannot drop table purchases because other objects depend on it (view big depends on it)"),
        ("ALTER TABLE purchases DROP COLUMN amount", "cannot drop column amount of table purchases because other objects depend on it"),
        ("ALTER TABLE purchases ALTER amount TYPE int", "cannot alter type of a column used by a view or rule"),
        ("DROP VIEW big", "cannot drop view big because other objects depend on it (view big_lines depends on it)"),
        ("DROP FUNCTION touch()", "cannot drop function touch() because other objects depend on it (trigger orders_touch on table purchases depends on it)"),
        ("DROP TABLE big", "\"big\" is not a table"),
        ("DROP MATERIALIZED VIEW big", "\"big\" is not a materialized view"),
        ("CREATE VIEW big AS SELECT 1", "relation \"big\" already exists"),
        ("CREATE OR REPLACE VIEW purchases AS SELECT 1", "\"purchases\" is not a view"),
        ("CREATE FUNCTION touch() RETURNS int AS 'SELECT 1'", "function \"touch\" already exists with same argument types"),
        ("CREATE TRIGGER orders_touch AFTER INSERT ON purchases EXECUTE FUNCTION touch()", "trigger \"orders_touch\" for relation \"purchases\" already exists"),
        ("DROP TRIGGER nope ON purchases", "trigger \"nope\" for table \"purchases\" does not exist"),
        ("DROP FUNCTION nope(int)", "function nope(integer) does not exist"),
        ("CREATE INDEX ON big (id)", "cannot create index on relation \"big\""),
    ] {
        let got = fails(&mut s, sql);
        assert!(got.starts_with(message), "{sql}: {got}");
        assert_eq!(s, before, "{sql} left the schema changed");
    }
    // A column no view uses goes; a type change of one goes too.
    run(
        &mut s,
        "ALTER TABLE lines ADD extra int; ALTER TABLE lines DROP extra",
    );
    // The function goes with its trigger; the views with the column they use.
    run(
        &mut s,
        "DROP FUNCTION touch CASCADE; ALTER TABLE purchases DROP COLUMN amount CASCADE",
    );
    assert!(s.triggers.is_empty() && s.functions.is_empty());
    assert!(s.views.is_empty(), "{:?}", s.views);
    // Materialized views hold indexes; dropping the table with CASCADE takes them all.
    run(
        &mut s,
        "CREATE MATERIALIZED VIEW totals AS SELECT order_id, sum(qty) FROM lines GROUP BY 1;
         CREATE UNIQUE INDEX ON totals (order_id);
         ALTER INDEX totals_order_id_idx RENAME TO totals_key;
         CREATE VIEW top AS SELECT * FROM totals;
         CREATE TRIGGER lines_touch AFTER INSERT ON lines EXECUTE FUNCTION gone();
         ALTER TRIGGER lines_touch ON lines RENAME TO lines_seen",
    );
    assert_eq!(s.views[&k("totals")].indexes, ["totals_key"]);
    assert!(s.relation_exists("public", "totals_key"));
    assert!(fails(&mut s, "DROP TABLE lines").contains("view totals depends on it"));
    run(&mut s, "DROP TABLE lines CASCADE");
    assert!(s.views.is_empty() && s.triggers.is_empty());
    assert!(!s.relation_exists("public", "totals_key"));
    // Renaming a view keeps the views that read it.
    run(
        &mut s,
        "CREATE VIEW a AS SELECT id FROM purchases; CREATE VIEW b AS SELECT * FROM a;
         ALTER VIEW a RENAME TO a2; ALTER TABLE b RENAME TO b2",
    );
    assert!(s.views[&k("b2")].reads.contains(&k("a2")));
    run(&mut s, "DROP SCHEMA public CASCADE");
    assert!(s.views.is_empty() && s.tables.is_empty());
}

#[test]
fn stats_count_each_statement_once() {
    let mut stats = SqlStats::default();
    let span = Span::new(FileId(0), 0..0);
    for sql in [
        "CREATE VIEW v AS SELECT 1; INSERT INTO t VALUES (1); GRANT SELECT ON t TO app",
        "CREATE RULE r AS ON INSERT TO t DO NOTHING; DROP TABLE t; DROP POLICY p ON t",
        "ALTER TABLE t ADD a int, NOT OF",
        "SELEC 1",
    ] {
        lower_sql(sql, &SqlPlace::call(&span), &mut Vec::new(), &mut stats);
    }
    stats.unanalyzable_call("SQL that is not known statically");
    assert_eq!(
        (
            stats.statements,
            stats.schema_statements,
            stats.data_statements,
            stats.no_effect_statements,
            stats.not_modelled_statements,
            stats.syntax_errors,
            stats.unanalyzable_calls,
        ),
        (7, 2, 1, 1, 3, 1, 1)
    );
    let kinds: Vec<(&str, usize)> = stats
        .not_modelled
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "AlterTableStmt(ObjectTable): `ALTER TABLE ... NOT OF` is not modelled",
                1
            ),
            ("DropStmt(ObjectPolicy)", 1),
            ("RuleStmt", 1),
        ]
    );
}

/// Applies SQL to a schema, as the replay does.
fn run(schema: &mut Schema, sql: &str) {
    for op in ops(sql) {
        schema
            .apply(&op)
            .unwrap_or_else(|e| panic!("{sql}: {op:?}: {}", e.message));
    }
}

#[test]
fn replay_needs_the_catalog_for_some_sql() {
    let mut s = Schema::default();
    run(
        &mut s,
        "CREATE TABLE accounts (id int PRIMARY KEY, region text, state boolean);
         CREATE TABLE sessions (id int, account_id int REFERENCES accounts);
         ALTER TABLE accounts ALTER region SET DEFAULT 'eu', ALTER state SET DEFAULT 'on';
         CREATE UNIQUE INDEX sessions_id_idx ON sessions (id);
         ALTER TABLE sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY USING INDEX sessions_id_idx;
         CREATE SEQUENCE ticket_seq;
         ALTER TABLE sessions ADD ticket int DEFAULT nextval('ticket_seq')",
    );
    let accounts = s.table(&t("accounts")).unwrap();
    assert_eq!(accounts.columns[1].default.as_deref(), Some("'eu'::text"));
    assert_eq!(accounts.columns[2].default.as_deref(), Some("true"));
    let sessions = s.table(&t("sessions")).unwrap();
    assert!(sessions.indexes.is_empty());
    assert!(sessions.columns[0].not_null);
    assert_eq!(
        sessions
            .constraints
            .iter()
            .map(|c| (c.name.as_str(), c.kind.clone()))
            .collect::<Vec<_>>(),
        [
            (
                "sessions_account_id_fkey",
                ConstraintKind::ForeignKey {
                    columns: cols(&["account_id"]),
                    referenced: t("accounts"),
                    referenced_columns: cols(&["id"]),
                    on_delete: None,
                    on_update: None,
                }
            ),
            (
                "sessions_pkey",
                ConstraintKind::PrimaryKey {
                    columns: cols(&["id"])
                }
            ),
        ]
    );
    assert_eq!(
        sessions.columns[2].default.as_deref(),
        Some("nextval('ticket_seq'::regclass)")
    );
    let e = s
        .apply(&Op::DropSequence {
            name: t("ticket_seq"),
            if_exists: false,
            cascade: false,
        })
        .unwrap_err();
    assert!(
        e.message.contains("default value for column ticket"),
        "{e:?}"
    );
    run(&mut s, "ALTER SEQUENCE ticket_seq RENAME TO tickets");
    assert_eq!(
        s.table(&t("sessions")).unwrap().columns[2]
            .default
            .as_deref(),
        Some("nextval('tickets'::regclass)")
    );
    run(
        &mut s,
        "DROP SEQUENCE tickets CASCADE; ALTER TABLE IF EXISTS gone ADD x int",
    );
    assert_eq!(s.table(&t("sessions")).unwrap().columns[2].default, None);
    assert!(s.sequences.is_empty());
    // An identity's sequence cannot be dropped; SERIAL's, once the default is gone, can.
    run(
        &mut s,
        "CREATE TABLE tags (id serial, label text);
         ALTER TABLE tags ALTER id DROP DEFAULT, ALTER id ADD GENERATED ALWAYS AS IDENTITY",
    );
    let names: Vec<&str> = s.sequences.keys().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["tags_id_seq", "tags_id_seq1"]);
    run(&mut s, "DROP SEQUENCE tags_id_seq");
    let e = s
        .apply(&Op::DropSequence {
            name: t("tags_id_seq1"),
            if_exists: false,
            cascade: true,
        })
        .unwrap_err();
    assert!(
        e.message.contains("column id of table tags requires it"),
        "{e:?}"
    );
}

#[test]
fn bind_parameters_become_placeholders() {
    assert_eq!(
        bind_parameters_as_placeholders(
            "UPDATE t SET a = :v WHERE b = %(w)s AND c = %s OR d = :long_name"
        ),
        "UPDATE t SET a = $1 WHERE b = $1    AND c = $1 OR d = $1        "
    );
    assert_eq!(
        bind_parameters_as_placeholders("SELECT 'a:b'::text, x::int -- :c"),
        "SELECT 'a:b'::text, x::int -- :c"
    );
}

#[test]
fn partitions_inheritance_and_like_lower_to_what_the_table_comes_from() {
    let from = |sql: &str| match ops(sql).into_iter().next() {
        Some(Op::CreateTable { from, .. }) => from,
        other => panic!("{sql}: {other:?}"),
    };
    let partitioned =
        from("CREATE TABLE m (at date, code text) PARTITION BY LIST (at, lower(code))");
    assert_eq!(
        partitioned.partition_by,
        Some(crate::ir::PartitionKey {
            strategy: "list".into(),
            columns: vec!["at".into()],
            parts: vec!["at".into(), "(lower(code))".into()],
        })
    );
    let part = from("CREATE TABLE s.m_1 PARTITION OF s.m FOR VALUES IN ('2024-01-01')");
    assert_eq!(
        part.partition_of,
        Some(QualName::new(Some("s".into()), "m"))
    );
    assert!(part.inherits.is_empty());
    assert_eq!(
        from("CREATE TABLE m_d PARTITION OF m DEFAULT").partition_of,
        Some(t("m"))
    );
    assert_eq!(
        from("CREATE TABLE c (x int) INHERITS (a, b)").inherits,
        [t("a"), t("b")]
    );
    let like = from("CREATE TABLE c (x int, LIKE src INCLUDING DEFAULTS INCLUDING INDEXES, y int)");
    assert_eq!(
        like.like,
        [crate::ir::LikeClause {
            source: t("src"),
            position: 1,
            options: crate::ir::LikeOptions {
                defaults: true,
                indexes: true,
                ..Default::default()
            },
        }]
    );
    let all = from("CREATE TABLE c (LIKE src INCLUDING ALL EXCLUDING COMMENTS)");
    assert_eq!(
        all.like[0].options,
        crate::ir::LikeOptions {
            defaults: true,
            constraints: true,
            indexes: true,
            identity: true,
            generated: true,
            comments: false,
        }
    );
    assert_eq!(
        crate::sql::partition_key("RANGE (at)").map(|k| k.strategy),
        Ok("range".to_string())
    );
    assert!(crate::sql::partition_key("RANGE (at); DROP TABLE x").is_err());
}

#[test]
fn moves_inheritance_and_attachments_lower_to_their_operations() {
    assert_eq!(
        ops("ALTER TABLE t SET SCHEMA archive; ALTER TYPE mood SET SCHEMA archive"),
        [
            Op::SetTableSchema {
                table: t("t"),
                schema: "archive".into(),
            },
            Op::SetEnumSchema {
                name: t("mood"),
                schema: "archive".into(),
            },
        ]
    );
    assert_eq!(
        ops("ALTER TABLE c INHERIT p, NO INHERIT q"),
        [
            Op::Inherit {
                table: t("c"),
                parent: t("p"),
                add: true,
            },
            Op::Inherit {
                table: t("c"),
                parent: t("q"),
                add: false,
            },
        ]
    );
    assert_eq!(
        ops("ALTER INDEX m_at_idx ATTACH PARTITION m_1_at_idx"),
        [Op::AttachIndex {
            index: t("m_at_idx"),
            partition_index: t("m_1_at_idx"),
        }]
    );
    assert_eq!(
        ops("ALTER TABLE m ATTACH PARTITION m_1 FOR VALUES IN (1); ALTER TABLE m DETACH PARTITION m_1"),
        [
            Op::Statement(crate::ir::Statement::AttachPartition {
                parent: t("m"),
                partition: t("m_1"),
            }),
            Op::Statement(crate::ir::Statement::DetachPartition {
                parent: t("m"),
                partition: t("m_1"),
                concurrently: false,
            }),
        ]
    );
}

/// The names PostgreSQL 15 gives, measured on the server: a partition's indexes and its
/// primary key and unique constraints are named after the partition; checks and foreign
/// keys keep the parent's names.
#[test]
fn partitions_get_what_postgres_gives_them() {
    let mut s = Schema::default();
    run(
        &mut s,
        "CREATE TABLE o (id int PRIMARY KEY);
         CREATE TABLE m (id serial, k int NOT NULL, v text DEFAULT 'x' CHECK (length(v) < 10),
             at date, ref int REFERENCES o, PRIMARY KEY (id, at), UNIQUE (k, at),
             CONSTRAINT ck CHECK (k > 0)) PARTITION BY RANGE (at);
         CREATE INDEX ON m (k);
         CREATE INDEX m_v_named ON m (lower(v));
         CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    );
    let p = s.table(&t("m_2024")).expect("partition");
    let names = |t: &crate::schema::Table| {
        let mut n: Vec<String> = t.constraints.iter().map(|c| c.name.clone()).collect();
        n.extend(t.indexes.iter().map(|i| i.name.clone()));
        n.sort();
        n
    };
    assert_eq!(
        names(p),
        [
            "ck",
            "m_2024_k_at_key",
            "m_2024_k_idx",
            "m_2024_lower_idx",
            "m_2024_pkey",
            "m_ref_fkey",
            "m_v_check"
        ]
    );
    assert_eq!(
        p.columns[0].default.as_deref(),
        Some("nextval('m_id_seq'::regclass)")
    );
    assert!(p.columns.iter().all(|c| c.inherited == 1 && !c.local));
    // What belongs to the parent cannot go alone; it goes with the parent's.
    for sql in [
        "DROP INDEX m_2024_k_idx",
        "ALTER TABLE m_2024 DROP CONSTRAINT ck",
        "ALTER TABLE m_2024 DROP COLUMN v",
        "ALTER TABLE m DROP COLUMN at",
    ] {
        let op = ops(sql).remove(0);
        assert!(s.apply(&op).is_err(), "{sql}");
    }
    run(
        &mut s,
        "DROP INDEX m_k_idx; ALTER TABLE m ADD COLUMN extra int",
    );
    let p = s.table(&t("m_2024")).expect("partition");
    assert!(!p.indexes.iter().any(|i| i.name == "m_2024_k_idx"));
    assert!(p.column("extra").is_some());
    // Detached, it keeps everything as its own; dropping the parent drops the partitions.
    run(
        &mut s,
        "ALTER TABLE m DETACH PARTITION m_2024; DROP TABLE m",
    );
    let p = s.table(&t("m_2024")).expect("detached");
    assert!(p.parents.is_empty() && p.constraints.iter().all(|c| c.parent.is_none()));
    run(
        &mut s,
        "CREATE TABLE q (a int, b int, UNIQUE (a)) PARTITION BY LIST (a);
         CREATE INDEX ON q (b);
         CREATE TABLE q_1 PARTITION OF q (UNIQUE (a), CHECK (b > 0)) FOR VALUES IN (1);
         DROP TABLE q",
    );
    assert!(s.table(&t("q_1")).is_none());
    // pg_dump's order: keys made ONLY on the parent, the partitions' own attached to them.
    run(
        &mut s,
        "CREATE TABLE d (id int NOT NULL, at date NOT NULL) PARTITION BY LIST (at);
         CREATE TABLE d1 PARTITION OF d FOR VALUES IN ('2024-01-01');
         ALTER TABLE ONLY d1 ADD CONSTRAINT d1_pkey PRIMARY KEY (id, at);
         ALTER TABLE ONLY d ADD CONSTRAINT d_pkey PRIMARY KEY (id, at);
         ALTER INDEX d_pkey ATTACH PARTITION d1_pkey",
    );
    let d1 = s.table(&t("d1")).expect("partition");
    assert_eq!(d1.constraints.len(), 1);
    assert_eq!(d1.constraints[0].parent.as_deref(), Some("d_pkey"));
    let check = ops("ALTER TABLE ONLY d ADD CONSTRAINT ck CHECK (id > 0)").remove(0);
    assert_eq!(
        s.apply(&check).map_err(|e| e.message),
        Err("constraint must be added to child tables too".to_string())
    );
    // Each partition enforces a unique key alone: it must hold the partition key.
    for sql in [
        "CREATE TABLE bad (a int, b int, PRIMARY KEY (a)) PARTITION BY LIST (b)",
        "CREATE TABLE r (a int, b int) PARTITION BY LIST (b); CREATE UNIQUE INDEX ON r (a)",
    ] {
        let mut s = Schema::default();
        let errors: Vec<String> = ops(sql)
            .iter()
            .filter_map(|op| s.apply(op).err())
            .map(|e| e.message)
            .collect();
        assert_eq!(
            errors,
            ["unique constraint on partitioned table must include all partitioning columns"],
            "{sql}"
        );
    }
}

#[test]
fn an_attached_table_keeps_what_matches_and_gets_the_rest() {
    let mut s = Schema::default();
    run(
        &mut s,
        "CREATE TABLE m (id int NOT NULL, k int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at),
             CONSTRAINT mk CHECK (k > 0)) PARTITION BY LIST (at);
         CREATE INDEX ON m (k);
         CREATE TABLE m_x (k int NOT NULL, id int NOT NULL, at date NOT NULL,
             CONSTRAINT mk CHECK (k > 0));
         CREATE INDEX m_x_k_own ON m_x (k);
         CREATE UNIQUE INDEX m_x_pk_like ON m_x (id, at);
         ALTER TABLE m ATTACH PARTITION m_x FOR VALUES IN ('2024-02-01')",
    );
    let x = s.table(&t("m_x")).expect("partition");
    let index = |name: &str| x.indexes.iter().find(|i| i.name == name).cloned();
    assert_eq!(
        index("m_x_k_own").and_then(|i| i.parent).as_deref(),
        Some("m_k_idx")
    );
    assert_eq!(index("m_x_pk_like").and_then(|i| i.parent), None);
    assert!(x.constraints.iter().any(|c| c.name == "m_x_pkey"));
    // A table missing the parent's check, or with a nullable key column, is refused.
    run(
        &mut s,
        "CREATE TABLE m_z (k int NOT NULL, id int NOT NULL, at date)",
    );
    let attach = ops("ALTER TABLE m ATTACH PARTITION m_z FOR VALUES IN ('2024-03-01')").remove(0);
    let e = s.apply(&attach).expect_err("at is nullable");
    assert_eq!(
        e.message,
        "column \"at\" in child table must be marked NOT NULL"
    );
}

#[test]
fn inheritance_and_like_copy_what_postgres_copies() {
    let mut s = Schema::default();
    run(
        &mut s,
        "CREATE TABLE p1 (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
             a text NOT NULL DEFAULT 'a', b int CHECK (b > 0), u int UNIQUE);
         CREATE UNIQUE INDEX p1_ua ON p1 (a);
         CREATE INDEX ON p1 (lower(a)) WHERE b > 1;
         CREATE TABLE p2 (b int NOT NULL, c text DEFAULT 'c',
             CONSTRAINT c_pos CHECK (length(c) > 0));
         CREATE TABLE ch (x int, a text DEFAULT 'z', c text, PRIMARY KEY (x)) INHERITS (p1, p2);
         CREATE TABLE l1 (LIKE p1);
         CREATE TABLE l3 (LIKE p1 INCLUDING ALL)",
    );
    let ch = s.table(&t("ch")).expect("child");
    let cols: Vec<(&str, bool, Option<&str>, u32)> = ch
        .columns
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.not_null,
                c.default.as_deref(),
                c.inherited,
            )
        })
        .collect();
    assert_eq!(
        cols,
        [
            ("id", true, None, 1),
            ("a", true, Some("'z'::text"), 1),
            ("b", true, None, 2),
            ("u", false, None, 1),
            ("c", false, Some("'c'::text"), 1),
            ("x", true, None, 0),
        ]
    );
    assert!(ch.columns[0].identity.is_none());
    let mut names: Vec<&str> = ch.constraints.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["c_pos", "ch_pkey", "p1_b_check"]);
    assert!(ch.indexes.is_empty());
    let l1 = s.table(&t("l1")).expect("like");
    assert!(l1.constraints.is_empty() && l1.indexes.is_empty());
    assert_eq!(l1.columns[1].default, None);
    assert!(l1.columns[1].not_null);
    let l3 = s.table(&t("l3")).expect("like all");
    let mut names: Vec<&str> = l3.constraints.iter().map(|c| c.name.as_str()).collect();
    names.extend(l3.indexes.iter().map(|i| i.name.as_str()));
    names.sort();
    assert_eq!(
        names,
        [
            "l3_a_idx",
            "l3_lower_idx",
            "l3_pkey",
            "l3_u_key",
            "p1_b_check"
        ]
    );
    assert!(s
        .sequences
        .contains_key(&("public".into(), "l3_id_seq".into())));
    // Dropping an inherited column from the child alone is refused; from the parent, it goes.
    assert!(s
        .apply(&ops("ALTER TABLE ch DROP COLUMN u").remove(0))
        .is_err());
    run(&mut s, "ALTER TABLE p1 DROP COLUMN u");
    assert!(s.table(&t("ch")).expect("child").column("u").is_none());
    // A parent with children needs CASCADE.
    assert!(s.apply(&ops("DROP TABLE p2").remove(0)).is_err());
    run(&mut s, "ALTER TABLE ch NO INHERIT p2; DROP TABLE p2");
    assert_eq!(s.table(&t("ch")).expect("child").parents.len(), 1);
}

#[test]
fn set_schema_moves_a_table_with_its_relations_and_an_enum_with_its_uses() {
    let mut s = Schema::default();
    run(
        &mut s,
        "CREATE SCHEMA s; CREATE TYPE mood AS ENUM ('a', 'b');
         CREATE TABLE t (id serial PRIMARY KEY, m mood DEFAULT 'a', x int UNIQUE);
         CREATE INDEX ON t (x);
         ALTER TABLE t SET SCHEMA s; ALTER TYPE mood SET SCHEMA s",
    );
    let moved = s
        .table(&QualName::new(Some("s".into()), "t"))
        .expect("moved");
    assert_eq!(
        moved.columns[0].default.as_deref(),
        Some("nextval('s.t_id_seq'::regclass)")
    );
    assert_eq!(moved.columns[1].ty.to_string(), "s.mood");
    assert_eq!(moved.columns[1].default.as_deref(), Some("'a'::s.mood"));
    assert!(s.relation_exists("s", "t_x_idx") && s.relation_exists("s", "t_id_seq"));
    assert!(!s.relation_exists("public", "t_pkey"));
    // A view moves with what reads it following; an owned sequence cannot move alone.
    run(
        &mut s,
        "CREATE VIEW v AS SELECT id FROM s.t; CREATE VIEW w AS SELECT * FROM v;
         ALTER VIEW v SET SCHEMA s",
    );
    assert!(s.views[&("public".to_string(), "w".to_string())]
        .reads
        .contains(&("s".to_string(), "v".to_string())));
    let e = s
        .apply(&ops("ALTER SEQUENCE s.t_id_seq SET SCHEMA public").remove(0))
        .expect_err("owned");
    assert!(e.message.contains("cannot move an owned sequence"), "{e:?}");
}

#[test]
fn a_with_of_plain_queries_writes_only_its_statements_table() {
    let writes = |sql: &str| {
        let (ops, _) = lower(sql);
        match ops.as_slice() {
            [Op::Data { writes, .. }] => writes.clone().map(|(t, e)| (t.name, e)),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        writes(
            "WITH old AS (SELECT id FROM notes) DELETE FROM notes WHERE id IN (SELECT id FROM old)"
        ),
        Some(("notes".to_string(), crate::ir::RowEffect::Changes))
    );
    // A query of the WITH that changes rows itself may write another table.
    assert_eq!(
        writes(
            "WITH gone AS (DELETE FROM notes RETURNING id) INSERT INTO archive SELECT id FROM gone"
        ),
        None
    );
}

#[test]
fn only_ddl_with_holes_is_known_to_change_no_rows() {
    let changes_no_rows_at = |s: &str| changes_no_rows(s, '@');
    assert!(changes_no_rows_at("CREATE TYPE kind AS ENUM (@)"));
    assert!(changes_no_rows_at(
        "  alter table t alter column c set statistics @;"
    ));
    assert!(changes_no_rows_at("DROP INDEX IF EXISTS @"));
    // A data statement, a statement named by a hole, or a second statement after the first.
    assert!(!changes_no_rows_at("INSERT INTO t VALUES (@)"));
    assert!(!changes_no_rows_at("@ TABLE t"));
    assert!(!changes_no_rows_at("ALTER@ TABLE t"));
    assert!(!changes_no_rows_at(
        "CREATE TYPE k AS ENUM (@); INSERT INTO t VALUES (1)"
    ));
}
