//! PostgreSQL's vocabulary, shared by every stage that speaks it: qualified names, types as
//! `format_type()` prints them, constraint and index shapes, the names PostgreSQL generates,
//! and expression text as `pg_get_expr()` prints it. A leaf: it depends on nothing else in
//! the crate, so the IR, the schema, the SQL lowering and drift can all use it without using
//! each other.

pub mod expr;
pub mod names;
pub mod types;

pub use types::{BaseType, SqlType};

/// A schema-qualified object name; `schema` is `None` for the default search path (`public`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QualName {
    pub schema: Option<String>,
    pub name: String,
}

impl QualName {
    pub fn new(schema: Option<String>, name: impl Into<String>) -> Self {
        QualName {
            schema,
            name: name.into(),
        }
    }

    pub fn schema_or_public(&self) -> &str {
        self.schema.as_deref().unwrap_or("public")
    }
}

impl std::fmt::Display for QualName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Identity column options (`GENERATED ALWAYS|BY DEFAULT AS IDENTITY`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub always: bool,
}

/// What a constraint is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
    },
    Check {
        expression: String,
        columns: Vec<String>,
    },
    ForeignKey {
        columns: Vec<String>,
        referenced: QualName,
        /// Empty for SQL's `REFERENCES t` without columns: the replay takes the referenced
        /// table's primary key, as PostgreSQL does.
        referenced_columns: Vec<String>,
        on_delete: Option<String>,
        on_update: Option<String>,
    },
    Exclude {
        columns: Vec<String>,
        using: String,
    },
}

impl ConstraintKind {
    pub fn word(&self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey { .. } => "primary key",
            ConstraintKind::Unique { .. } => "unique constraint",
            ConstraintKind::Check { .. } => "check constraint",
            ConstraintKind::ForeignKey { .. } => "foreign key",
            ConstraintKind::Exclude { .. } => "exclusion constraint",
        }
    }
}

/// One key of an index: a column or an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexKey {
    Column(String),
    Expression(String),
}

/// `VOLATILE` (the default), `STABLE` or `IMMUTABLE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Volatility {
    #[default]
    Volatile,
    Stable,
    Immutable,
}
