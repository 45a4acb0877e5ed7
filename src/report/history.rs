//! `driftlock history` output: the revisions in application order with their files and
//! messages, heads, bases, merges and branch points; as text, `history/1` JSON, Graphviz DOT
//! or Mermaid.

use std::fmt::Write as _;

use serde::Serialize;

use super::json::DiagnosticJson;
use crate::analysis::Analysis;
use crate::history::Revision;

fn ids<'a>(revisions: impl IntoIterator<Item = &'a Revision>) -> Vec<&'a str> {
    revisions.into_iter().map(|r| r.id.as_str()).collect()
}

/// The `down_revision` values as written, even those that name no revision.
fn declared_parents(rev: &Revision) -> Vec<&str> {
    rev.header
        .down_revision
        .iter()
        .flatten()
        .map(|l| l.value.as_str())
        .collect()
}

/// `depends_on` entries, resolved to revision ids where they resolve (branch labels do).
fn dependencies(rev: &Revision) -> Vec<&str> {
    if rev.depends_on.len() == rev.header.depends_on.len() {
        rev.depends_on.iter().map(String::as_str).collect()
    } else {
        rev.header
            .depends_on
            .iter()
            .map(|l| l.value.as_str())
            .collect()
    }
}

/// Human-readable listing, base first, in the style of `alembic history`.
pub fn text(a: &Analysis) -> String {
    let g = &a.graph;
    let heads = g.heads();
    let head_ids = ids(heads.iter().copied());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} revision(s) in {} ({}), in application order:",
        g.len(),
        crate::source::display_path(&a.project.root, &a.project.script_location),
        a.project.layout.describe(),
    );
    for rev in g.in_order() {
        let parents = declared_parents(rev);
        let down = if parents.is_empty() {
            "<base>".to_string()
        } else {
            parents.join(", ")
        };
        let mut tags = String::new();
        let labels: Vec<&str> = rev.branch_labels().collect();
        if !labels.is_empty() {
            let _ = write!(tags, " ({})", labels.join(", "));
        }
        if head_ids.contains(&rev.id.as_str()) {
            tags.push_str(" (head)");
        }
        if g.children_of(&rev.id).len() > 1 {
            tags.push_str(" (branchpoint)");
        }
        if rev.is_merge() {
            tags.push_str(" (mergepoint)");
        }
        let deps = dependencies(rev);
        if !deps.is_empty() {
            let _ = write!(tags, " [depends on {}]", deps.join(", "));
        }
        let message = rev.message().unwrap_or("").replace('\n', " ");
        let _ = writeln!(out, "  {down} -> {}{tags}, {message}", rev.id);
        let _ = writeln!(out, "      {}", a.sources.get(rev.file).display);
    }
    let line = |label: &str, items: Vec<String>| {
        if items.is_empty() {
            format!("{label}: none\n")
        } else {
            format!("{label}: {}\n", items.join(", "))
        }
    };
    out.push('\n');
    out.push_str(&line(
        "heads",
        head_ids.iter().map(|s| s.to_string()).collect(),
    ));
    out.push_str(&line(
        "bases",
        ids(g.bases()).iter().map(|s| s.to_string()).collect(),
    ));
    out.push_str(&line(
        "merges",
        g.merges()
            .iter()
            .map(|r| format!("{} ({})", r.id, r.parents.join(" + ")))
            .collect(),
    ));
    out.push_str(&line(
        "branch points",
        g.branch_points()
            .iter()
            .map(|r| format!("{} -> {}", r.id, g.children_of(&r.id).join(" | ")))
            .collect(),
    ));
    out
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    format: &'static str,
    heads: Vec<&'a str>,
    bases: Vec<&'a str>,
    merges: Vec<&'a str>,
    branch_points: Vec<&'a str>,
    revisions: Vec<RevisionJson<'a>>,
    diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
struct RevisionJson<'a> {
    id: &'a str,
    parents: Vec<&'a str>,
    depends_on: Vec<&'a str>,
    branch_labels: Vec<&'a str>,
    file: &'a str,
    message: Option<&'a str>,
}

/// The `history/1` JSON document.
pub fn json(a: &Analysis) -> String {
    let g = &a.graph;
    let doc = HistoryJson {
        format: "history/1",
        heads: ids(g.heads()),
        bases: ids(g.bases()),
        merges: ids(g.merges()),
        branch_points: ids(g.branch_points()),
        revisions: g
            .in_order()
            .map(|r| RevisionJson {
                id: &r.id,
                parents: declared_parents(r),
                depends_on: dependencies(r),
                branch_labels: r.branch_labels().collect(),
                file: &a.sources.get(r.file).display,
                message: r.message(),
            })
            .collect(),
        diagnostics: super::json::diagnostics(&a.diagnostics, &a.sources),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("history JSON serialises");
    s.push('\n');
    s
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Graphviz DOT: an edge from each parent to its child; `depends_on` edges dashed.
pub fn dot(a: &Analysis) -> String {
    let g = &a.graph;
    let heads = ids(g.heads());
    let mut out = String::from(
        "digraph revisions {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n",
    );
    for rev in g.in_order() {
        let label = match rev.message() {
            Some(m) => format!("{}\n{}", rev.id, m),
            None => rev.id.clone(),
        };
        let style = if heads.contains(&rev.id.as_str()) {
            ", style=bold"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\"{style}];",
            dot_escape(&rev.id),
            dot_escape(&label)
        );
    }
    for rev in g.in_order() {
        for parent in &rev.parents {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\";",
                dot_escape(parent),
                dot_escape(&rev.id)
            );
        }
        for dep in &rev.depends_on {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [style=dashed, label=\"depends_on\"];",
                dot_escape(dep),
                dot_escape(&rev.id)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid_escape(s: &str) -> String {
    s.replace('&', "#amp;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('\n', " ")
}

/// A Mermaid flowchart (GitHub renders it in Markdown); `depends_on` edges dotted.
pub fn mermaid(a: &Analysis) -> String {
    let g = &a.graph;
    let order: Vec<&Revision> = g.in_order().collect();
    let index: std::collections::HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let node = |id: &str| index.get(id).map(|i| format!("r{i}"));
    let mut out = String::from("flowchart TD\n");
    for (i, rev) in order.iter().enumerate() {
        let label = match rev.message() {
            Some(m) => format!("{}<br/>{}", rev.id, mermaid_escape(m)),
            None => rev.id.clone(),
        };
        let _ = writeln!(out, "  r{i}[\"{label}\"]");
    }
    for rev in &order {
        let Some(child) = node(&rev.id) else { continue };
        for parent in &rev.parents {
            if let Some(p) = node(parent) {
                let _ = writeln!(out, "  {p} --> {child}");
            }
        }
        for dep in &rev.depends_on {
            if let Some(d) = node(dep) {
                let _ = writeln!(out, "  {d} -.->|depends_on| {child}");
            }
        }
    }
    out
}
