//! `--show-settings`: the settings a check would run with, resolved (discovery, the
//! configuration file, `env.py`'s options, the command line's overrides), in the
//! configuration's own spelling, then every rule's level.

use std::fmt::Write as _;
use std::path::Path;

use crate::config::{AppTables, Settings};
use crate::workspace::Workspace;

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The resolved settings as TOML-like text; `settings_file` is the file they were read from.
pub fn render(ws: &Workspace, settings: &Settings, settings_file: Option<&Path>) -> String {
    let p = &ws.project;
    let rel = |path: &Path| crate::source::display_path(&p.root, path);
    let mut s = String::new();
    let _ = writeln!(s, "# project");
    let _ = writeln!(s, "root = {:?}", p.root.display().to_string());
    let _ = writeln!(s, "layout = {:?}", format!("{:?}", p.layout));
    let _ = writeln!(s, "script-location = {:?}", rel(&p.script_location));
    let locations: Vec<String> = p.version_locations.iter().map(|v| rel(&v.path)).collect();
    let _ = writeln!(s, "version-locations = {}", list(&locations));
    let _ = writeln!(s, "recursive-version-locations = {}", p.recursive);
    let _ = writeln!(
        s,
        "settings-file = {}",
        settings_file.map_or("none".to_string(), |f| format!("{:?}", rel(f)))
    );
    let _ = writeln!(s, "\n# settings");
    let _ = writeln!(
        s,
        "pg-version = \"{}\"  # {}",
        settings.pg_version, settings.pg_version_source
    );
    let _ = writeln!(s, "select = {}", list(&settings.select));
    let _ = writeln!(s, "ignore = {}", list(&settings.ignore));
    let _ = writeln!(s, "assume-lock-timeout = {}", settings.assume_lock_timeout);
    let _ = writeln!(s, "autogenerate-safe = {}", settings.autogenerate_safe);
    let (per, from) = match settings.transaction_per_migration {
        Some(v) => (v, "configuration"),
        None => (ws.env.transaction_per_migration, "env.py"),
    };
    let _ = writeln!(s, "transaction-per-migration = {per}  # {from}");
    let _ = writeln!(s, "models = {}", list(&settings.models));
    let _ = writeln!(s, "metadata = {}", list(&settings.metadata));
    let _ = writeln!(s, "python-path = {}", list(&settings.python_path));
    let _ = writeln!(
        s,
        "version-locations = {}",
        list(&settings.version_locations)
    );
    let _ = writeln!(s, "max-file-bytes = {}", settings.max_file_bytes);
    let app_tables = match settings.app_tables {
        AppTables::Off => "false",
        AppTables::Missing => "true",
        AppTables::BeforeHistory => "\"before-history\"",
        AppTables::InsteadOfHistory => "\"instead-of-history\"",
    };
    let _ = writeln!(s, "app-tables = {app_tables}");
    let _ = writeln!(
        s,
        "table-stats = {}",
        settings
            .table_stats
            .as_ref()
            .map_or("none".to_string(), |f| format!("{f:?}"))
    );
    let z = &settings.sizes;
    let _ = writeln!(s, "small-table-rows = {}", z.small_table_rows);
    let _ = writeln!(s, "large-table-bytes = {}", z.large_table_bytes);
    let _ = writeln!(s, "rewrite-rate = {}  # MB/s", z.rewrite_rate);
    let _ = writeln!(s, "scan-rate = {}  # MB/s", z.scan_rate);
    let _ = writeln!(s, "index-build-rate = {}  # MB/s", z.index_build_rate);
    let _ = writeln!(s, "stats-max-age = {}  # days", z.stats_max_age_days);
    let _ = writeln!(s, "drift.ignore = {}", list(&settings.drift_ignore));
    for (k, v) in &settings.environment {
        let _ = writeln!(s, "environment.{k} = {v:?}");
    }
    for (k, v) in &settings.alembic_options {
        let _ = writeln!(s, "alembic-options.{k:?} = {v:?}");
    }
    for (k, v) in &settings.define {
        let _ = writeln!(s, "define.{k:?} = {v}");
    }
    for (glob, rules) in &settings.per_file_ignores {
        let _ = writeln!(s, "per-file-ignores.{glob:?} = {}", list(rules));
    }
    let _ = writeln!(s, "\n# rules (level under these settings)");
    let mut metas = crate::rules::metas();
    metas.sort_by_key(|m| m.name);
    let width = metas.iter().map(|m| m.name.len()).max().unwrap_or(0);
    for m in metas {
        let _ = writeln!(
            s,
            "{:<width$} = {:<9}  # {}, {}",
            m.name,
            format!("\"{}\"", level_name(settings.level(m))),
            m.code,
            m.category.as_str()
        );
    }
    s
}

fn level_name(level: crate::codes::Level) -> &'static str {
    match level {
        crate::codes::Level::Off => "off",
        crate::codes::Level::Info => "info",
        crate::codes::Level::Warning => "warning",
        crate::codes::Level::Error => "error",
    }
}
