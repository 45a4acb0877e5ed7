//! Markdown for a pull request comment (`check --output-format markdown`,
//! docs/formats/markdown.md): a marker line a bot finds its own comment by, a summary (counts
//! by level, the PostgreSQL version assumed), one section per revision (each revision changed
//! since `--since`, else each revision with findings) listing its findings with their safe
//! alternative, the findings outside every revision, and the drift table with its ER diagram
//! (`report::drift::markdown`). Everything taken from the project (messages, names, paths) is
//! escaped: it cannot close a table cell, open a link or inject HTML.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::check::Checked;
use crate::diagnostic::{Diagnostic, Summary};
use crate::schema::Schema;

/// The first line of every report: the comment a bot edits is the one whose body starts
/// with it.
pub const MARKER: &str = "<!-- driftlock-report -->";

/// What the renderer needs besides the check's result.
#[derive(Default)]
pub struct Context<'a> {
    /// `--since`: the ref, and the revision files (display paths) changed since it.
    pub since: Option<(&'a str, &'a [String])>,
    /// The models' schema, for the drift diagram (the tables as the models declare them;
    /// without it, as the migrations build them).
    pub declared: Option<&'a Schema>,
}

/// Text escaped for Markdown, in a table cell or a line: the characters that start
/// emphasis, code, links or HTML are backslash-escaped (`<`, `>` and `&` as entities), pipes
/// too, and line breaks become spaces.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` verbatim: fenced by one backtick more than the longest run in
/// it (padded with spaces when it starts or ends with one), pipes escaped for tables
/// (GitHub removes the backslash before it parses the cell's code span).
pub fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where findings go: a revision (by its place in the history), or the project.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Revision(usize),
    Project,
}

/// The Markdown report.
pub fn render(checked: &Checked, context: &Context<'_>) -> String {
    let result = &checked.result;
    let a = &result.analysis;
    let order: Vec<&crate::history::Revision> = a.graph.in_order().collect();
    let index: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let by_file: BTreeMap<crate::source::FileId, usize> =
        order.iter().enumerate().map(|(i, r)| (r.file, i)).collect();
    let mut sections: BTreeMap<Section, Vec<&Diagnostic>> = BTreeMap::new();
    if let Some((_, changed)) = context.since {
        for (i, r) in order.iter().enumerate() {
            if changed.contains(&a.sources.get(r.file).display) {
                sections.entry(Section::Revision(i)).or_default();
            }
        }
    }
    for d in &result.diagnostics {
        let section = d
            .revision
            .as_deref()
            .and_then(|id| index.get(id).copied())
            .or_else(|| {
                d.primary
                    .as_ref()
                    .and_then(|s| by_file.get(&s.file).copied())
            })
            .map_or(Section::Project, Section::Revision);
        sections.entry(section).or_default().push(d);
    }

    let mut out = String::new();
    out.push_str(MARKER);
    out.push_str("\n### driftlock\n\n");
    let s = Summary::of(&result.diagnostics);
    let _ = writeln!(
        out,
        "**{}, {}, {}**, {}; {} revision(s), target {}.",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        if result.drift.is_empty() {
            "no drift".to_string()
        } else {
            plural(result.drift.len(), "drift item", "drift items")
        },
        a.graph.len(),
        text(&super::check::target(result)),
    );
    if let Some((reference, changed)) = context.since {
        let revisions = sections
            .keys()
            .filter(|k| matches!(k, Section::Revision(_)))
            .count();
        let _ = writeln!(
            out,
            "\nRisky changes are reported in the files changed since {} ({} changed, {}).",
            code(reference),
            plural(changed.len(), "file", "files"),
            plural(revisions, "revision", "revisions"),
        );
    }
    if let Some(j) = &result.table_stats {
        let _ = writeln!(out, "\n{}", text(&super::check::table_stats_line(j)));
    }
    if let Some(b) = &checked.baseline {
        let _ = writeln!(
            out,
            "\n{} of the baseline {} not shown{}.",
            plural(b.matched.len(), "finding", "findings"),
            code(&b.file),
            if b.stale.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} no longer found",
                    plural(b.stale.len(), "entry", "entries")
                )
            }
        );
    }
    for (section, findings) in &sections {
        out.push('\n');
        match section {
            Section::Revision(i) => {
                let r = order[*i];
                let _ = write!(out, "#### Revision {}", code(&r.id));
                if let Some(m) = r.message().map(str::trim).filter(|m| !m.is_empty()) {
                    let first = m.lines().next().unwrap_or(m);
                    let _ = write!(out, ": {}", text(first));
                }
                let _ = writeln!(out, " ({})\n", code(&a.sources.get(r.file).display));
            }
            Section::Project => out.push_str("#### Outside the revisions\n\n"),
        }
        if findings.is_empty() {
            out.push_str("No findings.\n");
            continue;
        }
        out.push_str("| level | rule | finding | safe alternative | where |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for d in findings {
            let rule = match crate::rules::find(d.code) {
                Some(r) => format!("{} ({})", code(d.code), r.meta().code),
                None => code(d.code),
            };
            let place = d.primary.as_ref().map_or_else(String::new, |span| {
                let f = a.sources.get(span.file);
                code(&format!(
                    "{}:{}",
                    f.display,
                    f.line_col(span.range.start).line
                ))
            });
            let _ = writeln!(
                out,
                "| {} | {rule} | {} | {} | {place} |",
                d.severity.as_str(),
                text(&d.message),
                d.help.as_deref().map_or_else(String::new, text),
            );
        }
    }
    if sections.is_empty() {
        out.push_str("\nNo findings.\n");
    }
    if !result.drift.is_empty() {
        out.push_str("\n#### Drift between the migrations and the models\n\n");
        let replayed = a.replay.as_ref().map(|r| &r.head);
        let empty = Schema::default();
        let replayed = replayed.unwrap_or(&empty);
        let declared = context.declared.unwrap_or(replayed);
        out.push_str(&super::drift::markdown(
            &result.drift,
            &a.sources,
            replayed,
            declared,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{code, text};

    #[test]
    fn escapes_text_for_tables() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("`x` *y* <b>&"), "\\`x\\` \\*y\\* &lt;b&gt;&amp;");
        assert_eq!(text("one\r\ntwo"), "one two");
        assert_eq!(text("[l](u)"), "\\[l\\](u)");
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\nb"), "`a b`");
    }
}
