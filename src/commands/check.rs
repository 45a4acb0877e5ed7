//! `driftlock check`: every finding in one run. History problems, replay problems,
//! unanalysable code, downgrade problems and risky changes; with the project's settings,
//! suppression comments, and `--since` for review bots.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::check::{check, Request};
use crate::discover::DiscoverOptions;
use crate::report::{self, Color, FailOn};
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub path: PathBuf,
    pub discover: DiscoverOptions,
    pub format: Format,
    pub fail_on: FailOn,
    pub color: Color,
    /// Rules, codes or categories to run instead of the configured selection.
    pub select: Vec<String>,
    /// Rules, codes or categories not to run, on top of the configuration.
    pub ignore: Vec<String>,
    /// `--pg-version`, overriding the configuration.
    pub pg_version: Option<String>,
    /// `--config FILE` for driftlock's own settings.
    pub settings_file: Option<PathBuf>,
    /// Report risk findings only for revision files changed since this git ref.
    pub since: Option<String>,
    /// `--timings`: the wall time of each stage, to stderr.
    pub timings: bool,
}

/// Renders the result in the chosen format.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    if options.timings {
        crate::timings::enable();
    }
    let ws = crate::timings::stage("discover", || {
        Workspace::open(
            &options.path,
            &options.discover,
            options.settings_file.as_deref(),
            &[],
        )
    })?;
    let request = Request {
        select: options.select.clone(),
        ignore: options.ignore.clone(),
        pg_version: options.pg_version.clone(),
        since: options.since.clone(),
    };
    let result = check(ws, &request).map_err(Fatal::Usage)?;
    crate::timings::stage("report", || -> std::io::Result<()> {
        match options.format {
            Format::Text => report::check::text(&result, options.color, out),
            Format::Json => out.write_all(report::check::json(&result).as_bytes()),
            Format::Sarif => out.write_all(report::check::sarif(&result).as_bytes()),
            Format::Github => out.write_all(report::check::github(&result).as_bytes()),
        }
    })?;
    if options.timings {
        eprintln!("{}", crate::timings::summary());
    }
    // Drift counts as a warning for the exit status (`driftlock drift` fails on any).
    let drift_fails =
        !result.drift.is_empty() && options.fail_on.fails(crate::diagnostic::Severity::Warning);
    Ok(if drift_fails {
        Outcome::Findings
    } else {
        super::outcome(&result.diagnostics, options.fail_on)
    })
}
