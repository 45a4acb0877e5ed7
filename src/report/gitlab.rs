//! GitLab Code Quality (`--output-format gitlab`): a JSON array of issues in the Code Climate
//! subset GitLab reads (docs/formats/gitlab.md). One issue per finding and per drift item;
//! the fingerprint is the finding's stable one (`report::fingerprint`).

use serde::Serialize;

use super::check::{message_with_help, Checked};
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: &'a str,
    location: Location<'a>,
}

/// GitLab's severities: `info`, `minor`, `major`, `critical`, `blocker`.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

/// The Code Climate category of a finding: what the rule's category is about.
fn category(d: &Diagnostic) -> &'static str {
    match crate::rules::find(d.code).map(|r| r.meta().category.as_str()) {
        Some("security") => "Security",
        Some("style") => "Style",
        Some("compatibility") => "Compatibility",
        Some("index" | "constraint" | "column" | "type" | "transaction" | "maintenance") => {
            "Performance"
        }
        _ => "Bug Risk",
    }
}

/// The Code Quality report: findings first, then drift, in report order.
pub fn render(checked: &Checked) -> String {
    let result = &checked.result;
    let sources = &result.analysis.sources;
    // A finding without a place is the project's: GitLab needs a path, the script location
    // is the nearest one.
    let project = crate::source::display_path(
        &result.analysis.project.root,
        &result.analysis.project.script_location,
    );
    let mut issues = Vec::new();
    for (d, e) in result
        .diagnostics
        .iter()
        .zip(&checked.fingerprints.diagnostics)
    {
        let (path, line) = match &d.primary {
            Some(span) => {
                let f = sources.get(span.file);
                (f.display.as_str(), f.line_col(span.range.start).line)
            }
            None => (project.as_str(), 1),
        };
        issues.push(Issue {
            kind: "issue",
            check_name: d.code,
            description: message_with_help(d),
            categories: [category(d)],
            severity: severity(d.severity),
            fingerprint: &e.fingerprint,
            location: Location {
                path,
                lines: Lines { begin: line },
            },
        });
    }
    for (i, e) in result.drift.iter().zip(&checked.fingerprints.drift) {
        let (path, line) = match &i.span {
            Some(span) => {
                let f = sources.get(span.file);
                (f.display.as_str(), f.line_col(span.range.start).line)
            }
            None => (project.as_str(), 1),
        };
        issues.push(Issue {
            kind: "issue",
            check_name: "drift",
            description: format!(
                "drift between the migrations and the models: {}",
                super::fingerprint::drift_message(i)
            ),
            categories: ["Bug Risk"],
            severity: severity(Severity::Warning),
            fingerprint: &e.fingerprint,
            location: Location {
                path,
                lines: Lines { begin: line },
            },
        });
    }
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}
