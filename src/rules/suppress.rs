//! Suppression comments. `# driftlock: ignore[rule-a, rule-b] reason` on the line of a call,
//! on the line above it or on any line the call spans, silences those rules for that call;
//! `# driftlock: ignore-file[rule-a] reason` anywhere in a file silences them for the whole
//! file. The same words in an SQL comment (`-- driftlock: ignore[...]`) inside an
//! `op.execute` string work too. A suppression that silences nothing is itself reported, so
//! stale ones do not pile up.

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::source::{FileId, SourceMap};

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub file: FileId,
    /// 1-based line of the comment.
    pub line: usize,
    pub whole_file: bool,
    pub rules: Vec<String>,
    /// Byte range of the comment, for the unused-suppression finding.
    pub range: std::ops::Range<usize>,
}

const MARKER: &str = "driftlock:";

/// Every suppression comment in `text`.
pub fn parse(file: FileId, text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        let before = line[..at].trim_end();
        if !(before.ends_with('#') || before.ends_with("--")) {
            continue;
        }
        let rest = line[at + MARKER.len()..].trim_start();
        let (whole_file, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("ignore") {
            (false, r)
        } else {
            continue;
        };
        let Some(list) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
            continue;
        };
        let rules: Vec<String> = list
            .0
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        if rules.is_empty() {
            continue;
        }
        let comment_start = start + line[..at].rfind(['#', '-']).unwrap_or(at);
        out.push(Suppression {
            file,
            line: i + 1,
            whole_file,
            rules,
            range: comment_start..start + line.trim_end().len(),
        });
    }
    out
}

fn names(rule: &str, d: &Diagnostic) -> bool {
    rule == d.code
        || rule == "all"
        || crate::rules::find(d.code).is_some_and(|r| r.meta().code.eq_ignore_ascii_case(rule))
}

/// Removes the diagnostics that a suppression in their file covers, and reports the
/// suppressions that covered nothing. Only findings that can be suppressed (risk findings and
/// the replay's downgrade findings) are looked at.
/// `enabled` tells whether a rule runs: a suppression of rules that did not run is not
/// reported as unused.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    sources: &SourceMap,
    suppressions: &[Suppression],
    enabled: &dyn Fn(&str) -> bool,
) {
    let mut used = vec![false; suppressions.len()];
    diagnostics.retain(|d| {
        if !suppressible(d) {
            return true;
        }
        let Some(span) = &d.primary else {
            return true;
        };
        let file = sources.get(span.file);
        let first = file.line_col(span.range.start).line;
        let last = file.line_col(span.range.end).line;
        let mut kept = true;
        for (i, s) in suppressions.iter().enumerate() {
            if s.file != span.file || !s.rules.iter().any(|r| names(r, d)) {
                continue;
            }
            if s.whole_file || (s.line + 1 >= first && s.line <= last) {
                used[i] = true;
                kept = false;
            }
        }
        kept
    });
    for (s, used) in suppressions.iter().zip(used) {
        let ran = s
            .rules
            .iter()
            .any(|r| r == "all" || crate::rules::find(r).is_none() || enabled(r));
        if !used && ran {
            let unknown: Vec<&String> = s
                .rules
                .iter()
                .filter(|r| *r != "all" && crate::rules::find(r).is_none())
                .collect();
            let message = if unknown.is_empty() {
                format!(
                    "this suppression of {} matches no finding",
                    s.rules.join(", ")
                )
            } else {
                format!(
                    "this suppression names {}, which {} not a rule",
                    unknown
                        .iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if unknown.len() == 1 { "is" } else { "are" }
                )
            };
            diagnostics.push(
                Diagnostic::warning(Kind::Risk, codes::UNUSED_SUPPRESSION, message)
                    .at(Span::new(s.file, s.range.clone()))
                    .with_help("remove the comment, or fix the rule name (see `driftlock rules`)"),
            );
        }
    }
}

/// Whether a suppression comment may silence `d`.
pub fn suppressible(d: &Diagnostic) -> bool {
    d.kind == Kind::Risk || crate::rules::find(d.code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_file_suppressions() {
        let text = "x = 1\nop.drop_column('t', 'c')  # driftlock: ignore[drop-column, BRK004] cleanup\n\
                    # driftlock: ignore-file[rename-table]\nop.execute(\"\"\"\n-- driftlock: ignore[truncate-table]\n\"\"\")\n\
                    # driftlock ignore[x] (no colon)\ns = '# driftlock: nothing'\n";
        let found = parse(FileId(0), text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].rules, vec!["drop-column", "BRK004"]);
        assert!(!found[0].whole_file);
        assert!(found[1].whole_file);
        assert_eq!(found[2].line, 5);
        assert_eq!(found[2].rules, vec!["truncate-table"]);
    }
}
