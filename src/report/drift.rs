//! Renderings of drift: text for people, `drift/1` JSON, and Markdown for a pull request
//! comment (a summary line, a table of items linking to the model lines, and a Mermaid
//! `erDiagram` of the tables involved).

use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use crate::drift::Item;
use crate::schema::{Key, Schema};
use crate::source::SourceMap;

#[derive(Serialize)]
pub(crate) struct ItemJson<'a> {
    kind: &'static str,
    /// The table's schema when it is not `public`.
    schema: Option<&'a str>,
    table: &'a str,
    column: Option<&'a str>,
    name: Option<&'a str>,
    detail: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
}

fn place<'a>(item: &Item, sources: &'a SourceMap) -> Option<(&'a str, usize)> {
    item.span.as_ref().map(|s| {
        let f = sources.get(s.file);
        (f.display.as_str(), f.line_col(s.range.start).line)
    })
}

pub(crate) fn item_json<'a>(i: &'a Item, sources: &'a SourceMap) -> ItemJson<'a> {
    let p = place(i, sources);
    ItemJson {
        kind: i.kind,
        schema: (i.schema != "public").then_some(i.schema.as_str()),
        table: &i.table,
        column: i.column.as_deref(),
        name: i.name.as_deref(),
        detail: &i.detail,
        file: p.map(|p| p.0),
        line: p.map(|p| p.1),
    }
}

#[derive(Serialize)]
struct DriftJson<'a> {
    format: &'static str,
    drift: Vec<ItemJson<'a>>,
}

/// The `drift/1` document.
pub fn json(items: &[Item], sources: &SourceMap) -> String {
    let doc = DriftJson {
        format: "drift/1",
        drift: items.iter().map(|i| item_json(i, sources)).collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("drift serialises");
    text.push('\n');
    text
}

fn target(i: &Item) -> String {
    let mut s = if i.schema == "public" {
        i.table.clone()
    } else {
        format!("{}.{}", i.schema, i.table)
    };
    if let Some(c) = &i.column {
        s.push('.');
        s.push_str(c);
    }
    if let Some(n) = &i.name {
        let _ = write!(s, " {n}");
    }
    s
}

pub fn text(items: &[Item], sources: &SourceMap, out: &mut dyn Write) -> std::io::Result<()> {
    for i in items {
        let at = place(i, sources).map_or_else(String::new, |(f, l)| format!("  ({f}:{l})"));
        writeln!(out, "{:<18} {}{at}", i.kind, target(i))?;
        writeln!(out, "{:<18} {}", "", i.detail)?;
    }
    if items.is_empty() {
        writeln!(
            out,
            "no drift: the migrations build what the models declare"
        )
    } else {
        writeln!(
            out,
            "{} difference(s) between the migrations and the models",
            items.len()
        )
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Mermaid identifiers: letters, digits and underscores.
fn mermaid_id(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub fn markdown(
    items: &[Item],
    sources: &SourceMap,
    replayed: &Schema,
    declared: &Schema,
) -> String {
    let mut out = String::new();
    if items.is_empty() {
        out.push_str("**driftlock**: no drift, the migrations build what the models declare.\n");
        return out;
    }
    let tables: std::collections::BTreeSet<Key> = items
        .iter()
        .map(|i| (i.schema.clone(), i.table.clone()))
        .collect();
    let _ = writeln!(
        out,
        "**driftlock**: {} difference(s) between the migrations and the models, on {} table(s).\n",
        items.len(),
        tables.len()
    );
    out.push_str("| change | object | detail | where |\n| --- | --- | --- | --- |\n");
    for i in items {
        let at =
            place(i, sources).map_or_else(String::new, |(f, l)| format!("[{f}:{l}]({f}#L{l})"));
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} |",
            i.kind,
            cell(&target(i)),
            cell(&i.detail),
            at
        );
    }
    // The tables involved, as the models declare them (or as the migrations build them).
    let mut diagram = String::new();
    let mut links = Vec::new();
    for k in &tables {
        let Some(t) = declared.tables.get(k).or_else(|| replayed.tables.get(k)) else {
            continue;
        };
        let _ = writeln!(
            diagram,
            "    {} {{",
            mermaid_id(&format!("{}_{}", k.0, k.1))
        );
        for c in &t.columns {
            let ty = mermaid_id(&c.ty.to_string());
            let _ = writeln!(
                diagram,
                "        {} {}",
                if ty.is_empty() { "type" } else { &ty },
                mermaid_id(&c.name)
            );
        }
        diagram.push_str("    }\n");
        for c in &t.constraints {
            if let crate::ir::ConstraintKind::ForeignKey { referenced, .. } = &c.kind {
                let r = crate::schema::key(referenced);
                if tables.contains(&r) {
                    links.push(format!(
                        "    {} }}o--|| {} : \"{}\"\n",
                        mermaid_id(&format!("{}_{}", k.0, k.1)),
                        mermaid_id(&format!("{}_{}", r.0, r.1)),
                        c.name
                    ));
                }
            }
        }
    }
    if !diagram.is_empty() {
        out.push_str("\n```mermaid\nerDiagram\n");
        out.push_str(&diagram);
        for l in links {
            out.push_str(&l);
        }
        out.push_str("```\n");
    }
    out
}
