//! The oracle of `revision --autogenerate`: for every corpus project with drift, the revision
//! driftlock writes (into a temporary copy of the project, never into corpus/), plain and
//! `--safe`, is run by real Alembic on PostgreSQL after the history: Alembic's
//! `compare_metadata` then has nothing to report (but what driftlock says it left, and why),
//! and the revision's downgrade gives back the schema the history had built (column order
//! aside: a column dropped and added again comes last, as it does with Alembic's own
//! downgrades). driftlock's own self-check says the same, and with `--safe`, `driftlock check`
//! finds nothing above info in the new file. Skipped without `DRIFTLOCK_ORACLE_PYTHON` and
//! `DRIFTLOCK_PG_URL` (required under CI).

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Items driftlock leaves on purpose, by project: (kind, table).
const LEFT_ON_PURPOSE: &[(&str, &str, &str)] = &[
    // The host application's version table: its history runs first on the same database.
    ("shared_database", "remove_table", "alembic_version"),
    // The audit log's table and its index, which the application creates again at every
    // start (`app-tables = "before-history"`) outside env.py's metadata: Alembic proposes to
    // drop them, the revision says why it does not.
    ("prebuilt_tables", "remove_table", "audit_events"),
    ("prebuilt_tables", "remove_index", "audit_events"),
];

fn script(python: &Path, name: &str, args: &[&str]) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(name);
    let out = Command::new(python)
        .arg(&path)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{name} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the oracle prints JSON")
}

/// The corpus projects whose models differ from their migrations.
fn projects_with_drift() -> Vec<(String, PathBuf)> {
    common::corpus_projects()
        .into_iter()
        .filter(|(_, path)| {
            common::driftlock()
                .args(["drift", "--format", "json"])
                .arg(path)
                .output()
                .unwrap()
                .status
                .code()
                == Some(1)
        })
        .collect()
}

/// Writes the revision into `project` and returns (its path, its `down_revision`, what the
/// command said on standard error).
fn write_revision(project: &Path, extra: &[&str]) -> (PathBuf, Option<String>, String) {
    let out = common::driftlock()
        .args(["revision", "--autogenerate", "-m", "sync models"])
        .args(["--rev-id", "0a1b2c3d4e5f", "--date", "2026-01-02 03:04:05"])
        .args(extra)
        .arg(project)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}: {}",
        project.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let text = std::fs::read_to_string(&path).unwrap();
    let parent = text
        .lines()
        .find(|l| l.starts_with("down_revision"))
        .unwrap_or_else(|| panic!("{}: no down_revision:\n{text}", path.display()))
        .split('\'')
        .nth(1)
        .map(str::to_string);
    (path, parent, String::from_utf8(out.stderr).unwrap())
}

/// `driftlock check` on the project with the new revision: its findings above info in `file`.
fn findings_in(project: &Path, file: &Path) -> Vec<Value> {
    let out = common::driftlock()
        .args(["check", "--format", "json"])
        .arg(project)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: check is not JSON ({e}): {out:?}", project.display()));
    let relative = file
        .strip_prefix(project)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == relative.as_str() && d["severity"] != "info")
        .cloned()
        .collect()
}

/// A schema/1 document with each table's columns by name.
fn columns_by_name(mut schema: Value) -> Value {
    if let Some(tables) = schema["tables"].as_array_mut() {
        for t in tables {
            if let Some(cols) = t["columns"].as_array_mut() {
                cols.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
            }
        }
    }
    schema
}

/// The revision of `name` (with `extra` arguments) passes the oracle.
fn check_project(python: &Path, url: &str, name: &str, source: &Path, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join(name);
    copy_dir(source, &project);
    let (path, parent, said) = write_revision(&project, extra);
    assert!(
        said.contains("with the new revision, the migrations match the models"),
        "{name} {extra:?}: {said}"
    );
    if extra.contains(&"--safe") {
        assert!(
            said.contains("finds nothing above info in the new revision"),
            "{name}: {said}"
        );
        let findings = findings_in(&project, &path);
        assert!(
            findings.is_empty(),
            "{name}: check on the --safe revision: {findings:#?}\n{}",
            std::fs::read_to_string(&path).unwrap()
        );
    }
    let p = project.to_str().unwrap();
    let compared = script(
        python,
        "compare_metadata.py",
        &["--check-constraints", p, url],
    );
    let left: Vec<&Value> = compared["drift"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            !LEFT_ON_PURPOSE.iter().any(|(project, kind, table)| {
                *project == name && i["kind"] == *kind && i["table"] == *table
            })
        })
        .collect();
    assert!(
        left.is_empty(),
        "{name} {extra:?}: after {}, compare_metadata reports {left:#?}\n{}",
        path.display(),
        std::fs::read_to_string(&path).unwrap()
    );
    // ruff's default rules, less the three that flag the template's own header (Alembic's
    // generic template imports `Sequence`/`Union` from `typing`, unsorted, for `Union[...]`
    // annotations): I001, UP035, UP007; and the header's `import sqlalchemy as sa` when no
    // operation uses it (the template always writes it, as Alembic's autogenerate does). The
    // operations driftlock writes pass every one.
    let ruff = Command::new(python)
        .args(["-m", "ruff", "check", "--isolated", "--no-cache"])
        .args(["--ignore", "I001,UP035,UP007", "--output-format", "json"])
        .arg(&path)
        .output()
        .expect("python runs");
    let reported: Vec<Value> = serde_json::from_slice(&ruff.stdout).unwrap_or_else(|_| {
        panic!(
            "{name}: ruff check {}: {}",
            path.display(),
            String::from_utf8_lossy(&ruff.stderr)
        )
    });
    let problems: Vec<&Value> = reported
        .iter()
        .filter(|m| !(m["code"] == "F401" && m["message"] == "`sqlalchemy` imported but unused"))
        .collect();
    assert!(
        problems.is_empty(),
        "{name}: ruff check {}:\n{problems:#?}",
        path.display(),
    );
    let parent = parent.unwrap_or_else(|| panic!("{name}: the revision has no parent"));
    let up = format!("up:{parent}");
    let down = format!("down:{parent}");
    let version_table = common::qualified_version_table(source);
    let steps = script(
        python,
        "migrate.py",
        &[
            p,
            url,
            &up,
            "up:heads",
            &down,
            "--version-table",
            &version_table,
        ],
    );
    let steps = steps["steps"].as_array().unwrap();
    assert_eq!(steps[1]["current"], serde_json::json!(["0a1b2c3d4e5f"]));
    assert_eq!(steps[2]["current"], steps[0]["current"]);
    assert!(
        columns_by_name(steps[2]["schema"].clone()) == columns_by_name(steps[0]["schema"].clone()),
        "{name} {extra:?}: the downgrade of {} does not give back the schema",
        path.display()
    );
}

#[test]
fn generated_revisions_leave_compare_metadata_empty_and_downgrade() {
    let Some((python, url)) = common::oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL not set");
        return;
    };
    let projects = projects_with_drift();
    assert!(projects.iter().any(|(n, _)| n == "autogen_kinds"));
    for (name, path) in projects {
        check_project(&python, &url, &name, &path, &[]);
        check_project(&python, &url, &name, &path, &["--safe"]);
    }
}

/// Items Alembic reports after a revision written from an empty history, by project:
/// (kind, table, column, why).
const FROM_NOTHING_LEFT: &[(&str, &str, &str, &str)] = &[
    (
        "types_defaults",
        "modify_type",
        "pressure",
        "Alembic compares the words REAL and FLOAT(24), which are one type (tests/oracle/README.md)",
    ),
    (
        "types_defaults",
        "modify_default",
        "id",
        "identity options (START) are not in driftlock's schema: `sa.Identity(always=True)` only",
    ),
];

/// The corpus projects whose whole schema the models declare, and nothing else builds (no
/// tables the application or an earlier history makes, no models the revisions import).
const FROM_NOTHING: &[&str] = &[
    "autogen_kinds",
    "batch_naming",
    "drift_app",
    "env_convention",
    "event_models",
    "flask_app",
    "flask_plugins",
    "helpers_guards",
    "json_models",
    "library_types",
    "merge",
    "mixin_models",
    "pyproject_app",
    "reexported_base",
    "registry_models",
    "schemas",
    "shop",
    "types_defaults",
    "versioned_models",
];

/// Every model of a project written from nothing (its revision files taken away): types,
/// defaults, keys, indexes, enum types, schemas and extensions as Alembic reads them back;
/// its downgrade leaves no table.
#[test]
fn revisions_written_from_an_empty_history_build_the_models() {
    let Some((python, url)) = common::oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL not set");
        return;
    };
    for name in FROM_NOTHING {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join(name);
        copy_dir(&common::corpus_dir().join(name), &project);
        remove_revisions(&project);
        let (path, parent, said) = write_revision(&project, &[]);
        assert_eq!(parent, None, "{name}");
        assert!(
            said.contains("the migrations match the models"),
            "{name}: {said}"
        );
        let p = project.to_str().unwrap();
        let compared = script(
            &python,
            "compare_metadata.py",
            &["--check-constraints", p, &url],
        );
        let left: Vec<&Value> = compared["drift"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| {
                !FROM_NOTHING_LEFT.iter().any(|(project, kind, column, _)| {
                    project == name && i["kind"] == *kind && i["column"] == *column
                })
            })
            .collect();
        assert!(
            left.is_empty(),
            "{name}: after {}, compare_metadata reports {left:#?}\n{}",
            path.display(),
            std::fs::read_to_string(&path).unwrap()
        );
        let steps = script(&python, "migrate.py", &[p, &url, "up:heads", "down:base"]);
        let after = &steps["steps"][1]["schema"];
        assert_eq!(after["tables"], serde_json::json!([]), "{name}: {after}");
    }
}

/// Takes every revision file out of a project's version folders.
fn remove_revisions(project: &Path) {
    let mut stack = vec![project.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "py")
                && p.parent()
                    .is_some_and(|f| f.components().any(|c| c.as_os_str() == "versions"))
            {
                std::fs::remove_file(&p).unwrap();
            }
        }
    }
}
