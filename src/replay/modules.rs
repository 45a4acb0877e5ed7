//! The interpreter's module table: the revision files, `env.py`, and the checkout's modules
//! they import, read and added to the source map (never other installed packages).

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Kind};
use crate::discover::Project;
use crate::eval::interp::ModuleTable;
use crate::load::{dotted_name, load_imports, LoadedFile};
use crate::python::Module;
use crate::source::{display_path, FileId, SourceFile, SourceMap};

/// Synthetic module names for files outside the Python path.
fn module_key(project: &Project, path: &std::path::Path, fallback: &str) -> String {
    dotted_name(&project.python_path, path).unwrap_or_else(|| fallback.to_string())
}

/// The interpreter's module table, and how to find the roots in it.
pub struct Modules {
    pub table: ModuleTable,
    /// The module key of each revision file.
    pub revisions: HashMap<FileId, String>,
    /// The key of `env.py`, when it was read.
    pub env: Option<String>,
    /// The keys of the `extra` roots that were read.
    pub extra: Vec<String>,
    /// Why `env.py` or an extra root was not read: each a located finding.
    pub problems: Vec<Diagnostic>,
    /// The files of installed packages read for the checkout's imports: what the
    /// interpreter cannot follow in them is not the user's to fix, and is not reported.
    pub installed: std::collections::BTreeSet<FileId>,
    /// The imports were followed up to [`crate::load::MAX_MODULES`] modules, and no further.
    pub truncated: bool,
}

/// Prepares the interpreter's module table: revision files, `env.py`, the `extra` roots
/// (model files), and the checkout's modules they import (read and added to `sources`).
pub fn module_table(
    project: &Project,
    sources: &mut SourceMap,
    files: &[LoadedFile],
    extra: &[std::path::PathBuf],
) -> Modules {
    let mut table = ModuleTable::default();
    let mut keys = HashMap::new();
    let mut problems = Vec::new();
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
    let mut add_root = |path: &std::path::Path, fallback: &str, lost: &str| -> Option<String> {
        let display = display_path(&project.root, path);
        let text = match crate::load::read_python(path, project.max_file_bytes) {
            Ok(text) => text,
            Err(why) => {
                problems.push(
                    Diagnostic::warning(
                        Kind::Parse,
                        why.code(),
                        format!("cannot read {display}: {why}"),
                    )
                    .with_note(lost.to_string()),
                );
                return None;
            }
        };
        let id = sources.add(SourceFile::new(path.to_path_buf(), display.clone(), text));
        let text = &sources.get(id).text;
        let module = match crate::python::parse_module(text, &path.to_string_lossy()) {
            Ok(module) => module,
            Err(err) => {
                let d = crate::load::syntax_error(id, text, &err);
                problems.push(Diagnostic {
                    notes: vec![lost.to_string()],
                    ..d
                });
                return None;
            }
        };
        let key = module_key(project, path, fallback);
        let module = Arc::new(module);
        roots.push((key.clone(), module.clone()));
        table.modules.insert(key.clone(), (id, module));
        if path.file_name().is_some_and(|n| n == "__init__.py") {
            table.packages.insert(key.clone());
        }
        Some(key)
    };
    let env_key = add_root(
        &project.script_location.join("env.py"),
        "__driftlock_env__",
        "without env.py, its naming convention and the models its target_metadata names are not read",
    );
    let extra_keys: Vec<String> = extra
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            add_root(
                p,
                &format!("__driftlock_extra_{i}"),
                "the models of this file are not read",
            )
        })
        .collect();
    let root_refs: Vec<(String, &Module)> =
        roots.iter().map(|(k, m)| (k.clone(), m.as_ref())).collect();
    let mut installed = std::collections::BTreeSet::new();
    let loaded = load_imports(project, &root_refs, sources);
    let truncated = loaded.len() >= crate::load::MAX_MODULES;
    for m in loaded {
        if m.installed {
            installed.insert(m.id);
        }
        if sources
            .get(m.id)
            .path
            .file_name()
            .is_some_and(|n| n == "__init__.py")
        {
            table.packages.insert(m.dotted.clone());
        }
        table
            .modules
            .entry(m.dotted)
            .or_insert((m.id, Arc::new(m.module)));
    }
    Modules {
        table,
        revisions: keys,
        env: env_key,
        extra: extra_keys,
        problems,
        installed,
        truncated,
    }
}
