//! The oracle for the revision graph: real Alembic loads every healthy corpus project and its
//! heads, bases, parents, dependencies, branch labels and messages must equal driftlock's, and
//! driftlock's order must apply every revision after all it depends on.
//!
//! Needs a Python with the pinned Alembic (`tests/oracle/requirements.txt`), named by
//! `DRIFTLOCK_ORACLE_PYTHON`; `scripts/test.sh` creates it. Under CI a missing interpreter is a
//! failure, not a skip.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn oracle_python() -> Option<PathBuf> {
    match std::env::var_os("DRIFTLOCK_ORACLE_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None if std::env::var_os("CI").is_some() => {
            panic!("DRIFTLOCK_ORACLE_PYTHON is not set: run the tests through scripts/test.sh")
        }
        None => None,
    }
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn revision_graph_matches_alembic() {
    let Some(python) = oracle_python() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON is not set (scripts/test.sh sets it)");
        return;
    };
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/alembic_history.py");
    let projects = common::corpus_projects();
    let mut compared = 0;
    for (name, path) in &projects {
        if name == "broken" {
            continue; // Alembic refuses to load it at all: its problems are snapshot-tested.
        }
        let out = Command::new(&python)
            .arg(&script)
            .arg(path)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{name}: alembic failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let alembic: Value = serde_json::from_slice(&out.stdout).unwrap();

        let out = common::driftlock()
            .args(["history", "--format", "json", "--fail-on", "never"])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: driftlock failed");
        let ours: Value = serde_json::from_slice(&out.stdout).unwrap();

        assert_eq!(
            strings(&ours["heads"]),
            strings(&alembic["heads"]),
            "{name}: heads"
        );
        assert_eq!(
            strings(&ours["bases"]),
            strings(&alembic["bases"]),
            "{name}: bases"
        );
        let theirs = alembic["revisions"].as_object().unwrap();
        let revisions = ours["revisions"].as_array().unwrap();
        assert_eq!(revisions.len(), theirs.len(), "{name}: revision count");

        let mut position = BTreeMap::new();
        for (i, rev) in revisions.iter().enumerate() {
            let id = rev["id"].as_str().unwrap();
            position.insert(id.to_string(), i);
            let t = &theirs[id];
            assert_eq!(
                strings(&rev["parents"]),
                strings(&t["down_revision"]),
                "{name} {id}: parents"
            );
            assert_eq!(
                strings(&rev["depends_on"]),
                strings(&t["depends_on"]),
                "{name} {id}: depends_on"
            );
            assert_eq!(
                strings(&rev["branch_labels"]),
                strings(&t["branch_labels"]),
                "{name} {id}: branch labels"
            );
            assert_eq!(rev["message"], t["doc"], "{name} {id}: message");
        }
        for rev in revisions {
            let id = rev["id"].as_str().unwrap();
            let t = &theirs[id];
            for before in strings(&t["down_revision"])
                .iter()
                .chain(&strings(&t["depends_on"]))
            {
                assert!(
                    position[before] < position[id],
                    "{name}: {before} must come before {id}"
                );
            }
        }
        // The same order as `alembic upgrade heads`, independent branches included.
        let ours_order: Vec<&str> = revisions
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let their_order: Vec<&str> = alembic["upgrade_order"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: Alembic gives no upgrade order"))
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(ours_order, their_order, "{name}: upgrade order");
        compared += 1;
    }
    assert_eq!(
        compared,
        projects.len() - 1,
        "every healthy corpus project is compared"
    );
}
