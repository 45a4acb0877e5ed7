//! Renderings of `driftlock check`: text for people, `report/1` JSON, SARIF 2.1.0 for code
//! scanning, and GitHub workflow annotations. All read the same sorted diagnostics. The other
//! formats (GitLab Code Quality, JUnit XML, JSON lines, statistics) have their own files and
//! read a `Checked`: the result with its fingerprints and what a baseline left out.

use std::io::Write;

use serde::Serialize;
use serde_json::json;

use super::baseline::Applied;
use super::fingerprint::Fingerprints;
use super::json::DiagnosticJson;
use super::Color;
use crate::check::CheckResult;
use crate::diagnostic::{Diagnostic, Severity, Summary};

/// A check's result as the reporters take it: its findings (less those a baseline holds),
/// their fingerprints index for index, and what the baseline did.
pub struct Checked {
    pub result: CheckResult,
    pub fingerprints: Fingerprints,
    pub baseline: Option<Applied>,
}

impl Checked {
    pub fn new(result: CheckResult) -> Checked {
        let fingerprints = Fingerprints::of(&result);
        Checked {
            result,
            fingerprints,
            baseline: None,
        }
    }
}

/// The baseline's summary as `report/1` and SARIF carry it.
fn baseline_json(applied: &Applied) -> serde_json::Value {
    json!({
        "file": applied.file,
        "matched": applied.matched.len(),
        "stale": applied.stale.len(),
        "stale_findings": applied.stale.iter().map(|e| json!({
            "fingerprint": e.fingerprint,
            "rule": e.rule,
            "revision": e.revision,
            "file": e.file,
            "subject": e.subject,
        })).collect::<Vec<_>>(),
    })
}

/// The lines the text report ends with when a baseline was applied.
pub fn baseline_text(applied: &Applied, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "\n{} finding(s) of the baseline {} not shown",
        applied.matched.len(),
        applied.file
    )?;
    if !applied.stale.is_empty() {
        writeln!(
            out,
            "note: {} baseline entr{} no longer found (fixed or changed); rewrite the baseline \
             with --baseline {} --write-baseline to drop {}:",
            applied.stale.len(),
            if applied.stale.len() == 1 {
                "y is"
            } else {
                "ies are"
            },
            applied.file,
            if applied.stale.len() == 1 {
                "it"
            } else {
                "them"
            },
        )?;
        for e in &applied.stale {
            let place = e
                .revision
                .as_deref()
                .or(e.file.as_deref())
                .unwrap_or("project");
            writeln!(out, "  {place}: {}: {}", e.rule, e.subject)?;
        }
    }
    Ok(())
}

/// The line every rendering states: what was assumed about the server.
pub(crate) fn target(result: &CheckResult) -> String {
    format!(
        "PostgreSQL {} ({})",
        result.settings.pg_version, result.settings.pg_version_source
    )
}

/// One sentence on what the table statistics did, for the text and Markdown headers.
pub(crate) fn table_stats_line(j: &crate::stats::Judged) -> String {
    use crate::diagnostic::SizeClass;
    let count = |c: SizeClass| j.findings.get(&c).copied().unwrap_or(0);
    let lowered = if j.stale { "" } else { ", lowered to info" };
    let parts: Vec<String> = [
        (SizeClass::Small, format!("on small tables{lowered}")),
        (SizeClass::New, format!("on tables created since{lowered}")),
        (SizeClass::Large, "on large tables".to_string()),
        (SizeClass::Medium, "on other tables".to_string()),
        (
            SizeClass::Unknown,
            format!(
                "on {} table(s) not in the statistics",
                j.unknown_tables.len()
            ),
        ),
    ]
    .into_iter()
    .filter(|(class, _)| count(*class) > 0)
    .map(|(class, what)| format!("{} {what}", count(class)))
    .collect();
    format!(
        "Table statistics {} (snapshot {}{}): {}.",
        j.file,
        crate::stats::time::date_of(&j.snapshot_at),
        if j.stale { ", stale" } else { "" },
        if parts.is_empty() {
            "no finding depends on a table's size".to_string()
        } else {
            format!("findings {}", parts.join("; "))
        }
    )
}

/// The table statistics' summary as `report/1` and SARIF carry it.
fn table_stats_json(j: &crate::stats::Judged) -> serde_json::Value {
    let findings: serde_json::Map<String, serde_json::Value> = j
        .findings
        .iter()
        .map(|(class, n)| (class.as_str().to_string(), json!(n)))
        .collect();
    json!({
        "file": j.file,
        "snapshot_at": j.snapshot_at,
        "stale": j.stale,
        "findings": findings,
        "unknown_tables": j.unknown_tables,
    })
}

/// What the statistics said about a finding's table, as `report/1` and SARIF carry it.
pub(crate) fn table_size_json(size: &crate::diagnostic::TableSize) -> serde_json::Value {
    json!({
        "table": size.table,
        "class": size.class.as_str(),
        "work": size.work.as_str(),
        "rows": size.rows,
        "total_bytes": size.total_bytes,
        "heap_bytes": size.heap_bytes,
        "index_bytes": size.index_bytes,
        "estimate_seconds": size.estimate_ms.map(|ms| ms as f64 / 1000.0),
    })
}

pub fn text(result: &CheckResult, color: Color, out: &mut dyn Write) -> std::io::Result<()> {
    let a = &result.analysis;
    writeln!(
        out,
        "driftlock check: {} revision(s), target {}",
        a.graph.len(),
        target(result)
    )?;
    if let Some(j) = &result.table_stats {
        writeln!(out, "{}", table_stats_line(j))?;
    }
    super::human::render(&result.diagnostics, &a.sources, color, out)?;
    if !result.drift.is_empty() {
        writeln!(
            out,
            "\n{} difference(s) between the migrations and the models (details: driftlock drift):",
            result.drift.len()
        )?;
        super::drift::text(&result.drift, &a.sources, out)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ProjectJson<'a> {
    root: &'static str,
    script_location: String,
    heads: Vec<&'a str>,
    revisions: usize,
    models: Vec<String>,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    format: &'static str,
    tool: serde_json::Value,
    project: ProjectJson<'a>,
    target: serde_json::Value,
    diagnostics: Vec<DiagnosticJson<'a>>,
    drift: Vec<serde_json::Value>,
    summary: serde_json::Value,
    /// Only with `--baseline`: what it left out, and its stale entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<serde_json::Value>,
    /// Only with table statistics: the file, its snapshot, the findings judged by class.
    #[serde(skip_serializing_if = "Option::is_none")]
    table_stats: Option<serde_json::Value>,
}

/// The `report/1` document.
pub fn json(result: &CheckResult) -> String {
    json_of(result, None)
}

/// The `report/1` document of a check, with the baseline's summary when one was applied.
pub fn json_checked(checked: &Checked) -> String {
    json_of(&checked.result, checked.baseline.as_ref())
}

fn json_of(result: &CheckResult, baseline: Option<&Applied>) -> String {
    let a = &result.analysis;
    let mut heads: Vec<&str> = a.graph.heads().iter().map(|r| r.id.as_str()).collect();
    heads.sort();
    let s = Summary::of(&result.diagnostics);
    let doc = ReportJson {
        format: "report/1",
        tool: json!({"name": "driftlock", "version": env!("CARGO_PKG_VERSION")}),
        project: ProjectJson {
            root: ".",
            script_location: crate::source::display_path(
                &a.project.root,
                &a.project.script_location,
            ),
            heads,
            revisions: a.graph.len(),
            models: result.models.clone(),
        },
        target: json!({
            "pg_version": result.settings.pg_version.to_string(),
            "source": result.settings.pg_version_source,
        }),
        diagnostics: super::json::diagnostics(&result.diagnostics, &a.sources),
        drift: result
            .drift
            .iter()
            .map(|i| serde_json::to_value(super::drift::item_json(i, &a.sources)).expect("item"))
            .collect(),
        summary: json!({"errors": s.errors, "warnings": s.warnings, "infos": s.infos, "drift": result.drift.len()}),
        baseline: baseline.map(baseline_json),
        table_stats: result.table_stats.as_ref().map(table_stats_json),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("report serialises");
    text.push('\n');
    text
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0: every rule in `tool.driver.rules` (with its documentation), one result per
/// finding. Findings that are not rule findings (history, replay, parse) carry their code as
/// rule id too, so code scanning can group them.
pub fn sarif(result: &CheckResult) -> String {
    sarif_of(result, &Fingerprints::of(result), None)
}

/// SARIF of a check: each result's `partialFingerprints` is its fingerprint
/// (`driftlock/v1`, the one baselines use), stable when lines move.
pub fn sarif_checked(checked: &Checked) -> String {
    sarif_of(
        &checked.result,
        &checked.fingerprints,
        checked.baseline.as_ref(),
    )
}

fn sarif_of(
    result: &CheckResult,
    fingerprints: &Fingerprints,
    baseline: Option<&Applied>,
) -> String {
    let a = &result.analysis;
    let mut rule_ids: Vec<&str> = crate::rules::all().iter().map(|r| r.meta().name).collect();
    for d in &result.diagnostics {
        if !rule_ids.contains(&d.code) {
            rule_ids.push(d.code);
        }
    }
    let rules: Vec<serde_json::Value> = rule_ids
        .iter()
        .map(|id| match crate::rules::find(id) {
            Some(rule) => {
                let meta = rule.meta();
                json!({
                    "id": meta.name,
                    "name": meta.code,
                    "shortDescription": {"text": meta.summary()},
                    "fullDescription": {"text": meta.summary()},
                    "help": {"text": meta.doc(), "markdown": meta.doc()},
                    "defaultConfiguration": {"level": match meta.default {
                        crate::rules::Level::Off => "none",
                        crate::rules::Level::Info => "note",
                        crate::rules::Level::Warning => "warning",
                        crate::rules::Level::Error => "error",
                    }},
                    "properties": {"category": meta.category.as_str(), "code": meta.code},
                })
            }
            None => json!({"id": id, "shortDescription": {"text": id}}),
        })
        .collect();
    let results: Vec<serde_json::Value> = result
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut r = json!({
                "ruleId": d.code,
                "ruleIndex": rule_ids.iter().position(|id| *id == d.code).unwrap_or(0),
                "level": sarif_level(d.severity),
                "message": {"text": message_with_help(d)},
                "properties": {"kind": d.kind.as_str()},
            });
            if let Some(e) = fingerprints.diagnostics.get(i) {
                r["partialFingerprints"] = json!({"driftlock/v1": e.fingerprint});
            }
            if let Some(span) = &d.primary {
                let f = a.sources.get(span.file);
                let start = f.line_col(span.range.start);
                let end = f.line_col(span.range.end);
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.display, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": start.line, "startColumn": start.column,
                            "endLine": end.line, "endColumn": end.column,
                        }
                    }
                }]);
            }
            if let Some(rev) = &d.revision {
                r["properties"]["revision"] = json!(rev);
            }
            if let Some(size) = &d.size {
                r["properties"]["tableSize"] = table_size_json(size);
            }
            r
        })
        .collect();
    let mut properties = json!({"target": target(result)});
    if let Some(b) = baseline {
        properties["baseline"] = baseline_json(b);
    }
    if let Some(j) = &result.table_stats {
        properties["tableStats"] = table_stats_json(j);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "driftlock",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "properties": properties,
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("SARIF serialises");
    text.push('\n');
    text
}

pub(crate) fn message_with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{} (help: {h})", d.message),
        None => d.message.clone(),
    }
}

/// GitHub's workflow command escaping: `%`, CR and LF in data; also `:` and `,` in properties.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error`/`::warning`/`::notice` workflow command per finding. GitHub shows only the
/// first ten of each level per step: use SARIF for more.
pub fn github(result: &CheckResult) -> String {
    let a = &result.analysis;
    let mut out = String::new();
    for d in &result.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = vec![format!("title={}", escape_property(d.code))];
        if let Some(span) = &d.primary {
            let f = a.sources.get(span.file);
            let start = f.line_col(span.range.start);
            let end = f.line_col(span.range.end);
            props.insert(0, format!("file={}", escape_property(&f.display)));
            props.insert(1, format!("line={}", start.line));
            props.insert(2, format!("col={}", start.column));
            props.insert(3, format!("endLine={}", end.line));
            if end.line == start.line {
                props.insert(4, format!("endColumn={}", end.column));
            }
        }
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            escape_data(&message_with_help(d))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_workflow_commands() {
        assert_eq!(super::escape_data("50%\nx"), "50%25%0Ax");
        assert_eq!(super::escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
