//! Lowering and replay: each revision's `upgrade()` is interpreted statically, its Alembic
//! calls (and the SQL it runs) become IR operations, and each operation is applied to the
//! schema at once, in history order. Introspection in a revision is answered from the schema
//! at that point. `downgrade()` is replayed too, to check that it undoes `upgrade()`, and
//! the schema it leaves is kept on request, for the oracle that checks it against PostgreSQL.

mod downgrade;
mod entry_keywords;
mod modules;

pub use crate::alembic::Observer;
pub use downgrade::{DowngradeCheck, DowngradeOutcome};
pub use modules::module_table;

use crate::alembic::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::Project;
use crate::env_py::{declared_convention, Seen};
use crate::eval::interp::{Host, Interp};
use crate::eval::on_large_stack;
use crate::eval::value::{Args, Value};
use crate::history::RevisionGraph;
use crate::load::LoadedFile;
use crate::schema::Schema;
use crate::source::SourceMap;
use crate::sql;
use crate::sqlalchemy::naming::NamingConvention;
use downgrade::{check_downgrade, RunSoFar};

/// The schema after one revision's upgrade.
#[derive(Debug, Clone)]
pub struct RevisionState {
    pub revision: String,
    pub schema: Schema,
    /// The schema `downgrade()` leaves when replayed on `schema`, so that it can be compared
    /// with a real database taken one step down (the downgrade oracle). Kept only with
    /// [`ReplayOptions::keep_downgrades`]; `None` also when `downgrade()` is missing or raises
    /// (the revision cannot be downgraded, by Alembic either).
    pub downgraded: Option<Schema>,
}

/// What replaying a history produced.
#[derive(Debug, Default)]
pub struct Replay {
    /// The schema after every revision, in application order (when asked for).
    pub states: Vec<RevisionState>,
    /// The schema after the last revision.
    pub head: Schema,
    pub diagnostics: Vec<Diagnostic>,
    /// Each `downgrade()` checked against its `upgrade()` (with
    /// [`ReplayOptions::check_downgrades`]), in application order; the downgrade rules turn
    /// them into findings.
    pub downgrades: Vec<DowngradeCheck>,
    /// The project's naming convention, as found through `env.py`.
    pub convention: NamingConvention,
    /// What the SQL run by the upgrades held (downgrades are not counted).
    pub sql_stats: sql::SqlStats,
    /// Tables operations used that no revision created (nor the seed).
    pub never_created: std::collections::BTreeSet<crate::schema::Key>,
    /// Tables some revision created.
    pub created: std::collections::BTreeSet<crate::schema::Key>,
    /// Tables the application creates again at every start, before the history runs
    /// (`app-tables = "before-history"`): a revision that drops one does not remove it.
    pub created_at_start: std::collections::BTreeSet<crate::schema::Key>,
}

/// Tables that exist before the first revision because the application creates them itself
/// (`create_all()` outside the history; see `models::app_tables`): the replay starts with
/// `tables` as `schema` holds them.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub schema: Schema,
    pub tables: Vec<crate::schema::Key>,
    /// The naming convention of the models the tables come from: the operations' when
    /// env.py's target metadata cannot be read.
    pub convention: Option<NamingConvention>,
}

/// The database as the histories that run first on it left it (the `runs-after` setting):
/// the replay starts from it instead of an empty one, and `notes` (what
/// was replayed first, what could not be) join the replay's diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Base {
    pub schema: Schema,
    pub notes: Vec<Diagnostic>,
}

/// Options of a replay.
#[derive(Debug, Clone)]
pub struct ReplayOptions {
    /// Replay only these revisions (an `upgrade <rev>` target and its ancestors); all when
    /// `None`.
    pub only: Option<std::sync::Arc<std::collections::BTreeSet<String>>>,
    /// Keep the schema after every revision (for `--at` and the oracle).
    pub keep_states: bool,
    /// Replay each `downgrade()` and check it restores the schema before the revision.
    pub check_downgrades: bool,
    /// Keep, in each state, the schema its `downgrade()` leaves (for the oracle, which checks
    /// the downgrade path against PostgreSQL). Implies `keep_states` and replaying every
    /// `downgrade()`; its problems are reported only with `check_downgrades`.
    pub keep_downgrades: bool,
    /// What the application creates besides the history (the `app-tables` setting): the
    /// tables the history uses but never creates, found where the application creates
    /// tables itself, or every table of the models, created before the history runs.
    pub app_tables: crate::config::AppTables,
    /// Model files of the configuration (`models = [...]`), for [`ReplayOptions::app_tables`].
    pub models: Vec<std::path::PathBuf>,
    /// The tables to start with (set by the analysis for its second replay).
    pub seed: Option<std::sync::Arc<Seed>>,
    /// The database other histories built before this one runs (`runs-after`).
    pub base: Option<std::sync::Arc<Base>>,
    /// The version table `env.py` names (`version_table=`); Alembic's `alembic_version`
    /// when `None`. It exists while the revisions run: introspection sees it.
    pub version_table: Option<String>,
    /// `version_table_schema=` of env.py (see [`crate::env_py::EnvOptions`]), which revisions
    /// read from their migration context.
    pub version_table_schema: Option<Option<String>>,
    /// env.py's `transaction_per_migration=True` (or the setting): each revision commits, so
    /// another connection sees what the revisions before the current one did; otherwise the
    /// whole upgrade is one transaction and it sees the database as it was before the run.
    pub transaction_per_migration: bool,
    /// The `baseline` setting: the revision a new database starts at (see
    /// [`crate::config::Settings::baseline`]).
    pub baseline: Option<String>,
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            only: None,
            keep_states: false,
            check_downgrades: false,
            keep_downgrades: false,
            app_tables: crate::config::AppTables::Missing,
            models: Vec::new(),
            seed: None,
            base: None,
            version_table: None,
            version_table_schema: None,
            transaction_per_migration: false,
            baseline: None,
        }
    }
}

/// Replays every revision of `graph`, in order, on a thread with a large stack: the
/// interpreter recurses with the code it follows.
pub fn replay(
    project: &Project,
    sources: &mut SourceMap,
    files: &[LoadedFile],
    graph: &RevisionGraph,
    options: ReplayOptions,
    observer: Option<&mut dyn Observer>,
) -> Replay {
    on_large_stack("driftlock-replay", || {
        replay_here(project, sources, files, graph, options, observer)
    })
}

fn replay_here(
    project: &Project,
    all_sources: &mut SourceMap,
    files: &[LoadedFile],
    graph: &RevisionGraph,
    options: ReplayOptions,
    observer: Option<&mut dyn Observer>,
) -> Replay {
    let modules = module_table(project, all_sources, files, &[]);
    let (table, keys, env_key) = (modules.table, modules.revisions, modules.env);
    let mut installed = modules.installed;
    let lazy = modules.lazy;
    let sources: &SourceMap = all_sources;
    let mut schema = options
        .base
        .as_ref()
        .map(|b| b.schema.clone())
        .unwrap_or_default();
    let mut out = Replay::default();
    // What env.py passes to `run_migrations(**kw)`, which Alembic passes on to each revision.
    let entry_args;
    // The `search_path` env.py's engine and SQL set: every revision, and every downgrade (a
    // run of its own, through env.py again), starts with it.
    let env_search_path;
    if let Some(base) = &options.base {
        out.diagnostics.extend(base.notes.iter().cloned());
    }
    {
        // env.py runs before the first revision, online: what its SQL creates before
        // `run_migrations()` (`CREATE SCHEMA app`, `CREATE EXTENSION ...`) exists when the
        // history starts, so the replay starts from the schema it leaves. Its operations that
        // fail are reported; what the interpreter cannot follow in env.py (engines,
        // connections, logging) says nothing about the schema and is not.
        let mut probe = Lowering::new(&mut schema, NamingConvention::default());
        let mut interp = Interp::new(&mut probe, &table);
        let convention = declared_convention(&mut interp, env_key.as_deref(), Seen::ByAlembic);
        entry_args = interp.entry_arguments();
        out.convention = convention
            .or_else(|| {
                env_key
                    .is_none()
                    .then(|| crate::env_py::configured_convention(&mut interp, &project.metadata))?
            })
            .or_else(|| flask_convention(project))
            .or_else(|| options.seed.as_ref().and_then(|s| s.convention.clone()))
            .unwrap_or_default();
        interp.release_modules(&Default::default());
        env_search_path = probe.search_path.clone();
        out.diagnostics.extend(
            std::mem::take(&mut probe.diagnostics)
                .into_iter()
                .filter(|d| d.kind == Kind::Replay),
        );
    }
    if let Some(seed) = &options.seed {
        schema.adopt_tables(&seed.schema, &seed.tables);
    }
    let mut lowering = Lowering::new(&mut schema, out.convention.clone());
    lowering.collapse_uncreated_tables = true;
    lowering.version_table_schema = options.version_table_schema.clone();
    lowering.transaction_per_migration = options.transaction_per_migration;
    lowering.search_path = env_search_path.clone();
    if let Some(name) = &options.version_table {
        lowering.version_table = crate::ir::QualName::new(None, name.clone());
    }
    lowering.observer = match observer {
        Some(o) => Some(o),
        None => None,
    };
    lowering.sources = Some(sources);
    let mut downgrades = Vec::new();
    let mut states = Vec::new();
    let (baseline, before_baseline) =
        resolve_baseline(graph, options.baseline.as_deref(), &mut out);
    {
        let mut interp = Interp::new(&mut lowering, &table);
        let mut entry_keywords = entry_keywords::EntryKeywords::default();
        for rev in graph.in_order() {
            if options
                .only
                .as_ref()
                .is_some_and(|only| !only.contains(&rev.id))
                || before_baseline.contains(&rev.id)
            {
                continue;
            }
            let Some(key) = keys.get(&rev.file) else {
                continue;
            };
            let Some(env) = interp.module(key) else {
                continue;
            };
            interp.host_mut().set_revision(Some(rev.id.clone()));
            let replay_downgrade = options.check_downgrades || options.keep_downgrades;
            let before = replay_downgrade.then(|| interp.host_mut().schema_snapshot());
            // The baseline's `upgrade(op)` is given Alembic's `op`, as the application's
            // migrate command calls it.
            let args = match baseline {
                Some(b) if b == rev.id => Args {
                    positional: vec![Value::External("alembic.op".into())],
                    ..Args::default()
                },
                _ => entry_args.clone(),
            };
            entry_keywords.note(&rev.id, &env, &entry_args);
            let ran = interp.run_entry(&env, "upgrade", args);
            if let (Some(true), Some((class, span))) = (ran, interp.entry_raise().cloned()) {
                let what = class.map_or("an exception".to_string(), |c| format!("`{c}`"));
                interp.host_mut().report(
                    Diagnostic::error(
                        Kind::Replay,
                        codes::UPGRADE_RAISES,
                        format!(
                            "`upgrade()` of revision {} raises {what} here, as driftlock reads it: `alembic upgrade` stops at this revision, and the rest of it is not replayed",
                            rev.id
                        ),
                    )
                    .at(span)
                    .with_note("if it raises on something only the migrate command provides (a Config option set in code, an environment variable, a name the running application sets), give it in the configuration (`alembic-options`, `environment`, `define`)"),
                );
            }
            if ran.is_none() {
                interp.host_mut().report(
                    Diagnostic::error(
                        Kind::History,
                        codes::MISSING_UPGRADE,
                        format!("revision {} has no `upgrade()` function", rev.id),
                    )
                    .at(Span::new(
                        rev.file,
                        rev.header
                            .revision
                            .as_ref()
                            .map_or(0..0, |r| r.range.clone()),
                    )),
                );
            }
            let downgraded = before.and_then(|before| {
                let after = interp.host_mut().schema_snapshot();
                let so_far = RunSoFar {
                    outside: interp.host_mut().outside_tables(),
                    modules: interp.modules_run(),
                    entry_args: entry_args.clone(),
                    search_path: env_search_path.clone(),
                };
                let (check, downgraded) =
                    check_downgrade(&table, &env, rev, &before, after, &out.convention, so_far);
                if options.check_downgrades {
                    for d in &check.unanalyzable {
                        interp.host_mut().report(d.clone());
                    }
                    downgrades.push(check);
                }
                downgraded
            });
            if options.keep_states || options.keep_downgrades {
                states.push(RevisionState {
                    revision: rev.id.clone(),
                    schema: interp.host_mut().schema_snapshot(),
                    downgraded: downgraded.filter(|_| options.keep_downgrades),
                });
            }
        }
        for d in entry_keywords.diagnostics() {
            interp.host_mut().report(d);
        }
        interp.release_modules(&Default::default());
    }
    lowering.set_revision(None);
    (out.never_created, out.created) = lowering.tables_outside_history();
    lowering.finish();
    out.diagnostics.append(&mut lowering.diagnostics);
    out.sql_stats = std::mem::take(&mut lowering.sql_stats);
    out.diagnostics.extend(modules.problems);
    installed.extend(lazy.installed());
    // What the interpreter cannot follow inside an installed package is not the user's
    // code: only its effect on the user's operations (reported where they are) counts.
    out.diagnostics.retain(|d| {
        d.kind != Kind::Unanalyzable
            || d.primary
                .as_ref()
                .is_none_or(|s| !installed.contains(&s.file))
    });
    out.downgrades = downgrades;
    drop(lowering);
    // The modules the code imported past those read before it ran join the source map.
    lazy.flush(all_sources);
    out.head = schema;
    out.states = states;
    out
}

/// The naming convention of a Flask application's `SQLAlchemy(metadata=MetaData(
/// naming_convention=...))`, which Flask-Migrate's env.py passes as its target: the
/// application's modules are read as its start reads them, apart from the replay (what they
/// do is not the history's).
fn flask_convention(project: &Project) -> Option<NamingConvention> {
    let application = crate::env_py::flask_app::application_modules(project);
    if application.is_empty() {
        return None;
    }
    // Read into a source map of their own: nothing they say is reported.
    let modules = module_table(project, &mut SourceMap::default(), &[], &application);
    let mut scratch = Schema::default();
    let mut probe = Lowering::new(&mut scratch, NamingConvention::default());
    let mut interp = Interp::new(&mut probe, &modules.table);
    for key in &modules.extra {
        let _ = interp.module(key);
    }
    let dbs = crate::env_py::flask_app::databases(&interp);
    let convention = dbs.first().and_then(crate::env_py::convention_of);
    interp.release_modules(&Default::default());
    convention
}

/// The `baseline` setting, resolved against `graph`: the revision a new database starts at,
/// and the revisions before it (which never run on a new database, so the replay leaves them
/// out). One finding says where the replay starts, or that the setting names no revision.
fn resolve_baseline<'g>(
    graph: &'g RevisionGraph,
    setting: Option<&str>,
    out: &mut Replay,
) -> (Option<&'g str>, std::collections::BTreeSet<String>) {
    let Some(setting) = setting else {
        return (None, Default::default());
    };
    let Some(rev) = graph.get(setting) else {
        out.diagnostics.push(Diagnostic::error(
            Kind::Replay,
            codes::BASELINE,
            format!("the setting `baseline = \"{setting}\"` names no revision of the history: the replay starts at its base"),
        ));
        return (None, Default::default());
    };
    let mut before = graph.ancestors(&rev.id);
    before.remove(&rev.id);
    out.diagnostics.push(
        Diagnostic::info(
            Kind::Replay,
            codes::BASELINE,
            format!(
                "a new database starts at revision {} (`baseline`): its `upgrade()` builds it, and the {} revision(s) before it are not replayed",
                rev.id,
                before.len()
            ),
        )
        .at(Span::new(
            rev.file,
            rev.header.revision.as_ref().map_or(0..0, |r| r.range.clone()),
        )),
    );
    (Some(rev.id.as_str()), before)
}
