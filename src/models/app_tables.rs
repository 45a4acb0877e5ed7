//! Tables the application creates itself, outside the history. Some projects build part of
//! their schema with `metadata.create_all()` before they run `alembic upgrade` (an initial
//! set of tables the first revision already alters); a replay of the revisions alone misses
//! those tables and everything later revisions do to them. When the history uses tables no
//! revision creates, they are looked for where the application creates tables: first in the
//! metadata its own code passes to `create_all()` (the tables as the application created them
//! then), else in the declared models (the tables as they are declared today). The replay then
//! starts with them, and an info finding names each one and where it comes from.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{read_target, Declared};
use crate::codes;
use crate::config::AppTables;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::Project;
use crate::load;
use crate::python::visit::{attribute_uses, top_level_binding, Binding};
use crate::replay::Seed;
use crate::schema::{Key, Schema};
use crate::source::SourceMap;

/// A place where the application's code calls `create_all()` on a metadata: the call, and
/// the metadata as a dotted path in the module that defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateSite {
    /// The file that calls `create_all()`.
    pub file: PathBuf,
    /// The `receiver.create_all` expression.
    pub range: std::ops::Range<usize>,
    /// The receiver as written (`InitialBase.metadata`).
    pub written: String,
    /// The module holding the metadata and its path there (`Base`, `metadata`).
    pub module: PathBuf,
    pub path: Vec<String>,
}

/// Every `create_all()` on a metadata in the project's own code (tests and the migrations
/// aside), in file order. A cheap text test comes before each parse: most files never
/// mention `create_all`.
pub fn create_sites(project: &Project) -> Vec<CreateSite> {
    let mut sites = Vec::new();
    for file in application_files(project) {
        let Some(text) = load::read_utf8(&file, project.max_file_bytes) else {
            continue;
        };
        if !text.contains("create_all") {
            continue;
        }
        let Ok(module) = crate::python::parse_shared(&text, &file.to_string_lossy()) else {
            continue;
        };
        let Some(dotted) = load::dotted_name(&project.python_path, &file) else {
            continue;
        };
        let is_package = file.file_name().is_some_and(|n| n == "__init__.py");
        for used in attribute_uses(&module, "create_all") {
            let Some((module_file, path)) =
                resolve(project, &file, &module, &dotted, is_package, &used.receiver)
            else {
                continue;
            };
            sites.push(CreateSite {
                file: file.clone(),
                range: used.range,
                written: used.receiver.join("."),
                module: module_file,
                path,
            });
        }
    }
    sites
}

/// The Python files of the project's own code, tests and the migrations aside, sorted.
fn application_files(project: &Project) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in &project.source_dirs {
        load::python_files(dir, &["tests", "test", "testing"], &mut files);
    }
    files.sort();
    files.dedup();
    let in_history = |p: &Path| {
        p.starts_with(&project.script_location)
            || project
                .version_locations
                .iter()
                .any(|l| p.starts_with(&l.path))
    };
    files.retain(|p| !in_history(p));
    files
}

/// Where the application's own code builds a new database from its models and stamps the
/// head instead of running the history (Alembic's cookbook recipe, "building an up to date
/// database from scratch"): a function that calls `create_all()` and a stamp
/// (`command.stamp`, `context.stamp`, a helper named `stamp_*`), itself or through the
/// project's functions it calls. Calls are matched by name, so only through names the
/// application defines once (a class's name stands for its `__init__`). The call in that
/// function that leads to the stamp, the first in file order; `None` when no function does both.
pub fn stamps_new_databases(project: &Project) -> Option<(PathBuf, std::ops::Range<usize>)> {
    let is_stamp = |n: &str| n == "stamp" || n.starts_with("stamp_");
    let mut functions = Vec::new();
    for file in application_files(project) {
        let Some(text) = load::read_utf8(&file, project.max_file_bytes) else {
            continue;
        };
        if !text.contains("create_all") && !text.contains("stamp") {
            continue;
        }
        let Ok(module) = crate::python::parse_shared(&text, &file.to_string_lossy()) else {
            continue;
        };
        let aliases = crate::python::visit::imported_as(&module, &is_stamp);
        for mut f in crate::python::visit::function_calls(&module) {
            // A stamp imported under another name is called as the stamp.
            for (name, _) in &mut f.calls {
                if aliases.contains(name) {
                    *name = "stamp".to_string();
                }
            }
            functions.push((file.clone(), f));
        }
    }
    // The name a call reaches a function by: its own, or its class's for an `__init__`;
    // none for other special methods.
    let called_as = |f: &crate::python::visit::FunctionCalls| match (&f.class, f.name.as_str()) {
        (Some(class), "__init__") => Some(class.clone()),
        (_, n) if n.starts_with("__") => None,
        (_, n) => Some(n.to_string()),
    };
    let mut defined: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, f) in &functions {
        if let Some(n) = called_as(f) {
            *defined.entry(n).or_default() += 1;
        }
    }
    // Which functions create and which stamp, through the calls, to a fixed point.
    let mut creates = vec![false; functions.len()];
    let mut stamps = vec![false; functions.len()];
    let mut creating: BTreeSet<String> = BTreeSet::new();
    let mut stamping: BTreeSet<String> = BTreeSet::new();
    loop {
        let mut changed = false;
        for (i, (_, f)) in functions.iter().enumerate() {
            let calls = |set: &BTreeSet<String>| f.calls.iter().any(|(n, _)| set.contains(n));
            let c = f.calls.iter().any(|(n, _)| n == "create_all") || calls(&creating);
            let s = f.calls.iter().any(|(n, _)| is_stamp(n)) || calls(&stamping);
            let name = called_as(f).filter(|n| defined.get(n) == Some(&1));
            for (now, was, set) in [
                (c, &mut creates[i], &mut creating),
                (s, &mut stamps[i], &mut stamping),
            ] {
                if now && !*was {
                    *was = true;
                    changed = true;
                    set.extend(name.clone());
                }
            }
        }
        if !changed {
            break;
        }
    }
    functions
        .into_iter()
        .enumerate()
        .filter(|(i, _)| creates[*i] && stamps[*i])
        .find_map(|(_, (file, f))| {
            let (_, at) = f
                .calls
                .into_iter()
                .find(|(n, _)| is_stamp(n) || stamping.contains(n))?;
            Some((file, at))
        })
}

/// One info finding when the application builds new databases from its models and stamps
/// the head (see [`stamps_new_databases`]) while `app-tables` says otherwise: the schema
/// and drift describe a database the history built, which a new database is not.
pub fn suggest_instead_of_history(project: &Project, sources: &mut SourceMap) -> Vec<Diagnostic> {
    let Some((file, at)) = stamps_new_databases(project) else {
        return Vec::new();
    };
    let mut d = Diagnostic::info(
        Kind::Replay,
        codes::DATABASE_FROM_MODELS,
        "the application builds a new database from its models and stamps the head instead \
         of running the history; the schema and drift here are those of a database the \
         history built"
            .to_string(),
    )
    .with_note(
        "set `app-tables = \"instead-of-history\"` for the schema of a new database; the \
         history is checked either way",
    );
    if let Some(id) = load::source_file(project, sources, &file) {
        d = d.at(Span::new(id, at));
    }
    vec![d]
}

/// The module and dotted path of the value a receiver names (`InitialBase.metadata` with
/// `from app.initial import Base as InitialBase` → `app/initial.py`, `Base.metadata`);
/// `None` for names bound elsewhere (parameters, `self`) and modules outside the project.
fn resolve(
    project: &Project,
    file: &Path,
    module: &crate::python::Module,
    dotted: &str,
    is_package: bool,
    receiver: &[String],
) -> Option<(PathBuf, Vec<String>)> {
    let (head, rest) = receiver.split_first()?;
    let python_path = &project.python_path;
    let (module_file, path) = match top_level_binding(module, dotted, is_package, head)? {
        Binding::Local => (file.to_path_buf(), receiver.to_vec()),
        Binding::Imported { module, attr } => {
            let submodule = format!("{module}.{attr}");
            match load::module_file(python_path, &submodule) {
                // `from app import models` then `models.Base.metadata`.
                Some(f) => descend(python_path, submodule, f, rest)?,
                None => {
                    let f = load::module_file(python_path, &module)?;
                    let mut path = vec![attr];
                    path.extend(rest.iter().cloned());
                    (f, path)
                }
            }
        }
        Binding::Module(name) => {
            let f = load::module_file(python_path, &name)?;
            descend(python_path, name, f, rest)?
        }
    };
    let in_project = project
        .source_dirs
        .iter()
        .any(|d| module_file.starts_with(d));
    (in_project && !path.is_empty()).then_some((module_file, path))
}

/// Follows `rest` through submodules (`a.b.Base.metadata` → module `a.b`, `Base.metadata`).
fn descend(
    python_path: &[PathBuf],
    mut dotted: String,
    mut file: PathBuf,
    rest: &[String],
) -> Option<(PathBuf, Vec<String>)> {
    let mut rest = rest;
    while let Some((next, after)) = rest.split_first() {
        let candidate = format!("{dotted}.{next}");
        match load::module_file(python_path, &candidate) {
            Some(f) => {
                dotted = candidate;
                file = f;
                rest = after;
            }
            None => break,
        }
    }
    Some((file, rest.to_vec()))
}

/// The project as the application sees its models: with the metadata the configuration names
/// as the application's (`app-metadata`) in place of those env.py compares.
fn application(project: &Project) -> std::borrow::Cow<'_, Project> {
    if project.app_metadata.is_empty() {
        return std::borrow::Cow::Borrowed(project);
    }
    let mut own = project.clone();
    own.metadata = project.app_metadata.clone();
    std::borrow::Cow::Owned(own)
}

/// The tables to start the replay with, when the history uses tables (`never_created`) that
/// no revision creates; `created`: the tables the history creates itself. `configured`: the
/// model files of the configuration (as for [`super::read`]). `None` when neither the
/// application's `create_all()` metadata nor the declared models define any of them.
pub fn seed(
    project: &Project,
    sources: &mut SourceMap,
    never_created: &BTreeSet<Key>,
    created: &BTreeSet<Key>,
    configured: &[PathBuf],
) -> Option<(Seed, Vec<Diagnostic>)> {
    let mut tried = BTreeSet::new();
    for site in create_sites(project) {
        if !tried.insert((site.module.clone(), site.path.clone())) {
            continue;
        }
        let declared = read_target(project, sources, &site.module, &site.path);
        if !declared.found
            || !declared
                .schema
                .tables
                .keys()
                .any(|k| never_created.contains(k))
        {
            continue;
        }
        // `create_all()` creates every table of its metadata the database lacks; those the
        // history creates itself are left to it.
        let tables: Vec<Key> = declared
            .schema
            .tables
            .keys()
            .filter(|k| !created.contains(*k))
            .cloned()
            .collect();
        let at = site_span(project, sources, &site);
        let mut findings = findings(&declared, &tables, Some((&site, at)));
        // What could not be read of these tables (a CHECK built from run-time values) is
        // missing from the replay too: said here, where nothing else reads this metadata.
        let files: BTreeSet<_> = tables
            .iter()
            .filter_map(|k| declared.origins.tables.get(k).map(|s| s.file))
            .collect();
        findings.extend(
            declared
                .diagnostics
                .iter()
                .filter(|d| d.primary.as_ref().is_some_and(|s| files.contains(&s.file)))
                .cloned(),
        );
        return Some((seed_of(declared, tables), findings));
    }
    // No `create_all()` of the application defines them: the declared models, as they are
    // today, and the tables they reference that the history does not create either.
    let declared = crate::models::read(&application(project), sources, configured);
    let mut tables: BTreeSet<Key> = never_created
        .iter()
        .filter(|k| declared.schema.tables.contains_key(k))
        .cloned()
        .collect();
    if tables.is_empty() {
        return None;
    }
    // A table an installed framework declares (its user and permission tables) is created
    // by that framework's own `create_all()`, with every other table the framework declares:
    // all of them, not only those the history uses.
    let package_of = |k: &Key| -> Option<String> {
        let span = declared.origins.tables.get(k)?;
        let path = &sources.get(span.file).path;
        if !load::is_installed(project, path) {
            return None;
        }
        let dotted = load::dotted_name(&project.python_path, path)?;
        dotted.split('.').next().map(str::to_string)
    };
    let frameworks: BTreeSet<String> = tables.iter().filter_map(&package_of).collect();
    if !frameworks.is_empty() {
        let more: Vec<Key> = declared
            .schema
            .tables
            .keys()
            .filter(|k| !created.contains(*k) && !tables.contains(*k))
            .filter(|k| package_of(k).is_some_and(|p| frameworks.contains(&p)))
            .cloned()
            .collect();
        tables.extend(more);
    }
    loop {
        let referenced: Vec<Key> = tables
            .iter()
            .filter_map(|k| declared.schema.tables.get(k))
            .flat_map(|t| t.constraints.iter())
            .filter_map(|c| match &c.kind {
                crate::pg::ConstraintKind::ForeignKey { referenced, .. } => {
                    Some(crate::schema::key(referenced))
                }
                _ => None,
            })
            .filter(|k| {
                declared.schema.tables.contains_key(k)
                    && !created.contains(k)
                    && !tables.contains(k)
            })
            .collect();
        if referenced.is_empty() {
            break;
        }
        tables.extend(referenced);
    }
    let tables: Vec<Key> = tables.into_iter().collect();
    let findings = findings(&declared, &tables, None);
    Some((seed_of(declared, tables), findings))
}

/// `app-tables = "before-history"` or `"instead-of-history"`: every table the models declare,
/// which the application creates before it migrates, or instead of migrating a new database;
/// one info finding says so (with how the models were read).
pub fn all_declared(
    project: &Project,
    sources: &mut SourceMap,
    configured: &[PathBuf],
    mode: AppTables,
) -> (Seed, Vec<Diagnostic>) {
    let declared = crate::models::read(&application(project), sources, configured);
    let tables: Vec<Key> = declared.schema.tables.keys().cloned().collect();
    let at = declared.first_file();
    let (message, note) = if mode == AppTables::InsteadOfHistory {
        (
            format!(
                "a new database holds the {} table(s) the models declare: the application \
                 creates them and stamps the head instead of running the history \
                 (`app-tables = \"instead-of-history\"`)",
                tables.len()
            ),
            "the history is replayed as it upgrades a database that exists already, for its \
             findings; the schema at the head is the models'",
        )
    } else {
        (
            format!(
                "the replay starts with the {} table(s) the models declare: the application \
                 creates them before it migrates (`app-tables = \"before-history\"`)",
                tables.len()
            ),
            "the history's own creations of these tables find them there, as on the \
             application's database",
        )
    };
    let mut d =
        Diagnostic::info(Kind::Replay, codes::TABLE_FROM_APPLICATION, message).with_note(note);
    if let Some(at) = &at {
        d = d.at(at.clone());
    }
    let mut findings = Vec::new();
    if tables.is_empty() && mode == AppTables::InsteadOfHistory {
        // Not a new database without tables: models driftlock could not read.
        let mut empty = Diagnostic::warning(
            Kind::Replay,
            codes::TABLE_FROM_APPLICATION,
            "no table of the models was read, so the schema of a new database \
             (`app-tables = \"instead-of-history\"`) is taken from the history instead"
                .to_string(),
        )
        .with_help("check `driftlock models`, or name the metadata with `metadata = [...]`");
        if let Some(at) = at {
            empty = empty.at(at);
        }
        findings.push(empty);
    }
    findings.push(d);
    (seed_of(declared, tables), findings)
}

/// `app-tables = "before-history"`, after the history: the application creates the tables
/// its database lacks each time it starts, so a table a revision dropped while the models still
/// declare it is there again once the application has run. Adds them to `head`; one info
/// finding names them.
pub fn created_again(head: &mut Schema, seed: &Seed, at: Option<Span>) -> Vec<Diagnostic> {
    let missing: Vec<Key> = seed
        .tables
        .iter()
        .filter(|k| !head.tables.contains_key(k))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    head.adopt_tables(&seed.schema, &missing);
    let names: Vec<String> = missing.iter().map(crate::schema::display_key).collect();
    let mut d = Diagnostic::info(
        Kind::Replay,
        codes::TABLE_FROM_APPLICATION,
        format!(
            "the history drops {} table(s) the models still declare ({}): the application \
             creates them again when it next starts (`app-tables = \"before-history\"`)",
            missing.len(),
            names.join(", ")
        ),
    );
    if let Some(at) = at {
        d = d.at(at);
    }
    vec![d]
}

fn seed_of(declared: Declared, tables: Vec<Key>) -> Seed {
    Seed {
        schema: declared.schema,
        tables,
        convention: declared.convention,
    }
}

/// The `create_all` expression of a site, in a file of the run.
fn site_span(project: &Project, sources: &mut SourceMap, site: &CreateSite) -> Option<Span> {
    let id = load::source_file(project, sources, &site.file)?;
    Some(Span::new(id, site.range.clone()))
}

/// One info finding per table the replay starts with, at its declaration.
fn findings(
    declared: &Declared,
    tables: &[Key],
    site: Option<(&CreateSite, Option<Span>)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for k in tables {
        let name = crate::schema::display_key(k);
        let mut d = match &site {
            Some((site, _)) => Diagnostic::info(
                Kind::Replay,
                codes::TABLE_FROM_APPLICATION,
                format!(
                    "table `{name}` is not created by any revision: the application creates it \
                     with `{}.create_all()`; the replay starts with it as declared here",
                    site.written
                ),
            ),
            None => Diagnostic::info(
                Kind::Replay,
                codes::TABLE_FROM_APPLICATION,
                format!(
                    "table `{name}` is used by the history but not created by any revision: the \
                     replay starts with it as the models declare it today"
                ),
            )
            .with_note(
                "the application is assumed to create it (with `create_all()`) before it \
                 migrates; the table as it was before the first revision is not known",
            ),
        };
        if let Some(span) = declared.origins.tables.get(k) {
            d = d.at(span.clone()).with_primary_label("declared here");
        }
        if let Some((_, Some(span))) = &site {
            d = d.with_label(span.clone(), "the application creates its tables here");
        }
        d = d.with_help(
            "set `app-tables = false` under [tool.driftlock] to replay the history alone (the \
             tables are then reported as never created)",
        );
        out.push(d);
    }
    out
}
