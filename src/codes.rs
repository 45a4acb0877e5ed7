//! Every code a finding can carry that is not a rule's, in one place, with what it means; and
//! the vocabulary of the rules themselves (what a rule is, its category and level), which the
//! configuration and the rules both use. Rules declare their own code and name in their file
//! (`rule_meta!`); `rules::registry()` indexes them once.
//!
//! A code is stable: CI configurations, baselines and review bots match on it.

// Parse: a file that cannot be read as Python source.
/// A revision file that cannot be read (permissions, not a regular file).
pub const UNREADABLE_FILE: &str = "unreadable-file";
/// A file that is not valid UTF-8 (nor Latin-1 with a coding declaration).
pub const INVALID_UTF8: &str = "invalid-utf8";
/// A file over `max-file-bytes`: reported and not read.
pub const FILE_TOO_LARGE: &str = "file-too-large";
/// A Python syntax error.
pub const SYNTAX_ERROR: &str = "syntax-error";

// History: the revision graph and the configuration.
/// `alembic.ini`'s `script_location` names no folder.
pub const UNRESOLVED_SCRIPT_LOCATION: &str = "unresolved-script-location";
/// A `version_locations` entry names no folder.
pub const MISSING_VERSION_LOCATION: &str = "missing-version-location";
/// A version location that cannot be listed (not a directory, no permission).
pub const UNREADABLE_VERSION_LOCATION: &str = "unreadable-version-location";
/// Revision files in folders under the version location are not read and do not continue
/// the history read from it.
pub const REVISIONS_NOT_READ: &str = "revisions-not-read";
/// Revision files in folders under the version location, not named by the configuration,
/// are read because they continue the history (version_locations set at run time).
pub const REVISIONS_BENEATH_VERSION_LOCATION: &str = "revisions-beneath-version-location";
/// A symlink under a version location that leads back into a folder already read.
pub const SYMLINK_LOOP: &str = "symlink-loop";
/// A revision file without a `revision = "..."` header.
pub const MISSING_REVISION_ID: &str = "missing-revision-id";
/// A revision file without a `down_revision` header.
pub const MISSING_DOWN_REVISION: &str = "missing-down-revision";
/// A revision header that is not a literal driftlock can read.
pub const DYNAMIC_REVISION_HEADER: &str = "dynamic-revision-header";
/// A revision header of the wrong shape.
pub const INVALID_REVISION_HEADER: &str = "invalid-revision-header";
/// A revision id Alembic cannot use.
pub const INVALID_REVISION_ID: &str = "invalid-revision-id";
/// Two files with the same revision id.
pub const DUPLICATE_REVISION: &str = "duplicate-revision";
/// Two revisions with the same branch label.
pub const DUPLICATE_BRANCH_LABEL: &str = "duplicate-branch-label";
/// A branch label equal to a revision id.
pub const BRANCH_LABEL_SHADOWS_REVISION: &str = "branch-label-shadows-revision";
/// `branch_labels = "None"`: a string, not `None`.
pub const STRING_NONE_BRANCH_LABEL: &str = "string-none-branch-label";
/// A `down_revision` that names no revision.
pub const MISSING_PARENT: &str = "missing-parent";
/// A `depends_on` that names no revision or branch.
pub const MISSING_DEPENDENCY: &str = "missing-dependency";
/// Revisions that are their own ancestors.
pub const REVISION_CYCLE: &str = "revision-cycle";
/// More than one head without branch labels.
pub const MULTIPLE_HEADS: &str = "multiple-heads";
/// Labelled branches, each with its own head (information).
pub const LABELLED_BRANCHES: &str = "labelled-branches";
/// A revision without `upgrade()`.
pub const MISSING_UPGRADE: &str = "missing-upgrade";
/// A revision's `upgrade()` ends in a `raise` statement nothing catches: `alembic upgrade`
/// stops there.
pub const UPGRADE_RAISES: &str = "upgrade-raises";
/// A revision's `upgrade()` or `downgrade()` has no parameter for a keyword env.py passes to
/// every revision (`context.run_migrations(name=...)`): Alembic's call of it fails.
pub const ENTRY_REJECTS_ARGUMENTS: &str = "entry-rejects-arguments";
/// A name of the configuration's `define` that no code of the run read.
pub const DEFINE_UNREAD: &str = "define-unread";

// Unanalyzable: code driftlock cannot evaluate statically.
/// Python the interpreter cannot follow where it matters.
pub const UNANALYZABLE_CODE: &str = "unanalyzable-code";
/// An Alembic call whose arguments are not known statically.
pub const UNANALYZABLE_OPERATION: &str = "unanalyzable-operation";
/// A column type driftlock cannot read (a library's type, a class without a readable `impl`):
/// the column is kept with the type its name spells, or `text`, and the finding says which.
pub const ASSUMED_TYPE: &str = "assumed-type";
/// A server default whose SQL is not known statically (a configuration value, a project's
/// function): the column and its table are kept, without the default.
pub const ASSUMED_DEFAULT: &str = "assumed-default";
/// Code of a revision reads an environment variable the configuration's `environment` does
/// not set: it is read as unset (the code's default).
pub const ASSUMED_ENVIRONMENT: &str = "assumed-environment";
/// A guard at the top of a module (env.py, a models module) raises with the values driftlock
/// assumes; the program that imported it got past it, so the rest is read.
pub const GUARD_PASSED: &str = "guard-passed";
/// A model (or part of one) that cannot be read statically.
pub const UNANALYZABLE_MODEL: &str = "unanalyzable-model";
/// env.py does not say which metadata the models are: they were searched for in the
/// project's modules (the finding says which were read).
pub const MODELS_SEARCHED: &str = "models-searched";
/// A function of the models builds mapped classes or tables from data (`type(name, (Base,),
/// ...)`, `Table(computed_name, metadata)`) when the application calls it: those tables are
/// not read, and drift does not report them as missing from the models.
pub const RUN_TIME_TABLES: &str = "run-time-tables";
/// SQL that PostgreSQL's parser rejects.
pub const SQL_SYNTAX_ERROR: &str = "sql-syntax-error";
/// SQL with a schema effect the replayed catalog does not hold.
pub const SQL_NOT_MODELLED: &str = "sql-not-modelled";

// Replay: operations that cannot apply to the replayed schema.
/// An operation PostgreSQL would reject at this point of the history.
pub const OPERATION_FAILS: &str = "operation-fails";
/// An operation PostgreSQL would reject, inside a savepoint or an autocommit block whose code
/// catches the error: the replay goes on in the `except` block.
pub const OPERATION_FAILS_CAUGHT: &str = "operation-fails-caught";
/// Operations on a table no revision created (built outside the history).
pub const TABLE_NEVER_CREATED: &str = "table-never-created";
/// A table the history uses but no revision creates, replayed from the application's models.
pub const TABLE_FROM_APPLICATION: &str = "table-from-application";
/// What the replay starts from because the configuration's `runs-after` names histories that
/// run first on the same database, or why one of them could not be replayed.
pub const EARLIER_HISTORY: &str = "earlier-history";
/// The replay starts at the configuration's `baseline` revision (a checkpoint a new database
/// is built from), or the setting names no revision of the history.
pub const BASELINE: &str = "baseline";
/// The application builds a new database from its models and stamps the head (create_all()
/// then `alembic stamp`), while `app-tables` describes a database the history built.
pub const DATABASE_FROM_MODELS: &str = "database-from-models";
/// The declared models cannot be built as `create_all()` would.
pub const MODEL_FAILS: &str = "model-fails";
/// A free-standing `Index` that names its columns by string only: SQLAlchemy attaches it to no
/// table, and `create_all()` does not create it.
pub const INDEX_WITHOUT_TABLE: &str = "index-without-table";
/// `check` left drift out: the models were not read completely.
pub const DRIFT_NOT_CHECKED: &str = "drift-not-checked";

// History: the table statistics (`check --table-stats`).
/// The table statistics are older than `stats-max-age` before the newest revision.
pub const TABLE_STATS_STALE: &str = "table-stats-stale";
/// The history renamed a table the statistics know by its former name.
pub const TABLE_STATS_RENAMED: &str = "table-stats-renamed";
/// Tables findings concern that the statistics do not hold: judged without their size.
pub const TABLE_STATS_UNKNOWN: &str = "table-stats-unknown";

// Risk: findings about the findings.
/// A `# driftlock: ignore[...]` comment that suppresses nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// Every code above, for the tests and for tools that list what driftlock can report.
pub const ALL: &[&str] = &[
    UNREADABLE_FILE,
    FILE_TOO_LARGE,
    INVALID_UTF8,
    SYNTAX_ERROR,
    UNRESOLVED_SCRIPT_LOCATION,
    MISSING_VERSION_LOCATION,
    UNREADABLE_VERSION_LOCATION,
    SYMLINK_LOOP,
    REVISIONS_NOT_READ,
    REVISIONS_BENEATH_VERSION_LOCATION,
    MISSING_REVISION_ID,
    MISSING_DOWN_REVISION,
    DYNAMIC_REVISION_HEADER,
    INVALID_REVISION_HEADER,
    INVALID_REVISION_ID,
    DUPLICATE_REVISION,
    DUPLICATE_BRANCH_LABEL,
    BRANCH_LABEL_SHADOWS_REVISION,
    STRING_NONE_BRANCH_LABEL,
    MISSING_PARENT,
    MISSING_DEPENDENCY,
    REVISION_CYCLE,
    MULTIPLE_HEADS,
    LABELLED_BRANCHES,
    MISSING_UPGRADE,
    UPGRADE_RAISES,
    ENTRY_REJECTS_ARGUMENTS,
    DEFINE_UNREAD,
    UNANALYZABLE_CODE,
    UNANALYZABLE_OPERATION,
    ASSUMED_TYPE,
    ASSUMED_DEFAULT,
    ASSUMED_ENVIRONMENT,
    GUARD_PASSED,
    UNANALYZABLE_MODEL,
    MODELS_SEARCHED,
    RUN_TIME_TABLES,
    SQL_SYNTAX_ERROR,
    SQL_NOT_MODELLED,
    OPERATION_FAILS,
    OPERATION_FAILS_CAUGHT,
    TABLE_NEVER_CREATED,
    TABLE_FROM_APPLICATION,
    EARLIER_HISTORY,
    BASELINE,
    DATABASE_FROM_MODELS,
    MODEL_FAILS,
    INDEX_WITHOUT_TABLE,
    DRIFT_NOT_CHECKED,
    TABLE_STATS_STALE,
    TABLE_STATS_RENAMED,
    TABLE_STATS_UNKNOWN,
    UNUSED_SUPPRESSION,
];

/// How loud a rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "off" => Level::Off,
            "info" => Level::Info,
            "warning" => Level::Warning,
            "error" => Level::Error,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Index builds and drops.
    Index,
    /// Constraints that scan or lock.
    Constraint,
    /// Adding and altering columns.
    Column,
    /// Column type changes.
    Type,
    /// Changes that break code still running against the old schema.
    Compatibility,
    /// Changes that destroy data.
    Destructive,
    /// Enum types.
    Enum,
    /// Transactions, locks and timeouts.
    Transaction,
    /// Partitions and maintenance commands.
    Maintenance,
    /// Privileges and roles.
    Security,
    /// Alembic's own conventions (downgrades).
    Alembic,
    /// Preferences: off by default.
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Index => "index",
            Category::Constraint => "constraint",
            Category::Column => "column",
            Category::Type => "type",
            Category::Compatibility => "compatibility",
            Category::Destructive => "destructive",
            Category::Enum => "enum",
            Category::Transaction => "transaction",
            Category::Maintenance => "maintenance",
            Category::Security => "security",
            Category::Alembic => "alembic",
            Category::Style => "style",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable short code, e.g. `IDX001`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `add-index-without-concurrently`.
    pub name: &'static str,
    pub category: Category,
    pub default: Level,
    /// The rule file's source; its leading `//!` comment is the documentation.
    pub source: &'static str,
}

impl RuleMeta {
    /// The documentation: the `//!` comment at the top of the rule's file.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        }
        out
    }

    /// The first line of the documentation.
    pub fn summary(&self) -> String {
        self.doc().lines().next().unwrap_or_default().to_string()
    }
}

/// Whether a selector (in `select`, `ignore`, `per-file-ignores`, `--select`, `--ignore`)
/// names something among `rules`: `all`, a rule's name or code (any case), or a category.
pub fn selects_rules(selector: &str, rules: &[&RuleMeta]) -> bool {
    selector == "all" || rules.iter().any(|r| selects(selector, r))
}

/// Whether a selector names `rule`: `all`, its name, its code (any case) or its category.
pub fn selects(selector: &str, rule: &RuleMeta) -> bool {
    selector == "all"
        || selector == rule.name
        || selector.eq_ignore_ascii_case(rule.code)
        || selector == rule.category.as_str()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_is_listed_in_all() {
        let declared = include_str!("codes.rs")
            .lines()
            .filter(|l| l.starts_with("pub const ") && l.ends_with("\";") && !l.contains("ALL"))
            .count();
        assert_eq!(declared, super::ALL.len(), "a code is missing from ALL");
    }

    #[test]
    fn codes_are_unique_kebab_case_and_not_rule_names() {
        let mut seen = std::collections::BTreeSet::new();
        for code in super::ALL {
            assert!(seen.insert(*code), "{code} twice");
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{code} is not kebab-case"
            );
            assert!(crate::rules::find(code).is_none(), "{code} is also a rule");
        }
    }
}
