//! The project's modules that the revision files import. Alembic imports every revision file
//! (to build its revision map) before it migrates or compares, so the classes those modules
//! map are on the metadata when `create_all()` or `compare_metadata` sees it, whether or not
//! `env.py` imports them: a revision that does `from app.assignment import models` puts
//! `app.assignment.models`'s tables into the declared schema.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::discover::Project;
use crate::python::ast;

/// The modules of the project (inside its source folders, outside the migrations) that some
/// revision file imports at module level, sorted, each once.
pub fn imported_by_revisions(project: &Project) -> Vec<PathBuf> {
    let wanted = |name: &str| project_module(project, name).is_some();
    let mut out: Vec<PathBuf> = revision_imports(project, &wanted)
        .iter()
        .filter_map(|name| project_module(project, name))
        .filter(|p| !p.starts_with(&project.script_location))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The modules of installed packages (never one driftlock models itself, such as SQLAlchemy
/// or Alembic) that some revision file imports at module level, by dotted name, sorted, each
/// once. A Flask application installed as a package, its migrations folder shipped beside it
/// as data: the revisions' `from app.models import Policy` is where its `SQLAlchemy()` object
/// is, when nothing around the folder holds it.
pub fn installed_imported_by_revisions(project: &Project) -> Vec<String> {
    let wanted = |name: &str| {
        !crate::load::is_modelled(name)
            && crate::load::locate_module(project, name).is_some_and(|(_, installed)| installed)
    };
    let mut out = revision_imports(project, &wanted);
    out.sort();
    out.dedup();
    out
}

/// The modules `wanted` accepts that the revision files Alembic would load (beneath the
/// version locations too) import at module level. Files whose top-level import lines name
/// no wanted package are not parsed.
fn revision_imports(project: &Project, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Vec<String> {
    let listing = crate::discover::list_revision_files(project);
    let files: Vec<PathBuf> = listing
        .files
        .into_iter()
        .chain(listing.beneath)
        .map(|f| f.path)
        .collect();
    files
        .par_iter()
        .flat_map_iter(|path| imports_of(project, path, wanted))
        .collect()
}

/// What one revision file imports at module level, of the modules `wanted` accepts.
fn imports_of(
    project: &Project,
    path: &std::path::Path,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<String> {
    let Some(text) = crate::load::read_utf8(path, project.max_file_bytes) else {
        return Vec::new();
    };
    // Indented too: `try:` and `if` blocks at module level import when the module runs.
    let may_import = text.lines().map(str::trim_start).any(|line| {
        let rest = line
            .strip_prefix("from ")
            .or_else(|| line.strip_prefix("import "));
        rest.and_then(|r| r.split([' ', '.', ',']).next())
            .is_some_and(|top| !top.is_empty() && wanted(top))
    });
    if !may_import {
        return Vec::new();
    }
    let Ok(module) = crate::python::parse_module(&text, &path.to_string_lossy()) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    top_level_imports(&module.body, &mut names);
    names.retain(|name| wanted(name));
    names
}

/// The file of module `dotted` when it belongs to the project.
pub(super) fn project_module(project: &Project, dotted: &str) -> Option<PathBuf> {
    let path = crate::load::module_file(&project.python_path, dotted)?;
    project
        .source_dirs
        .iter()
        .any(|d| path.starts_with(d))
        .then_some(path)
}

/// The absolute module names imported by statements that run when the module is imported
/// (module level, inside `if`/`try` too; not inside functions). `from a import b` gives `a.b`
/// (when `b` is a module) and `a`.
fn top_level_imports(stmts: &[ast::Stmt], out: &mut Vec<String>) {
    for stmt in stmts {
        match stmt {
            ast::Stmt::Import(i) => out.extend(i.names.iter().map(|a| a.name.to_string())),
            ast::Stmt::ImportFrom(i) if i.level.as_ref().map_or(0, |l| l.to_usize()) == 0 => {
                let Some(base) = i.module.as_deref() else {
                    continue;
                };
                out.push(base.to_string());
                out.extend(
                    i.names
                        .iter()
                        .filter(|a| a.name.as_str() != "*")
                        .map(|a| format!("{base}.{}", a.name)),
                );
            }
            ast::Stmt::If(s) => {
                top_level_imports(&s.body, out);
                top_level_imports(&s.orelse, out);
            }
            ast::Stmt::Try(t) => {
                top_level_imports(&t.body, out);
                top_level_imports(&t.orelse, out);
            }
            _ => {}
        }
    }
}
