//! The declared schema: the SQLAlchemy models of the checkout, read statically (never
//! imported). `env.py` is run by the migration interpreter, which follows its imports into
//! the project's modules and evaluates their class bodies; the mapped classes and `Table`
//! objects found there are turned into the `create_table`/`create_index` calls
//! `metadata.create_all()` would amount to, and applied by the same lowering as the
//! migrations, so that SQLAlchemy's DDL rules (SERIAL, enum types, naming conventions,
//! PostgreSQL's own names) are applied exactly once, in one place.

pub mod app_tables;
mod appended;
mod events;
mod on_the_base;
mod own_command;
mod repeats;
pub mod revision_imports;
pub(crate) mod run_time;
pub mod search;
mod unread_parts;

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::alembic::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::Project;
use crate::eval::interp::{Host, Interp};
use crate::eval::value::{Object, Value, MODULE_SCHEMA_ITEMS};
use crate::schema::{key, Key, Schema};
use crate::source::SourceMap;
use crate::sqlalchemy::declarative;
use crate::sqlalchemy::metadata::{create_all_order, root_of_metadata, Root, TableDecl};
use crate::sqlalchemy::types::class_name;

/// Where the declared tables and columns are written.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    pub tables: BTreeMap<Key, Span>,
    pub columns: BTreeMap<(Key, String), Span>,
    /// Column defaults the models give but driftlock could not read (built at run time):
    /// not compared.
    pub unread_defaults: BTreeSet<(Key, String)>,
    /// Names of CHECK constraints the models give but driftlock could not read.
    pub unread_checks: BTreeSet<(Key, String)>,
    /// Names of indexes in a table's arguments that driftlock could not read (a predicate or
    /// an expression built at run time; "" when unnamed): not compared.
    pub unread_indexes: BTreeSet<(Key, String)>,
    /// Tables the models declare that driftlock could not build (reported where they are
    /// declared): not compared.
    pub unbuilt: BTreeSet<Key>,
    /// Columns whose type driftlock could not read (kept with an assumed type): their type
    /// is not compared.
    pub assumed_types: BTreeSet<(Key, String)>,
    /// Unique constraints of the metadata that `CREATE TABLE` drops because they repeat the
    /// primary key or an earlier one on the same columns (`schema::merge_repeated_keys`):
    /// `create_all()`'s database lacks them, Alembic's comparison still sees them (a named
    /// one by its name, an unnamed one by its columns).
    pub repeated_keys: Vec<RepeatedKey>,
    /// The columns (sorted) of the metadata's unique constraints that neither they nor a
    /// naming convention name: Alembic's comparison matches these by columns, a named one
    /// by its name only.
    pub unnamed_uniques: BTreeSet<(Key, Vec<String>)>,
    /// Indexes and constraints the tables' `after_create` listeners make (`models/events.rs`):
    /// in the database `create_all()` builds, not in the metadata Alembic compares.
    pub outside_metadata: BTreeSet<(Key, String)>,
    /// Primary key columns the models declare `nullable=True`: NOT NULL in the database
    /// `create_all()` builds, nullable to SQLAlchemy (and so to Alembic's comparison).
    pub nullable_keys: BTreeSet<(Key, String)>,
}

pub use repeats::RepeatedKey;

/// What reading the models produced.
#[derive(Debug, Default)]
pub struct Declared {
    /// The schema `create_all()` would build on an empty PostgreSQL database.
    pub schema: Schema,
    pub origins: Origins,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether `env.py` names a `target_metadata` (or models were configured): without one,
    /// there is nothing to compare with.
    pub found: bool,
    /// The models were found by searching the project because env.py passes
    /// `target_metadata=None`: `models` prints them, but drift has nothing to compare (Alembic's
    /// autogenerate refuses to run on such a project).
    pub env_passes_none: bool,
    /// The models were found by searching the project, or are those of a Flask application's
    /// `SQLAlchemy()` object that its modules read declare (env.py does not say which they
    /// are). For drift, see [`Declared::metadata_unknown`].
    pub searched: bool,
    /// The metadata env.py compares is not known, and the models are those of every base a
    /// search of the project found ([`searched`]): a table no model read declares may be
    /// declared on a metadata the search did not find, or by a module it did not read. (A
    /// Flask application's models, also `searched`, are those of a known `SQLAlchemy()`
    /// object, read in every module of the project that uses it.)
    pub metadata_unknown: bool,
    /// Functions of the models build tables from data when the application calls them
    /// (`models/run_time.rs`): a table no model read declares may be one of theirs.
    pub run_time_tables: bool,
    /// The naming convention the models' metadata has: the replay's, when env.py's target
    /// metadata cannot be read (Alembic's operations name with the target metadata's).
    pub convention: Option<crate::sqlalchemy::naming::NamingConvention>,
}

impl Declared {
    /// The start of the first file that declares a table: where findings about the models as
    /// a whole point.
    pub fn first_file(&self) -> Option<Span> {
        self.origins
            .tables
            .values()
            .next()
            .map(|s| Span::new(s.file, 0..0))
    }

    /// Whether drift compares with these models.
    pub fn comparable(&self) -> bool {
        self.found && !self.env_passes_none
    }

    /// Points every span `by` files further (see `Diagnostic::shift_files`).
    pub fn shift_files(&mut self, by: u32) {
        for span in self.origins.tables.values_mut() {
            span.file.0 += by;
        }
        for span in self.origins.columns.values_mut() {
            span.file.0 += by;
        }
        for d in &mut self.diagnostics {
            d.shift_files(by);
        }
    }
}

/// Reads the declared schema of `project`.
/// `configured`: model files or packages named by the configuration (`models = [...]`,
/// `--models`), read besides what `env.py` imports; with them, a missing `target_metadata`
/// means every mapped class found.
pub fn read(
    project: &Project,
    sources: &mut SourceMap,
    configured: &[std::path::PathBuf],
) -> Declared {
    crate::eval::on_large_stack("driftlock-models", || {
        read_here(project, sources, configured)
    })
}

fn read_here(
    project: &Project,
    sources: &mut SourceMap,
    configured: &[std::path::PathBuf],
) -> Declared {
    // Flask-Migrate's env.py takes the metadata from the running application: read the
    // application's modules too (those at the project root and its packages' `__init__`).
    let flask = matches!(project.layout, crate::discover::Layout::FlaskMigrate(_));
    let mut extra = crate::env_py::flask_app::application_modules(project);
    for path in configured {
        if crate::fs::is_dir(path) {
            crate::load::python_files(path, &[], &mut extra);
        } else {
            extra.push(path.clone());
        }
    }
    // Alembic imports every revision file before it migrates: what they import is loaded.
    let mut by_revisions = revision_imports::imported_by_revisions(project);
    // The project's own migration commands import models before they run Alembic.
    by_revisions.extend(own_command::imported_by_own_command(project));
    extra.extend(by_revisions.iter().cloned());
    // Configured models stand in for what the application would have imported.
    let accept_all = !configured.is_empty();
    // The configuration's `metadata` names the models instead of env.py.
    let target = if project.metadata.is_empty() {
        Target::EnvPy
    } else {
        Target::Configured {
            entries: &project.metadata,
        }
    };
    let reading = read_with(
        project,
        sources,
        &extra,
        flask || accept_all,
        accept_all,
        &target,
    );
    let (declared, base_modules) = (reading.declared, reading.base_modules);
    if let Some(unread) = reading.unread {
        return searched(project, sources, declared, unread);
    }
    if !declared.found {
        return declared;
    }
    // A Flask application's `SQLAlchemy()` object: which model modules the application
    // imports is decided at run time (a loop over its packages, a plugin registry), so every
    // module of the project that imports the base is read, as when env.py imports none.
    let application_decides = flask && declared.searched && !accept_all;
    if !declared.schema.tables.is_empty() && !application_decides {
        // Without Flask's application (or configured models), what Alembic compares is what
        // env.py imports, and what the project's own migration commands and the revisions
        // import: when every import was followed, that is the whole of it.
        // Without an env.py (a migrate command that runs Alembic with a configured
        // metadata, as Flask-Alembic does), nothing but the application imports models.
        let has_env_py = project.has_env_py();
        let closed = reading.imports_resolved && !flask && !accept_all && has_env_py;
        return on_the_base::with_modules_on_the_base(
            project,
            sources,
            declared,
            // Without env.py, no module but the application's imports the models: those
            // that import the base through a module that re-exports it are the
            // application's too.
            if has_env_py {
                &base_modules[..base_modules.len().min(1)]
            } else {
                &base_modules[..]
            },
            &extra,
            (
                flask,
                accept_all,
                closed,
                reading.unfollowed_import.as_deref(),
            ),
            &target,
        );
    }
    // env.py names the metadata but imports no model: the application imports them before
    // migrating. Read the project's modules that import the module defining the base.
    let Some(base_module) = base_modules.first() else {
        return declared;
    };
    let mut candidates = Vec::new();
    if application_decides {
        // Every module that declares a base or imports one, through packages that re-export
        // it (`from indico.core.db import db`).
        candidates = search::search(project).all();
    } else {
        for dir in &project.source_dirs {
            modules_mentioning(project, dir, &base_modules, &mut candidates);
        }
    }
    candidates.sort();
    candidates.dedup();
    if candidates.is_empty() {
        return declared;
    }
    let found_by_search = candidates.len();
    if application_decides {
        candidates.extend(extra.iter().cloned());
    } else {
        candidates.extend(by_revisions);
    }
    let mut again = read_with(project, sources, &candidates, flask, false, &target).declared;
    if !again.schema.tables.is_empty() {
        let listed = search::describe(&candidates[..found_by_search], &project.root, 6);
        let note = if application_decides {
            format!(
                "read the {found_by_search} module(s) of the project that declare a base or import one ({listed})"
            )
        } else {
            let module = |m: &String| format!("`{}`", m.split(':').next().unwrap_or(m));
            let binding: Vec<String> = base_modules[1..].iter().map(module).collect();
            let also = match binding.is_empty() {
                true => String::new(),
                false => format!(" or a module that binds it ({})", binding.join(", ")),
            };
            format!(
                "read the {found_by_search} module(s) of the project that import {}, where the base is defined{also} ({listed})",
                module(base_module),
            )
        };
        let at = again.first_file();
        let message = if application_decides {
            "the Flask application decides at run time which of its modules declare models"
        } else {
            "env.py names the metadata but imports none of the models that declare tables on it"
        };
        again.diagnostics.push(search::finding(message, note, at));
    }
    again
}

/// When env.py does not say which metadata (its `target_metadata` cannot be evaluated, or
/// is `None`): every class mapped onto a base the project's modules declare, found by
/// [`search::search`]. Keeps `declared` (env.py's own reading) when the search finds no
/// table, and says what it did either way.
fn searched(
    project: &Project,
    sources: &mut SourceMap,
    declared: Declared,
    unread: Unread,
) -> Declared {
    let found = search::search(project);
    let modules = found.all();
    let mut result = if modules.is_empty() {
        Declared::default()
    } else {
        read_with(project, sources, &modules, false, true, &Target::Everything).declared
    };
    if result.schema.tables.is_empty() {
        // Nothing declared anywhere: env.py's own answer stands (a `None` is "no models").
        let mut declared = declared;
        if let Unread::Unknown { why, span } = unread {
            let mut d = Diagnostic::warning(
                Kind::Unanalyzable,
                codes::UNANALYZABLE_MODEL,
                format!("cannot tell statically which metadata env.py passes as `target_metadata` ({why}), and no module of the project declares mapped classes"),
            )
            .with_note("the declared schema is empty: drift cannot be compared");
            if let Some(span) = span {
                d = d.at(span);
            }
            declared.diagnostics.push(d);
            // The models exist but were not read: the migrations' tables are not reported
            // as missing from them.
            declared.searched = true;
            declared.metadata_unknown = true;
        }
        return declared;
    }
    result.env_passes_none = matches!(unread, Unread::NoTarget { .. });
    result.searched = true;
    result.metadata_unknown = true;
    let (what, span) = match unread {
        Unread::Unknown { why, span } => (
            format!(
                "cannot tell statically which metadata env.py passes as `target_metadata` ({why})"
            ),
            span,
        ),
        Unread::NoTarget { span } => (
            "env.py passes no `target_metadata` (Alembic's autogenerate has nothing to compare)"
                .to_string(),
            span,
        ),
    };
    let frameworks = if found.frameworks.is_empty() {
        String::new()
    } else {
        format!(
            " and of {} installed module(s) the project imports ({})",
            found.frameworks.len(),
            found.frameworks.join(", ")
        )
    };
    let note = format!(
        "the models are every class mapped onto a base of {} module(s) that declare one ({}){frameworks}, read with {} module(s) that import them ({})",
        found.bases.len(),
        search::describe(&found.bases, &project.root, 6),
        found.importers.len(),
        search::describe(&found.importers, &project.root, 6),
    );
    result.diagnostics.push(search::finding(what, note, span));
    // env.py was read by both readings: its findings once.
    for d in declared.diagnostics {
        let place = |x: &Diagnostic| {
            x.primary
                .as_ref()
                .map(|s| (sources.get(s.file).path.clone(), s.range.clone()))
        };
        let seen = result
            .diagnostics
            .iter()
            .any(|r| r.code == d.code && r.message == d.message && place(r) == place(&d));
        if !seen {
            result.diagnostics.push(d);
        }
    }
    result
}

/// What a value that names no metadata comes from, for a message: the call or library
/// object at the bottom of its attribute chain.
fn opaque_origin(v: &Value) -> String {
    let mut v = v;
    loop {
        match v {
            Value::Object(o) => match &o.receiver {
                Some(r) => v = r,
                None if o.called => {
                    return format!(
                        "it comes from `{}(...)`, which driftlock does not follow",
                        o.class
                    )
                }
                None => {
                    return format!(
                        "it comes from `{}`, which driftlock does not follow",
                        o.class
                    )
                }
            },
            Value::External(name) => {
                return format!("it comes from `{name}`, which driftlock does not follow")
            }
            _ => return "a value that is not a metadata driftlock can read".to_string(),
        }
    }
}

/// Why env.py's own reading named no metadata to build.
enum Unread {
    /// Its `target_metadata` is a value the interpreter cannot evaluate.
    Unknown { why: String, span: Option<Span> },
    /// It is `None` (or env.py binds none).
    NoTarget { span: Option<Span> },
}

/// One reading of the models.
struct Reading {
    declared: Declared,
    /// The dotted names of the module that defines the metadata's base (first) and of the
    /// modules run that bind it too (`from framework import Base` in the project's `db.py`,
    /// which the models import it from), each with the name it is bound to (`pkg.db:Base`).
    base_modules: Vec<String>,
    /// Set when env.py (read as [`Target::EnvPy`]) names no metadata driftlock can build.
    unread: Option<Unread>,
    /// Every import the code run made was followed: the modules read are exactly those
    /// Python imports when Alembic runs env.py.
    imports_resolved: bool,
    /// Else the first import that was not followed, where it is (`path:line`) and what it is.
    unfollowed_import: Option<String>,
}

/// Which metadata a reading builds the tables of.
pub(crate) enum Target<'a> {
    /// `env.py`'s `target_metadata` (what drift compares with).
    EnvPy,
    /// The value at a dotted path in a module (`InitialBase.metadata` of the module the
    /// application imports it from): the metadata an application passes to `create_all()`.
    Path { path: &'a [String] },
    /// Every mapped class and table of the modules read, whatever their base (the naming
    /// convention is the first one a module's metadata declares).
    Everything,
    /// The metadata the configuration names (`metadata = ["pkg.module:Base.metadata"]`):
    /// (module, dotted path in it), instead of `env.py`'s `target_metadata`.
    Configured {
        entries: &'a [(String, Vec<String>)],
    },
}

/// The schema `create_all()` builds from the metadata at `path` in `module`; `found` is
/// false when that value is not a metadata driftlock can read.
pub(crate) fn read_target(
    project: &Project,
    sources: &mut SourceMap,
    module: &std::path::Path,
    path: &[String],
) -> Declared {
    crate::eval::on_large_stack("driftlock-models", || {
        let target = Target::Path { path };
        read_with(
            project,
            sources,
            &[module.to_path_buf()],
            false,
            false,
            &target,
        )
        .declared
    })
}

/// `.py` files under `dir` whose text names `module` (`from app.db import Base`), tests and
/// migrations aside.
fn modules_mentioning(
    project: &Project,
    dir: &std::path::Path,
    modules: &[String],
    out: &mut Vec<std::path::PathBuf>,
) {
    let mut files = Vec::new();
    crate::load::python_files(dir, &["tests", "test", "migrations"], &mut files);
    out.extend(files.into_iter().filter(|p| {
        crate::load::read_utf8(p, project.max_file_bytes).is_some_and(|text| {
            let own = search::OwnName::new(&project.python_path);
            modules
                .iter()
                .any(|m| search::imports_module_named(p, &text, m, &own))
        })
    }));
}

/// One reading with `extra` modules as roots besides `env.py`.
fn read_with(
    project: &Project,
    sources: &mut SourceMap,
    extra: &[std::path::PathBuf],
    flask: bool,
    accept_all: bool,
    target: &Target,
) -> Reading {
    crate::sqlalchemy::sqlmodel::use_installed_sqlmodel(
        &project.python_path,
        project.max_file_bytes,
    );
    let modules = crate::replay::module_table(project, sources, &[], extra);
    let (table, env_key, extra_keys) = (modules.table, modules.env, modules.extra);
    let mut root_problems = modules.problems;
    let mut installed = modules.installed;
    let lazy = modules.lazy;
    // Without env.py only the configuration (or the caller) can name the metadata: a
    // project that configures Alembic in code has no env.py to read.
    let named_elsewhere = matches!(target, Target::Configured { .. } | Target::Path { .. });
    if env_key.is_none() && !named_elsewhere {
        let declared = Declared {
            diagnostics: root_problems,
            ..Declared::default()
        };
        return Reading {
            declared,
            base_modules: Vec::new(),
            unread: None,
            imports_resolved: false,
            unfollowed_import: None,
        };
    };
    let mut scratch = Schema::default();
    let mut probe = Lowering::new(&mut scratch, Default::default());
    let mut interp = Interp::new(&mut probe, &table);
    let env_key = env_key.as_deref();
    let env_file = env_key.and_then(|k| interp.module(k).map(|env| env.file));
    let everything = matches!(target, Target::Everything);
    let (mut convention, target) = match target {
        Target::Everything => (Default::default(), None),
        Target::EnvPy => (
            crate::env_py::naming_convention(&mut interp, env_key),
            crate::env_py::target_metadata(&mut interp, env_key),
        ),
        Target::Configured { entries } => {
            let mut values = Vec::new();
            for (module, path) in entries.iter() {
                match crate::env_py::value_at(&mut interp, module, path) {
                    Some(v) => values.push(v),
                    None => root_problems.push(Diagnostic::error(
                        Kind::Unanalyzable,
                        codes::UNANALYZABLE_MODEL,
                        format!(
                            "the configuration's `metadata = \"{module}:{}\"` names nothing: no such module, or no such name in it",
                            path.join(".")
                        ),
                    )),
                }
            }
            // The first metadata's convention; the others keep their own (below).
            let convention = values
                .first()
                .and_then(crate::env_py::convention_of)
                .unwrap_or_default();
            (convention, Some(Value::List(values)))
        }
        Target::Path { path, .. } => {
            let value = extra_keys
                .first()
                .and_then(|k| crate::env_py::value_at(&mut interp, k, path));
            let convention = value
                .as_ref()
                .and_then(crate::env_py::convention_of)
                .unwrap_or_default();
            (convention, value)
        }
    };
    let target_span = interp
        .configured_metadata_span()
        .or_else(|| env_file.map(|f| Span::new(f, 0..0)));
    let unread = match (&target, everything || flask || accept_all) {
        (_, true) => None,
        (Some(Value::Unknown(why)), false) => Some(Unread::Unknown {
            why: why.to_string(),
            span: target_span.clone(),
        }),
        (None | Some(Value::None), false) => Some(Unread::NoTarget {
            span: target_span.clone(),
        }),
        // A value that names no metadata (a library's object, the result of a call
        // driftlock does not follow): as unknown.
        (Some(v), false) => {
            let items = match v {
                Value::List(items) | Value::Tuple(items) | Value::Set(items) => items.clone(),
                v => vec![v.clone()],
            };
            (!items.is_empty() && items.iter().all(|m| root_of_metadata(m).is_none())).then(|| {
                Unread::Unknown {
                    why: opaque_origin(v),
                    span: target_span.clone(),
                }
            })
        }
    };
    let mut metadata: Vec<Value> = match target {
        None | Some(Value::None) if !flask && !everything => {
            interp.release_modules(&Default::default());
            return Reading {
                declared: Declared::default(),
                base_modules: Vec::new(),
                unread,
                imports_resolved: false,
                unfollowed_import: None,
            };
        }
        Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => items,
        Some(Value::Unknown(_)) | None | Some(Value::None) => Vec::new(),
        Some(v) => vec![v],
    };
    // Flask-Migrate: the metadata is the application's `SQLAlchemy()` object, found among the
    // modules read; which model modules the application imports is not known statically.
    let from_application = flask && metadata.is_empty();
    if from_application {
        for key in &extra_keys {
            let _ = interp.module(key);
        }
        // Every `SQLAlchemy()` object the application's modules create is a metadata root.
        metadata = crate::env_py::flask_app::databases(&interp);
        if metadata.is_empty() {
            // None around the folder (an installed application whose migrations folder is
            // shipped beside it): Alembic imports every revision file, and what they import
            // of an installed package is the application's.
            for dotted in revision_imports::installed_imported_by_revisions(project) {
                let _ = interp.import(&dotted);
            }
            metadata = crate::env_py::flask_app::databases(&interp);
        }
        // Its naming convention (`SQLAlchemy(metadata=MetaData(naming_convention=...))`):
        // env.py's target could not say it.
        if let Some(own) = metadata.first().and_then(crate::env_py::convention_of) {
            convention = own;
        }
        if metadata.is_empty() && !accept_all {
            interp.release_modules(&Default::default());
            // The application's `SQLAlchemy()` object is not among the modules an
            // application's start reads (a subclass of it, made deeper in the package): the
            // metadata is not known, and the package is searched as for any such env.py.
            let unread = unread.or_else(|| {
                Some(Unread::Unknown {
                    why: "the Flask application's `SQLAlchemy()` object is not in the \
                          modules at the project's root"
                        .into(),
                    span: target_span.clone(),
                })
            });
            return Reading {
                declared: Declared::default(),
                base_modules: Vec::new(),
                unread,
                imports_resolved: false,
                unfollowed_import: None,
            };
        }
    }
    let mut roots: Vec<Root> = metadata.iter().filter_map(root_of_metadata).collect();
    // Tables env.py adds from another metadata (`target._add_table(...)` over its tables),
    // each with that metadata's naming convention (names are given when a constraint joins
    // its table, under the table's own metadata).
    let mut merged: Vec<(Root, crate::sqlalchemy::naming::NamingConvention)> = Vec::new();
    for (target, other) in interp.merged_metadata() {
        if let (Some(t), Some(o)) = (root_of_metadata(target), root_of_metadata(other)) {
            if roots.contains(&t) && !roots.contains(&o) {
                roots.push(o.clone());
                let convention = crate::env_py::convention_of(other).unwrap_or_default();
                merged.push((o, convention));
            }
        }
    }
    // Several metadata (`target_metadata=[a, b]`, `metadata = [...]`): the tables of each but
    // the first are named by that metadata's own convention.
    for other in metadata.iter().skip(1) {
        if let Some(root) = root_of_metadata(other) {
            if !merged.iter().any(|(r, _)| *r == root) {
                let convention = crate::env_py::convention_of(other).unwrap_or_default();
                merged.push((root, convention));
            }
        }
    }
    for key in &extra_keys {
        let _ = interp.module(key);
    }
    // A declarative base whose `metadata` the code replaced (`Base.metadata = metadata`)
    // maps its classes onto that metadata, as SQLAlchemy does.
    for (base, value) in interp.objects_with_attribute("metadata") {
        if root_of_metadata(&value).is_some_and(|r| roots.contains(&r)) {
            roots.push(Root::Object(Rc::as_ptr(&base)));
        }
    }
    lazy.flush(sources);
    let base_module = metadata.iter().find_map(|m| {
        let span = match m {
            Value::Object(o) => match &o.receiver {
                Some(Value::Class(c)) => c.span.clone(),
                Some(Value::Object(r)) => r.span.clone(),
                _ => o.span.clone(),
            },
            Value::Class(c) => c.span.clone(),
            _ => return None,
        };
        crate::load::dotted_name(&project.python_path, &sources.get(span.file).path)
    });
    let modules = interp.modules_run();
    let root = metadata.iter().find_map(|m| match m {
        Value::Object(o) => o.receiver.clone(),
        Value::Class(_) => Some(m.clone()),
        _ => None,
    });
    // The name the base is bound to in a module (`Model`), for the modules that import it
    // through a package that re-exports it (`from framework import Model`).
    let bound_name = |dotted: &str| -> Option<String> {
        let env = modules.get(dotted)?;
        let globals = env.globals.borrow();
        // The base itself, or a class whose `metadata` is the metadata (`metadata =
        // MetaData(...)` in the base's body).
        let is_base = |v: &Value| match (&root, v) {
            (Some(root), _) if v.same_object(root) => true,
            (_, Value::Class(c)) => crate::eval::class_attribute(c, "metadata")
                .is_some_and(|own| metadata.iter().any(|m| m.same_object(&own))),
            // A base or database object made with the metadata (`SQLAlchemy(metadata=...)`,
            // `declarative_base(metadata=...)`), whose `.metadata` is that one.
            (_, Value::Object(o)) => o
                .args
                .keyword("metadata")
                .is_some_and(|own| metadata.iter().any(|m| m.same_object(own))),
            _ => false,
        };
        let mut names: Vec<&String> = globals
            .iter()
            .filter(|(_, v)| is_base(v))
            .map(|(k, _)| k)
            .collect();
        names.sort();
        names.first().map(|n| n.to_string())
    };
    let mut base_modules: Vec<String> = Vec::new();
    if let Some(dotted) = base_module {
        base_modules.push(match bound_name(&dotted) {
            Some(name) => format!("{dotted}:{name}"),
            None => dotted.clone(),
        });
        // The other modules run that bind the base (a project's `db.py` that imports a
        // framework's base, which its models import from there), env.py left out.
        let mut others: Vec<String> = modules
            .keys()
            .filter(|k| **k != dotted && Some(k.as_str()) != env_key)
            .filter_map(|k| bound_name(k).map(|name| format!("{k}:{name}")))
            .collect();
        others.sort();
        base_modules.extend(others);
    }
    let listeners = interp.listeners().to_vec();
    let versioning = interp.versioning().cloned();
    let added_attributes = interp.added_attributes().to_vec();
    let appended = interp.appended_items().to_vec();
    let assigned_replaces = metadata
        .first()
        .is_some_and(|m| interp.assigned_convention_replaces(m, env_key));
    let assigned_convention = interp
        .assigned_convention(env_key)
        .as_ref()
        .and_then(crate::env_py::convention_of);
    let env_assignment = env_key.and_then(|k| interp.env_assignment(k, metadata.first()));
    let makers = run_time::makers(&mut interp, &modules, sources, &roots);
    let unresolved = interp.unresolved_imports().to_vec();
    drop(interp);
    lazy.flush(sources);
    installed.extend(lazy.installed());
    if lazy.exhausted() {
        root_problems.push(Diagnostic::info(
            Kind::Unanalyzable,
            codes::MODELS_SEARCHED,
            format!(
                "the imports of env.py and the models were followed through {} of the checkout's modules or {} of installed packages' and no further: models (or their types) in modules beyond are not read",
                2 * crate::load::MAX_CHECKOUT_MODULES,
                2 * crate::load::MAX_MODULES
            ),
        ));
    }
    if everything {
        let mut names: Vec<&String> = modules.keys().collect();
        names.sort();
        convention = names
            .iter()
            .find_map(|n| {
                modules[*n]
                    .globals
                    .borrow()
                    .values()
                    .find_map(crate::env_py::convention_of)
            })
            .unwrap_or_default();
    }
    // A convention the code assigned after the metadata was made
    // (`Base.metadata.naming_convention = {...}`): to this metadata, or to one when this
    // declares none.
    if assigned_replaces || convention == crate::sqlalchemy::naming::NamingConvention::default() {
        if let Some(assigned) = assigned_convention {
            convention = assigned;
        }
    }
    let mut diagnostics = probe.diagnostics.drain(..).collect::<Vec<_>>();
    drop(probe);

    // Every mapped class and Table object of the modules run, once each, and the indexes
    // made at module level for their side effect.
    let mut found = crate::eval::interp::schema_items(modules.values());
    // The imports not followed that can reach the models' packages (any module, for a name
    // known at run time): while there are none, the modules read are those Python imports.
    // A table made in a module (a base's module holds no table of its own).
    let is_table = |v: &Value| match v {
        Value::Class(c) => ["__tablename__", "__table__"]
            .iter()
            .any(|k| c.attributes.contains_key(*k)),
        Value::Object(o) => o.class.rsplit('.').next() == Some("Table"),
        _ => false,
    };
    let model_files: BTreeSet<crate::source::FileId> = found
        .iter()
        .filter(|(_, v)| is_table(v))
        .map(|(s, _)| s.file)
        .collect();
    let model_packages: BTreeSet<&str> = modules
        .values()
        .filter(|env| model_files.contains(&env.file))
        .filter_map(|env| env.name.split('.').next())
        .collect();
    let unfollowed = unresolved.iter().find(|u| match &u.packages {
        None => {
            u.orm
                || model_packages.contains(u.package.as_str())
                || !crate::load::is_installed(project, &sources.get(u.span.file).path)
        }
        Some(packages) => packages.iter().any(|p| model_packages.contains(p.as_str())),
    });
    let imports_resolved = unfollowed.is_none();
    let unfollowed_import = unfollowed.map(|u| {
        let file = sources.get(u.span.file);
        let line = file.line_col(u.span.range.start).line;
        format!("{}:{line}, {}", file.display, u.what)
    });
    // env.py gave the metadata its convention before any of the models was imported: every
    // constraint joined its table under it.
    if let Some((assigned, replaces, before)) = env_assignment {
        let first = !found.iter().any(|(span, v)| {
            before.contains(&span.file) && Some(span.file) != env_file && is_table(v)
        });
        if first && (replaces || convention == Default::default()) {
            if let Some(assigned) = crate::env_py::convention_of(&assigned) {
                convention = assigned;
            }
        }
    }
    // Columns set on a mapped class after its definition join its table, last.
    for (_, value) in &mut found {
        let Value::Class(c) = value else { continue };
        let added: Vec<&(Rc<crate::eval::value::ClassValue>, String, Value)> = added_attributes
            .iter()
            .filter(|(class, name, _)| Rc::ptr_eq(class, c) && !c.attributes.contains_key(name))
            .collect();
        if added.is_empty() {
            continue;
        }
        let mut changed = (**c).clone();
        for (_, name, column) in added {
            changed.attributes.insert(name.clone(), column.clone());
            changed.order.push(name.clone());
        }
        *value = Value::Class(Rc::new(changed));
    }
    let mut loose_indexes: Vec<Rc<Object>> = Vec::new();
    // `UniqueConstraint(Model.col)` made at a module's top level: it joins the table of its
    // columns when it is made.
    let mut loose_uniques: Vec<Rc<Object>> = Vec::new();
    let mut names: Vec<&String> = modules.keys().collect();
    names.sort();
    let index = |i: &Value| match i {
        Value::Object(o) if o.class.rsplit('.').next() == Some("Index") => Some(o.clone()),
        _ => None,
    };
    // A class imported elsewhere is the same class: read once.
    let mut classes_read: BTreeSet<*const crate::eval::value::ClassValue> = BTreeSet::new();
    for name in names {
        let globals = modules[name].globals.borrow();
        if let Some(Value::List(items)) = globals.get(MODULE_SCHEMA_ITEMS) {
            loose_indexes.extend(items.iter().filter_map(index));
            loose_uniques.extend(items.iter().filter_map(|i| match i {
                Value::Object(o) if class_name(&o.class) == "UniqueConstraint" => Some(o.clone()),
                _ => None,
            }));
        }
        // The indexes a plain class (one that holds `Table`s as its attributes) makes in its
        // body, and those it holds; classes in the order of their names.
        let mut classes: Vec<(&String, &Rc<crate::eval::value::ClassValue>)> = globals
            .iter()
            .filter_map(|(k, v)| match v {
                Value::Class(c) if !crate::eval::classes::maps_onto_a_base(c) => Some((k, c)),
                _ => None,
            })
            .collect();
        classes.sort_by(|a, b| a.0.cmp(b.0));
        for (_, c) in classes {
            if !classes_read.insert(Rc::as_ptr(c)) {
                continue;
            }
            if let Some(Value::List(items)) = c.attributes.get(MODULE_SCHEMA_ITEMS) {
                loose_indexes.extend(items.iter().filter_map(index));
            }
            loose_indexes.extend(
                c.order
                    .iter()
                    .filter_map(|n| c.attributes.get(n))
                    .filter_map(index),
            );
        }
    }
    // Declaration order: file, then position (Python creates them in that order).
    found.sort_by(|a, b| {
        let file = |s: &Span| sources.get(s.file).display.clone();
        (file(&a.0), a.0.range.start).cmp(&(file(&b.0), b.0.range.start))
    });
    parents_first(&mut found);
    let mut tables: Vec<TableDecl> = Vec::new();
    // The metadata (index in `roots`) each table of `tables` is declared on.
    let mut table_roots: Vec<Option<usize>> = Vec::new();
    let mut merged_conventions: BTreeMap<Key, crate::sqlalchemy::naming::NamingConvention> =
        BTreeMap::new();
    for (_, value) in &found {
        let decl = match value {
            Value::Class(c) => declarative::class_table(c, &roots, &mut tables),
            Value::Object(o) => declarative::core_table(o, &roots),
            _ => Ok(None),
        };
        match decl {
            Ok(Some(t)) => {
                // Several metadata (a list as `target_metadata`, or the configuration's): each
                // one's `create_all()` skips a table an earlier one created (`checkfirst`);
                // twice on one metadata, SQLAlchemy itself refuses (and create_all fails).
                let root = roots
                    .iter()
                    .position(|r| declarative::belongs_to(value, std::slice::from_ref(r)));
                let created_by_another =
                    tables.iter().zip(&table_roots).any(|(other, other_root)| {
                        key(&other.name) == key(&t.name) && root.is_some() && *other_root != root
                    });
                if created_by_another {
                    continue;
                }
                table_roots.push(root);
                if let Some((_, convention)) = merged
                    .iter()
                    .find(|(root, _)| declarative::belongs_to(value, std::slice::from_ref(root)))
                {
                    merged_conventions.insert(key(&t.name), convention.clone());
                }
                tables.push(t)
            }
            Ok(None) => {}
            Err((span, why)) => diagnostics.push(
                Diagnostic::warning(
                    Kind::Unanalyzable,
                    codes::UNANALYZABLE_MODEL,
                    format!("cannot read this model statically: {why}"),
                )
                .at(span)
                .with_note("the declared schema leaves it out"),
            ),
        }
    }
    for unique in &loose_uniques {
        // Its columns as the mapped classes' (`Model.col`): the table of the first, and the
        // names of all.
        let mut table = None;
        let mut columns = Vec::new();
        for c in &unique.args.positional {
            match c {
                Value::Object(m) if m.class == crate::eval::value::MODEL_COLUMN => {
                    table = table.or_else(|| m.args.positional.first().cloned());
                    columns.extend(m.args.positional.get(1).cloned());
                }
                _ => {}
            }
        }
        // A column named by string, or not a mapped class's: SQLAlchemy attaches it to no
        // table.
        let Some(Value::Str(table)) = table else {
            continue;
        };
        if columns.len() != unique.args.positional.len() {
            continue;
        }
        let Some(t) = tables.iter_mut().find(|t| t.name.name == table) else {
            continue;
        };
        t.create_table.positional.push(Object::call(
            &unique.class,
            columns,
            unique.args.keywords.clone(),
            &unique.span,
        ));
    }
    for index in &loose_indexes {
        // `Index("ix", "col")` with no column object: SQLAlchemy binds it to no table, and
        // `create_all()` leaves it out (a project's mistake worth a word, not a reading
        // problem).
        let columns = index.args.positional.get(1..).unwrap_or_default();
        if !columns.is_empty() && columns.iter().all(|c| matches!(c, Value::Str(_))) {
            diagnostics.push(
                Diagnostic::info(
                    Kind::Replay,
                    codes::INDEX_WITHOUT_TABLE,
                    "this index names its columns by string only: SQLAlchemy attaches it to no table, and `create_all()` does not create it".to_string(),
                )
                .at(index.span.clone())
                .with_help("pass the column objects (`Model.__table__.c.col`), or declare it in the table's `__table_args__`"),
            );
            continue;
        }
        let Some(table) = declarative::index_table(index) else {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Unanalyzable,
                    codes::UNANALYZABLE_MODEL,
                    "cannot tell which table this index belongs to".to_string(),
                )
                .at(index.span.clone()),
            );
            continue;
        };
        if let Some(t) = tables.iter_mut().find(|t| t.name.name == table) {
            t.indexes.push(declarative::index_args(index, &t.name));
        }
    }
    appended::attach(&appended, &mut tables, &mut diagnostics);
    // SQLAlchemy-Continuum's version tables, on the same metadata (sqlalchemy/continuum.rs).
    if let Some(call) = &versioning {
        let mapped: Vec<(Rc<crate::eval::value::ClassValue>, String)> = found
            .iter()
            .filter_map(|(_, v)| match v {
                // The table read from the class (named by `__tablename__`, or as
                // Flask-SQLAlchemy names it), found where the class is.
                Value::Class(c) => tables
                    .iter()
                    .find(|d| d.span == c.span)
                    .map(|d| (c.clone(), d.name.name.clone())),
                _ => None,
            })
            .collect();
        let at = tables
            .first()
            .map(|t| t.span.clone())
            .unwrap_or_else(|| Span::new(crate::source::FileId(0), 0..0));
        let added = crate::sqlalchemy::continuum::version_tables(call, &mapped, &tables, &at);
        tables.extend(added);
    }
    // Schema event listeners and `SchemaType`s of the project (models/events.rs).
    events::apply(&listeners, &mut tables, &table, &mut diagnostics);
    // Parts built from values known only at run time are left out with a finding, not the
    // whole table (models/unread_parts.rs).
    let mut unbuilt: BTreeSet<Key> = BTreeSet::new();
    let mut left_out = unread_parts::UnreadParts::default();
    let mut nullable_keys = BTreeSet::new();
    for t in &mut tables {
        nullable_keys.extend(
            nullable_key_columns(&t.create_table.positional)
                .into_iter()
                .map(|c| (key(&t.name), c)),
        );
        let items = std::mem::take(&mut t.create_table.positional);
        t.create_table.positional = left_out.take_from(&key(&t.name), items, &mut diagnostics);
    }
    let mut declared = Declared {
        found: true,
        searched: from_application,
        convention: Some(convention.clone()),
        ..Default::default()
    };
    let order = create_all_order(&tables);
    let deferred = crate::sqlalchemy::create_all::prepare(&mut tables, &order);
    // `create_all()` runs on a database where the extensions the models' types come from are
    // installed (it cannot create them): assume they are.
    for extension in [
        "citext", "hstore", "ltree", "postgis", "vector", "cube", "isn",
    ] {
        declared.schema.extensions.insert(extension.to_string());
    }
    // Likewise the schemas the tables live in.
    for t in &tables {
        if let Some(schema) = &t.name.schema {
            declared.schema.schemas.insert(schema.clone());
        }
    }
    {
        let mut lowering = Lowering::new(&mut declared.schema, convention.clone());
        // A table that cannot be built (reported where it is declared) is one root cause: the
        // tables whose foreign keys name it are built without those keys, not failed in turn.
        lowering.collapse_uncreated_tables = true;
        lowering.collapse_only = Some(BTreeSet::new());
        for i in order {
            let t = &tables[i];
            lowering.convention = merged_conventions
                .get(&key(&t.name))
                .cloned()
                .unwrap_or_else(|| convention.clone());
            lowering.op("create_table", None, &t.create_table, &t.span);
            declared
                .origins
                .repeated_keys
                .extend(repeats::repeated_keys(&lowering.ops, &key(&t.name)));
            declared
                .origins
                .unnamed_uniques
                .extend(repeats::unnamed_uniques(&lowering.ops, &key(&t.name)));
            if !lowering.schema.tables.contains_key(&key(&t.name)) {
                if let Some(failed) = lowering.collapse_only.as_mut() {
                    failed.insert(key(&t.name));
                }
                unbuilt.insert(key(&t.name));
            }
            for index in &t.indexes {
                lowering.op("create_index", None, index, &t.span);
            }
            let made = events::after_create(&listeners, t, &mut lowering, &table);
            declared.origins.outside_metadata.extend(made);
            declared.origins.tables.insert(key(&t.name), t.span.clone());
            for (column, span) in &t.column_spans {
                declared
                    .origins
                    .columns
                    .insert((key(&t.name), column.clone()), span.clone());
            }
        }
        for fk in &deferred {
            let t = &tables[fk.table];
            lowering.convention = merged_conventions
                .get(&key(&t.name))
                .cloned()
                .unwrap_or_else(|| convention.clone());
            lowering.op("create_foreign_key", None, &fk.args, &t.span);
        }
        // Keep only the extensions the tables' types need.
        let used: BTreeSet<String> = lowering
            .schema
            .tables
            .values()
            .flat_map(|t| t.columns.iter())
            .filter_map(|c| match &c.ty.base {
                crate::schema::BaseType::Named { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect();
        lowering.schema.extensions.retain(|e| {
            crate::schema::apply::extension_types(e)
                .is_some_and(|types| types.iter().any(|t| used.contains(*t)))
                || e == "plpgsql"
        });
        declared
            .origins
            .assumed_types
            .extend(lowering.assumed_columns.drain(..));
        diagnostics.extend(lowering.diagnostics.drain(..).map(|mut d| {
            // A model the lowering cannot apply is a model problem, not a migration's.
            if d.kind == Kind::Replay {
                d.code = codes::MODEL_FAILS;
                d.message = format!("create_all() would fail here: {}", d.message);
            }
            d
        }));
    }
    declared.origins.unbuilt = unbuilt;
    declared.origins.unread_defaults = left_out.defaults;
    declared.origins.unread_checks = left_out.checks;
    declared.origins.unread_indexes = left_out.indexes;
    declared.origins.nullable_keys = nullable_keys;
    diagnostics.extend(run_time::findings(&mut declared, makers));
    diagnostics.extend(root_problems);
    // Installed packages' code is not the user's (see replay).
    diagnostics.retain(|d| {
        d.kind != Kind::Unanalyzable
            || d.primary
                .as_ref()
                .is_none_or(|s| !installed.contains(&s.file))
    });
    declared.diagnostics = diagnostics;
    crate::eval::interp::release(&modules, &Default::default());
    Reading {
        declared,
        base_modules,
        unread,
        imports_resolved,
        unfollowed_import,
    }
}

/// The columns of a table's elements that are in its primary key (by flag or by a
/// `PrimaryKeyConstraint`) and are declared `nullable=True`.
fn nullable_key_columns(items: &[Value]) -> Vec<String> {
    let in_constraint: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Value::Object(o) if class_name(&o.class) == "PrimaryKeyConstraint" => Some(o),
            _ => None,
        })
        .flat_map(|o| o.args.positional.iter().filter_map(|c| c.as_str()))
        .collect();
    items
        .iter()
        .filter_map(|i| match i {
            Value::Object(o)
                if o.receiver.is_none()
                    && class_name(&o.class) == "Column"
                    && matches!(o.args.keyword("nullable"), Some(Value::Bool(true))) =>
            {
                let name = o.args.positional.first()?.as_str()?;
                let flagged = matches!(o.args.keyword("primary_key"), Some(Value::Bool(true)));
                (flagged || in_constraint.contains(&name)).then(|| name.to_string())
            }
            _ => None,
        })
        .collect()
}

/// Python makes a class only after its bases, so a subclass in a file read earlier (`file.py`
/// before `object.py`) still finds its parent's table: each class is moved after the classes
/// of `found` it inherits from, the order otherwise kept. A single-table subclass's columns
/// join a table that must already be there.
fn parents_first(found: &mut Vec<(Span, Value)>) {
    fn place(i: usize, found: &[(Span, Value)], placed: &mut Vec<bool>, order: &mut Vec<usize>) {
        if placed[i] {
            return;
        }
        placed[i] = true;
        if let Value::Class(c) = &found[i].1 {
            for base in &c.bases {
                let Value::Class(b) = base else { continue };
                let parent = found.iter().position(|(_, v)| match v {
                    Value::Class(p) => p.span == b.span,
                    _ => false,
                });
                if let Some(j) = parent {
                    place(j, found, placed, order);
                }
            }
        }
        order.push(i);
    }
    let mut placed = vec![false; found.len()];
    let mut order = Vec::with_capacity(found.len());
    for i in 0..found.len() {
        place(i, found, &mut placed, &mut order);
    }
    let mut items: Vec<Option<(Span, Value)>> = found.drain(..).map(Some).collect();
    found.extend(order.into_iter().filter_map(|i| items[i].take()));
}
