//! The interpreter's module table: the revision files, `env.py`, and the checkout's modules
//! they import, read and added to the source map (never other installed packages).

use std::sync::Arc;

use crate::discover::Project;
use crate::eval::interp::ModuleTable;
use crate::load::{dotted_name, load_imports, LoadedFile};
use crate::python::Module;
use crate::source::{display_path, SourceFile, SourceMap};

/// Synthetic module names for files outside the Python path.
fn module_key(project: &Project, path: &std::path::Path, fallback: &str) -> String {
    dotted_name(&project.python_path, path).unwrap_or_else(|| fallback.to_string())
}

/// Prepares the interpreter's module table: revision files, `env.py`, and the checkout's
/// modules they import (read and added to `sources`). Returns the table and the keys of the
/// revision modules by file id, and the key of `env.py`.
pub fn module_table(
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
        let text = crate::load::read_source(path)?;
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
