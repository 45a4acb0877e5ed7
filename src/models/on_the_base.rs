//! The modules of the project that declare models on env.py's metadata without env.py
//! importing them: read as the application's own (when which modules Python imports is not
//! known), or named and left out (when every import was followed, as Alembic compares
//! without them).

use std::collections::BTreeSet;

use super::{modules_mentioning, read_with, search, Declared, Target};
use crate::discover::Project;
use crate::source::SourceMap;

/// An application that imports its whole models package (a loop over its modules, a plugin
/// registry, a module of another part of the application that registers its own) declares
/// tables env.py never imports statically: the project's modules that import the same base
/// (tests and migrations left out) are read too, and a finding says which.
pub(super) fn with_modules_on_the_base(
    project: &Project,
    sources: &mut SourceMap,
    declared: Declared,
    bases: &[String],
    extra: &[std::path::PathBuf],
    (flask, accept_all, closed, unfollowed_import): (bool, bool, bool, Option<&str>),
    target: &Target,
) -> Declared {
    if bases.is_empty() {
        return declared;
    }
    let read: BTreeSet<std::path::PathBuf> = declared
        .origins
        .tables
        .values()
        .map(|s| sources.get(s.file).path.clone())
        .collect();
    let mut others = Vec::new();
    for dir in &project.source_dirs {
        // With env.py, only the module defining the base (the caller's choice): a module
        // that merely binds it (a project's `db.py`, a package re-exporting it) is imported
        // by much of an application, whose other tables env.py does not compare.
        modules_mentioning(project, dir, bases, &mut others);
    }
    others.sort();
    others.dedup();
    others.retain(|p| !read.contains(p) && !p.starts_with(&project.script_location));
    if others.is_empty() {
        return declared;
    }
    let roots: Vec<std::path::PathBuf> = extra.iter().chain(&others).cloned().collect();
    let again = read_with(project, sources, &roots, flask, accept_all, target).declared;
    let added = again
        .schema
        .tables
        .len()
        .saturating_sub(declared.schema.tables.len());
    if added == 0 {
        return declared;
    }
    let mut names: Vec<String> = again
        .schema
        .tables
        .keys()
        .filter(|k| !declared.schema.tables.contains_key(k))
        .map(crate::schema::display_key)
        .collect();
    let more = names.len().saturating_sub(6);
    names.truncate(6);
    if more > 0 {
        names.push(format!("{more} more"));
    }
    let at = declared.first_file();
    let listed = search::describe(&others, &project.root, 6);
    let (mut kept, note) = if closed {
        // Every import env.py makes was followed and none reaches these modules: Alembic
        // compares without their tables, and proposes to drop them, as drift does.
        (declared, format!(
            "{} module(s) of the project declare {added} table(s) on env.py's metadata that neither env.py, the revisions nor the project's own migration commands import ({listed}): {}; `alembic check` proposes to drop them, and so does drift. Import them in env.py if the application's tables are these",
            others.len(),
            names.join(", "),
        ))
    } else {
        // Why they are read: what decides which modules Python imports is not known.
        let why = match unfollowed_import {
            Some(first) => format!(" (an import driftlock cannot follow decides which modules Python imports: {first})"),
            None => String::new(),
        };
        (again, format!(
            "read {} module(s) of the project besides those env.py imports that use the same base ({listed}): {added} more table(s) ({}); Alembic's autogenerate compares them only when the application has imported these modules before it runs, and otherwise proposes to drop them{why}",
            others.len(),
            names.join(", "),
        ))
    };
    // A migrate command that runs Alembic without an env.py (Flask-Alembic, with the
    // configured metadata): the application imports the models.
    let message = if project.has_env_py() {
        "env.py does not import every module that declares models on its metadata"
    } else {
        "there is no env.py: the application imports the modules that declare models on the configured metadata"
    };
    kept.diagnostics.push(search::finding(message, note, at));
    kept
}
