//! The JSON shape of a diagnostic, shared by every JSON format (`history/1`, `report/1`).

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// One diagnostic as the `report/1` contract spells it.
#[derive(Debug, Serialize)]
pub struct DiagnosticJson<'a> {
    pub kind: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub revision: Option<&'a str>,
    /// Only with table statistics, on findings whose cost grows with a table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_size: Option<serde_json::Value>,
}

impl<'a> DiagnosticJson<'a> {
    pub fn new(d: &'a Diagnostic, sources: &'a SourceMap) -> Self {
        let place = d.primary.as_ref().map(|span| {
            let file = sources.get(span.file);
            (
                file.display.as_str(),
                file.line_col(span.range.start),
                file.line_col(span.range.end),
            )
        });
        DiagnosticJson {
            kind: d.kind.as_str(),
            rule: d.code,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            file: place.map(|p| p.0),
            line: place.map(|p| p.1.line),
            column: place.map(|p| p.1.column),
            end_line: place.map(|p| p.2.line),
            end_column: place.map(|p| p.2.column),
            revision: d.revision.as_deref(),
            table_size: d.size.as_deref().map(super::check::table_size_json),
        }
    }
}

pub fn diagnostics<'a>(
    diagnostics: &'a [Diagnostic],
    sources: &'a SourceMap,
) -> Vec<DiagnosticJson<'a>> {
    diagnostics
        .iter()
        .map(|d| DiagnosticJson::new(d, sources))
        .collect()
}
