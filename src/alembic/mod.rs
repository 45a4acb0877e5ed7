//! Alembic's operations (`op.*`, `batch_op.*`) lowered to the IR with SQLAlchemy's DDL rules,
//! and applied at once to the replayed schema, so that introspection later in the same
//! revision sees what the database would see.

mod create_table;
mod do_block;
mod entities;
mod enum_ops;
mod execute;
mod inspector;
mod ops;
mod outside;
mod reflect;
mod rows;
mod sqlalchemy_ddl;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::rc::Rc;

pub use outside::OutsideTables;

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::eval::interp::Host;
use crate::eval::value::{Args, Batch, Object, Value};
use crate::ir::{Located, Op, QualName, Session};
use crate::schema::{key, Key, Schema};
use crate::sqlalchemy::naming::NamingConvention;
use crate::sqlalchemy::types::{class_name, type_spec, TypeSpec};

/// Watches the upgrade replay: told when each revision's `upgrade()` starts (`None` once the
/// last one ended) and shown every operation with the schema just before it applies. The risk
/// rules are one; the replay itself does not depend on them.
pub trait Observer: Send {
    fn revision(&mut self, revision: Option<&str>, schema: &Schema);
    fn operation(&mut self, op: &Op, span: &Span, before: &Schema);
    /// Forget everything seen: the history is replayed again from the start (with the
    /// tables the application creates itself, see `models::app_tables`).
    fn restart(&mut self) {}
}

/// The lowering of one run of migrations: the schema it replays into, the naming convention of
/// the project's metadata, and what it found.
pub struct Lowering<'s> {
    pub schema: &'s mut Schema,
    pub convention: NamingConvention,
    pub diagnostics: Vec<Diagnostic>,
    pub ops: Vec<Located>,
    pub revision: Option<String>,
    /// Enum types `create_table` already created in this run (Alembic's DDL memo).
    enum_memo: BTreeSet<Key>,
    /// The rows the history's own data statements left, where known (see `rows.rs`).
    rows: rows::Rows,
    /// The data statement being emitted changes rows `rows` already follows (a `bulk_insert`
    /// of literal rows), or none (a `SELECT` built in Python).
    rows_accounted: bool,
    /// The `DynamicSql` being emitted is followed by the data statements it was read as
    /// (`execute::data_of_template`): their effects on rows are known, not every table's.
    dynamic_data: bool,
    /// Gather failures on tables that no operation of the replay ever created into one
    /// finding per table (see [`Lowering::finish`]), instead of one per operation.
    pub collapse_uncreated_tables: bool,
    /// With `collapse_uncreated_tables`: only these tables count as never created (the models'
    /// tables whose own creation already failed and was reported); all when `None`.
    pub collapse_only: Option<BTreeSet<Key>>,
    /// Tables some operation created (or renamed to) during the replay.
    created: im::OrdSet<Key>,
    /// Tables used but never created: where first, how often, in which revision.
    uncreated: std::collections::BTreeMap<Key, (Span, usize, Option<String>)>,
    /// Foreign keys left out because they reference a table no migration created.
    dangling: im::OrdSet<(Key, String)>,
    /// Indexes left out because their table was never created.
    dangling_indexes: im::OrdSet<Key>,
    /// Sees every operation before it applies (the risk rules), when there is one.
    pub observer: Option<&'s mut dyn Observer>,
    /// Operations of `DO` exception blocks still running (innermost last), each with the
    /// schema before it: the observer sees them only once their block did not roll back.
    deferred: Vec<Vec<(Op, Span, Schema)>>,
    /// What the SQL of `execute` calls held.
    pub sql_stats: crate::sql::SqlStats,
    /// The source files, to place positions inside SQL string literals.
    pub sources: Option<&'s crate::source::SourceMap>,
    /// What each exception raised by introspection means if nothing catches it, by handle.
    exceptions: Vec<Option<Uncaught>>,
    /// The exception the last introspection raised, until the interpreter takes it.
    pending_exception: Option<(String, u32)>,
    /// The operations of the current call into the lowering that failed: the index of
    /// each one's finding and PostgreSQL's message (see [`Host::catch_failure`]).
    failures: Vec<(usize, String)>,
    /// The table Alembic keeps the applied revisions in: it exists while the revisions run,
    /// so introspection and reflection see it (see `reflect.rs`), though no revision made it.
    pub version_table: QualName,
    /// env.py's `version_table_schema=` (`None`: not given; `Some(None)`: not a literal).
    pub version_table_schema: Option<Option<String>>,
    /// Whether each revision commits (env.py's `transaction_per_migration=True`).
    pub transaction_per_migration: bool,
    /// The database as another connection sees it (committed): as it was before the run,
    /// or, with `transaction_per_migration`, before the current revision. `None` until the
    /// first revision starts.
    pub committed: Option<Schema>,
    /// The columns kept with an assumed type (see [`Lowering::assumed_type`]), by table.
    pub assumed_columns: Vec<(Key, String)>,
    /// The session's `search_path` (`schema/search_path.rs` resolves every operation's
    /// unqualified names through it). Alembic runs env.py and every revision on one
    /// connection, so a plain `SET` lasts for the rest of the run.
    pub search_path: SessionPath,
}

/// A session's `search_path`; `None` is PostgreSQL's default (`"$user", public`).
#[derive(Clone, Debug, Default)]
pub struct SessionPath {
    /// What unqualified names resolve through now.
    pub current: Option<Vec<String>>,
    /// What the connection started with (its startup options: env.py's `connect_args`):
    /// what `RESET` and `SET ... TO DEFAULT` return to.
    pub startup: Option<Vec<String>>,
    /// The path before a `SET LOCAL search_path`, back at the end of the transaction.
    before_local: Option<Option<Vec<String>>>,
}

impl SessionPath {
    /// The engine's connections start with `schemas` (env.py's `connect_args`).
    pub fn connect_with(&mut self, schemas: Vec<String>) {
        self.startup = Some(schemas.clone());
        self.current = Some(schemas);
    }

    /// Follows `SET`, `RESET` and the end of a transaction.
    fn follow(&mut self, op: &Op) {
        match op {
            Op::Session(Session::SearchPath { schemas, local }) => {
                let schemas = schemas.clone().or_else(|| self.startup.clone());
                if *local && self.before_local.is_none() {
                    self.before_local = Some(self.current.clone());
                } else if !*local {
                    // A plain `SET` inside the transaction is what a `SET LOCAL` returns to.
                    if let Some(before) = &mut self.before_local {
                        *before = schemas.clone();
                    }
                }
                self.current = schemas;
            }
            Op::Session(Session::Commit | Session::Rollback | Session::AutocommitBegin) => {
                if let Some(before) = self.before_local.take() {
                    self.current = before;
                }
            }
            _ => {}
        }
    }
}

/// What an exception the inspector raised means when the revision does not catch it.
enum Uncaught {
    /// The operation fails on PostgreSQL: this diagnostic.
    Fails(Diagnostic),
    /// Operations failed on PostgreSQL and the code caught the error: their findings, given
    /// back if it is raised again and not caught.
    Caught(Vec<Diagnostic>),
    /// The table was never created by the history: counted against it (see `outside.rs`).
    NeverCreated(QualName, Span),
}

/// The arguments an op call got, with old keyword spellings mapped to the current ones.
fn normalized(args: &Args) -> Args {
    let mut args = args.clone();
    for (k, _) in &mut args.keywords {
        let new = match k.as_str() {
            "name" => "constraint_name",
            "tablename" => "table_name",
            "referent" => "referent_table",
            "cols" => "columns",
            "type" => "type_",
            _ => continue,
        };
        *k = new.to_string();
    }
    args
}

impl<'s> Lowering<'s> {
    pub fn set_revision(&mut self, revision: Option<String>) {
        if let Some(observer) = self.observer.as_deref_mut() {
            observer.revision(revision.as_deref(), self.schema);
        }
        if self.committed.is_none() || self.transaction_per_migration {
            self.committed = Some(self.schema.clone());
        }
        self.revision = revision;
    }

    pub fn new(schema: &'s mut Schema, convention: NamingConvention) -> Self {
        Lowering {
            schema,
            convention,
            diagnostics: Vec::new(),
            ops: Vec::new(),
            revision: None,
            enum_memo: BTreeSet::new(),
            rows: Default::default(),
            rows_accounted: false,
            dynamic_data: false,
            collapse_uncreated_tables: false,
            collapse_only: None,
            created: im::OrdSet::new(),
            uncreated: std::collections::BTreeMap::new(),
            dangling: im::OrdSet::new(),
            dangling_indexes: im::OrdSet::new(),
            observer: None,
            deferred: Vec::new(),
            sql_stats: Default::default(),
            sources: None,
            exceptions: Vec::new(),
            pending_exception: None,
            failures: Vec::new(),
            version_table: QualName::new(None, "alembic_version"),
            version_table_schema: None,
            transaction_per_migration: false,
            committed: None,
            assumed_columns: Vec::new(),
            search_path: SessionPath::default(),
        }
    }

    /// Raises `class` from the introspection being answered; `uncaught` is what it means
    /// when the revision does not catch it.
    fn raise(&mut self, class: &str, uncaught: Uncaught) {
        let id = u32::try_from(self.exceptions.len()).unwrap_or(u32::MAX);
        self.exceptions.push(Some(uncaught));
        self.pending_exception = Some((class.to_string(), id));
    }

    /// Records and applies one operation; a failure is a `replay` diagnostic at the call.
    fn emit(&mut self, mut op: Op, span: &Span) {
        if let Some(path) = &self.search_path.current {
            self.schema.qualify(&mut op, path);
        }
        self.search_path.follow(&op);
        if let Some(block) = self.deferred.last_mut() {
            if self.observer.is_some() {
                block.push((op.clone(), span.clone(), self.schema.clone()));
            }
        } else if let Some(observer) = self.observer.as_deref_mut() {
            observer.operation(&op, span, self.schema);
        }
        op.truncate_identifiers();
        let result = self.schema.apply(&op);
        match &op {
            Op::CreateTable { table, .. } => {
                self.created.insert(key(table));
                if result.is_ok() {
                    self.rows.created(key(table));
                }
            }
            Op::RenameTable { table, new_name } => {
                let to = key(&QualName::new(table.schema.clone(), new_name.clone()));
                self.created.insert(to.clone());
                self.rows.renamed(&key(table), to);
            }
            Op::DropTable { table, .. } => self.rows.dropped(&key(table)),
            Op::Data { writes, .. } if !std::mem::take(&mut self.rows_accounted) => match writes {
                Some((table, effect)) => self.rows.written(&key(table), *effect),
                None => self.rows.all_unknown(),
            },
            Op::Statement(crate::ir::Statement::Truncate { tables, .. }) => {
                for table in tables {
                    self.rows.emptied(&key(table));
                }
            }
            Op::Statement(crate::ir::Statement::DynamicSql { .. })
                if !std::mem::take(&mut self.dynamic_data) =>
            {
                self.rows.all_unknown()
            }
            _ => {}
        }
        if result.is_err() && self.collapse_uncreated_tables && self.absorb_uncreated(&op, span) {
            self.ops.push(Located {
                op,
                span: span.clone(),
            });
            return;
        }
        if let Err(e) = result {
            let mut d = Diagnostic::error(
                Kind::Replay,
                codes::OPERATION_FAILS,
                format!("this operation fails on PostgreSQL: {}", e.message),
            )
            .at(span.clone())
            .with_note("the replay goes on as if the operation had not run");
            if let Some(help) = e.help {
                d = d.with_help(help);
            }
            if let Some(r) = &self.revision {
                d = d.for_revision(r.clone());
            }
            self.failures
                .push((self.diagnostics.len(), e.message.clone()));
            self.diagnostics.push(d);
        }
        self.ops.push(Located {
            op,
            span: span.clone(),
        });
    }

    /// Says that a column was kept with an assumed type.
    pub(crate) fn assumed_type(
        &mut self,
        span: &Span,
        table: &crate::ir::QualName,
        column: &crate::sqlalchemy::column::SaColumn,
    ) {
        let Some(why) = &column.assumed_type else {
            return;
        };
        self.assumed_columns
            .push((crate::schema::key(table), column.name.clone()));
        let d = Diagnostic::warning(
            Kind::Unanalyzable,
            codes::ASSUMED_TYPE,
            format!("column `{}`: {why}", column.name),
        )
        .at(span.clone())
        .with_note(
            "the column and its table are replayed; its type may differ from the database's",
        );
        self.report(d);
    }

    /// Says that a column was kept without its server default, which is not known statically.
    pub(crate) fn assumed_default(&mut self, span: &Span, column: &str, why: &str) {
        let d = Diagnostic::warning(
            Kind::Unanalyzable,
            codes::ASSUMED_DEFAULT,
            format!("column `{column}`: server default left out: {why}"),
        )
        .at(span.clone())
        .with_note("the column and its table are replayed without that default");
        self.report(d);
    }

    fn cannot(&mut self, span: &Span, what: &str, why: String) {
        let d = Diagnostic::warning(
            Kind::Unanalyzable,
            codes::UNANALYZABLE_OPERATION,
            format!("cannot replay `{what}`: {why}"),
        )
        .at(span.clone())
        .with_note("the replayed schema may differ from the database from here on");
        self.report(d);
    }
}

impl Host for Lowering<'_> {
    fn findings_so_far(&self) -> usize {
        self.diagnostics.len()
    }

    fn table_rows(&self, schema: Option<&str>, table: &str) -> Option<Vec<rows::Row>> {
        let k = key(&QualName::new(
            schema.map(str::to_string),
            table.to_string(),
        ));
        self.rows.of(&k).cloned()
    }

    fn rows_written(&mut self) {
        self.rows.all_unknown();
    }

    fn context_option(&self, name: &str) -> Option<Value> {
        match name {
            "version_table" => Some(Value::Str(self.version_table.name.clone())),
            "version_table_schema" => match &self.version_table_schema {
                None => Some(Value::None),
                Some(Some(schema)) => Some(Value::Str(schema.clone())),
                Some(None) => None,
            },
            _ => None,
        }
    }

    fn is_instance(&self, value: &Value, class: &str) -> Option<bool> {
        match value {
            Value::Object(o) if o.receiver.is_none() => {
                crate::sqlalchemy::types::type_is_subclass(&o.class, class)
            }
            _ => None,
        }
    }

    fn session(&mut self, event: crate::ir::Session, span: &Span) {
        self.emit(Op::Session(event), span);
    }

    fn op(&mut self, name: &str, batch: Option<&Batch>, args: &Args, span: &Span) -> Value {
        self.failures.clear();
        match self.lower_op(name, batch, args, span) {
            Ok(v) => v,
            Err(why) => {
                let what = if batch.is_some() {
                    format!("batch_op.{name}")
                } else {
                    format!("op.{name}")
                };
                self.cannot(span, &what, why);
                Value::None
            }
        }
    }

    fn take_exception(&mut self) -> Option<(String, u32)> {
        self.pending_exception.take()
    }

    fn catch_failure(&mut self) -> Option<(String, u32, String)> {
        let failures = std::mem::take(&mut self.failures);
        let message = failures.first()?.1.clone();
        let mut withdrawn = Vec::new();
        for (index, _) in failures.iter().rev() {
            if *index < self.diagnostics.len() {
                withdrawn.push(self.diagnostics.remove(*index));
            }
        }
        withdrawn.reverse();
        let id = u32::try_from(self.exceptions.len()).unwrap_or(u32::MAX);
        self.exceptions.push(Some(Uncaught::Caught(withdrawn)));
        Some(("ProgrammingError".to_string(), id, message))
    }

    fn exception_caught(&mut self, id: u32, handler: &Span, aborts_transaction: bool) {
        // Only PostgreSQL's errors: the inspector's `NoSuchTableError`, caught, is no finding.
        let slot = self.exceptions.get_mut(id as usize);
        let Some(slot @ Some(Uncaught::Caught(_))) = slot else {
            return;
        };
        let Some(Uncaught::Caught(withdrawn)) = slot.take() else {
            return;
        };
        for mut d in withdrawn {
            d = d.with_label(handler.clone(), "this `except` catches PostgreSQL's error");
            if aborts_transaction {
                // Caught in Python, the error still aborts the migration's transaction: on
                // PostgreSQL every later statement of it is refused. The history as written
                // cannot run here, or the replay's schema is not PostgreSQL's: either way
                // it is this finding, not a silent turn into the `except` block.
                d = d.with_note(
                    "PostgreSQL aborts the migration's transaction at this error even though \
                     the code catches it: every later statement fails with `current \
                     transaction is aborted` (the replay goes on in the `except` block)",
                );
                if d.help.is_none() {
                    d = d.with_help(
                        "check for the object first, or run the operation in a savepoint \
                         (`with op.get_bind().begin_nested():`) inside the `try`",
                    );
                }
            } else {
                // In a savepoint or an autocommit block the error is ordinary control flow;
                // that the replay's schema chose the `except` block is still said.
                d.severity = crate::diagnostic::Severity::Info;
                d.code = codes::OPERATION_FAILS_CAUGHT;
                d.notes = vec![
                    "outside the migration's transaction (a savepoint or an autocommit block), \
                     the code catches the error and the replay goes on in the `except` block"
                        .into(),
                ];
                d.help = None;
            }
            self.diagnostics.push(d);
        }
    }

    fn exception_uncaught(&mut self, id: u32) {
        match self.exceptions.get_mut(id as usize).and_then(Option::take) {
            Some(Uncaught::Fails(d)) => self.diagnostics.push(d),
            Some(Uncaught::Caught(ds)) => self.diagnostics.extend(ds),
            Some(Uncaught::NeverCreated(table, span)) => self.note_uncreated(&table, &span),
            None => {}
        }
    }

    fn inspect(&mut self, method: &str, args: &Args, elsewhere: bool, span: &Span) -> Value {
        match (elsewhere, self.committed.clone()) {
            // Answered from what is committed: the catalog swapped for the committed one
            // for the call.
            (true, Some(mut committed)) => {
                std::mem::swap(self.schema, &mut committed);
                let value = self.inspect_call(method, args, span);
                std::mem::swap(self.schema, &mut committed);
                value
            }
            _ => self.inspect_call(method, args, span),
        }
    }

    fn compile(&self, expression: &Value) -> Result<String, String> {
        crate::sqlalchemy::compile::sql_text(expression)
    }

    fn execute(&mut self, statement: &Value, statement_span: Option<&Span>, span: &Span) -> Value {
        self.failures.clear();
        Lowering::execute(self, statement, statement_span, span)
    }

    fn metadata_tables(
        &mut self,
        metadata: &Value,
        known: &[Value],
        span: &Span,
    ) -> Option<Vec<(String, Value)>> {
        self.sorted_tables(metadata, known, span)
    }

    fn ddl_method(
        &mut self,
        object: &Rc<Object>,
        method: &str,
        args: &Args,
        known: &[Value],
        span: &Span,
    ) -> Value {
        if let Some(done) = self.sqlalchemy_ddl(object, method, args, known, span) {
            return done;
        }
        if matches!(class_name(&object.class), "Enum" | "ENUM") && object.receiver.is_none() {
            match type_spec(&Value::Object(object.clone())) {
                Ok(TypeSpec {
                    native_enum: Some(spec),
                    ..
                }) => {
                    // SQLAlchemy's `create`/`drop` default to checkfirst=True.
                    let checkfirst = args
                        .keyword("checkfirst")
                        .and_then(Value::as_bool)
                        .unwrap_or(true);
                    let op = if method == "create" {
                        Op::CreateEnum {
                            name: spec.name,
                            values: spec.labels,
                            if_not_exists: checkfirst,
                        }
                    } else {
                        Op::DropEnum {
                            name: spec.name,
                            if_exists: checkfirst,
                        }
                    };
                    self.emit(op, span);
                }
                Ok(_) => {}
                Err(why) => self.cannot(span, &format!("Enum.{method}"), why),
            }
            return Value::None;
        }
        self.cannot(
            span,
            &format!(".{method}()"),
            format!(
                "`{}` objects are not created or dropped by the replay",
                object.class
            ),
        );
        Value::None
    }

    fn reflect_table(
        &mut self,
        table: &QualName,
        metadata: &Value,
        elsewhere: bool,
        span: &Span,
    ) -> Value {
        self.reflect(table, metadata, elsewhere, span)
    }

    fn set_revision(&mut self, revision: Option<String>) {
        Lowering::set_revision(self, revision);
    }

    fn schema_snapshot(&self) -> Schema {
        self.schema.clone()
    }

    fn connect_with_search_path(&mut self, schemas: Vec<String>) {
        self.search_path.connect_with(schemas);
    }

    fn report(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.revision.is_none() {
            diagnostic.revision = self.revision.clone();
        }
        self.diagnostics.push(diagnostic);
    }
}
