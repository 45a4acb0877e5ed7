//! Reading a revision file's identifiers (`revision`, `down_revision`, `branch_labels`,
//! `depends_on`) from its module variables, in every form Alembic's templates write them.
//! The module variables are the truth; the docstring's `Revision ID:` lines are not read.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::python::constant::{
    eval, eval_strings, simple_assignments, Located, Scope, StringsError, Value,
};
use crate::python::{docstring, range_of, Module};
use crate::source::FileId;

/// What one revision file declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `revision`, or the id taken from a legacy hex file name.
    pub revision: Option<Located<String>>,
    /// `down_revision`: `None` when the variable is missing; an empty list for a base.
    pub down_revision: Option<Vec<Located<String>>>,
    pub branch_labels: Vec<Located<String>>,
    pub depends_on: Vec<Located<String>>,
    /// The first paragraph of the module docstring (what Alembic shows as the message).
    pub message: Option<String>,
    /// The range of the `down_revision` assignment, to point at when it is missing or wrong.
    pub down_revision_range: Option<Range<usize>>,
}

const REVISION: &str = "revision";
const DOWN_REVISION: &str = "down_revision";
const BRANCH_LABELS: &str = "branch_labels";
const DEPENDS_ON: &str = "depends_on";

/// Reads the header of a parsed revision file. `file_name` serves Alembic's legacy fallback,
/// where a file named `<hex>.py` without a `revision` variable takes its id from the name.
pub fn read_header(module: &Module, file: FileId, file_name: &str) -> (Header, Vec<Diagnostic>) {
    let scope = Scope::of_module(module);
    let mut header = Header {
        message: docstring(module).and_then(message_of),
        ..Header::default()
    };
    let mut diagnostics = Vec::new();
    let span = |range: Range<usize>| Span::new(file, range);

    // Python executes the module top to bottom: the last assignment of a name wins.
    for stmt in &module.body {
        for (name, value) in simple_assignments(stmt) {
            if ![REVISION, DOWN_REVISION, BRANCH_LABELS, DEPENDS_ON].contains(&name) {
                continue;
            }
            let strings = match eval_strings(value, &scope) {
                Ok(strings) => strings,
                Err(err) => {
                    diagnostics.push(unreadable(name, &err, span(range_of(value))));
                    continue;
                }
            };
            match name {
                REVISION => match (strings.len(), eval(value, &scope)) {
                    (1, Some(Value::Str(_))) => header.revision = strings.into_iter().next(),
                    _ => diagnostics.push(unreadable(
                        name,
                        &StringsError::WrongType,
                        span(range_of(value)),
                    )),
                },
                DOWN_REVISION => {
                    header.down_revision = Some(strings);
                    header.down_revision_range = Some(range_of(stmt));
                }
                BRANCH_LABELS => header.branch_labels = strings,
                _ => header.depends_on = strings,
            }
        }
    }
    if header.revision.is_none() {
        if let Some(id) = legacy_revision_from_file_name(file_name) {
            header.revision = Some(Located {
                value: id.to_string(),
                range: 0..0,
            });
        }
    }
    (header, diagnostics)
}

fn unreadable(name: &str, err: &StringsError, span: Span) -> Diagnostic {
    let expected = if name == REVISION {
        "a string"
    } else {
        "a string, None, or a tuple or list of strings"
    };
    let (code, message) = match err {
        StringsError::Unknown => (
            "dynamic-revision-header",
            format!("cannot read `{name}` statically: it is not built from constants"),
        ),
        StringsError::WrongType => (
            "invalid-revision-header",
            format!("`{name}` must be {expected}"),
        ),
    };
    let kind = match err {
        StringsError::Unknown => Kind::Unanalyzable,
        StringsError::WrongType => Kind::History,
    };
    Diagnostic::error(kind, code, message)
        .at(span)
        .with_help(format!(
            "write `{name}` as a literal, as Alembic's template does"
        ))
}

/// Alembic's `Script.doc`: the first paragraph of the stripped module docstring.
fn message_of(doc: &str) -> Option<String> {
    let doc = doc.trim();
    let first = doc.split("\n\n").next().unwrap_or("").trim();
    (!first.is_empty()).then(|| first.to_string())
}

/// `^([a-f0-9]+)\.py$`, Alembic's legacy fallback for files without a `revision` variable.
fn legacy_revision_from_file_name(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".py")?;
    (!stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    .then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse_module;

    fn header(src: &str) -> (Header, Vec<Diagnostic>) {
        let module = parse_module(src, "t.py").unwrap();
        read_header(&module, FileId(0), "t.py")
    }

    fn values(items: &[Located<String>]) -> Vec<&str> {
        items.iter().map(|l| l.value.as_str()).collect()
    }

    #[test]
    fn reads_modern_annotated_template() {
        let (h, d) = header(
            "\"\"\"add users\n\nRevision ID: zzz\n\"\"\"\nfrom typing import Sequence, Union\n\
             revision: str = 'b2'\ndown_revision: Union[str, Sequence[str], None] = 'a1'\n\
             branch_labels: Union[str, Sequence[str], None] = None\n\
             depends_on: Union[str, Sequence[str], None] = ('x', 'y')\n",
        );
        assert!(d.is_empty());
        assert_eq!(h.revision.unwrap().value, "b2");
        assert_eq!(values(&h.down_revision.unwrap()), ["a1"]);
        assert!(h.branch_labels.is_empty());
        assert_eq!(values(&h.depends_on), ["x", "y"]);
        assert_eq!(h.message.as_deref(), Some("add users"));
    }

    #[test]
    fn reads_merges_lists_and_constants() {
        let (h, d) =
            header("A = 'a1'\nrevision = 'm'\ndown_revision = [A, 'b1']\nbranch_labels = 'lbl'\n");
        assert!(d.is_empty());
        assert_eq!(values(&h.down_revision.unwrap()), ["a1", "b1"]);
        assert_eq!(values(&h.branch_labels), ["lbl"]);
        let (h, _) = header("revision = 'r'\ndown_revision = None\n");
        assert_eq!(h.down_revision, Some(Vec::new()));
    }

    #[test]
    fn missing_down_revision_is_none() {
        let (h, d) = header("revision = 'r'\n");
        assert!(d.is_empty());
        assert_eq!(h.down_revision, None);
    }

    #[test]
    fn dynamic_and_wrong_values_are_diagnosed() {
        let (h, d) = header("import os\nrevision = os.environ['X']\ndown_revision = 3\n");
        assert!(h.revision.is_none());
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].code, "dynamic-revision-header");
        assert_eq!(d[0].kind, Kind::Unanalyzable);
        assert_eq!(d[1].code, "invalid-revision-header");
    }

    #[test]
    fn legacy_hex_file_name_supplies_the_id() {
        let module = parse_module("down_revision = None\n", "t.py").unwrap();
        let (h, _) = read_header(&module, FileId(0), "1a2b3c.py");
        assert_eq!(h.revision.unwrap().value, "1a2b3c");
        let (h, _) = read_header(&module, FileId(0), "helpers.py");
        assert!(h.revision.is_none());
    }
}
