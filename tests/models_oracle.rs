//! The oracle for `driftlock models` and `driftlock drift`: real SQLAlchemy and Alembic run
//! on a real PostgreSQL for every corpus project with models.
//!
//! - `driftlock models PATH --format json` must equal, fact by fact, what
//!   `metadata.create_all()` of env.py's `target_metadata` builds on a fresh database
//!   (`tests/oracle/create_all.py`, dumped as `schema/1`).
//! - `driftlock drift PATH --format json` must report the same items, compared on
//!   (schema, kind, table, column, name), as Alembic's `compare_metadata` after `alembic upgrade
//!   heads` (`tests/oracle/compare_metadata.py --check-constraints`: `compare_type` and
//!   `compare_server_default` on, the named-check plugin on, the rest of env.py's
//!   `context.configure()` options kept), except the Alembic noise listed in [`ALEMBIC_NOISE`]
//!   (which driftlock must not report) and the differences Alembic does not compare, listed in
//!   [`DRIFTLOCK_ONLY`] (which driftlock must report).
//!
//! Projects whose env.py has `target_metadata = None` are skipped explicitly (the scripts exit
//! with [`NO_MODELS`]); the set of them is checked too.
//!
//! Needs `DRIFTLOCK_ORACLE_PYTHON` and `DRIFTLOCK_PG_URL` (`scripts/test.sh` provides both);
//! under CI their absence is a failure, not a skip.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use common::{differences, oracle};

/// The exit status of create_all.py / compare_metadata.py for a project without models.
const NO_MODELS: i32 = 3;

/// The corpus projects without models (env.py passes `target_metadata=None`).
const WITHOUT_MODELS: &[&str] = &[
    "catalog_queries",
    "dependent_heads",
    "dialect_folders",
    "env_schema",
    "pg_structures",
    "raw_sql",
    "reflected_tables",
    "release_folders",
    "search_path",
    "sql_files",
    "sql_objects",
    "sqlalchemy_ddl",
];

/// An item of a drift report, as compared: (schema outside `public`, kind, table, column, name).
type Key = (
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// One drift item named by project, kind, table, column and name (`None`: JSON null).
struct Item {
    project: &'static str,
    kind: &'static str,
    table: &'static str,
    column: Option<&'static str>,
    name: Option<&'static str>,
    reason: &'static str,
}

impl Item {
    fn key(&self) -> Key {
        (
            None,
            self.kind.to_string(),
            self.table.to_string(),
            self.column.map(str::to_string),
            self.name.map(str::to_string),
        )
    }
}

/// What Alembic reports and driftlock deliberately does not: differences of spelling only, and
/// Alembic's false positives. Each one must still be in the oracle's report (so the list
/// stays true), and driftlock must not report it.
const ALEMBIC_NOISE: &[Item] = &[
    Item {
        project: "types_defaults",
        kind: "modify_type",
        table: "readings",
        column: Some("pressure"),
        name: None,
        reason: "REAL() (reflected) vs Float(precision=24): both are `real` in PostgreSQL; \
                 Alembic compares the compiled words REAL and FLOAT",
    },
    Item {
        project: "ops_catalog",
        kind: "remove_constraint",
        table: "members",
        column: None,
        name: Some("members_age_check"),
        reason: "an unnamed model CHECK: Alembic's checkconstraint_byname cannot match it with \
                 the name PostgreSQL gave it and reports its removal (alembic#1859)",
    },
    Item {
        project: "ops_catalog",
        kind: "remove_constraint",
        table: "members",
        column: None,
        name: Some("members_age_check1"),
        reason: "unnamed model CHECK, as members_age_check",
    },
    Item {
        project: "ops_catalog",
        kind: "remove_constraint",
        table: "rooms",
        column: None,
        name: Some("rooms_capacity_check"),
        reason: "unnamed model CHECK, as members_age_check",
    },
    Item {
        project: "ops_catalog",
        kind: "remove_constraint",
        table: "rooms",
        column: None,
        name: Some("rooms_check"),
        reason: "unnamed model CHECK, as members_age_check",
    },
    Item {
        project: "ops_catalog",
        kind: "remove_constraint",
        table: "rooms",
        column: None,
        name: Some("rooms_check1"),
        reason: "unnamed model CHECK, as members_age_check",
    },
];

/// Differences driftlock reports and Alembic does not compare at all (enum labels, check
/// expressions, primary keys). How driftlock spells some of them is not fixed by the spec yet,
/// so each is matched loosely: an item of each of `kinds`, on `table` (any table when `None`),
/// whose table, column, name and detail together mention every string of `mentions`. Every
/// driftlock item the oracle does not have must be one of these.
struct Extra {
    project: &'static str,
    kinds: &'static [&'static str],
    table: Option<&'static str>,
    mentions: &'static [&'static str],
    reason: &'static str,
}

const DRIFTLOCK_ONLY: &[Extra] = &[
    Extra {
        project: "drift_app",
        kinds: &["add_enum_value"],
        table: None,
        mentions: &["loan_status", "lost"],
        reason: "the model's enum loan_status has the label 'lost', the migrations' does not; \
                 Alembic compares enum names only",
    },
    Extra {
        project: "drift_app",
        kinds: &["remove_constraint", "add_constraint"],
        table: Some("loans"),
        mentions: &["ck_loans_renewals"],
        reason: "same check name, another expression (renewals >= 0 vs renewals >= 0 AND \
                 renewals <= 3); Alembic compares checks by name only",
    },
    Extra {
        project: "drift_app",
        kinds: &["remove_constraint", "add_constraint"],
        table: Some("book_tags"),
        mentions: &["book_tags_pkey"],
        reason: "primary key (book_id) in the migrations, (book_id, tag) in the model; Alembic \
                 does not compare primary keys",
    },
    Extra {
        project: "autogen_kinds",
        kinds: &["add_enum_value"],
        table: None,
        mentions: &["stage", "scheduled"],
        reason: "a label the models add to an enum; Alembic compares enum names only",
    },
    Extra {
        project: "autogen_kinds",
        kinds: &["remove_enum_value"],
        table: None,
        mentions: &["medium", "tape"],
        reason: "a label the models drop from an enum; Alembic compares enum names only",
    },
    Extra {
        project: "autogen_kinds",
        kinds: &["remove_constraint", "add_constraint"],
        table: Some("albums"),
        mentions: &["ck_albums_price"],
        reason: "same check name, another expression (price >= 0 vs price > 0); Alembic \
                 compares checks by name only",
    },
    Extra {
        project: "autogen_kinds",
        kinds: &["remove_constraint", "add_constraint"],
        table: Some("album_credits"),
        mentions: &["album_credits_pkey"],
        reason: "primary key (album_id, artist_id) in the migrations, (album_id, artist_id, \
                 role) in the model; Alembic does not compare primary keys",
    },
];

/// A drift item written down: (schema, kind, table, column, name).
type KeyStr = (
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// What `compare_metadata.py` reports for corpus/drift_app (corpus/drift_app/README.md).
const DRIFT_APP_ALEMBIC: &[KeyStr] = &[
    (None, "modify_type", "authors", Some("name"), None),
    (
        None,
        "add_constraint",
        "books",
        None,
        Some("books_isbn_key"),
    ),
    (
        None,
        "add_constraint",
        "books",
        None,
        Some("ck_books_price_nonnegative"),
    ),
    (None, "add_fk", "books", None, Some("books_author_id_fkey")),
    (None, "modify_comment", "books", Some("title"), None),
    (None, "modify_nullable", "books", Some("title"), None),
    (None, "modify_type", "books", Some("stock"), None),
    (None, "add_table", "imprints", None, None),
    (
        Some("archive"),
        "add_column",
        "loan_history",
        Some("note"),
        None,
    ),
    (None, "add_fk", "loans", None, Some("loans_book_id_fkey")),
    (None, "add_index", "loans", None, Some("ix_loans_due_at")),
    (None, "modify_type", "loans", Some("borrowed_at"), None),
    (None, "remove_fk", "loans", None, Some("loans_book_id_fkey")),
    (None, "add_column", "members", Some("phone"), None),
    (
        None,
        "add_constraint",
        "members",
        None,
        Some("uq_members_email"),
    ),
    (None, "modify_comment", "members", None, None),
    (None, "modify_default", "members", Some("status"), None),
    (None, "remove_column", "members", Some("fax"), None),
    (
        None,
        "remove_constraint",
        "members",
        None,
        Some("members_email_key"),
    ),
    (
        None,
        "remove_index",
        "members",
        None,
        Some("ix_members_created_at"),
    ),
    (None, "remove_table", "publishers", None, None),
    (
        None,
        "add_index",
        "reviews",
        None,
        Some("ix_reviews_book_id"),
    ),
    (None, "add_table", "reviews", None, None),
];

/// Runs an oracle script on a project: `Some(JSON)`, or `None` when the project has no
/// models (exit status [`NO_MODELS`]).
fn run_script(
    python: &Path,
    url: &str,
    script: &str,
    project: &Path,
    extra: &[&str],
) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let out = Command::new(python)
        .arg(&script)
        .args(extra)
        .arg(project)
        .arg(url)
        .output()
        .expect("python runs");
    if out.status.code() == Some(NO_MODELS) {
        return None;
    }
    assert!(
        out.status.success(),
        "{}: {} failed:\n{}",
        project.display(),
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("the oracle prints JSON"))
}

/// `driftlock SUBCOMMAND PATH --format json`, parsed. Exit 0 (nothing found) and 1 (findings)
/// are fine; anything else (2: fatal, or a subcommand that does not exist) fails the test.
fn driftlock_json(subcommand: &str, project: &Path) -> Value {
    let out = common::driftlock()
        .arg(subcommand)
        .arg(project)
        .args(["--format", "json"])
        .output()
        .expect("driftlock runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "driftlock {subcommand} {} exited with {:?}:\n{}",
        project.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "driftlock {subcommand} {}: not JSON ({e}):\n{}",
            project.display(),
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn opt_str(item: &Value, key: &str, context: &str) -> Option<String> {
    match &item[key] {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => panic!(
            "{context}: drift item's \"{key}\" is {other}, not a string or null (the spec's item \
             shows \"column\" twice, as the column name and as the source position: the column \
             name must win): {item}"
        ),
    }
}

/// The comparable key of a drift item; the schema is `None` for `public` or when absent.
fn key_of(item: &Value, context: &str) -> Key {
    let schema = opt_str(item, "schema", context).filter(|s| s != "public");
    let kind = opt_str(item, "kind", context).expect("an item has a kind");
    let table = opt_str(item, "table", context).expect("an item has a table");
    (
        schema,
        kind,
        table,
        opt_str(item, "column", context),
        opt_str(item, "name", context),
    )
}

fn show(key: &Key) -> String {
    let (schema, kind, table, column, name) = key;
    let table = match schema {
        Some(s) => format!("{s}.{table}"),
        None => table.clone(),
    };
    let mut out = format!("{kind} {table}");
    if let Some(c) = column {
        out.push_str(&format!(".{c}"));
    }
    if let Some(n) = name {
        out.push_str(&format!(" / {n}"));
    }
    out
}

fn items(doc: &Value, context: &str) -> Vec<Value> {
    assert_eq!(doc["format"], "drift/1", "{context}: format");
    doc["drift"]
        .as_array()
        .unwrap_or_else(|| panic!("{context}: no drift array"))
        .clone()
}

/// Does `item` count towards `extra`, and with which of its kinds?
fn explains(extra: &Extra, item: &Value) -> bool {
    let kind = item["kind"].as_str().unwrap_or_default();
    if !extra.kinds.contains(&kind) {
        return false;
    }
    if let Some(table) = extra.table {
        if item["table"].as_str() != Some(table) {
            return false;
        }
    }
    let text: String = ["table", "column", "name", "detail"]
        .iter()
        .filter_map(|k| item[*k].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    extra.mentions.iter().all(|m| text.contains(m))
}

#[test]
fn models_equal_create_all() {
    let Some((python, url)) = oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL are not set (scripts/test.sh sets them)");
        return;
    };
    let mut report = Vec::new();
    let mut without_models = Vec::new();
    let mut compared = 0;
    for (name, path) in &common::corpus_projects() {
        if name == "broken" {
            continue;
        }
        let Some(postgres) = run_script(&python, &url, "create_all.py", path, &[]) else {
            without_models.push(name.clone());
            continue;
        };
        let ours = driftlock_json("models", path);
        let diff = differences(&postgres, &ours);
        if !diff.is_empty() {
            report.push(format!(
                "{name} (- create_all, + driftlock models):\n{}",
                diff.join("\n")
            ));
        }
        compared += 1;
    }
    assert_eq!(
        without_models, WITHOUT_MODELS,
        "the corpus projects without models"
    );
    assert!(compared >= 11, "projects with models compared: {compared}");
    assert!(
        report.is_empty(),
        "driftlock models differs from metadata.create_all():\n\n{}",
        report.join("\n\n")
    );
}

#[test]
fn drift_equals_compare_metadata() {
    let Some((python, url)) = oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL are not set (scripts/test.sh sets them)");
        return;
    };
    let mut report = Vec::new();
    let mut without_models = Vec::new();
    let mut compared = 0;
    for (name, path) in &common::corpus_projects() {
        if name == "broken" {
            continue;
        }
        let Some(alembic) = run_script(
            &python,
            &url,
            "compare_metadata.py",
            path,
            &["--check-constraints"],
        ) else {
            without_models.push(name.clone());
            continue;
        };
        let context = format!("{name}, compare_metadata.py");
        let mut expected: BTreeSet<Key> = items(&alembic, &context)
            .iter()
            .map(|i| key_of(i, &context))
            .collect();
        for noise in ALEMBIC_NOISE.iter().filter(|n| n.project == name) {
            if !expected.remove(&noise.key()) {
                report.push(format!(
                    "{name}: ALEMBIC_NOISE lists {} ({}), but Alembic no longer reports it",
                    show(&noise.key()),
                    noise.reason
                ));
            }
        }

        let context = format!("{name}, driftlock drift");
        let ours = items(&driftlock_json("drift", path), &context);
        let mut extras_seen = vec![BTreeSet::new(); DRIFTLOCK_ONLY.len()];
        let mut actual = BTreeSet::new();
        for item in &ours {
            let key = key_of(item, &context);
            if let Some(noise) = ALEMBIC_NOISE
                .iter()
                .find(|n| n.project == name && n.key() == key)
            {
                report.push(format!(
                    "{name}: driftlock reports {}, Alembic noise it should drop: {}",
                    show(&key),
                    noise.reason
                ));
                continue;
            }
            if expected.contains(&key) {
                actual.insert(key);
                continue;
            }
            let mut explained = false;
            for (i, extra) in DRIFTLOCK_ONLY.iter().enumerate() {
                if extra.project == name && explains(extra, item) {
                    extras_seen[i].insert(key.1.clone());
                    explained = true;
                }
            }
            if !explained {
                report.push(format!(
                    "{name}: driftlock reports {}, Alembic does not: {item}",
                    show(&key)
                ));
            }
        }
        for key in expected.difference(&actual) {
            report.push(format!(
                "{name}: Alembic reports {}, driftlock does not",
                show(key)
            ));
        }
        for (extra, seen) in DRIFTLOCK_ONLY.iter().zip(&extras_seen) {
            if extra.project != name {
                continue;
            }
            for kind in extra.kinds {
                if !seen.contains(*kind) {
                    report.push(format!(
                        "{name}: driftlock should report {kind} on {} mentioning {:?}: {}",
                        extra.table.unwrap_or("any table"),
                        extra.mentions,
                        extra.reason
                    ));
                }
            }
        }
        compared += 1;
    }
    assert_eq!(
        without_models, WITHOUT_MODELS,
        "the corpus projects without models"
    );
    assert!(compared >= 11, "projects with models compared: {compared}");
    assert!(
        report.is_empty(),
        "driftlock drift differs from Alembic's compare_metadata:\n\n{}",
        report.join("\n")
    );
}

/// The oracle side alone: real compare_metadata on corpus/drift_app reports exactly the items
/// its README lists (so the corpus documentation stays true whatever driftlock does).
#[test]
fn drift_app_oracle_reports_the_documented_items() {
    let Some((python, url)) = oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL are not set (scripts/test.sh sets them)");
        return;
    };
    let path = common::corpus_dir().join("drift_app");
    let alembic = run_script(
        &python,
        &url,
        "compare_metadata.py",
        &path,
        &["--check-constraints"],
    )
    .expect("drift_app has models");
    let context = "drift_app, compare_metadata.py";
    let got: Vec<Key> = items(&alembic, context)
        .iter()
        .map(|i| key_of(i, context))
        .collect();
    let want: Vec<Key> = DRIFT_APP_ALEMBIC
        .iter()
        .map(|(schema, kind, table, column, name)| {
            (
                schema.map(str::to_string),
                kind.to_string(),
                table.to_string(),
                column.map(str::to_string),
                name.map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        got, want,
        "compare_metadata on drift_app (in drift/1 order); raw: {:#}",
        alembic["alembic_raw"]
    );
}
