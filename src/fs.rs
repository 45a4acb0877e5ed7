//! The one way driftlock reads a file's contents: only regular files (symlinks followed), and
//! at most a bounded number of bytes. A FIFO would block the run, `/dev/zero` would never end,
//! and a 2 GB data dump would exhaust memory; each becomes an error the caller reports.

use std::io::Read;
use std::path::Path;

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
