//! JSON lines (`--output-format json-lines`, docs/formats/json-lines.md): one finding per
//! line, each a `report/1` diagnostic object plus its `fingerprint`; drift items follow, as
//! objects of kind `drift` with the same fields and the `drift/1` item under `drift`. Nothing
//! else is printed: a stream to filter line by line (`grep`, `jq -c`).

use serde::Serialize;

use super::check::Checked;
use super::drift::ItemJson;
use super::json::DiagnosticJson;

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    diagnostic: DiagnosticJson<'a>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct DriftLine<'a> {
    kind: &'static str,
    rule: &'static str,
    severity: &'static str,
    message: String,
    help: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    revision: Option<&'a str>,
    drift: ItemJson<'a>,
    fingerprint: &'a str,
}

/// One line per finding, then one per drift item.
pub fn render(checked: &Checked) -> String {
    let result = &checked.result;
    let sources = &result.analysis.sources;
    let mut out = String::new();
    for (d, e) in result
        .diagnostics
        .iter()
        .zip(&checked.fingerprints.diagnostics)
    {
        let line = Line {
            diagnostic: DiagnosticJson::new(d, sources),
            fingerprint: &e.fingerprint,
        };
        if let Ok(text) = serde_json::to_string(&line) {
            out.push_str(&text);
            out.push('\n');
        }
    }
    for (i, e) in result.drift.iter().zip(&checked.fingerprints.drift) {
        let place = i.span.as_ref().map(|s| {
            let f = sources.get(s.file);
            (f.display.as_str(), f.line_col(s.range.start).line)
        });
        let line = DriftLine {
            kind: "drift",
            rule: "drift",
            severity: "warning",
            message: super::fingerprint::drift_message(i),
            help: None,
            file: place.map(|p| p.0),
            line: place.map(|p| p.1),
            column: None,
            end_line: None,
            end_column: None,
            revision: None,
            drift: super::drift::item_json(i, sources),
            fingerprint: &e.fingerprint,
        };
        if let Ok(text) = serde_json::to_string(&line) {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}
