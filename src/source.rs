//! Source files as driftlock holds them: the text, its path relative to the project root, and a
//! line index that turns byte offsets into the 1-based line and character column users see.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One file read from the checkout.
#[derive(Debug)]
pub struct SourceFile {
    /// Absolute (or as given) path, used to read the file.
    pub path: PathBuf,
    /// Path relative to the project root with `/` separators: what every report prints.
    pub display: String,
    /// The text. Files that are not valid UTF-8 hold a lossy decoding, so that a diagnostic
    /// can still show where the bad bytes are.
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let line_starts = line_starts(&text);
        SourceFile {
            path,
            display,
            text,
            line_starts,
        }
    }

    /// Line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// `range` made valid for this text: inside it, on character boundaries (the start rounded
    /// down, the end rounded up), and not reversed. A span that came from a byte position (a
    /// parser's error offset, PostgreSQL's cursor, a decoding error) may fall inside a
    /// multi-byte character or past the end; renderers slice the text with it.
    pub fn clamp(&self, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let len = self.text.len();
        let start = floor_char_boundary(&self.text, range.start.min(len));
        let mut end = range.end.clamp(start, len);
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// Whether `range` is already what [`SourceFile::clamp`] makes of it.
    pub fn is_valid(&self, range: &std::ops::Range<usize>) -> bool {
        self.clamp(range) == *range
    }

    /// Byte offset of the start of a 1-based line (clamped).
    pub fn line_offset(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[i]
    }

    /// Byte range of a 1-based line without its line terminator.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_offset(line);
        let rest = &self.text[start..];
        let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        start..start + len
    }
}

/// Line starts for `\n`, `\r\n` and lone `\r` line endings, as Python counts lines.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file a run has read, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 2^32 files"));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file `id`, when it is in the map already (a module read during a run joins it
    /// when the run is over).
    pub fn try_get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Adds every file of `other`, in order, after this map's: a file that was `FileId(i)`
    /// there is `FileId(offset + i)` here, with the returned offset.
    pub fn append(&mut self, other: SourceMap) -> u32 {
        let offset = u32::try_from(self.files.len()).expect("fewer than 2^32 files");
        self.files.extend(other.files);
        offset
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// `path` relative to `root` with `/` separators; the path itself when it lies elsewhere.
pub fn display_path(root: &Path, path: &Path) -> String {
    let Ok(rel) = path.strip_prefix(root) else {
        return path.to_string_lossy().into_owned();
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Decodes Python source bytes: UTF-8, or Latin-1 when a PEP 263 coding declaration in the
/// first two lines says so. `Err` carries the lossy text and the offset of the first invalid
/// byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, (String, usize)> {
    if declares_latin1(&bytes) {
        return Ok(bytes.iter().map(|&b| char::from(b)).collect());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            Err((String::from_utf8_lossy(err.as_bytes()).into_owned(), offset))
        }
    }
}

/// Whether the first two lines hold a coding declaration (`coding: latin-1`, `coding=cp1252`,
/// ...) for a single-byte Western encoding, which Latin-1 decodes close enough for analysis.
fn declares_latin1(bytes: &[u8]) -> bool {
    let mut lines = bytes.split(|&b| b == b'\n').take(2);
    lines.any(|line| {
        let line = String::from_utf8_lossy(line).to_ascii_lowercase();
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            return false;
        };
        let Some(pos) = comment.find("coding") else {
            return false;
        };
        let rest = comment[pos + 6..]
            .trim_start_matches([':', '='])
            .trim_start();
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        matches!(
            name.replace('_', "-").as_str(),
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "cp1252" | "windows-1252"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("x.py"), "x.py".into(), text.into())
    }

    #[test]
    fn line_col_counts_characters_and_all_line_endings() {
        let f = file("ab\r\ncé d\rx\ny");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 1 });
        // "é" is two bytes: the space after it is the third character.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_col(10), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(12), LineCol { line: 4, column: 1 });
        assert_eq!(f.line_range(2), 4..9);
    }

    #[test]
    fn decode_reports_first_invalid_byte() {
        let (text, offset) = decode(b"ok\n\xff\xfe".to_vec()).unwrap_err();
        assert_eq!(offset, 3);
        assert!(text.starts_with("ok\n"));
    }

    #[test]
    fn display_path_is_relative_with_slashes() {
        let root = Path::new("/a/b");
        assert_eq!(display_path(root, Path::new("/a/b/c/d.py")), "c/d.py");
        assert_eq!(display_path(root, Path::new("/x/y.py")), "/x/y.py");
    }
}
