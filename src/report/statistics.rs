//! `--statistics`: how many findings each rule reported, instead of the findings, as ruff
//! prints them: most frequent first (then by name), with the rule's code and level. JSON
//! with `--output-format json`, text otherwise.

use std::collections::BTreeMap;

use serde::Serialize;

use super::check::Checked;

/// The code column of a row that is not a rule's (a problem's code, drift).
const NO_CODE: &str = "";

#[derive(Serialize)]
struct Row {
    /// The rule's short code (`IDX001`); empty for problems that are not a rule's.
    code: &'static str,
    name: &'static str,
    /// The highest severity among its findings.
    severity: &'static str,
    count: usize,
}

fn rows(checked: &Checked) -> Vec<Row> {
    let mut counts: BTreeMap<&'static str, (usize, crate::diagnostic::Severity)> = BTreeMap::new();
    for d in &checked.result.diagnostics {
        let e = counts.entry(d.code).or_insert((0, d.severity));
        e.0 += 1;
        e.1 = e.1.max(d.severity);
    }
    let mut rows: Vec<Row> = counts
        .into_iter()
        .map(|(name, (count, severity))| Row {
            code: crate::rules::find(name).map_or(NO_CODE, |r| r.meta().code),
            name,
            severity: severity.as_str(),
            count,
        })
        .collect();
    if !checked.result.drift.is_empty() {
        rows.push(Row {
            code: NO_CODE,
            name: "drift",
            severity: "warning",
            count: checked.result.drift.len(),
        });
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
    rows
}

/// One line per rule: count, code, name, level; columns aligned with spaces.
pub fn text(checked: &Checked) -> String {
    let rows = rows(checked);
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code_w = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let name_w = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rows {
        let line = format!(
            "{:>count_w$}  {:<code_w$}  {:<name_w$}  {}",
            r.count, r.code, r.name, r.severity
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The same rows as a JSON array of `{code, name, severity, count}`.
pub fn json(checked: &Checked) -> String {
    let mut text = serde_json::to_string_pretty(&rows(checked)).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}
