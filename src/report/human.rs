//! Terminal rendering of diagnostics with ariadne: the code, the message, the Python source
//! around the span with its labels, then notes and the help line.

use std::io::Write;
use std::ops::Range;

use ariadne::{CharSet, Config, IndexType, Label, Report, ReportKind};

use super::Color;
use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::source::SourceMap;

/// Renders every diagnostic, then a one-line summary.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    color: Color,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for d in diagnostics {
        render_one(d, sources, color, out)?;
    }
    let s = Summary::of(diagnostics);
    if diagnostics.is_empty() {
        writeln!(out, "no problems found")
    } else {
        writeln!(
            out,
            "{} error(s), {} warning(s), {} info",
            s.errors, s.warnings, s.infos
        )
    }
}

fn kind(severity: Severity) -> ReportKind<'static> {
    match severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Info => ReportKind::Advice,
    }
}

fn label_color(severity: Severity) -> ariadne::Color {
    match severity {
        Severity::Error => ariadne::Color::Red,
        Severity::Warning => ariadne::Color::Yellow,
        Severity::Info => ariadne::Color::Cyan,
    }
}

/// A span that shows something: an empty range is widened to its whole line. Clamped again
/// here, so that a release build never slices inside a character even if a caller skipped
/// `analysis::sort` (debug builds assert instead).
fn visible(sources: &SourceMap, file: crate::source::FileId, range: &Range<usize>) -> Range<usize> {
    let f = sources.get(file);
    let range = &f.clamp(range);
    if !range.is_empty() {
        return range.clone();
    }
    let line = f.line_range(f.line_col(range.start).line);
    if line.is_empty() {
        range.clone()
    } else {
        line
    }
}

fn render_one(
    d: &Diagnostic,
    sources: &SourceMap,
    color: Color,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    debug_assert!(
        d.primary
            .iter()
            .chain(d.labels.iter().map(|l| &l.span))
            .all(|s| sources.get(s.file).is_valid(&s.range)),
        "spans are clamped by analysis::sort before rendering: {d:?}"
    );
    let colored = color == Color::Always;
    let Some(primary) = &d.primary else {
        return render_without_source(d, colored, out);
    };
    let id = |file| sources.get(file).display.clone();
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(colored)
        .with_char_set(CharSet::Unicode);
    let primary_range = visible(sources, primary.file, &primary.range);
    let mut report = Report::build(kind(d.severity), (id(primary.file), primary_range.clone()))
        .with_config(config)
        .with_code(d.code)
        .with_message(&d.message)
        .with_label(
            Label::new((id(primary.file), primary_range))
                .with_message(d.primary_label.as_deref().unwrap_or(&d.message))
                .with_color(label_color(d.severity))
                .with_priority(1),
        );
    for label in &d.labels {
        report = report.with_label(
            Label::new((
                id(label.span.file),
                visible(sources, label.span.file, &label.span.range),
            ))
            .with_message(&label.message)
            .with_color(ariadne::Color::Blue),
        );
    }
    for note in &d.notes {
        report = report.with_note(note);
    }
    if let Some(help) = &d.help {
        report = report.with_help(help);
    }
    let mut files: Vec<crate::source::FileId> = std::iter::once(primary.file)
        .chain(d.labels.iter().map(|l| l.span.file))
        .collect();
    files.sort();
    files.dedup();
    let cache = ariadne::sources(
        files
            .into_iter()
            .map(|f| (id(f), sources.get(f).text.clone())),
    );
    report.finish().write(cache, &mut *out)
}

/// Project-wide findings have no source to show: the same header, notes and help, in text.
fn render_without_source(
    d: &Diagnostic,
    colored: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (start, end) = if colored {
        match d.severity {
            Severity::Error => ("\x1b[31m", "\x1b[0m"),
            Severity::Warning => ("\x1b[33m", "\x1b[0m"),
            Severity::Info => ("\x1b[36m", "\x1b[0m"),
        }
    } else {
        ("", "")
    };
    let word = match d.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Advice",
    };
    writeln!(out, "{start}[{}] {word}:{end} {}", d.code, d.message)?;
    for note in &d.notes {
        writeln!(out, "    Note: {note}")?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "    Help: {help}")?;
    }
    Ok(())
}
