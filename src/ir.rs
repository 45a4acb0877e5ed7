//! The operation IR: one value per schema change, whatever wrote it (`op.add_column(...)`,
//! `batch_op.add_column(...)`, or raw SQL). Operations are at PostgreSQL's level: SQLAlchemy's
//! DDL rules (SERIAL, implicit enum types, naming conventions) are already applied by the
//! lowering, and only what PostgreSQL itself decides (default names, collision suffixes) is
//! left to the replay.

use crate::diagnostic::Span;
pub use crate::pg::{ConstraintKind, Identity, IndexKey, QualName, SqlType, Volatility};

/// A column as DDL creates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: String,
    pub ty: SqlType,
    /// SERIAL/BIGSERIAL/SMALLSERIAL: an owned sequence and a `nextval` default.
    pub serial: bool,
    pub not_null: bool,
    /// The default expression as PostgreSQL prints it.
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expr) STORED`.
    pub generated: Option<String>,
    pub comment: Option<String>,
}

/// A table constraint; `name: None` lets PostgreSQL name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintDef {
    pub name: Option<String>,
    pub kind: ConstraintKind,
}

/// An index as `CREATE INDEX` makes it; `name: None` lets PostgreSQL name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexDef {
    pub name: Option<String>,
    pub table: QualName,
    pub unique: bool,
    pub method: String,
    pub keys: Vec<IndexKey>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    pub if_not_exists: bool,
    pub concurrently: bool,
    /// `ON ONLY table`: on a partitioned table, the partitions get no index of their own.
    pub only: bool,
}

/// What a new table takes from other tables besides its own elements: PostgreSQL decides
/// the result from the catalog, so the replay resolves it when the operation applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableFrom {
    /// `PARTITION BY strategy (key)`: a partitioned table.
    pub partition_by: Option<PartitionKey>,
    /// `PARTITION OF parent FOR VALUES ... | DEFAULT`.
    pub partition_of: Option<QualName>,
    /// `INHERITS (parent, ...)`, in order.
    pub inherits: Vec<QualName>,
    /// `LIKE source INCLUDING ...` clauses.
    pub like: Vec<LikeClause>,
}

impl TableFrom {
    pub fn is_plain(&self) -> bool {
        *self == TableFrom::default()
    }
}

/// A partition key: `RANGE (at)`, `LIST (lower(code))`, `HASH (id)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionKey {
    /// `range`, `list` or `hash`.
    pub strategy: String,
    /// The plain columns of the key (dropping one is refused); expressions aside.
    pub columns: Vec<String>,
    /// Every part of the key as written: a column, or an expression in parentheses.
    pub parts: Vec<String>,
}

/// `LIKE source INCLUDING ...`: where its columns go among the table's own, and what it copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LikeClause {
    pub source: QualName,
    /// How many of the table's own columns are written before the clause.
    pub position: usize,
    pub options: LikeOptions,
}

/// The `INCLUDING` options of a `LIKE` clause (`ALL` sets them all). NOT NULL always comes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LikeOptions {
    pub defaults: bool,
    pub constraints: bool,
    pub indexes: bool,
    pub identity: bool,
    pub generated: bool,
    pub comments: bool,
}

/// The kind `drop_constraint(type_=...)` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstraintType {
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
}

/// `alter_column` changes; `None` leaves a property as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnChange {
    pub ty: Option<SqlType>,
    pub using: Option<String>,
    pub not_null: Option<bool>,
    /// `Some(None)` drops the default.
    pub default: Option<Option<String>>,
    /// `Some(None)` drops the identity.
    pub identity: Option<Option<Identity>>,
    /// `Some(None)` removes the comment.
    pub comment: Option<Option<String>>,
    pub new_name: Option<String>,
}

/// One schema change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    CreateTable {
        table: QualName,
        columns: Vec<ColumnDef>,
        constraints: Vec<ConstraintDef>,
        comment: Option<String>,
        if_not_exists: bool,
        /// Partitioning, a parent, inheritance, `LIKE`: nothing for a plain table.
        from: TableFrom,
    },
    DropTable {
        table: QualName,
        if_exists: bool,
        cascade: bool,
    },
    RenameTable {
        table: QualName,
        new_name: String,
    },
    SetTableComment {
        table: QualName,
        comment: Option<String>,
    },
    AddColumn {
        table: QualName,
        column: ColumnDef,
        if_not_exists: bool,
    },
    DropColumn {
        table: QualName,
        column: String,
        if_exists: bool,
        cascade: bool,
    },
    AlterColumn {
        table: QualName,
        column: String,
        change: ColumnChange,
    },
    AddConstraint {
        table: QualName,
        constraint: ConstraintDef,
        /// `NOT VALID` (`postgresql_not_valid=True`): existing rows are not checked now.
        not_valid: bool,
        /// `ALTER TABLE ONLY`: a partitioned table's key is made on it alone (its partitions'
        /// are attached to it later, as pg_dump writes it).
        only: bool,
    },
    /// `ALTER TABLE ... VALIDATE CONSTRAINT name`: the scan a `NOT VALID` constraint skipped.
    ValidateConstraint {
        table: QualName,
        name: String,
    },
    DropConstraint {
        table: QualName,
        name: String,
        kind: Option<ConstraintType>,
        if_exists: bool,
        cascade: bool,
    },
    CreateIndex(IndexDef),
    DropIndex {
        index: QualName,
        if_exists: bool,
        concurrently: bool,
    },
    RenameIndex {
        index: QualName,
        new_name: String,
    },
    RenameConstraint {
        table: QualName,
        name: String,
        new_name: String,
    },
    CreateEnum {
        name: QualName,
        values: Vec<String>,
        if_not_exists: bool,
    },
    RenameEnum {
        name: QualName,
        new_name: String,
    },
    DropEnum {
        name: QualName,
        if_exists: bool,
    },
    AddEnumValue {
        name: QualName,
        value: String,
        position: Option<(bool, String)>,
        if_not_exists: bool,
    },
    RenameEnumValue {
        name: QualName,
        old: String,
        new: String,
    },
    CreateSchema {
        name: String,
        if_not_exists: bool,
    },
    DropSchema {
        name: String,
        if_exists: bool,
        cascade: bool,
    },
    CreateExtension {
        name: String,
        if_not_exists: bool,
    },
    DropExtension {
        name: String,
        if_exists: bool,
    },
    /// `ALTER TABLE ... ADD [CONSTRAINT name] {PRIMARY KEY | UNIQUE} USING INDEX index`: the
    /// unique index becomes the constraint, renamed to the constraint's name if it has one.
    AddConstraintUsingIndex {
        table: QualName,
        name: Option<String>,
        index: String,
        primary_key: bool,
    },
    /// `ALTER COLUMN ... SET DEFAULT '<literal>'` in SQL: PostgreSQL coerces the literal to the
    /// column's type, which only the replayed catalog knows, and prints it as that type.
    SetDefaultLiteral {
        table: QualName,
        column: String,
        value: String,
    },
    /// `CREATE SEQUENCE`, optionally `OWNED BY table.column`.
    CreateSequence {
        name: QualName,
        owned_by: Option<(QualName, String)>,
        if_not_exists: bool,
    },
    DropSequence {
        name: QualName,
        if_exists: bool,
        cascade: bool,
    },
    /// `ALTER SEQUENCE ... OWNED BY table.column | NONE`.
    SetSequenceOwner {
        name: QualName,
        owned_by: Option<(QualName, String)>,
        if_exists: bool,
    },
    RenameSequence {
        name: QualName,
        new_name: String,
    },
    /// One operation of `ALTER TABLE IF EXISTS`: nothing happens when the table is missing.
    IfTableExists {
        table: QualName,
        op: Box<Op>,
    },
    /// `ALTER TABLE ... SET SCHEMA`: the table moves with its indexes, constraints and owned
    /// sequences.
    SetTableSchema {
        table: QualName,
        schema: String,
    },
    /// `ALTER TYPE ... SET SCHEMA` of an enum type.
    SetEnumSchema {
        name: QualName,
        schema: String,
    },
    /// `ALTER TABLE child INHERIT parent` (`add`) / `NO INHERIT parent`.
    Inherit {
        table: QualName,
        parent: QualName,
        add: bool,
    },
    /// `ALTER INDEX parent_index ATTACH PARTITION partition_index`.
    AttachIndex {
        index: QualName,
        partition_index: QualName,
    },
    /// alembic-postgresql-enum's `op.sync_enum_values`: the type is made again with `values`
    /// and the `columns` that use it are cast to it (renamed labels followed in their
    /// defaults).
    SyncEnumValues {
        name: QualName,
        values: Vec<String>,
        renames: Vec<(String, String)>,
        columns: Vec<EnumColumn>,
    },
    /// Data statements (`INSERT`, `UPDATE`, `DELETE`, `bulk_insert`): no schema effect. The
    /// statement is the SQL text when there is one; `writes`, the one table it writes and how,
    /// when that is known (the replay keeps the rows of every other table known).
    Data {
        statement: String,
        writes: Option<(QualName, RowEffect)>,
    },
    /// Transaction and session control: no schema effect, but risk rules follow it.
    Session(Session),
    /// Statements with no schema effect that take locks, destroy data or change privileges.
    Statement(Statement),
    /// SQL with a schema effect driftlock does not model yet, or a statement it keeps only for
    /// the record (`GRANT`, `ANALYZE`, ...).
    Other {
        statement: String,
        changes_schema: bool,
    },
    /// `CREATE [OR REPLACE] VIEW` / `CREATE MATERIALIZED VIEW`: what the query reads is
    /// resolved against the catalog when it applies (which names are relations, which table a
    /// column belongs to).
    CreateView(ViewDef),
    DropView {
        name: QualName,
        materialized: bool,
        if_exists: bool,
        cascade: bool,
    },
    RenameView {
        name: QualName,
        materialized: bool,
        new_name: String,
    },
    /// `CREATE [OR REPLACE] FUNCTION | PROCEDURE`.
    CreateFunction(FunctionDef),
    /// `DROP FUNCTION | PROCEDURE | ROUTINE`; `args: None` when no argument list is given.
    DropFunction {
        name: QualName,
        args: Option<Vec<String>>,
        if_exists: bool,
        cascade: bool,
    },
    RenameFunction {
        name: QualName,
        args: Option<Vec<String>>,
        new_name: String,
    },
    /// `CREATE [OR REPLACE] TRIGGER name ... ON table ... EXECUTE FUNCTION function()`.
    CreateTrigger {
        name: String,
        table: QualName,
        function: QualName,
        or_replace: bool,
    },
    DropTrigger {
        name: String,
        table: QualName,
        if_exists: bool,
        cascade: bool,
    },
    RenameTrigger {
        table: QualName,
        name: String,
        new_name: String,
    },
}

/// A column `sync_enum_values` casts to the new type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumColumn {
    pub table: QualName,
    pub column: String,
    /// Whether the library knows the column's default and drops it around the cast: it
    /// reads it for a `(table, column)` tuple, takes it from a `TableReference`'s
    /// `existing_server_default`, and otherwise leaves it, so that the cast fails.
    pub default_known: bool,
}

/// A relation named in a view's query, with the alias it goes by there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationUse {
    pub name: QualName,
    pub alias: Option<String>,
}

/// A column reference in a view's query: `qualifier.column`, `column`, `*` or `qualifier.*`
/// (`column: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnUse {
    pub qualifier: Option<String>,
    pub column: Option<String>,
}

/// A view as `CREATE VIEW` / `CREATE MATERIALIZED VIEW` makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewDef {
    pub name: QualName,
    pub materialized: bool,
    pub or_replace: bool,
    pub if_not_exists: bool,
    /// The relations the query names (`RangeVar`s), common table expressions left out.
    pub reads: Vec<RelationUse>,
    pub columns: Vec<ColumnUse>,
}

/// A function or procedure as `CREATE FUNCTION` / `CREATE PROCEDURE` makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: QualName,
    /// The types of the input arguments (what identifies the function with its name), as
    /// `format_type` prints them where driftlock knows the type, else as written.
    pub args: Vec<String>,
    pub procedure: bool,
    pub language: String,
    pub volatility: Volatility,
    pub security_definer: bool,
    /// Whether `SET search_path` is given (what makes `SECURITY DEFINER` safe).
    pub sets_search_path: bool,
    pub or_replace: bool,
}

/// Transaction and session control, from Alembic's API or from SQL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Session {
    /// Entering `with op.get_context().autocommit_block():` (Alembic commits first).
    AutocommitBegin,
    /// Leaving the autocommit block (Alembic opens a new transaction).
    AutocommitEnd,
    /// `BEGIN` / `START TRANSACTION` in SQL.
    Begin,
    /// `COMMIT` / `END` in SQL.
    Commit,
    /// `ROLLBACK` / `ABORT` in SQL.
    Rollback,
    /// `SET [LOCAL] lock_timeout | statement_timeout`: milliseconds, `Some(0)` disables,
    /// `None` for `RESET`/`DEFAULT`.
    Timeout {
        kind: TimeoutKind,
        millis: Option<u64>,
        local: bool,
    },
    /// `LOCK TABLE ... IN <mode> MODE`.
    Lock { tables: Vec<QualName>, mode: String },
    /// `SET [LOCAL] search_path` (or `set_config('search_path', ...)`): the schemas
    /// unqualified names resolve in from here on; `None` for `RESET`/`DEFAULT`.
    SearchPath {
        schemas: Option<Vec<String>>,
        local: bool,
    },
}

/// Which timeout a `SET` changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    Lock,
    Statement,
}

/// Statements without schema effect that risk rules look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// `REINDEX [CONCURRENTLY] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} name`.
    Reindex { target: String, concurrently: bool },
    /// `VACUUM FULL` (tables named, or every table) or `CLUSTER`: rewrites under ACCESS
    /// EXCLUSIVE.
    Rewrite {
        command: &'static str,
        tables: Vec<QualName>,
    },
    /// `TRUNCATE`.
    Truncate {
        tables: Vec<QualName>,
        cascade: bool,
    },
    /// `GRANT` of privileges; `to_public` when `PUBLIC` is a grantee.
    Grant { to_public: bool, text: String },
    /// `CREATE/ALTER/DROP ROLE|USER|GROUP`, `GRANT role TO ...`.
    RoleChange { text: String },
    /// `ALTER TABLE ... DISABLE ROW LEVEL SECURITY` / `NO FORCE ROW LEVEL SECURITY`.
    DisableRowSecurity { table: QualName },
    /// `DROP DATABASE`.
    DropDatabase { name: String },
    /// `ALTER TABLE parent DETACH PARTITION child [CONCURRENTLY | FINALIZE]`.
    DetachPartition {
        parent: QualName,
        partition: QualName,
        concurrently: bool,
    },
    /// `ALTER TABLE parent ATTACH PARTITION child ...`.
    AttachPartition {
        parent: QualName,
        partition: QualName,
    },
    /// SQL whose text is built from values known only when the migration runs.
    DynamicSql { reason: String },
    /// `REFRESH MATERIALIZED VIEW [CONCURRENTLY]`.
    RefreshMaterializedView { name: QualName, concurrently: bool },
}

impl Op {
    /// The existing table the operation works on, if any (not the one it creates).
    pub fn target_table(&self) -> Option<&QualName> {
        match self {
            Op::DropTable { table, .. }
            | Op::RenameTable { table, .. }
            | Op::SetTableComment { table, .. }
            | Op::AddColumn { table, .. }
            | Op::DropColumn { table, .. }
            | Op::AlterColumn { table, .. }
            | Op::AddConstraint { table, .. }
            | Op::DropConstraint { table, .. }
            | Op::RenameConstraint { table, .. }
            | Op::AddConstraintUsingIndex { table, .. }
            | Op::ValidateConstraint { table, .. }
            | Op::SetDefaultLiteral { table, .. }
            | Op::CreateTrigger { table, .. }
            | Op::DropTrigger { table, .. }
            | Op::RenameTrigger { table, .. }
            | Op::SetTableSchema { table, .. }
            | Op::Inherit { table, .. } => Some(table),
            Op::CreateIndex(def) => Some(&def.table),
            _ => None,
        }
    }
}

/// An operation and the code that wrote it.
#[derive(Clone, Debug)]
pub struct Located {
    pub op: Op,
    pub span: Span,
}

/// PostgreSQL truncates every identifier to 63 bytes (with a notice), quoted or not.
fn truncate(name: &mut String) {
    if name.len() > crate::pg::names::MAX_IDENTIFIER {
        *name = crate::pg::names::truncate_identifier(name);
    }
}

fn truncate_qual(name: &mut QualName) {
    truncate(&mut name.name);
    if let Some(s) = &mut name.schema {
        truncate(s);
    }
}

fn truncate_constraint(c: &mut ConstraintDef) {
    if let Some(n) = &mut c.name {
        truncate(n);
    }
    match &mut c.kind {
        ConstraintKind::PrimaryKey { columns }
        | ConstraintKind::Unique { columns }
        | ConstraintKind::Check { columns, .. }
        | ConstraintKind::Exclude { columns, .. } => columns.iter_mut().for_each(truncate),
        ConstraintKind::ForeignKey {
            columns,
            referenced,
            referenced_columns,
            ..
        } => {
            columns.iter_mut().for_each(truncate);
            referenced_columns.iter_mut().for_each(truncate);
            truncate_qual(referenced);
        }
    }
}

impl Op {
    /// The names in the operation as PostgreSQL keeps them: over 63 bytes, cut. SQL is cut by
    /// PostgreSQL's own parser already; names from Alembic's calls come through here (after
    /// the rules saw them as written: `identifier-too-long` reports the cut).
    pub fn truncate_identifiers(&mut self) {
        match self {
            Op::CreateTable {
                table,
                columns,
                constraints,
                ..
            } => {
                truncate_qual(table);
                columns.iter_mut().for_each(|c| truncate(&mut c.name));
                constraints.iter_mut().for_each(truncate_constraint);
            }
            Op::DropTable { table, .. } | Op::SetTableComment { table, .. } => truncate_qual(table),
            Op::RenameTable { table, new_name } => {
                truncate_qual(table);
                truncate(new_name);
            }
            Op::AddColumn { table, column, .. } => {
                truncate_qual(table);
                truncate(&mut column.name);
            }
            Op::DropColumn { table, column, .. } => {
                truncate_qual(table);
                truncate(column);
            }
            Op::AlterColumn {
                table,
                column,
                change,
            } => {
                truncate_qual(table);
                truncate(column);
                if let Some(n) = &mut change.new_name {
                    truncate(n);
                }
            }
            Op::AddConstraint {
                table, constraint, ..
            } => {
                truncate_qual(table);
                truncate_constraint(constraint);
            }
            Op::ValidateConstraint { table, name } | Op::DropConstraint { table, name, .. } => {
                truncate_qual(table);
                truncate(name);
            }
            Op::RenameConstraint {
                table,
                name,
                new_name,
            } => {
                truncate_qual(table);
                truncate(name);
                truncate(new_name);
            }
            Op::CreateIndex(index) => {
                if let Some(n) = &mut index.name {
                    truncate(n);
                }
                truncate_qual(&mut index.table);
                for k in &mut index.keys {
                    if let IndexKey::Column(c) = k {
                        truncate(c);
                    }
                }
                index.include.iter_mut().for_each(truncate);
            }
            Op::DropIndex { index, .. } => truncate_qual(index),
            Op::RenameIndex { index, new_name } => {
                truncate_qual(index);
                truncate(new_name);
            }
            _ => {}
        }
    }
}

/// What a data statement does to the rows of the table it writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowEffect {
    /// `INSERT`, `COPY ... FROM`, `MERGE`: rows are added (which ones is not followed).
    Adds,
    /// `UPDATE`, `DELETE`: rows change or go; an empty table stays empty.
    Changes,
}
