//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Copies the folder `from` into `to` (made if missing), Python's bytecode caches aside.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "__pycache__" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Every project in `corpus/` (a directory per project), sorted by name.
pub fn corpus_projects() -> Vec<(String, PathBuf)> {
    let mut projects: Vec<(String, PathBuf)> = std::fs::read_dir(corpus_dir())
        .expect("corpus/ exists")
        .map(|e| e.expect("readable corpus entry").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    projects.sort();
    assert!(
        projects.len() >= 6,
        "the corpus lost projects: {projects:?}"
    );
    projects
}

/// The corpus project at `path` opened as the CLI opens it (its own settings included).
pub fn workspace(path: &Path) -> driftlock::workspace::Workspace {
    driftlock::workspace::Workspace::open(path, &Default::default(), None, &[])
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Discovers the corpus project at `path` and analyses it, replaying its history with
/// `options`.
pub fn replay(
    path: &Path,
    options: driftlock::replay::ReplayOptions,
) -> driftlock::analysis::Analysis {
    let ws = workspace(path);
    // The project's own settings say what its application creates besides the history,
    // which histories run first on its database, and where a new database starts.
    let options = driftlock::replay::ReplayOptions {
        app_tables: ws.settings.app_tables,
        base: driftlock::earlier::base(&ws),
        baseline: ws.settings.baseline.clone(),
        ..options
    };
    driftlock::analysis::analyze_with(ws.project, Some(options))
}

/// What the database holds before the project's first revision: nothing, or what the
/// histories its `runs-after` names leave.
pub fn start_schema(path: &Path) -> driftlock::schema::Schema {
    driftlock::earlier::base(&workspace(path))
        .map(|b| b.schema.clone())
        .unwrap_or_default()
}

/// The project's own version table: `version_table=` of its env.py, else Alembic's.
pub fn version_table(path: &Path) -> String {
    workspace(path).env.version_table_name()
}

/// The project's own version table as the oracle scripts look it up: `schema.name` when
/// env.py puts it in a schema (`version_table_schema=`).
pub fn qualified_version_table(path: &Path) -> String {
    let env = workspace(path).env;
    match &env.version_table_schema {
        Some(Some(schema)) => format!("{schema}.{}", env.version_table_name()),
        _ => env.version_table_name(),
    }
}

/// The `driftlock` binary with a clean environment, so colour and locale settings of the
/// machine running the tests do not leak in.
pub fn driftlock() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("driftlock").expect("binary builds");
    cmd.env_clear();
    // The virtualenv the suite runs in (scripts/test.sh: the oracle's), where driftlock reads
    // installed libraries from, as in a user's CI.
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        cmd.env("VIRTUAL_ENV", venv);
    }
    cmd
}

// The oracle: real Alembic and PostgreSQL (tests/oracle/*.py), and the comparison of schema/1
// documents fact by fact (tests/replay_oracle.rs, tests/models_oracle.rs).

/// `DRIFTLOCK_ORACLE_PYTHON` (a Python with tests/oracle/requirements.txt) and
/// `DRIFTLOCK_PG_URL` (a server scripts/pg.sh started); `None` when they are not set, a panic
/// under CI.
pub fn oracle() -> Option<(PathBuf, String)> {
    let python = std::env::var_os("DRIFTLOCK_ORACLE_PYTHON").map(PathBuf::from);
    let url = std::env::var("DRIFTLOCK_PG_URL").ok();
    match (python, url) {
        (Some(p), Some(u)) => Some((p, u)),
        _ if std::env::var_os("CI").is_some() => {
            panic!("DRIFTLOCK_ORACLE_PYTHON and DRIFTLOCK_PG_URL must be set: run the tests through scripts/test.sh")
        }
        _ => None,
    }
}

/// Strips what PostgreSQL adds when it stores an expression and that spelling does not
/// change: redundant parentheses and casts. Both sides go through PostgreSQL's own parser.
pub fn normalize_expression(expr: &str) -> String {
    let deparse = |s: &str| -> String {
        match pg_query::parse(&format!("SELECT {s}"), 0).and_then(|p| p.deparse(Default::default()))
        {
            Ok(d) => d.strip_prefix("SELECT ").unwrap_or(&d).to_string(),
            Err(_) => s.to_string(),
        }
    };
    let once = deparse(expr);
    let mut out = String::new();
    let mut rest = once.as_str();
    while let Some(pos) = rest.find("::") {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + 2..];
        // A type name: lower-case words, modifiers and array brackets.
        let mut end = 0;
        let bytes = rest.as_bytes();
        loop {
            let start = end;
            while end < bytes.len()
                && (bytes[end].is_ascii_lowercase()
                    || bytes[end] == b'_'
                    || bytes[end].is_ascii_digit()
                    || bytes[end] == b'"'
                    || bytes[end] == b'.')
            {
                end += 1;
            }
            while end < bytes.len() && (bytes[end] == b'(' || bytes[end] == b'[') {
                let close = if bytes[end] == b'(' { b')' } else { b']' };
                while end < bytes.len() && bytes[end] != close {
                    end += 1;
                }
                end += 1;
            }
            let more_words = end < bytes.len()
                && bytes[end] == b' '
                && rest[end + 1..].starts_with(|c: char| c.is_ascii_lowercase());
            if more_words && start != end {
                end += 1;
                continue;
            }
            break;
        }
        rest = &rest[end.min(rest.len())..];
    }
    out.push_str(rest);
    deparse(&out)
}

/// The facts of a `schema/1` document, one line each, with expressions normalised.
pub fn facts(doc: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let s = |v: &Value| {
        v.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
    };
    for t in doc["tables"].as_array().into_iter().flatten() {
        let table = format!("{}.{}", s(&t["schema"]), s(&t["name"]));
        out.insert(format!("table {table}"), String::new());
        let columns: Vec<String> = t["columns"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| s(&c["name"]))
            .collect();
        out.insert(format!("{table} column order"), columns.join(", "));
        for c in t["columns"].as_array().into_iter().flatten() {
            let name = s(&c["name"]);
            out.insert(format!("{table}.{name} type"), s(&c["type"]));
            out.insert(format!("{table}.{name} nullable"), s(&c["nullable"]));
            out.insert(format!("{table}.{name} default"), s(&c["default"]));
        }
        out.insert(format!("{table} primary key"), t["primary_key"].to_string());
        for fk in t["foreign_keys"].as_array().into_iter().flatten() {
            out.insert(
                format!("{table} foreign key {}", s(&fk["name"])),
                format!(
                    "{} {} {} {}",
                    fk["columns"], fk["references"], fk["on_delete"], fk["on_update"]
                ),
            );
        }
        for u in t["unique_constraints"].as_array().into_iter().flatten() {
            out.insert(
                format!("{table} unique {}", s(&u["name"])),
                u["columns"].to_string(),
            );
        }
        for c in t["check_constraints"].as_array().into_iter().flatten() {
            out.insert(
                format!("{table} check {}", s(&c["name"])),
                normalize_expression(&s(&c["expression"])),
            );
        }
        for i in t["indexes"].as_array().into_iter().flatten() {
            let columns: Vec<String> = i["columns"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| normalize_expression(&s(c)))
                .collect();
            let predicate = if i["where"].is_null() {
                "null".to_string()
            } else {
                normalize_expression(&s(&i["where"]))
            };
            out.insert(
                format!("{table} index {}", s(&i["name"])),
                format!(
                    "{} unique={} {} where {predicate}",
                    columns.join(", "),
                    i["unique"],
                    s(&i["method"])
                ),
            );
        }
    }
    for e in doc["enums"].as_array().into_iter().flatten() {
        out.insert(
            format!("enum {}.{}", s(&e["schema"]), s(&e["name"])),
            e["values"].to_string(),
        );
    }
    out
}

/// Every fact that differs, as readable lines (`-` PostgreSQL, `+` driftlock).
pub fn differences(postgres: &Value, ours: &Value) -> Vec<String> {
    let (expected, actual) = (facts(postgres), facts(ours));
    let mut lines = Vec::new();
    for (k, v) in &expected {
        match actual.get(k) {
            None => lines.push(format!("- {k}: {v}   (missing in driftlock)")),
            Some(a) if a != v => lines.push(format!("- {k}: {v}\n+ {k}: {a}")),
            _ => {}
        }
    }
    for (k, v) in &actual {
        if !expected.contains_key(k) {
            lines.push(format!("+ {k}: {v}   (not in PostgreSQL)"));
        }
    }
    lines
}
