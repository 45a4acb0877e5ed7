//! Alembic calls lowered and applied, one revision's `upgrade()` at a time, through the
//! interpreter: SQLAlchemy's DDL rules, introspection answered from the schema so far, and
//! what cannot be lowered reported rather than skipped.

use std::sync::Arc;

use super::Lowering;
use crate::diagnostic::Diagnostic;
use crate::eval::interp::{Interp, ModuleTable};
use crate::schema::Schema;
use crate::source::FileId;
use crate::sqlalchemy::naming::NamingConvention;

/// Runs `body` as the `upgrade()` of a revision on `schema`; returns what was reported.
fn upgrade_on(schema: &mut Schema, body: &str) -> Vec<Diagnostic> {
    upgrade_in(ModuleTable::default(), schema, body)
}

/// [`upgrade_on`] with a module table set up by the test (its environment: installed
/// distributions, Python's version).
fn upgrade_in(table: ModuleTable, schema: &mut Schema, body: &str) -> Vec<Diagnostic> {
    upgrade_under(NamingConvention::default(), table, schema, body)
}

/// [`upgrade_in`] with env.py's metadata under `convention`.
fn upgrade_under(
    convention: NamingConvention,
    mut table: ModuleTable,
    schema: &mut Schema,
    body: &str,
) -> Vec<Diagnostic> {
    let indented: String = body.lines().map(|l| format!("    {l}\n")).collect();
    let source =
        format!("from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n{indented}");
    let module = crate::python::parse_module(&source, "rev.py").expect("the test parses");
    table
        .modules
        .insert("rev".into(), (FileId(0), Arc::new(module)));
    let mut lowering = Lowering::new(schema, convention);
    lowering.collapse_uncreated_tables = true;
    lowering.set_revision(Some("rev".into()));
    {
        let mut interp = Interp::new(&mut lowering, &table);
        let env = interp.module("rev").expect("the module runs");
        interp.run_entry(&env, "upgrade", Default::default());
    }
    lowering.finish();
    std::mem::take(&mut lowering.diagnostics)
}

fn upgrade(body: &str) -> (Schema, Vec<Diagnostic>) {
    let mut schema = Schema::default();
    let diagnostics = upgrade_on(&mut schema, body);
    (schema, diagnostics)
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn an_integer_primary_key_is_serial_and_named_by_postgres() {
    let (schema, d) = upgrade(
        "op.create_table('users', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('email', sa.String(200), nullable=False, unique=True))",
    );
    assert!(d.is_empty(), "{d:?}");
    let t = &schema.tables[&("public".into(), "users".into())];
    let id = t.column("id").unwrap();
    assert_eq!(id.ty.to_string(), "integer");
    assert_eq!(
        id.default.as_deref(),
        Some("nextval('users_id_seq'::regclass)")
    );
    assert!(id.not_null);
    assert_eq!(
        t.column("email").unwrap().ty.to_string(),
        "character varying(200)"
    );
    let names: Vec<&str> = t.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["users_pkey", "users_email_key"]);
    assert!(schema
        .sequences
        .contains_key(&("public".into(), "users_id_seq".into())));
}

#[test]
fn an_implicit_enum_type_is_created_once_per_run() {
    let (schema, d) = upgrade(
        "status = sa.Enum('new', 'done', name='status')\n\
         op.create_table('a', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('s', status))\n\
         op.create_table('b', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('s', status))",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        schema.enums[&("public".into(), "status".into())],
        ["new", "done"]
    );
    let b = &schema.tables[&("public".into(), "b".into())];
    assert_eq!(b.column("s").unwrap().ty.to_string(), "status");
}

#[test]
fn a_type_no_revision_creates_is_said_once_then_assumed_as_declared() {
    let (schema, d) = upgrade(
        "from sqlalchemy.dialects import postgresql\n\
         action = postgresql.ENUM('allow', 'deny', name='rule_action', create_type=False)\n\
         op.create_table('rules', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('action', action))\n\
         op.create_table('rules_v2', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('action', action))",
    );
    // PostgreSQL fails the first CREATE TABLE: one finding, at it.
    assert_eq!(codes(&d), [crate::codes::OPERATION_FAILS], "{d:?}");
    assert!(
        d[0].message.contains("type \"rule_action\" does not exist"),
        "{d:?}"
    );
    // Then the type as the column declares it, and both tables with it.
    assert_eq!(
        schema.enums[&("public".into(), "rule_action".into())],
        ["allow", "deny"]
    );
    let v2 = &schema.tables[&("public".into(), "rules_v2".into())];
    assert_eq!(v2.column("action").unwrap().ty.to_string(), "rule_action");
}

#[test]
fn a_row_the_history_inserted_answers_an_orm_query_until_data_is_written_otherwise() {
    let (schema, d) = upgrade(
        "from sqlalchemy.orm import Session, declarative_base\n\
         Base = declarative_base()\n\
         class Version(Base):\n    \
             __tablename__ = 'version'\n    \
             name = sa.Column(sa.String(32), primary_key=True)\n    \
             value = sa.Column(sa.Integer)\n\
         version = op.create_table('version', sa.Column('name', sa.String(32), primary_key=True), sa.Column('value', sa.Integer))\n\
         op.bulk_insert(version, [{'name': 'ConfigDB', 'value': 2}])\n\
         row = Session(bind=op.get_bind()).query(Version).filter_by(name='ConfigDB').first()\n\
         if row.value < 2:\n    op.add_column('version', sa.Column('never', sa.Text))\n\
         if row.value < 3:\n    op.add_column('version', sa.Column('note', sa.Text))\n\
         if Session(bind=op.get_bind()).query(Version).filter_by(name='other').first() is None:\n    \
             op.add_column('version', sa.Column('other_missing', sa.Text))\n\
         op.execute('UPDATE version SET value = 5')\n\
         if Session(bind=op.get_bind()).query(Version).first().value < 3:\n    \
             op.add_column('version', sa.Column('unknown', sa.Text))",
    );
    let t = &schema.tables[&("public".into(), "version".into())];
    let columns: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["name", "value", "note", "other_missing"], "{d:?}");
    // After the UPDATE the row is not known: that `if` is said, not guessed.
    assert_eq!(codes(&d), [crate::codes::UNANALYZABLE_CODE], "{d:?}");
}

#[test]
fn introspection_sees_the_schema_so_far() {
    let body = "if not sa.inspect(op.get_bind()).has_table('t'):\n    \
                op.create_table('t', sa.Column('id', sa.BigInteger, primary_key=True))";
    let mut schema = Schema::default();
    assert!(upgrade_on(&mut schema, body).is_empty());
    // The same guarded revision again: the table is there, nothing runs, nothing fails.
    assert!(upgrade_on(&mut schema, body).is_empty());
    assert_eq!(schema.tables.len(), 1);
}

#[test]
fn what_cannot_be_lowered_or_applied_is_reported() {
    let (_, d) = upgrade(
        "op.create_table('t', sa.Column('id', sa.BigInteger, primary_key=True))\n\
         op.add_column('t', some_helper())\n\
         op.drop_column('t', 'missing')",
    );
    assert_eq!(codes(&d), ["unanalyzable-operation", "operation-fails"]);
    let (_, d) = upgrade(
        "op.add_column('legacy', sa.Column('x', sa.Text))\nop.create_index('ix', 'legacy', ['x'])",
    );
    assert_eq!(
        codes(&d),
        ["table-never-created"],
        "one finding per table: {d:?}"
    );
}

#[test]
fn alter_column_changes_what_it_names_and_keeps_the_rest() {
    let (schema, d) = upgrade(
        "op.create_table('t', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('n', sa.Integer))\n\
         op.alter_column('t', 'n', existing_type=sa.Integer, type_=sa.BigInteger, nullable=False, server_default='0')",
    );
    assert!(d.is_empty(), "{d:?}");
    let n = schema.tables[&("public".into(), "t".into())]
        .column("n")
        .unwrap()
        .clone();
    assert_eq!(n.ty.to_string(), "bigint");
    assert!(n.not_null);
    assert_eq!(n.default.as_deref(), Some("'0'::bigint"));
}

#[test]
fn while_loops_run_while_their_condition_is_known() {
    // A counter, and `while True` left by a `break` the interpreter decides.
    let (schema, diagnostics) = upgrade(
        "i = 0\nwhile i < 3:\n    op.create_table(f'part_{i}', sa.Column('id', sa.Integer, primary_key=True))\n    i += 1\n\
pending = ['a', 'b']\nwhile True:\n    if not pending:\n        break\n    op.create_table('log_' + pending[0], sa.Column('id', sa.Integer, primary_key=True))\n    pending = pending[1:]",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&str> = schema.tables.keys().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["log_a", "log_b", "part_0", "part_1", "part_2"]);
}

#[test]
fn a_while_loop_whose_body_cannot_be_read_is_reported_once() {
    // `d.popitem()` is not followed: the condition never changes, and the operation it feeds
    // is not known. One finding, not one per turn.
    let (_, diagnostics) = upgrade(
        "pending = {'a': 1}\nwhile pending:\n    op.create_table('log_' + pending.popitem()[0], sa.Column('id', sa.Integer, primary_key=True))",
    );
    assert_eq!(
        codes(&diagnostics),
        ["unanalyzable-operation"],
        "{diagnostics:?}"
    );
}

#[test]
fn a_while_loop_whose_exit_is_not_known_runs_its_body_once() {
    // Batches read from the database: the exit depends on rows driftlock cannot see. The
    // body runs once (its UPDATE is recorded once), and the skipped `if` is said once.
    let (_, diagnostics) = upgrade(
        "conn = op.get_bind()\nwhile True:\n    rows = conn.execute(sa.text('SELECT id FROM t LIMIT 10')).fetchall()\n    if not rows:\n        break\n    op.execute('UPDATE t SET x = 1')",
    );
    assert_eq!(
        codes(&diagnostics),
        ["unanalyzable-code"],
        "{diagnostics:?}"
    );
}

#[test]
fn loops_have_a_budget_of_turns() {
    // 10^8 turns of generated code end at the budget with one finding, in bounded time.
    let (_, diagnostics) = upgrade(
        "total = 0\nfor i in range(10000):\n    for j in range(10000):\n        total = j\nop.create_table('after', sa.Column('id', sa.Integer, primary_key=True))",
    );
    assert_eq!(
        codes(&diagnostics),
        ["unanalyzable-code"],
        "{diagnostics:?}"
    );
}

#[test]
fn reflected_column_types_answer_isinstance() {
    // A guard on what the database reflects: only the VARCHAR column is widened to TEXT.
    let (schema, diagnostics) = upgrade(concat!(
        "op.create_table('m', sa.Column('id', sa.Integer, primary_key=True), ",
        "sa.Column('a', sa.String(20)), sa.Column('b', sa.Text))\n",
        "inspector = sa.inspect(op.get_bind())\n",
        "for col in inspector.get_columns('m'):\n",
        "    if isinstance(col['type'], sa.VARCHAR) and col['type'].length == 20:\n",
        "        op.alter_column('m', col['name'], existing_type=col['type'], type_=sa.Text())\n",
        "    if isinstance(col['type'], (sa.Integer, str)):\n",
        "        op.add_column('m', sa.Column(col['name'] + '_copy', sa.BigInteger))\n",
        "class Ref:\n",
        "    pass\n",
        "kinds = [isinstance(1, int), isinstance('x', (int, str)), isinstance([], dict)]\n",
        "kinds += [isinstance(25, Ref), isinstance('x', (Ref, str)), isinstance({}, Ref)]\n",
        "if kinds == [True, True, False, False, True, False]:\n",
        "    op.add_column('m', sa.Column('checked', sa.Boolean))",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let m = schema
        .table(&crate::ir::QualName::new(None, "m"))
        .expect("m");
    let columns: Vec<(&str, String)> = m
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ty.to_string()))
        .collect();
    assert_eq!(
        columns,
        [
            ("id", "integer".to_string()),
            ("a", "text".to_string()),
            ("b", "text".to_string()),
            ("id_copy", "bigint".to_string()),
            ("checked", "boolean".to_string()),
        ]
    );
}

#[test]
fn tables_dropped_by_a_loop_over_chained_lists_until_none_is_left() {
    // Real-world shape: a module-level `itertools.chain` of name lists, a `while` that drops
    // what the inspector still lists, and `tables = missed` to end.
    let mut schema = Schema::default();
    upgrade_on(
        &mut schema,
        "for n in ['a', 'b', 'c']:\n    op.create_table(n, sa.Column('id', sa.Integer, primary_key=True))",
    );
    let diagnostics = upgrade_on(
        &mut schema,
        concat!(
            "import itertools\n",
            "TO_DROP = itertools.chain(['a'], ('b', 'zz'))\n",
            "existing = sa.inspect(op.get_bind()).get_table_names()\n",
            "pending = list(TO_DROP)\n",
            "while pending:\n",
            "    missed = []\n",
            "    for t in (t for t in pending if t in existing):\n",
            "        try:\n",
            "            op.drop_table(t)\n",
            "        except Exception:\n",
            "            missed.append(t)\n",
            "    if len(missed) == len(pending):\n",
            "        raise Exception('stuck')\n",
            "    pending = missed",
        ),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&str> = schema.tables.keys().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["c"]);
}

#[test]
fn a_metadata_among_the_table_elements_changes_nothing() {
    let (schema, diagnostics) = upgrade(
        "op.create_table('rbac', sa.MetaData(), sa.Column('id', sa.String(36), primary_key=True))",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(schema
        .table(&crate::ir::QualName::new(None, "rbac"))
        .is_some());
}

#[test]
fn enum_members_have_a_name_and_a_value() {
    let (schema, diagnostics) = upgrade(concat!(
        "import enum\n",
        "class Kind(enum.Enum):\n",
        "    EXPENSE = 'Expense'\n",
        "    REIMBURSEMENT = 'Reimbursement'\n",
        "    REFUND = 'Reimbursement'\n",
        "op.create_table('bill', sa.Column('id', sa.Integer, primary_key=True),\n",
        "    sa.Column('kind', sa.Text, server_default=Kind.EXPENSE.name),\n",
        "    sa.Column('label', sa.Text, server_default=Kind.REIMBURSEMENT.value),\n",
        // An alias is the member first given its value: its name is that member's.
        "    sa.Column('alias', sa.Text, server_default=Kind.REFUND.name))",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let bill = schema
        .table(&crate::ir::QualName::new(None, "bill"))
        .expect("bill");
    let defaults: Vec<Option<&str>> = bill.columns.iter().map(|c| c.default.as_deref()).collect();
    assert_eq!(
        defaults,
        [
            Some("nextval('bill_id_seq'::regclass)"),
            Some("'EXPENSE'::text"),
            Some("'Reimbursement'::text"),
            Some("'REIMBURSEMENT'::text")
        ]
    );
}

#[test]
fn list_pop_shrinks_the_list_and_returns_the_item() {
    let (schema, diagnostics) = upgrade(concat!(
        "pending = ['a', 'b', 'c']\n",
        "first = pending.pop(0)\n",
        "while pending:\n",
        "    op.create_table('log_' + pending.pop(), sa.Column('id', sa.Integer, primary_key=True))\n",
        "op.create_table('first_' + first, sa.Column('id', sa.Integer, primary_key=True))",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&str> = schema.tables.keys().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["first_a", "log_b", "log_c"]);
}

#[test]
fn what_an_outside_function_returns_is_not_taken_as_true() {
    // `shutil.which(...)` may be None: the branch is not decided (and said), while an
    // instance of a class (`sa.Column(...)`) is true as in Python.
    let (schema, diagnostics) = upgrade(concat!(
        "import shutil\n",
        "if shutil.which('legacy-tool'):\n",
        "    op.create_table('legacy', sa.Column('id', sa.Integer, primary_key=True))\n",
        "if sa.Column('x', sa.Text):\n",
        "    op.create_table('kept', sa.Column('id', sa.Integer, primary_key=True))",
    ));
    assert_eq!(
        codes(&diagnostics),
        ["unanalyzable-code"],
        "{diagnostics:?}"
    );
    let names: Vec<&str> = schema.tables.keys().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["kept"]);
}

#[test]
fn the_modules_of_a_run_are_freed_when_it_ends() {
    // A module's functions point back at the module: without the release at the end of a
    // run, every check left its modules in memory (a long fuzz run reached 2 GB).
    let source = "def helper():\n    return 1\n\nclass Model:\n    pass\n\nX = helper()\n";
    let module = crate::python::parse_module(source, "helpers.py").expect("the test parses");
    let mut table = ModuleTable::default();
    table
        .modules
        .insert("helpers".into(), (FileId(0), Arc::new(module)));
    let mut schema = Schema::default();
    let mut lowering = Lowering::new(&mut schema, NamingConvention::default());
    let mut interp = Interp::new(&mut lowering, &table);
    let env = interp.module("helpers").expect("the module runs");
    let weak = std::rc::Rc::downgrade(&env);
    drop(env);
    interp.release_modules(&Default::default());
    assert!(
        weak.upgrade().is_none(),
        "the module is still alive after its run"
    );
}

#[test]
fn table_options_and_the_enum_library_operations_are_lowered() {
    let (schema, d) = upgrade(
        "op.create_table('m', sa.Column('id', sa.Integer, nullable=False),\n    \
         sa.Column('at', sa.Date, nullable=False), sa.PrimaryKeyConstraint('id', 'at'),\n    \
         postgresql_partition_by='RANGE (at)')\n\
         op.create_table('p', sa.Column('id', sa.Integer, primary_key=True))\n\
         op.create_table('c', sa.Column('x', sa.Text), postgresql_inherits='p')\n\
         op.execute('CREATE SCHEMA s')\n\
         op.create_table('v', sa.Column('st', sa.Enum('a', 'b', name='st', inherit_schema=True)),\n    \
         schema='s')\n\
         op.execute(\"CREATE TYPE mood AS ENUM ('low', 'high')\")\n\
         op.execute(\"CREATE TABLE t (m mood DEFAULT 'low')\")",
    );
    assert_eq!(codes(&d), [] as [&str; 0], "{d:?}");
    let m = &schema.tables[&("public".into(), "m".into())];
    assert_eq!(
        m.partitioning.as_ref().map(|p| p.columns.clone()),
        Some(vec!["at".to_string()])
    );
    let c = &schema.tables[&("public".into(), "c".into())];
    let columns: Vec<&str> = c.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "x"]);
    assert!(schema.enums.contains_key(&("s".into(), "st".into())));
    assert_eq!(
        schema.tables[&("s".into(), "v".into())]
            .column("st")
            .map(|c| c.ty.to_string()),
        Some("s.st".to_string())
    );
    let mut schema = schema;
    // `before_value` writes AFTER; a rename follows into the default; the type is made again.
    let d = upgrade_on(
        &mut schema,
        "op.add_enum_value('public', 'mood', 'mid', before_value='low')\n\
         op.sync_enum_values('public', 'mood', ['low', 'middle', 'high'], [('t', 'm')],\n    \
         enum_values_to_rename=[('mid', 'middle')])",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        schema.enums[&("public".into(), "mood".into())],
        ["low", "middle", "high"]
    );
    // A column of the type left out of affected_columns keeps the old type from being dropped.
    let d = upgrade_on(
        &mut schema,
        "op.execute('CREATE TABLE u (m mood)')\n\
         op.sync_enum_values('public', 'mood', ['low'], [('t', 'm')])",
    );
    assert_eq!(codes(&d), ["operation-fails"], "{d:?}");
    assert!(d[0].message.contains("cannot drop type mood_old"), "{d:?}");
}

#[test]
fn column_operators_in_checks_are_rendered_as_sqlalchemy_renders_them() {
    let (schema, d) = upgrade(
        "status = sa.column('status')\n\
         op.create_table('runs', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('status', sa.String(20)), sa.Column('score', sa.Integer),\n    \
         sa.CheckConstraint(status.in_(['queued', 'done']), name='runs_status'),\n    \
         sa.CheckConstraint(sa.column('score').between(0, 10), name='runs_score'),\n    \
         sa.CheckConstraint(sa.column('status').is_not(None), name='runs_status_set'),\n    \
         sa.CheckConstraint(status.like('q%'), name='runs_status_q'))",
    );
    assert!(d.is_empty(), "{d:?}");
    let t = &schema.tables[&("public".into(), "runs".into())];
    let check = |name: &str| {
        t.constraints
            .iter()
            .find(|c| c.name == name)
            .map(|c| format!("{:?}", c.kind))
            .unwrap_or_default()
    };
    assert!(check("runs_status").contains("(status = ANY (ARRAY['queued', 'done']))"));
    // PostgreSQL keeps BETWEEN as the two comparisons.
    assert!(
        check("runs_score").contains("score >= 0 AND score <= 10"),
        "{}",
        check("runs_score")
    );
    assert!(check("runs_status_set").contains("(status IS NOT NULL)"));
    assert!(check("runs_status_q").contains("(status LIKE 'q%')"));
}

#[test]
fn no_such_table_is_raised_to_the_except_that_catches_it() {
    let (schema, d) = upgrade(
        "insp = sa.inspect(op.get_bind())\n\
         try:\n    insp.get_columns('ghosts')\n\
         except (KeyError, sa.exc.NoSuchTableError) as e:\n    \
         op.create_table('ghosts', sa.Column('id', sa.Integer, primary_key=True))\n\
         try:\n    insp.get_indexes('ghosts')\n    op.create_table('seen', sa.Column('id', sa.Integer))\n\
         except Exception:\n    op.create_table('not_seen', sa.Column('id', sa.Integer))",
    );
    assert!(d.is_empty(), "{d:?}");
    let tables: Vec<&str> = schema.tables.keys().map(|(_, t)| t.as_str()).collect();
    assert_eq!(tables, ["ghosts", "seen"]);
    // Nothing catches it: the operation fails there, and the code goes on.
    let (schema, d) = upgrade(
        "op.create_table('a', sa.Column('id', sa.Integer))\n\
         op.drop_table('a')\n\
         sa.inspect(op.get_bind()).get_columns('a')\n\
         op.create_table('b', sa.Column('id', sa.Integer))",
    );
    assert_eq!(codes(&d), ["operation-fails"]);
    assert!(schema.tables.contains_key(&("public".into(), "b".into())));
}

#[test]
fn a_type_decorator_picks_its_postgresql_type_per_instance() {
    // `load_dialect_impl` reads what `__init__` was given (`self.native`), per instance.
    let (schema, d) = upgrade(
        "class Uid(sa.types.TypeDecorator):\n    \
         impl = sa.types.LargeBinary(16)\n    \
         def __init__(self, binary=True, native=True):\n        \
         self.binary = binary\n        \
         self.native = native\n    \
         def load_dialect_impl(self, dialect):\n        \
         if self.native and dialect.name == 'postgresql':\n            \
         return dialect.type_descriptor(sa.Uuid())\n        \
         kind = self.impl if self.binary else sa.types.CHAR(32)\n        \
         return dialect.type_descriptor(kind)\n\
         op.create_table('t', sa.Column('a', Uid()), sa.Column('b', Uid(native=False)),\n    \
         sa.Column('c', Uid(False, False)))",
    );
    // (The class itself, read without an instance, leaves its `if self.native` undecided.)
    assert!(
        d.iter()
            .all(|d| d.severity == crate::diagnostic::Severity::Info),
        "{d:?}"
    );
    let t = &schema.tables[&("public".into(), "t".into())];
    let ty = |c: &str| t.column(c).unwrap().ty.to_string();
    assert_eq!(
        [ty("a"), ty("b"), ty("c")],
        ["uuid", "bytea", "character(32)"]
    );
}

#[test]
fn a_type_decorator_builds_its_impl_from_what_its_init_computes() {
    // `__init__` names and labels the enum from a Python enum class and passes them on to
    // `super().__init__`, through a subclass's own `__init__`; another sets `self.impl`. A
    // loop over the enum class leaves out its aliases (`GLAD`), as Python's does.
    let (schema, d) = upgrade(
        "import enum\n\
         from sqlalchemy.dialects.postgresql import ENUM\n\
         class EnumType(sa.types.TypeDecorator, sa.types.SchemaType):\n    \
         impl = ENUM\n    \
         def __init__(self, enum_cls, **opts):\n        \
         assert issubclass(enum_cls, enum.Enum)\n        \
         if 'name' not in opts:\n            \
         opts['name'] = enum_cls.__name__.lower()\n        \
         labels = (m.name for m in enum_cls)\n        \
         super().__init__(*labels, **opts)\n\
         class PrefixedEnum(EnumType):\n    \
         def __init__(self, enum_cls):\n        \
         super(PrefixedEnum, self).__init__(enum_cls, name='app_' + enum_cls.__name__.lower())\n\
         class Code(sa.types.TypeDecorator):\n    \
         impl = sa.Text\n    \
         def __init__(self, width):\n        \
         super().__init__()\n        \
         self.impl = sa.String(width * 2)\n\
         class Mood(enum.Enum):\n    \
         HAPPY = 'h'\n    \
         SAD = 's'\n    \
         GLAD = 'h'\n\
         op.create_table('t', sa.Column('a', EnumType(Mood)), sa.Column('b', PrefixedEnum(Mood)),\n    \
         sa.Column('c', EnumType(Mood, name='feeling')), sa.Column('d', Code(8)))",
    );
    assert!(
        d.iter()
            .all(|d| d.severity == crate::diagnostic::Severity::Info),
        "{d:?}"
    );
    for name in ["mood", "app_mood", "feeling"] {
        assert_eq!(
            schema.enums[&("public".into(), name.into())],
            ["HAPPY", "SAD"],
            "{name}"
        );
    }
    let t = &schema.tables[&("public".into(), "t".into())];
    let ty = |c: &str| t.column(c).unwrap().ty.to_string();
    assert_eq!(
        [ty("a"), ty("b"), ty("c"), ty("d")],
        ["mood", "app_mood", "feeling", "character varying(16)"]
    );
}

#[test]
fn a_generic_type_class_subscripted_is_the_class() {
    // `class KernelId(Guid[int])`: the base is `Guid`, whose `load_dialect_impl` picks `uuid`.
    let (schema, d) = upgrade(
        "from typing import Generic, TypeVar\n\
         T = TypeVar('T')\n\
         class Guid(sa.types.TypeDecorator, Generic[T]):\n    \
         impl = sa.CHAR\n    \
         def load_dialect_impl(self, dialect):\n        \
         if dialect.name == 'postgresql':\n            \
         return dialect.type_descriptor(sa.Uuid())\n        \
         return dialect.type_descriptor(sa.CHAR(16))\n\
         class KernelId(Guid[int]):\n    \
         cache_ok = True\n\
         op.create_table('k', sa.Column('id', KernelId, primary_key=True), sa.Column('o', KernelId()))",
    );
    assert!(d.is_empty(), "{d:?}");
    let k = &schema.tables[&("public".into(), "k".into())];
    assert_eq!(k.column("id").unwrap().ty.to_string(), "uuid");
    assert_eq!(k.column("o").unwrap().ty.to_string(), "uuid");
}

#[test]
fn map_and_filter_call_their_function_on_the_items() {
    // Labels taken from an enum class with `map`, some left out with `filter`; `map` over
    // two sequences stops with the shorter.
    let (schema, d) = upgrade(
        "import enum\n\
         class Mode(str, enum.Enum):\n    \
         A = 'a'\n    \
         B = 'b'\n    \
         C = 'c'\n\
         labels = list(map(lambda v: v.value, Mode))\n\
         kept = list(filter(lambda v: v != 'b', labels))\n\
         pairs = list(map(lambda a, b: a + b, ['x', 'y'], labels))\n\
         op.create_table('t', sa.Column('m', sa.Enum(*kept, name='mode')),\n    \
         sa.Column('n', sa.Enum(*pairs, name='pair')), sa.Column('o', sa.Enum(*filter(None, ['', 'z']), name='zed')))",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(schema.enums[&("public".into(), "mode".into())], ["a", "c"]);
    assert_eq!(
        schema.enums[&("public".into(), "pair".into())],
        ["xa", "yb"]
    );
    assert_eq!(schema.enums[&("public".into(), "zed".into())], ["z"]);
}

#[test]
fn sql_dedented_by_textwrap_is_replayed() {
    let (schema, d) = upgrade(
        "import textwrap\n\
         query = textwrap.dedent(\n    \
         '''\\\n        \
         CREATE TABLE notes (\n            \
         id integer\n        \
         );\n    \
         ''')\n\
         op.get_bind().execute(sa.text(query))",
    );
    assert!(d.is_empty(), "{d:?}");
    let notes = &schema.tables[&("public".into(), "notes".into())];
    assert_eq!(notes.column("id").unwrap().ty.to_string(), "integer");
}

#[test]
fn text_with_bound_parameters_is_its_sql() {
    let (schema, d) = upgrade(
        "op.execute(sa.text('CREATE TABLE notes (id integer, body text)').execution_options(autocommit=True))\n\
         op.get_bind().execute(sa.text('INSERT INTO notes (id, body) VALUES (:id, :body)').bindparams(sa.bindparam('body', type_=sa.Text)), {'id': 1, 'body': 'x'})",
    );
    assert!(d.is_empty(), "{d:?}");
    assert!(schema
        .tables
        .contains_key(&("public".into(), "notes".into())));
}

#[test]
fn repr_in_an_f_string_writes_a_python_quoted_literal() {
    let (schema, d) = upgrade(
        "op.execute('CREATE TABLE prefs (search_data jsonb)')\n\
         for key in ['email', \"o'brien\"]:\n    \
         op.execute(f\"CREATE INDEX ix_{len(key)} ON prefs ((search_data->>{repr(key)}))\")",
    );
    // `'email'` is an SQL literal; `"o'brien"` (Python's repr of it) an identifier.
    assert!(
        d.iter().all(|d| d.code != "unanalyzable-operation"),
        "{d:?}"
    );
    let prefs = &schema.tables[&("public".into(), "prefs".into())];
    let names: Vec<&str> = prefs.indexes.iter().map(|i| i.name.as_str()).collect();
    assert!(names.contains(&"ix_5"), "{names:?} {d:?}");
}

#[test]
fn a_server_default_not_known_statically_keeps_the_column_and_its_table() {
    let (schema, diagnostics) = upgrade(concat!(
        "import socket\n",
        "op.create_table('sp', sa.Column('id', sa.Integer, primary_key=True),\n",
        "    sa.Column('prefix', sa.String(256), nullable=False,\n",
        "              server_default=socket.gethostname()))",
    ));
    assert_eq!(codes(&diagnostics), ["assumed-default"], "{diagnostics:?}");
    assert!(diagnostics[0].message.contains("`prefix`"));
    let sp = schema
        .table(&crate::ir::QualName::new(None, "sp"))
        .expect("the table is kept");
    let prefix = sp.column("prefix").expect("the column is kept");
    assert_eq!(prefix.default, None);
    assert!(prefix.not_null);
}

#[test]
fn an_operation_that_fails_inside_a_try_that_catches_the_error_is_still_reported() {
    let helper = |shield: &str, test: &str| {
        let body = format!(
            concat!(
                "try:\n",
                "    op.add_column('t', sa.Column('a', sa.Text))\n",
                "    op.add_column('t', sa.Column('b', sa.Text))\n",
                "except sa.exc.ProgrammingError as e:\n",
                "    if {} in str(e).lower():\n",
                "        pass\n",
                "    else:\n",
                "        raise\n",
            ),
            test
        );
        let body = match shield {
            "" => body,
            shield => {
                let indented: String = body.lines().map(|l| format!("    {l}\n")).collect();
                format!("with {shield}:\n{indented}")
            }
        };
        format!(
            "op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('a', sa.Text))\n\
             {body}op.add_column('t', sa.Column('c', sa.Text))"
        )
    };
    let columns = |schema: &Schema| -> Vec<String> {
        let t = schema
            .table(&crate::ir::QualName::new(None, "t"))
            .expect("t");
        t.columns.iter().map(|c| c.name.clone()).collect()
    };
    // Inside the migration's transaction the caught error still aborts it on PostgreSQL: the
    // failure is reported (once), at the operation, with the `except` that catches it; the
    // rest of the `try` block does not run.
    let (schema, diagnostics) = upgrade(&helper("", "'already exists'"));
    assert_eq!(codes(&diagnostics), ["operation-fails"], "{diagnostics:?}");
    assert_eq!(diagnostics[0].severity, crate::diagnostic::Severity::Error);
    assert!(
        diagnostics[0].notes.iter().any(|n| n.contains("aborts")),
        "{diagnostics:?}"
    );
    assert_eq!(diagnostics[0].labels.len(), 1, "{diagnostics:?}");
    assert_eq!(columns(&schema), ["id", "a", "c"]);
    // Another error, re-raised: still one finding.
    let (_, diagnostics) = upgrade(&helper("", "'duplicate column name'"));
    assert_eq!(codes(&diagnostics), ["operation-fails"], "{diagnostics:?}");
    // In an autocommit block or a savepoint the error is control flow the code may rely on:
    // said, as information, never silently.
    for shield in [
        "op.get_context().autocommit_block()",
        "op.get_bind().begin_nested()",
    ] {
        let (schema, diagnostics) = upgrade(&helper(shield, "'already exists'"));
        assert_eq!(
            codes(&diagnostics),
            ["operation-fails-caught"],
            "{shield}: {diagnostics:?}"
        );
        assert_eq!(diagnostics[0].severity, crate::diagnostic::Severity::Info);
        assert_eq!(columns(&schema), ["id", "a", "c"], "{shield}");
    }
}

#[test]
fn an_enum_type_takes_the_labels_its_values_callable_gives() {
    let (schema, diagnostics) = upgrade(concat!(
        "import enum\n",
        "class Access(str, enum.Enum):\n",
        "    PRIVATE = 'private'\n",
        "    PUBLIC = 'public'\n",
        "op.create_table('flow', sa.Column('id', sa.Integer, primary_key=True),\n",
        "    sa.Column('access', sa.Enum(Access, values_callable=lambda e: [m.value for m in e])))",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let labels = schema
        .enums
        .get(&("public".to_string(), "access".to_string()))
        .expect("the type is named after the class");
    assert_eq!(labels, &["private", "public"]);
}

#[test]
fn instances_of_the_revisions_own_classes_answer_their_methods_and_properties() {
    let (schema, d) = upgrade(
        "class Key:\n    \
         def __init__(self, table, column):\n        \
         self.table = table\n        \
         self.column = column\n    \
         @property\n    \
         def name(self):\n        \
         return f'ix_{self.table}_{self.column}'\n    \
         def column_type(self):\n        \
         return sa.String(40)\n    \
         def later(self):\n        \
         return self.adapter.create(sa.String(10))\n\
         key = Key('orders', 'code')\n\
         op.create_table(key.table, sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column(key.column, key.column_type()), sa.Column('note', key.later()))\n\
         op.create_index(key.name, key.table, [key.column])\n\
         if isinstance(op.get_bind().dialect, sa.dialects.sqlite.base.SQLiteDialect):\n    \
         op.create_table('sqlite_only', sa.Column('id', sa.Integer))\n\
         from sqlalchemy.dialects.postgresql.base import PGDialect\n\
         if isinstance(op.get_bind().dialect, PGDialect):\n    \
         op.create_table('pg_only', sa.Column('id', sa.Integer))",
    );
    // `self.adapter` was never set: the column's type is not known, and is assumed.
    assert_eq!(codes(&d), ["assumed-type"], "{d:?}");
    let orders = &schema.tables[&("public".into(), "orders".into())];
    assert_eq!(
        orders.column("code").unwrap().ty.to_string(),
        "character varying(40)"
    );
    assert_eq!(orders.column("note").unwrap().ty.to_string(), "text");
    assert_eq!(orders.indexes[0].name, "ix_orders_code");
    let tables: Vec<&str> = schema.tables.keys().map(|(_, t)| t.as_str()).collect();
    assert_eq!(tables, ["orders", "pg_only"]);
}

fn table_names(schema: &Schema) -> Vec<&str> {
    schema.tables.keys().map(|(_, t)| t.as_str()).collect()
}

#[test]
fn a_reflected_table_lists_its_foreign_keys_and_what_they_reference() {
    let (schema, d) = upgrade(
        "op.create_table('ds', sa.Column('id', sa.Integer, primary_key=True))\n\
         op.create_table('slices', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('ds_id', sa.Integer, sa.ForeignKey('ds.id')))\n\
         t = sa.Table('slices', sa.MetaData(), autoload_with=op.get_bind())\n\
         for fk in t.foreign_key_constraints:\n    \
         if fk.referred_table.name == 'ds' and set(fk.column_keys) == {'ds_id'}:\n        \
         op.drop_constraint(fk.name, 'slices', type_='foreignkey')\n\
         if len(t.indexes) == 0 and t.primary_key.name == 'slices_pkey' and t.schema is None:\n    \
         op.create_table('read_back', sa.Column('id', sa.Integer))",
    );
    assert!(d.is_empty(), "{d:?}");
    let slices = &schema.tables[&("public".into(), "slices".into())];
    assert!(
        slices
            .constraints
            .iter()
            .all(|c| !matches!(c.kind, crate::ir::ConstraintKind::ForeignKey { .. })),
        "{slices:?}"
    );
    assert_eq!(table_names(&schema), ["ds", "read_back", "slices"]);
}

/// `table.foreign_keys` of reflected tables: one `ForeignKey` per column of each constraint,
/// named as its constraint, so a revision can drop every foreign key before the tables.
#[test]
fn reflected_tables_list_their_column_foreign_keys_by_constraint_name() {
    let (schema, d) = upgrade(
        "op.create_table('project', sa.Column('id', sa.Integer, primary_key=True))\n\
         op.create_table('workflow', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('project_id', sa.Integer, sa.ForeignKey('project.id', name='fk_workflow_project')))\n\
         op.create_table('task', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('workflow_id', sa.Integer, sa.ForeignKey('workflow.id')),\n    \
         sa.Column('project_id', sa.Integer, sa.ForeignKey('project.id')))\n\
         names = ['project', 'workflow', 'task', 'gone']\n\
         from sqlalchemy.orm import declarative_base\n\
         meta = declarative_base().metadata\n\
         meta.reflect(bind=op.get_bind(), extend_existing=True, only=names[:3])\n\
         for name in names[:3]:\n    \
         for fk in meta.tables[name].foreign_keys:\n        \
         op.drop_constraint(fk.name, name, type_='foreignkey')\n\
         for name in names[:3]:\n    \
         op.drop_table(name)",
    );
    assert!(d.is_empty(), "{d:?}");
    assert!(schema.tables.is_empty(), "{:?}", table_names(&schema));
}

/// Catalog queries with bound parameters (`execute(text(...), {...})`, `.bindparams(...)`) and
/// `current_schema()` are answered like queries written out.
#[test]
fn catalog_queries_with_parameters_and_current_schema_are_answered() {
    let (schema, d) = upgrade(
        "op.create_table('steps', sa.Column('id', sa.Integer, primary_key=True))\n\
         conn = op.get_bind()\n\
         q = \"SELECT 1 FROM information_schema.columns WHERE table_name = 'steps' AND column_name = 'model' AND table_schema = current_schema()\"\n\
         if not conn.execute(sa.text(q)).fetchone():\n    \
         op.add_column('steps', sa.Column('model', sa.String()))\n\
         q = \"SELECT 1 FROM information_schema.columns WHERE table_name = :t AND column_name = :c AND table_schema = current_schema\"\n\
         if not conn.execute(sa.text(q), {'t': 'steps', 'c': 'model'}).fetchone():\n    \
         op.add_column('steps', sa.Column('model', sa.String()))\n\
         q = sa.text('SELECT 1 FROM pg_constraint WHERE conname = :name').bindparams(name='steps_pkey')\n\
         if conn.execute(q).scalar():\n    \
         op.create_table('found_pk', sa.Column('id', sa.Integer))",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(table_names(&schema), ["found_pk", "steps"]);
    let steps = &schema.tables[&("public".into(), "steps".into())];
    assert_eq!(steps.columns.len(), 2);
}

/// SQLModel's one metadata takes reflected tables as a base's does.
#[test]
fn sqlmodel_metadata_takes_reflected_tables() {
    let (schema, d) = upgrade(
        "op.create_table('project', sa.Column('id', sa.Integer, primary_key=True))\n\
         op.create_table('task', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('project_id', sa.Integer, sa.ForeignKey('project.id')))\n\
         from sqlmodel import SQLModel\n\
         meta = SQLModel.metadata\n\
         meta.reflect(bind=op.get_bind(), only=['project', 'task'])\n\
         for fk in meta.tables['task'].foreign_keys:\n    \
         op.drop_constraint(fk.name, 'task', type_='foreignkey')\n\
         op.drop_table('project')",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(table_names(&schema), ["task"]);
}

/// `str(datetime(...))` and `.isoformat()` of constants, as server defaults: the constant
/// PostgreSQL keeps, in UTC.
#[test]
fn datetime_constants_are_written_as_python_writes_them() {
    let (schema, d) = upgrade(
        "from datetime import datetime, timezone, date\n\
         op.create_table('t', sa.Column('id', sa.Integer, primary_key=True),\n    \
         sa.Column('a', sa.DateTime(timezone=True), server_default=str(datetime(2000, 1, 1, tzinfo=timezone.utc))),\n    \
         sa.Column('b', sa.DateTime(timezone=True), server_default=datetime(2024, 11, 20, 6, 30, 5, 120000, tzinfo=timezone.utc).isoformat()),\n    \
         sa.Column('c', sa.DateTime(), server_default=datetime(2024, 1, 2, 3, 4).isoformat(sep=' ')),\n    \
         sa.Column('d', sa.Date(), server_default=str(date(2024, 1, 2))))",
    );
    assert!(d.is_empty(), "{d:?}");
    let t = &schema.tables[&("public".into(), "t".into())];
    let defaults: Vec<Option<&str>> = t.columns[1..]
        .iter()
        .map(|c| c.default.as_deref())
        .collect();
    assert_eq!(
        defaults,
        [
            Some("'2000-01-01 00:00:00+00'::timestamp with time zone"),
            Some("'2024-11-20 06:30:05.12+00'::timestamp with time zone"),
            Some("'2024-01-02 03:04:00'::timestamp without time zone"),
            Some("'2024-01-02'::date"),
        ]
    );
}

#[test]
fn another_connection_sees_only_what_was_committed_before_the_upgrade() {
    let mut schema = Schema::default();
    upgrade_on(
        &mut schema,
        "op.create_table('old', sa.Column('id', sa.Integer, primary_key=True), sa.Column('x', sa.Integer))",
    );
    // An application's engine (Flask-SQLAlchemy's `db.engine`) is another connection: the
    // table this upgrade created is not there yet (the whole upgrade is one transaction).
    let body = "from flask_sqlalchemy import SQLAlchemy\n\
                db = SQLAlchemy()\n\
                op.create_table('new', sa.Column('id', sa.Integer, primary_key=True), sa.Column('x', sa.Integer))\n\
                for name in ['old', 'new']:\n    \
                try:\n        \
                sa.Table(name, db.metadata, autoload=True, autoload_with=db.engine)\n        \
                op.drop_column(name, 'x')\n    \
                except sa.exc.NoSuchTableError:\n        \
                pass";
    let d = upgrade_on(&mut schema, body);
    assert!(d.is_empty(), "{d:?}");
    let has_x = |t: &str| {
        schema.tables[&("public".into(), t.into())]
            .column("x")
            .is_some()
    };
    assert!(!has_x("old") && has_x("new"));
    // Not caught: the operation fails there, and says why.
    let (_, d) = upgrade(
        "from flask_sqlalchemy import SQLAlchemy\n\
         db = SQLAlchemy()\n\
         op.create_table('new', sa.Column('id', sa.Integer, primary_key=True))\n\
         sa.Table('new', db.metadata, autoload_with=db.engine)",
    );
    assert_eq!(codes(&d), ["operation-fails"], "{d:?}");
    assert!(
        d[0].message.contains("another connection"),
        "{}",
        d[0].message
    );
}

#[test]
fn sets_are_unordered_and_never_equal_to_lists() {
    let (schema, d) = upgrade(
        "s = {'a', 'b'}\n\
         ok = [s == {'b', 'a'}, s != ['a', 'b'], (s | {'c'}) == {'a', 'b', 'c'},\n    \
         (s - {'a'}) == {'b'}, (s & {'b', 'z'}) == {'b'}, (s ^ {'b', 'c'}) == {'a', 'c'},\n    \
         s.issubset({'a', 'b', 'c'}), s.union(['c']) == {'a', 'b', 'c'}, len(s | s) == 2,\n    \
         set() == frozenset(), {x for x in 'aab'} == {'a', 'b'}, sorted(s) == ['a', 'b']]\n\
         if all(ok):\n    \
         op.create_table('sets_ok', sa.Column('id', sa.Integer))\n\
         if ['ds_id'] == {'ds_id'}:\n    \
         op.create_table('list_is_set', sa.Column('id', sa.Integer))",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(table_names(&schema), ["sets_ok"]);
}

#[test]
fn a_final_name_compares_as_its_string_and_sql_has_no_truth() {
    let (schema, d) = upgrade(
        "op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n\
         op.create_index('ix_other', 't', ['id'])\n\
         names = [ix['name'] for ix in sa.inspect(op.get_bind()).get_indexes('t')]\n\
         if not any(n == op.f('ix_t_id') for n in names):\n    \
         op.create_index(op.f('ix_t_id'), 't', ['id'])\n\
         if op.f('ix_other') in names and op.f('ix_other') == 'ix_other':\n    \
         op.create_table('final_names', sa.Column('id', sa.Integer))\n\
         if sa.column('a') == 'x':\n    \
         op.create_table('never', sa.Column('id', sa.Integer))",
    );
    // The SQL comparison's truth is not known: said, and neither branch runs.
    assert_eq!(codes(&d), ["unanalyzable-code"], "{d:?}");
    let t = &schema.tables[&("public".into(), "t".into())];
    let indexes: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["ix_other", "ix_t_id"]);
    assert_eq!(table_names(&schema), ["final_names", "t"]);
}

#[test]
fn the_environment_answers_distribution_versions_and_pythons() {
    let mut table = ModuleTable::default();
    table
        .distributions
        .insert("flask_sqlalchemy".into(), "3.1.1".into());
    table.python_version = Some((3, 11));
    let mut schema = Schema::default();
    let d = upgrade_in(
        table,
        &mut schema,
        "import sys\n\
         from importlib.metadata import version, PackageNotFoundError\n\
         if int(version('Flask-SQLAlchemy').split('.')[0]) == 3:\n    \
         op.create_table('fsqla3', sa.Column('id', sa.Integer))\n\
         try:\n    \
         version('not-installed')\n\
         except PackageNotFoundError:\n    \
         op.create_table('not_installed', sa.Column('id', sa.Integer))\n\
         if sys.version_info >= (3, 11) and sys.version_info < (3, 12) and sys.version_info[0] == 3:\n    \
         op.create_table('py311', sa.Column('id', sa.Integer))",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(table_names(&schema), ["fsqla3", "not_installed", "py311"]);
    // A micro version is not known: a comparison that needs it is not decided.
    let table = ModuleTable {
        python_version: Some((3, 11)),
        ..ModuleTable::default()
    };
    let d = upgrade_in(
        table,
        &mut Schema::default(),
        "import sys\nif sys.version_info >= (3, 11, 2):\n    op.create_table('x', sa.Column('id', sa.Integer))",
    );
    assert_eq!(codes(&d), ["unanalyzable-code"], "{d:?}");
}

#[test]
fn environment_variables_come_from_the_configuration_or_are_unset() {
    let body = "import os\n\
                from os import environ\n\
                if os.environ.get('FLAG', '').lower() == 'true':\n    \
                op.create_table('flag_on', sa.Column('id', sa.Integer))\n\
                if os.getenv('OTHER') is None and 'OTHER' not in os.environ:\n    \
                op.create_table('other_unset', sa.Column('id', sa.Integer))\n\
                try:\n    \
                environ['MISSING']\n\
                except KeyError:\n    \
                op.create_table('missing', sa.Column('id', sa.Integer))";
    let mut schema = Schema::default();
    let d = upgrade_on(&mut schema, body);
    assert_eq!(
        codes(&d),
        [
            "assumed-environment",
            "assumed-environment",
            "assumed-environment"
        ],
        "{d:?}"
    );
    assert_eq!(table_names(&schema), ["missing", "other_unset"]);
    let mut table = ModuleTable::default();
    table.environment.insert("FLAG".into(), "TRUE".into());
    let mut schema = Schema::default();
    let d = upgrade_in(table, &mut schema, body);
    assert_eq!(codes(&d), ["assumed-environment", "assumed-environment"]);
    assert_eq!(table_names(&schema), ["flag_on", "missing", "other_unset"]);
}

#[test]
fn partial_columns_and_the_dialects_inspection_methods() {
    let (schema, d) = upgrade(
        "from functools import partial\n\
         NotNull = partial(sa.Column, nullable=False, comment='kept')\n\
         def get_or_create(*args):\n    \
         if not op.get_context().dialect.has_table(op.get_bind(), args[0]):\n        \
         return op.create_table(*args)\n    \
         return sa.table(*args)\n\
         get_or_create('g', sa.Column('id', sa.Integer, primary_key=True), NotNull('name', sa.Text),\n    \
         NotNull('note', sa.Text, nullable=True, comment=None))\n\
         get_or_create('g', sa.Column('id', sa.Integer, primary_key=True))\n\
         op.get_context().dialect.frobnicate(1)",
    );
    assert!(d.is_empty(), "{d:?}");
    let g = &schema.tables[&("public".into(), "g".into())];
    assert!(g.column("name").unwrap().not_null);
    assert_eq!(g.column("name").unwrap().comment.as_deref(), Some("kept"));
    let note = g.column("note").unwrap();
    assert!(!note.not_null && note.comment.is_none());
}

#[test]
fn catalog_queries_are_answered_from_the_schema_so_far() {
    // Each guard creates a table named after what its query found.
    let (schema, d) = upgrade(
        "op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('a', sa.Text))\n\
         op.create_index('ix_t_a', 't', ['a'])\n\
         bind = op.get_bind()\n\
         def mark(found, name):\n    \
             if found:\n        \
                 op.create_table(name, sa.Column('x', sa.Integer))\n\
         mark(bind.execute(sa.text(\"SELECT 1 FROM pg_indexes WHERE indexname = 'ix_t_a'\")).first() is not None, 'index_found')\n\
         mark(bind.execute(sa.text(\"SELECT 1 FROM pg_indexes WHERE indexname = 'ix_t_b'\")).first() is not None, 'index_wrongly_found')\n\
         mark(bind.exec_driver_sql(\"SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'a')\").scalar(), 'column_found')\n\
         mark(bind.exec_driver_sql(\"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'nope'\").scalar(), 'table_wrongly_found')\n\
         mark(bind.execute(sa.text(\"SELECT conname FROM pg_constraint WHERE conname = 't_pkey'\")).scalar() == 't_pkey', 'constraint_found')\n\
         mark(bind.execute(sa.text(\"SELECT 1 FROM pg_class WHERE relname LIKE 't%' AND relkind = 'r'\")).first() is not None, 'like_found')\n\
         mark(bind.execute(sa.text(\"SELECT 1 FROM pg_constraint WHERE conname = 't_pkey' AND contype <> 'p'\")).first() is not None, 'contype_wrongly_found')\n\
         mark(bind.execute(sa.text(\"SELECT 1 FROM pg_indexes WHERE indexname = 't_pkey' AND indexdef NOT LIKE '%WHERE%'\")).first() is not None, 'pkey_index_found')\n\
         mark(bind.execute(sa.text(\"SELECT indisvalid FROM pg_catalog.pg_index WHERE indexrelid = to_regclass('ix_t_a')\")).scalar_one_or_none() is True, 'valid_index_found')\n\
         mark(bind.execute(sa.text(\"SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('ix_t_b')\")).scalar_one_or_none() is not None, 'invalid_index_wrongly_found')\n\
         # A condition it does not read: not known, so neither branch runs.\n\
         mark(bind.execute(sa.text(\"SELECT 1 FROM pg_class WHERE relname ~ '^t'\")).first() is not None, 'unknown_guard')",
    );
    let names: Vec<&str> = schema.tables.iter().map(|(k, _)| k.1.as_str()).collect();
    assert_eq!(
        names,
        [
            "column_found",
            "constraint_found",
            "index_found",
            "like_found",
            "pkey_index_found",
            "t",
            "valid_index_found"
        ]
    );
    assert_eq!(codes(&d), ["unanalyzable-code"], "{d:?}");
}

#[test]
fn catalog_queries_with_several_rows_drive_loops() {
    // What a revision finds decides what it drops, adds and names.
    let (schema, d) = upgrade(
        "op.execute(\"CREATE TYPE state AS ENUM ('new', 'done')\")\n\
         op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.Text, unique=True), sa.Column('b', sa.Text, unique=True))\n\
         op.create_index('ix_t_b', 't', ['b'])\n\
         bind = op.get_bind()\n\
         for row in bind.execute(sa.text(\"SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = :tbl AND c.contype = 'u' AND array_length(c.conkey, 1) = 1 AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[1]) = 'name'\").bindparams(tbl='t')):\n    \
             op.execute(f'ALTER TABLE t DROP CONSTRAINT IF EXISTS \"{row[0]}\"')\n\
         rows = bind.execute(sa.text('SELECT unnest(enum_range(NULL::state))::text')).fetchall()\n\
         if 'started' not in [r[0] for r in rows]:\n    \
             op.execute(\"ALTER TYPE state ADD VALUE 'started'\")\n\
         columns = bind.execute(sa.text(\"SELECT column_name AS col FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position\")).scalars().all()\n\
         op.create_table('cols_' + '_'.join(columns), sa.Column('x', sa.Integer))\n\
         for r in bind.execute(sa.text(\"SELECT indexname, tablename FROM pg_indexes WHERE tablename = 't' AND indexname LIKE 'ix_%'\")):\n    \
             op.drop_index(r.indexname, table_name=r.tablename)\n\
         n = bind.execute(sa.text(\"SELECT count(*) FROM pg_indexes WHERE tablename = 't'\")).scalar_one()\n\
         op.create_table(f'indexes_{n}', sa.Column('x', sa.Integer))\n\
         first = bind.execute(sa.text(\"SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass\")).first()\n\
         if first is not None and first[0] == 't_pkey':\n    \
             op.create_table('unordered_first_known', sa.Column('x', sa.Integer))",
    );
    let t = &schema.tables[&("public".into(), "t".into())];
    let constraints: Vec<&str> = t.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(constraints, ["t_pkey", "t_b_key"], "{d:?}");
    assert!(t.indexes.is_empty());
    let names: Vec<&str> = schema.tables.iter().map(|(k, _)| k.1.as_str()).collect();
    assert_eq!(names, ["cols_id_name_b", "indexes_2", "t"]);
    assert_eq!(
        schema.enums[&("public".into(), "state".into())],
        ["new", "done", "started"]
    );
    // `first()` of two constraints in no fixed order: not known, said once.
    assert_eq!(codes(&d), ["unanalyzable-code"], "{d:?}");
}

#[test]
fn enum_labels_asked_of_pg_enum_and_an_interval_default_from_a_timedelta() {
    // `ALTER TYPE ... ADD VALUE` guarded by the labels the type has (by a subquery on
    // pg_type and by a regtype literal), with the result's `rowcount`.
    let (schema, d) = upgrade(
        "from datetime import timedelta\n\
         op.execute(\"CREATE TYPE mood AS ENUM ('calm')\")\n\
         conn = op.get_bind()\n\
         for label in ['calm', 'angry']:\n    \
             result = conn.execute(sa.text(f\"SELECT 1 FROM pg_enum WHERE enumlabel = '{label}' AND enumtypid = (SELECT oid FROM pg_type WHERE typname = 'mood')\"))\n    \
             if result.rowcount == 0:\n        \
                 op.execute(f\"ALTER TYPE mood ADD VALUE '{label}'\")\n\
         if conn.execute(sa.text(\"SELECT 1 FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'sad'\")).first() is None:\n    \
             op.execute(\"ALTER TYPE mood ADD VALUE 'sad'\")\n\
         op.create_table('t', sa.Column('every', sa.Interval(), server_default=str(timedelta(minutes=15))))",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        schema.enums[&("public".into(), "mood".into())],
        ["calm", "angry", "sad"]
    );
    let t = &schema.tables[&("public".into(), "t".into())];
    assert_eq!(
        t.column("every").unwrap().default.as_deref(),
        Some("'00:15:00'::interval")
    );
}

#[test]
fn auto_enum_values_and_members_in_sql() {
    let (schema, d) = upgrade(
        "import enum\n\
         class Kind(str, enum.Enum):\n    \
             @staticmethod\n    \
             def _generate_next_value_(name, start, count, last):\n        \
                 return name\n    \
             DRAFT = enum.auto()\n    \
             SENT = enum.auto()\n\
         class Level(enum.IntEnum):\n    \
             LOW = enum.auto()\n    \
             HIGH = enum.auto()\n\
         class Tone(enum.StrEnum):\n    \
             Loud = enum.auto()\n\
         op.create_table('m', sa.Column('kind', sa.String(10), server_default=Kind.SENT.value),\n    \
             sa.Column('level', sa.Integer, server_default=str(Level.HIGH.value)),\n    \
             sa.Column('tone', sa.String(10), server_default=Tone.Loud.value))\n\
         t = sa.table('m', sa.column('kind'))\n\
         op.create_index('ix_m_draft', 'm', ['kind'], postgresql_where=t.c.kind == Kind.DRAFT)",
    );
    assert!(d.is_empty(), "{d:?}");
    let t = &schema.tables[&("public".into(), "m".into())];
    let default = |c: &str| t.column(c).unwrap().default.clone().unwrap_or_default();
    assert_eq!(default("kind"), "'SENT'::character varying");
    assert_eq!(default("level"), "2");
    assert_eq!(default("tone"), "'loud'::character varying");
    assert_eq!(t.indexes[0].predicate.as_deref(), Some("kind = 'DRAFT'"));
}

#[test]
fn do_blocks_replay_the_branch_their_catalog_conditions_choose() {
    let guarded_type = "op.execute(\"\"\"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'src') THEN CREATE TYPE src AS ENUM ('csv'); END IF; END $$;\"\"\")\n";
    let guarded_check = "op.execute(\"\"\"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'check_difficulty') THEN ALTER TABLE task ADD CONSTRAINT check_difficulty CHECK (difficulty > 0); END IF; END $$\"\"\")\n";
    let body = format!(
        "op.create_table('task', sa.Column('id', sa.Integer, primary_key=True), sa.Column('difficulty', sa.Integer))\n\
         {guarded_type}{guarded_type}{guarded_check}{guarded_check}\
         op.execute(\"\"\"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'task_pkey' AND contype = 'p') AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'task_pk') THEN ALTER TABLE task RENAME CONSTRAINT task_pkey TO task_pk; ELSE CREATE TABLE wrong_branch (); END IF; END $$\"\"\")\n\
         op.execute(\"\"\"DO $$ BEGIN ALTER TABLE task ADD CONSTRAINT check_difficulty CHECK (difficulty < 9); EXCEPTION WHEN duplicate_object THEN CREATE TABLE handled (); END $$\"\"\")\n\
         op.execute(\"\"\"DO $$ BEGIN IF (SELECT count(*) FROM task) > 0 THEN CREATE TABLE never (); END IF; END $$\"\"\")\n\
         op.execute(\"\"\"DO $$ BEGIN IF to_regclass('public.task') IS NOT NULL THEN CREATE INDEX ix_task_difficulty ON task (difficulty); END IF; END $$\"\"\")\n"
    );
    let (schema, d) = upgrade(&body);
    assert_eq!(codes(&d), ["sql-not-modelled"], "{d:?}");
    assert!(
        d[0].message.contains("(SELECT count(*) FROM task) > 0"),
        "{d:?}"
    );
    assert!(schema.enums.contains_key(&("public".into(), "src".into())));
    let names: Vec<&str> = schema.tables.iter().map(|(k, _)| k.1.as_str()).collect();
    assert_eq!(names, ["handled", "task"]);
    let task = &schema.tables[&("public".into(), "task".into())];
    let constraints: Vec<&str> = task.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(constraints, ["task_pk", "check_difficulty"]);
    assert!(
        format!("{:?}", task.constraints[1].kind).contains("> 0"),
        "{:?}",
        task.constraints
    );
    assert_eq!(task.indexes[0].name, "ix_task_difficulty");
}

#[test]
fn a_foreign_key_relies_on_the_oldest_key_on_its_columns() {
    // PostgreSQL takes the unique index with the lowest OID when it makes a foreign key: a
    // primary key added after a unique constraint on the same columns can be dropped while a
    // foreign key references them; the older one cannot (checked on PostgreSQL 15).
    let (schema, d) = upgrade(
        "op.execute('CREATE TABLE t (name text UNIQUE)')\n\
         op.execute('ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (name)')\n\
         op.execute('CREATE TABLE r (name text REFERENCES t (name))')\n\
         op.drop_constraint('t_pkey', 't', type_='primary')\n\
         op.execute('CREATE TABLE t2 (name text PRIMARY KEY)')\n\
         op.execute('ALTER TABLE t2 ADD CONSTRAINT t2_name_key UNIQUE (name)')\n\
         op.execute('CREATE TABLE r2 (name text REFERENCES t2 (name))')\n\
         op.drop_constraint('t2_name_key', 't2', type_='unique')\n\
         op.drop_constraint('t2_pkey', 't2', type_='primary')",
    );
    assert_eq!(codes(&d), ["operation-fails"], "{d:?}");
    assert!(
        d[0].message.contains("cannot drop constraint t2_pkey"),
        "{d:?}"
    );
    let t = &schema.tables[&("public".into(), "t".into())];
    assert!(t.primary_key().is_none());
    let t2 = &schema.tables[&("public".into(), "t2".into())];
    assert!(t2.primary_key().is_some());
}

#[test]
fn the_inspector_is_made_in_every_spelling() {
    // `reflection.Inspector(bind)` (SQLAlchemy 1.x's constructor), `Inspector.from_engine`
    // and `sa.inspect`: each answers from the schema so far, so each guard creates its index
    // once.
    let (schema, diagnostics) = upgrade(concat!(
        "from alembic import context\n",
        "from sqlalchemy.engine import reflection\n",
        "op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('a', sa.Integer))\n",
        "spellings = [reflection.Inspector(context.get_context().bind),\n",
        "             reflection.Inspector.from_engine(op.get_bind()), sa.inspect(op.get_bind())]\n",
        "for insp in spellings:\n",
        "    names = [x['name'] for x in insp.get_indexes('t')]\n",
        "    if 'ix_t_a' not in names:\n",
        "        op.create_index('ix_t_a', 't', ['a'])\n",
    ));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let t = schema
        .table(&crate::ir::QualName::new(None, "t"))
        .expect("t");
    let names: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["ix_t_a"]);
}

#[test]
fn a_table_on_a_metadata_made_in_the_revision_has_sqlalchemys_default_convention() {
    let convention =
        NamingConvention::from_pairs([("pk".to_string(), "pk_%(table_name)s".to_string())]);
    let mut schema = Schema::default();
    let diagnostics = upgrade_under(
        convention,
        ModuleTable::default(),
        &mut schema,
        concat!(
            "op.create_table('a', sa.Column('id', sa.Integer, primary_key=True))\n",
            "t = sa.Table('b', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True))\n",
            "t.create(op.get_bind())",
        ),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let pk = |name: &str| {
        schema
            .table(&crate::ir::QualName::new(None, name))
            .and_then(|t| t.primary_key())
            .map(|pk| pk.name.clone())
    };
    // env.py's convention names what `op.*` creates; a `MetaData()` of the revision has none.
    assert_eq!(pk("a").as_deref(), Some("pk_a"));
    assert_eq!(pk("b").as_deref(), Some("b_pkey"));
}
