//! Lowering and replay: each revision's `upgrade()` is interpreted statically, its Alembic
//! calls (and the SQL it runs) become IR operations, and each operation is applied to the
//! schema at once, in history order. Introspection in a revision is answered from the schema
//! at that point. `downgrade()` is replayed too, to check that it undoes `upgrade()`, and
//! the schema it leaves is kept on request, for the oracle that checks it against PostgreSQL.

pub mod alembic;
pub mod expr;
pub mod interp;
pub mod sql;
pub mod sql_session;
pub mod sqlalchemy;
pub mod value;

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::Project;
use crate::history::RevisionGraph;
use crate::load::{dotted_name, load_imports, LoadedFile};
use crate::python::Module;
use crate::schema::names::NamingConvention;
use crate::schema::Schema;
use crate::source::{decode, display_path, SourceFile, SourceMap};
use alembic::Lowering;
use interp::{Interp, ModuleTable};
use value::Value;

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
    /// The project's naming convention, as found through `env.py`.
    pub convention: NamingConvention,
    /// What the SQL run by the upgrades held (downgrades are not counted).
    pub sql_stats: sql::SqlStats,
}

/// Watches the upgrade replay: told when each revision's `upgrade()` starts (`None` once the
/// last one ended) and shown every operation with the schema just before it applies. The risk
/// rules are one; the replay itself does not depend on them.
pub trait Observer: Send {
    fn revision(&mut self, revision: Option<&str>, schema: &Schema);
    fn operation(&mut self, op: &crate::ir::Op, span: &Span, before: &Schema);
}

/// Options of a replay.
#[derive(Debug, Clone, Default)]
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
}

/// Synthetic module names for files outside the Python path.
fn module_key(project: &Project, path: &std::path::Path, fallback: &str) -> String {
    dotted_name(&project.python_path, path).unwrap_or_else(|| fallback.to_string())
}

/// Prepares the interpreter's module table: revision files, `env.py`, and the checkout's
/// modules they import (read and added to `sources`). Returns the table and the keys of the
/// revision modules by file id, and the key of `env.py`.
pub(crate) fn module_table(
    project: &Project,
    sources: &mut SourceMap,
    files: &[LoadedFile],
    extra: &[std::path::PathBuf],
) -> (
    ModuleTable,
    std::collections::HashMap<crate::source::FileId, String>,
    Option<String>,
    Vec<String>,
) {
    let mut table = ModuleTable::default();
    let mut keys = std::collections::HashMap::new();
    let mut roots: Vec<(String, Arc<Module>)> = Vec::new();
    for file in files {
        let Some(module) = &file.module else { continue };
        let path = sources.get(file.id).path.clone();
        let key = module_key(
            project,
            &path,
            &format!("__driftlock_revision_{}", file.id.0),
        );
        keys.insert(file.id, key.clone());
        roots.push((key.clone(), module.clone()));
        table.modules.insert(key, (file.id, module.clone()));
    }
    let mut add_root = |path: &std::path::Path, fallback: &str| -> Option<String> {
        let bytes = std::fs::read(path).ok()?;
        let text = decode(bytes).unwrap_or_else(|(lossy, _)| lossy);
        let module = crate::python::parse_module(&text, &path.to_string_lossy()).ok()?;
        let key = module_key(project, path, fallback);
        let id = sources.add(SourceFile::new(
            path.to_path_buf(),
            display_path(&project.root, path),
            text,
        ));
        let module = Arc::new(module);
        roots.push((key.clone(), module.clone()));
        table.modules.insert(key.clone(), (id, module));
        Some(key)
    };
    let env_key = add_root(&project.script_location.join("env.py"), "__driftlock_env__");
    let extra_keys: Vec<String> = extra
        .iter()
        .enumerate()
        .filter_map(|(i, p)| add_root(p, &format!("__driftlock_extra_{i}")))
        .collect();
    let root_refs: Vec<(String, &Module)> =
        roots.iter().map(|(k, m)| (k.clone(), m.as_ref())).collect();
    for m in load_imports(
        &project.root,
        &project.python_path,
        &project.source_dirs,
        &root_refs,
        sources,
    ) {
        table
            .modules
            .entry(m.dotted)
            .or_insert((m.id, Arc::new(m.module)));
    }
    (table, keys, env_key, extra_keys)
}

/// The naming convention of `env.py`'s `target_metadata`, read statically.
pub(crate) fn naming_convention(
    interp: &mut Interp<'_>,
    env_key: Option<&str>,
) -> NamingConvention {
    let Some(env) = env_key.and_then(|k| interp.module(k)) else {
        return NamingConvention::default();
    };
    let target = env.globals.borrow().get("target_metadata").cloned();
    let Some(mut metadata) = target else {
        return NamingConvention::default();
    };
    if let Value::List(items) | Value::Tuple(items) = &metadata {
        match items.first() {
            Some(first) => metadata = first.clone(),
            None => return NamingConvention::default(),
        }
    }
    convention_of(&metadata).unwrap_or_default()
}

/// Finds `naming_convention=` on the `MetaData(...)` behind a value (`Base.metadata`,
/// `db.metadata`, `MetaData(...)`).
fn convention_of(v: &Value) -> Option<NamingConvention> {
    match v {
        Value::Object(o) => {
            if let Some(Value::Dict(items)) = o.args.keyword("naming_convention") {
                let pairs = items
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())));
                return Some(NamingConvention::from_pairs(pairs));
            }
            if let Some(m) = o.args.keyword("metadata") {
                return convention_of(m);
            }
            o.receiver.as_ref().and_then(convention_of)
        }
        Value::Class(c) => c
            .attributes
            .get("metadata")
            .and_then(convention_of)
            .or_else(|| c.bases.iter().find_map(convention_of)),
        _ => None,
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

/// Runs `f` on a thread with a large stack and waits for it: the interpreter recurses with
/// the code it follows (the replay, the models).
pub(crate) fn on_large_stack<T: Send>(name: &str, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(name.into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, f)
            .expect("a thread starts")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn replay_here(
    project: &Project,
    sources: &mut SourceMap,
    files: &[LoadedFile],
    graph: &RevisionGraph,
    options: ReplayOptions,
    observer: Option<&mut dyn Observer>,
) -> Replay {
    let (table, keys, env_key, _) = module_table(project, sources, files, &[]);
    let sources: &SourceMap = sources;
    let mut schema = Schema::default();
    let mut out = Replay::default();
    {
        // The naming convention is read with a throwaway host: env.py has no schema effects.
        let mut scratch = Schema::default();
        let mut probe = Lowering::new(&mut scratch, NamingConvention::default());
        let mut interp = Interp::new(&mut probe, &table);
        out.convention = naming_convention(&mut interp, env_key.as_deref());
    }
    let mut lowering = Lowering::new(&mut schema, out.convention.clone());
    lowering.collapse_uncreated_tables = true;
    lowering.observer = match observer {
        Some(o) => Some(o),
        None => None,
    };
    lowering.sources = Some(sources);
    let mut downgrade_problems = Vec::new();
    let mut states = Vec::new();
    {
        let mut interp = Interp::new(&mut lowering, &table);
        for rev in graph.in_order() {
            if options
                .only
                .as_ref()
                .is_some_and(|only| !only.contains(&rev.id))
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
            if interp.run_entry(&env, "upgrade").is_none() {
                interp.host_mut().report(
                    Diagnostic::error(
                        Kind::History,
                        "missing-upgrade",
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
                };
                let (problems, downgraded) =
                    check_downgrade(&table, &env, rev, &before, after, &out.convention, so_far);
                if options.check_downgrades {
                    downgrade_problems.extend(problems);
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
    }
    lowering.set_revision(None);
    lowering.finish();
    out.diagnostics = std::mem::take(&mut lowering.diagnostics);
    out.sql_stats = std::mem::take(&mut lowering.sql_stats);
    out.diagnostics.extend(downgrade_problems);
    drop(lowering);
    out.head = schema;
    out.states = states;
    out
}

/// What the upgrade replay knows when a downgrade is checked: the tables built outside the
/// history, and the modules already run.
struct RunSoFar {
    outside: alembic::OutsideTables,
    modules: std::collections::HashMap<String, std::rc::Rc<value::ModuleEnv>>,
}

/// Runs `downgrade()` on the schema after the upgrade and compares with the schema before.
/// Returns the problems and the schema the downgrade leaves (`None` when `downgrade()` is
/// missing or raises: there is no such schema).
fn check_downgrade(
    table: &ModuleTable,
    env: &std::rc::Rc<value::ModuleEnv>,
    rev: &crate::history::Revision,
    before: &Schema,
    mut after: Schema,
    convention: &NamingConvention,
    so_far: RunSoFar,
) -> (Vec<Diagnostic>, Option<Schema>) {
    let upgrade_changed = &after != before;
    let mut lowering = Lowering::new(&mut after, convention.clone());
    // Tables no migration ever created (built by `create_all()` outside the history) are
    // reported once by the upgrade replay; their operations in downgrades are not failures
    // of the downgrade.
    lowering.collapse_uncreated_tables = true;
    lowering.assume_created(so_far.outside);
    lowering.set_revision(Some(rev.id.clone()));
    let raised = {
        let mut interp = Interp::new(&mut lowering, table).with_modules(so_far.modules);
        let _ = interp.module(&env.name);
        interp.run_entry(env, "downgrade")
    };
    let ops = lowering.ops.len();
    let mut problems: Vec<Diagnostic> = lowering
        .diagnostics
        .drain(..)
        .filter(|d| d.kind == Kind::Replay)
        .map(|mut d| {
            d.code = "downgrade-fails";
            d.message = format!("downgrade: {}", d.message);
            d
        })
        .collect();
    drop(lowering);
    let span = Span::new(
        rev.file,
        rev.header
            .revision
            .as_ref()
            .map_or(0..0, |r| r.range.clone()),
    );
    match raised {
        None if upgrade_changed => problems.push(
            Diagnostic::warning(
                Kind::Replay,
                "missing-downgrade",
                format!(
                    "revision {} changes the schema but has no `downgrade()`",
                    rev.id
                ),
            )
            .at(span)
            .for_revision(rev.id.clone()),
        ),
        Some(true) => {} // An explicit `raise`: the revision declares itself irreversible.
        Some(false) if upgrade_changed && ops == 0 => problems.push(
            Diagnostic::warning(
                Kind::Replay,
                "empty-downgrade",
                format!(
                    "revision {} changes the schema but its `downgrade()` does nothing",
                    rev.id
                ),
            )
            .at(span)
            .with_help(
                "write the inverse operations, or raise an error to mark the revision irreversible",
            )
            .for_revision(rev.id.clone()),
        ),
        Some(false) if problems.is_empty() && !same_ignoring_column_order(before, &after) => {
            let difference = first_difference(before, &after);
            problems.push(
                Diagnostic::warning(
                    Kind::Replay,
                    "downgrade-mismatch",
                    format!("downgrade of revision {} does not restore the schema before it: {difference}", rev.id),
                )
                .at(span)
                .for_revision(rev.id.clone()),
            );
        }
        _ => {}
    }
    (problems, (raised == Some(false)).then_some(after))
}

/// Equality except for the order of columns: a column that a downgrade drops and adds back
/// lands at the end in PostgreSQL too, which no one can avoid and nothing depends on.
fn same_ignoring_column_order(a: &Schema, b: &Schema) -> bool {
    let sorted = |s: &Schema| {
        let mut s = s.clone();
        for t in s.tables.values_mut() {
            t.columns.sort_by(|x, y| x.name.cmp(&y.name));
            t.constraints.sort_by(|x, y| x.name.cmp(&y.name));
            t.indexes.sort_by(|x, y| x.name.cmp(&y.name));
        }
        s
    };
    sorted(a) == sorted(b)
}

/// How a column differs from what it should be.
fn column_difference(
    table: &str,
    expected: &crate::schema::Column,
    actual: &crate::schema::Column,
) -> String {
    let name = format!("{table}.{}", expected.name);
    if expected.ty != actual.ty {
        return format!("column {name} is {} instead of {}", actual.ty, expected.ty);
    }
    if expected.not_null != actual.not_null {
        let state = |n: bool| if n { "NOT NULL" } else { "nullable" };
        return format!(
            "column {name} is {} instead of {}",
            state(actual.not_null),
            state(expected.not_null)
        );
    }
    if expected.default != actual.default {
        let show = |d: &Option<String>| d.clone().unwrap_or_else(|| "no default".into());
        return format!(
            "column {name} has default {} instead of {}",
            show(&actual.default),
            show(&expected.default)
        );
    }
    format!("column {name} differs (identity, generated expression or comment)")
}

/// A short description of the first difference between two schemas.
pub fn first_difference(expected: &Schema, actual: &Schema) -> String {
    for (k, t) in &expected.tables {
        match actual.tables.get(k) {
            None => return format!("table {}.{} is missing", k.0, k.1),
            Some(a) if a != t => {
                for c in &t.columns {
                    match a.column(&c.name) {
                        None => return format!("column {}.{} is missing", k.1, c.name),
                        Some(ac) if ac != c => return column_difference(&k.1, c, ac),
                        _ => {}
                    }
                }
                for c in &a.columns {
                    if t.column(&c.name).is_none() {
                        return format!("column {}.{} is left behind", k.1, c.name);
                    }
                }
                let names = |t: &crate::schema::Table| {
                    let mut v: Vec<String> = t
                        .constraints
                        .iter()
                        .map(|c| c.name.clone())
                        .chain(t.indexes.iter().map(|i| i.name.clone()))
                        .collect();
                    v.sort();
                    v
                };
                let (e, g) = (names(t), names(a));
                if let Some(missing) = e.iter().find(|n| !g.contains(n)) {
                    return format!("{missing} on {} is missing", k.1);
                }
                if let Some(extra) = g.iter().find(|n| !e.contains(n)) {
                    return format!("{extra} on {} is left behind", k.1);
                }
                if a.columns
                    .iter()
                    .map(|c| &c.name)
                    .ne(t.columns.iter().map(|c| &c.name))
                {
                    return format!("the column order of {} differs", k.1);
                }
                return format!("table {} differs", k.1);
            }
            _ => {}
        }
    }
    if let Some(k) = actual
        .tables
        .keys()
        .find(|k| !expected.tables.contains_key(*k))
    {
        return format!("table {}.{} is left behind", k.0, k.1);
    }
    if let Some(k) = actual
        .enums
        .keys()
        .find(|k| !expected.enums.contains_key(*k))
    {
        return format!("type {}.{} is left behind", k.0, k.1);
    }
    if let Some(k) = expected
        .enums
        .keys()
        .find(|k| !actual.enums.contains_key(*k))
    {
        return format!("type {}.{} is missing", k.0, k.1);
    }
    if expected.enums != actual.enums {
        return "enum labels differ".into();
    }
    if expected.sequences != actual.sequences {
        return "sequences differ".into();
    }
    if expected.schemas != actual.schemas {
        return "schemas differ".into();
    }
    let object = |what: &str, e: Vec<String>, a: Vec<String>| {
        if let Some(x) = a.iter().find(|x| !e.contains(x)) {
            return Some(format!("{what} {x} is left behind"));
        }
        if let Some(x) = e.iter().find(|x| !a.contains(x)) {
            return Some(format!("{what} {x} is missing"));
        }
        None
    };
    let names = |s: &Schema| -> [Vec<String>; 3] {
        [
            s.views.keys().map(|(n, v)| format!("{n}.{v}")).collect(),
            s.functions
                .keys()
                .map(|((n, f), args)| format!("{n}.{f}({})", args.join(", ")))
                .collect(),
            s.triggers
                .keys()
                .map(|((n, t), name)| format!("{name} on {n}.{t}"))
                .collect(),
        ]
    };
    let [ev, ef, et] = names(expected);
    let [av, af, at] = names(actual);
    if let Some(d) = object("view", ev, av)
        .or_else(|| object("function", ef, af))
        .or_else(|| object("trigger", et, at))
    {
        return d;
    }
    if expected.views != actual.views
        || expected.functions != actual.functions
        || expected.triggers != actual.triggers
    {
        return "views, functions or triggers differ".into();
    }
    "extensions differ".into()
}
