//! The interpreter's module table: the revision files, `env.py`, and the checkout's modules
//! they import, read and added to the source map (never other installed packages).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Kind};
use crate::discover::Project;
use crate::eval::interp::{ModuleLoader, ModuleTable};
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
    /// The imports were followed as far as [`crate::load::ModuleBudget`] allows before the
    /// run (the rest is read on demand, see `lazy`).
    pub truncated: bool,
    /// The modules read on demand during the run.
    pub lazy: Rc<LazyModules>,
}

/// Prepares the interpreter's module table: revision files, `env.py`, the `extra` roots
/// (model files), and the checkout's modules they import (read and added to `sources`).
pub fn module_table(
    project: &Project,
    sources: &mut SourceMap,
    files: &[LoadedFile],
    extra: &[std::path::PathBuf],
) -> Modules {
    let mut table = ModuleTable {
        main_options: project.main_options.clone(),
        main_section: project.main_section.clone(),
        distributions: crate::load::installed_distributions(&project.python_path),
        python_version: crate::load::python_version(&project.python_path),
        environment: project.environment.clone(),
        define: project.define.clone(),
        define_read: project.define_read.clone(),
        python_path: project.python_path.clone(),
        ..ModuleTable::default()
    };
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
        table.file_paths.insert(key.clone(), path.clone());
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
        let module = match crate::python::parse_shared(text, &path.to_string_lossy()) {
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
        table.file_paths.insert(key.clone(), path.to_path_buf());
        roots.push((key.clone(), module.clone()));
        table.modules.insert(key.clone(), (id, module));
        if path.file_name().is_some_and(|n| n == "__init__.py") {
            table.packages.insert(key.clone());
        }
        Some(key)
    };
    // A setup without env.py (a framework that runs Alembic configured in code) has nothing to
    // read there: only an env.py that exists and cannot be read is a problem.
    let env_py = project.env_py();
    let env_key = if crate::fs::exists(&env_py) {
        add_root(
            &env_py,
            "__driftlock_env__",
            "without env.py, its naming convention and the models its target_metadata names are not read",
        )
    } else {
        None
    };
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
    let mut budget = crate::load::ModuleBudget::default();
    let loaded = load_imports(project, &root_refs, sources, &mut budget);
    let truncated = budget.spent;
    let mut installed_names = std::collections::HashSet::new();
    for m in loaded {
        if m.installed {
            installed.insert(m.id);
            installed_names.insert(m.dotted.clone());
        }
        if sources
            .get(m.id)
            .path
            .file_name()
            .is_some_and(|n| n == "__init__.py")
        {
            table.packages.insert(m.dotted.clone());
        }
        table.modules.entry(m.dotted).or_insert((m.id, m.module));
    }
    let loader = Rc::new(LazyModules {
        project: project.clone(),
        first_id: sources.len(),
        installed_before: installed_names,
        state: Default::default(),
    });
    table.lazy = Some(loader.clone());
    Modules {
        table,
        revisions: keys,
        env: env_key,
        extra: extra_keys,
        problems,
        installed,
        truncated,
        lazy: loader,
    }
}

/// The modules read on demand, past what was read before the run (see [`ModuleLoader`]):
/// the same modules the reading before the run would have followed (never the libraries
/// driftlock models by name; an installed package's own modules only, from its code), at
/// most a [`crate::load::ModuleBudget`] more. Their files get the ids that follow the source
/// map's when the run began, and join it at [`LazyModules::flush`].
pub struct LazyModules {
    project: Project,
    first_id: usize,
    /// The installed modules read before the run, by dotted name.
    installed_before: std::collections::HashSet<String>,
    state: RefCell<LazyState>,
}

#[derive(Default)]
struct LazyState {
    /// Every module asked for: what was read, or `None`.
    tried: HashMap<String, Option<(FileId, Arc<Module>)>>,
    /// The files read and not yet in the source map, in id order.
    files: Vec<SourceFile>,
    /// How many files were read in all (their ids follow `first_id`).
    read: usize,
    installed: std::collections::HashSet<String>,
    installed_ids: std::collections::BTreeSet<FileId>,
    packages: std::collections::HashSet<String>,
    /// What is left to read (a module refused for want of it marks it spent).
    budget: crate::load::ModuleBudget,
    /// Modules of another library that an installed package imported and that do not use
    /// SQLAlchemy: not followed from an installed package (they may be from the checkout).
    without_sqlalchemy: std::collections::HashSet<String>,
    /// Per installed library (its top-level name): how many of its modules its own modules
    /// made read, and whether one read uses SQLAlchemy (see [`LIBRARY_FAN_OUT`]).
    fan_out: HashMap<String, (usize, bool)>,
}

/// How many of its own modules an installed library that shows no use of SQLAlchemy may
/// make read through its own imports. A package's `__init__` that imports its whole tree (an
/// LLM client's hundreds of provider modules) would otherwise spend the budget the checkout's
/// own modules need; a library whose modules use SQLAlchemy (a framework's base, a mixin's
/// columns, a library of column types) is followed to the end.
const LIBRARY_FAN_OUT: usize = 64;

impl ModuleLoader for LazyModules {
    fn load(&self, dotted: &str, importer: Option<&str>) -> Option<(FileId, Arc<Module>)> {
        let mut state = self.state.borrow_mut();
        if let Some(known) = state.tried.get(dotted) {
            return known.clone();
        }
        if crate::load::is_modelled(dotted) {
            return None;
        }
        // From an installed package, its own modules are followed, and another library's
        // only where that module uses SQLAlchemy itself (a mixin's columns, a model the
        // package's models refer to: `neutron_lib.db.standard_attr`), not the libraries it
        // merely uses.
        let mut other_library = false;
        let mut own_import = false;
        if let Some(importer) = importer {
            let installed =
                self.installed_before.contains(importer) || state.installed.contains(importer);
            if installed && !crate::load::same_library(dotted, importer) {
                if state.without_sqlalchemy.contains(dotted) {
                    return None;
                }
                other_library = true;
            }
            own_import = installed && crate::load::same_library(dotted, importer);
        }
        let library = dotted.split('.').next().unwrap_or_default().to_string();
        if own_import {
            let (read, uses) = state.fan_out.get(&library).copied().unwrap_or_default();
            if !uses && read >= LIBRARY_FAN_OUT {
                return None;
            }
        }
        let Some((path, installed)) = crate::load::locate_module(&self.project, dotted) else {
            state.tried.insert(dotted.to_string(), None);
            return None;
        };
        if !state.budget.take(installed) {
            return None;
        }
        let (source, module) = crate::load::read_module(&self.project, &path);
        if other_library {
            let is_package = source.path.file_name().is_some_and(|n| n == "__init__.py");
            let uses = module
                .as_deref()
                .is_some_and(|m| crate::load::uses_sqlalchemy(m, dotted, is_package));
            if !uses {
                state.without_sqlalchemy.insert(dotted.to_string());
                return None;
            }
        }
        let found = match (module, u32::try_from(self.first_id + state.read)) {
            (Some(module), Ok(id)) => {
                let id = FileId(id);
                if source.path.file_name().is_some_and(|n| n == "__init__.py") {
                    state.packages.insert(dotted.to_string());
                }
                if installed {
                    state.installed.insert(dotted.to_string());
                    state.installed_ids.insert(id);
                    let is_package = source.path.file_name().is_some_and(|n| n == "__init__.py");
                    let uses = crate::load::uses_sqlalchemy(&module, dotted, is_package);
                    let entry = state.fan_out.entry(library).or_default();
                    entry.0 += 1;
                    entry.1 |= uses;
                }
                state.files.push(source);
                state.read += 1;
                Some((id, module))
            }
            _ => None,
        };
        state.tried.insert(dotted.to_string(), found.clone());
        found
    }

    fn is_package(&self, dotted: &str) -> bool {
        self.state.borrow().packages.contains(dotted)
    }
}

impl LazyModules {
    /// The files read on demand so far join `sources`, with the ids they were given; the run
    /// may go on reading (call again before the next use of their spans).
    pub fn flush(&self, sources: &mut SourceMap) {
        let mut state = self.state.borrow_mut();
        let expected = self.first_id + state.read - state.files.len();
        if sources.len() != expected {
            debug_assert!(false, "a file was added to the source map during the run");
            state.files.clear();
            return;
        }
        for file in state.files.drain(..) {
            sources.add(file);
        }
    }

    /// The installed packages' files read on demand.
    pub fn installed(&self) -> std::collections::BTreeSet<FileId> {
        self.state.borrow().installed_ids.clone()
    }

    /// Whether the code imported modules past the budget, which were not read.
    pub fn exhausted(&self) -> bool {
        self.state.borrow().budget.spent
    }
}
