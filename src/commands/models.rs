//! `driftlock models`: the schema the declared SQLAlchemy models describe, read statically.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::discover::DiscoverOptions;
use crate::report::{self, Color, FailOn};
use crate::source::SourceMap;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Sql,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub path: PathBuf,
    pub discover: DiscoverOptions,
    pub format: Format,
    pub fail_on: FailOn,
    pub err_color: Color,
    /// `--models`: model files or packages, besides the configured ones.
    pub models: Vec<PathBuf>,
    /// `--settings`: the settings file to read instead of the project's.
    pub settings_file: Option<PathBuf>,
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let ws = Workspace::open(
        &options.path,
        &options.discover,
        options.settings_file.as_deref(),
        &options.models,
    )?;
    let project = &ws.project;
    let mut sources = SourceMap::default();
    let mut declared = crate::models::read(project, &mut sources, &ws.models);
    if !declared.found {
        return Err(super::no_models_found(project));
    }
    crate::analysis::sort(&mut declared.diagnostics, &sources);
    let text = match options.format {
        Format::Json => report::schema::json(&declared.schema, "alembic_version"),
        Format::Sql => report::schema::sql(&declared.schema, "alembic_version"),
    };
    out.write_all(text.as_bytes())?;
    if !declared.diagnostics.is_empty() {
        report::human::render(&declared.diagnostics, &sources, options.err_color, err)?;
    }
    Ok(super::outcome(&declared.diagnostics, options.fail_on))
}
