//! The project's own migration commands (a CLI's `db upgrade`, `make-migrations`): a function
//! that runs Alembic (`command.upgrade`, `command.revision(..., autogenerate=True)`,
//! `command.check`, `compare_metadata`) often imports models env.py does not, to put them on
//! the metadata first, and its module's imports are loaded when it runs. What Alembic
//! compares when run through it includes those models, so those modules (and the command's
//! own module) are read as env.py's are.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::discover::Project;

/// The command modules of the project and the project modules their comparing functions
/// import, sorted, each once.
pub fn imported_by_own_command(project: &Project) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in &project.source_dirs {
        crate::load::python_files(dir, &["tests", "test"], &mut files);
    }
    files.retain(|p| !p.starts_with(&project.script_location));
    let mut out: Vec<PathBuf> = files
        .par_iter()
        .flat_map_iter(|path| command_imports(project, path))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn command_imports(project: &Project, path: &std::path::Path) -> Vec<PathBuf> {
    let Some(text) = crate::load::read_utf8(path, project.max_file_bytes) else {
        return Vec::new();
    };
    if !["autogenerate", "compare_metadata", "command."]
        .iter()
        .any(|w| text.contains(w))
    {
        return Vec::new();
    }
    let Some(dotted) = crate::load::dotted_name(&project.python_path, path) else {
        return Vec::new();
    };
    let Ok(module) = crate::python::parse_module(&text, &path.to_string_lossy()) else {
        return Vec::new();
    };
    let is_package = path.file_name().is_some_and(|n| n == "__init__.py");
    let current = crate::python::imports::importing_name(&dotted, is_package);
    let Some(names) = crate::python::visit::migration_command_imports(&module, &current) else {
        return Vec::new();
    };
    let mut out = vec![path.to_path_buf()];
    out.extend(
        names
            .iter()
            .filter_map(|n| super::revision_imports::project_module(project, n))
            .filter(|p| !p.starts_with(&project.script_location)),
    );
    out
}
