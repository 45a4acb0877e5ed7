//! `driftlock history`: the revision graph and its problems.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::analysis::analyze;
use crate::discover::DiscoverOptions;
use crate::report::{self, Color, FailOn};
use crate::workspace::Workspace;

/// Output formats of `driftlock history`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Dot,
    Mermaid,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub path: PathBuf,
    pub discover: DiscoverOptions,
    /// `--settings FILE`: instead of driftlock.toml / pyproject.toml.
    pub settings_file: Option<PathBuf>,
    pub format: Format,
    pub fail_on: FailOn,
    /// Colour for the text written to `out`.
    pub color: Color,
    /// Colour for diagnostics written to `err` (DOT and Mermaid keep stdout a clean graph).
    pub err_color: Color,
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let project = Workspace::open(
        &options.path,
        &options.discover,
        options.settings_file.as_deref(),
        &[],
    )?
    .project;
    let analysis = analyze(project);
    match options.format {
        Format::Text => {
            out.write_all(report::history::text(&analysis).as_bytes())?;
            writeln!(out)?;
            report::human::render(&analysis.diagnostics, &analysis.sources, options.color, out)?;
        }
        Format::Json => out.write_all(report::history::json(&analysis).as_bytes())?,
        Format::Dot | Format::Mermaid => {
            let graph = if options.format == Format::Dot {
                report::history::dot(&analysis)
            } else {
                report::history::mermaid(&analysis)
            };
            out.write_all(graph.as_bytes())?;
            super::report_on_stderr(&analysis, options.err_color, err)?;
        }
    }
    Ok(super::outcome(&analysis.diagnostics, options.fail_on))
}
