//! The configuration readers: the input is read as `alembic.ini` (the `configparser` dialect
//! of `discover::Ini`, with interpolation, then discovery of a project from it), as
//! `pyproject.toml` (`[tool.alembic]` through discovery, `[tool.driftlock]` through
//! `config::load`) and as `driftlock.toml` (`config::load`, checked against the rules'
//! metadata), and as a table statistics file (`stats::parse`, `stats/1`). Errors are
//! expected; panics are not.
#![no_main]

#[path = "common.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use driftlock::codes::RuleMeta;
use driftlock::config;
use driftlock::discover::{discover, DiscoverOptions, Ini};
use libfuzzer_sys::fuzz_target;

/// The keys discovery reads, and a few it does not.
const KEYS: [&str; 9] = [
    "script_location",
    "version_locations",
    "path_separator",
    "version_path_separator",
    "recursive_version_locations",
    "prepend_sys_path",
    "file_template",
    "sqlalchemy.url",
    "here",
];

fn metas() -> &'static [&'static RuleMeta] {
    static METAS: OnceLock<Vec<&'static RuleMeta>> = OnceLock::new();
    METAS.get_or_init(driftlock::rules::metas)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(ini) = Ini::parse(&text) {
        let vars = BTreeMap::from([("here".to_string(), "/project".to_string())]);
        for section in ["alembic", "DEFAULT", "loggers"] {
            let _ = ini.has_section(section);
            for key in KEYS {
                let _ = ini.raw(section, key);
                let _ = ini.get(section, key, &vars);
            }
        }
    }

    let dir = common::scratch("config_readers");
    let options = DiscoverOptions::default();

    let ini_dir = dir.join("ini");
    common::write(&ini_dir.join("alembic.ini"), data);
    let _ = discover(&ini_dir, &options);

    let pyproject_dir = dir.join("pyproject");
    common::write(&pyproject_dir.join("pyproject.toml"), data);
    let _ = discover(&pyproject_dir, &options);
    let _ = config::load(&pyproject_dir, None, metas());

    let driftlock_dir = dir.join("driftlock");
    common::write(&driftlock_dir.join("driftlock.toml"), data);
    let _ = config::load(&driftlock_dir, None, metas());

    let _ = driftlock::stats::parse("driftlock-stats.json", &text);
});
