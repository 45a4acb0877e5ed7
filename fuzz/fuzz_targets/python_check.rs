//! The Python front end and the interpreter, whole: the input is the one revision file of an
//! Alembic project (`alembic.ini`, `env.py`, `versions/0001_x.py`), checked as
//! `driftlock check` does (`Workspace::open` + `check::check`), then rendered as text and
//! JSON (SARIF is left out: it serialises every rule's documentation, a third of the time of
//! an input, whatever the input). Nothing may panic, whatever the file holds.
#![no_main]

#[path = "common.rs"]
mod common;

use std::path::Path;

use driftlock::check::{check, Request};
use driftlock::discover::DiscoverOptions;
use driftlock::report::{self, Color};
use driftlock::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

const ALEMBIC_INI: &str = "[alembic]\nscript_location = %(here)s\npath_separator = os\n";

/// An `env.py` as Alembic's generic template writes it, without models.
const ENV_PY: &str = r#"from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
target_metadata = None


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
"#;

fn project() -> &'static Path {
    let dir = common::scratch("python_check");
    if !dir.join("env.py").exists() {
        common::write(&dir.join("alembic.ini"), ALEMBIC_INI.as_bytes());
        common::write(&dir.join("env.py"), ENV_PY.as_bytes());
    }
    dir
}

fuzz_target!(|data: &[u8]| {
    let dir = project();
    common::write(&dir.join("versions").join("0001_x.py"), data);
    // The project around the revision is fixed and valid: failing to open it or a usage error
    // would be a bug too.
    let ws = Workspace::open(dir, &DiscoverOptions::default(), None, &[])
        .expect("the fixed project opens");
    let result = check(ws, &Request::default()).expect("a default request is valid");
    let mut text = Vec::new();
    report::check::text(&result, Color::Never, &mut text).expect("writing to a Vec");
    let _ = report::check::json(&result);
});
