//! Baselines (`baseline/1`): a project with many findings adopts driftlock with a baseline,
//! then fails only on new findings; fingerprints survive lines moving; stale entries are
//! reported, never errors; a rewrite only shrinks the baseline.

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};

use common::driftlock;
use predicates::prelude::*;
use serde_json::Value;

fn risky() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/risky")
}

/// A copy of the risky fixture (56 findings by default) and a folder for the baseline.
struct Project {
    dir: tempfile::TempDir,
    out: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&risky(), dir.path());
        Project {
            dir,
            out: tempfile::tempdir().unwrap(),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn baseline(&self) -> PathBuf {
        self.out.path().join("driftlock-baseline.json")
    }

    fn versions(&self) -> PathBuf {
        self.root().join("migrations/versions")
    }

    /// `check ROOT ARGS... --output-format json`: exit code, report, stderr.
    fn check(&self, args: &[&str]) -> (i32, Value, String) {
        let out = driftlock()
            .arg("check")
            .arg(self.root())
            .args(args)
            .args(["--output-format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        (out.status.code().unwrap(), doc, stderr)
    }

    fn write_fresh(&self) -> (i32, Value, String) {
        let b = self.baseline();
        self.check(&["--write-baseline", b.to_str().unwrap()])
    }

    fn with_baseline(&self) -> (i32, Value, String) {
        let b = self.baseline();
        self.check(&["--baseline", b.to_str().unwrap()])
    }

    fn entries(&self) -> Vec<Value> {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(self.baseline()).unwrap()).unwrap();
        assert_eq!(doc["format"], "baseline/1");
        doc["findings"].as_array().unwrap().clone()
    }

    fn edit(&self, file: &str, f: impl FnOnce(String) -> String) {
        let path = self.versions().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, f(text)).unwrap();
    }

    fn add_revision(&self, file: &str, text: &str) {
        std::fs::write(self.versions().join(file), text).unwrap();
    }
}

fn diagnostics(doc: &Value) -> Vec<Value> {
    doc["diagnostics"].as_array().unwrap().clone()
}

/// A new revision after the risky fixture's head, with one risky change on an existing table.
const NEW_REVISION: &str = r#""""a new index, built the blocking way

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.create_index("ix_orders_note", "orders", ["note"])


def downgrade():
    op.drop_index("ix_orders_note", table_name="orders")
"#;

#[test]
fn a_project_adopts_a_baseline_and_fails_only_on_new_findings() {
    let p = Project::new();
    let (code, before, _) = p.check(&[]);
    assert_eq!(code, 1);
    let n = diagnostics(&before).len();
    assert!(n > 40, "the fixture has many findings: {n}");

    // Adopt: a fresh baseline takes every finding; the run that wrote it is clean.
    let (code, doc, stderr) = p.write_fresh();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!("wrote {n} finding(s)")),
        "{stderr}"
    );
    assert!(diagnostics(&doc).is_empty());
    assert_eq!(p.entries().len(), n);
    let written = std::fs::read(p.baseline()).unwrap();
    // Deterministic: written again, the same bytes.
    p.write_fresh();
    assert_eq!(std::fs::read(p.baseline()).unwrap(), written);
    insta::assert_snapshot!("baseline_risky", String::from_utf8(written).unwrap());

    // With the baseline: nothing reported, everything matched, nothing stale.
    let (code, doc, _) = p.with_baseline();
    assert_eq!(code, 0);
    assert!(diagnostics(&doc).is_empty());
    assert_eq!(doc["baseline"]["matched"], n);
    assert_eq!(doc["baseline"]["stale"], 0);

    // A new risky revision: only its finding is reported, and the run fails.
    p.add_revision("0011_new_index.py", NEW_REVISION);
    let (code, doc, _) = p.with_baseline();
    assert_eq!(code, 1);
    let new = diagnostics(&doc);
    assert!(!new.is_empty());
    assert!(new.iter().all(|d| d["revision"] == "0011"), "{new:#?}");
    assert!(new
        .iter()
        .any(|d| d["rule"] == "add-index-without-concurrently"));
    assert_eq!(doc["baseline"]["stale"], 0);
    // The other formats report the same one finding.
    let b = p.baseline();
    let out = driftlock()
        .arg("check")
        .arg(p.root())
        .args([
            "--baseline",
            b.to_str().unwrap(),
            "--output-format",
            "json-lines",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        new.len()
    );
}

#[test]
fn fingerprints_survive_lines_moving() {
    let p = Project::new();
    p.write_fresh();
    let before = std::fs::read_to_string(p.baseline()).unwrap();
    // Blank lines and comments at the top of every revision, an operation reformatted.
    for entry in std::fs::read_dir(p.versions()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        p.edit(&name, |t| format!("# a comment\n\n\n# another one\n\n{t}"));
    }
    p.edit("0002_locks.py", |t| {
        t.replace(
            "    op.create_index(\"ix_users_email\", \"users\", [\"email\"])\n",
            "    # reformatted over several lines\n    op.create_index(\n        \"ix_users_email\",\n        \"users\",\n        [\"email\"],\n    )\n",
        )
    });
    let (code, doc, _) = p.with_baseline();
    assert_eq!(code, 0, "{doc:#}");
    assert!(diagnostics(&doc).is_empty());
    assert_eq!(doc["baseline"]["stale"], 0);
    // Renaming a revision file keeps its fingerprints too (the revision id is the key).
    std::fs::rename(
        p.versions().join("0004_sql.py"),
        p.versions().join("0004_renamed.py"),
    )
    .unwrap();
    let (code, doc, _) = p.with_baseline();
    assert_eq!(code, 0);
    assert_eq!(doc["baseline"]["stale"], 0);
    // Writing it again from the moved lines gives the same fingerprints.
    p.write_fresh();
    let fingerprints = |text: &str| -> Vec<String> {
        let doc: Value = serde_json::from_str(text).unwrap();
        let mut f: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["fingerprint"].as_str().unwrap().to_string())
            .collect();
        f.sort();
        f
    };
    assert_eq!(
        fingerprints(&before),
        fingerprints(&std::fs::read_to_string(p.baseline()).unwrap())
    );
}

#[test]
fn stale_entries_are_reported_and_a_rewrite_only_shrinks() {
    let p = Project::new();
    p.write_fresh();
    let n = p.entries().len();
    // Fix one finding (the role change of 0004), add a new risky revision.
    p.edit("0004_sql.py", |t| {
        t.replace("    op.execute(\"ALTER ROLE app_user SUPERUSER\")\n", "")
    });
    p.add_revision("0011_new_index.py", NEW_REVISION);
    let (code, doc, stderr) = p.with_baseline();
    assert_eq!(code, 1, "the new finding fails; the stale entry does not");
    let stale = doc["baseline"]["stale"].as_u64().unwrap();
    assert!(stale >= 1);
    let stale_rules: Vec<&str> = doc["baseline"]["stale_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert_eq!(stale_rules, ["role-change"]);
    assert!(stderr.is_empty() || !stderr.contains("error"), "{stderr}");

    // The text report notes the stale entries.
    let b = p.baseline();
    driftlock()
        .arg("check")
        .arg(p.root())
        .args(["--baseline", b.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no longer found"))
        .stdout(predicate::str::contains("0004: role-change"));
    // Only stale entries: a note, exit 0.
    let q = Project::new();
    q.write_fresh();
    q.edit("0004_sql.py", |t| {
        t.replace("    op.execute(\"ALTER ROLE app_user SUPERUSER\")\n", "")
    });
    let b = q.baseline();
    let out = driftlock()
        .arg("check")
        .arg(q.root())
        .args([
            "--baseline",
            b.to_str().unwrap(),
            "--output-format",
            "gitlab",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no longer found"));

    // Rewriting: the stale entries leave, the new finding does not enter.
    let b = p.baseline();
    let (code, doc, stderr) = p.check(&["--baseline", b.to_str().unwrap(), "--write-baseline"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(diagnostics(&doc).iter().all(|d| d["revision"] == "0011"));
    let entries = p.entries();
    assert_eq!(entries.len(), n - stale as usize);
    assert!(entries.iter().all(|e| e["revision"] != "0011"));
    let (code, doc, _) = p.with_baseline();
    assert_eq!(code, 1);
    assert_eq!(doc["baseline"]["stale"], 0);
    // A fresh baseline, asked for explicitly, takes the new finding.
    p.write_fresh();
    assert!(p.entries().iter().any(|e| e["revision"] == "0011"));
    assert_eq!(p.with_baseline().0, 0);
}

#[test]
fn identical_findings_in_one_revision_are_counted() {
    let p = Project::new();
    p.add_revision(
        "0011_twice.py",
        &NEW_REVISION.replace(
            "    op.create_index(\"ix_orders_note\", \"orders\", [\"note\"])\n",
            "    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n",
        ),
    );
    p.write_fresh();
    let twice: Vec<Value> = p
        .entries()
        .into_iter()
        .filter(|e| e["revision"] == "0011" && e["rule"] == "grant-to-public")
        .collect();
    assert_eq!(twice.len(), 2, "{twice:#?}");
    assert_eq!(twice[0]["occurrence"], 1);
    assert_eq!(twice[1]["occurrence"], 2);
    assert_ne!(twice[0]["fingerprint"], twice[1]["fingerprint"]);
    // One of them fixed: the second occurrence is stale, nothing new.
    p.edit("0011_twice.py", |t| {
        t.replacen(
            "    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n",
            "",
            1,
        )
    });
    let (code, doc, _) = p.with_baseline();
    assert_eq!(code, 0);
    assert_eq!(doc["baseline"]["stale"], 1);
    assert_eq!(
        doc["baseline"]["stale_findings"][0]["rule"],
        "grant-to-public"
    );
    // And a third copy is a new finding.
    p.edit("0011_twice.py", |t| {
        t.replace(
            "    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n",
            "    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n    op.execute(\"GRANT SELECT ON orders TO PUBLIC\")\n",
        )
    });
    let b = p.baseline();
    let (code, doc, _) = p.check(&["--baseline", b.to_str().unwrap(), "--fail-on", "warning"]);
    assert_eq!(code, 1);
    let new = diagnostics(&doc);
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "grant-to-public");
}

#[test]
fn an_unreadable_baseline_is_a_fatal_error() {
    let p = Project::new();
    driftlock()
        .arg("check")
        .arg(p.root())
        .args(["--baseline"])
        .arg(p.out.path().join("missing.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the baseline"));
    std::fs::write(p.baseline(), "{\"format\": \"report/1\", \"findings\": []}").unwrap();
    driftlock()
        .arg("check")
        .arg(p.root())
        .args(["--baseline"])
        .arg(p.baseline())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not `baseline/1`"));
}

#[test]
fn write_baseline_defaults_to_the_current_directory() {
    let p = Project::new();
    driftlock()
        .current_dir(p.out.path())
        .arg("check")
        .arg(p.root())
        .arg("--write-baseline")
        .assert()
        .code(0);
    assert!(p.out.path().join("driftlock-baseline.json").is_file());
    // The checkout is left as it was: nothing written into it.
    assert!(!p.root().join("driftlock-baseline.json").exists());
}
