//! The command line as CI uses it: exit codes, formats, colour, determinism, and robustness
//! on bad input.

mod common;

use std::path::Path;

use common::{copy_dir, corpus_dir, driftlock};
use predicates::prelude::*;

fn history(path: &Path) -> assert_cmd::Command {
    let mut cmd = driftlock();
    cmd.arg("history").arg(path);
    cmd
}

fn write(dir: &Path, rel: &str, content: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn revision(id: &str, down: &str) -> String {
    format!("\"\"\"rev {id}\"\"\"\nrevision = '{id}'\ndown_revision = {down}\n\ndef upgrade():\n    pass\n")
}

#[test]
fn healthy_project_exits_zero() {
    history(&corpus_dir().join("shop"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("e299d7895e7f (head)"))
        .stdout(predicate::str::contains("no problems found"));
}

#[test]
fn broken_project_exits_one_and_reports_every_problem() {
    let assert = history(&corpus_dir().join("broken")).assert().code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for code in [
        "duplicate-revision",
        "missing-parent",
        "missing-revision-id",
        "syntax-error",
        "multiple-heads",
    ] {
        assert!(
            out.contains(&format!("[{code}]")),
            "{code} missing from:\n{out}"
        );
    }
}

#[test]
fn fail_on_sets_the_threshold() {
    let broken = corpus_dir().join("broken");
    history(&broken)
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
    // `branches` has an info finding (labelled branches) and nothing worse.
    let branches = corpus_dir().join("branches");
    history(&branches).assert().code(0);
    history(&branches)
        .args(["--fail-on", "info"])
        .assert()
        .code(1);
}

#[test]
fn no_project_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    history(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no Alembic project found"))
        .stderr(predicate::str::contains("alembic.ini"))
        .stderr(predicate::str::contains("pyproject.toml"));
    history(&empty.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    driftlock()
        .args(["history", "--format", "yaml"])
        .assert()
        .code(2);
}

#[test]
fn json_is_the_history_contract() {
    let out = history(&corpus_dir().join("merge"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["format"], "history/1");
    assert_eq!(doc["heads"], serde_json::json!(["dc1ec9fcedd9"]));
    assert_eq!(doc["merges"], serde_json::json!(["c4ec01915be7"]));
    let first = &doc["revisions"][0];
    for key in [
        "id",
        "parents",
        "depends_on",
        "branch_labels",
        "file",
        "message",
    ] {
        assert!(first.get(key).is_some(), "revision lacks {key}");
    }
}

#[test]
fn graph_formats_keep_stdout_clean_and_report_on_stderr() {
    history(&corpus_dir().join("broken"))
        .args(["--format", "dot"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("digraph revisions {"))
        .stderr(predicate::str::contains("missing-parent"));
    history(&corpus_dir().join("merge"))
        .args(["--format", "mermaid"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("flowchart TD"))
        .stderr("");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let broken = corpus_dir().join("broken");
    history(&broken)
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
    history(&broken)
        .args(["--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    history(&broken)
        .env("NO_COLOR", "1")
        .args(["--color", "auto"])
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn output_is_byte_identical_across_runs() {
    for format in ["text", "json", "dot", "mermaid"] {
        for project in ["broken", "branches", "merge"] {
            let run = || {
                history(&corpus_dir().join(project))
                    .args(["--format", format])
                    .output()
                    .unwrap()
            };
            let (a, b) = (run(), run());
            assert_eq!(a.stdout, b.stdout, "{project} --format {format}");
            assert_eq!(a.stderr, b.stderr, "{project} --format {format}");
        }
    }
}

#[test]
fn config_file_and_migrations_overrides() {
    let shop = corpus_dir().join("shop");
    history(&shop.join("alembic.ini"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("6 revision(s)"));
    driftlock()
        .args(["history", "-c"])
        .arg(shop.join("alembic.ini"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("6 revision(s)"));
    history(Path::new("."))
        .arg("--migrations")
        .arg(shop.join("migrations"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("6 revision(s)"));
    // A script directory by itself, as shipped inside installed packages.
    history(&shop.join("migrations"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("6 revision(s)"));
}

#[test]
fn bad_files_get_diagnostics_and_the_rest_is_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "alembic.ini", b"[alembic]\nscript_location = %(here)s/db\nversion_locations = %(here)s/db/versions %(here)s/gone\n");
    write(root, "db/env.py", b"");
    write(root, "db/versions/a.py", revision("a", "None").as_bytes());
    write(root, "db/versions/b.py", revision("b", "'a'").as_bytes());
    write(
        root,
        "db/versions/latin1.py",
        b"revision = 'c'\ndown_revision = 'b'\n# caf\xe9\n",
    );
    let declared =
        b"# -*- coding: latin-1 -*-\n\"\"\"caf\xe9\"\"\"\nrevision = 'd'\ndown_revision = 'c'\n";
    write(root, "db/versions/declared.py", declared);
    write(
        root,
        "db/versions/dyn.py",
        b"import os\nrevision = os.environ['REV']\ndown_revision = 'b'\n",
    );
    write(
        root,
        "db/versions/cycle1.py",
        revision("x", "'y'").as_bytes(),
    );
    write(
        root,
        "db/versions/cycle2.py",
        revision("y", "'x'").as_bytes(),
    );
    write(root, "db/versions/self.py", revision("s", "'s'").as_bytes());
    write(root, "db/versions/__init__.py", b"");
    write(root, "db/versions/.#lock.py", b"not python");
    write(root, "db/versions/notes.txt", b"not python");

    let out = history(root).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<(&str, &str, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("missing-version-location", "alembic.ini", 3),
            ("revision-cycle", "db/versions/cycle1.py", 3),
            ("dynamic-revision-header", "db/versions/dyn.py", 2),
            ("invalid-utf8", "db/versions/latin1.py", 3),
            ("revision-cycle", "db/versions/self.py", 3),
        ]
    );
    let ids: Vec<&str> = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // The undecodable file still names its revision and parent: its header is recovered.
    assert_eq!(ids, ["a", "b", "c", "d", "s", "x", "y"]);
    assert_eq!(doc["revisions"][3]["message"], "café");
}

#[test]
fn never_writes_into_the_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/m\n",
    );
    write(root, "m/env.py", b"");
    write(root, "m/versions/a.py", revision("a", "None").as_bytes());
    let listing = |p: &Path| {
        let mut all = Vec::new();
        let mut stack = vec![p.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                let meta = e.metadata().unwrap();
                if meta.is_dir() {
                    stack.push(e.path());
                }
                all.push((e.path(), meta.len(), meta.modified().unwrap()));
            }
        }
        all.sort();
        all
    };
    let before = listing(root);
    for format in ["text", "json", "dot", "mermaid"] {
        history(root).args(["--format", format]).assert().code(0);
    }
    assert_eq!(before, listing(root));
}

#[test]
fn schema_command_prints_the_replayed_schema() {
    let shop = corpus_dir().join("shop");
    let out = driftlock().args(["schema"]).arg(&shop).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["format"], "schema/1");
    let tables: Vec<&str> = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tables, ["customers", "order_items", "orders", "products"]);

    // Right after the first revision only `customers` exists; a unique prefix is enough.
    let out = driftlock()
        .args(["schema", "--at", "5ce0"])
        .arg(&shop)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tables"].as_array().unwrap().len(), 1);

    driftlock()
        .args(["schema", "--at", "ffff"])
        .arg(&shop)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no revision `ffff`"));
    driftlock()
        .args(["schema", "--format", "sql"])
        .arg(&shop)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("CREATE TABLE public.customers ("));
}

#[test]
fn replay_problems_point_into_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/m\n",
    );
    write(root, "m/env.py", b"");
    let body = "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'a'\ndown_revision = None\n\n\
                def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n    \
                op.add_column('t', sa.Column('id', sa.Integer))\n    op.add_column(TABLE, sa.Column('x', sa.Text))\n";
    write(root, "m/versions/a.py", body.as_bytes());
    let out = driftlock()
        .args(["schema", "--color", "never"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("[operation-fails]")
            && stderr.contains("column \"id\" of relation \"t\" already exists"),
        "{stderr}"
    );
    assert!(stderr.contains("m/versions/a.py:8:5"), "{stderr}");
    assert!(
        stderr.contains("[unanalyzable-operation]") && stderr.contains("m/versions/a.py:9:5"),
        "{stderr}"
    );
    // The rest still replays: the table is there.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tables"][0]["name"], "t");
}

#[test]
fn tables_no_migration_creates_are_one_finding_each() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/m\n",
    );
    write(root, "m/env.py", b"");
    // The history starts from tables created outside it (`metadata.create_all()` first).
    let body =
        "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'a'\ndown_revision = None\n\n\
                def upgrade():\n    op.add_column('users', sa.Column('x', sa.Text))\n    \
                op.create_index('ix_users_x', 'users', ['x'])\n    \
                op.create_table('notes', sa.Column('id', sa.Integer, primary_key=True), \
                sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id')))\n    \
                op.add_column('notes', sa.Column('body', sa.Text))\n";
    write(root, "m/versions/a.py", body.as_bytes());
    let out = driftlock()
        .args(["schema", "--color", "never"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.matches("[table-never-created]").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("table `users` is used by 3 operation(s)"),
        "{stderr}"
    );
    assert!(!stderr.contains("[operation-fails]"), "{stderr}");
    // What the migrations build themselves is still replayed (without the dangling key).
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = &doc["tables"][0];
    assert_eq!(notes["name"], "notes");
    assert_eq!(notes["columns"].as_array().unwrap().len(), 3);
    assert_eq!(notes["foreign_keys"].as_array().unwrap().len(), 0);
}

#[test]
fn downgrades_that_do_not_undo_their_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/m\n",
    );
    write(root, "m/env.py", b"");
    let base = "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'a'\ndown_revision = None\n\n\
                def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('at', sa.DateTime(timezone=True)))\n\n\
                def downgrade():\n    op.drop_table('t')\n";
    let change = "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'b'\ndown_revision = 'a'\n\n\
                  def upgrade():\n    op.alter_column('t', 'at', type_=sa.DateTime())\n    op.add_column('t', sa.Column('x', sa.Text))\n\n\
                  def downgrade():\n    op.drop_column('t', 'x')\n";
    let empty = "from alembic import op\nrevision = 'c'\ndown_revision = 'b'\n\n\
                 def upgrade():\n    op.drop_column('t', 'x')\n\ndef downgrade():\n    pass\n";
    write(root, "m/versions/a.py", base.as_bytes());
    write(root, "m/versions/b.py", change.as_bytes());
    write(root, "m/versions/c.py", empty.as_bytes());
    // Without the flag, downgrades are not looked at.
    driftlock().args(["schema"]).arg(root).assert().code(0);
    let out = driftlock()
        .args(["schema", "--check-downgrades", "--color", "never"])
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("[downgrade-mismatch]")
            && stderr.contains(
                "column t.at is timestamp without time zone instead of timestamp with time zone"
            ),
        "{stderr}"
    );
    assert!(
        stderr.contains("[empty-downgrade]") && stderr.contains("revision c"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("Warning").count(), 2, "{stderr}");
}

#[test]
fn sql_problems_point_inside_the_string_literal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/m\n",
    );
    write(root, "m/env.py", b"");
    let body = "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'a'\ndown_revision = None\n\n\
                def upgrade():\n    op.execute(\"CREATE TABLE t (id int PRIMARY KEY, x text)\")\n    \
                op.execute(\"\"\"\n        CREATE VIEW v AS SELECT id, x FROM t;\n        DROP TABLE t\"\"\")\n    \
                op.execute(sa.text('SELECT 1;\\tSELEC 2'))\n    \
                op.execute(\"SELECT 1; \" \"DROP TABLE t\")\n    \
                op.get_bind().execute(r'''SELECT 1; CREATE TABLE u AS SELECT 1''')\n";
    write(root, "m/versions/a.py", body.as_bytes());
    let out = driftlock()
        .args(["schema", "--color", "never"])
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The statement that cannot apply, at its line and column inside the triple-quoted string.
    assert!(
        stderr.contains("m/versions/a.py:10:9")
            && stderr.contains("cannot drop table t because other objects depend on it"),
        "{stderr}"
    );
    // PostgreSQL's cursor, past the `\t` escape (two characters in the source).
    assert!(
        stderr.contains("[sql-syntax-error]") && stderr.contains("m/versions/a.py:11:36"),
        "{stderr}"
    );
    // Implicit concatenation: the call.
    assert!(stderr.contains("m/versions/a.py:12:5"), "{stderr}");
    // A statement not modelled, at its start in a raw triple-quoted string.
    assert!(
        stderr.contains("[sql-not-modelled]") && stderr.contains("m/versions/a.py:13:41"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("[operation-fails]").count(), 2, "{stderr}");
}

#[test]
fn alembic_utils_entities_are_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/m\n",
    );
    write(root, "m/env.py", b"");
    let base = "from alembic import op\nfrom alembic_utils.pg_function import PGFunction\n\
                from alembic_utils.pg_view import PGView\nfrom alembic_utils.pg_trigger import PGTrigger\n\
                from alembic_utils.pg_materialized_view import PGMaterializedView\n\
                revision = 'a'\ndown_revision = None\n\n\
                touch = PGFunction(schema='public', signature='touch()', \
                definition='RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$')\n\
                ids = PGView(schema='public', signature='ids', definition='SELECT id FROM t')\n\
                trig = PGTrigger(schema='public', signature='t_touch', on_entity='public.t', \
                definition='BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE PROCEDURE public.touch()')\n\
                counts = PGMaterializedView('public', 'counts', 'SELECT count(*) FROM t', with_data=False)\n\n\
                def upgrade():\n    op.execute('CREATE TABLE t (id int PRIMARY KEY)')\n    \
                op.create_entity(touch)\n    op.create_entity(ids)\n    op.replace_entity(ids)\n    \
                op.create_entity(trig)\n    op.replace_entity(trig)\n    op.create_entity(counts)\n    \
                op.replace_entity(counts)\n    op.drop_entity(touch)\n    \
                op.drop_entity(touch, cascade=True)\n    op.drop_table('t')\n    \
                op.create_entity(PGView.from_sql('CREATE VIEW two AS SELECT 2'))\n\n\
                def downgrade():\n    op.execute('DROP TABLE t CASCADE')\n";
    write(root, "m/versions/a.py", base.as_bytes());
    let out = driftlock()
        .args(["schema", "--check-downgrades", "--color", "never"])
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("m/versions/a.py:23:5")
            && stderr.contains("cannot drop function touch() because other objects depend on it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("m/versions/a.py:25:5")
            && stderr.contains(
                "cannot drop table t because other objects depend on it (materialized view counts"
            ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("[operation-fails]").count(), 2, "{stderr}");
    assert!(
        !stderr.contains("not-modelled") && !stderr.contains("unanalyzable"),
        "{stderr}"
    );
    // CASCADE takes the table's views and trigger; the view reading nothing stays behind.
    assert!(
        stderr.contains("[downgrade-mismatch]")
            && stderr.contains("view public.two is left behind"),
        "{stderr}"
    );
}

/// `schema --at` builds what `alembic upgrade <target>` builds on an empty database: the
/// target and its ancestors (`depends_on` included), not everything before it in the order.
#[test]
fn schema_at_a_target_replays_its_ancestors_only() {
    let project = corpus_dir().join("branches");
    let tables = |at: &str| -> Vec<String> {
        let out = driftlock()
            .arg("schema")
            .arg(&project)
            .args(["--at", at])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{at}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{}.{}",
                    t["schema"].as_str().unwrap(),
                    t["name"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(tables("audit@head"), ["audit.events"]);
    assert_eq!(tables("c3207a978944"), ["public.accounts"]);
    // 28adfe1a0e80 depends on the audit branch's base: both come with it.
    assert_eq!(tables("28adfe"), ["audit.events", "public.accounts"]);
    assert_eq!(
        tables("heads"),
        ["audit.events", "public.accounts", "public.transactions"]
    );
    driftlock()
        .arg("schema")
        .arg(&project)
        .args(["--at", "nope"])
        .assert()
        .code(2);
}

/// `check --timings` prints one line of stage times to stderr and leaves the report on stdout
/// as it is.
#[test]
fn check_timings_go_to_stderr_only() {
    let shop = corpus_dir().join("shop");
    let plain = driftlock()
        .args(["check", "--format", "json"])
        .arg(&shop)
        .output()
        .unwrap();
    let timed = driftlock()
        .args(["check", "--format", "json", "--timings"])
        .arg(&shop)
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), timed.status.code());
    assert_eq!(plain.stdout, timed.stdout);
    let stderr = String::from_utf8_lossy(&timed.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings line in {stderr}"));
    for stage in [
        "discover",
        "read and parse",
        "history",
        "replay",
        "models",
        "drift",
        "report",
    ] {
        assert!(
            line.contains(&format!("{stage} ")),
            "{stage} missing: {line}"
        );
    }
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("timings:"));
}

/// `runs-after`: the plugin's replay starts from the database its host's history leaves (its
/// tables and version table); a history that cannot be opened, or a setting that names the
/// project itself, is an error that names it, and the run goes on without it.
#[test]
fn runs_after_replays_the_host_first_and_says_what_it_cannot() {
    let project = corpus_dir().join("shared_database");
    driftlock()
        .args(["schema", "--format", "sql"])
        .arg(&project)
        .assert()
        .success()
        .stdout(predicate::str::contains("CREATE TABLE public.accounts"))
        .stdout(predicate::str::contains("CREATE TABLE public.alembic_version "))
        .stderr(predicate::str::contains(
            "[earlier-history] Advice: the replay starts from the database the history of `host` leaves",
        ));
    let dir = tempfile::tempdir().unwrap();
    for (setting, says) in [
        ("runs-after = [\"no-such-host\"]", "which cannot be opened"),
        ("runs-after = [\".\"]", "the setting forms a cycle"),
    ] {
        write(dir.path(), "driftlock.toml", setting.as_bytes());
        driftlock()
            .args(["schema", "--format", "sql", "--settings"])
            .arg(dir.path().join("driftlock.toml"))
            .arg(&project)
            .assert()
            .code(1)
            // The host's tables come from its models instead (`table-from-application`); its
            // version table only from its history.
            .stdout(predicate::str::contains("CREATE TABLE public.badges"))
            .stdout(predicate::str::contains("CREATE TABLE public.alembic_version ").not())
            .stderr(predicate::str::contains("[earlier-history] Error"))
            .stderr(predicate::str::contains(says));
    }
}

/// A `runs-after` entry with its own settings file (`{ path, settings }`): the earlier history
/// is replayed with them, as the host's own `driftlock.toml` would say (here the checkpoint a
/// new host database starts at); without them, with the defaults. A script directory without
/// `versions/` (a host's env.py for its plugins' histories) takes its revisions from
/// `version-locations`, and is an error without it.
#[test]
fn runs_after_entries_take_their_own_settings_and_plugin_script_directories_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let host = dir.path().join("host");
    copy_dir(&corpus_dir().join("checkpoint_start"), &host);
    std::fs::remove_file(host.join("driftlock.toml")).unwrap();
    write(dir.path(), "host.toml", b"baseline = \"5d1e8b2f7c40\"\n");
    // The plugin: env.py and its template, its revisions elsewhere.
    let scripts = dir.path().join("plugin/alembic");
    std::fs::create_dir_all(&scripts).unwrap();
    write(&scripts, "env.py", b"from alembic import context\n");
    write(&scripts, "script.py.mako", b"");
    write(
        &dir.path().join("plugin/revisions"),
        "a1_notes.py",
        b"import sqlalchemy as sa\nfrom alembic import op\n\nrevision = 'a1'\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table('notes', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('account_id', sa.Integer(), sa.ForeignKey('accounts.id')))\n\n\ndef downgrade():\n    op.drop_table('notes')\n",
    );
    let schema = |settings: &str| {
        write(dir.path(), "plugin.toml", settings.as_bytes());
        driftlock()
            .args(["schema", "--format", "sql", "--settings"])
            .arg(dir.path().join("plugin.toml"))
            .arg(&scripts)
            .output()
            .unwrap()
    };
    let revisions = format!(
        "version-locations = [\"{}\"]\n",
        dir.path().join("plugin/revisions").display()
    );
    let host_path = host.display().to_string();
    let with = schema(&format!(
        "{revisions}runs-after = [{{ path = \"{host_path}\", settings = \"{}\" }}]\n",
        dir.path().join("host.toml").display()
    ));
    let out = String::from_utf8_lossy(&with.stdout);
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    assert!(out.contains("CREATE TABLE public.notes"), "{out}");
    assert!(out.contains("name character varying(100)"), "{out}");
    assert!(!out.contains("legacy_code"), "{out}");
    // Without the host's settings, its whole history is replayed.
    let without = schema(&format!("{revisions}runs-after = [\"{host_path}\"]\n"));
    assert!(String::from_utf8_lossy(&without.stdout).contains("legacy_code"));
    // Without `version-locations`, the plugin's script directory has no revisions: an error.
    driftlock()
        .args(["history"])
        .arg(&scripts)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[missing-version-location] Error"));
}

/// An `include_object` whose answer cannot be known statically keeps the items it is asked
/// about (only a plain `False` leaves one out), and a warning at its definition says how many.
#[test]
fn an_include_object_that_cannot_be_decided_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "alembic.ini",
        b"[alembic]\nscript_location = %(here)s/migrations\nprepend_sys_path = .\n",
    );
    write(root, "migrations/versions/.keep", b"");
    write(
        root,
        "migrations/env.py",
        b"import socket\n\nfrom alembic import context\n\nfrom app.models import Base\n\ntarget_metadata = Base.metadata\n\n\ndef include_object(object, name, type_, reflected, compare_to):\n    return name != socket.gethostname()\n\n\ndef run_migrations_online():\n    context.configure(target_metadata=target_metadata, include_object=include_object)\n\n\nrun_migrations_online()\n",
    );
    write(
        root,
        "app/models.py",
        b"import sqlalchemy as sa\nfrom sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass Thing(Base):\n    __tablename__ = \"things\"\n    id = sa.Column(sa.Integer, primary_key=True)\n",
    );
    driftlock()
        .args(["drift", "--color", "never"])
        .arg(root)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("add_table"))
        .stderr(predicate::str::contains(
            "drift cannot tell statically what env.py's `include_object` answers for 1 of the items",
        ));
}
