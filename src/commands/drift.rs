//! `driftlock drift`: what the migrations build against what the models declare.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::analysis::analyze_with;
use crate::diagnostic::Kind;
use crate::discover::DiscoverOptions;
use crate::drift::{self, Filters};
use crate::replay::ReplayOptions;
use crate::report::{self, Color};
use crate::workspace::Workspace;

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

/// The drift of a project, with everything that explains it: the analysis (the replayed
/// head, the sources), the models read, and the problems met on the way. `revision
/// --autogenerate` writes it down.
pub(crate) struct Computed {
    pub analysis: crate::analysis::Analysis,
    pub declared: crate::models::Declared,
    pub items: Vec<drift::Item>,
    pub problems: Vec<crate::diagnostic::Diagnostic>,
    pub workspace: Workspace,
}

/// Opens the project and compares what its migrations build with what its models declare.
pub(crate) fn compute(options: &Options, err: &mut dyn Write) -> Result<Computed, Fatal> {
    let ws = Workspace::open(
        &options.path,
        &options.discover,
        options.settings_file.as_deref(),
        &options.models,
    )?;
    let filters = Filters::new(&ws.env, &ws.settings.drift_ignore);
    let models_project = ws.project.clone();
    let replay = ReplayOptions {
        base: crate::earlier::base(&ws),
        app_tables: ws.settings.app_tables,
        models: ws.models.clone(),
        version_table: ws.env.version_table.clone(),
        version_table_schema: ws.env.version_table_schema.clone(),
        transaction_per_migration: ws.transaction_per_migration(),
        baseline: ws.settings.baseline.clone(),
        ..Default::default()
    };
    let mut analysis = analyze_with(ws.project.clone(), Some(replay));
    let declared = crate::models::read(&models_project, &mut analysis.sources, &ws.models);
    if declared.env_passes_none {
        return Err(Fatal::Usage(format!(
            "no models to compare: {} passes `target_metadata=None` (Alembic's autogenerate has nothing to compare); `driftlock models` shows the {} table(s) the project's modules declare, and `models = [...]` in the configuration compares them",
            models_project.script_location.join("env.py").display(),
            declared.schema.tables.len()
        )));
    }
    if !declared.found {
        // Say why before giving up: an env.py that cannot be read or parsed names nothing.
        let mut problems = declared.diagnostics;
        crate::analysis::sort(&mut problems, &analysis.sources);
        if !problems.is_empty() {
            report::human::render(&problems, &analysis.sources, options.err_color, err)?;
        }
        return Err(super::no_models_found(&models_project));
    }
    let Some(replay) = analysis.replay.as_ref() else {
        return Err(Fatal::Usage("the history could not be replayed".into()));
    };
    let mut items = drift::compare(&replay.head, &declared.schema, &declared.origins, &filters);
    if ws.env.include_object || ws.env.include_name {
        let sides = crate::drift::include::Sides {
            replayed: &replay.head,
            declared: &declared.schema,
        };
        let undecided;
        (items, undecided) =
            crate::drift::include::apply(&models_project, &mut analysis.sources, items, &sides);
        analysis.diagnostics.extend(undecided);
    }
    let mut problems = analysis.diagnostics.clone();
    // A model file that could not be read declares tables nobody saw: the migrations' tables
    // are not reported as missing from the models on that account.
    let unread = declared
        .diagnostics
        .iter()
        .filter(|d| d.kind == Kind::Parse)
        .count();
    let why = if unread > 0 {
        Some(format!("{unread} model file(s) could not be read"))
    } else {
        drift::why_models_may_lack_tables(&declared).map(str::to_string)
    };
    if let Some(why) = why {
        problems.extend(drift::leave_out_missing_tables(
            &mut items,
            &declared.schema,
            &why,
        ));
    }
    problems.extend(declared.diagnostics.clone());
    crate::analysis::sort(&mut problems, &analysis.sources);
    problems.dedup();
    Ok(Computed {
        analysis,
        declared,
        items,
        problems,
        workspace: ws,
    })
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let Computed {
        analysis,
        declared,
        items,
        problems,
        ..
    } = compute(options, err)?;
    let Some(replay) = analysis.replay.as_ref() else {
        return Err(Fatal::Usage("the history could not be replayed".into()));
    };
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
