//! `driftlock models`: the schema the declared SQLAlchemy models describe, read statically.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::discover::{discover, DiscoverOptions};
use crate::report::{self, Color, FailOn};
use crate::source::SourceMap;

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
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let project = discover(&options.path, &options.discover)?;
    let (settings, _) = crate::rules::settings::load(&project.root, None)
        .map_err(|e| Fatal::Usage(format!("invalid configuration: {e}")))?;
    let mut configured: Vec<PathBuf> = settings
        .models
        .iter()
        .map(|m| project.root.join(m))
        .collect();
    configured.extend(options.models.iter().cloned());
    let mut sources = SourceMap::default();
    let mut declared = crate::models::read(&project, &mut sources, &configured);
    if !declared.found {
        return Err(Fatal::Usage(format!(
            "no models found: {} names no `target_metadata`",
            project.script_location.join("env.py").display()
        )));
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
