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
    /// For a risk whose cost grows with a table (a lock held, a rewrite, a scan): the table
    /// and the kind of work, which `check --table-stats` judges (`stats::judge`).
    pub cost: Option<Box<TableCost>>,
    /// What the table statistics said about that table, once judged.
    pub size: Option<Box<TableSize>>,
}

/// The work a finding's operation does on one table, whose duration grows with its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Work {
    /// A lock held on the table while the statement (or its transaction) runs.
    Lock,
    /// The table and its indexes written anew (`ALTER COLUMN ... TYPE`, a volatile default).
    Rewrite,
    /// The table read whole under the lock (validating a constraint, `SET NOT NULL`).
    Scan,
    /// An index built: the table read whole, then sorted.
    IndexBuild,
}

impl Work {
    pub fn as_str(self) -> &'static str {
        match self {
            Work::Lock => "lock",
            Work::Rewrite => "rewrite",
            Work::Scan => "scan",
            Work::IndexBuild => "index-build",
        }
    }
}

/// The table a risk finding costs time on, as the replay knew it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCost {
    /// Schema and name.
    pub table: (String, String),
    pub work: Work,
    /// The revision of the history that created the table, when one did (earlier than the
    /// finding's: a table created in the same revision is new and never reported).
    pub created_by: Option<String>,
    /// The names the history gave the table before, newest first, with the revision that
    /// renamed it from each.
    pub former_names: Vec<((String, String), String)>,
}

/// How the table statistics classed a finding's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeClass {
    /// Fewer rows than `small-table-rows` (and fewer bytes than `large-table-bytes`): the
    /// finding drops to `info`.
    Small,
    /// In the statistics, neither small nor large: judged as without statistics.
    Medium,
    /// At least `large-table-bytes`: the size and the estimate are in the message.
    Large,
    /// Not in the statistics, created by a revision dated after the snapshot: empty when the
    /// revisions run; the finding drops to `info`.
    New,
    /// Not in the statistics: judged as without statistics.
    Unknown,
}

impl SizeClass {
    pub fn as_str(self) -> &'static str {
        match self {
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
            SizeClass::New => "new",
            SizeClass::Unknown => "unknown",
        }
    }
}

/// What the statistics say about a finding's table, and what it costs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSize {
    /// The table as the statistics name it (`name` in `public`, `schema.name` elsewhere).
    pub table: String,
    pub class: SizeClass,
    pub work: Work,
    /// Estimated live rows (`reltuples`); `None` when never analysed or not in the file.
    pub rows: Option<u64>,
    pub total_bytes: Option<u64>,
    pub heap_bytes: Option<u64>,
    pub index_bytes: Option<u64>,
    /// The estimated duration of the work, in milliseconds (not for a lock alone).
    pub estimate_ms: Option<u64>,
    /// The text added at the end of the message, after `; ` (`small table (12 rows)`).
    pub note: String,
}

impl Diagnostic {
    /// Points every span `by` files further: the diagnostic of a stage that read into its own
    /// source map, once that map is appended to the run's (`SourceMap::append`).
    pub fn shift_files(&mut self, by: u32) {
        if let Some(span) = &mut self.primary {
            span.file.0 += by;
        }
        for label in &mut self.labels {
            label.span.file.0 += by;
        }
    }

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
            cost: None,
            size: None,
        }
    }

    /// The message without what the table statistics added to it: what the finding is about
    /// whatever the size (fingerprints read it, so a new statistics file keeps baselines).
    pub fn message_without_size(&self) -> &str {
        self.size
            .as_ref()
            .and_then(|s| self.message.strip_suffix(&format!("; {}", s.note)))
            .unwrap_or(&self.message)
    }

    /// The finding's cost: its operation does `work` on `table`.
    pub fn costing(mut self, cost: TableCost) -> Self {
        self.cost = Some(Box::new(cost));
        self
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
