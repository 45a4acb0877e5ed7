//! What a team tells driftlock about itself: the PostgreSQL version it runs, which rules it
//! wants and how loud, per-file exceptions, and transaction facts the code cannot show.
//! Read from `[tool.driftlock]` in `pyproject.toml` or from `driftlock.toml` (top-level keys);
//! an unknown key is an error naming its line, so a typo never silently disables a rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::codes::Level;
use crate::codes::RuleMeta;

/// A PostgreSQL server version: several lock and rewrite facts changed across majors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PgVersion {
    pub major: u32,
    pub minor: u32,
}

impl PgVersion {
    /// The version assumed when none is configured: an old enough supported major that no
    /// advice depends on a newer server, stated in every report.
    pub const DEFAULT: PgVersion = PgVersion {
        major: 16,
        minor: 0,
    };

    pub fn parse(s: &str) -> Option<PgVersion> {
        let mut parts = s.trim().split('.');
        let major: u32 = parts.next()?.parse().ok()?;
        let minor: u32 = match parts.next() {
            Some(m) => m.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() || !(9..=30).contains(&major) {
            return None;
        }
        Some(PgVersion { major, minor })
    }

    pub fn at_least(self, major: u32) -> bool {
        self.major >= major
    }
}

impl std::fmt::Display for PgVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.minor == 0 {
            write!(f, "{}", self.major)
        } else {
            write!(f, "{}.{}", self.major, self.minor)
        }
    }
}

/// Everything configurable about the checks.
#[derive(Clone, Debug)]
pub struct Settings {
    pub pg_version: PgVersion,
    /// Where the version came from, for the report header (`default`, a file, `--pg-version`).
    pub pg_version_source: String,
    /// Rule names, codes or categories to run (empty: every rule at its default level).
    pub select: Vec<String>,
    /// Rule names, codes or categories not to run.
    pub ignore: Vec<String>,
    /// Level per rule name.
    pub severity: BTreeMap<String, Level>,
    /// Glob (relative to the project root) → rules ignored in matching files.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// `lock_timeout` is set outside the migrations (role default, connection options).
    pub assume_lock_timeout: bool,
    /// `autogenerate-safe`: `revision --autogenerate` writes as `--safe` does.
    pub autogenerate_safe: bool,
    /// Overrides what `env.py` says about `transaction_per_migration`.
    pub transaction_per_migration: Option<bool>,
    /// `models`: model files or packages (relative to the project root) to read besides what
    /// `env.py` imports.
    pub models: Vec<String>,
    /// `metadata`: the metadata the models are, as `"pkg.module:Base.metadata"` (a module,
    /// then a dotted path in it), one or a list; instead of what `env.py` passes as
    /// `target_metadata`.
    pub metadata: Vec<String>,
    /// `app-metadata`: the metadata the application creates its tables from (`create_all()`)
    /// when they are not the models env.py compares (a second metadata the application
    /// creates too, say): what `app-tables` replays, in `metadata`'s form. Empty: the models.
    pub app_metadata: Vec<String>,
    /// `python-path`: folders (relative to the project root) searched for modules after the
    /// project's own (a virtualenv's site-packages, for the constants and types the
    /// revisions import from installed packages).
    pub python_path: Vec<String>,
    /// `version-locations`: the folders of revision files, instead of those the Alembic
    /// configuration names (an application that composes them at run time, from plugins):
    /// paths relative to the project root, or `package:folder` found on the Python path.
    pub version_locations: Vec<String>,
    /// `[drift] ignore`: tables (`name`, `schema.name`) and columns (`table.column`) drift
    /// leaves out.
    pub drift_ignore: Vec<String>,
    /// `max-file-bytes`: files larger than this are reported and not read.
    pub max_file_bytes: u64,
    /// `app-tables`: what the application creates itself besides the history.
    pub app_tables: AppTables,
    /// `environment`: the environment variables the analysed code reads (`os.environ`,
    /// `os.getenv`), as the deployment sets them; every other one is read as unset.
    pub environment: BTreeMap<String, String>,
    /// `define`: values of names the analysed code reads that only the running application
    /// knows (a plugin framework's current plugin, a setting read from a deployment's file),
    /// by the dotted name the code imports them under; see [`Constant`].
    pub define: BTreeMap<String, Constant>,
    /// `alembic-options`: options the migrate command sets on Alembic's Config in code
    /// (`config.set_main_option(name, value)`), which env.py and the revisions read with
    /// `config.get_main_option(name)`; they join the ini section's.
    pub alembic_options: BTreeMap<String, String>,
    /// `runs-after`: projects (folders driftlock can discover, relative to the project root)
    /// whose histories run first on the same database (a host application's, before its
    /// plugin's); the replay starts from the database they leave.
    pub runs_after: Vec<EarlierHistory>,
    /// `baseline`: the revision a new database starts at (a checkpoint): the application's
    /// migrate command applies it alone, its `upgrade()` given Alembic's `op`, and stamps it,
    /// so the revisions before it never run on a new database; the replay starts there.
    pub baseline: Option<String>,
    /// `table-stats`: a `stats/1` file (relative to the project root) that `check` judges
    /// size-dependent findings against; `--table-stats` overrides it.
    pub table_stats: Option<String>,
    /// The thresholds and rates the table statistics are read with.
    pub sizes: SizeSettings,
}

/// A value `define` gives a name: what a static analyser's "define constant" setting gives
/// (a string, a number, a boolean, or a list of them).
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Constant>),
}

impl std::fmt::Display for Constant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Constant::Str(s) => write!(f, "{s:?}"),
            Constant::Int(i) => write!(f, "{i}"),
            Constant::Float(x) => write!(f, "{x:?}"),
            Constant::Bool(b) => write!(f, "{b}"),
            Constant::List(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{item}")?;
                }
                write!(f, "]")
            }
        }
    }
}

/// `define = { "pkg.module.NAME" = 3, "framework.current" = { name = "x" } }`: each dotted
/// name with its value; a table's keys continue the name of the key that holds it.
fn defines(
    prefix: &str,
    t: &toml::map::Map<String, toml::Value>,
    out: &mut BTreeMap<String, Constant>,
) -> Result<(), String> {
    for (key, value) in t {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        if name.split('.').any(|part| !is_identifier(part)) {
            return Err(format!(
                "`define`: `{name}` is not a dotted Python name (`package.module.NAME`)"
            ));
        }
        match value {
            toml::Value::Table(inner) => defines(&name, inner, out)?,
            other => {
                let constant = constant(other).ok_or_else(|| {
                    format!("`define`: the value of `{name}` must be a string, a number, a boolean or a list of them")
                })?;
                out.insert(name, constant);
            }
        }
    }
    Ok(())
}

fn constant(v: &toml::Value) -> Option<Constant> {
    Some(match v {
        toml::Value::String(s) => Constant::Str(s.clone()),
        toml::Value::Integer(i) => Constant::Int(*i),
        toml::Value::Float(x) => Constant::Float(*x),
        toml::Value::Boolean(b) => Constant::Bool(*b),
        toml::Value::Array(items) => {
            Constant::List(items.iter().map(constant).collect::<Option<Vec<_>>>()?)
        }
        _ => return None,
    })
}

/// The key of a setting's table that is wrong (`None`: the table itself), and why.
type KeyError<'v> = (Option<&'v str>, String);

/// A table of strings (`environment`, `alembic-options`): its pairs, or the key (`None`: the
/// table itself) and what is wrong with it.
fn string_table<'v>(
    v: &'v toml::Value,
    not_a_table: &str,
    what: &str,
) -> Result<Vec<(String, String)>, KeyError<'v>> {
    let toml::Value::Table(t) = v else {
        return Err((None, not_a_table.to_string()));
    };
    t.iter()
        .map(|(name, value)| match value.as_str() {
            Some(value) => Ok((name.clone(), value.to_string())),
            None => Err((
                Some(name.as_str()),
                format!("{what} `{name}`: its value must be a string"),
            )),
        })
        .collect()
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// One entry of `runs-after`: the project whose history runs first, and the settings file
/// it is replayed with (relative to this project's root) when its own folder has none that
/// says how its database is built (an installed host application's `app-tables`, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierHistory {
    pub path: String,
    pub settings: Option<String>,
}

/// `runs-after = ["../host", { path = "../host", settings = "host.toml" }]`.
fn earlier_histories(key: &str, v: &toml::Value) -> Result<Vec<EarlierHistory>, String> {
    let wrong = || {
        format!("`{key}` must be a list of paths or of {{ path = \"...\", settings = \"...\" }}")
    };
    let entry = |v: &toml::Value| -> Result<EarlierHistory, String> {
        match v {
            toml::Value::String(s) => Ok(EarlierHistory {
                path: s.clone(),
                settings: None,
            }),
            toml::Value::Table(t) => {
                if t.keys().any(|k| k != "path" && k != "settings") {
                    return Err(wrong());
                }
                let text = |name: &str| -> Result<Option<String>, String> {
                    match t.get(name) {
                        None => Ok(None),
                        Some(toml::Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                        Some(_) => Err(wrong()),
                    }
                };
                Ok(EarlierHistory {
                    path: text("path")?.ok_or_else(wrong)?,
                    settings: text("settings")?,
                })
            }
            _ => Err(wrong()),
        }
    };
    match v {
        toml::Value::Array(items) => items.iter().map(entry).collect(),
        one => Ok(vec![entry(one)?]),
    }
}

/// How `check --table-stats` reads a table's size (docs/table-stats.md justifies each
/// default; the rates were measured with `scripts/measure_rates.sh`).
#[derive(Clone, Debug, PartialEq)]
pub struct SizeSettings {
    /// `small-table-rows`: below this many rows (and `large-table-bytes`), a lock, rewrite or
    /// scan finding drops to `info`.
    pub small_table_rows: u64,
    /// `large-table-bytes`: from this total size on, a finding says the size and the
    /// estimated duration in its message.
    pub large_table_bytes: u64,
    /// `rewrite-rate`: MB/s (1 MB = 1,048,576 bytes) of heap and indexes a rewrite writes.
    pub rewrite_rate: f64,
    /// `scan-rate`: MB/s of heap a validating scan reads.
    pub scan_rate: f64,
    /// `index-build-rate`: MB/s of heap an index build reads and sorts.
    pub index_build_rate: f64,
    /// `stats-max-age`: days the statistics may be older than the newest revision's
    /// `Create Date` before they are reported stale.
    pub stats_max_age_days: u64,
}

impl Default for SizeSettings {
    fn default() -> Self {
        SizeSettings {
            small_table_rows: 10_000,
            large_table_bytes: 100 * 1024 * 1024,
            rewrite_rate: 90.0,
            scan_rate: 1070.0,
            index_build_rate: 140.0,
            stats_max_age_days: 30,
        }
    }
}

/// What the application creates with its models besides the history (`app-tables`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AppTables {
    /// `false`: the history alone.
    Off,
    /// `true` (the default): tables the history uses but no revision creates are looked for
    /// where the application creates tables itself (`create_all()`), and the replay starts
    /// with them.
    #[default]
    Missing,
    /// `"before-history"`: the application creates every table its models declare that the
    /// database lacks before it runs the migrations (`create_all()` or
    /// `table.create(checkfirst=True)`, then `alembic upgrade`); the replay starts with them
    /// all, and the history's own guarded creations find them there.
    BeforeHistory,
    /// `"instead-of-history"`: a new database is built by the application from its models
    /// (`create_all()`, then `alembic stamp head`, Alembic's cookbook recipe); the history runs
    /// only on databases that exist already. The schema at the head is the models'; the
    /// history is still replayed, as it upgrades an existing database, for its findings.
    InsteadOfHistory,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            pg_version: PgVersion::DEFAULT,
            pg_version_source: "default".into(),
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            per_file_ignores: Vec::new(),
            assume_lock_timeout: false,
            autogenerate_safe: false,
            transaction_per_migration: None,
            drift_ignore: Vec::new(),
            models: Vec::new(),
            metadata: Vec::new(),
            app_metadata: Vec::new(),
            python_path: Vec::new(),
            version_locations: Vec::new(),
            max_file_bytes: crate::fs::DEFAULT_MAX_FILE_BYTES,
            app_tables: AppTables::Missing,
            environment: BTreeMap::new(),
            define: BTreeMap::new(),
            alembic_options: BTreeMap::new(),
            runs_after: Vec::new(),
            baseline: None,
            table_stats: None,
            sizes: SizeSettings::default(),
        }
    }
}

impl Settings {
    /// The level `meta` runs at under these settings.
    pub fn level(&self, meta: &RuleMeta) -> Level {
        if self.ignore.iter().any(|s| crate::codes::selects(s, meta)) {
            return Level::Off;
        }
        if let Some(level) = self.severity.get(meta.name) {
            return *level;
        }
        if self.select.is_empty() {
            return meta.default;
        }
        if self.select.iter().any(|s| crate::codes::selects(s, meta)) {
            // Selecting a rule that is off by default turns it on.
            return meta.default.max(match meta.category {
                crate::codes::Category::Style => Level::Info,
                _ => Level::Warning,
            });
        }
        Level::Off
    }

    /// Whether `rule` is ignored for the file at `path` (relative, `/` separators).
    pub fn ignored_in_file(&self, rule: &str, code: &str, path: &str) -> bool {
        self.per_file_ignores.iter().any(|(glob, rules)| {
            glob_match(glob, path)
                && rules
                    .iter()
                    .any(|r| r == rule || r.eq_ignore_ascii_case(code) || r == "all")
        })
    }
}

/// `*` matches within a path segment, `**` across segments, `?` one character.
pub fn glob_match(glob: &str, path: &str) -> bool {
    fn go(g: &[u8], p: &[u8]) -> bool {
        match g.first() {
            None => p.is_empty(),
            Some(b'*') if g.get(1) == Some(&b'*') => {
                let rest = g[2..].strip_prefix(b"/").unwrap_or(&g[2..]);
                (0..=p.len()).any(|i| go(rest, &p[i..]))
            }
            Some(b'*') => (0..=p.len())
                .take_while(|&i| i == 0 || p[i - 1] != b'/')
                .any(|i| go(&g[1..], &p[i..])),
            Some(b'?') => !p.is_empty() && p[0] != b'/' && go(&g[1..], &p[1..]),
            Some(c) => p.first() == Some(c) && go(&g[1..], &p[1..]),
        }
    }
    go(glob.as_bytes(), path.as_bytes())
}

/// A configuration error, with the file and line of the offending key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::error::Error for ConfigError {}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Keys of the configuration that belong to other commands (none today).
const OTHER_KEYS: [&str; 0] = [];

/// The 1-based line where `key` is set, searching from the line of the section header.
fn key_line(text: &str, section_start: usize, key: &str) -> usize {
    for (i, line) in text.lines().enumerate().skip(section_start) {
        let t = line.trim_start();
        let t = t.trim_start_matches('"').trim_start_matches('\'');
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with('=') || rest.starts_with('.') {
                return i + 1;
            }
        }
        if t.starts_with(&format!("[tool.driftlock.{key}]")) || t.starts_with(&format!("[{key}]")) {
            return i + 1;
        }
    }
    section_start + 1
}

/// Reads the settings of the project at `root`: `driftlock.toml` if present, else
/// `[tool.driftlock]` of `pyproject.toml`; `explicit` names a file to read instead. Rule
/// names, codes and categories are checked against `rules` (`rules::registry()`).
pub fn load(
    root: &Path,
    explicit: Option<&Path>,
    rules: &[&'static RuleMeta],
) -> Result<(Settings, Option<PathBuf>), ConfigError> {
    let candidates: Vec<(PathBuf, bool)> = match explicit {
        Some(p) => vec![(
            p.to_path_buf(),
            p.file_name().is_some_and(|n| n == "pyproject.toml"),
        )],
        None => vec![
            (root.join("driftlock.toml"), false),
            (root.join("pyproject.toml"), true),
        ],
    };
    for (file, nested) in candidates {
        let Ok(text) = crate::fs::read_utf8(&file, crate::fs::DEFAULT_MAX_FILE_BYTES) else {
            if explicit.is_some() {
                return Err(ConfigError {
                    file,
                    line: 0,
                    message: "cannot read the configuration file".into(),
                });
            }
            continue;
        };
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
            file: file.clone(),
            line: e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].lines().count().max(1)
            }),
            message: format!("not valid TOML: {}", e.message()),
        })?;
        let (table, section_start) = if nested {
            match doc.get("tool").and_then(|t| t.get("driftlock")) {
                Some(toml::Value::Table(t)) => {
                    let start = text
                        .lines()
                        .position(|l| l.trim_start().starts_with("[tool.driftlock"))
                        .unwrap_or(0);
                    (t.clone(), start)
                }
                _ => continue,
            }
        } else {
            (doc, 0)
        };
        let settings = from_table(&table, &text, section_start, &file, rules)?;
        return Ok((settings, Some(file)));
    }
    Ok((Settings::default(), None))
}

fn from_table(
    table: &toml::Table,
    text: &str,
    section_start: usize,
    file: &Path,
    rules: &[&'static RuleMeta],
) -> Result<Settings, ConfigError> {
    let find = |name: &str| {
        rules
            .iter()
            .copied()
            .find(|r| r.name == name || r.code.eq_ignore_ascii_case(name))
    };
    let err = |key: &str, message: String| ConfigError {
        file: file.to_path_buf(),
        line: key_line(text, section_start, key),
        message,
    };
    let strings = |key: &str, v: &toml::Value| -> Result<Vec<String>, ConfigError> {
        match v {
            toml::Value::String(s) => Ok(vec![s.clone()]),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| err(key, format!("`{key}` must be a list of strings")))
                })
                .collect(),
            _ => Err(err(key, format!("`{key}` must be a list of strings"))),
        }
    };
    let known_rule = |key: &str, name: &str| -> Result<(), ConfigError> {
        if crate::codes::selects_rules(name, rules) {
            Ok(())
        } else {
            Err(err(
                key,
                format!("`{key}` names `{name}`, which is not a rule, code or category (see `driftlock rules`)"),
            ))
        }
    };
    let mut s = Settings::default();
    for (k, v) in table {
        match k.as_str() {
            "pg-version" => {
                let text = match v {
                    toml::Value::String(t) => t.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    _ => String::new(),
                };
                s.pg_version = PgVersion::parse(&text).ok_or_else(|| {
                    err(k, format!("`pg-version` must be a PostgreSQL version like \"15\" or \"14.4\", not {v}"))
                })?;
                s.pg_version_source = file.display().to_string();
            }
            "select" | "ignore" => {
                let names = strings(k, v)?;
                for n in &names {
                    known_rule(k, n)?;
                }
                if k == "select" {
                    s.select = names;
                } else {
                    s.ignore = names;
                }
            }
            "severity" => {
                let toml::Value::Table(t) = v else {
                    return Err(err(k, "`severity` must be a table of rule = level".into()));
                };
                for (rule, level) in t {
                    let meta = find(rule).ok_or_else(|| {
                        err(rule, format!("`severity` names `{rule}`, which is not a rule"))
                    })?;
                    let level = level.as_str().and_then(Level::parse).ok_or_else(|| {
                        err(rule, "a level is \"off\", \"info\", \"warning\" or \"error\"".into())
                    })?;
                    s.severity.insert(meta.name.to_string(), level);
                }
            }
            "per-file-ignores" => {
                let toml::Value::Table(t) = v else {
                    return Err(err(k, "`per-file-ignores` must be a table of glob = [rules]".into()));
                };
                for (glob, rules) in t {
                    let rules = strings(glob, rules)?;
                    for r in &rules {
                        known_rule(glob, r)?;
                    }
                    s.per_file_ignores.push((glob.clone(), rules));
                }
            }
            "assume-lock-timeout" => {
                s.assume_lock_timeout = v
                    .as_bool()
                    .ok_or_else(|| err(k, "`assume-lock-timeout` must be true or false".into()))?;
            }
            "autogenerate-safe" => {
                s.autogenerate_safe = v
                    .as_bool()
                    .ok_or_else(|| err(k, "`autogenerate-safe` must be true or false".into()))?;
            }
            "transaction-per-migration" => {
                s.transaction_per_migration = Some(v.as_bool().ok_or_else(|| {
                    err(k, "`transaction-per-migration` must be true or false".into())
                })?);
            }
            "models" => s.models = strings(k, v)?,
            "metadata" | "app-metadata" => {
                let entries = strings(k, v)?;
                if let Some(bad) = entries.iter().find(|m| {
                    let (module, path) = m.split_once(':').unwrap_or((m.as_str(), ""));
                    module.is_empty() || path.is_empty()
                }) {
                    return Err(err(
                        k,
                        format!("`{bad}`: expected a module and a name in it, like \"app.db:Base.metadata\""),
                    ));
                }
                match k.as_str() {
                    "metadata" => s.metadata = entries,
                    _ => s.app_metadata = entries,
                }
            }
            "app-tables" => {
                s.app_tables = match (v.as_bool(), v.as_str()) {
                    (Some(true), _) => AppTables::Missing,
                    (Some(false), _) => AppTables::Off,
                    (_, Some("before-history")) => AppTables::BeforeHistory,
                    (_, Some("instead-of-history")) => AppTables::InsteadOfHistory,
                    _ => {
                        return Err(err(
                            k,
                            "`app-tables` must be true, false, \"before-history\" or \
                             \"instead-of-history\""
                                .into(),
                        ))
                    }
                };
            }
            "python-path" => s.python_path = strings(k, v)?,
            "version-locations" => s.version_locations = strings(k, v)?,
            "runs-after" => s.runs_after = earlier_histories(k, v).map_err(|m| err(k, m))?,
            "environment" => {
                let table = string_table(
                    v,
                    "`environment` must be a table of NAME = \"value\"",
                    "environment variable",
                )
                    .map_err(|(key, m)| err(key.unwrap_or(k), m))?;
                s.environment.extend(table);
            }
            "alembic-options" => {
                let table =
                    string_table(
                    v,
                    "`alembic-options` must be a table of name = \"value\"",
                    "Alembic option",
                )
                        .map_err(|(key, m)| err(key.unwrap_or(k), m))?;
                // configparser reads option names in lower case.
                s.alembic_options
                    .extend(table.into_iter().map(|(n, v)| (n.to_lowercase(), v)));
            }
            "define" => {
                let toml::Value::Table(t) = v else {
                    return Err(err(
                        k,
                        "`define` must be a table of \"dotted.name\" = value".into(),
                    ));
                };
                defines("", t, &mut s.define).map_err(|m| err(k, m))?;
            }
            "baseline" => {
                s.baseline = Some(
                    v.as_str()
                        .filter(|r| !r.is_empty())
                        .ok_or_else(|| err(k, "`baseline` must be a revision id".into()))?
                        .to_string(),
                );
            }
            "table-stats" => {
                s.table_stats = Some(
                    v.as_str()
                        .filter(|p| !p.is_empty())
                        .ok_or_else(|| err(k, "`table-stats` must be the path of a stats/1 file".into()))?
                        .to_string(),
                );
            }
            "small-table-rows" | "large-table-bytes" | "stats-max-age" => {
                let n = v
                    .as_integer()
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or_else(|| err(k, format!("`{k}` must be a whole number, 0 or more")))?;
                match k.as_str() {
                    "small-table-rows" => s.sizes.small_table_rows = n,
                    "large-table-bytes" => s.sizes.large_table_bytes = n,
                    _ => s.sizes.stats_max_age_days = n,
                }
            }
            "rewrite-rate" | "scan-rate" | "index-build-rate" => {
                let rate = v
                    .as_float()
                    .or_else(|| v.as_integer().map(|i| i as f64))
                    .filter(|r| r.is_finite() && *r > 0.0)
                    .ok_or_else(|| err(k, format!("`{k}` must be a positive number of MB/s")))?;
                match k.as_str() {
                    "rewrite-rate" => s.sizes.rewrite_rate = rate,
                    "scan-rate" => s.sizes.scan_rate = rate,
                    _ => s.sizes.index_build_rate = rate,
                }
            }
            "max-file-bytes" => {
                s.max_file_bytes = v
                    .as_integer()
                    .and_then(|n| u64::try_from(n).ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| err(k, "`max-file-bytes` must be a positive number of bytes".into()))?;
            }
            "drift" => {
                let toml::Value::Table(t) = v else {
                    return Err(err(k, "`drift` must be a table".into()));
                };
                for (dk, dv) in t {
                    match dk.as_str() {
                        "ignore" => s.drift_ignore = strings(dk, dv)?,
                        other => {
                            return Err(err(other, format!("unknown key `drift.{other}` (known: ignore)")))
                        }
                    }
                }
            }
            other if OTHER_KEYS.contains(&other) => {}
            other => {
                return Err(err(
                    other,
                    format!("unknown key `{other}` (known: pg-version, select, ignore, severity, per-file-ignores, assume-lock-timeout, autogenerate-safe, transaction-per-migration, models, metadata, app-metadata, app-tables, max-file-bytes, python-path, version-locations, environment, define, alembic-options, runs-after, table-stats, small-table-rows, large-table-bytes, rewrite-rate, scan-rate, index-build-rate, stats-max-age, drift)"),
                ))
            }
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match(
            "migrations/versions/*.py",
            "migrations/versions/a.py"
        ));
        assert!(!glob_match("migrations/*.py", "migrations/versions/a.py"));
        assert!(glob_match(
            "**/0001_*.py",
            "migrations/versions/0001_init.py"
        ));
        assert!(glob_match("**/a.py", "a.py"));
        assert!(glob_match("m/?.py", "m/a.py"));
    }

    #[test]
    fn versions() {
        assert_eq!(
            PgVersion::parse("14.3"),
            Some(PgVersion {
                major: 14,
                minor: 3
            })
        );
        assert_eq!(PgVersion::parse("17").unwrap().to_string(), "17");
        assert_eq!(PgVersion::parse("x"), None);
        assert_eq!(PgVersion::parse("3"), None);
    }

    #[test]
    fn unknown_keys_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pyproject.toml");
        std::fs::write(
            &file,
            "[project]\nname = \"x\"\n\n[tool.driftlock]\npg-version = \"15\"\nslect = [\"drop-column\"]\n",
        )
        .unwrap();
        let e = load(dir.path(), None, &crate::rules::metas()).unwrap_err();
        assert_eq!(e.line, 6);
        assert!(e.message.contains("unknown key `slect`"), "{}", e.message);
    }

    #[test]
    fn reads_every_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("driftlock.toml"),
            "pg-version = 12\nignore = [\"drop-column\"]\nassume-lock-timeout = true\n\
             [severity]\nrename-table = \"error\"\n[per-file-ignores]\n\"**/0001_*.py\" = [\"all\"]\n",
        )
        .unwrap();
        let (s, file) = load(dir.path(), None, &crate::rules::metas()).unwrap();
        assert!(file.is_some());
        assert_eq!(s.pg_version.major, 12);
        assert!(s.assume_lock_timeout);
        assert_eq!(s.severity.get("rename-table"), Some(&Level::Error));
        assert!(s.ignored_in_file("drop-table", "BRK004", "m/versions/0001_init.py"));
        let drop_column = crate::rules::find("drop-column").unwrap().meta();
        assert_eq!(s.level(drop_column), Level::Off);
    }

    #[test]
    fn define_gives_dotted_names_values_and_tables_continue_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("driftlock.toml"),
            "[define]\n\"fw.current\" = { name = \"north\", ids = [1, 2] }\n\"app.DEBUG\" = false\n",
        )
        .unwrap();
        let (s, _) = load(dir.path(), None, &crate::rules::metas()).unwrap();
        assert_eq!(
            s.define.into_iter().collect::<Vec<_>>(),
            vec![
                ("app.DEBUG".to_string(), Constant::Bool(false)),
                (
                    "fw.current.ids".to_string(),
                    Constant::List(vec![Constant::Int(1), Constant::Int(2)])
                ),
                ("fw.current.name".to_string(), Constant::Str("north".into())),
            ]
        );
        for wrong in [
            "[define]\n\"app.1x\" = 1\n",
            "[define]\n\"app.when\" = 1979-05-27\n",
            "define = 3\n",
        ] {
            std::fs::write(dir.path().join("driftlock.toml"), wrong).unwrap();
            assert!(
                load(dir.path(), None, &crate::rules::metas()).is_err(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn environment_is_a_table_of_strings() {
        let dir = tempfile::tempdir().unwrap();
        let read = |text: &str| {
            std::fs::write(dir.path().join("driftlock.toml"), text).unwrap();
            load(dir.path(), None, &crate::rules::metas()).map(|(s, _)| s.environment)
        };
        let env = read("[environment]\nMIGRATE_CONCURRENTLY = \"true\"\n").unwrap();
        assert_eq!(
            env.get("MIGRATE_CONCURRENTLY").map(String::as_str),
            Some("true")
        );
        let e = read("[environment]\nWORKERS = 4\n").unwrap_err();
        assert!(e.to_string().contains("must be a string"), "{e}");
    }

    #[test]
    fn app_tables_takes_a_switch_or_a_mode() {
        let dir = tempfile::tempdir().unwrap();
        let read = |text: &str| {
            std::fs::write(dir.path().join("driftlock.toml"), text).unwrap();
            load(dir.path(), None, &crate::rules::metas()).map(|(s, _)| s.app_tables)
        };
        assert_eq!(read("").unwrap(), AppTables::Missing);
        assert_eq!(read("app-tables = false\n").unwrap(), AppTables::Off);
        assert_eq!(
            read("app-tables = \"before-history\"\n").unwrap(),
            AppTables::BeforeHistory
        );
        assert_eq!(
            read("app-tables = \"instead-of-history\"\n").unwrap(),
            AppTables::InsteadOfHistory
        );
        let e = read("app-tables = \"always\"\n").unwrap_err();
        assert!(e.message.contains("instead-of-history"), "{}", e.message);
    }

    #[test]
    fn app_metadata_is_read_apart_from_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let read = |text: &str| {
            std::fs::write(dir.path().join("driftlock.toml"), text).unwrap();
            load(dir.path(), None, &crate::rules::metas())
                .map(|(s, _)| (s.metadata, s.app_metadata))
        };
        let (metadata, app) =
            read("app-metadata = [\"a.models:Base.metadata\", \"a.audit:metadata\"]\n").unwrap();
        assert!(metadata.is_empty());
        assert_eq!(app, ["a.models:Base.metadata", "a.audit:metadata"]);
        let e = read("app-metadata = \"a.models\"\n").unwrap_err();
        assert!(
            e.message.contains("expected a module and a name"),
            "{}",
            e.message
        );
    }

    #[test]
    fn table_size_settings_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let read = |text: &str| {
            std::fs::write(dir.path().join("driftlock.toml"), text).unwrap();
            load(dir.path(), None, &crate::rules::metas()).map(|(s, _)| s)
        };
        let s = read(
            "table-stats = \"ops/stats.json\"\nsmall-table-rows = 500\nlarge-table-bytes = 1000000\n\
             rewrite-rate = 50\nscan-rate = 400.5\nindex-build-rate = 80\nstats-max-age = 7\n",
        )
        .unwrap();
        assert_eq!(s.table_stats.as_deref(), Some("ops/stats.json"));
        assert_eq!(s.sizes.small_table_rows, 500);
        assert_eq!(s.sizes.large_table_bytes, 1_000_000);
        assert_eq!(s.sizes.rewrite_rate, 50.0);
        assert_eq!(s.sizes.scan_rate, 400.5);
        assert_eq!(s.sizes.index_build_rate, 80.0);
        assert_eq!(s.sizes.stats_max_age_days, 7);
        let e = read("\nscan-rate = 0\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("positive"), "{}", e.message);
        let e = read("small-table-rows = -3\n").unwrap_err();
        assert!(e.message.contains("whole number"), "{}", e.message);
    }

    #[test]
    fn unknown_rule_names_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("driftlock.toml"),
            "\nignore = [\"no-such-rule\"]\n",
        )
        .unwrap();
        let e = load(dir.path(), None, &crate::rules::metas()).unwrap_err();
        assert_eq!(e.line, 2);
    }
}
