//! Reading the checkout: every revision file is read and parsed in parallel. This is the only
//! stage besides discovery that touches the file system; later stages work on what it returns.

use rayon::prelude::*;

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::RevisionFile;
use crate::python::{unclosed_bracket, Module, SyntaxError};
use crate::source::{decode, display_path, FileId, SourceFile, SourceMap};

/// A syntax error as a finding, at the bracket left open when there is one.
pub fn syntax_error(id: FileId, text: &str, err: &SyntaxError) -> Diagnostic {
    let end = (err.offset + 1).min(text.len()).max(err.offset);
    let at_error = Span::new(id, err.offset..end);
    let d = match unclosed_bracket(text, err.offset) {
        Some(open) => {
            let bracket = &text[open..=open];
            Diagnostic::error(
                Kind::Parse,
                codes::SYNTAX_ERROR,
                format!("Python syntax error: `{bracket}` was never closed"),
            )
            .at(Span::new(id, open..open + 1))
            .with_primary_label("opened here")
            .with_label(
                at_error,
                format!("the parser gave up here: {}", err.message),
            )
        }
        None => Diagnostic::error(
            Kind::Parse,
            codes::SYNTAX_ERROR,
            format!("Python syntax error: {}", err.message),
        )
        .at(at_error),
    };
    d.with_note("this revision is left out; the rest of the history is still analysed")
}

/// A parsed file; its text is in the [`SourceMap`] under the same id.
#[derive(Debug)]
pub struct LoadedFile {
    pub id: FileId,
    pub module: Option<std::sync::Arc<Module>>,
}

/// What loading returns: the sources, the parsed modules (same order and ids), and the
/// problems met on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    pub files: Vec<LoadedFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses `files` in parallel; the result keeps their order. Read errors (also: not
/// a regular file, over `limit` bytes), invalid UTF-8 and syntax errors become `parse`
/// diagnostics; the other files go on. `pending` is read from memory, not from the disk.
pub fn load(
    root: &std::path::Path,
    files: &[RevisionFile],
    limit: u64,
    pending: Option<&crate::discover::PendingFile>,
) -> Loaded {
    let results: Vec<(SourceFile, LoadedFile, Option<Diagnostic>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            let id = FileId(u32::try_from(i).expect("fewer than 2^32 files"));
            load_one(root, id, &file.path, limit, pending)
        })
        .collect();
    let mut loaded = Loaded::default();
    for (source, file, diagnostic) in results {
        let id = loaded.sources.add(source);
        debug_assert_eq!(id, file.id);
        loaded.files.push(file);
        loaded.diagnostics.extend(diagnostic);
    }
    loaded
}

fn load_one(
    root: &std::path::Path,
    id: FileId,
    path: &std::path::Path,
    limit: u64,
    pending: Option<&crate::discover::PendingFile>,
) -> (SourceFile, LoadedFile, Option<Diagnostic>) {
    let display = display_path(root, path);
    let read = match pending.filter(|p| p.path == path) {
        Some(p) => Ok(p.text.clone().into_bytes()),
        None => crate::fs::read_bytes(path, limit),
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(err) => {
            let source = SourceFile::new(path.to_path_buf(), display.clone(), String::new());
            let d = Diagnostic::error(
                Kind::Parse,
                err.code(),
                format!("cannot read {display}: {err}"),
            )
            .at(Span::new(id, 0..0))
            .with_note("the rest of the history is analysed without this file");
            return (source, LoadedFile { id, module: None }, Some(d));
        }
    };
    match decode(bytes) {
        Err((text, offset)) => {
            let source = SourceFile::new(path.to_path_buf(), display, text);
            let d = Diagnostic::error(Kind::Parse, codes::INVALID_UTF8, "file is not valid UTF-8")
                .at(Span::new(id, offset..offset + 1))
                .with_primary_label("first invalid byte")
                .with_note("Python 3 reads source files as UTF-8 unless a coding declaration says otherwise")
                .with_help("re-save the file as UTF-8");
            (source, LoadedFile { id, module: None }, Some(d))
        }
        Ok(text) => {
            let (module, diagnostic) =
                match crate::python::parse_shared(&text, &path.to_string_lossy()) {
                    Ok(module) => (Some(module), None),
                    Err(err) => (None, Some(syntax_error(id, &text, &err))),
                };
            let source = SourceFile::new(path.to_path_buf(), display, text);
            (source, LoadedFile { id, module }, diagnostic)
        }
    }
}

/// A Python module of the checkout, loaded because something imports it.
#[derive(Debug)]
pub struct ProjectModule {
    pub dotted: String,
    pub id: FileId,
    pub module: std::sync::Arc<Module>,
    /// Outside the checkout (an installed package on the Python path), read because the
    /// checkout's code imports it.
    pub installed: bool,
}

/// Whether `path` lies in a `site-packages` / `dist-packages` folder below `root` (a
/// virtualenv inside the checkout): an installed package, not the project's code.
fn in_site_packages(path: &std::path::Path, root: &std::path::Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| {
        rel.components().any(|c| {
            matches!(
                c.as_os_str().to_str(),
                Some("site-packages" | "dist-packages")
            )
        })
    })
}

/// Libraries the interpreter and the lowering know by their names (their objects are read
/// as the calls that build them): their source is never read, or `sa.Column` would become
/// whatever their `__init__` does.
const MODELLED_LIBRARIES: [&str; 15] = [
    "sqlalchemy",
    "alembic",
    "alembic_utils",
    "alembic_postgresql_enum",
    "sqlmodel",
    "flask",
    "flask_sqlalchemy",
    "flask_migrate",
    "lazy_object_proxy",
    "pgvector",
    "typing_extensions",
    "geoalchemy2",
    // Version checks (`parse(__version__) >= parse("3.0.0")`), compared by the interpreter.
    "packaging",
    // SQLAlchemy-Continuum's `make_versioned()` (sqlalchemy/continuum.rs).
    "sqlalchemy_continuum",
    // Its types are known by name where SQLModel maps them (`EmailStr`: sqlalchemy/sqlmodel.rs);
    // its version is the installed distribution's.
    "pydantic",
];

/// A distribution's name as `importlib.metadata` matches it: lower case, each run of `-`,
/// `_` and `.` one `_`.
pub fn normalized_distribution(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The distributions installed in the folders of `python_path` (their `NAME-VERSION.dist-info`
/// folders: name and version are in the folder's name), by [`normalized_distribution`] name;
/// the first folder of the path that has one wins, as Python's import path does.
pub fn installed_distributions(
    python_path: &[std::path::PathBuf],
) -> std::collections::BTreeMap<String, String> {
    let mut found = std::collections::BTreeMap::new();
    for dir in python_path {
        for entry in sorted_entries(dir) {
            let Some(stem) = entry
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".dist-info"))
            else {
                continue;
            };
            if let Some((name, version)) = stem.split_once('-') {
                found
                    .entry(normalized_distribution(name))
                    .or_insert_with(|| version.to_string());
            }
        }
    }
    found
}

/// The Python version (major, minor) of the first `pythonX.Y/site-packages` (or
/// `dist-packages`) folder on `python_path`.
pub fn python_version(python_path: &[std::path::PathBuf]) -> Option<(i64, i64)> {
    python_path.iter().find_map(|dir| {
        let leaf = dir.file_name()?.to_str()?;
        if !matches!(leaf, "site-packages" | "dist-packages") {
            return None;
        }
        let version = dir
            .parent()?
            .file_name()?
            .to_str()?
            .strip_prefix("python")?;
        let (major, minor) = version.split_once('.')?;
        Some((major.parse().ok()?, minor.parse().ok()?))
    })
}

/// Most modules of installed packages followed from the revision files and `env.py` (before
/// the run, and as many again during it): a bound on the work a large package (imported for
/// one helper) can cause.
pub(crate) const MAX_MODULES: usize = 800;

/// Most modules of the checkout itself followed (before the run, and as many again during
/// it): the code under analysis, bounded apart from the packages it uses so that a library
/// which imports its whole tree never leaves the checkout's own models unread.
pub(crate) const MAX_CHECKOUT_MODULES: usize = 4000;

/// What is left of the module budget: the checkout's modules and installed packages' count
/// apart (see [`MAX_MODULES`], [`MAX_CHECKOUT_MODULES`]).
#[derive(Debug, Clone)]
pub struct ModuleBudget {
    checkout: usize,
    installed: usize,
    /// A module was refused for want of budget.
    pub spent: bool,
}

impl Default for ModuleBudget {
    fn default() -> Self {
        ModuleBudget {
            checkout: MAX_CHECKOUT_MODULES,
            installed: MAX_MODULES,
            spent: false,
        }
    }
}

impl ModuleBudget {
    /// Takes one module of the checkout (`installed` false) or of an installed package from
    /// the budget; false (and the budget marked spent) when none is left.
    pub(crate) fn take(&mut self, installed: bool) -> bool {
        let left = if installed {
            &mut self.installed
        } else {
            &mut self.checkout
        };
        if *left == 0 {
            self.spent = true;
            return false;
        }
        *left -= 1;
        true
    }
}

/// The file of the run that holds `path`, reading and adding it when no stage has yet (a
/// configuration file a finding points into, the application module that creates tables);
/// `None` when it cannot be read.
pub fn source_file(
    project: &crate::discover::Project,
    sources: &mut SourceMap,
    path: &std::path::Path,
) -> Option<FileId> {
    if let Some((id, _)) = sources.iter().find(|(_, f)| f.path == path) {
        return Some(id);
    }
    let text = read_source(path, project.max_file_bytes)?;
    let display = display_path(&project.root, path);
    Some(sources.add(SourceFile::new(path.to_path_buf(), display, text)))
}

/// The entries of a directory, sorted (none when it cannot be read).
pub fn sorted_entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    crate::fs::read_dir(dir)
        .map(|entries| entries.into_iter().map(|e| e.path).collect())
        .unwrap_or_default()
}

/// Every `.py` file under `dir`, sorted; hidden folders, caches and the folders named in
/// `skip` are not entered.
pub fn python_files(dir: &std::path::Path, skip: &[&str], out: &mut Vec<std::path::PathBuf>) {
    for entry in crate::fs::read_dir(dir).unwrap_or_default() {
        let (p, name) = (entry.path, entry.name.as_str());
        if entry.is_dir {
            if !name.starts_with('.')
                && !matches!(name, "__pycache__" | "node_modules")
                && !skip.contains(&name)
            {
                python_files(&p, skip, out);
            }
        } else if name.ends_with(".py") {
            out.push(p);
        }
    }
}

/// A Python file's text, decoded as revision files are (invalid UTF-8 replaced); `None` when
/// it cannot be read, is not a regular file or is over `limit` bytes.
pub fn read_source(path: &std::path::Path, limit: u64) -> Option<String> {
    read_python(path, limit).ok()
}

/// A Python file's text, decoded as revision files are, or why it cannot be read.
pub fn read_python(path: &std::path::Path, limit: u64) -> Result<String, crate::fs::ReadError> {
    let bytes = crate::fs::read_bytes(path, limit)?;
    Ok(decode(bytes).unwrap_or_else(|(lossy, _)| lossy))
}

/// A file's text when it is valid UTF-8; `None` when it cannot be read or is not.
pub fn read_utf8(path: &std::path::Path, limit: u64) -> Option<String> {
    crate::fs::read_utf8(path, limit).ok()
}

/// The dotted name of `path` relative to the first entry of `python_path` that holds it and
/// is not itself a package folder: a module inside an installed package (`pkg/models.py`, with
/// `pkg/` also on the path because the project's root is there) is `pkg.models`, the name its
/// package's imports use, so that one file is one module. Else the first entry that holds it.
pub fn dotted_name(python_path: &[std::path::PathBuf], path: &std::path::Path) -> Option<String> {
    let outside_packages = python_path
        .iter()
        .filter(|root| !crate::fs::is_file(&root.join("__init__.py")));
    outside_packages.chain(python_path.iter()).find_map(|root| {
        let rel = path.strip_prefix(root).ok()?;
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let last = parts.pop()?;
        let stem = last.strip_suffix(".py")?;
        if stem != "__init__" {
            parts.push(stem.to_string());
        }
        (!parts.is_empty() && parts.iter().all(|p| !p.contains('.'))).then(|| parts.join("."))
    })
}

/// The file of module `dotted` on `python_path`: `a/b.py` or `a/b/__init__.py`.
pub fn module_file(python_path: &[std::path::PathBuf], dotted: &str) -> Option<std::path::PathBuf> {
    // A relative name (`.main`) is not a module's: its package decides which module it is.
    if dotted.split('.').any(str::is_empty) {
        return None;
    }
    let rel: std::path::PathBuf = dotted.split('.').collect();
    python_path.iter().find_map(|root| {
        let file = root.join(&rel).with_extension("py");
        if crate::fs::is_file(&file) {
            return Some(file);
        }
        let package = root.join(&rel).join("__init__.py");
        crate::fs::is_file(&package).then_some(package)
    })
}

/// Whether `test` is `TYPE_CHECKING` or `typing.TYPE_CHECKING` (also from
/// `typing_extensions`), false whenever code runs.
fn is_type_checking(test: &crate::python::ast::Expr) -> bool {
    use crate::python::ast;
    match test {
        ast::Expr::Name(n) => n.id.as_str() == "TYPE_CHECKING",
        ast::Expr::Attribute(a) => {
            a.attr.as_str() == "TYPE_CHECKING"
                && matches!(&*a.value, ast::Expr::Name(n)
                    if matches!(n.id.as_str(), "typing" | "typing_extensions" | "t"))
        }
        _ => false,
    }
}

/// Every dotted name an import executed when `module` (named `current`) is imported may
/// refer to: at module level, in its `if`, `try` and `with` blocks. Imports inside functions
/// run only when the function is called, and are read then (the interpreter's loader reads a
/// module on first import), so the world a function might import is not read up front.
/// Whether module `dotted` imports SQLAlchemy itself: a library module that declares
/// models, columns or mixins, which another library's models may build on.
pub fn uses_sqlalchemy(module: &Module, dotted: &str, is_package: bool) -> bool {
    let current = crate::python::imports::importing_name(dotted, is_package);
    imported_names(module, &current)
        .iter()
        .any(|n| n == "sqlalchemy" || n.starts_with("sqlalchemy."))
}

fn imported_names(module: &Module, current: &str) -> Vec<String> {
    use crate::python::ast;
    fn walk(stmts: &[ast::Stmt], current: &str, out: &mut Vec<String>) {
        for stmt in stmts {
            match stmt {
                ast::Stmt::Import(i) => {
                    for alias in &i.names {
                        let mut prefix = String::new();
                        for part in alias.name.split('.') {
                            if !prefix.is_empty() {
                                prefix.push('.');
                            }
                            prefix.push_str(part);
                            out.push(prefix.clone());
                        }
                    }
                }
                ast::Stmt::ImportFrom(i) => {
                    let level = i.level.as_ref().map_or(0, |l| l.to_usize());
                    let base = crate::python::imports::resolve_relative(
                        current,
                        level,
                        i.module.as_deref(),
                    );
                    let mut prefix = String::new();
                    for part in base.split('.').filter(|p| !p.is_empty()) {
                        if !prefix.is_empty() {
                            prefix.push('.');
                        }
                        prefix.push_str(part);
                        out.push(prefix.clone());
                    }
                    for alias in &i.names {
                        if alias.name.as_str() != "*" {
                            out.push(if base.is_empty() {
                                alias.name.to_string()
                            } else {
                                format!("{base}.{}", alias.name)
                            });
                        }
                    }
                }
                // `if TYPE_CHECKING:` holds imports for type checkers, which never run:
                // the interpreter skips the block as Python does.
                ast::Stmt::If(s) if is_type_checking(&s.test) => walk(&s.orelse, current, out),
                ast::Stmt::If(s) => {
                    walk(&s.body, current, out);
                    walk(&s.orelse, current, out);
                }
                ast::Stmt::Try(t) => {
                    walk(&t.body, current, out);
                    walk(&t.orelse, current, out);
                    walk(&t.finalbody, current, out);
                }
                ast::Stmt::With(w) => walk(&w.body, current, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&module.body, current, &mut out);
    out
}

/// Whether `dotted` belongs to one of [`MODELLED_LIBRARIES`], whose source is never read.
pub fn is_modelled(dotted: &str) -> bool {
    let top = dotted.split('.').next().unwrap_or_default();
    MODELLED_LIBRARIES.contains(&top)
}

/// Whether `imported` is a module of the library `importer` belongs to: the imports of an
/// installed package that are followed are its own modules, where what it exports is
/// defined (`sqlalchemy_utils.UUIDType` lives in `sqlalchemy_utils.types.uuid`), not the
/// other libraries it uses.
pub fn same_library(imported: &str, importer: &str) -> bool {
    imported.split('.').next() == importer.split('.').next()
}

/// The file of module `dotted` on the project's Python path, and whether it belongs to an
/// installed package (outside the checkout's sources, or under a `site-packages` folder).
pub fn locate_module(
    project: &crate::discover::Project,
    dotted: &str,
) -> Option<(std::path::PathBuf, bool)> {
    let path = module_file(&project.python_path, dotted)?;
    let installed = is_installed(project, &path);
    Some((path, installed))
}

/// Whether `path` belongs to an installed package rather than the checkout: outside its
/// sources, or under a `site-packages` folder inside it.
pub fn is_installed(project: &crate::discover::Project, path: &std::path::Path) -> bool {
    !project.source_dirs.iter().any(|d| path.starts_with(d))
        || in_site_packages(path, &project.root)
}

/// A module's source file and its syntax tree (`None` when it does not parse: only revision
/// files are reported on).
pub fn read_module(
    project: &crate::discover::Project,
    path: &std::path::Path,
) -> (SourceFile, Option<std::sync::Arc<Module>>) {
    let text = read_source(path, project.max_file_bytes).unwrap_or_default();
    let module = crate::python::parse_shared(&text, &path.to_string_lossy()).ok();
    let source = SourceFile::new(path.to_path_buf(), display_path(&project.root, path), text);
    (source, module)
}

/// Follows the imports of `roots` (dotted name and module) through the checkout: every module
/// found on `python_path` inside `source_dirs` is read, parsed (in parallel, level by level)
/// and added to `sources`. A module of an installed package (on `python_path`, outside
/// `source_dirs`; not one of [`MODELLED_LIBRARIES`]) is read when the checkout's code imports
/// it, with the modules of the same library it imports (where what it exports is defined), not
/// the other libraries it uses (the constants, helpers and types a revision takes from a
/// library, without running the library). Modules that do not parse
/// are skipped silently: only revision files are reported on.
pub fn load_imports(
    project: &crate::discover::Project,
    roots: &[(String, &Module)],
    sources: &mut SourceMap,
    budget: &mut ModuleBudget,
) -> Vec<ProjectModule> {
    let python_path = &project.python_path;
    let mut seen: std::collections::BTreeSet<String> =
        roots.iter().map(|(d, _)| d.clone()).collect();
    let mut frontier: Vec<String> = roots
        .iter()
        .flat_map(|(d, m)| {
            let is_package = module_file(python_path, d)
                .is_some_and(|p| p.file_name().is_some_and(|n| n == "__init__.py"));
            imported_names(m, &crate::python::imports::importing_name(d, is_package))
        })
        .collect();
    let mut out: Vec<ProjectModule> = Vec::new();
    while !frontier.is_empty() {
        let mut wanted: Vec<(String, std::path::PathBuf, bool)> = Vec::new();
        for dotted in frontier.drain(..) {
            if is_modelled(&dotted) || !seen.insert(dotted.clone()) {
                continue;
            }
            if let Some((path, installed)) = locate_module(project, &dotted) {
                if budget.take(installed) {
                    wanted.push((dotted, path, installed));
                }
            }
        }
        let parsed: Vec<(String, SourceFile, Option<std::sync::Arc<Module>>, bool)> = wanted
            .into_par_iter()
            .map(|(dotted, path, installed)| {
                let (source, module) = read_module(project, &path);
                (dotted, source, module, installed)
            })
            .collect();
        for (dotted, source, module, installed) in parsed {
            let Some(module) = module else { continue };
            let is_package = source.path.file_name().is_some_and(|n| n == "__init__.py");
            let current = crate::python::imports::importing_name(&dotted, is_package);
            let names = imported_names(&module, &current);
            if installed {
                frontier.extend(names.into_iter().filter(|n| same_library(n, &dotted)));
            } else {
                frontier.extend(names);
            }
            let id = sources.add(source);
            out.push(ProjectModule {
                dotted,
                id,
                module,
                installed,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn installed_distributions_and_python_come_from_the_folders_names() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("lib/python3.11/site-packages");
        std::fs::create_dir_all(site.join("Flask_SQLAlchemy-3.1.1.dist-info")).unwrap();
        std::fs::create_dir_all(site.join("zope.interface-7.2.dist-info")).unwrap();
        std::fs::create_dir_all(site.join("flask_sqlalchemy")).unwrap();
        let found = super::installed_distributions(std::slice::from_ref(&site));
        assert_eq!(
            found.get("flask_sqlalchemy").map(String::as_str),
            Some("3.1.1")
        );
        assert_eq!(
            found
                .get(&super::normalized_distribution("zope-interface"))
                .map(String::as_str),
            Some("7.2")
        );
        assert_eq!(found.len(), 2);
        assert_eq!(
            super::python_version(&[dir.path().to_path_buf(), site]),
            Some((3, 11))
        );
    }

    /// One file, one module: a module of an installed package is named from the folder that
    /// holds the package, even when the package's own folder is also on the path.
    #[test]
    fn imports_read_up_front_are_those_that_run_at_import() {
        let module = crate::python::parse_module(
            "import a.b\n\
             from typing import TYPE_CHECKING\n\
             if TYPE_CHECKING:\n    import checker_only\nelse:\n    import at_run\n\
             if typing.TYPE_CHECKING:\n    import also_checker_only\n\
             try:\n    from .sibling import x\nexcept ImportError:\n    pass\n\
             def later():\n    import on_call\n",
            "m.py",
        )
        .unwrap();
        let names = super::imported_names(&module, "pkg.m");
        for wanted in [
            "a",
            "a.b",
            "typing",
            "at_run",
            "pkg.sibling",
            "pkg.sibling.x",
        ] {
            assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
        }
        // Never run (type checkers only), or run only when the function is called: the
        // interpreter's loader reads those on first import.
        for left in ["checker_only", "also_checker_only", "on_call"] {
            assert!(!names.iter().any(|n| n == left), "{left} in {names:?}");
        }
    }

    #[test]
    fn a_module_inside_a_package_is_named_from_outside_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let package = site.join("app");
        std::fs::create_dir_all(&package).unwrap();
        std::fs::write(package.join("__init__.py"), "").unwrap();
        std::fs::write(package.join("models.py"), "").unwrap();
        let path = vec![package.clone(), site.clone()];
        assert_eq!(
            super::dotted_name(&path, &package.join("models.py")).as_deref(),
            Some("app.models")
        );
        // A folder that is not a package keeps the first entry's name.
        let plain = dir.path().join("scripts");
        std::fs::create_dir_all(&plain).unwrap();
        std::fs::write(plain.join("tool.py"), "").unwrap();
        let path = vec![plain.clone(), dir.path().to_path_buf()];
        assert_eq!(
            super::dotted_name(&path, &plain.join("tool.py")).as_deref(),
            Some("tool")
        );
    }
}
