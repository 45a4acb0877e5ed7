//! The SQL lowering: the input (lossy UTF-8) is the body of an `op.execute(...)`, lowered by
//! `sql::lower_sql` as one plain string literal (each byte placed in the source, so that the
//! spans of statements and syntax errors are computed), then every operation is applied with
//! `Schema::apply` to an empty catalog and to a small populated one. Errors are expected;
//! panics are not.
#![no_main]

use std::sync::OnceLock;

use driftlock::diagnostic::Span;
use driftlock::schema::Schema;
use driftlock::source::FileId;
use driftlock::sql::{lower_sql, SqlPlace, SqlStats};
use libfuzzer_sys::fuzz_target;

/// A catalog for the operations to find things in: tables with keys, an index, a sequence,
/// an enum, a view, a function and a trigger.
const BASE: &str = r#"
CREATE SCHEMA app;
CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(50),
    created_at timestamptz DEFAULT now(), state status DEFAULT 'new');
CREATE TABLE app.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer REFERENCES users (id) ON DELETE CASCADE, total numeric(10, 2) CHECK (total >= 0));
CREATE INDEX ix_orders_user ON app.orders (user_id);
CREATE SEQUENCE counter;
CREATE VIEW active_users AS SELECT id, email FROM users WHERE state = 'new';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
"#;

fn lower(sql: &str) -> Vec<driftlock::ir::Op> {
    let call = Span::new(FileId(0), 0..0);
    // As if the SQL were the literal of `op.execute("...")` at offset 12 of the file: every
    // byte of the SQL and its end have a source offset.
    let place = SqlPlace {
        call: call.clone(),
        offsets: Some((0..=sql.len()).map(|i| 12 + i).collect()),
    };
    let mut diagnostics = Vec::new();
    lower_sql(sql, &place, &mut diagnostics, &mut SqlStats::default())
        .into_iter()
        .map(|(op, _)| op)
        .collect()
}

fn base() -> &'static Schema {
    static BASE_SCHEMA: OnceLock<Schema> = OnceLock::new();
    BASE_SCHEMA.get_or_init(|| {
        let mut schema = Schema::default();
        for op in lower(BASE) {
            schema.apply(&op).expect("the base catalog applies");
        }
        schema
    })
}

fuzz_target!(|data: &[u8]| {
    let sql = String::from_utf8_lossy(data);
    let ops = lower(&sql);
    let mut empty = Schema::default();
    let mut populated = base().clone();
    for op in &ops {
        let _ = empty.apply(op);
        let _ = populated.apply(op);
    }
});
