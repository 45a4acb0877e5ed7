//! Reading a revision file's identifiers (`revision`, `down_revision`, `branch_labels`,
//! `depends_on`) from its module variables, in every form Alembic's templates write them.
//! The module variables are the truth; the docstring's `Revision ID:` lines are not read.

use std::ops::Range;

use crate::codes;
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
    /// The docstring's `Create Date:` line as Alembic's template writes it
    /// (`2024-05-01 10:11:12.123456`, the author's local time unless `timezone` is set).
    pub create_date: Option<String>,
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
    // Without a way to find modules, what an import would bind, or whether it fails, is not
    // known.
    read_header_with(module, file, file_name, &Scope::of_module(module))
}

/// Like [`read_header`], with `imports` to read constants the header takes from the
/// checkout's modules (`branch_labels = (cli.CONTRACT_BRANCH,)`); they are read only when the
/// header does not fold without them.
pub fn read_header_in(
    module: &Module,
    file: FileId,
    file_name: &str,
    imports: &dyn Fn(&str) -> Option<Module>,
) -> (Header, Vec<Diagnostic>) {
    let local = read_header_with(module, file, file_name, &Scope::of_module(module));
    if local.1.is_empty() {
        return local;
    }
    let importing = Scope::importing(module, imports);
    read_header_with(module, file, file_name, &importing)
}

fn read_header_with(
    module: &Module,
    file: FileId,
    file_name: &str,
    scope: &Scope,
) -> (Header, Vec<Diagnostic>) {
    let mut header = Header {
        message: docstring(module).and_then(message_of),
        create_date: docstring(module).and_then(create_date_of),
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
            let strings = match eval_strings(value, scope) {
                Ok(strings) => strings,
                Err(err) => {
                    diagnostics.push(unreadable(name, &err, span(range_of(value))));
                    continue;
                }
            };
            match name {
                REVISION => match (strings.len(), eval(value, scope)) {
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
                // Alembic resolves `depends_on` only when it is truthy: `""` depends on
                // nothing.
                _ if matches!(eval(value, scope), Some(Value::Str(s)) if s.is_empty()) => {
                    header.depends_on = Vec::new()
                }
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

/// Recovers the header of a file that does not parse, so that one syntax error does not also
/// cut the history in two: each top-level line `name = value` (or `name: T = value`) for the
/// four header names is parsed on its own. Nothing is reported here; the syntax error is.
pub fn recover_header(text: &str, file: FileId, file_name: &str) -> Header {
    let mut lines = String::new();
    let mut offsets = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let starts_header = [REVISION, DOWN_REVISION, BRANCH_LABELS, DEPENDS_ON]
            .iter()
            .any(|name| {
                line.strip_prefix(name)
                    .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
            });
        if starts_header {
            // Each kept line is parsed alone: a line that does not parse is skipped.
            let one = line.trim_end();
            if crate::python::parse_module(one, "header").is_ok() {
                offsets.push((lines.len(), offset));
                lines.push_str(one);
                lines.push('\n');
            }
        }
        offset += line.len();
    }
    let Ok(module) = crate::python::parse_module(&lines, "header") else {
        return Header::default();
    };
    let (mut header, _) = read_header(&module, file, file_name);
    // Map offsets in the extracted lines back to the file.
    let shift = |range: &mut Range<usize>| {
        if let Some(&(start, original)) = offsets
            .iter()
            .rev()
            .find(|(start, _)| *start <= range.start)
        {
            *range = range.start - start + original..range.end - start + original;
        }
    };
    for located in header
        .revision
        .iter_mut()
        .chain(header.down_revision.iter_mut().flatten())
        .chain(header.branch_labels.iter_mut())
        .chain(header.depends_on.iter_mut())
    {
        if located.range != (0..0) {
            shift(&mut located.range);
        }
    }
    if let Some(range) = header.down_revision_range.as_mut() {
        shift(range);
    }
    header.message = leading_docstring(text).and_then(message_of);
    header.create_date = leading_docstring(text).and_then(create_date_of);
    header
}

/// The value of the docstring's `Create Date:` line, if it has one.
fn create_date_of(doc: &str) -> Option<String> {
    doc.lines()
        .find_map(|l| l.trim().strip_prefix("Create Date:"))
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
}

/// The module docstring of a file that does not parse, when it is a plain triple-quoted
/// string at the very top.
fn leading_docstring(text: &str) -> Option<&str> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let quote = ["\"\"\"", "'''"]
        .into_iter()
        .find(|q| text.starts_with(q))?;
    let body = &text[3..];
    body.find(quote).map(|end| &body[..end])
}

fn unreadable(name: &str, err: &StringsError, span: Span) -> Diagnostic {
    let expected = if name == REVISION {
        "a string"
    } else {
        "a string, None, or a tuple or list of strings"
    };
    let (code, message) = match err {
        StringsError::Unknown => (
            codes::DYNAMIC_REVISION_HEADER,
            format!("cannot read `{name}` statically: it is not built from constants"),
        ),
        StringsError::WrongType => (
            codes::INVALID_REVISION_HEADER,
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
        let (h, d) = header("revision = 'a'\ndown_revision = None\ndepends_on = \"\"\n");
        assert!(
            d.is_empty() && h.depends_on.is_empty(),
            "{:?}",
            h.depends_on
        );
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
    fn constants_imported_from_the_checkout_are_read() {
        let labels = "EXPAND = 'expand'\nCONTRACT = 'con' + 'tract'\n";
        let imports = |dotted: &str| {
            (dotted == "app.labels").then(|| parse_module(labels, "labels.py").expect("parses"))
        };
        let src = "import app.labels as lb\nfrom app.labels import EXPAND\nrevision = 'a1'\n\
                   down_revision = None\nbranch_labels = (EXPAND, lb.CONTRACT)\n\
                   depends_on = lb.MISSING\n";
        let module = parse_module(src, "t.py").expect("parses");
        let (h, problems) = read_header_in(&module, FileId(0), "t.py", &imports);
        assert_eq!(values(&h.branch_labels), ["expand", "contract"]);
        // What the imported module does not bind stays unreadable, and is said.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("depends_on"), "{problems:?}");
    }

    #[test]
    fn dependencies_added_when_an_optional_package_imports() {
        // `depends_on` grows with each optional package that is there: the ones `imports`
        // finds (the checkout's or installed), not the others.
        let installed = |dotted: &str| {
            (dotted == "billing").then(|| parse_module("", "billing.py").expect("parses"))
        };
        let src =
            "deps = []\ntry:\n    import reports\n    deps += ['r1']\nexcept ImportError:\n    \
                   pass\ntry:\n    import billing\n    deps += ['b1']\nexcept ImportError:\n    \
                   pass\nrevision = 'a1'\ndown_revision = None\ndepends_on = deps\n";
        let module = parse_module(src, "t.py").expect("parses");
        let (h, problems) = read_header_in(&module, FileId(0), "t.py", &installed);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(values(&h.depends_on), ["b1"]);
        // Without knowing what is installed, such a `depends_on` is not read as `[]`: it is
        // said to be unreadable.
        let (_, problems) = read_header(&module, FileId(0), "t.py");
        assert_eq!(problems.len(), 1, "{problems:?}");
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
    fn recovers_the_header_of_a_file_that_does_not_parse() {
        let text = "import x\nrevision = 'b2'\ndown_revision: str = 'a1'\ndef upgrade(:\n";
        assert!(parse_module(text, "t.py").is_err());
        let h = recover_header(text, FileId(0), "t.py");
        let rev = h.revision.unwrap();
        assert_eq!(&text[rev.range], "'b2'");
        let down = h.down_revision.unwrap();
        assert_eq!(&text[down[0].range.clone()], "'a1'");
        let h = recover_header(
            "\"\"\"Fix it\n\nmore\"\"\"\nrevision = 'r'\n(",
            FileId(0),
            "t.py",
        );
        assert_eq!(h.message.as_deref(), Some("Fix it"));
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
