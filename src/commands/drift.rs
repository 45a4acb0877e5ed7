//! `driftlock drift`: what the migrations build against what the models declare.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::analysis::analyze_with;
use crate::discover::{discover, DiscoverOptions};
use crate::drift::{self, Filters};
use crate::lower::ReplayOptions;
use crate::report::{self, Color};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub path: PathBuf,
    pub discover: DiscoverOptions,
    pub format: Format,
    /// Colour for the diagnostics written to `err`.
    pub err_color: Color,
    /// driftlock's own settings file, instead of driftlock.toml / pyproject.toml.
    pub settings_file: Option<PathBuf>,
    /// `--models`: model files or packages, besides the configured ones.
    pub models: Vec<PathBuf>,
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let project = discover(&options.path, &options.discover)?;
    let (settings, _) =
        crate::rules::settings::load(&project.root, options.settings_file.as_deref())
            .map_err(|e| Fatal::Usage(format!("invalid configuration: {e}")))?;
    let filters = Filters::new(
        &crate::discover::env_py::read(&project.script_location),
        &settings.drift_ignore,
    );
    let models_project = discover(&options.path, &options.discover)?;
    let mut analysis = analyze_with(project, Some(ReplayOptions::default()));
    let mut configured: Vec<PathBuf> = settings
        .models
        .iter()
        .map(|m| models_project.root.join(m))
        .collect();
    configured.extend(options.models.iter().cloned());
    let declared = crate::models::read(&models_project, &mut analysis.sources, &configured);
    if !declared.found {
        return Err(Fatal::Usage(format!(
            "no models found: {} names no `target_metadata`",
            models_project.script_location.join("env.py").display()
        )));
    }
    let replay = analysis.replay.as_ref().expect("replayed");
    let items = drift::compare(&replay.head, &declared.schema, &declared.origins, &filters);
    let mut problems = analysis.diagnostics.clone();
    problems.extend(declared.diagnostics);
    crate::analysis::sort(&mut problems, &analysis.sources);
    match options.format {
        Format::Text => report::drift::text(&items, &analysis.sources, out)?,
        Format::Json => out.write_all(report::drift::json(&items, &analysis.sources).as_bytes())?,
        Format::Markdown => out.write_all(
            report::drift::markdown(&items, &analysis.sources, &replay.head, &declared.schema)
                .as_bytes(),
        )?,
    }
    if !problems.is_empty() {
        report::human::render(&problems, &analysis.sources, options.err_color, err)?;
    }
    Ok(if items.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
