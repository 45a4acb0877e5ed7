//! The result cache of `check`: a run's report is kept outside the checkout, with every
//! question the run asked of the file system and its answer (`fs::record`: each file read and
//! a digest of its bytes, each folder listed, each path probed, also those that were not
//! there). The next run with the same command line, in the same folder, with the same
//! environment and the same driftlock binary asks those questions again; only when every
//! answer is the same does it print the kept report instead of running. Any difference (an
//! edited revision, a new module that now shadows an import, a changed setting), an entry
//! that does not parse, or one written by another binary, and the run goes on as if there
//! were no cache. Entries are written atomically (a temporary file renamed), never inside the
//! analysed checkout.
//!
//! The folder: `DRIFTLOCK_CACHE_DIR`, else `$XDG_CACHE_HOME/driftlock`, else
//! `$HOME/.cache/driftlock`; `--no-cache` (or `DRIFTLOCK_CACHE_DIR=""`) turns it off.

use std::path::{Path, PathBuf};

use crate::fs::Access;

/// The format of an entry; an entry of another format is ignored.
const FORMAT: &str = "driftlock-cache/1";

/// Most entries kept: past it, the least recently written are removed.
const MAX_ENTRIES: usize = 256;

/// What a run printed and how it ended: what a hit reproduces byte for byte.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The command's own status code (its `Outcome`).
    pub status: u8,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    format: String,
    key: String,
    inputs: Vec<Access>,
    output: Output,
}

/// The cache of one run: its folder and the key of its entry.
pub struct Cache {
    dir: PathBuf,
    key: String,
}

impl Cache {
    /// The cache for a run described by `parts` (the command and its resolved options), or
    /// `None` when caching is off or has no folder. The key also holds the driftlock binary
    /// (its path, size and modification time: another build never reuses an entry), the
    /// working directory and the environment variables the analysis reads.
    pub fn for_run(parts: &[&str], checkout: &Path) -> Option<Cache> {
        let dir = folder()?;
        // Never inside the analysed checkout.
        let real_checkout = crate::fs::canonicalize(checkout).ok()?;
        let real_dir = std::path::absolute(&dir).ok()?;
        if real_dir.starts_with(&real_checkout) {
            return None;
        }
        let mut text = String::from(FORMAT);
        text.push('\n');
        text.push_str(env!("CARGO_PKG_VERSION"));
        text.push('\n');
        text.push_str(&binary_identity());
        text.push('\n');
        if let Ok(cwd) = std::env::current_dir() {
            text.push_str(&cwd.to_string_lossy());
        }
        for var in ["VIRTUAL_ENV", "NO_COLOR"] {
            text.push('\n');
            text.push_str(var);
            text.push('=');
            text.push_str(&std::env::var_os(var).unwrap_or_default().to_string_lossy());
        }
        for part in parts {
            text.push('\n');
            text.push_str(part);
        }
        Some(Cache {
            dir: real_dir,
            key: hex_digest(text.as_bytes()),
        })
    }

    fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.key))
    }

    /// The kept output, when there is an entry and every input it records is unchanged.
    pub fn lookup(&self) -> Option<Output> {
        use rayon::prelude::*;
        let bytes = std::fs::read(self.path()).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        if entry.format != FORMAT || entry.key != self.key {
            return None;
        }
        let unchanged = entry.inputs.par_iter().all(crate::fs::still_true);
        unchanged.then_some(entry.output)
    }

    /// Keeps `output` with the `inputs` it depended on. Failing to write is not an error:
    /// the next run is simply not a hit.
    pub fn store(&self, inputs: Vec<Access>, output: Output) {
        let entry = Entry {
            format: FORMAT.to_string(),
            key: self.key.clone(),
            inputs,
            output,
        };
        let Ok(text) = serde_json::to_vec(&entry) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self
            .dir
            .join(format!(".{}.{}.tmp", self.key, std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, self.path()).is_ok() {
            prune(&self.dir);
        } else {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// The cache folder, or `None` when caching is off.
fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DRIFTLOCK_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(xdg).join("driftlock"));
    }
    let home = std::env::var_os("HOME").filter(|v| !v.is_empty())?;
    Some(PathBuf::from(home).join(".cache").join("driftlock"))
}

/// The running binary: path, size and modification time.
fn binary_identity() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return String::new();
    };
    let meta = std::fs::metadata(&exe).ok();
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{} {} {modified}",
        exe.display(),
        meta.map(|m| m.len()).unwrap_or_default()
    )
}

/// Removes the oldest entries past [`MAX_ENTRIES`].
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if found.len() <= MAX_ENTRIES {
        return;
    }
    found.sort();
    for (_, path) in found.iter().take(found.len() - MAX_ENTRIES) {
        let _ = std::fs::remove_file(path);
    }
}

fn hex_digest(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
