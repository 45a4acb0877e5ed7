//! The catalog evaluator, construct by construct, over a schema replayed from SQL.

use super::*;
use crate::diagnostic::Span;
use crate::schema::Schema;
use crate::source::FileId;

fn schema(sql: &str) -> Schema {
    let mut schema = Schema::default();
    let span = Span::new(FileId(0), 0..0);
    let mut diagnostics = Vec::new();
    let ops = crate::sql::lower_sql(
        sql,
        &crate::sql::SqlPlace::call(&span),
        &mut diagnostics,
        &mut crate::sql::SqlStats::default(),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    for (op, _) in ops {
        schema
            .apply(&op)
            .unwrap_or_else(|e| panic!("{op:?}: {}", e.message));
    }
    schema
}

fn shop() -> Schema {
    schema(
        "CREATE TYPE mood AS ENUM ('happy', 'sad');
         ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad';
         CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL UNIQUE, email text,
             feeling mood, dropped int);
         ALTER TABLE users DROP COLUMN dropped;
         CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users ON DELETE CASCADE,
             code text, CONSTRAINT orders_code_key UNIQUE (code), CONSTRAINT positive CHECK (id > 0));
         CREATE INDEX ix_orders_user ON orders (user_id);
         CREATE INDEX ix_orders_lower ON orders (lower(code)) WHERE code IS NOT NULL;
         CREATE SCHEMA audit;
         CREATE TABLE audit.users (id int);
         CREATE VIEW active AS SELECT id FROM users;",
    )
}

fn ask(sql: &str) -> Option<Rows> {
    answer(sql, &shop(), None)
}

fn cells(sql: &str) -> Vec<Vec<Cell>> {
    ask(sql)
        .unwrap_or_else(|| panic!("not answered: {sql}"))
        .rows
}

fn s(v: &str) -> Cell {
    Cell::Str(v.to_string())
}

fn column(sql: &str) -> Vec<Cell> {
    cells(sql).into_iter().map(|r| r[0].clone()).collect()
}

#[test]
fn existence_and_literals() {
    assert_eq!(
        cells("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_orders_user'"),
        vec![vec![Cell::Int(1)]]
    );
    assert!(cells("SELECT 1 FROM pg_indexes WHERE indexname = 'nope'").is_empty());
    assert_eq!(
        cells("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email')"),
        vec![vec![Cell::Bool(true)]]
    );
    assert_eq!(
        cells("SELECT count(*) FROM pg_constraint WHERE conname = 'positive'"),
        vec![vec![Cell::Int(1)]]
    );
}

#[test]
fn several_rows_with_order() {
    assert_eq!(
        column(
            "SELECT column_name FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position"
        ),
        vec![s("id"), s("name"), s("email"), s("feeling")]
    );
    assert_eq!(
        column(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname DESC"
        ),
        vec![
            s("orders_pkey"),
            s("orders_code_key"),
            s("ix_orders_user"),
            s("ix_orders_lower")
        ]
    );
    let unordered = ask("SELECT indexname FROM pg_indexes WHERE tablename = 'orders'").unwrap();
    assert_eq!(unordered.rows.len(), 4);
    assert!(!unordered.ordered);
}

#[test]
fn joins_aliases_and_correlated_subqueries() {
    // The query of a real revision: unique constraints on one column named `name`.
    let sql = "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
               WHERE t.relname = 'users' AND c.contype = 'u' AND array_length(c.conkey, 1) = 1 \
               AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid \
               AND a.attnum = c.conkey[1]) = 'name'";
    assert_eq!(column(sql), vec![s("users_name_key")]);
    // Comma joins, schema-qualified catalogs.
    assert_eq!(
        column(
            "SELECT n.nspname FROM pg_catalog.pg_class c, pg_catalog.pg_namespace n \
             WHERE n.oid = c.relnamespace AND c.relname = 'users' ORDER BY 1"
        ),
        vec![s("audit"), s("public")]
    );
    // A LEFT JOIN keeps the rows without a match, with NULLs.
    assert_eq!(
        cells(
            "SELECT t.relname, i.indexrelid IS NULL FROM pg_class t LEFT JOIN pg_index i \
             ON i.indrelid = t.oid AND i.indisprimary WHERE t.relkind = 'r' ORDER BY 1, 2"
        ),
        vec![
            vec![s("orders"), Cell::Bool(false)],
            vec![s("users"), Cell::Bool(false)],
            vec![s("users"), Cell::Bool(true)],
        ]
    );
    // Columns of a foreign key, through `= ANY(conkey)`.
    assert_eq!(
        column(
            "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a \
             ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) \
             WHERE c.contype = 'f' AND c.conrelid = 'orders'::regclass"
        ),
        vec![s("user_id")]
    );
    // EXISTS / NOT EXISTS with a correlated subquery.
    assert_eq!(
        column(
            "SELECT t.relname FROM pg_class t WHERE t.relkind = 'r' AND t.relnamespace = \
             'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_index i \
             WHERE i.indrelid = t.oid AND NOT i.indisprimary AND NOT i.indisunique)"
        ),
        vec![s("users")]
    );
}

#[test]
fn information_schema_joins() {
    assert_eq!(
        cells(
            "SELECT tc.constraint_name, kcu.column_name FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name \
             AND tc.table_schema = kcu.table_schema \
             WHERE tc.table_name = 'orders' AND tc.constraint_type = 'FOREIGN KEY'"
        ),
        vec![vec![s("orders_user_id_fkey"), s("user_id")]]
    );
    assert_eq!(
        cells(
            "SELECT ccu.table_name, ccu.column_name, rc.delete_rule \
             FROM information_schema.referential_constraints rc \
             JOIN information_schema.constraint_column_usage ccu \
             ON ccu.constraint_name = rc.constraint_name WHERE rc.constraint_name = 'orders_user_id_fkey'"
        ),
        vec![vec![s("users"), s("id"), s("CASCADE")]]
    );
    // NOT NULL columns are CHECK constraints there: counted, never mistaken for a name.
    assert_eq!(
        column(
            "SELECT count(*) FROM information_schema.table_constraints \
             WHERE table_name = 'users' AND table_schema = 'public' AND constraint_type = 'CHECK'"
        ),
        vec![Cell::Int(2)]
    );
    assert_eq!(
        column("SELECT count(*) FROM information_schema.table_constraints WHERE constraint_name = 'positive'"),
        vec![Cell::Int(1)]
    );
    assert!(ask(
        "SELECT 1 FROM information_schema.table_constraints WHERE constraint_name = '2200_1_1_not_null'"
    )
    .is_none());
}

#[test]
fn enums() {
    assert_eq!(
        column("SELECT unnest(enum_range(NULL::mood))::text"),
        vec![s("happy"), s("meh"), s("sad")]
    );
    assert_eq!(
        column(
            "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON e.enumtypid = t.oid \
             WHERE t.typname = 'mood' ORDER BY e.enumsortorder"
        ),
        vec![s("happy"), s("meh"), s("sad")]
    );
    assert_eq!(
        column("SELECT x FROM unnest(enum_range(NULL::mood)) AS x WHERE x <> 'sad'"),
        vec![s("happy"), s("meh")]
    );
    assert_eq!(
        column("SELECT 1 FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'sad'"),
        vec![Cell::Int(1)]
    );
    assert_eq!(
        column(
            "SELECT count(*) FROM pg_enum WHERE enumtypid = \
             (SELECT oid FROM pg_type WHERE typname = 'mood')"
        ),
        vec![Cell::Int(3)]
    );
    // Columns of the enum's type: not known while a view's columns are not.
    let sql =
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
               JOIN pg_type t ON t.oid = a.atttypid WHERE t.typname = 'mood'";
    assert_eq!(ask(sql), None);
    let without_view =
        schema("CREATE TYPE mood AS ENUM ('a'); CREATE TABLE t (id int, m mood, ms mood[]);");
    assert_eq!(
        answer(sql, &without_view, None).map(|r| r.rows),
        Some(vec![vec![s("t"), s("m")]])
    );
}

#[test]
fn casts_functions_and_operators() {
    assert_eq!(
        column("SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f'"),
        vec![s("orders_user_id_fkey")]
    );
    assert_eq!(
        cells("SELECT to_regclass('users') IS NOT NULL, to_regclass('nope') IS NULL, current_schema()"),
        vec![vec![Cell::Bool(true), Cell::Bool(true), s("public")]]
    );
    assert_eq!(
        column("SELECT 'audit.users'::regclass::text"),
        vec![s("audit.users")]
    );
    assert_eq!(
        column(
            "SELECT relname FROM pg_class WHERE relname IN ('users', 'orders', 'nope') \
             AND relnamespace = 'public'::regnamespace ORDER BY relname"
        ),
        vec![s("orders"), s("users")]
    );
    assert_eq!(
        column("SELECT upper(indexname) FROM pg_indexes WHERE indexname ILIKE 'IX_%USER' "),
        vec![s("IX_ORDERS_USER")]
    );
    assert_eq!(
        column("SELECT DISTINCT tablename FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename"),
        vec![s("orders"), s("users")]
    );
    assert_eq!(
        column("SELECT relname FROM pg_class WHERE relkind = 'S'"),
        vec![s("users_id_seq")]
    );
    assert_eq!(
        column("SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attnum > 0 AND NOT attisdropped"),
        vec![Cell::Int(4)]
    );
    assert_eq!(
        column("SELECT max(indexname) FROM pg_indexes WHERE tablename = 'orders'"),
        vec![s("orders_pkey")]
    );
    assert_eq!(
        column("SELECT CASE WHEN count(*) > 0 THEN 'yes' ELSE 'no' END FROM pg_tables WHERE tablename = 'nope'"),
        vec![s("no")]
    );
    assert_eq!(
        column("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_orders_user'"),
        vec![s(
            "CREATE INDEX ix_orders_user ON public.orders USING btree (user_id)"
        )]
    );
}

#[test]
fn names_of_columns() {
    let rows = ask("SELECT c.conname, contype AS kind, count(*) OVER () FROM pg_constraint c");
    assert!(rows.is_none(), "window functions are not evaluated");
    let rows = ask("SELECT c.conname, contype AS kind, 1, 'users'::regclass IS NULL FROM pg_constraint c WHERE false").unwrap();
    assert_eq!(
        rows.columns,
        vec!["conname", "kind", "?column?", "?column?"]
    );
    let rows = ask("SELECT count(*), EXISTS (SELECT 1), to_regclass('users')").unwrap();
    assert_eq!(rows.columns, vec!["count", "exists", "to_regclass"]);
    assert_eq!(
        rows.rows,
        vec![vec![Cell::Int(1), Cell::Bool(true), s("users")]]
    );
}

#[test]
fn limit_keeps_only_what_postgresql_fixes() {
    assert_eq!(
        column("SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname LIMIT 1"),
        vec![s("ix_orders_lower")]
    );
    assert_eq!(
        column("SELECT 1 FROM pg_indexes WHERE tablename = 'orders' LIMIT 1"),
        vec![Cell::Int(1)]
    );
    assert!(ask("SELECT indexname FROM pg_indexes WHERE tablename = 'orders' LIMIT 1").is_none());
}

#[test]
fn what_is_not_known_is_not_answered() {
    for sql in [
        // Unknown values used by the query.
        "SELECT 1 FROM information_schema.columns WHERE column_default = 'x'",
        "SELECT 1 FROM pg_constraint WHERE convalidated",
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'active' AND column_name = 'id'",
        "SELECT 1 FROM pg_class WHERE relname ~ '^t'",
        // Made-up numbers compared with a number the revision wrote.
        "SELECT 1 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attnum = 2",
        // Not a catalog relation, or not one driftlock lists.
        "SELECT 1 FROM users",
        "SELECT 1 FROM columns WHERE table_name = 'users'",
        "SELECT 1 FROM pg_proc WHERE proname = 'f'",
        "SELECT tablespace FROM pg_tablespace",
        // A column a catalog relation has but driftlock does not list.
        "SELECT 1 FROM pg_class WHERE relacl IS NULL",
        // What PostgreSQL refuses.
        "SELECT 1 FROM pg_class WHERE oid = 'nope'::regclass",
        "SELECT 1 FROM pg_class WHERE false AND oid = 'nope'::regclass",
        "SELECT (SELECT relname FROM pg_class)",
        // Grouping, unions, CTEs.
        "SELECT relkind, count(*) FROM pg_class GROUP BY relkind",
        "SELECT 1 FROM pg_class UNION SELECT 2",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "INSERT INTO t VALUES (1)",
    ] {
        assert_eq!(ask(sql), None, "{sql}");
    }
    // An unknown value only in the output: the row is known, that cell is not.
    assert_eq!(
        cells("SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'code'"),
        vec![vec![s("code"), Cell::Null]]
    );
    assert!(matches!(
        cells("SELECT oid, column_default FROM pg_class, information_schema.columns WHERE relname = 'users' AND table_schema = 'public' AND table_name = 'users' AND column_name = 'id'")[0].as_slice(),
        [Cell::Unknown(_), Cell::Unknown(_)]
    ));
}

#[test]
fn the_search_path_resolves_names() {
    let schema = shop();
    let path = vec!["audit".to_string(), "public".to_string()];
    let rows = answer(
        "SELECT current_schema(), 'users'::regclass::text, 'orders'::regclass::text",
        &schema,
        Some(&path),
    )
    .unwrap();
    assert_eq!(rows.rows, vec![vec![s("audit"), s("users"), s("orders")]]);
    let rows = answer("SELECT 'users'::regclass::text", &schema, None).unwrap();
    assert_eq!(rows.rows, vec![vec![s("users")]]);
    assert_eq!(
        answer(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attnum > 0",
            &schema,
            Some(&path)
        )
        .unwrap()
        .rows,
        vec![vec![Cell::Int(1)]]
    );
}

#[test]
fn do_block_conditions() {
    let schema = shop();
    let yes = |c: &str| condition(c, &schema, None);
    assert_eq!(
        yes("EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood')"),
        Some(true)
    );
    assert_eq!(yes("to_regclass('public.orders') IS NULL"), Some(false));
    assert_eq!(
        yes("NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'x') AND true"),
        Some(true)
    );
    assert_eq!(yes("v_count > 0"), None);
    assert_eq!(
        yes("EXISTS (SELECT 1 FROM pg_class WHERE relname ~ 'x') OR true"),
        None
    );
}

#[test]
fn the_budget_stops_a_query_over_a_large_catalog() {
    let mut sql = String::new();
    for i in 0..120 {
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id int PRIMARY KEY, a int, b int, c int);"
        ));
    }
    let schema = schema(&sql);
    let q = "SELECT count(*) FROM pg_attribute a, pg_attribute b, pg_attribute c";
    assert_eq!(answer(q, &schema, None), None);
}
