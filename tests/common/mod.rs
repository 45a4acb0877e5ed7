//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

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

/// Discovers the corpus project at `path` and analyses it, replaying its history with
/// `options`.
pub fn replay(
    path: &Path,
    options: driftlock::lower::ReplayOptions,
) -> driftlock::analysis::Analysis {
    let project = driftlock::discover::discover(path, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    driftlock::analysis::analyze_with(project, Some(options))
}

/// The `driftlock` binary with a clean environment, so colour and locale settings of the
/// machine running the tests do not leak in.
pub fn driftlock() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("driftlock").expect("binary builds");
    cmd.env_clear();
    cmd
}
