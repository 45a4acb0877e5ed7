//! The migration interpreter: runs `upgrade()`/`downgrade()` statically. It folds what Python
//! would compute from constants, unrolls loops over known lists, follows `if`s whose test it can
//! decide (dialect tests are PostgreSQL; introspection is answered from the replayed schema by
//! the host), inlines the project's own helper functions and imported modules, and hands every
//! Alembic call to the [`Host`]. What it cannot know becomes `Value::Unknown` and, where it
//! matters, an `unanalyzable` diagnostic.

use std::collections::HashMap;
use std::rc::Rc;

use super::builtins::{binop, iterate};
use super::scan::may_change_schema;
use super::value::{
    Args, Batch, ClassValue, Function, Handle, ModuleEnv, Object, Value, MODULE_SCHEMA_ITEMS,
    POSTGRESQL_IMPL,
};
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::QualName;
use crate::python::{ast, range_of, Module};
use crate::source::FileId;

/// What the interpreter asks of the lowering: the effects of Alembic and database calls.
pub trait Host {
    /// `op.<name>(...)`, or `batch_op.<name>(...)` inside a batch block.
    fn op(&mut self, name: &str, batch: Option<&Batch>, args: &Args, span: &Span) -> Value;
    /// `inspector.<method>(...)` on `sa.inspect(op.get_bind())`; `elsewhere`: on an inspector
    /// of another connection than the migration's (`sa.inspect(db.engine)`), which sees only
    /// what is committed.
    fn inspect(&mut self, method: &str, args: &Args, elsewhere: bool, span: &Span) -> Value;
    /// `bind.execute(...)`, `conn.exec_driver_sql(...)`; `statement_span` is where the
    /// statement argument is written.
    fn execute(&mut self, statement: &Value, statement_span: Option<&Span>, span: &Span) -> Value;
    /// `.create(bind)` / `.drop(bind)` on an SQLAlchemy schema object (an Enum type, a table,
    /// an index), `.create_all(bind)` / `.drop_all(bind)` on a metadata. `known`: the mapped
    /// classes and `Table` objects of every module run so far (a metadata's tables are among
    /// them).
    fn ddl_method(
        &mut self,
        object: &Rc<Object>,
        method: &str,
        args: &Args,
        known: &[Value],
        span: &Span,
    ) -> Value;
    /// An exception the last call into the host raised (`NoSuchTableError` from the
    /// inspector): its class and the host's handle on it.
    fn take_exception(&mut self) -> Option<(String, u32)> {
        None
    }
    /// The exception with this handle was not caught: what that means for the replay (the
    /// operation fails) is for the host to report.
    fn exception_uncaught(&mut self, _id: u32) {}
    /// The exception with this handle was caught by the `except` at `handler`. When it is
    /// PostgreSQL's error (an operation the replay found failing), that is still a finding:
    /// the replay's schema decided the branch taken. `aborts_transaction`: the error came
    /// inside the migration's transaction (no savepoint, no autocommit block), which
    /// PostgreSQL aborts whether or not Python catches the error.
    fn exception_caught(&mut self, _id: u32, _handler: &Span, _aborts_transaction: bool) {}
    /// The operations of the last call into the host failed on PostgreSQL and the code
    /// catches the error (`except ProgrammingError`): their findings are withdrawn and kept
    /// as an exception (class, handle, message) that reports them again if re-raised.
    fn catch_failure(&mut self) -> Option<(String, u32, String)> {
        None
    }
    /// `metadata.sorted_tables` (as a list) and `metadata.tables` (as a dict by name): the
    /// tables of the metadata `metadata` names among `known`; `None` when it names none.
    fn metadata_tables(
        &mut self,
        _metadata: &Value,
        _known: &[Value],
        _span: &Span,
    ) -> Option<Vec<(String, Value)>> {
        None
    }
    /// The table `table` as reflection would load it from the database now (`sa.Table(name,
    /// metadata, autoload_with=bind)`, `metadata.reflect(bind)`): a `Table` object holding
    /// the columns, constraints and indexes the database has, with `metadata` as its
    /// metadata. A table that does not exist raises `NoSuchTableError` (see
    /// [`Host::take_exception`]). `elsewhere`: loaded through another connection than the
    /// migration's (an application's engine), which sees only what is committed. A host
    /// without a database answers with an unknown value.
    fn reflect_table(
        &mut self,
        _table: &QualName,
        _metadata: &Value,
        _elsewhere: bool,
        _span: &Span,
    ) -> Value {
        Value::unknown("a table loaded from the database")
    }
    fn report(&mut self, diagnostic: Diagnostic);
    /// The engine env.py builds starts each connection with this `search_path`.
    fn connect_with_search_path(&mut self, _schemas: Vec<String>) {}
    /// The revision whose code runs now (attached to what is reported).
    fn set_revision(&mut self, revision: Option<String>);
    /// A copy of the replayed schema as it is now.
    fn schema_snapshot(&self) -> crate::schema::Schema;
    /// The SQL text of an SQLAlchemy expression object (`expr.compile(bind)`), or why it is
    /// not known.
    fn compile(&self, expression: &Value) -> Result<String, String>;
    /// Transaction control from Alembic's API (`autocommit_block()` entered and left).
    fn session(&mut self, event: crate::ir::Session, span: &Span);
    /// How many findings the host has made so far (a `while` loop stops repeating a body
    /// that makes new ones: an operation it cannot read would be reported at every turn).
    fn findings_so_far(&self) -> usize {
        0
    }
    /// An option of the migration context a revision reads (`context.get_context()
    /// .version_table_schema`): `None` when the host does not know it.
    fn context_option(&self, _name: &str) -> Option<Value> {
        None
    }
    /// `isinstance(value, class)` for a value the host made (an SQLAlchemy type object) and
    /// a class outside the checkout (`sa.VARCHAR`); `None` when the host cannot tell.
    fn is_instance(&self, _value: &Value, _class: &str) -> Option<bool> {
        None
    }
    /// The rows of a table as the history's own data statements left them (column name and
    /// value each), when every one is known (see `alembic/rows.rs`); `None` otherwise.
    fn table_rows(&self, _schema: Option<&str>, _table: &str) -> Option<Vec<super::value::Row>> {
        None
    }
    /// The code wrote rows the host cannot follow (an ORM session's `execute`, `add`, ...):
    /// no table's rows are known any more.
    fn rows_written(&mut self) {}
}

/// The checkout's Python modules the interpreter may import, by dotted name.
#[derive(Default)]
pub struct ModuleTable {
    pub modules: HashMap<String, (FileId, std::sync::Arc<Module>)>,
    /// The modules that are packages (`__init__.py`): their relative imports start from
    /// themselves.
    pub packages: std::collections::HashSet<String>,
    /// Reads the modules `modules` does not hold when the code first imports them.
    pub lazy: Option<Rc<dyn ModuleLoader>>,
    /// The options of the Alembic configuration's section (`config.get_main_option(...)`),
    /// and its name (`config.config_ini_section`).
    pub main_options: std::collections::BTreeMap<String, String>,
    pub main_section: String,
    /// The distributions installed on the Python path and their versions, by normalized
    /// name (`importlib.metadata.version("flask-sqlalchemy")`); see
    /// [`crate::load::installed_distributions`].
    pub distributions: std::collections::BTreeMap<String, String>,
    /// The version (major, minor) of the Python whose `site-packages` is on the Python path
    /// (`sys.version_info`), when one is.
    pub python_version: Option<(i64, i64)>,
    /// The environment variables the code sees (the configuration's `environment`); any
    /// other is unset.
    pub environment: std::collections::BTreeMap<String, String>,
    /// The values the configuration's `define` gives names (`pkg.module.NAME`): read instead
    /// of what the module binds (see `eval::defined`).
    pub define: std::collections::BTreeMap<String, crate::config::Constant>,
    /// Where the names of `define` this table's interpreters read are noted.
    pub define_read: crate::discover::DefineReads,
    /// Where modules are found (a module's `__file__`), and the only folders the code may
    /// list (`eval::files`).
    pub python_path: Vec<std::path::PathBuf>,
    /// The files of the modules loaded by path (env.py, revision files, model files).
    pub file_paths: HashMap<String, std::path::PathBuf>,
}

/// Reads a module when the interpreter first imports it (the modules read before it runs
/// stop at a budget; what the code actually imports past it is read on demand).
pub trait ModuleLoader {
    /// Module `dotted`, imported by module `importer` (`None`: by the entry point), when
    /// it is one the interpreter may import.
    fn load(
        &self,
        dotted: &str,
        importer: Option<&str>,
    ) -> Option<(FileId, std::sync::Arc<Module>)>;
    /// Whether `dotted`, read by this loader, is a package.
    fn is_package(&self, dotted: &str) -> bool;
}

impl ModuleTable {
    /// Module `dotted`, imported by `importer`: read before the run, or now.
    pub fn get(
        &self,
        dotted: &str,
        importer: Option<&str>,
    ) -> Option<(FileId, std::sync::Arc<Module>)> {
        if let Some(found) = self.modules.get(dotted) {
            return Some(found.clone());
        }
        self.lazy.as_ref()?.load(dotted, importer)
    }

    /// The file of module `dotted` (its `__file__`), when it is on disk.
    pub fn file_of(&self, dotted: &str) -> Option<std::path::PathBuf> {
        if let Some(path) = self.file_paths.get(dotted) {
            return Some(path.clone());
        }
        crate::load::module_file(&self.python_path, dotted)
    }

    /// Whether module `dotted` is a package (its relative imports start from itself).
    pub fn is_package(&self, dotted: &str) -> bool {
        self.packages.contains(dotted) || self.lazy.as_ref().is_some_and(|l| l.is_package(dotted))
    }
}

pub(super) enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
    /// `raise`: the rest of the function does not run, unless an `except` catches it.
    Raise(Option<Raised>),
}

pub(super) use super::exceptions::Raised;
pub(super) use crate::python::callee;

pub(super) struct Frame {
    pub(super) locals: HashMap<String, Value>,
    pub(super) module: Rc<ModuleEnv>,
    pub(super) scope: Scope,
    /// Names a function declares `global`: binding one sets the module's global (a module
    /// that makes its `db = SQLAlchemy(...)` in an `init_db()` it calls at import).
    pub(super) declared_global: Vec<String>,
}

/// An import the code makes that driftlock cannot follow: where, what it is, and the
/// top-level packages it can reach (`None`: any, a module named at run time).
#[derive(Clone, Debug)]
pub struct UnresolvedImport {
    pub span: Span,
    pub what: &'static str,
    pub packages: Option<std::collections::BTreeSet<String>>,
    /// The top-level package of the code that makes it, and whether that module uses
    /// SQLAlchemy: an installed library that imports modules by computed names (its own
    /// submodules, its plugins) reaches the project's models only when it is an ORM layer or
    /// the models' own package.
    pub package: String,
    pub orm: bool,
}

/// `target.naming_convention = {...}` run by `module`, the convention's callables probed.
pub(super) struct AssignedConvention {
    pub(super) module: String,
    pub(super) convention: Value,
    pub(super) target: Value,
    /// The files of the modules already imported when it was made: SQLAlchemy names a
    /// constraint when it joins its table, so classes defined there keep the names they had.
    pub(super) files_before: std::collections::BTreeSet<crate::source::FileId>,
}

/// What a frame runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// The top level of a module: bindings go straight to its globals, so that code running
    /// later in the same module (class bodies, functions called at import) sees them.
    Module,
    Function,
    /// A class body: names it does not bind are looked up in the enclosing function's frame
    /// too (a class defined inside `upgrade()` sees its local imports).
    ClassBody,
}

impl Frame {
    pub(super) fn function(locals: HashMap<String, Value>, module: Rc<ModuleEnv>) -> Frame {
        Frame {
            locals,
            module,
            scope: Scope::Function,
            declared_global: Vec::new(),
        }
    }

    pub(super) fn is_module(&self) -> bool {
        self.scope == Scope::Module
    }
}

/// Deepest chain of nested calls and module imports followed; the replay runs on a thread
/// with a stack large enough for it.
pub(super) const MAX_DEPTH: usize = 120;

pub struct Interp<'a, H: Host + ?Sized> {
    pub(super) host: &'a mut H,
    pub(super) table: &'a ModuleTable,
    /// Shared with the interpreters that start from it (an `im` map: a copy costs nothing).
    pub(super) envs: im::HashMap<String, Rc<ModuleEnv>>,
    /// The modules this interpreter ran itself, in order: those it releases (the others came
    /// from the interpreter it started from, see [`Interp::with_modules`]).
    pub(super) ran: Vec<Rc<ModuleEnv>>,
    pub(super) frames: Vec<Frame>,
    pub(super) depth: usize,
    /// How many `upgrade()` / `downgrade()` calls run now (see [`Interp::run_entry`]).
    pub(super) in_entry: usize,
    /// The unset environment variables already said (eval/environment.rs).
    pub(super) environment_said: std::collections::BTreeSet<String>,
    /// Statements skipped so far because a condition or a loop was not known: a `while`
    /// loop stops repeating its body once an iteration skips something (its exit may be
    /// in what was skipped).
    pub(super) skips: u64,
    /// How deep the code runs in a module's state initializer called at import
    /// (`module_level.rs`): code skipped there that could not change the schema is not said,
    /// the initializer being run only for the names it binds.
    pub(super) initializing: u32,
    /// Imports the code makes that driftlock could not follow: a module name known only at
    /// run time, a skipped branch or loop that imports, plugins found through entry points.
    /// While none, the modules run are exactly those Python would import.
    pub(super) unresolved_imports: Vec<UnresolvedImport>,
    /// Loop turns taken so far (`for` and `while`), against [`MAX_LOOP_TURNS`].
    pub(super) loop_turns: usize,
    /// An exception the host raised during the statement being run: the statement ends in
    /// `raise` when it is done.
    pub(super) raised: Option<Raised>,
    /// The exception classes the `try` statements being run catch, innermost last: an
    /// exception the host raises that none of them catches is not raised at all (its effect
    /// is reported and the code goes on, as it did before exceptions were modelled).
    pub(super) catching: Vec<Vec<String>>,
    /// `with` blocks being run in which PostgreSQL's errors do not abort the migration's
    /// transaction: `autocommit_block()` and savepoints (`begin_nested()`).
    pub(super) shielded: usize,
    /// What the last `context.configure(target_metadata=...)` call passed (env.py's
    /// metadata, whatever its variable is called).
    pub(super) configured_metadata: Option<Value>,
    /// Where that value is written (`target_metadata=...` of the call).
    pub(super) configured_metadata_span: Option<Span>,
    /// The `include_object=` / `include_name=` functions `context.configure(...)` was given.
    pub(super) configured_filters: Vec<(String, Value)>,
    /// Whether `context.configure(...)` was called at all.
    pub(super) configure_called: bool,
    /// The `version_table=` and `version_table_schema=` values `context.configure(...)` was
    /// given, last call's last.
    pub(super) configured_version_table: Vec<(String, Value)>,
    /// What env.py passed to `context.run_migrations(**kw)`: Alembic passes it on to every
    /// revision's `upgrade(**kw)` and `downgrade(**kw)`.
    pub(super) run_migrations_keywords: Vec<(String, Value)>,
    /// The `raise` statement run last (its class, when written as one, and where), and the
    /// one the last entry point ended in, uncaught (`eval/entry.rs`).
    pub(super) raise_statement: Option<(Option<String>, Span)>,
    pub(super) entry_raise: Option<(Option<String>, Span)>,
    /// Tables of one metadata added to another (`target._add_table(t.name, t.schema, t)` or
    /// `t.to_metadata(target)` in a loop over `other.sorted_tables`): (target, other).
    pub(super) merged_metadata: Vec<(Value, Value)>,
    /// `Table(name, metadata, ...)` objects made while a function ran (a helper that builds
    /// a metadata and returns it): what that metadata's `sorted_tables` and `tables` hold.
    pub(super) function_tables: Vec<Value>,
    /// What the class bodies running now assigned (innermost last).
    pub(super) class_bodies: Vec<super::classes::ClassBodyLog>,
    /// `Index(name, table.c.x, ...)` objects made while a function ran: they join the table of
    /// their columns, which creates them with itself.
    pub(super) function_indexes: Vec<Value>,
    /// The naming convention the code run so far assigned to a metadata's
    /// `naming_convention` attribute (the last one).
    pub(super) assigned_convention: Option<AssignedConvention>,
    /// What each generator being run has yielded so far, innermost last.
    pub(super) yielded: Vec<Vec<Value>>,
    /// The exceptions whose `except` blocks run now, innermost last (a bare `raise`
    /// re-raises the last).
    pub(super) handling: Vec<Raised>,
    /// The arguments of SQLAlchemy-Continuum's `make_versioned(...)`, when the code called it.
    pub(super) versioning: Option<Args>,
    /// Columns set on mapped classes after their definition (see `note_added_attribute`).
    pub(super) added_attributes: Vec<(Rc<ClassValue>, String, Value)>,
    /// `table.append_column(...)`/`append_constraint(...)` calls: (table, item), by the
    /// table object's identity (eval/table_changes.rs).
    pub(super) appended_items: Vec<(Value, Value)>,
    /// The table objects of `appended_items`, so that reading any other object is one lookup:
    /// each is kept alive by `appended_items`, so its address stays its own.
    pub(super) appended_tables: std::collections::HashSet<*const super::value::Object>,
    /// Classes whose creation hooks run now, with what the hooks' helpers set on them.
    pub(super) in_construction: Vec<super::class_hooks::InConstruction>,
    /// The classes whose `@declared_attr` functions run now: their own table does not exist
    /// yet (`cls.__table__` is an ancestor's).
    pub(super) declaring: Vec<String>,
    /// The `@declared_attr` functions already said not to be known (file, offset).
    pub(super) declared_unknown: std::collections::BTreeSet<(FileId, usize)>,
    /// The tables `metadata.sorted_tables` / `metadata.tables` gave, with their metadata.
    pub(super) table_sources: Vec<(Value, Value)>,
    /// SQL constructs of the checkout compiled by a function of its own
    /// (`@compiles(Construct, "postgresql")`): the class, the function, and whether it is
    /// PostgreSQL's own (it wins over one for every dialect).
    pub(super) compile_hooks: Vec<(Rc<ClassValue>, Value, bool)>,
    /// SQLAlchemy event listeners registered so far (see `eval/events.rs`).
    pub(super) listeners: Vec<super::events::Listener>,
    /// Attributes assigned on library objects (`const.name = ...`): the object (kept, so that
    /// no other takes its address), the attribute, the value; the last one wins.
    pub(super) object_attributes: Vec<(Rc<Object>, String, Value)>,
    /// Library objects made by a subclass of the project's (a Flask-SQLAlchemy object whose
    /// class adds names through `__getattr__`): the object (kept, as above) and that class.
    pub(super) made_by_subclass: Vec<(Rc<Object>, Rc<ClassValue>)>,
    /// The constructors of type classes running now (eval/init.rs): the class whose
    /// `__init__` runs, and the instance it builds (what `super()` names).
    pub(super) constructing: Vec<(Rc<ClassValue>, Rc<Object>)>,
    /// While a listener runs: the constraints and indexes it makes.
    pub(super) made: Option<Vec<Value>>,
    /// The tables reflection loaded into a metadata (`metadata.reflect(bind)`, `Table(...,
    /// autoload_with=bind)`): (metadata, table, the `Table` object), in the order loaded. A
    /// metadata loads a table once; later loads give the same object, as SQLAlchemy's does.
    pub(super) reflected: Vec<(Value, crate::schema::Key, Value)>,
}

/// Loop turns one interpreter takes in all: nested loops over long ranges would otherwise
/// take time without bound on hostile or generated input.
const MAX_LOOP_TURNS: usize = 200_000;

/// The classes and `Table` objects (`sa.Table(...)`, Flask-SQLAlchemy's `db.Table(...)`)
/// bound at the top level of the modules `envs`, also inside a dict or list (`templates[c] =
/// Table(...)` in a loop), once each, with where each is written; in no particular order.
/// What the models reader and a revision's `metadata.create_all()` build tables from.
pub fn schema_items<'e>(envs: impl Iterator<Item = &'e Rc<ModuleEnv>>) -> Vec<(Span, Value)> {
    let last = |class: &str| class.rsplit('.').next().map(str::to_string);
    let mut seen: std::collections::BTreeSet<*const ()> = Default::default();
    let mut found = Vec::new();
    for env in envs {
        let globals = env.globals.borrow();
        // What the module made for its side effect first, in the order it made them (tables
        // made in a loop share one position in the file), then what its names hold.
        let kept = globals.get(MODULE_SCHEMA_ITEMS).into_iter();
        let named = globals
            .iter()
            .filter(|(k, _)| *k != MODULE_SCHEMA_ITEMS)
            .map(|(_, v)| v);
        for v in kept.chain(named) {
            let items: Vec<Value> = match v {
                Value::Dict(items) => items.iter().map(|(_, v)| v.clone()).collect(),
                Value::List(items) | Value::Tuple(items) | Value::Set(items) => items.clone(),
                other => vec![other.clone()],
            };
            // `Table` objects a plain class (not a mapped one) holds as its attributes, in the
            // order its body assigns them (`class Model: metadata = MetaData(); users =
            // Table("users", metadata, ...)`).
            let mut items = items;
            let held: Vec<Value> = items
                .iter()
                .filter_map(|item| match item {
                    Value::Class(c) if !super::classes::maps_onto_a_base(c) => Some(c.clone()),
                    _ => None,
                })
                .flat_map(|c| {
                    c.order
                        .iter()
                        .filter_map(|name| c.attributes.get(name).cloned())
                        .collect::<Vec<_>>()
                })
                .collect();
            items.extend(held);
            for item in items {
                let (ptr, span) = match &item {
                    // A class mapped onto a `Table` object (`__table__ = users`) declares
                    // that table, no other: one item with it.
                    Value::Class(c) => match c.attributes.get("__table__") {
                        Some(Value::Object(t)) if last(&t.class).as_deref() == Some("Table") => {
                            (Rc::as_ptr(t) as *const (), c.span.clone())
                        }
                        _ => (Rc::as_ptr(c) as *const (), c.span.clone()),
                    },
                    Value::Object(o)
                        if last(&o.class).as_deref() == Some("Table")
                            && match &o.receiver {
                                None => true,
                                Some(Value::Object(db)) => {
                                    last(&db.class).as_deref() == Some("SQLAlchemy")
                                }
                                _ => false,
                            } =>
                    {
                        (Rc::as_ptr(o) as *const (), o.span.clone())
                    }
                    _ => continue,
                };
                if seen.insert(ptr) {
                    found.push((span, item));
                }
            }
        }
    }
    found
}

/// Empties the globals of the modules in `envs` that are not in `shared` (see
/// [`Interp::release_modules`]), for a caller that kept the modules after the interpreter.
pub fn release(
    envs: &im::HashMap<String, Rc<ModuleEnv>>,
    shared: &im::HashMap<String, Rc<ModuleEnv>>,
) {
    crate::work::add(envs.len() as u64);
    for env in envs.values() {
        release_one(env, shared);
    }
}

/// Empties one module's globals unless `shared` still holds it.
fn release_one(env: &Rc<ModuleEnv>, shared: &im::HashMap<String, Rc<ModuleEnv>>) {
    if shared
        .get(&env.name)
        .is_some_and(|kept| Rc::ptr_eq(kept, env))
    {
        return;
    }
    let globals = std::mem::take(&mut *env.globals.borrow_mut());
    drop(globals);
}

/// How many times a `while` loop's body is run before the rest is given up.
const MAX_WHILE_ITERATIONS: usize = 256;

impl<'a, H: Host + ?Sized> Interp<'a, H> {
    pub fn new(host: &'a mut H, table: &'a ModuleTable) -> Self {
        Interp {
            host,
            table,
            envs: im::HashMap::new(),
            ran: Vec::new(),
            frames: Vec::new(),
            depth: 0,
            in_entry: 0,
            environment_said: Default::default(),
            skips: 0,
            initializing: 0,
            unresolved_imports: Vec::new(),
            loop_turns: 0,
            raised: None,
            catching: Vec::new(),
            shielded: 0,
            configured_metadata: None,
            configured_metadata_span: None,
            assigned_convention: None,
            yielded: Vec::new(),
            configured_filters: Vec::new(),
            merged_metadata: Vec::new(),
            function_tables: Vec::new(),
            class_bodies: Vec::new(),
            function_indexes: Vec::new(),
            handling: Vec::new(),
            versioning: None,
            added_attributes: Vec::new(),
            appended_items: Vec::new(),
            appended_tables: Default::default(),
            in_construction: Vec::new(),
            declaring: Vec::new(),
            declared_unknown: Default::default(),
            table_sources: Vec::new(),
            reflected: Vec::new(),
            compile_hooks: Vec::new(),
            listeners: Vec::new(),
            object_attributes: Vec::new(),
            made_by_subclass: Vec::new(),
            constructing: Vec::new(),
            made: None,
            configure_called: false,
            configured_version_table: Vec::new(),
            run_migrations_keywords: Vec::new(),
            raise_statement: None,
            entry_raise: None,
        }
    }

    /// The modules run so far, to share with another interpreter of the same run: Python
    /// imports a module once per process, and the downgrade check must not pay for running
    /// every imported module again.
    pub fn modules_run(&self) -> im::HashMap<String, Rc<ModuleEnv>> {
        self.envs.clone()
    }

    /// Ends the life of the modules this interpreter ran, except those in `shared` (still in
    /// use by the interpreter they came from): their globals are emptied. A module's
    /// functions and classes point back at the module (`Function::module`), so without this
    /// every module run stays in memory after the run: a long-lived process (the fuzzer, an
    /// editor integration) would grow with every check.
    pub fn release_modules(self, shared: &im::HashMap<String, Rc<ModuleEnv>>) {
        // Only the modules it ran: walking every module of `envs` for each downgrade made a
        // history's check grow with the square of its revisions.
        crate::work::add(self.ran.len() as u64);
        for env in &self.ran {
            release_one(env, shared);
        }
    }

    /// Starts from modules another interpreter already ran (see [`Interp::modules_run`]).
    pub fn with_modules(mut self, envs: im::HashMap<String, Rc<ModuleEnv>>) -> Self {
        self.envs = envs;
        self
    }

    /// The host, to set or read its state between entry points.
    pub fn host_mut(&mut self) -> &mut H {
        self.host
    }

    /// The mapped classes and `Table` objects of every module run so far, in the order of
    /// their files and positions: what a `metadata.create_all()` in a revision can create.
    pub(super) fn known_schema_items(&self) -> Vec<Value> {
        let mut found = schema_items(self.envs.values());
        found.sort_by_key(|(span, _)| (span.file.0, span.range.start));
        let mut items: Vec<Value> = found.into_iter().map(|(_, v)| v).collect();
        items.extend(self.function_tables.iter().cloned());
        items
    }

    /// `value.attr` as the code it interprets would see it: for readers that name a value by a
    /// dotted path (the metadata an application passes to `create_all()`).
    pub fn attribute_of(&mut self, value: Value, attr: &str, span: &Span) -> Value {
        self.attribute(value, attr, span)
    }

    /// What env.py passed to `context.configure(target_metadata=...)`, when it ran that far.
    pub fn configured_metadata(&self) -> Option<Value> {
        self.configured_metadata.clone()
    }

    /// The function `context.configure(...)` was given as `option` (`include_object`).
    pub fn configured_filter(&self, option: &str) -> Option<Value> {
        self.configured_filters
            .iter()
            .rev()
            .find(|(o, _)| o == option)
            .map(|(_, f)| f.clone())
    }

    /// Where the `target_metadata=` value of `context.configure(...)` is written.
    pub fn configured_metadata_span(&self) -> Option<Span> {
        self.configured_metadata_span.clone()
    }

    /// What SQLAlchemy-Continuum's `make_versioned(...)` was given, when the code called it.
    pub fn versioning(&self) -> Option<&Args> {
        self.versioning.as_ref()
    }

    /// Each metadata whose tables the code run so far added to another: (target, other).
    pub fn merged_metadata(&self) -> &[(Value, Value)] {
        &self.merged_metadata
    }

    /// The imports of the code run so far that driftlock could not follow (see the field).
    pub fn unresolved_imports(&self) -> &[UnresolvedImport] {
        &self.unresolved_imports
    }

    /// Keeps an import driftlock cannot follow: any module (`packages` `None`), or modules of
    /// these top-level packages.
    pub(super) fn unresolved_import(
        &mut self,
        span: &Span,
        what: &'static str,
        packages: Option<std::collections::BTreeSet<String>>,
    ) {
        let module = self.frames.last().map(|f| f.module.name.clone());
        let module = module.unwrap_or_default();
        let orm = self.table.get(&module, None).is_some_and(|(_, ast)| {
            crate::load::uses_sqlalchemy(&ast, &module, self.table.packages.contains(&module))
        });
        self.unresolved_imports.push(UnresolvedImport {
            span: span.clone(),
            what,
            packages,
            package: module.split('.').next().unwrap_or_default().to_string(),
            orm,
        });
    }

    /// Whether the code run so far called `context.configure(...)`.
    pub fn configure_called(&self) -> bool {
        self.configure_called
    }

    /// `@compiles(Construct[, "postgresql"])` on a function: kept for the construct, a class of
    /// the checkout, when it is for PostgreSQL or every dialect.
    fn note_compile_hook(&mut self, f: &ast::StmtFunctionDef, function: &Value) {
        for decorator in &f.decorator_list {
            let ast::Expr::Call(call) = decorator else {
                continue;
            };
            if callee(call) != Some("compiles") {
                continue;
            }
            let Some(Value::Class(class)) = call.args.first().map(|a| self.eval(a)) else {
                continue;
            };
            let dialects: Vec<Value> = call.args.iter().skip(1).map(|a| self.eval(a)).collect();
            let postgresql = dialects.iter().any(|d| d.as_str() == Some("postgresql"));
            if dialects.is_empty() || postgresql {
                self.compile_hooks
                    .push((class, function.clone(), postgresql));
            }
        }
    }

    /// The function that compiles instances of `class` (or of a class it derives from) for
    /// PostgreSQL, when the checkout gives one.
    pub(super) fn compile_hook(&self, class: &Rc<ClassValue>) -> Option<Value> {
        let own = |c: &Rc<ClassValue>| {
            let mut found: Vec<&(Rc<ClassValue>, Value, bool)> = self
                .compile_hooks
                .iter()
                .filter(|(k, _, _)| Rc::ptr_eq(k, c))
                .collect();
            // PostgreSQL's own first, then the last one defined.
            found.sort_by_key(|(_, _, pg)| !*pg);
            found.first().map(|(_, f, _)| f.clone())
        };
        if let Some(f) = own(class) {
            return Some(f);
        }
        class.bases.iter().find_map(|b| match b {
            Value::Class(base) => self.compile_hook(base),
            _ => None,
        })
    }

    pub(super) fn span(&self, range: std::ops::Range<usize>) -> Span {
        let file = self.frames.last().map_or(FileId(0), |f| f.module.file);
        Span::new(file, range)
    }

    pub(super) fn unanalyzable(&mut self, span: Span, message: String) {
        self.host.report(
            Diagnostic::warning(Kind::Unanalyzable, codes::UNANALYZABLE_CODE, message)
                .at(span)
                .with_note("driftlock does not run project code; the replay goes on without this"),
        );
    }

    /// Counts one loop turn; false (and said once) when the budget is spent.
    fn take_loop_turn(&mut self, body: &[ast::Stmt], range: std::ops::Range<usize>) -> bool {
        self.loop_turns += 1;
        if self.loop_turns <= MAX_LOOP_TURNS {
            return true;
        }
        if self.loop_turns == MAX_LOOP_TURNS + 1 {
            let span = self.span(range);
            self.skipped(
                span,
                format!("loops here run more than {MAX_LOOP_TURNS} turns in all; the rest is not replayed"),
                &[body],
            );
        }
        false
    }

    /// Code skipped because a condition or a loop is not known. When the skipped statements
    /// hold nothing that can change the schema (only data work, logging, bookkeeping), this is
    /// said as information, not as a warning: the replayed schema does not depend on it.
    pub(super) fn skipped(&mut self, span: Span, message: String, skipped: &[&[ast::Stmt]]) {
        self.skips += 1;
        if skipped
            .iter()
            .any(|body| crate::python::visit::body_imports(body, super::module_level::IMPORTING))
        {
            // Static imports reach only the packages they name; `import_module` any module.
            let current = self.frames.last().map(|f| f.module.name.clone());
            let packages = (!skipped.iter().any(|body| {
                crate::python::visit::body_calls(body, super::module_level::IMPORTING)
            }))
            .then(|| {
                skipped
                    .iter()
                    .flat_map(|body| {
                        crate::python::visit::body_import_packages(
                            body,
                            current.as_deref().unwrap_or_default(),
                        )
                    })
                    .collect()
            });
            self.unresolved_import(
                &span,
                "code that imports, skipped because its condition or loop is not known",
                packages,
            );
        }
        if skipped.iter().any(|body| may_change_schema(body)) {
            self.unanalyzable(span, message);
        } else if self.initializing == 0 {
            self.host.report(
                Diagnostic::info(Kind::Unanalyzable, codes::UNANALYZABLE_CODE, message)
                    .at(span)
                    .with_note("the skipped code makes no Alembic call and runs no DDL, so the schema does not depend on it"),
            );
        }
    }

    pub(super) fn lookup(&self, name: &str) -> Option<Value> {
        let frame = self.frames.last()?;
        if let Some(v) = frame.locals.get(name) {
            return Some(v.clone());
        }
        if frame.scope == Scope::ClassBody {
            // The function the class statement runs in, past the bodies of the classes it
            // is nested in: Python's class scopes do not see each other's names.
            let enclosing = self.frames[..self.frames.len() - 1]
                .iter()
                .rev()
                .find(|f| f.scope != Scope::ClassBody);
            if let Some(v) = enclosing
                .filter(|f| !f.is_module())
                .and_then(|f| f.locals.get(name))
            {
                return Some(v.clone());
            }
        }
        if let Some(v) = frame.module.globals.borrow().get(name) {
            let defined = self.defined_own_global(&frame.module.name, name);
            return Some(defined.unwrap_or_else(|| v.clone()));
        }
        None
    }

    pub(super) fn bind(&mut self, name: &str, value: Value) {
        if let Some(frame) = self.frames.last_mut() {
            if frame.is_module() || frame.declared_global.iter().any(|g| g == name) {
                frame
                    .module
                    .globals
                    .borrow_mut()
                    .insert(name.to_string(), value);
            } else {
                frame.locals.insert(name.to_string(), value);
            }
        }
    }

    pub(super) fn exec_block(&mut self, body: &[ast::Stmt]) -> Flow {
        for stmt in body {
            match self.exec(stmt) {
                Flow::Normal => {}
                other => return other,
            }
        }
        Flow::Normal
    }

    pub(super) fn exec(&mut self, stmt: &ast::Stmt) -> Flow {
        let flow = self.exec_statement(stmt);
        match self.raised.take() {
            Some(raised) if !matches!(flow, Flow::Raise(_)) => Flow::Raise(Some(raised)),
            _ => flow,
        }
    }

    fn exec_statement(&mut self, stmt: &ast::Stmt) -> Flow {
        crate::work::add(1);
        match stmt {
            ast::Stmt::Expr(e) => {
                self.eval(&e.value);
            }
            ast::Stmt::Assign(a) => {
                let value = match self.defined_assignment(&a.targets, &a.value) {
                    Some(defined) => defined,
                    None => self.eval(&a.value),
                };
                for target in &a.targets {
                    self.assign(target, value.clone());
                }
                self.log_class_assignment(stmt);
            }
            ast::Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let defined =
                        self.defined_assignment(std::slice::from_ref(a.target.as_ref()), v);
                    let value = defined.unwrap_or_else(|| self.eval(v));
                    self.assign(&a.target, value);
                }
                self.log_class_assignment(stmt);
            }
            ast::Stmt::AugAssign(a) => {
                if let ast::Expr::Name(n) = a.target.as_ref() {
                    let current = self
                        .lookup(n.id.as_str())
                        .unwrap_or_else(|| Value::unknown("unbound name"));
                    let right = self.eval(&a.value);
                    let value = binop(&a.op, current, right);
                    self.bind(n.id.as_str(), value);
                }
            }
            ast::Stmt::FunctionDef(f) => {
                let frame = self.frames.last().expect("frame");
                let module = frame.module.clone();
                // Inside a function, the new function closes over the current variables.
                let closure = if !frame.is_module() {
                    frame.locals.clone()
                } else {
                    HashMap::new()
                };
                let def = match self.table.get(&module.name, None) {
                    Some((file, tree)) if file == module.file => tree.shared_def(f),
                    _ => std::sync::Arc::new(f.clone()),
                };
                let function = Value::Function(Rc::new(Function {
                    name: f.name.to_string(),
                    params: Rc::new(f.args.as_ref().clone()),
                    def,
                    module,
                    closure,
                }));
                self.note_compile_hook(f, &function);
                self.note_event_listener(f, &function);
                // `@name.setter` (or `.deleter`) of a property or hybrid property: `name`
                // stays the getter, which the class reads.
                if !super::classes::adds_accessor(f, self.lookup(f.name.as_str()).as_ref()) {
                    self.bind(f.name.as_str(), function);
                }
            }
            ast::Stmt::AsyncFunctionDef(f) => {
                self.bind(f.name.as_str(), Value::unknown("async function"));
            }
            ast::Stmt::ClassDef(c) => {
                let mut bases: Vec<Value> = c.bases.iter().map(|b| self.eval(b)).collect();
                let as_declarative = c.decorator_list.iter().any(|d| {
                    matches!(d, ast::Expr::Call(call) if callee(call) == Some("as_declarative"))
                        || matches!(d, ast::Expr::Name(n) if n.id.as_str() == "as_declarative")
                });
                let keywords: Vec<(String, Value)> = c
                    .keywords
                    .iter()
                    .filter_map(|k| Some((k.arg.as_ref()?.to_string(), self.eval(&k.value))))
                    .collect();
                super::classes::mapping_bases(&mut bases, as_declarative, &keywords);
                self.frames.push(Frame {
                    locals: HashMap::new(),
                    module: self.frames.last().expect("frame").module.clone(),
                    scope: Scope::ClassBody,
                    declared_global: Vec::new(),
                });
                self.class_bodies.push(Default::default());
                for s in &c.body {
                    match s {
                        // `Index("ix", users.c.name)` in a plain class's body (tables held as
                        // its attributes), `UniqueConstraint(a, b)` over a mapped class's own
                        // columns: made for its side effect, kept with the class.
                        ast::Stmt::Expr(e) if matches!(e.value.as_ref(), ast::Expr::Call(call) if matches!(callee(call), Some("Index" | "UniqueConstraint"))) =>
                        {
                            let value = self.eval(&e.value);
                            self.keep_schema_item(value);
                        }
                        ast::Stmt::Expr(_) => {}
                        _ => {
                            self.exec(s);
                        }
                    }
                }
                let log = self.class_bodies.pop().unwrap_or_default();
                let annotations = log.annotations;
                let mut frame = self.frames.pop().expect("class frame");
                // Python stores a private name of the body (`__x`) as `_Class__x`.
                let private = |name: &str| super::classes::mangle(c.name.as_str(), name);
                frame.locals = frame
                    .locals
                    .into_iter()
                    .map(|(k, v)| (private(&k), v))
                    .collect();
                let attribute_spans: HashMap<String, Span> = log
                    .spans
                    .into_iter()
                    .map(|(k, v)| (private(&k), v))
                    .collect();
                let order = log.order.iter().map(|n| private(n)).collect();
                let class = ClassValue {
                    name: c.name.to_string(),
                    bases,
                    attributes: frame.locals,
                    order,
                    keywords,
                    annotations,
                    span: self.span(range_of(stmt)),
                    attribute_spans,
                    declared: Vec::new(),
                };
                let mut class = self.run_class_creation_hooks(class);
                // A TypeDecorator that picks its type per dialect: ask it for PostgreSQL's.
                if let Some(hook @ Value::Function(_)) =
                    class.attributes.get("load_dialect_impl").cloned()
                {
                    let span = self.span(range_of(stmt));
                    let args = Args {
                        positional: vec![Value::unknown("self"), Value::Handle(Handle::Dialect)],
                        ..Args::default()
                    };
                    let chosen = self.call(&hook, args, &span);
                    if !matches!(chosen, Value::Unknown(_) | Value::None) {
                        class.attributes.insert(POSTGRESQL_IMPL.into(), chosen);
                    }
                }
                self.enum_auto_values(&mut class, &self.span(range_of(stmt)));
                let class = self.declared_attributes(class, &self.span(range_of(stmt)));
                self.log_nested_class(c.name.as_str(), &self.span(range_of(stmt)));
                self.bind(c.name.as_str(), Value::Class(class));
            }
            ast::Stmt::Import(i) => {
                for alias in &i.names {
                    let dotted = alias.name.as_str();
                    match &alias.asname {
                        Some(as_name) => {
                            let v = self.import_value(dotted);
                            self.bind(as_name.as_str(), v);
                        }
                        None => {
                            let top = dotted.split('.').next().unwrap_or(dotted);
                            // `import a.b` binds `a`; make sure `a.b` is loaded for attribute use.
                            let _ = self.import_value(dotted);
                            let v = self.import_value(top);
                            self.bind(top, v);
                        }
                    }
                }
            }
            ast::Stmt::ImportFrom(i) => {
                let level = i.level.as_ref().map_or(0, |l| l.to_usize());
                let base = self.resolve_relative(i.module.as_ref().map(|m| m.as_str()), level);
                for alias in &i.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        if let Some(env) = self.import_module(&base) {
                            let globals: Vec<(String, Value)> = env
                                .globals
                                .borrow()
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            for (k, v) in globals {
                                self.bind(&k, v);
                            }
                        }
                        continue;
                    }
                    let full = if base.is_empty() {
                        name.to_string()
                    } else {
                        format!("{base}.{name}")
                    };
                    let value = match self.import_module(&base) {
                        Some(env) => {
                            let span = self.span(range_of(stmt));
                            self.attribute(Value::Module(env), name, &span)
                        }
                        None => self
                            .modelled_library_version(&base, name)
                            .unwrap_or_else(|| self.import_value(&full)),
                    };
                    let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    self.bind(bound, value);
                }
            }
            ast::Stmt::If(i) => {
                let test = self.eval(&i.test);
                if self.raised.is_some() {
                    // The test raised: no branch runs (`exec` turns it into `raise`).
                    return Flow::Normal;
                }
                match test.truthy() {
                    Some(true) => return self.exec_block(&i.body),
                    Some(false) => return self.exec_block(&i.orelse),
                    None => {
                        if let Some(branch) = self.branch_a_define_decides(&i.body, &i.orelse) {
                            return self.exec_block(branch);
                        }
                        let span = self.span(range_of(i.test.as_ref()));
                        let why = match &test {
                            Value::Unknown(r) => format!(": {r}"),
                            _ => String::new(),
                        };
                        self.skipped(
                            span,
                            format!("cannot decide this `if` statically{why}; neither branch is replayed"),
                            &[&i.body, &i.orelse],
                        );
                    }
                }
            }
            ast::Stmt::For(f) => {
                let iter = self.eval(&f.iter);
                if self.raised.is_some() {
                    return Flow::Normal;
                }
                let Some(items) = iterate(&iter) else {
                    let span = self.span(range_of(f.iter.as_ref()));
                    self.skipped(
                        span,
                        "cannot tell what this loop iterates over; its body is not replayed".into(),
                        &[&f.body],
                    );
                    return Flow::Normal;
                };
                // `for fk in fks: fk["x"] = ...` changes the list's own dicts in Python (they
                // are shared); values are copied here, so a changed loop variable is written
                // back into the list it came from.
                let write_back = match (f.iter.as_ref(), f.target.as_ref()) {
                    (ast::Expr::Name(list), ast::Expr::Name(var))
                        if matches!(iter, Value::List(_)) =>
                    {
                        Some((list.id.to_string(), var.id.to_string()))
                    }
                    _ => None,
                };
                for (index, item) in items.into_iter().enumerate() {
                    if !self.take_loop_turn(&f.body, range_of(f.iter.as_ref())) {
                        return Flow::Normal;
                    }
                    self.assign(&f.target, item);
                    let flow = self.exec_block(&f.body);
                    if let Some((list, var)) = &write_back {
                        if let (Some(Value::List(mut values)), Some(now @ Value::Dict(_))) =
                            (self.lookup(list), self.lookup(var))
                        {
                            if index < values.len() {
                                values[index] = now;
                                self.bind(list, Value::List(values));
                            }
                        }
                    }
                    match flow {
                        Flow::Break => return Flow::Normal,
                        Flow::Return(v) => return Flow::Return(v),
                        Flow::Raise(r) => return Flow::Raise(r),
                        Flow::Continue | Flow::Normal => {}
                    }
                }
                return self.exec_block(&f.orelse);
            }
            ast::Stmt::While(w) => {
                // Run while the condition is known: a counter, a list being emptied, `while
                // True` left by a `break` the interpreter can decide.
                let span = self.span(range_of(w.test.as_ref()));
                for _ in 0..MAX_WHILE_ITERATIONS {
                    if !self.take_loop_turn(&w.body, range_of(w.test.as_ref())) {
                        return Flow::Normal;
                    }
                    let test = self.eval(&w.test);
                    match test.truthy() {
                        Some(true) => {}
                        Some(false) => return self.exec_block(&w.orelse),
                        None => {
                            self.skipped(
                                span,
                                "cannot decide this `while` condition statically; the loop is not replayed further".into(),
                                &[&w.body],
                            );
                            return Flow::Normal;
                        }
                    }
                    let (skips, findings) = (self.skips, self.host.findings_so_far());
                    match self.exec_block(&w.body) {
                        Flow::Break => return Flow::Normal,
                        Flow::Return(v) => return Flow::Return(v),
                        Flow::Raise(r) => return Flow::Raise(r),
                        Flow::Continue | Flow::Normal => {}
                    }
                    if self.skips > skips || self.host.findings_so_far() > findings {
                        // Whether the loop goes on depends on what was just skipped (a batch
                        // of rows read from the database), or the body makes findings that
                        // would repeat at every turn: its body is replayed once.
                        return Flow::Normal;
                    }
                }
                self.skipped(
                    span,
                    format!("this `while` loop runs more than {MAX_WHILE_ITERATIONS} times; the rest is not replayed"),
                    &[&w.body],
                );
            }
            ast::Stmt::With(w) => {
                let mut autocommit = false;
                let mut shields = 0;
                for item in &w.items {
                    if super::exceptions::is_savepoint(&item.context_expr) {
                        shields += 1;
                    }
                    let value = self.eval(&item.context_expr);
                    if matches!(value, Value::Handle(Handle::Autocommit)) {
                        shields += 1;
                        autocommit = true;
                        let span = self.span(range_of(&item.context_expr));
                        self.host
                            .session(crate::ir::Session::AutocommitBegin, &span);
                    }
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, value);
                    }
                }
                self.shielded += shields;
                let flow = self.exec_block(&w.body);
                self.shielded -= shields;
                if autocommit {
                    let span = self.span(range_of(stmt));
                    self.host.session(crate::ir::Session::AutocommitEnd, &span);
                }
                return flow;
            }
            ast::Stmt::Try(t) => return self.exec_try(t),
            ast::Stmt::Return(r) => {
                let value = r.value.as_ref().map_or(Value::None, |v| self.eval(v));
                return Flow::Return(value);
            }
            ast::Stmt::Raise(r) => return self.exec_raise(r, stmt),
            ast::Stmt::Global(g) => {
                if let Some(frame) = self.frames.last_mut() {
                    if frame.scope == Scope::Function {
                        frame
                            .declared_global
                            .extend(g.names.iter().map(|n| n.to_string()));
                    }
                }
            }
            ast::Stmt::Break(_) => return Flow::Break,
            ast::Stmt::Continue(_) => return Flow::Continue,
            ast::Stmt::Pass(_)
            | ast::Stmt::Assert(_)
            | ast::Stmt::Nonlocal(_)
            | ast::Stmt::Delete(_) => {}
            other => {
                let span = self.span(range_of(other));
                self.unanalyzable(span, "this statement is not replayed".into());
            }
        }
        Flow::Normal
    }

    pub(super) fn assign(&mut self, target: &ast::Expr, value: Value) {
        match target {
            ast::Expr::Name(n) => self.bind(n.id.as_str(), value),
            ast::Expr::Tuple(t) => self.unpack(&t.elts, value),
            ast::Expr::List(l) => self.unpack(&l.elts, value),
            // `d[key] = value` on a dict or list bound to a name (tables kept in a dict), and
            // through nested subscripts (`fk["options"]["ondelete"] = ...`): the container is
            // rebuilt and assigned back, level by level.
            ast::Expr::Subscript(s) => {
                let key = self.eval(&s.slice);
                let updated = match self.eval(&s.value) {
                    Value::Dict(mut items) => {
                        match items.iter_mut().find(|(k, _)| k.py_eq(&key) == Some(true)) {
                            Some(slot) => slot.1 = value,
                            None => items.push((key, value)),
                        }
                        Value::Dict(items)
                    }
                    Value::List(mut items) => match key {
                        Value::Int(i) if i >= 0 && (i as usize) < items.len() => {
                            items[i as usize] = value;
                            Value::List(items)
                        }
                        _ => return,
                    },
                    _ => return,
                };
                self.assign(&s.value, updated);
            }
            // `Model.metadata = metadata` on a class bound to a name (a framework's base
            // given the project's metadata): the name is bound to the class with that
            // attribute, for the code after it. Other attribute assignments change nothing
            // the schema depends on.
            ast::Expr::Attribute(a) => {
                let base = self.eval(&a.value);
                // `const.name = "..."` on a library object (in an event listener).
                if let Value::Object(o) = &base {
                    self.object_attributes
                        .push((o.clone(), a.attr.to_string(), value.clone()));
                }
                // `Base.metadata.naming_convention = {...}` after the metadata was made.
                if a.attr.as_str() == "naming_convention" && matches!(value, Value::Dict(_)) {
                    let convention = self.probe_convention(value.clone());
                    let module = self.frames.last().map(|f| f.module.name.clone());
                    self.assigned_convention = Some(AssignedConvention {
                        module: module.unwrap_or_default(),
                        convention,
                        target: base.clone(),
                        files_before: self.envs.values().map(|e| e.file).collect(),
                    });
                }
                if a.attr.as_str() == "schema" {
                    self.assign_metadata_schema(&a.value, &value);
                }
                if let Value::Class(c) = &base {
                    self.note_added_attribute(c, a.attr.as_str(), value.clone());
                    self.note_set_in_construction(c, a.attr.as_str(), &value);
                }
                if let (ast::Expr::Name(_), Value::Class(c)) = (a.value.as_ref(), base) {
                    let mut changed = (*c).clone();
                    let attr = a.attr.to_string();
                    if !changed.order.contains(&attr) {
                        changed.order.push(attr.clone());
                    }
                    changed.attributes.insert(attr, value);
                    self.assign(&a.value, Value::Class(Rc::new(changed)));
                }
            }
            _ => {}
        }
    }

    /// Applies a mutating list or dict method to the value bound to `name`; `None` when
    /// `name` holds no list or dict or `method` does not mutate.
    pub(super) fn mutate(&mut self, name: &str, method: &str, args: &Args) -> Option<Value> {
        let current = self.lookup(name)?;
        let arg = |i: usize| args.positional.get(i).cloned().unwrap_or(Value::None);
        // `items.pop()` / `items.pop(i)`: the list shrinks, the call is the item.
        if let (Value::List(items), "pop") = (&current, method) {
            let len = items.len() as i64;
            let at = match args.positional.first() {
                None => len - 1,
                Some(Value::Int(i)) if *i < 0 => len + i,
                Some(Value::Int(i)) => *i,
                Some(_) => return Some(Value::unknown("list.pop at an unknown position")),
            };
            let Some(at) = usize::try_from(at).ok().filter(|&a| a < items.len()) else {
                return Some(Value::unknown("pop from an empty list or out of range"));
            };
            let mut items = items.clone();
            let item = items.remove(at);
            self.rebind(name, Value::List(items));
            return Some(item);
        }
        let updated = match (current, method) {
            (Value::List(mut items), "append") => {
                items.push(arg(0));
                Value::List(items)
            }
            (Value::List(mut items), "extend") => {
                items.extend(
                    iterate(&arg(0))
                        .unwrap_or_else(|| vec![Value::unknown("extend with unknown values")]),
                );
                Value::List(items)
            }
            (Value::List(mut items), "insert") => {
                let at = match arg(0) {
                    Value::Int(i) if i >= 0 => (i as usize).min(items.len()),
                    Value::Int(i) => items.len().saturating_sub(i.unsigned_abs() as usize),
                    _ => return Some(Value::unknown("list.insert at an unknown position")),
                };
                items.insert(at, arg(1));
                Value::List(items)
            }
            (Value::List(mut items), "remove") => {
                if let Some(i) = items.iter().position(|v| v.py_eq(&arg(0)) == Some(true)) {
                    items.remove(i);
                }
                Value::List(items)
            }
            // A set: `add`, `discard`, `remove` and `update` keep each item once.
            (Value::Set(mut items), "add") => {
                if super::builtins::contains(items.iter(), &arg(0)) != Some(true) {
                    items.push(arg(0));
                }
                Value::Set(items)
            }
            (Value::Set(mut items), "discard" | "remove") => {
                items.retain(|v| v.py_eq(&arg(0)) != Some(true));
                Value::Set(items)
            }
            (Value::Set(items), "update") => {
                let more = iterate(&arg(0))
                    .unwrap_or_else(|| vec![Value::unknown("update with unknown values")]);
                super::builtins::set_union(items, more)
            }
            (Value::Dict(mut items), "update") => {
                if let Value::Dict(more) = arg(0) {
                    for (k, v) in more {
                        items.retain(|(existing, _)| existing.py_eq(&k) != Some(true));
                        items.push((k, v));
                    }
                }
                for (k, v) in &args.keywords {
                    items.retain(|(existing, _)| existing.as_str() != Some(k));
                    items.push((Value::Str(k.clone()), v.clone()));
                }
                Value::Dict(items)
            }
            _ => return None,
        };
        self.rebind(name, updated);
        Some(Value::None)
    }

    /// Rebinds `name` where it is bound: the current frame, else the module's globals.
    pub(super) fn rebind(&mut self, name: &str, value: Value) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        if frame.is_module()
            || !frame.locals.contains_key(name) && frame.module.globals.borrow().contains_key(name)
        {
            frame
                .module
                .globals
                .borrow_mut()
                .insert(name.to_string(), value);
        } else {
            frame.locals.insert(name.to_string(), value);
        }
    }
}
