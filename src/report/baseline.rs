//! Baselines (`baseline/1`, docs/formats/baseline-json.md): the findings a project has
//! accepted for now, by fingerprint (`report::fingerprint`), so that a check reports only
//! the others. A baseline only shrinks: rewriting one keeps the entries still found and drops
//! the rest; only a fresh one (`--write-baseline` without `--baseline`) takes every finding.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fingerprint::{Entry, Fingerprints};
use crate::check::CheckResult;

pub const FORMAT: &str = "baseline/1";

/// A baseline's entry as the file spells it. Only `fingerprint` matches; the other fields say
/// what was accepted, for the people who review the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryJson {
    pub fingerprint: String,
    pub rule: String,
    #[serde(default)]
    pub revision: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
    pub subject: String,
    pub occurrence: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineJson {
    format: String,
    findings: Vec<EntryJson>,
}

/// A baseline read from its file.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    pub entries: Vec<EntryJson>,
}

/// What applying a baseline did to a check's result.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The baseline's path as given.
    pub file: String,
    /// Findings the baseline holds, left out of the report: what a rewrite keeps.
    pub matched: Vec<Entry>,
    /// Entries of the baseline no finding matches any more (fixed, or changed).
    pub stale: Vec<EntryJson>,
}

impl Baseline {
    /// Parses a `baseline/1` document.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let doc: BaselineJson = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if doc.format != FORMAT {
            return Err(format!("format is `{}`, expected `{FORMAT}`", doc.format));
        }
        Ok(Baseline {
            entries: doc.findings,
        })
    }

    /// Reads the baseline at `path`; an error says why, for the command line.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = crate::fs::read_utf8(path, crate::fs::DEFAULT_MAX_FILE_BYTES)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        Baseline::parse(&text)
            .map_err(|e| format!("the baseline {} is not `{FORMAT}`: {e}", path.display()))
    }

    /// Leaves out of `result` every finding the baseline holds (and its fingerprint).
    pub fn apply(
        &self,
        file: String,
        result: &mut CheckResult,
        fingerprints: &mut Fingerprints,
    ) -> Applied {
        let known: BTreeSet<&str> = self
            .entries
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut matched = Vec::new();
        let mut keep = Vec::new();
        for e in &fingerprints.diagnostics {
            let hit = known.contains(e.fingerprint.as_str());
            if hit {
                matched.push(e.clone());
            }
            keep.push(!hit);
        }
        let mut flags = keep.iter();
        result
            .diagnostics
            .retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        fingerprints
            .diagnostics
            .retain(|_| *flags.next().unwrap_or(&true));
        let mut keep = Vec::new();
        for e in &fingerprints.drift {
            let hit = known.contains(e.fingerprint.as_str());
            if hit {
                matched.push(e.clone());
            }
            keep.push(!hit);
        }
        let mut flags = keep.iter();
        result.drift.retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        fingerprints
            .drift
            .retain(|_| *flags.next().unwrap_or(&true));
        let found: BTreeSet<&str> = matched.iter().map(|e| e.fingerprint.as_str()).collect();
        let stale = self
            .entries
            .iter()
            .filter(|e| !found.contains(e.fingerprint.as_str()))
            .cloned()
            .collect();
        Applied {
            file,
            matched,
            stale,
        }
    }
}

/// The `baseline/1` document holding `entries`: sorted by file, revision, rule, subject and
/// occurrence, each fingerprint once; the same findings give the same bytes.
pub fn render<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> String {
    let mut findings: Vec<EntryJson> = entries
        .into_iter()
        .map(|e| EntryJson {
            fingerprint: e.fingerprint.clone(),
            rule: e.rule.clone(),
            revision: e.revision.clone(),
            file: e.file.clone(),
            subject: e.subject.clone(),
            occurrence: e.occurrence,
        })
        .collect();
    findings.sort_by(|a, b| {
        (
            &a.file,
            &a.revision,
            &a.rule,
            &a.subject,
            a.occurrence,
            &a.fingerprint,
        )
            .cmp(&(
                &b.file,
                &b.revision,
                &b.rule,
                &b.subject,
                b.occurrence,
                &b.fingerprint,
            ))
    });
    findings.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    let doc = BaselineJson {
        format: FORMAT.to_string(),
        findings,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_baseline_parses_back() {
        let e = Entry {
            rule: "drop-column".into(),
            revision: Some("0002".into()),
            file: Some("migrations/versions/0002_x.py".into()),
            subject: "dropping \"users.a\"".into(),
            occurrence: 1,
            fingerprint: "abc".into(),
        };
        let text = render([&e, &e]);
        let back = Baseline::parse(&text).unwrap();
        assert_eq!(back.entries.len(), 1);
        assert_eq!(back.entries[0].fingerprint, "abc");
        assert!(Baseline::parse("{\"format\": \"report/1\", \"findings\": []}").is_err());
    }
}
