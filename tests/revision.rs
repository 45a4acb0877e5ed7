//! `driftlock revision --autogenerate`: the file written for every corpus project with drift
//! (snapshots of `--dry-run`), where it goes, and what it refuses.

mod common;

use std::path::{Path, PathBuf};

use common::driftlock;

const DATE: &str = "2026-01-02 03:04:05";

fn copy_dir(from: &Path, to: &Path) {
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

/// The corpus projects whose models differ from their migrations (`driftlock drift` exits 1).
pub fn projects_with_drift() -> Vec<(String, PathBuf)> {
    common::corpus_projects()
        .into_iter()
        .filter(|(_, path)| {
            driftlock()
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

fn dry_run(path: &Path, extra: &[&str]) -> std::process::Output {
    driftlock()
        .args([
            "revision",
            "--autogenerate",
            "-m",
            "sync models with the schema",
        ])
        .args(["--rev-id", "0123456789ab", "--date", DATE, "--dry-run"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn dry_run_of_every_corpus_project_with_drift() {
    let projects = projects_with_drift();
    assert!(
        projects.iter().any(|(n, _)| n == "drift_app"),
        "drift_app has drift: {projects:?}"
    );
    for (name, path) in projects {
        let out = dry_run(&path, &[]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stdout.contains("revision: str = '0123456789ab'")
                || stdout.contains("revision = '0123456789ab'"),
            "{name}: {stdout}\n{stderr}"
        );
        insta::assert_snapshot!(format!("{name}_revision"), stdout);
    }
}

#[test]
fn several_heads_need_a_head() {
    let path = common::corpus_dir().join("branches");
    let out = dry_run(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("2 heads"), "{stderr}");
    assert!(stderr.contains("--head"), "{stderr}");
}

#[test]
fn the_file_goes_into_the_version_folder_once() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("searched_models");
    copy_dir(&common::corpus_dir().join("searched_models"), &project);
    let run = || {
        driftlock()
            .args(["revision", "--autogenerate", "-m", "Bins get a capacity!"])
            .args(["--rev-id", "abcdef012345", "--date", DATE])
            .arg(&project)
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let written = project.join("migrations/versions/abcdef012345_bins_get_a_capacity.py");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.contains("op.add_column('bins'"), "{text}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        written.display().to_string()
    );
    // Once written, the revision is the head: the same id is refused, and so is a file that
    // exists already.
    let again = run();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8(again.stderr)
        .unwrap()
        .contains("exists already"));
    std::fs::remove_file(&written).unwrap();
    std::fs::write(&written, "# someone else's file\n").unwrap();
    let refused = run();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "# someone else's file\n"
    );
}
