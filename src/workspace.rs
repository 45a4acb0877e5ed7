//! What every command starts from, built once: the Alembic project discovered in the checkout,
//! driftlock's configuration, the options `env.py` passes to `context.configure(...)`, and the
//! model files configured besides what `env.py` imports.

use std::path::{Path, PathBuf};

use crate::config::{self, Settings};
use crate::discover::{discover, DiscoverError, DiscoverOptions, Project};
use crate::env_py::{self, EnvOptions};

/// A checkout opened for analysis.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub project: Project,
    pub settings: Settings,
    /// `env.py`'s options (all off without an `env.py`).
    pub env: EnvOptions,
    /// Model files or packages to read besides what `env.py` imports: the configuration's
    /// `models`, then those given on the command line.
    pub models: Vec<PathBuf>,
}

/// Why a checkout cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Discover(#[from] DiscoverError),
    #[error("invalid configuration: {0}")]
    Config(#[from] config::ConfigError),
}

impl Workspace {
    /// Whether each revision runs in its own transaction: the setting, else env.py's
    /// `transaction_per_migration=`.
    pub fn transaction_per_migration(&self) -> bool {
        self.settings
            .transaction_per_migration
            .unwrap_or(self.env.transaction_per_migration)
    }

    /// Discovers the project at `path`, reads the configuration (`settings_file`, else
    /// `driftlock.toml` or `[tool.driftlock]`) and `env.py`'s options.
    pub fn open(
        path: &Path,
        discover_options: &DiscoverOptions,
        settings_file: Option<&Path>,
        extra_models: &[PathBuf],
    ) -> Result<Workspace, OpenError> {
        let mut project = discover(path, discover_options)?;
        let (settings, _) = config::load(&project.root, settings_file, &crate::rules::metas())?;
        project.max_file_bytes = settings.max_file_bytes;
        project.environment = settings.environment.clone();
        project.define = settings.define.clone();
        for (name, value) in &settings.alembic_options {
            project.main_options.insert(name.clone(), value.clone());
        }
        let entries = |names: &[String]| -> Vec<(String, Vec<String>)> {
            names
                .iter()
                .filter_map(|m| {
                    let (module, path) = m.split_once(':')?;
                    Some((
                        module.to_string(),
                        path.split('.').map(str::to_string).collect(),
                    ))
                })
                .collect()
        };
        project.metadata = entries(&settings.metadata);
        project.app_metadata = entries(&settings.app_metadata);
        for extra in &settings.python_path {
            let dir = project.root.join(extra);
            if crate::fs::is_dir(&dir) && !project.python_path.contains(&dir) {
                project.python_path.push(dir);
            }
        }
        if !settings.version_locations.is_empty() {
            replace_version_locations(&mut project, &settings.version_locations);
        }
        // Alembic's defaults are those of the version installed beside the project.
        let mut installed = crate::load::installed_distributions(&project.python_path);
        let env = env_py::read_options(
            &project.script_location,
            project.max_file_bytes,
            &project.python_path,
        )
        .with_alembic_default(installed.remove("alembic").as_deref())
        .with_sqlalchemy(installed.remove("sqlalchemy").as_deref());
        let env = if env.version_table_unread {
            evaluated_version_table(&project, env)
        } else {
            env
        };
        let mut models: Vec<PathBuf> = settings
            .models
            .iter()
            .map(|m| project.root.join(m))
            .collect();
        models.extend(extra_models.iter().cloned());
        Ok(Workspace {
            project,
            settings,
            env,
            models,
        })
    }
}

/// The configuration's `version-locations` instead of the Alembic configuration's: each a
/// path relative to the project root, or a package resource (`plugin:migrations`) found on the
/// project's Python path (installed packages included), as Alembic resolves one.
fn replace_version_locations(project: &mut Project, locations: &[String]) {
    let sys_path: Vec<String> = project
        .python_path
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    project
        .problems
        .retain(|p| p.code != crate::codes::MISSING_VERSION_LOCATION);
    project.version_locations = locations
        .iter()
        .map(|value| crate::discover::VersionLocation {
            path: crate::discover::resolve_version_location(value, &project.root, &sys_path),
            declared_at: None,
        })
        .collect();
    crate::discover::adopt_version_location_packages(project);
    for (value, location) in locations.iter().zip(&project.version_locations) {
        if !crate::fs::is_dir(&location.path) {
            project.problems.push(crate::discover::ConfigProblem {
                code: crate::codes::MISSING_VERSION_LOCATION,
                severity: crate::diagnostic::Severity::Error,
                message: format!(
                    "version location `{value}` (the `version-locations` setting) is not a \
                     folder: no revision of it is read"
                ),
                place: None,
            });
        }
    }
}

/// The version table env.py passes as something its text does not spell (an f-string of a
/// name the configuration's `define` gives, a value a helper builds): read by running env.py
/// in the interpreter, as the replay does before the first revision; what stays unknown
/// stays as the text reading left it.
fn evaluated_version_table(project: &Project, mut env: EnvOptions) -> EnvOptions {
    let mut sources = crate::source::SourceMap::default();
    let modules = crate::replay::module_table(project, &mut sources, &[], &[]);
    let mut schema = crate::schema::Schema::default();
    let mut probe = crate::alembic::Lowering::new(&mut schema, Default::default());
    let mut interp = crate::eval::interp::Interp::new(&mut probe, &modules.table);
    let _ = env_py::target_metadata(&mut interp, modules.env.as_deref());
    if env.version_table.is_none() {
        env.version_table = interp.configured_string("version_table");
    }
    if matches!(env.version_table_schema, Some(None)) {
        env.version_table_schema = Some(interp.configured_string("version_table_schema"));
    }
    interp.release_modules(&Default::default());
    env
}
