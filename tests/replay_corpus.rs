//! Replay of every healthy corpus project, without a database: no operation fails, nothing is
//! left unanalysed or unmodelled, and every `downgrade()` restores the schema its revision
//! started from (PostgreSQL confirmed each round trip when the corpus was written; the oracle
//! tests check the upgrades and the downgrades fact by fact).

mod common;

use driftlock::replay::ReplayOptions;

/// Findings the healthy corpus projects give on purpose: (project, or `*` for any, code, why).
const SAID_ON_PURPOSE: &[(&str, &str, &str)] = &[
    (
        "*",
        "labelled-branches",
        "the history's shape, said on purpose (branches' own heads)",
    ),
    (
        "*",
        "revisions-beneath-version-location",
        "release_folders reads folders its alembic.ini does not name",
    ),
    (
        "*",
        "table-from-application",
        "app_tables and prebuilt_tables start from tables their application creates",
    ),
    (
        "shared_database",
        "earlier-history",
        "its replay starts from the database its host's history leaves, and says so",
    ),
    (
        "helpers_guards",
        "unanalyzable-code",
        "a row-count check around a conversion compares counts only the database knows",
    ),
    (
        "sqlalchemy_ddl",
        "unanalyzable-operation",
        "DDL built from a query's result (a statistics target) is not known statically; the \
         test is that it leaves every table's rows as they were",
    ),
    (
        "checkpoint_start",
        "baseline",
        "a new database starts at its checkpoint revision (its setting), and says so",
    ),
    (
        "merged_models",
        "operation-fails-caught",
        "a column added in an autocommit block whose `except` passes on `already exists`: \
         the replay follows the `except`, as the code does, and says so",
    ),
    (
        "reflected_tables",
        "operation-fails-caught",
        "an index created again in a savepoint that catches PostgreSQL's error: the replay \
         follows the `except`, as the code does, and says so",
    ),
    (
        "prebuilt_tables",
        "downgrade-mismatch",
        "its application creates the tables before the first revision: the downgrades drop \
         what was there before them, and say so",
    ),
];

#[test]
fn healthy_projects_replay_cleanly_in_both_directions() {
    let mut problems = Vec::new();
    for (name, path) in common::corpus_projects() {
        if name == "broken" {
            continue;
        }
        let analysis = common::replay(
            &path,
            ReplayOptions {
                keep_states: false,
                check_downgrades: true,
                keep_downgrades: false,
                only: None,
                ..Default::default()
            },
        );
        // All the SQL of the corpus is modelled, views, functions and triggers included.
        let stats = &analysis.replay.as_ref().unwrap().sql_stats;
        let unanalyzable_on_purpose = SAID_ON_PURPOSE
            .iter()
            .any(|(project, code, _)| *project == name && *code == "unanalyzable-operation");
        let unanalyzable = if unanalyzable_on_purpose {
            0
        } else {
            stats.unanalyzable_calls
        };
        if stats.not_modelled_statements + unanalyzable + stats.syntax_errors > 0 {
            problems.push(format!("{name}: SQL left unmodelled: {stats:?}"));
        }
        for d in &analysis.diagnostics {
            let said_on_purpose = SAID_ON_PURPOSE
                .iter()
                .any(|(project, code, _)| d.code == *code && (*project == "*" || *project == name));
            if said_on_purpose {
                continue;
            }
            let place = d.primary.as_ref().map(|s| {
                let f = analysis.sources.get(s.file);
                format!("{}:{}", f.display, f.line_col(s.range.start).line)
            });
            problems.push(format!(
                "{name}: [{}] {} at {}",
                d.code,
                d.message,
                place.unwrap_or_default()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `keep_downgrades` keeps, per revision, the schema its `downgrade()` leaves (the downgrade
/// oracle compares it with PostgreSQL); a `downgrade()` that raises leaves none.
#[test]
fn downgraded_schemas_are_kept_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("alembic.ini", "[alembic]\nscript_location = %(here)s/db\n");
    write("db/env.py", "");
    let revision = |id: &str, parent: &str, upgrade: &str, downgrade: &str| {
        format!(
            "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\n\
             down_revision = {parent}\n\n\ndef upgrade():\n    {upgrade}\n\n\n\
             def downgrade():\n    {downgrade}\n"
        )
    };
    write(
        "db/versions/a.py",
        &revision(
            "a",
            "None",
            "op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))",
            "op.drop_table('t')",
        ),
    );
    write(
        "db/versions/b.py",
        &revision(
            "b",
            "'a'",
            "op.add_column('t', sa.Column('c', sa.Text))",
            "op.drop_column('t', 'c')",
        ),
    );
    write(
        "db/versions/c.py",
        &revision(
            "c",
            "'b'",
            "op.create_table('u', sa.Column('id', sa.Integer))",
            "raise NotImplementedError('irreversible')",
        ),
    );
    let kept = |options| {
        let analysis = common::replay(root, options);
        assert!(
            analysis.diagnostics.is_empty(),
            "{:?}",
            analysis.diagnostics
        );
        analysis.replay.unwrap().states
    };

    let states = kept(ReplayOptions {
        keep_downgrades: true,
        ..Default::default()
    });
    let ids: Vec<&str> = states.iter().map(|s| s.revision.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"], "keep_downgrades implies keep_states");
    let a = states[0].downgraded.as_ref().expect("a's downgrade runs");
    assert!(a.tables.is_empty());
    let b = states[1].downgraded.as_ref().expect("b's downgrade runs");
    assert_eq!(b, &states[0].schema);
    assert!(states[2].downgraded.is_none(), "c's downgrade raises");

    let states = kept(ReplayOptions {
        keep_states: true,
        check_downgrades: true,
        ..Default::default()
    });
    assert!(states.iter().all(|s| s.downgraded.is_none()));
}

/// A helper defined inside `upgrade()` sees the variables `upgrade()` bound before it (an
/// inspector, the dialect name): found in mlflow, whose foreign keys were otherwise not
/// collected and the primary key swap after them failed.
#[test]
fn nested_helpers_close_over_the_entry_points_variables() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("alembic.ini", "[alembic]\nscript_location = %(here)s/db\n");
    write("db/env.py", "");
    write(
        "db/versions/a.py",
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'a'\ndown_revision = None\n\n\
         def upgrade():\n    op.create_table('p', sa.Column('name', sa.Text, primary_key=True))\n    \
         op.create_table('c', sa.Column('name', sa.Text, sa.ForeignKey('p.name')))\n",
    );
    write(
        "db/versions/b.py",
        "from alembic import op\nfrom sqlalchemy import inspect\n\nrevision = 'b'\ndown_revision = 'a'\n\n\
         def upgrade():\n    inspector = inspect(op.get_bind())\n    dialect = op.get_bind().dialect.name\n\n    \
         def foreign_keys(table, referred):\n        names = []\n        \
         for fk in inspector.get_foreign_keys(table):\n            \
         if fk['referred_table'] == referred and dialect == 'postgresql':\n                \
         names.append(fk['name'])\n        return names\n\n    \
         for name in foreign_keys('c', 'p'):\n        op.drop_constraint(name, 'c', type_='foreignkey')\n",
    );
    let analysis = common::replay(root, Default::default());
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
    let head = &analysis.replay.unwrap().head;
    let c = head.tables.get(&("public".into(), "c".into())).unwrap();
    assert!(c.constraints.is_empty(), "{:?}", c.constraints);
}
