//! `driftlock check`: every rule fires on the risky fixture and stays quiet on the safe one
//! (the same kinds of changes done the online way); formats, settings, suppressions and
//! `--since` through the command line.

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::driftlock;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

fn check_json(path: &Path, args: &[&str]) -> Value {
    let out = driftlock()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Where each diagnostic of `rule` points: its file and line.
fn places_of(doc: &Value, rule: &str) -> Vec<(String, u64)> {
    with_rule(doc, rule)
        .into_iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn rules_of(doc: &Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

fn all_rule_names() -> Vec<&'static str> {
    driftlock::rules::all()
        .iter()
        .map(|r| r.meta().name)
        .collect()
}

#[test]
fn every_rule_fires_on_the_risky_fixture() {
    let doc = check_json(&fixture("risky"), &["--select", "all"]);
    let fired = rules_of(&doc);
    // Two rules need settings the run below provides: an old server, a git history.
    let elsewhere = [
        "enum-value-added-in-transaction",
        "applied-revision-modified",
    ];
    let missing: Vec<&str> = all_rule_names()
        .into_iter()
        .filter(|r| !fired.iter().any(|f| f == r) && !elsewhere.contains(r))
        .collect();
    assert!(missing.is_empty(), "rules that never fired: {missing:?}");
    let old = check_json(&fixture("risky"), &["--pg-version", "11"]);
    assert!(rules_of(&old).contains(&"enum-value-added-in-transaction".to_string()));
    assert!(!rules_of(&doc).contains(&"enum-value-added-in-transaction".to_string()));
}

#[test]
fn risky_fixture_report_snapshot() {
    let out = driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("check_risky_json", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn safe_fixture_has_no_findings_on_a_modern_server() {
    let doc = check_json(&fixture("safe"), &[]);
    assert_eq!(rules_of(&doc), Vec::<String>::new());
    driftlock()
        .arg("check")
        .arg(fixture("safe"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("target PostgreSQL 16 (default)"))
        .stdout(predicate::str::contains("no problems found"));
    // On PostgreSQL 11 the validated CHECK does not spare SET NOT NULL its scan.
    let old = check_json(&fixture("safe"), &["--pg-version", "11"]);
    assert_eq!(rules_of(&old), vec!["set-not-null"]);
    assert_eq!(old["target"]["pg_version"], "11");
}

#[test]
fn suppressions_silence_their_rule_and_stale_ones_are_reported() {
    let doc = check_json(&fixture("risky"), &[]);
    let diags = doc["diagnostics"].as_array().unwrap();
    let at = |rule: &str| -> Vec<(String, u64)> {
        diags
            .iter()
            .filter(|d| d["rule"] == rule)
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // `op.drop_table("measurements")  # driftlock: ignore[drop-table] ...` is line 28.
    let drops = at("drop-table");
    assert_eq!(drops.len(), 1, "{drops:?}");
    assert!(!drops.iter().any(|(_, line)| *line == 28));
    assert_eq!(
        at("unused-suppression"),
        vec![("migrations/versions/0003_columns.py".to_string(), 29)]
    );
    // A suppression of a rule that is not selected is not stale.
    let only = check_json(&fixture("risky"), &["--select", "drop-column"]);
    assert!(!rules_of(&only).contains(&"unused-suppression".to_string()));
}

#[test]
fn select_and_ignore_filter_rules() {
    let doc = check_json(&fixture("risky"), &["--select", "index"]);
    let risk: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "risk")
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(!risk.is_empty());
    for r in &risk {
        let rule = driftlock::rules::find(r).unwrap();
        assert_eq!(rule.meta().category.as_str(), "index", "{r}");
    }
    let doc = check_json(&fixture("risky"), &["--ignore", "IDX001,drop-column"]);
    let rules = rules_of(&doc);
    assert!(!rules.contains(&"add-index-without-concurrently".to_string()));
    assert!(!rules.contains(&"drop-column".to_string()));
    driftlock()
        .args(["check", "--select", "no-such-rule"])
        .arg(fixture("risky"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`no-such-rule` is not a rule"));
}

#[test]
fn fail_on_sets_the_exit_code() {
    driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
    driftlock()
        .arg("check")
        .arg(fixture("safe"))
        .args(["--pg-version", "11", "--fail-on", "error"])
        .assert()
        .code(1);
    driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args(["--select", "drop-column", "--fail-on", "warning"])
        .assert()
        .code(1);
}

#[test]
fn sarif_and_github_carry_the_same_findings() {
    let doc = check_json(&fixture("risky"), &[]);
    let n = doc["diagnostics"].as_array().unwrap().len();
    let out = driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args(["--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), n);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert!(first["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("migrations/versions/"));
    let out = driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args(["--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), n);
    assert!(text.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
    assert!(text.contains("::error file=migrations/versions/0002_locks.py,line=15,col=5,"));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let run = || {
        driftlock()
            .arg("check")
            .arg(fixture("risky"))
            .args(["--format", "json", "--select", "all"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn configuration_is_read_and_unknown_keys_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("risky"), dir.path());
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.driftlock]\npg-version = \"11\"\nignore = [\"compatibility\"]\n\n[tool.driftlock.severity]\nmissing-lock-timeout = \"error\"\n",
    )
    .unwrap();
    let doc = check_json(dir.path(), &[]);
    let rules = rules_of(&doc);
    assert!(rules.contains(&"enum-value-added-in-transaction".to_string()));
    assert!(!rules.contains(&"drop-column".to_string()));
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-lock-timeout")
        .all(|d| d["severity"] == "error"));
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.driftlock]\npg-version = \"15\"\nselcet = [\"index\"]\n",
    )
    .unwrap();
    driftlock()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "pyproject.toml:3: unknown key `selcet`",
        ));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn since_reports_only_changed_revisions_and_modified_applied_ones() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("safe"), dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    // A new revision with a risky change, and an edit to an applied one.
    std::fs::write(
        dir.path().join("migrations/versions/0006_drop.py"),
        "\"\"\"drop\n\nRevision ID: 0006\nRevises: 0005\n\"\"\"\nfrom alembic import op\n\nrevision = \"0006\"\ndown_revision = \"0005\"\n\n\ndef upgrade():\n    op.execute(\"SET lock_timeout = '5s'\")\n    op.drop_column(\"users\", \"nickname\")\n\n\ndef downgrade():\n    raise NotImplementedError\n",
    )
    .unwrap();
    let applied = dir.path().join("migrations/versions/0002_online.py");
    let text = std::fs::read_to_string(&applied).unwrap();
    std::fs::write(&applied, text.replace("op.add_column(\"users\", sa.Column(\"nickname\", sa.Text))", "op.add_column(\"users\", sa.Column(\"nickname\", sa.Text))\n    op.create_index(\"ix_users_plan\", \"users\", [\"name\"])")).unwrap();
    let all = check_json(dir.path(), &[]);
    assert!(rules_of(&all).contains(&"add-index-without-concurrently".to_string()));
    let since = check_json(dir.path(), &["--since", "HEAD"]);
    let found: Vec<(String, String)> = since["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(found.contains(&(
        "drop-column".to_string(),
        "migrations/versions/0006_drop.py".to_string()
    )));
    assert!(found.contains(&(
        "applied-revision-modified".to_string(),
        "migrations/versions/0002_online.py".to_string()
    )));
    // The edited revision's own risk is reported too (it changed), the untouched ones' not.
    assert!(
        found
            .iter()
            .all(|(_, f)| f.ends_with("0006_drop.py") || f.ends_with("0002_online.py")),
        "{found:?}"
    );
    driftlock()
        .arg("check")
        .arg(dir.path())
        .args(["--since", "no-such-ref"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such commit"));
}

#[test]
fn rules_and_explain_document_every_rule() {
    let out = driftlock().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in driftlock::rules::all() {
        let m = rule.meta();
        assert!(text.contains(m.name), "{} missing from `rules`", m.name);
        let doc = m.doc();
        for section in [
            "## What it flags",
            "## Why it hurts",
            "## Example",
            "## Use instead",
        ] {
            assert!(doc.contains(section), "{}: no `{section}`", m.name);
        }
        assert!(
            m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            m.name
        );
    }
    let mut codes: Vec<&str> = driftlock::rules::all()
        .iter()
        .map(|r| r.meta().code)
        .collect();
    codes.dedup();
    assert_eq!(
        codes.len(),
        driftlock::rules::all().len(),
        "codes are unique"
    );
    driftlock()
        .args(["explain", "IDX001"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("add-index-without-concurrently"))
        .stdout(predicate::str::contains("## Use instead"));
    driftlock().args(["explain", "nope"]).assert().code(2);
}

/// `check` carries the drift `driftlock drift` finds, in report/1's `drift` and summary.
#[test]
fn check_reports_drift_against_the_models() {
    let project = common::corpus_dir().join("drift_app");
    let out = driftlock()
        .arg("drift")
        .arg(&project)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "drift exits 1 when there is drift"
    );
    let drift: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = drift["drift"].as_array().unwrap();
    assert!(!items.is_empty());
    let report = check_json(&project, &[]);
    assert_eq!(report["drift"].as_array().unwrap(), items);
    assert_eq!(report["summary"]["drift"], items.len());
    assert_eq!(
        report["project"]["models"],
        serde_json::json!(["lending/models.py"])
    );
    driftlock()
        .arg("check")
        .arg(&project)
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
    let md = driftlock()
        .arg("drift")
        .arg(&project)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("difference(s) between the migrations and the models"));
    assert!(md.contains("```mermaid\nerDiagram"));
    assert!(md.contains("[lending/models.py:"));
}

/// The diagnostics of `rule` in a report/1 document.
fn with_rule<'a>(doc: &'a Value, rule: &str) -> Vec<&'a Value> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

/// corpus/app_tables: the application creates `projects` and `runs` with
/// `InitialBase.metadata.create_all()` before it migrates; no revision creates them.
#[test]
fn tables_the_application_creates_are_replayed_from_its_create_all_metadata() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/app_tables");
    let doc = check_json(&corpus, &[]);
    let from_app = with_rule(&doc, "table-from-application");
    assert_eq!(from_app.len(), 2, "{from_app:?}");
    assert!(from_app.iter().all(|d| d["severity"] == "info"
        && d["file"] == "tracker/initial_models.py"
        && d["message"]
            .as_str()
            .unwrap()
            .contains("`InitialBase.metadata.create_all()`")));
    assert!(with_rule(&doc, "table-never-created").is_empty());
    // The tables exist before the history: an index on one of them is on an existing table.
    assert!(!with_rule(&doc, "add-index-without-concurrently").is_empty());

    // Turned off: the history alone, and its tables never created.
    let off = tempfile::tempdir().unwrap();
    copy_dir(&corpus, off.path());
    std::fs::write(
        off.path().join("pyproject.toml"),
        "[tool.driftlock]\napp-tables = false\n",
    )
    .unwrap();
    let doc = check_json(off.path(), &[]);
    assert!(with_rule(&doc, "table-from-application").is_empty());
    assert_eq!(with_rule(&doc, "table-never-created").len(), 2);

    // No `create_all()` in the application's code: the declared models as they are today
    // (the later revisions then find their columns already there, and say so).
    let models_only = tempfile::tempdir().unwrap();
    copy_dir(&corpus, models_only.path());
    std::fs::remove_file(models_only.path().join("tracker/db.py")).unwrap();
    let doc = check_json(models_only.path(), &[]);
    let from_models = with_rule(&doc, "table-from-application");
    assert_eq!(from_models.len(), 2, "{from_models:?}");
    assert!(from_models.iter().all(|d| d["file"] == "tracker/models.py"
        && d["message"]
            .as_str()
            .unwrap()
            .contains("as the models declare it today")));
    assert!(with_rule(&doc, "table-never-created").is_empty());
}

/// The tables of `driftlock schema` on `path`, by name.
fn schema_tables(path: &Path) -> Vec<Value> {
    let out = driftlock()
        .arg("schema")
        .arg(path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["tables"].as_array().unwrap().clone()
}

/// corpus/prebuilt_tables, with a third revision that creates a table the models do not
/// declare and adds a NOT NULL column to `loans`, and an application function that builds a
/// new database with `create_all()` and stamps the head (Alembic's cookbook recipe).
fn stamping_application() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&common::corpus_dir().join("prebuilt_tables"), dir.path());
    std::fs::write(
        dir.path()
            .join("migrations/versions/5b9e0c2d7a14_audit_and_fines.py"),
        "\"\"\"audit and fines\n\nRevision ID: 5b9e0c2d7a14\nRevises: 8d3e2b71c4a0\n\"\"\"\n\
         import sqlalchemy as sa\nfrom alembic import op\n\n\
         revision = \"5b9e0c2d7a14\"\ndown_revision = \"8d3e2b71c4a0\"\n\
         branch_labels = None\ndepends_on = None\n\n\n\
         def upgrade():\n    op.create_table(\"audit_log\", sa.Column(\"id\", sa.Integer(), \
         primary_key=True))\n    op.add_column(\"loans\", sa.Column(\"fine\", sa.Integer(), \
         nullable=False))\n\n\n\
         def downgrade():\n    op.drop_column(\"loans\", \"fine\")\n    \
         op.drop_table(\"audit_log\")\n",
    )
    .unwrap();
    let db = dir.path().join("shelf/db.py");
    let mut text = std::fs::read_to_string(&db).unwrap();
    text.push_str(
        "\n\ndef build_new(url):\n    engine = create_engine(url)\n    \
         Base.metadata.create_all(engine)\n    config = Config(\"alembic.ini\")\n    \
         command.stamp(config, \"head\")\n",
    );
    std::fs::write(&db, text).unwrap();
    dir
}

#[test]
fn an_application_that_stamps_new_databases_is_noticed() {
    let dir = stamping_application();
    let doc = check_json(dir.path(), &[]);
    let found = with_rule(&doc, "database-from-models");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "shelf/db.py");
    // At the stamp.
    assert_eq!(found[0]["line"], 29, "{:?}", found[0]);

    // Without the stamp, nothing is said.
    let plain = tempfile::tempdir().unwrap();
    copy_dir(&common::corpus_dir().join("prebuilt_tables"), plain.path());
    assert!(with_rule(&check_json(plain.path(), &[]), "database-from-models").is_empty());
}

#[test]
fn instead_of_history_gives_a_new_database_the_models_tables_and_still_checks_the_history() {
    let dir = stamping_application();
    let names = |tables: &[Value]| -> Vec<String> {
        tables
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    // Before the history: the models' tables, then the history's own table on top.
    assert!(names(&schema_tables(dir.path())).contains(&"audit_log".to_string()));

    std::fs::write(
        dir.path().join("driftlock.toml"),
        "app-tables = \"instead-of-history\"\n",
    )
    .unwrap();
    let tables = schema_tables(dir.path());
    assert_eq!(
        names(&tables),
        ["book_tags", "books", "loan_tags", "loans"],
        "a new database holds the models' tables only"
    );
    let loans = tables.iter().find(|t| t["name"] == "loans").unwrap();
    assert!(
        loans["columns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "fine"),
        "the models do not declare loans.fine"
    );
    let doc = check_json(dir.path(), &[]);
    let said = with_rule(&doc, "table-from-application");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0]["message"]
        .as_str()
        .unwrap()
        .contains("instead-of-history"));
    assert!(with_rule(&doc, "database-from-models").is_empty());
    // The history is still checked, as it upgrades a database that exists: the NOT NULL
    // column without a default on `loans`.
    let risky: Vec<&Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "migrations/versions/5b9e0c2d7a14_audit_and_fines.py")
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(!risky.is_empty(), "{:?}", doc["diagnostics"]);
}

#[test]
fn instead_of_history_with_no_model_read_takes_the_new_database_from_the_history() {
    let dir = stamping_application();
    std::fs::write(
        dir.path().join("driftlock.toml"),
        "app-tables = \"instead-of-history\"\n",
    )
    .unwrap();
    // The models declare no table any more.
    std::fs::write(
        dir.path().join("shelf/models.py"),
        "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    )
    .unwrap();
    let doc = check_json(dir.path(), &[]);
    let said: Vec<&Value> = with_rule(&doc, "table-from-application")
        .into_iter()
        .filter(|d| d["severity"] == "warning")
        .collect();
    assert_eq!(said.len(), 1, "{:?}", doc["diagnostics"]);
    assert!(said[0]["message"]
        .as_str()
        .unwrap()
        .contains("taken from the history"));
    // The history's head: audit_log is created by the third revision only.
    let names: Vec<String> = schema_tables(dir.path())
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"audit_log".to_string()), "{names:?}");
}

/// An `upgrade()` that ends in a `raise` is said where it raises (Alembic stops there), not
/// skipped in silence: corpus/runtime_names' third revision raises without the option its
/// migrate command sets on Alembic's Config; with `alembic-options`, it runs.
#[test]
fn an_upgrade_that_raises_is_said_and_alembic_options_reach_it() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/runtime_names");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&corpus, dir.path());
    let raises = |doc: &Value| places_of(doc, "upgrade-raises");
    assert_eq!(raises(&check_json(dir.path(), &[])), vec![]);
    let settings = dir.path().join("driftlock.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("alembic-options"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text, "corpus/runtime_names sets alembic-options");
    std::fs::write(&settings, without).unwrap();
    assert_eq!(
        raises(&check_json(dir.path(), &[])),
        vec![(
            "migrations/versions/0d5f8a2c6e19_depot_archive.py".to_string(),
            24
        )]
    );
}

/// A revision whose `upgrade()`/`downgrade()` takes no parameter for a keyword env.py passes
/// to every revision (`run_migrations(prefix=prefix)`) is an error where it is defined:
/// Alembic's call fails. corpus/factory_models' revisions take it; a copy whose second
/// revision's `upgrade()` does not, and whose `downgrade()` takes `**kwargs`, is said once;
/// the first revision's `downgrade()`, made to refuse to run, is not.
#[test]
fn an_entry_point_without_the_parameters_env_py_passes_is_said() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/factory_models");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&corpus, dir.path());
    let rejected = |doc: &Value| places_of(doc, "entry-rejects-arguments");
    assert_eq!(rejected(&check_json(dir.path(), &[])), vec![]);
    let file = "migrations/versions/e8a41b6c2f35_steps_and_job_state.py";
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text
        .replace(
            "def upgrade(prefix: str = \"jk_\") -> None:",
            "def upgrade() -> None:\n    prefix = \"jk_\"",
        )
        .replace(
            "def downgrade(prefix: str = \"jk_\") -> None:",
            "def downgrade(**kwargs) -> None:\n    prefix = kwargs[\"prefix\"]",
        );
    assert_ne!(changed, text);
    std::fs::write(&path, changed).unwrap();
    // A downgrade that refuses to run anyway is not said.
    let first = dir.path().join("migrations/versions/5c2d8e1f7a90_jobs.py");
    let text = std::fs::read_to_string(&first).unwrap();
    let refusing = text.replace(
        "def downgrade(prefix: str = \"jk_\") -> None:\n    op.drop_table(f\"{prefix}jobs\")",
        "def downgrade() -> None:\n    raise NotImplementedError(\"no way back\")",
    );
    assert_ne!(refusing, text);
    std::fs::write(&first, refusing).unwrap();
    let doc = check_json(dir.path(), &[]);
    assert_eq!(rejected(&doc), vec![(file.to_string(), 20)]);
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"] == "entry-rejects-arguments"
            && d["message"]
                .as_str()
                .unwrap_or_default()
                .contains("`prefix`")));
}

/// A name of `define` no code reads (misspelt) is said, once per table of values; the names
/// corpus/runtime_names' code reads are not.
#[test]
fn a_define_no_code_reads_is_said() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/runtime_names");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&corpus, dir.path());
    let unread = |doc: &Value| -> Vec<String> {
        with_rule(doc, "define-unread")
            .into_iter()
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(unread(&check_json(dir.path(), &[])), Vec::<String>::new());
    let settings = dir.path().join("driftlock.toml");
    let mut text = std::fs::read_to_string(&settings).unwrap();
    assert!(
        text.trim_end().ends_with('}'),
        "corpus/runtime_names ends with [define]"
    );
    text.push_str(
        "\"sitekit.runtime.curent_site\" = { name = \"south\", schema = \"site_south\" }\n",
    );
    std::fs::write(&settings, text).unwrap();
    let said = unread(&check_json(dir.path(), &[]));
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("`sitekit.runtime.curent_site`"),
        "{said:?}"
    );
}

/// The running application's configuration (`current_app.config`) is known only through
/// `define`: without it, each `if` that reads an item says so and how to give it; with it
/// (corpus/flask_factory's driftlock.toml), the `if`s are decided.
#[test]
fn the_application_configuration_comes_from_define() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/flask_factory");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&corpus, dir.path());
    let undecided = |doc: &Value| -> Vec<(String, u64)> {
        with_rule(doc, "unanalyzable-code")
            .into_iter()
            .map(|d| {
                (
                    d["message"].as_str().unwrap_or_default().to_string(),
                    d["line"].as_u64().unwrap_or_default(),
                )
            })
            .collect()
    };
    assert_eq!(undecided(&check_json(dir.path(), &[])), vec![]);
    std::fs::remove_file(dir.path().join("driftlock.toml")).unwrap();
    let said = undecided(&check_json(dir.path(), &[]));
    let lines: Vec<u64> = said.iter().map(|(_, line)| *line).collect();
    assert_eq!(lines, vec![23, 26, 31, 33], "{said:?}");
    assert!(
        said[0].0.contains(
            "`flask.current_app.config[\"STORE_NOTE_ARCHIVING\"]` is the running application's configuration (`[define] \"flask.current_app.config.STORE_NOTE_ARCHIVING\" = ...` gives it)"
        ),
        "{said:?}"
    );
}
