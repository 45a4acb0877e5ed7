//! `driftlock revision --autogenerate`: the file written for every corpus project with drift
//! (snapshots of `--dry-run`), where it goes, and what it refuses.

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};

use common::driftlock;

const DATE: &str = "2026-01-02 03:04:05";

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
fn safe_revisions_of_the_projects_with_every_kind_of_difference() {
    for name in ["drift_app", "autogen_kinds"] {
        let out = dry_run(&common::corpus_dir().join(name), &["--safe"]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(
            stderr.contains("finds nothing above info in the new revision"),
            "{name}: {stderr}"
        );
        insta::assert_snapshot!(
            format!("{name}_revision_safe"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}

#[test]
fn the_plain_revision_says_what_check_finds_in_it() {
    let out = dry_run(&common::corpus_dir().join("drift_app"), &[]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("the migrations match the models"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[add-index-without-concurrently]")
            && stderr.contains("--safe writes it for a live database"),
        "{stderr}"
    );
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

/// The new files under `dir` (recursively), relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn file_template_dates_labels_and_a_head_among_several() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("branches");
    copy_dir(&common::corpus_dir().join("branches"), &project);
    let before = files_under(&project);
    let out = driftlock()
        .args(["revision", "--autogenerate", "-m", "Ledger: notes"])
        .args(["--rev-id", "1234abcd5678", "--date", DATE])
        .args([
            "--head",
            "f7a84a0605aa",
            "--version-path",
            "migrations/versions",
        ])
        .args(["--branch-label", "ledger", "--depends-on", "ec57f85715ef"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let after = files_under(&project);
    let new: Vec<&String> = after.iter().filter(|f| !before.contains(f)).collect();
    // alembic.ini: file_template = %%(year)d/%%(month).2d/%%(day).2d_%%(hour).2d%%(minute).2d_%%(second).2d_%%(rev)s_%%(slug)s
    assert_eq!(
        new,
        vec!["migrations/versions/2026/01/02_0304_05_1234abcd5678_ledger_notes.py"]
    );
    let text = std::fs::read_to_string(project.join(new[0])).unwrap();
    assert!(text.contains("Revises: f7a84a0605aa"), "{text}");
    assert!(text.contains("Create Date: 2026-01-02 03:04:05"), "{text}");
    assert!(
        text.contains("branch_labels = ('ledger',)") || text.contains("= ('ledger',)"),
        "{text}"
    );
    assert!(text.contains("= 'ec57f85715ef'"), "{text}");
    // A head that is not one needs --splice.
    let not_a_head = dry_run(&project, &["--head", "c3207a978944"]);
    assert_eq!(not_a_head.status.code(), Some(2));
    assert!(String::from_utf8(not_a_head.stderr)
        .unwrap()
        .contains("--splice"));
    assert_eq!(
        dry_run(&project, &["--head", "c3207a978944", "--splice"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_template_driftlock_cannot_read_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("searched_models");
    copy_dir(&common::corpus_dir().join("searched_models"), &project);
    let mako = project.join("migrations/script.py.mako");
    let text = std::fs::read_to_string(&mako).unwrap();
    std::fs::write(&mako, format!("{text}\n% for x in y:\n${{x}}\n% endfor\n")).unwrap();
    let before = files_under(&project);
    let out = driftlock()
        .args([
            "revision",
            "--autogenerate",
            "-m",
            "x",
            "--rev-id",
            "abcdef012345",
        ])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("script.py.mako:"), "{stderr}");
    assert!(stderr.contains("% for"), "{stderr}");
    assert!(stderr.contains("no file written"), "{stderr}");
    assert_eq!(files_under(&project), before);
}

#[test]
fn flask_migrate_templates_render_unannotated() {
    // batch_naming's template is Flask-Migrate's (`def upgrade():`, no annotations).
    let out = dry_run(&common::corpus_dir().join("batch_naming"), &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("revision = '0123456789ab'"), "{text}");
    assert!(text.contains("def upgrade():\n    pass\n"), "{text}");
}

#[test]
fn dry_run_writes_nothing_and_bad_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("drift_app");
    copy_dir(&common::corpus_dir().join("drift_app"), &project);
    let before = files_under(&project);
    assert_eq!(dry_run(&project, &[]).status.code(), Some(0));
    assert_eq!(files_under(&project), before);
    for (args, says) in [
        (vec!["--date", "yesterday"], "--date"),
        (vec!["--rev-id", "no/slash"], "--rev-id"),
        (vec!["--head", "ffffffffffff"], "no such revision"),
    ] {
        let out = driftlock()
            .args(["revision", "--autogenerate", "-m", "x", "--dry-run"])
            .args(&args)
            .arg(&project)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8(out.stderr).unwrap().contains(says),
            "{args:?}"
        );
    }
    assert_eq!(files_under(&project), before);
}
