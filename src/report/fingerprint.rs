//! Stable fingerprints of the findings of a check: what baselines (`baseline/1`), SARIF's
//! `partialFingerprints` and GitLab's `fingerprint` are made of. A fingerprint survives lines
//! moving (a comment added at the top of a revision, a function reformatted) and a revision
//! file renamed; it changes when the operation or its object changes.
//!
//! It is built from:
//! - the rule (the finding's code; `drift` for a drift item);
//! - the revision id the finding belongs to, else the file's path relative to the project
//!   root, else nothing;
//! - the subject: the message, which names the operation and the objects it touches
//!   (`CREATE INDEX ix_users_email on existing table "users" ...`), with runs of white space
//!   collapsed and free-standing numbers outside quotes written `#` (counts such as `used by
//!   3 operation(s)` change as the history grows), without what `--table-stats` adds (a new
//!   statistics file keeps the baseline); for a drift item, its kind, object and detail;
//! - the occurrence: 1 for the first finding with the same three, 2 for the next, in report
//!   order, so that identical findings of one revision stay apart.
//!
//! Never a line, a column or a severity. The digest is the MD5 of the four joined by a unit
//! separator, in hexadecimal (a name, not a secret).

use md5::{Digest, Md5};

use crate::check::CheckResult;
use crate::diagnostic::Diagnostic;
use crate::drift::Item;
use crate::source::SourceMap;

/// What a fingerprint is made of, and the fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub rule: String,
    pub revision: Option<String>,
    /// Where it is, relative to the project root (not part of the fingerprint).
    pub file: Option<String>,
    pub subject: String,
    pub occurrence: usize,
    pub fingerprint: String,
}

/// The fingerprints of a result's diagnostics and drift items, index for index.
#[derive(Clone, Debug, Default)]
pub struct Fingerprints {
    pub diagnostics: Vec<Entry>,
    pub drift: Vec<Entry>,
}

impl Fingerprints {
    /// Fingerprints every finding of `result`, in report order.
    pub fn of(result: &CheckResult) -> Fingerprints {
        let sources = &result.analysis.sources;
        let mut seen = std::collections::BTreeMap::new();
        let diagnostics = result
            .diagnostics
            .iter()
            .map(|d| diagnostic_entry(d, sources, &mut seen))
            .collect();
        let drift = result
            .drift
            .iter()
            .map(|i| drift_entry(i, sources, &mut seen))
            .collect();
        Fingerprints { diagnostics, drift }
    }

    /// Every entry, diagnostics first.
    pub fn all(&self) -> impl Iterator<Item = &Entry> {
        self.diagnostics.iter().chain(&self.drift)
    }
}

type Seen = std::collections::BTreeMap<(String, String, String), usize>;

fn entry(
    rule: &str,
    revision: Option<&str>,
    file: Option<&str>,
    subject: String,
    seen: &mut Seen,
) -> Entry {
    let key = revision.or(file).unwrap_or("").to_string();
    let n = seen
        .entry((rule.to_string(), key.clone(), subject.clone()))
        .or_insert(0);
    *n += 1;
    let occurrence = *n;
    let text = format!("{rule}\u{1f}{key}\u{1f}{subject}\u{1f}{occurrence}");
    let digest = Md5::digest(text.as_bytes());
    let fingerprint = digest.iter().map(|b| format!("{b:02x}")).collect();
    Entry {
        rule: rule.to_string(),
        revision: revision.map(str::to_string),
        file: file.map(str::to_string),
        subject,
        occurrence,
        fingerprint,
    }
}

fn diagnostic_entry(d: &Diagnostic, sources: &SourceMap, seen: &mut Seen) -> Entry {
    let file = d
        .primary
        .as_ref()
        .map(|s| sources.get(s.file).display.as_str());
    entry(
        d.code,
        d.revision.as_deref(),
        file,
        subject(d.message_without_size()),
        seen,
    )
}

/// A drift item as one line: its kind, object and detail (`add_column public.users email:
/// ...`), what the formats that have no place for drift's own fields print.
pub fn drift_message(i: &Item) -> String {
    let mut object = format!("{}.{}", i.schema, i.table);
    for part in [&i.column, &i.name].into_iter().flatten() {
        object.push(' ');
        object.push_str(part);
    }
    format!("{} {object}: {}", i.kind, i.detail)
}

fn drift_entry(i: &Item, sources: &SourceMap, seen: &mut Seen) -> Entry {
    let file = i
        .span
        .as_ref()
        .map(|s| sources.get(s.file).display.as_str());
    // Drift belongs to the models, not to a revision: its key is the object, not the file.
    entry("drift", None, None, subject(&drift_message(i)), seen).with_file(file)
}

impl Entry {
    fn with_file(mut self, file: Option<&str>) -> Entry {
        self.file = file.map(str::to_string);
        self
    }
}

/// The message with white space collapsed and free-standing numbers outside quotes as `#`.
pub fn subject(message: &str) -> String {
    let chars: Vec<char> = message
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut out = String::with_capacity(chars.len());
    let mut quote: Option<char> = None;
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '.');
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`')
                && !word(i.checked_sub(1).and_then(|p| chars.get(p))) =>
            {
                quote = Some(c)
            }
            None if c.is_ascii_digit() && !word(i.checked_sub(1).and_then(|p| chars.get(p))) => {
                let end = (i..chars.len())
                    .find(|&j| !chars[j].is_ascii_digit())
                    .unwrap_or(chars.len());
                if !word(chars.get(end))
                    || chars.get(end) == Some(&'.') && !word(chars.get(end + 1))
                {
                    out.push('#');
                    i = end;
                    continue;
                }
            }
            None => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::subject;

    #[test]
    fn subjects_keep_names_and_drop_counts() {
        assert_eq!(
            subject("table `t1` is used by 12 operation(s)"),
            "table `t1` is used by # operation(s)"
        );
        assert_eq!(
            subject("index \"ix_2020\" is 73 bytes"),
            "index \"ix_2020\" is # bytes"
        );
        assert_eq!(subject("label '1'  of\nenum"), "label '1' of enum");
        assert_eq!(subject("ix_orders_2 on t2"), "ix_orders_2 on t2");
        assert_eq!(subject("revision 0003 ends."), "revision # ends.");
        assert_eq!(subject("PostgreSQL 14.4 only"), "PostgreSQL 14.4 only");
        assert_eq!(subject("Alembic's 2 steps"), "Alembic's # steps");
    }
}
