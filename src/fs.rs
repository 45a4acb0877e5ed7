//! The one way driftlock touches the file system: reading a file's contents (only regular
//! files, symlinks followed, at most a bounded number of bytes: a FIFO would block the run,
//! `/dev/zero` would never end, and a 2 GB data dump would exhaust memory; each becomes an
//! error the caller reports), listing a folder, and asking what a path is. Every such probe
//! can be recorded with its answer ([`record`]), so that a cached result is reused only while
//! every answer it depended on is still the same ([`still_true`]).

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file read by default: 8 MiB. Revision files of real histories are rarely over
/// 200 KB; the largest generated ones (data dumps written as `op.bulk_insert`) stay in the
/// low megabytes. `max-file-bytes` in the configuration changes it.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file's contents were not read.
#[derive(Debug)]
pub enum ReadError {
    /// Something other than a regular file: a directory, a FIFO, a device, a socket.
    NotAFile(&'static str),
    /// Larger than the limit.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "not a regular file ({what})"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "{size} bytes, over the limit of {limit} bytes (`max-file-bytes`)"
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl ReadError {
    /// The code of the finding that reports it.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::TooLarge { .. } => crate::codes::FILE_TOO_LARGE,
            _ => crate::codes::UNREADABLE_FILE,
        }
    }
}

/// What kind of thing a path is, for a message.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let result = read_bytes_now(path, limit);
    if recording() {
        note(path, Probe::Read(limit), || answer_of_read(&result));
    }
    result
}

fn read_bytes_now(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    // The size can change between the check and the read (and some files report none):
    // never read more than the limit.
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The text of a regular file of at most `limit` bytes that is valid UTF-8.
pub fn read_utf8(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bytes(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

/// Whether `path` is a regular file (symlinks followed).
pub fn is_file(path: &Path) -> bool {
    probe_bool(path, Probe::IsFile, || path.is_file())
}

/// Whether `path` is a folder (symlinks followed).
pub fn is_dir(path: &Path) -> bool {
    probe_bool(path, Probe::IsDir, || path.is_dir())
}

/// Whether anything is at `path` (symlinks followed).
pub fn exists(path: &Path) -> bool {
    probe_bool(path, Probe::Exists, || path.exists())
}

/// The real path of `path`: absolute, symlinks resolved.
pub fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    let result = std::fs::canonicalize(path);
    if recording() {
        note(path, Probe::Canonical, || answer_of_canonical(&result));
    }
    result
}

/// A folder's device and inode (symlinks followed), to walk each folder once.
pub fn dir_identity(path: &Path) -> Option<(u64, u64)> {
    let found = identity_now(path);
    if recording() {
        note(path, Probe::Identity, || format!("{found:?}"));
    }
    found
}

fn identity_now(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// One entry of a folder.
#[derive(Clone, Debug)]
pub struct DirEntry {
    pub path: PathBuf,
    pub name: String,
    /// A folder, or a symlink to one.
    pub is_dir: bool,
}

/// The entries of a folder, sorted by name.
pub fn read_dir(path: &Path) -> std::io::Result<Vec<DirEntry>> {
    let result = read_dir_now(path);
    if recording() {
        note(path, Probe::List, || answer_of_listing(&result));
    }
    result
}

fn read_dir_now(path: &Path) -> std::io::Result<Vec<DirEntry>> {
    let mut entries: Vec<DirEntry> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.path();
            let is_dir = e
                .file_type()
                .is_ok_and(|t| t.is_dir() || (t.is_symlink() && path.is_dir()));
            DirEntry {
                name: e.file_name().to_string_lossy().into_owned(),
                path,
                is_dir,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// What was asked of a path.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Probe {
    Read(u64),
    IsFile,
    IsDir,
    Exists,
    Canonical,
    Identity,
    List,
}

/// A probe and a digest of its answer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Access {
    pub path: PathBuf,
    pub probe: Probe,
    pub answer: String,
}

/// How many recordings run (they may overlap: the MCP server and tests run checks on several
/// threads); each gets every probe made while it runs, a superset of its own.
static ACTIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static LOG: std::sync::Mutex<Vec<Access>> = std::sync::Mutex::new(Vec::new());

fn recording() -> bool {
    ACTIVE.load(std::sync::atomic::Ordering::Acquire) > 0
}

fn note(path: &Path, probe: Probe, answer: impl FnOnce() -> String) {
    let access = Access {
        path: path.to_path_buf(),
        probe,
        answer: answer(),
    };
    if let Ok(mut log) = LOG.lock() {
        log.push(access);
    }
}

fn probe_bool(path: &Path, probe: Probe, f: impl FnOnce() -> bool) -> bool {
    let answer = f();
    if recording() {
        note(path, probe, || u8::from(answer).to_string());
    }
    answer
}

/// Runs `f` and returns, with its result, every probe of the file system made meanwhile
/// (once each, sorted); `None` when one path gave two answers (a file changed during the
/// run: what was read is not one state of the checkout).
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Option<Vec<Access>>) {
    let start = {
        let log = LOG
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        ACTIVE.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        log.len()
    };
    let value = f();
    let mut log = LOG
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mine: Vec<Access> = log.get(start..).unwrap_or_default().to_vec();
    if ACTIVE.fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1 {
        log.clear();
    }
    drop(log);
    let mut seen: std::collections::BTreeMap<(PathBuf, Probe), String> = Default::default();
    for a in mine {
        match seen.get(&(a.path.clone(), a.probe)) {
            Some(answer) if *answer != a.answer => return (value, None),
            Some(_) => {}
            None => {
                seen.insert((a.path, a.probe), a.answer);
            }
        }
    }
    let accesses = seen
        .into_iter()
        .map(|((path, probe), answer)| Access {
            path,
            probe,
            answer,
        })
        .collect();
    (value, Some(accesses))
}

/// Whether asking `access`'s question now gives the same answer.
pub fn still_true(access: &Access) -> bool {
    let path = access.path.as_path();
    let now = match access.probe {
        Probe::Read(limit) => answer_of_read(&read_bytes_now(path, limit)),
        Probe::IsFile => u8::from(path.is_file()).to_string(),
        Probe::IsDir => u8::from(path.is_dir()).to_string(),
        Probe::Exists => u8::from(path.exists()).to_string(),
        Probe::Canonical => answer_of_canonical(&std::fs::canonicalize(path)),
        Probe::Identity => format!("{:?}", identity_now(path)),
        Probe::List => answer_of_listing(&read_dir_now(path)),
    };
    now == access.answer
}

fn digest(bytes: &[u8]) -> String {
    use md5::Digest;
    let sum = md5::Md5::digest(bytes);
    sum.iter().map(|b| format!("{b:02x}")).collect()
}

fn answer_of_read(result: &Result<Vec<u8>, ReadError>) -> String {
    match result {
        Ok(bytes) => format!("{} {}", bytes.len(), digest(bytes)),
        Err(e) => format!("error: {e}"),
    }
}

fn answer_of_canonical(result: &std::io::Result<PathBuf>) -> String {
    match result {
        Ok(p) => p.to_string_lossy().into_owned(),
        Err(e) => format!("error: {:?}", e.kind()),
    }
}

fn answer_of_listing(result: &std::io::Result<Vec<DirEntry>>) -> String {
    match result {
        Ok(entries) => {
            let mut text = String::new();
            for e in entries {
                text.push_str(&e.name);
                text.push(if e.is_dir { '/' } else { '\n' });
            }
            digest(text.as_bytes())
        }
        Err(e) => format!("error: {:?}", e.kind()),
    }
}

/// Creates `path` with `text`, never replacing a file (`revision --autogenerate`, the one
/// write driftlock makes into a checkout). Missing folders between `within` and the file (a
/// `file_template` with `/`) are created, none outside `within`.
pub fn create_new(within: &Path, path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        if parent.starts_with(within) && !parent.exists() {
            std::fs::create_dir_all(parent)?;
        }
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_probe_is_recorded_and_found_stale_once_its_answer_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.py");
        let missing = dir.path().join("b.py");
        let folder = dir.path().join("pkg");
        std::fs::write(&file, "x = 1\n").unwrap();
        std::fs::create_dir(&folder).unwrap();
        let ((), recorded) = record(|| {
            read_bytes(&file, 100).unwrap();
            assert!(!is_file(&missing));
            assert!(is_dir(&folder));
            assert!(!exists(&missing));
            read_dir(dir.path()).unwrap();
            canonicalize(&file).unwrap();
            dir_identity(&folder);
        });
        // Other tests probe at the same time and their probes join this recording (a
        // superset is still right): only this test's paths are looked at.
        let mut recorded = recorded.unwrap();
        recorded.retain(|a| a.path.starts_with(dir.path()));
        let probes: Vec<Probe> = recorded.iter().map(|a| a.probe).collect();
        for p in [
            Probe::Read(100),
            Probe::IsFile,
            Probe::IsDir,
            Probe::Exists,
            Probe::List,
        ] {
            assert!(probes.contains(&p), "{p:?} recorded: {probes:?}");
        }
        assert!(recorded.iter().all(still_true), "nothing changed yet");
        let stale = |recorded: &[Access]| -> Vec<(PathBuf, Probe)> {
            recorded
                .iter()
                .filter(|a| !still_true(a))
                .map(|a| (a.path.clone(), a.probe))
                .collect()
        };
        // Same size, other bytes: the digest, not the size or the time, decides.
        std::fs::write(&file, "x = 2\n").unwrap();
        assert_eq!(stale(&recorded), [(file.clone(), Probe::Read(100))]);
        std::fs::write(&file, "x = 1\n").unwrap();
        // A file where there was none: the probes of that path and the listing.
        std::fs::write(&missing, "").unwrap();
        let mut now = stale(&recorded);
        now.sort();
        let mut expected = vec![
            (dir.path().to_path_buf(), Probe::List),
            (missing.clone(), Probe::IsFile),
            (missing.clone(), Probe::Exists),
        ];
        expected.sort();
        assert_eq!(now, expected);
        std::fs::remove_file(&missing).unwrap();
        std::fs::remove_dir(&folder).unwrap();
        assert!(stale(&recorded)
            .iter()
            .any(|(p, k)| *p == folder && *k == Probe::IsDir));
    }

    #[test]
    fn a_path_that_gave_two_answers_makes_no_record() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.py");
        let ((), recorded) = record(|| {
            assert!(!is_file(&file));
            std::fs::write(&file, "").unwrap();
            assert!(is_file(&file));
        });
        assert!(recorded.is_none());
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        assert_eq!(read_utf8(&file, 100).unwrap(), "x = 1\n");
        assert!(matches!(
            read_bytes(&file, 3),
            Err(ReadError::TooLarge { size: 6, limit: 3 })
        ));
        assert!(matches!(
            read_bytes(dir.path(), 100),
            Err(ReadError::NotAFile("a directory"))
        ));
        assert!(matches!(
            read_bytes(&dir.path().join("gone"), 100),
            Err(ReadError::Io(_))
        ));
        #[cfg(unix)]
        {
            let zero = dir.path().join("zero.py");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            assert!(matches!(
                read_bytes(&zero, 100),
                Err(ReadError::NotAFile("a device"))
            ));
        }
        std::fs::write(&file, [0xff, 0xfe]).unwrap();
        assert!(read_utf8(&file, 100).is_err());
    }
}
