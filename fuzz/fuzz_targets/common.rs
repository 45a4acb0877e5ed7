//! What the targets share: a scratch directory per process (under `$TMPDIR`, which
//! `scripts/fuzz.sh` points at `fuzz/tmp/` and removes afterwards), reused by every input.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A directory of this process's own, created on first use.
pub fn scratch(target: &str) -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("driftlock-fuzz-{target}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the scratch directory");
        dir
    })
}

/// Writes `contents` to `path`, creating its folder; the harness cannot go on without it.
pub fn write(path: &Path, contents: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a scratch folder");
    }
    std::fs::write(path, contents).expect("write a scratch file");
}
