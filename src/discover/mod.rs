//! Finding the Alembic setup of a checkout the way Alembic finds it: `alembic.ini`,
//! `[tool.alembic]` in `pyproject.toml`, the Flask-Migrate layout, or a script directory given
//! directly; then the revision files inside its version locations.
//!
//! Discovery reads only configuration files and directory listings; it never runs Python.

mod ini;
mod pyproject;

use crate::codes;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub use ini::{Ini, IniError, IniValue};

/// Where the settings of a project came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `alembic.ini` with a `script_location`.
    AlembicIni(PathBuf),
    /// `[tool.alembic]` in `pyproject.toml`.
    Pyproject(PathBuf),
    /// Flask-Migrate: `migrations/` holding `alembic.ini` (without `script_location`) and
    /// `env.py`.
    FlaskMigrate(PathBuf),
    /// The path given is the script directory itself (`env.py` and `versions/`).
    ScriptDirectory,
    /// `--migrations DIR`.
    Override,
}

impl Layout {
    /// The configuration file, when there is one.
    pub fn config_file(&self) -> Option<&Path> {
        match self {
            Layout::AlembicIni(p) | Layout::Pyproject(p) | Layout::FlaskMigrate(p) => Some(p),
            Layout::ScriptDirectory | Layout::Override => None,
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Layout::AlembicIni(_) => "alembic.ini",
            Layout::Pyproject(_) => "pyproject.toml [tool.alembic]",
            Layout::FlaskMigrate(_) => "Flask-Migrate",
            Layout::ScriptDirectory => "script directory",
            Layout::Override => "--migrations",
        }
    }
}

/// A place in a configuration file (1-based line), for problems that belong to a setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigPlace {
    pub file: PathBuf,
    pub line: usize,
}

/// A directory Alembic loads revision files from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionLocation {
    pub path: PathBuf,
    /// Where the setting that named it stands, if it was configured explicitly.
    pub declared_at: Option<ConfigPlace>,
}

/// A problem in the configuration that does not stop the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub code: &'static str,
    pub severity: crate::diagnostic::Severity,
    pub message: String,
    pub place: Option<ConfigPlace>,
}

/// The names of the configuration's `define` read so far, shared by the clones of a project.
pub type DefineReads = std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>;

/// The Alembic project found in a checkout.
#[derive(Clone, Debug)]
pub struct Project {
    /// The directory the analysis is about; reported paths are relative to it.
    pub root: PathBuf,
    pub layout: Layout,
    /// The environment directory (`env.py`, `script.py.mako`, `versions/`).
    pub script_location: PathBuf,
    pub version_locations: Vec<VersionLocation>,
    /// `recursive_version_locations`: walk sub-directories of each version location.
    pub recursive: bool,
    /// Where Python would look for the project's modules (helpers imported by revisions, the
    /// models of `env.py`): `prepend_sys_path`, the root, its `src/`, and the folder holding
    /// the outermost package around the script location. Existing directories only.
    pub python_path: Vec<PathBuf>,
    /// Directories whose Python modules belong to the project (the root, and the outermost
    /// package around the script location): only these are followed by imports; everything
    /// else (SQLAlchemy, other installed packages) stays an external name.
    pub source_dirs: Vec<PathBuf>,
    pub problems: Vec<ConfigProblem>,
    /// Files larger than this are reported and not read (`max-file-bytes`).
    pub max_file_bytes: u64,
    /// The metadata the configuration names as the models (`metadata`): (module, dotted path
    /// in it). Empty: what `env.py` passes as `target_metadata`.
    pub metadata: Vec<(String, Vec<String>)>,
    /// The metadata the application creates its tables from, when the configuration names
    /// them apart from the models (`app-metadata`), in `metadata`'s form. Empty: the models.
    pub app_metadata: Vec<(String, Vec<String>)>,
    /// The options of the ini section Alembic reads (`%(here)s` expanded): what env.py's
    /// `config.get_main_option(name)` answers.
    pub main_options: BTreeMap<String, String>,
    /// The environment variables the analysed code reads, as the configuration's
    /// `environment` sets them (every other one is unset).
    pub environment: BTreeMap<String, String>,
    /// The values the configuration's `define` gives names the code reads.
    pub define: BTreeMap<String, crate::config::Constant>,
    /// The names of `define` some interpreter of this run read (every stage, every thread):
    /// one never read is a misspelt name, or code driftlock does not reach.
    pub define_read: DefineReads,
    /// The name of that section (`config.config_ini_section`).
    pub main_section: String,
    /// A revision file not on disk (yet): `revision --autogenerate`'s, replayed with the
    /// history before it is written (or instead, with `--dry-run`).
    pub pending: Option<PendingFile>,
}

impl Project {
    /// Where Alembic looks for `env.py`: in the script location.
    pub fn env_py(&self) -> PathBuf {
        self.script_location.join("env.py")
    }

    /// Whether the setup has an `env.py` (a framework that runs Alembic configured in code,
    /// as Flask-Alembic does, has none).
    pub fn has_env_py(&self) -> bool {
        crate::fs::is_file(&self.env_py())
    }
}

/// A file the analysis reads from memory instead of the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingFile {
    pub path: PathBuf,
    pub text: String,
}

/// What the caller may override.
#[derive(Clone, Debug, Default)]
pub struct DiscoverOptions {
    /// `--migrations DIR`: the script directory (or a versions directory) to use.
    pub migrations: Option<PathBuf>,
    /// `--config FILE`: the `alembic.ini` to read.
    pub config: Option<PathBuf>,
    /// `--name NAME`: the ini section to read (Alembic's `-n`), `alembic` by default.
    pub section: Option<String>,
}

/// Why no project could be found: fatal, exit code 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscoverError {
    pub message: String,
    pub place: Option<ConfigPlace>,
    pub help: Option<String>,
}

impl fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(place) = &self.place {
            write!(f, "\n  --> {}:{}", place.file.display(), place.line)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DiscoverError {}

fn fail(message: impl Into<String>) -> DiscoverError {
    DiscoverError {
        message: message.into(),
        place: None,
        help: None,
    }
}

/// The settings Alembic reads, from whichever file held them.
#[derive(Debug, Default)]
struct Settings {
    main_options: BTreeMap<String, String>,
    main_section: String,
    script_location: Option<(String, ConfigPlace)>,
    version_locations: Option<(Vec<String>, ConfigPlace)>,
    recursive: bool,
    prepend_sys_path: Vec<String>,
}

/// Finds the Alembic project for `path` (a directory, an `alembic.ini`, or a `pyproject.toml`).
pub fn discover(path: &Path, options: &DiscoverOptions) -> Result<Project, DiscoverError> {
    let mut project = find(path, options)?;
    let mut python_path = std::mem::take(&mut project.python_path);
    python_path.push(project.root.clone());
    python_path.push(project.root.join("src"));
    // The folder that holds the outermost package around the script location (so that a
    // script directory inside an installed package imports its siblings).
    let mut package = project.script_location.clone();
    while package
        .parent()
        .is_some_and(|p| crate::fs::is_file(&p.join("__init__.py")))
    {
        package = package.parent().expect("checked").to_path_buf();
    }
    // A package that is a portion of a namespace package inside a regular one
    // (`airflow/providers/` without `__init__.py`, in `airflow/`) is imported by its full
    // name (`airflow.providers.fab`): the folder above the enclosing regular package comes
    // first, so that one file has the name the code imports it by.
    if let Some(enclosing) = enclosing_package(&package) {
        if let Some(parent) = enclosing.parent() {
            python_path.push(parent.to_path_buf());
        }
    }
    if let Some(parent) = package.parent() {
        python_path.push(parent.to_path_buf());
    }
    // A script location inside an installed package whose top folder is a namespace package
    // (no `__init__.py`: `meltano/migrations/`) is imported by its installed name: the
    // `site-packages` folder around it is on the path.
    if let Some(site) = project.script_location.ancestors().find(|a| {
        a.file_name()
            .is_some_and(|n| n == "site-packages" || n == "dist-packages")
    }) {
        python_path.push(site.to_path_buf());
    }
    // A script location installed into a virtualenv as data files, outside its site-packages
    // (`venv/lib/app/migrations`, beside the package installed in the same venv): that venv's
    // packages are the ones its env.py and revisions import.
    if let Some(venv) = project
        .script_location
        .ancestors()
        .find(|a| crate::fs::is_file(&a.join("pyvenv.cfg")))
    {
        python_path.extend(site_packages(venv));
    }
    // The virtualenv driftlock runs in (`VIRTUAL_ENV`, as `activate` and CI set it): the
    // installed packages whose types and helpers the revisions import are read there, after
    // the project's own modules (`python-path` names other folders).
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        python_path.extend(site_packages(Path::new(&venv)));
    }
    project.source_dirs = vec![project.root.clone()];
    if crate::fs::is_file(&package.join("__init__.py")) && !package.starts_with(&project.root) {
        project.source_dirs.push(package.clone());
    }
    let mut seen = BTreeSet::new();
    python_path.retain(|p| crate::fs::is_dir(p) && seen.insert(p.clone()));
    project.python_path = python_path;
    adopt_version_location_packages(&mut project);
    Ok(project)
}

/// The packages that hold the version locations belong to the project too (revisions kept in
/// each plugin's package, `plugin:migrations`): their modules are the project's, searched for
/// models, and each is importable by its name.
pub(crate) fn adopt_version_location_packages(project: &mut Project) {
    for location in &project.version_locations {
        let mut package = location.path.clone();
        while let Some(parent) = package
            .parent()
            .filter(|p| crate::fs::is_file(&p.join("__init__.py")))
        {
            package = parent.to_path_buf();
        }
        // A folder in a namespace portion of a regular package (`plugin/config/migrations`,
        // `config/` without `__init__.py`): that package is the plugin's.
        if package == location.path {
            if let Some(outer) = enclosing_package(&package) {
                package = outer;
            }
        }
        if package == location.path
            || package.starts_with(&project.root)
            || project.source_dirs.contains(&package)
        {
            continue;
        }
        project.source_dirs.push(package.clone());
        if let Some(parent) = package.parent() {
            if !project.python_path.iter().any(|p| p == parent) {
                project.python_path.push(parent.to_path_buf());
            }
        }
    }
}

/// The outermost regular package around `package` through namespace folders (folders without
/// `__init__.py` whose parent is a regular package), when there is one beyond `package`.
fn enclosing_package(package: &Path) -> Option<PathBuf> {
    let mut current = package.to_path_buf();
    let mut found = None;
    loop {
        let parent = current.parent()?;
        if crate::fs::is_file(&parent.join("__init__.py")) {
            current = parent.to_path_buf();
            if found.is_some() {
                found = Some(current.clone());
            }
            continue;
        }
        // `parent` is a namespace folder only inside a regular package.
        let grandparent = parent.parent()?;
        if !crate::fs::is_file(&grandparent.join("__init__.py")) {
            return found;
        }
        current = grandparent.to_path_buf();
        found = Some(current.clone());
    }
}

/// The `site-packages` folders of a virtualenv: `lib/pythonX.Y/site-packages` (POSIX) or
/// `Lib/site-packages` (Windows), sorted.
fn site_packages(venv: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = crate::fs::read_dir(&venv.join("lib")) {
        for entry in entries {
            if entry.name.starts_with("python") {
                found.push(entry.path.join("site-packages"));
            }
        }
    }
    found.push(venv.join("Lib").join("site-packages"));
    found.retain(|p| crate::fs::is_dir(p));
    found.sort();
    found
}

fn find(path: &Path, options: &DiscoverOptions) -> Result<Project, DiscoverError> {
    let path = absolute(path)?;
    let (root, explicit_file) = if crate::fs::is_file(&path) {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (dir, Some(path.clone()))
    } else if crate::fs::is_dir(&path) {
        (path.clone(), None)
    } else {
        return Err(fail(format!("{} does not exist", path.display())));
    };
    let explicit_file = match (&options.config, explicit_file) {
        (Some(config), _) => Some(absolute(config)?),
        (None, file) => file,
    };
    let section = options.section.as_deref().unwrap_or("alembic");

    if let Some(dir) = &options.migrations {
        return from_override(root, &absolute(dir)?);
    }
    if let Some(file) = explicit_file {
        if !crate::fs::is_file(&file) {
            return Err(fail(format!("{} does not exist", file.display())));
        }
        let is_toml = file.extension().is_some_and(|e| e == "toml");
        return if is_toml {
            from_pyproject(root, &file)?.ok_or_else(|| {
                fail(format!(
                    "{} has no [tool.alembic] table with a script_location",
                    file.display()
                ))
            })
        } else {
            from_ini(root, &file, section, None)
        };
    }

    let ini = root.join("alembic.ini");
    let toml = root.join("pyproject.toml");
    if crate::fs::is_file(&ini) {
        return from_ini(
            root,
            &ini,
            section,
            crate::fs::is_file(&toml).then_some(toml.as_path()),
        );
    }
    if crate::fs::is_file(&toml) {
        if let Some(project) = from_pyproject(root.clone(), &toml)? {
            return Ok(project);
        }
    }
    let flask = root.join("migrations");
    if crate::fs::is_file(&flask.join("env.py")) {
        let flask_ini = flask.join("alembic.ini");
        if crate::fs::is_file(&flask_ini) {
            return from_ini(root, &flask_ini, section, None);
        }
        return Ok(script_directory(root, flask, Layout::ScriptDirectory));
    }
    if is_script_directory(&root) {
        let dir = root.clone();
        return Ok(script_directory(root, dir, Layout::ScriptDirectory));
    }
    // A script directory whose revisions live elsewhere (an application's env.py for its
    // plugins' histories, `version_locations` set at run time): env.py and its template
    // without `versions/`. Its default version location is missing, an error unless the
    // configuration's `version-locations` names where the revisions are.
    if crate::fs::is_file(&root.join("env.py")) && crate::fs::is_file(&root.join("script.py.mako"))
    {
        let dir = root.clone();
        let mut project = script_directory(root, dir, Layout::ScriptDirectory);
        let versions = project.script_location.join("versions");
        project
            .problems
            .push(missing_version_location(&project.root, &versions, None));
        return Ok(project);
    }
    from_nested_script_directory(root)
}

/// The real absolute path (symlinks resolved, so that relative settings resolve the way
/// Alembic's working directory would), or the lexical one for a path that does not exist.
fn absolute(path: &Path) -> Result<PathBuf, DiscoverError> {
    crate::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .map_err(|e| fail(format!("{}: {e}", path.display())))
}

/// The only folder directly in `dir` that is a script directory (`env.py` and `versions/`).
fn single_script_directory_in(dir: &Path) -> Option<PathBuf> {
    let mut found = crate::fs::read_dir(dir)
        .ok()?
        .into_iter()
        .filter(|e| e.is_dir && is_script_directory(&e.path))
        .map(|e| e.path);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The error for a version location that is not a folder (`place`: where it is named).
fn missing_version_location(root: &Path, path: &Path, place: Option<ConfigPlace>) -> ConfigProblem {
    ConfigProblem {
        code: codes::MISSING_VERSION_LOCATION,
        severity: crate::diagnostic::Severity::Error,
        message: format!(
            "version location {} does not exist: Alembic fails to load the history",
            crate::source::display_path(root, path)
        ),
        place,
    }
}

fn is_script_directory(dir: &Path) -> bool {
    crate::fs::is_file(&dir.join("env.py")) && crate::fs::is_dir(&dir.join("versions"))
}

fn script_directory(root: PathBuf, dir: PathBuf, layout: Layout) -> Project {
    let versions = dir.join("versions");
    Project {
        root,
        layout,
        version_locations: vec![VersionLocation {
            path: versions,
            declared_at: None,
        }],
        script_location: dir,
        recursive: false,
        python_path: Vec::new(),
        source_dirs: Vec::new(),
        problems: Vec::new(),
        max_file_bytes: crate::fs::DEFAULT_MAX_FILE_BYTES,
        metadata: Vec::new(),
        app_metadata: Vec::new(),
        main_options: BTreeMap::new(),
        environment: BTreeMap::new(),
        define: BTreeMap::new(),
        define_read: DefineReads::default(),
        main_section: "alembic".into(),
        pending: None,
    }
}

/// `--migrations DIR`: a script directory, or a directory of revision files.
fn from_override(root: PathBuf, dir: &Path) -> Result<Project, DiscoverError> {
    if !crate::fs::is_dir(dir) {
        return Err(fail(format!(
            "--migrations {}: no such directory",
            dir.display()
        )));
    }
    if crate::fs::is_dir(&dir.join("versions")) {
        return Ok(script_directory(root, dir.to_path_buf(), Layout::Override));
    }
    Ok(Project {
        root,
        layout: Layout::Override,
        script_location: dir.to_path_buf(),
        version_locations: vec![VersionLocation {
            path: dir.to_path_buf(),
            declared_at: None,
        }],
        recursive: false,
        python_path: Vec::new(),
        source_dirs: Vec::new(),
        problems: Vec::new(),
        max_file_bytes: crate::fs::DEFAULT_MAX_FILE_BYTES,
        metadata: Vec::new(),
        app_metadata: Vec::new(),
        main_options: BTreeMap::new(),
        environment: BTreeMap::new(),
        define: BTreeMap::new(),
        define_read: DefineReads::default(),
        main_section: "alembic".into(),
        pending: None,
    })
}

/// Last resort: exactly one sub-directory (one or two levels down) that is a script directory.
fn from_nested_script_directory(root: PathBuf) -> Result<Project, DiscoverError> {
    let mut found = BTreeSet::new();
    for child in sorted_subdirs(&root) {
        if is_script_directory(&child) {
            found.insert(child.clone());
        }
        for grandchild in sorted_subdirs(&child) {
            if is_script_directory(&grandchild) {
                found.insert(grandchild);
            }
        }
    }
    match found.len() {
        1 => {
            let dir = found.into_iter().next().expect("one element");
            Ok(script_directory(root, dir, Layout::ScriptDirectory))
        }
        0 => Err(DiscoverError {
            message: format!(
                "no Alembic project found in {}: looked for alembic.ini with a script_location, \
                 pyproject.toml with [tool.alembic], migrations/ with env.py (Flask-Migrate), \
                 env.py with versions/ in the directory itself or one or two levels below",
                root.display()
            ),
            place: None,
            help: Some("point driftlock at the project root, or pass --migrations DIR".into()),
        }),
        _ => Err(DiscoverError {
            message: format!(
                "several Alembic script directories found in {}: {}",
                root.display(),
                found
                    .iter()
                    .map(|p| crate::source::display_path(&root, p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            place: None,
            help: Some("choose one with --migrations DIR".into()),
        }),
    }
}

fn sorted_subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = crate::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .into_iter()
        .filter(|e| e.is_dir)
        .filter(|e| {
            let n = &e.name;
            !(n.starts_with('.') || n == "node_modules" || n == "target" || n == "__pycache__")
        })
        .map(|e| e.path)
        .collect()
}

fn from_ini(
    root: PathBuf,
    file: &Path,
    section: &str,
    pyproject: Option<&Path>,
) -> Result<Project, DiscoverError> {
    let text = crate::fs::read_utf8(file, crate::fs::DEFAULT_MAX_FILE_BYTES)
        .map_err(|e| fail(format!("cannot read {}: {e}", file.display())))?;
    let ini = Ini::parse(&text).map_err(|e| DiscoverError {
        message: format!("{} is not a valid INI file: {}", file.display(), e.message),
        place: Some(ConfigPlace {
            file: file.to_path_buf(),
            line: e.line,
        }),
        help: None,
    })?;
    let here = file.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut settings = ini_settings(&ini, section, file, &here)?;
    // Alembic 1.16+ also reads [tool.alembic]; keys in the ini win.
    if let Some(toml) = pyproject {
        if let Some(from_toml) = pyproject::settings(toml)? {
            settings.script_location = settings.script_location.or(from_toml.script_location);
            settings.version_locations = settings.version_locations.or(from_toml.version_locations);
            settings.recursive |= from_toml.recursive;
            if settings.prepend_sys_path.is_empty() {
                settings.prepend_sys_path = from_toml.prepend_sys_path;
            }
        }
    }
    let layout = if settings.script_location.is_none() && crate::fs::is_file(&here.join("env.py")) {
        // Flask-Migrate's ini has no script_location: the directory holding it is the one.
        Layout::FlaskMigrate(file.to_path_buf())
    } else {
        Layout::AlembicIni(file.to_path_buf())
    };
    if !ini.has_section(section) && layout != Layout::FlaskMigrate(file.to_path_buf()) {
        return Err(DiscoverError {
            message: format!("{} has no [{section}] section", file.display()),
            place: None,
            help: None,
        });
    }
    finish(root, layout, settings, &here)
}

fn ini_settings(
    ini: &Ini,
    section: &str,
    file: &Path,
    here: &Path,
) -> Result<Settings, DiscoverError> {
    let vars = BTreeMap::from([("here".to_string(), here.to_string_lossy().into_owned())]);
    let place = |line| ConfigPlace {
        file: file.to_path_buf(),
        line,
    };
    let get = |key: &str| -> Result<Option<IniValue>, DiscoverError> {
        ini.get(section, key, &vars)
            .transpose()
            .map_err(|e| DiscoverError {
                message: format!("{}: {}: {}", file.display(), key, e.message),
                place: Some(place(e.line)),
                help: None,
            })
    };
    let mut settings = Settings {
        main_section: section.to_string(),
        ..Settings::default()
    };
    // Every option, for env.py's `config.get_main_option(...)` (one that does not expand is
    // left out: Alembic would fail on it too).
    for key in ini.keys(section) {
        if let Some(Ok(v)) = ini.get(section, &key, &vars) {
            settings.main_options.insert(key, v.raw);
        }
    }
    if let Some(v) = get("script_location")? {
        settings.script_location = Some((v.raw, place(v.line)));
    }
    if let Some(v) = get("version_locations")? {
        let separator = match get("path_separator")? {
            Some(sep) => Some(sep),
            None => get("version_path_separator")?,
        };
        let parts = split_locations(&v.raw, separator.as_ref().map(|s| s.raw.as_str())).map_err(
            |message| DiscoverError {
                message: format!("{}: {message}", file.display()),
                place: separator.as_ref().map(|s| place(s.line)),
                help: Some(
                    "use one of: os, :, ;, space, newline (Alembic's path_separator values)".into(),
                ),
            },
        )?;
        settings.version_locations = Some((parts, place(v.line)));
    }
    if let Some(v) = get("recursive_version_locations")? {
        settings.recursive = v.raw == "true";
    }
    if let Some(v) = get("prepend_sys_path")? {
        settings.prepend_sys_path = v
            .raw
            .split([' ', ',', ':', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| resolve(here, s).to_string_lossy().into_owned())
            .collect();
    }
    Ok(settings)
}

/// Splits `version_locations` the way Alembic does for the given separator setting.
fn split_locations(value: &str, separator: Option<&str>) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = match separator {
        None => value.split([' ', ',', '\n']).collect(),
        Some("os") | Some(":") => value.split([':', '\n']).collect(),
        Some(";") => value.split([';', '\n']).collect(),
        Some("space") => value.split([' ', '\n']).collect(),
        Some("newline") => value.split('\n').collect(),
        Some(other) => return Err(format!("unknown path separator `{other}`")),
    };
    Ok(parts
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect())
}

fn from_pyproject(root: PathBuf, file: &Path) -> Result<Option<Project>, DiscoverError> {
    let Some(settings) = pyproject::settings(file)? else {
        return Ok(None);
    };
    if settings.script_location.is_none() {
        return Ok(None);
    }
    let here = file.parent().unwrap_or(Path::new("")).to_path_buf();
    finish(root, Layout::Pyproject(file.to_path_buf()), settings, &here).map(Some)
}

/// Resolves the settings into directories and checks that they exist.
fn finish(
    root: PathBuf,
    layout: Layout,
    settings: Settings,
    here: &Path,
) -> Result<Project, DiscoverError> {
    let mut problems = Vec::new();
    let script_location = match (&layout, &settings.script_location) {
        (Layout::FlaskMigrate(_), None) => here.to_path_buf(),
        (_, None) => {
            return Err(DiscoverError {
                message: format!(
                    "{} sets no script_location",
                    layout.config_file().unwrap_or(here).display()
                ),
                place: None,
                help: Some("add `script_location = %(here)s/migrations` to [alembic]".into()),
            })
        }
        (_, Some((value, place))) => {
            match resolve_script_location(value, here, &settings.prepend_sys_path) {
                Some(dir) => dir,
                // The config names a path relative to a working directory driftlock cannot
                // know (as packaged projects do), but sits in a script directory itself.
                None if is_script_directory(here) => {
                    problems.push(ConfigProblem {
                        code: codes::UNRESOLVED_SCRIPT_LOCATION,
                        severity: crate::diagnostic::Severity::Info,
                        message: format!(
                            "script_location `{value}` does not resolve from here; using the \
                             directory of the config file, which holds env.py and versions/"
                        ),
                        place: Some(place.clone()),
                    });
                    here.to_path_buf()
                }
                // The application sets script_location in code (the shipped value is stale)
                // and the one script directory beside the config file is the history.
                None => match single_script_directory_in(here) {
                    Some(dir) => {
                        problems.push(ConfigProblem {
                            code: codes::UNRESOLVED_SCRIPT_LOCATION,
                            severity: crate::diagnostic::Severity::Warning,
                            message: format!(
                                "script_location `{value}` is not a directory (Alembic fails with \
                             this configuration); reading the one script directory beside the \
                             config file, {}/, as the application that sets script_location in \
                             code does",
                                dir.file_name()
                                    .map(|n| n.to_string_lossy().into_owned())
                                    .unwrap_or_default()
                            ),
                            place: Some(place.clone()),
                        });
                        dir
                    }
                    None => {
                        return Err(DiscoverError {
                            message: format!("script_location `{value}` is not a directory"),
                            place: Some(place.clone()),
                            help: Some("fix the path, or pass --migrations DIR".into()),
                        })
                    }
                },
            }
        }
    };
    let version_locations = match settings.version_locations {
        Some((paths, place)) => paths
            .iter()
            .map(|p| VersionLocation {
                path: resolve_version_location(p, here, &settings.prepend_sys_path),
                declared_at: Some(place.clone()),
            })
            .collect(),
        None => vec![VersionLocation {
            path: script_location.join("versions"),
            declared_at: None,
        }],
    };
    for location in &version_locations {
        if !crate::fs::is_dir(&location.path) {
            problems.push(missing_version_location(
                &root,
                &location.path,
                location.declared_at.clone(),
            ));
        }
    }
    let here_path = here.to_path_buf();
    Ok(Project {
        python_path: settings
            .prepend_sys_path
            .iter()
            .map(|p| resolve(&here_path, p))
            .collect(),
        root,
        layout,
        script_location,
        version_locations,
        recursive: settings.recursive,
        source_dirs: Vec::new(),
        problems,
        max_file_bytes: crate::fs::DEFAULT_MAX_FILE_BYTES,
        metadata: Vec::new(),
        app_metadata: Vec::new(),
        main_options: settings.main_options,
        environment: BTreeMap::new(),
        define: BTreeMap::new(),
        define_read: DefineReads::default(),
        main_section: if settings.main_section.is_empty() {
            "alembic".into()
        } else {
            settings.main_section
        },
        pending: None,
    })
}

/// A version location: a path relative to `here`, or a package resource
/// (`fief:alembic/main_versions`) found on `sys_path` as script_location's is (Alembic
/// coerces both the same way).
pub(crate) fn resolve_version_location(value: &str, here: &Path, sys_path: &[String]) -> PathBuf {
    match value.split_once(':') {
        Some((package, _)) if is_package_name(package) => {
            resolve_script_location(value, here, sys_path).unwrap_or_else(|| resolve(here, value))
        }
        _ => resolve(here, value),
    }
}

fn resolve(here: &Path, value: &str) -> PathBuf {
    let path = Path::new(value);
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&here.join(path))
    }
}

/// Lexically removes `.` and `..` so reported paths stay readable.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `s` is a dotted Python package name (`fief`, `app.db`), not a drive letter or a
/// path.
fn is_package_name(s: &str) -> bool {
    s.len() > 1
        && s.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// A `script_location` as Alembic resolves it: a path relative to the working directory (which
/// driftlock takes to be the config file's directory or one of its ancestors), or a package
/// resource `package.sub:dir` looked up on the Python path, where every further colon is a
/// path separator (`pkg:server:db:migrations` is `pkg/server/db/migrations`).
fn resolve_script_location(value: &str, here: &Path, sys_path: &[String]) -> Option<PathBuf> {
    let value = value.trim();
    let as_path = Path::new(value);
    if !as_path.is_absolute() {
        if let Some((package, resource)) = value.split_once(':') {
            let package_dir = package.replace('.', "/");
            let resource = resource.replace(':', "/");
            let mut roots: Vec<PathBuf> = sys_path.iter().map(PathBuf::from).collect();
            roots.extend(here.ancestors().map(Path::to_path_buf));
            roots.push(here.join("src"));
            return roots
                .iter()
                .map(|r| normalize(&r.join(&package_dir).join(&resource)))
                .find(|p| crate::fs::is_dir(p));
        }
        // Relative to the working directory Alembic runs in: the config file's directory or
        // one of its ancestors (through symlinks too, as installed packages are reached).
        let real = crate::fs::canonicalize(here).unwrap_or_else(|_| here.to_path_buf());
        return here
            .ancestors()
            .chain(real.ancestors())
            .map(|dir| normalize(&dir.join(as_path)))
            .find(|p| crate::fs::is_dir(p));
    }
    let path = normalize(as_path);
    crate::fs::is_dir(&path).then_some(path)
}

/// One revision file to load.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RevisionFile {
    pub path: PathBuf,
}

/// Lists the revision files the way Alembic selects them: every `*.py` not starting with
/// `__init__` or `.#`, top level only unless recursive (skipping `__pycache__`), each real
/// path once. Sorted, so that every later stage sees the same order.
pub fn revision_files(project: &Project) -> Vec<RevisionFile> {
    list_revision_files(project).files
}

/// The revision files, and what kept some from being listed.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub files: Vec<RevisionFile>,
    /// Python files in folders under the version locations that the configuration does not
    /// read (empty when `recursive_version_locations` is set).
    pub beneath: Vec<RevisionFile>,
    /// A version location that cannot be listed (not a directory, no permission); a symlink
    /// that leads back into a folder already walked.
    pub problems: Vec<ConfigProblem>,
}

/// Like [`revision_files`], with the problems met on the way. Each directory is walked once
/// (by device and inode), so a symlink loop under `recursive_version_locations` ends.
/// The key that sorts the files under a version location as `os.walk` visits them top down
/// with sorted names: at the first place two paths differ, a file comes before a folder.
fn walk_order(relative: &Path) -> Vec<(bool, std::ffi::OsString)> {
    let parts: Vec<&std::ffi::OsStr> = relative.iter().collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| (i + 1 < parts.len(), part.to_os_string()))
        .collect()
}

pub fn list_revision_files(project: &Project) -> Listing {
    let mut seen = BTreeSet::new();
    let mut listing = Listing::default();
    let mut walked = BTreeSet::new();
    for location in &project.version_locations {
        // Real paths are compared so that overlapping locations load a file once; resolving
        // the directory (not each file) keeps this cheap on large histories.
        let real_dir =
            crate::fs::canonicalize(&location.path).unwrap_or_else(|_| location.path.clone());
        let mut found = Vec::new();
        let mut walk = Walk {
            recursive: project.recursive,
            walked: &mut walked,
            root: &project.root,
            problems: &mut listing.problems,
            place: location.declared_at.clone(),
        };
        if crate::fs::exists(&location.path) {
            walk.collect(&location.path, &mut found, true);
        }
        // Alembic's load order, which its upgrade order follows between independent branches:
        // a folder's files by name, then its sub-folders by name (os.walk, top down).
        found.sort_by_cached_key(|path| {
            walk_order(path.strip_prefix(&location.path).unwrap_or(path))
        });
        for path in found {
            let relative = path.strip_prefix(&location.path).unwrap_or(&path);
            if seen.insert(real_dir.join(relative)) {
                listing.files.push(RevisionFile { path });
            }
        }
    }
    if !project.recursive {
        // Python files in folders under the version locations: Alembic does not read them,
        // yet an application may (version_locations set in code, one folder per release or
        // dialect). `history::beneath` decides which continue this history.
        let mut deeper = Vec::new();
        let mut walked = BTreeSet::new();
        for location in &project.version_locations {
            let mut walk = Walk {
                recursive: true,
                walked: &mut walked,
                root: &project.root,
                problems: &mut Vec::new(),
                place: None,
            };
            if crate::fs::is_dir(&location.path) {
                walk.collect(&location.path, &mut deeper, true);
            }
        }
        deeper.sort();
        let listed: BTreeSet<&PathBuf> = listing.files.iter().map(|f| &f.path).collect();
        listing.beneath = deeper
            .into_iter()
            .filter(|p| !listed.contains(p))
            .map(|path| RevisionFile { path })
            .collect();
    }
    listing
}

/// One walk of the version locations.
struct Walk<'a> {
    recursive: bool,
    /// Directories walked, by device and inode.
    walked: &'a mut BTreeSet<(u64, u64)>,
    root: &'a Path,
    problems: &'a mut Vec<ConfigProblem>,
    place: Option<ConfigPlace>,
}

impl Walk<'_> {
    fn collect(&mut self, dir: &Path, out: &mut Vec<PathBuf>, top: bool) {
        if let Some(id) = crate::fs::dir_identity(dir) {
            if !self.walked.insert(id) {
                if !top {
                    self.problems.push(ConfigProblem {
                        code: codes::SYMLINK_LOOP,
                        severity: crate::diagnostic::Severity::Warning,
                        message: format!(
                            "{} leads back into a folder already read; it is read once",
                            crate::source::display_path(self.root, dir)
                        ),
                        place: None,
                    });
                }
                return;
            }
        }
        let entries = match crate::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problems.push(ConfigProblem {
                    code: codes::UNREADABLE_VERSION_LOCATION,
                    severity: crate::diagnostic::Severity::Error,
                    message: format!(
                        "cannot list the revision files in {}: {e}",
                        crate::source::display_path(self.root, dir)
                    ),
                    place: self.place.clone(),
                });
                return;
            }
        };
        for entry in entries {
            let crate::fs::DirEntry { path, name, is_dir } = entry;
            let revision_name =
                name.ends_with(".py") && !name.starts_with("__init__") && !name.starts_with(".#");
            if is_dir && self.recursive {
                if name != "__pycache__" {
                    self.collect(&path, out, false);
                }
            } else if revision_name {
                // A directory, FIFO or dangling link named like a revision is listed too: the
                // loader says what it is instead of skipping it in silence.
                out.push(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_version_locations_like_alembic() {
        assert_eq!(
            split_locations("a b,c, d", None).unwrap(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(split_locations("a:b", Some("os")).unwrap(), ["a", "b"]);
        assert_eq!(split_locations("a b;c", Some(";")).unwrap(), ["a b", "c"]);
        assert_eq!(
            split_locations("\na b\nc", Some("newline")).unwrap(),
            ["a b", "c"]
        );
        assert!(split_locations("a", Some("|")).is_err());
    }

    #[test]
    fn a_version_location_may_be_a_package_resource() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("site/app");
        std::fs::create_dir_all(pkg.join("alembic/main_versions")).unwrap();
        std::fs::write(
            pkg.join("alembic.ini"),
            "[alembic]\nscript_location = app:alembic\nversion_locations = app:alembic/main_versions\n",
        )
        .unwrap();
        std::fs::write(pkg.join("alembic/env.py"), "").unwrap();
        let found = discover(&pkg.join("alembic.ini"), &DiscoverOptions::default()).unwrap();
        assert_eq!(found.version_locations.len(), 1);
        assert_eq!(
            found.version_locations[0].path,
            dir.path().join("site/app/alembic/main_versions")
        );
        assert!(found.problems.is_empty(), "{:?}", found.problems);
    }

    #[test]
    fn a_package_resource_takes_every_further_colon_as_a_separator() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("app/server/database/_migrations");
        std::fs::create_dir_all(&target).unwrap();
        let sys_path = [dir.path().to_string_lossy().into_owned()];
        let found =
            resolve_script_location("app:server:database:_migrations", dir.path(), &sys_path);
        assert_eq!(found, Some(normalize(&target)));
        let found =
            resolve_script_location("app.server:database/_migrations", dir.path(), &sys_path);
        assert_eq!(found, Some(normalize(&target)));
    }

    #[test]
    fn normalizes_paths_lexically() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
