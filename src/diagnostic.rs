//! The one type every finding takes, whatever stage produced it. Reporters only render these.

use std::ops::Range;

use crate::source::FileId;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which stage a finding comes from (`kind` in the `report/1` format).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A file that cannot be read as Python source.
    Parse,
    /// Revision graph and configuration problems.
    History,
    /// Code driftlock cannot evaluate statically.
    Unanalyzable,
    /// An operation that cannot apply to the replayed schema.
    Replay,
    /// A risky change.
    Risk,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Parse => "parse",
            Kind::History => "history",
            Kind::Unanalyzable => "unanalyzable",
            Kind::Replay => "replay",
            Kind::Risk => "risk",
        }
    }
}

/// A byte range in one source file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// A secondary location with its own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding: what is wrong, where, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: Kind,
    /// Stable kebab-case identifier of the problem or rule, e.g. `missing-parent`.
    pub code: &'static str,
    pub severity: Severity,
    /// The one line to show if only one fits.
    pub message: String,
    /// Where the problem is; `None` only for project-wide findings with no source location.
    pub primary: Option<Span>,
    /// What to write on the primary span (defaults to the message when rendered).
    pub primary_label: Option<String>,
    pub labels: Vec<Label>,
    /// One imperative action that fixes it.
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The revision the finding belongs to, when there is one.
    pub revision: Option<String>,
}

impl Diagnostic {
    pub fn new(kind: Kind, code: &'static str, severity: Severity, message: String) -> Self {
        Diagnostic {
            kind,
            code,
            severity,
            message,
            primary: None,
            primary_label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            revision: None,
        }
    }

    pub fn error(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(kind, code, Severity::Error, message.into())
    }

    pub fn warning(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(kind, code, Severity::Warning, message.into())
    }

    pub fn info(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(kind, code, Severity::Info, message.into())
    }

    pub fn at(mut self, span: Span) -> Self {
        self.primary = Some(span);
        self
    }

    pub fn with_primary_label(mut self, label: impl Into<String>) -> Self {
        self.primary_label = Some(label.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn for_revision(mut self, revision: impl Into<String>) -> Self {
        self.revision = Some(revision.into());
        self
    }
}

/// Counts by severity, as reports summarise them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}
