//! Finding the models when `env.py` does not say where they are: its `target_metadata` cannot
//! be evaluated statically (`current_app.extensions["migrate"].db.metadata`, a function of
//! the running application), or it is `None` while the package declares mapped classes. The
//! search reads the project's modules that declare a base (a declarative base, a
//! `MetaData()`, Flask-SQLAlchemy's `SQLAlchemy()`, SQLModel) and those that import one of
//! them, so that every class mapped onto them is found; a cheap text filter decides which
//! files are parsed at all.

use std::path::{Path, PathBuf};

use crate::discover::Project;

/// Words whose presence in a file's text says it may declare a metadata root.
const BASE_MARKERS: &[&str] = &[
    "declarative_base",
    "DeclarativeBase",
    "as_declarative",
    "registry(",
    "MetaData(",
    "SQLAlchemy(",
    "SQLModel",
];

/// The modules a search reads, each with why it is read.
#[derive(Debug, Default)]
pub struct Found {
    /// Modules that declare a base (or may: they mention one of [`BASE_MARKERS`]).
    pub bases: Vec<PathBuf>,
    /// Modules that import one of `bases` (where the mapped classes are).
    pub importers: Vec<PathBuf>,
    /// Installed modules (a framework's) that declare a base the project's modules import.
    pub frameworks: Vec<String>,
}

impl Found {
    /// Every module found, sorted, once.
    pub fn all(&self) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = self.bases.iter().chain(&self.importers).cloned().collect();
        all.sort();
        all.dedup();
        all
    }
}

/// Searches the project's source folders (tests and the migrations left out).
pub fn search(project: &Project) -> Found {
    let mut files = Vec::new();
    for dir in &project.source_dirs {
        crate::load::python_files(dir, &["tests", "test", "migrations"], &mut files);
    }
    files.sort();
    files.dedup();
    let script_location = &project.script_location;
    files.retain(|p| !p.starts_with(script_location));
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|p| {
            let text = crate::load::read_utf8(&p, project.max_file_bytes)?;
            Some((p, text))
        })
        .collect();
    let mut found = Found::default();
    for (path, text) in &texts {
        if BASE_MARKERS.iter().any(|m| text.contains(m)) {
            found.bases.push(path.clone());
        }
    }
    let dotted = |p: &Path| {
        crate::load::dotted_name(&project.python_path, p)
            .map(|m| m.strip_suffix(".__init__").map(str::to_string).unwrap_or(m))
    };
    let mut base_modules: Vec<String> = found.bases.iter().filter_map(|p| dotted(p)).collect();
    // A framework's base: an installed package (outside the project) that the project's
    // modules import and that declares a base itself (`from framework import Model`).
    for module in installed_imports(&texts, project) {
        let Some(file) = crate::load::module_file(&project.python_path, &module) else {
            continue;
        };
        let declares = crate::load::read_utf8(&file, project.max_file_bytes)
            .is_some_and(|text| BASE_MARKERS.iter().any(|m| text.contains(m)));
        if declares && !base_modules.contains(&module) {
            found.frameworks.push(module.clone());
            base_modules.push(module);
        }
    }
    // A package whose `__init__.py` imports a base re-exports it (`from .sqlalchemy import
    // db`): modules that import the package import the base too. Repeated until no package
    // is added (a chain of re-exports).
    let mut importer = vec![false; texts.len()];
    let owns: Vec<OwnName<'_>> = texts
        .iter()
        .map(|_| OwnName::new(&project.python_path))
        .collect();
    loop {
        let mut added = false;
        for (i, (path, text)) in texts.iter().enumerate() {
            if importer[i] || found.bases.contains(path) {
                continue;
            }
            if base_modules
                .iter()
                .any(|m| imports_module_named(path, text, m, &owns[i]))
            {
                importer[i] = true;
                if path.file_name().is_some_and(|f| f == "__init__.py") {
                    if let Some(package) = dotted(path) {
                        base_modules.push(package);
                        added = true;
                    }
                }
            }
        }
        if !added {
            break;
        }
    }
    found.importers = texts
        .iter()
        .zip(&importer)
        .filter(|(_, is)| **is)
        .map(|((p, _), _)| p.clone())
        .collect();
    found
}

/// The modules the project's modules import absolutely (`from framework import Model`,
/// `import framework.db`) that are neither the project's own nor a library driftlock knows
/// by name; sorted, once.
fn installed_imports(texts: &[(PathBuf, String)], project: &Project) -> Vec<String> {
    let own: Vec<String> = texts
        .iter()
        .filter_map(|(p, _)| crate::load::dotted_name(&project.python_path, p))
        .filter_map(|m| m.split('.').next().map(str::to_string))
        .collect();
    let mut modules: Vec<String> = texts
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("from ")
                .and_then(|r| r.split_once(" import ").map(|(m, _)| m))
                .or_else(|| line.strip_prefix("import "))?;
            let module = rest.split([' ', ',']).next()?.trim();
            let top = module.split('.').next()?;
            let plain = !module.is_empty()
                && !module.starts_with('.')
                && module
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
            (plain && !crate::load::is_modelled(module) && !own.iter().any(|o| o == top))
                .then(|| module.to_string())
        })
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

/// What [`imports_module_named`] asks of one file, worked out at most once however many
/// modules the file is asked about: its dotted name (which asks the file system about every
/// root of the Python path) and its `from ... import` lines (trimmed).
pub(crate) struct OwnName<'a> {
    python_path: &'a [PathBuf],
    name: std::cell::OnceCell<Option<String>>,
    from_lines: std::cell::OnceCell<Vec<String>>,
}

impl<'a> OwnName<'a> {
    pub(crate) fn new(python_path: &'a [PathBuf]) -> Self {
        OwnName {
            python_path,
            name: std::cell::OnceCell::new(),
            from_lines: std::cell::OnceCell::new(),
        }
    }

    fn of(&self, path: &Path) -> Option<&str> {
        self.name
            .get_or_init(|| crate::load::dotted_name(self.python_path, path))
            .as_deref()
    }

    fn import_lines(&self, text: &str) -> &[String] {
        self.from_lines.get_or_init(|| {
            text.lines()
                .map(str::trim_start)
                .filter(|l| l.starts_with("from "))
                .map(str::to_string)
                .collect()
        })
    }
}

/// Whether `text` (the file at `path`) may import `module`: its dotted name, or, from a
/// module of the same package or one below, relatively (`from .base import Base`, `from ..db
/// import Base`, `from . import base`). `own` keeps the file's dotted name (one per file).
pub(crate) fn imports_module_named(
    path: &Path,
    text: &str,
    module: &str,
    own: &OwnName<'_>,
) -> bool {
    // `pkg.module:Base`: the base's module and the name it is bound to there.
    let (module, base) = match module.split_once(':') {
        Some((m, b)) => (m, Some(b)),
        None => (module, None),
    };
    if text.contains(module) {
        return true;
    }
    let lines = own.import_lines(text);
    // `from pkg import Base` of a package above the base's module that re-exports it.
    if let Some(base) = base {
        let mut ancestor = module;
        while let Some((parent, _)) = ancestor.rsplit_once('.') {
            let from = format!("from {parent} import");
            if lines
                .iter()
                .any(|l| l.starts_with(&from) && l.split([' ', ',', '(', ')']).any(|w| w == base))
            {
                return true;
            }
            ancestor = parent;
        }
    }
    let (package, last) = module.rsplit_once('.').unwrap_or(("", module));
    // `from pkg.sub import module` (the line names the package, then the module).
    let from = format!("from {package} import");
    if !package.is_empty()
        && lines
            .iter()
            .any(|l| l.starts_with(&from) && l.split([' ', ',', '(']).any(|w| w == last))
    {
        return true;
    }
    let Some(own) = own.of(path) else {
        return false;
    };
    // A package's `__init__.py` is the package itself: its relative imports start there.
    let own_package = if path.file_name().is_some_and(|f| f == "__init__.py") {
        own
    } else {
        own.rsplit_once('.').map(|(p, _)| p).unwrap_or("")
    };
    // Relative imports at any depth (`from .base import Base`, `from ..db import Base`,
    // `from .. import db`), resolved against the file's package.
    lines.iter().any(|line| {
        let Some((from, names)) = relative_import(line, own_package) else {
            return false;
        };
        let named = |name: &str| names.split([' ', ',', '(', ')']).any(|w| w == name);
        from == module
            || (from == package && named(last))
            || base.is_some_and(|b| module.starts_with(&format!("{from}.")) && named(b))
    })
}

/// `from ..db import Base` in package `own_package`: the module it imports from
/// (`pkg.db`) and the names after `import`; `None` for an absolute import or one that climbs
/// above the top package.
fn relative_import<'t>(line: &'t str, own_package: &str) -> Option<(String, &'t str)> {
    let rest = line.strip_prefix("from ")?;
    let (target, names) = rest.split_once(" import ")?;
    let target = target.trim();
    let dots = target.chars().take_while(|c| *c == '.').count();
    if dots == 0 {
        return None;
    }
    let mut package: Vec<&str> = own_package.split('.').filter(|p| !p.is_empty()).collect();
    for _ in 1..dots {
        package.pop()?;
    }
    let tail = &target[dots..];
    if !tail.is_empty() {
        package.push(tail);
    }
    Some((package.join("."), names))
}

/// The `models-searched` finding: what was searched and why, the modules read in the note.
pub fn finding(
    message: impl Into<String>,
    note: String,
    at: Option<crate::diagnostic::Span>,
) -> crate::diagnostic::Diagnostic {
    let d = crate::diagnostic::Diagnostic::info(
        crate::diagnostic::Kind::Unanalyzable,
        crate::codes::MODELS_SEARCHED,
        message,
    )
    .with_note(note);
    match at {
        Some(span) => d.at(span),
        None => d,
    }
}

/// Paths shown relative to the project root, for a note.
pub fn describe(paths: &[PathBuf], root: &Path, limit: usize) -> String {
    let mut names: Vec<String> = paths
        .iter()
        .take(limit)
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    if paths.len() > limit {
        names.push(format!("and {} more", paths.len() - limit));
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn an_import_of_the_base_module_is_seen_in_every_spelling() {
        let root = PathBuf::from("/p");
        let path = vec![root.clone()];
        let file = root.join("app/models/users.py");
        let sees = |text: &str| {
            super::imports_module_named(&file, text, "app.models.base", &super::OwnName::new(&path))
        };
        assert!(sees("from app.models.base import Base\n"));
        assert!(sees("from app.models import base, other\n"));
        assert!(sees("from .base import Base\n"));
        assert!(sees("from . import base\n"));
        assert!(!sees("from app.models import basement\n"));
        assert!(!sees("import sqlalchemy\n"));
        // From a package below, climbing up (`from ..base import Base`, `from .. import base`).
        let below = root.join("app/models/people/users.py");
        let sees_below = |text: &str| {
            super::imports_module_named(
                &below,
                text,
                "app.models.base:Base",
                &super::OwnName::new(&path),
            )
        };
        assert!(sees_below("from ..base import Base\n"));
        assert!(sees_below("from .. import base\n"));
        assert!(!sees_below("from .base import Base\n"));
        assert!(!sees_below("from ...base import Base\n"));
        // A relative import from another package is another module.
        let elsewhere = root.join("app/views/users.py");
        assert!(!super::imports_module_named(
            &elsewhere,
            "from .base import Base\n",
            "app.models.base",
            &super::OwnName::new(&path)
        ));
    }
}
