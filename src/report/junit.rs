//! JUnit XML (`--output-format junit`, docs/formats/junit.md): one test suite, one test case
//! per revision file (in history order), then one per other file with findings (`env.py`,
//! model files), one for findings with no file, and one for drift. Each finding at or above
//! `--fail-on` is a `<failure>` of its test case; those below it are listed in the case's
//! `<system-out>`, so the test results fail exactly when the exit code does.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::check::{message_with_help, Checked};
use super::FailOn;
use crate::diagnostic::{Diagnostic, Severity};

/// One test case being built.
#[derive(Default)]
struct Case {
    name: String,
    classname: &'static str,
    file: Option<String>,
    failures: Vec<(String, String, String)>,
    below: Vec<String>,
}

/// XML text: `&`, `<`, `>`, quotes escaped; characters XML 1.0 forbids replaced by U+FFFD;
/// line breaks kept as character references so that attributes keep them too.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn place(d: &Diagnostic, checked: &Checked) -> String {
    match &d.primary {
        Some(span) => {
            let f = checked.result.analysis.sources.get(span.file);
            let at = f.line_col(span.range.start);
            format!("{}:{}:{}", f.display, at.line, at.column)
        }
        None => "(project)".into(),
    }
}

/// The JUnit XML document.
pub fn render(checked: &Checked, fail_on: FailOn) -> String {
    let result = &checked.result;
    let a = &result.analysis;
    let mut cases: Vec<Case> = Vec::new();
    let mut by_file: BTreeMap<String, usize> = BTreeMap::new();
    for r in a.graph.in_order() {
        let display = a.sources.get(r.file).display.clone();
        if by_file.contains_key(&display) {
            continue;
        }
        by_file.insert(display.clone(), cases.len());
        cases.push(Case {
            name: format!("{display} ({})", r.id),
            classname: "driftlock.revision",
            file: Some(display),
            ..Case::default()
        });
    }
    let mut others: BTreeMap<String, Case> = BTreeMap::new();
    let mut project = Case {
        name: "project".into(),
        classname: "driftlock.project",
        ..Case::default()
    };
    for d in &result.diagnostics {
        let file = d
            .primary
            .as_ref()
            .map(|s| a.sources.get(s.file).display.clone());
        let case = match &file {
            Some(f) => match by_file.get(f) {
                Some(&i) => &mut cases[i],
                None => others.entry(f.clone()).or_insert_with(|| Case {
                    name: f.clone(),
                    classname: "driftlock.file",
                    file: Some(f.clone()),
                    ..Case::default()
                }),
            },
            None => &mut project,
        };
        let line = format!(
            "{}: {} {}: {}",
            place(d, checked),
            d.severity.as_str(),
            d.code,
            message_with_help(d)
        );
        if fail_on.fails(d.severity) {
            case.failures
                .push((d.code.to_string(), d.message.clone(), line));
        } else {
            case.below.push(line);
        }
    }
    cases.extend(others.into_values());
    if !project.failures.is_empty() || !project.below.is_empty() {
        cases.push(project);
    }
    if !result.drift.is_empty() {
        let mut drift = Case {
            name: "drift".into(),
            classname: "driftlock.drift",
            ..Case::default()
        };
        for i in &result.drift {
            let message = super::fingerprint::drift_message(i);
            let at = i.span.as_ref().map_or("(models)".to_string(), |s| {
                let f = a.sources.get(s.file);
                format!("{}:{}", f.display, f.line_col(s.range.start).line)
            });
            let line = format!("{at}: drift: {message}");
            if fail_on.fails(Severity::Warning) {
                drift.failures.push(("drift".into(), message, line));
            } else {
                drift.below.push(line);
            }
        }
        cases.push(drift);
    }
    let tests = cases.len();
    let failures: usize = cases.iter().filter(|c| !c.failures.is_empty()).count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"driftlock\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        x,
        "  <testsuite name=\"driftlock check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    let _ = writeln!(
        x,
        "    <properties>\n      <property name=\"target\" value=\"{}\"/>\n    </properties>",
        escape(&super::check::target(result))
    );
    for c in &cases {
        let file = c
            .file
            .as_ref()
            .map(|f| format!(" file=\"{}\"", escape(f)))
            .unwrap_or_default();
        let open = format!(
            "    <testcase name=\"{}\" classname=\"{}\"{file}",
            escape(&c.name),
            c.classname
        );
        if c.failures.is_empty() && c.below.is_empty() {
            let _ = writeln!(x, "{open}/>");
            continue;
        }
        let _ = writeln!(x, "{open}>");
        for (kind, message, body) in &c.failures {
            let _ = writeln!(
                x,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                escape(kind),
                escape(message),
                escape_body(body)
            );
        }
        if !c.below.is_empty() {
            let body: Vec<String> = c.below.iter().map(|l| escape_body(l)).collect();
            let _ = writeln!(x, "      <system-out>{}</system-out>", body.join("\n"));
        }
        let _ = writeln!(x, "    </testcase>");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// Element text: only `&`, `<` and `>` need escaping there; forbidden characters as in
/// `escape`, line breaks and quotes written as they are.
fn escape_body(s: &str) -> String {
    escape(s)
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&#9;", "\t")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            super::escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{fffd}"
        );
    }
}
