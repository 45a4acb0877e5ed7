//! The result cache of `check` (src/cache.rs): a kept report is printed byte for byte while
//! every input of the run is unchanged, and never once one changed: an edited revision, a new
//! module that shadows an import, an edited setting. A corrupt entry is ignored. The suite's
//! other tests run without a cache (`common::driftlock` clears the environment).

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};

use common::{corpus_dir, driftlock};

fn check(project: &Path, cache: &Path, extra: &[&str]) -> (String, i32) {
    let out = driftlock()
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(project)
        .env("DRIFTLOCK_CACHE_DIR", cache)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "json"));
    found.sort();
    found
}

/// Replaces the kept report's text, so that a run that prints it shows it was served from
/// the cache.
fn tamper(entry: &Path) {
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(entry).unwrap()).unwrap();
    value["output"]["stdout"] = serde_json::Value::String("KEPT\n".into());
    std::fs::write(entry, serde_json::to_vec(&value).unwrap()).unwrap();
}

#[test]
fn a_kept_report_is_served_only_while_every_input_is_unchanged() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("shop");
    copy_dir(&corpus_dir().join("shop"), &project);
    let cache = work.path().join("cache");

    let (fresh, code) = check(&project, &cache, &[]);
    let kept = entries(&cache);
    assert_eq!(kept.len(), 1, "one entry written");
    // Byte-identical with and without the cache.
    assert_eq!(check(&project, &cache, &[]), (fresh.clone(), code));
    assert_eq!(
        check(&project, &cache, &["--no-cache"]),
        (fresh.clone(), code)
    );

    // Served: the entry's text is what is printed while nothing changed.
    tamper(&kept[0]);
    assert_eq!(check(&project, &cache, &[]).0, "KEPT\n");

    // An edited revision: run again, and kept anew.
    let versions = project.join("migrations/versions");
    let revision = std::fs::read_dir(&versions)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .min()
        .unwrap();
    let text = std::fs::read_to_string(&revision).unwrap();
    std::fs::write(&revision, format!("{text}\n# edited\n")).unwrap();
    let (after_edit, _) = check(&project, &cache, &[]);
    assert_ne!(
        after_edit, "KEPT\n",
        "an edited file is never answered from the cache"
    );
    assert_eq!(after_edit, check(&project, &cache, &["--no-cache"]).0);

    // A file that did not exist before (a new revision file in the version folder).
    tamper(&entries(&cache)[0]);
    std::fs::write(
        versions.join("zz_note.py"),
        "\"\"\"note\"\"\"\nrevision = 'zz1'\ndown_revision = None\n\ndef upgrade():\n    pass\n",
    )
    .unwrap();
    let (after_new, _) = check(&project, &cache, &[]);
    assert_ne!(
        after_new, "KEPT\n",
        "a new file is never answered from the cache"
    );
    assert_eq!(after_new, check(&project, &cache, &["--no-cache"]).0);
}

#[test]
fn a_new_module_that_shadows_an_import_is_seen() {
    // The model module env.py imports is found on the path: a new file earlier on the path
    // that would be imported instead must invalidate the kept report, though no file that
    // was read changed.
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("p");
    std::fs::create_dir_all(project.join("migrations/versions")).unwrap();
    std::fs::write(
        project.join("alembic.ini"),
        "[alembic]\nscript_location = migrations\n",
    )
    .unwrap();
    std::fs::write(
        project.join("migrations/env.py"),
        "from alembic import context\nfrom helpers import LENGTH\ntarget_metadata = None\n",
    )
    .unwrap();
    std::fs::create_dir_all(project.join("lib")).unwrap();
    std::fs::write(project.join("lib/helpers.py"), "LENGTH = 20\n").unwrap();
    std::fs::write(
        project.join("migrations/versions/a1_init.py"),
        "\"\"\"init\"\"\"\nimport sqlalchemy as sa\nfrom alembic import op\nfrom helpers import LENGTH\n\
         revision = 'a1'\ndown_revision = None\n\n\
         def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('name', sa.String(LENGTH)))\n\n\
         def downgrade():\n    op.drop_table('t')\n",
    )
    .unwrap();
    std::fs::create_dir_all(project.join("first")).unwrap();
    std::fs::write(project.join("first/other.py"), "").unwrap();
    std::fs::write(
        project.join("driftlock.toml"),
        "python-path = [\"first\", \"lib\"]\n",
    )
    .unwrap();
    let cache = work.path().join("cache");
    let schema = |cache: &Path| {
        let out = driftlock()
            .args(["check", "--format", "json"])
            .arg(&project)
            .env("DRIFTLOCK_CACHE_DIR", cache)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    schema(&cache);
    tamper(&entries(&cache)[0]);
    assert_eq!(schema(&cache), "KEPT\n");
    // `first` comes before `lib` on the path: a helpers.py there is imported instead of
    // lib/helpers.py (no file the run read changed: a path it probed, in a folder it listed).
    std::fs::write(project.join("first/helpers.py"), "LENGTH = 'a'\n").unwrap();
    let after = schema(&cache);
    assert_ne!(after, "KEPT\n");
    assert_eq!(after, schema(Path::new("")));
}

#[test]
fn a_corrupt_or_foreign_entry_is_ignored() {
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let shop = corpus_dir().join("shop");
    let (fresh, code) = check(&shop, &cache, &[]);
    let kept = entries(&cache);
    assert_eq!(kept.len(), 1);
    std::fs::write(&kept[0], b"{ not json").unwrap();
    assert_eq!(check(&shop, &cache, &[]), (fresh.clone(), code));
    // Another format version: ignored too.
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&kept[0]).unwrap()).unwrap();
    value["format"] = serde_json::Value::String("driftlock-cache/0".into());
    value["output"]["stdout"] = serde_json::Value::String("KEPT\n".into());
    std::fs::write(&kept[0], serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(check(&shop, &cache, &[]), (fresh, code));
}

#[test]
fn the_cache_is_never_written_inside_the_checkout() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("shop");
    copy_dir(&corpus_dir().join("shop"), &project);
    let inside = project.join(".cache");
    check(&project, &inside, &[]);
    assert!(!inside.exists(), "no cache folder made in the checkout");
}
