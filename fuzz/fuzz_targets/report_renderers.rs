//! The report renderers: the input's text (lossy UTF-8) is the one file of a `SourceMap`, and
//! a few diagnostics are built from the same bytes (`arbitrary`'s `Unstructured`) with spans
//! anywhere: inside the text, inside a multi-byte character, at its end, past it, reversed.
//! Every diagnostic goes to the text renderer (`report::human::render`, with and without
//! colour) and the JSON one (`report::json`). Nothing may panic.
#![no_main]

use std::ops::Range;
use std::path::PathBuf;

use arbitrary::Unstructured;
use driftlock::codes;
use driftlock::diagnostic::{Diagnostic, Kind, Severity, Span};
use driftlock::report::{self, Color};
use driftlock::source::{FileId, SourceFile, SourceMap};
use libfuzzer_sys::fuzz_target;

const CODES: [&str; 6] = [
    codes::SYNTAX_ERROR,
    codes::MISSING_PARENT,
    codes::SQL_SYNTAX_ERROR,
    codes::OPERATION_FAILS,
    codes::UNANALYZABLE_CODE,
    "add-column-volatile-default",
];

/// A byte offset: mostly inside the text (character boundary or not), sometimes just past its
/// end, sometimes anything.
fn offset(u: &mut Unstructured, len: usize) -> usize {
    match u.int_in_range(0u8..=15).unwrap_or(2) {
        0 => u.arbitrary::<usize>().unwrap_or(usize::MAX),
        1 => len + u.int_in_range(0usize..=8).unwrap_or(1),
        _ => u.int_in_range(0..=len).unwrap_or(0),
    }
}

fn range(u: &mut Unstructured, len: usize) -> Range<usize> {
    let start = offset(u, len);
    let end = match u.int_in_range(0u8..=3).unwrap_or(0) {
        // Short spans, as most diagnostics have (possibly empty, possibly past the end).
        0 | 1 => start.saturating_add(u.int_in_range(0usize..=6).unwrap_or(0)),
        _ => offset(u, len),
    };
    start..end
}

fn diagnostic(u: &mut Unstructured, len: usize) -> Diagnostic {
    let kind = match u.int_in_range(0u8..=4).unwrap_or(0) {
        0 => Kind::Parse,
        1 => Kind::History,
        2 => Kind::Unanalyzable,
        3 => Kind::Replay,
        _ => Kind::Risk,
    };
    let severity = match u.int_in_range(0u8..=2).unwrap_or(0) {
        0 => Severity::Error,
        1 => Severity::Warning,
        _ => Severity::Info,
    };
    let code = CODES[u.int_in_range(0..=CODES.len() - 1).unwrap_or(0)];
    let mut d = Diagnostic::new(kind, code, severity, "a message — with ünïcode".into());
    // Most diagnostics have a place; project-wide ones do not.
    if u.int_in_range(0u8..=7).unwrap_or(1) != 0 {
        d = d.at(Span::new(FileId(0), range(u, len)));
        if u.arbitrary().unwrap_or(false) {
            d = d.with_primary_label("here 🡅");
        }
    }
    for _ in 0..u.int_in_range(0u8..=2).unwrap_or(0) {
        d = d.with_label(Span::new(FileId(0), range(u, len)), "and there");
    }
    if u.arbitrary().unwrap_or(false) {
        d = d.with_note("a note\nover two lines");
    }
    if u.arbitrary().unwrap_or(false) {
        d = d.with_help("do this");
    }
    if u.arbitrary().unwrap_or(false) {
        d = d.for_revision("ae1027a6acf");
    }
    d
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let len = text.len();
    let mut sources = SourceMap::default();
    sources.add(SourceFile::new(
        PathBuf::from("/project/migrations/versions/0001_x.py"),
        "migrations/versions/0001_x.py".into(),
        text,
    ));
    let mut u = Unstructured::new(data);
    let count = u.int_in_range(1u8..=4).unwrap_or(1);
    let mut diagnostics: Vec<Diagnostic> = (0..count).map(|_| diagnostic(&mut u, len)).collect();
    // Every list of findings goes through `analysis::sort` (spans clamped, then sorted)
    // before a renderer sees it; the renderer also clamps, for release builds.
    driftlock::analysis::sort(&mut diagnostics, &sources);

    let mut out = Vec::new();
    report::human::render(&diagnostics, &sources, Color::Never, &mut out).expect("to a Vec");
    report::human::render(&diagnostics, &sources, Color::Always, &mut out).expect("to a Vec");
    let json = report::json::diagnostics(&diagnostics, &sources);
    let _ = serde_json::to_string(&json).expect("diagnostics serialise");
});
