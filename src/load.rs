//! Reading the checkout: every revision file is read and parsed in parallel. This is the only
//! stage besides discovery that touches the file system; later stages work on what it returns.

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::RevisionFile;
use crate::python::{parse_module, unclosed_bracket, Module, SyntaxError};
use crate::source::{decode, display_path, FileId, SourceFile, SourceMap};

fn syntax_error(id: FileId, text: &str, err: &SyntaxError) -> Diagnostic {
    let end = (err.offset + 1).min(text.len()).max(err.offset);
    let at_error = Span::new(id, err.offset..end);
    let d = match unclosed_bracket(text, err.offset) {
        Some(open) => {
            let bracket = &text[open..=open];
            Diagnostic::error(
                Kind::Parse,
                "syntax-error",
                format!("Python syntax error: `{bracket}` was never closed"),
            )
            .at(Span::new(id, open..open + 1))
            .with_primary_label("opened here")
            .with_label(
                at_error,
                format!("the parser gave up here: {}", err.message),
            )
        }
        None => Diagnostic::error(
            Kind::Parse,
            "syntax-error",
            format!("Python syntax error: {}", err.message),
        )
        .at(at_error),
    };
    d.with_note("this revision is left out; the rest of the history is still analysed")
}

/// A parsed file; its text is in the [`SourceMap`] under the same id.
#[derive(Debug)]
pub struct LoadedFile {
    pub id: FileId,
    pub module: Option<Module>,
}

/// What loading returns: the sources, the parsed modules (same order and ids), and the
/// problems met on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    pub files: Vec<LoadedFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses `files` in parallel; the result keeps their order. Read errors, invalid
/// UTF-8 and syntax errors become `parse` diagnostics; the other files go on.
pub fn load(root: &std::path::Path, files: &[RevisionFile]) -> Loaded {
    let results: Vec<(SourceFile, LoadedFile, Option<Diagnostic>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            let id = FileId(u32::try_from(i).expect("fewer than 2^32 files"));
            load_one(root, id, &file.path)
        })
        .collect();
    let mut loaded = Loaded::default();
    for (source, file, diagnostic) in results {
        let id = loaded.sources.add(source);
        debug_assert_eq!(id, file.id);
        loaded.files.push(file);
        loaded.diagnostics.extend(diagnostic);
    }
    loaded
}

fn load_one(
    root: &std::path::Path,
    id: FileId,
    path: &std::path::Path,
) -> (SourceFile, LoadedFile, Option<Diagnostic>) {
    let display = display_path(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            let source = SourceFile::new(path.to_path_buf(), display.clone(), String::new());
            let d = Diagnostic::error(
                Kind::Parse,
                "unreadable-file",
                format!("cannot read {display}: {err}"),
            )
            .at(Span::new(id, 0..0));
            return (source, LoadedFile { id, module: None }, Some(d));
        }
    };
    match decode(bytes) {
        Err((text, offset)) => {
            let source = SourceFile::new(path.to_path_buf(), display, text);
            let d = Diagnostic::error(Kind::Parse, "invalid-utf8", "file is not valid UTF-8")
                .at(Span::new(id, offset..offset + 1))
                .with_primary_label("first invalid byte")
                .with_note("Python 3 reads source files as UTF-8 unless a coding declaration says otherwise")
                .with_help("re-save the file as UTF-8");
            (source, LoadedFile { id, module: None }, Some(d))
        }
        Ok(text) => {
            let (module, diagnostic) = match parse_module(&text, &display) {
                Ok(module) => (Some(module), None),
                Err(err) => (None, Some(syntax_error(id, &text, &err))),
            };
            let source = SourceFile::new(path.to_path_buf(), display, text);
            (source, LoadedFile { id, module }, diagnostic)
        }
    }
}
