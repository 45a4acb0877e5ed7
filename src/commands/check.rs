//! `driftlock check`: every finding in one run. History problems, replay problems,
//! unanalysable code, downgrade problems and risky changes; with the project's settings,
//! suppression comments, `--since` for review bots, and a baseline for projects that adopt
//! driftlock with findings they accept for now.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Fatal, Outcome};
use crate::check::{check, Request};
use crate::discover::DiscoverOptions;
use crate::report::baseline::{self, Baseline};
use crate::report::check::Checked;
use crate::report::{self, Color, FailOn};
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    JsonLines,
    Markdown,
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
    /// `--baseline FILE`: leave out the findings it holds.
    pub baseline: Option<PathBuf>,
    /// `--write-baseline [FILE]`: write the baseline (fresh without `--baseline`; otherwise
    /// the entries of `--baseline` still found).
    pub write_baseline: Option<PathBuf>,
    /// `--statistics`: counts per rule instead of the findings.
    pub statistics: bool,
    /// `--exit-zero`: exit 0 even with findings (fatal errors still exit 2).
    pub exit_zero: bool,
    /// `--show-settings`: print the resolved settings and stop.
    pub show_settings: bool,
    /// `--no-cache`: run even when a kept report of the same inputs exists (`cache.rs`).
    pub no_cache: bool,
    /// `--table-stats FILE`: judge size-dependent findings against these statistics.
    pub table_stats: Option<PathBuf>,
}

/// Where a run writes besides its report: the standard error stream for notes, and the
/// files the command line names (the baseline written).
pub struct Sinks<'a> {
    pub err: &'a mut dyn Write,
    pub write_file: &'a mut dyn FnMut(&Path, &[u8]) -> std::io::Result<()>,
}

/// Renders the result in the chosen format; a report kept by an earlier run whose inputs are
/// all unchanged is printed instead (`cache.rs`), byte for byte.
pub fn run(options: &Options, out: &mut dyn Write, sinks: Sinks<'_>) -> Result<Outcome, Fatal> {
    if options.timings {
        crate::timings::enable();
    }
    let Some(cache) = cache_of(options) else {
        return run_uncached(options, out, sinks);
    };
    if let Some(hit) = crate::timings::stage("cache", || cache.lookup()) {
        out.write_all(hit.stdout.as_bytes())?;
        sinks.err.write_all(hit.stderr.as_bytes())?;
        if options.timings {
            writeln!(
                sinks.err,
                "{} (a kept report: every input unchanged)",
                crate::timings::summary()
            )?;
        }
        return Ok(if hit.status == 0 {
            Outcome::Clean
        } else {
            Outcome::Findings
        });
    }
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let (outcome, inputs) = crate::fs::record(|| {
        let sinks = Sinks {
            err: &mut stderr,
            write_file: &mut *sinks.write_file,
        };
        run_uncached(options, &mut stdout, sinks)
    });
    out.write_all(&stdout)?;
    sinks.err.write_all(&stderr)?;
    let outcome = outcome?;
    // A run that printed its timings is not kept: they would be printed again as they were.
    if let (Some(inputs), false, Ok(stdout), Ok(stderr)) = (
        inputs,
        options.timings,
        String::from_utf8(stdout),
        String::from_utf8(stderr),
    ) {
        let status = outcome.exit_code();
        cache.store(
            inputs,
            crate::cache::Output {
                stdout,
                stderr,
                status,
            },
        );
    }
    Ok(outcome)
}

/// The cache of this run, when it may use one: not with `--no-cache`, nor when the run asks
/// git (`--since`: a ref moves without a file of the checkout changing), writes a baseline
/// (a kept report would not write it) or only shows the settings.
fn cache_of(options: &Options) -> Option<crate::cache::Cache> {
    if options.no_cache
        || options.since.is_some()
        || options.write_baseline.is_some()
        || options.show_settings
    {
        return None;
    }
    let described = format!("check {options:?}");
    crate::cache::Cache::for_run(&[&described], &options.path)
}

fn run_uncached(
    options: &Options,
    out: &mut dyn Write,
    sinks: Sinks<'_>,
) -> Result<Outcome, Fatal> {
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
        table_stats: options.table_stats.clone(),
    };
    if options.show_settings {
        return show_settings(options, &ws, &request, out);
    }
    // A baseline that cannot be read stops the run before any work.
    let old = match &options.baseline {
        Some(path) => Some(Baseline::read(path).map_err(Fatal::Usage)?),
        None => None,
    };
    let result = check(ws, &request).map_err(Fatal::Usage)?;
    let mut checked = Checked::new(result);
    if let Some(target) = &options.write_baseline {
        // Fresh: every finding of this run. Otherwise the old baseline's entries still found:
        // a rewrite never adds one.
        let text = match (&old, &options.baseline) {
            (Some(old), Some(path)) => {
                let applied = old.apply(
                    path.display().to_string(),
                    &mut checked.result,
                    &mut checked.fingerprints,
                );
                let text = baseline::render(&applied.matched);
                checked.baseline = Some(applied);
                text
            }
            _ => {
                let text = baseline::render(checked.fingerprints.all());
                let fresh = Baseline::parse(&text).map_err(Fatal::Usage)?;
                checked.baseline = Some(fresh.apply(
                    target.display().to_string(),
                    &mut checked.result,
                    &mut checked.fingerprints,
                ));
                text
            }
        };
        (sinks.write_file)(target, text.as_bytes()).map_err(|e| {
            Fatal::Usage(format!(
                "cannot write the baseline {}: {e}",
                target.display()
            ))
        })?;
        let kept = checked.baseline.as_ref().map_or(0, |b| b.matched.len());
        writeln!(
            sinks.err,
            "driftlock: wrote {kept} finding(s) to the baseline {}",
            target.display()
        )?;
    } else if let (Some(old), Some(path)) = (&old, &options.baseline) {
        checked.baseline = Some(old.apply(
            path.display().to_string(),
            &mut checked.result,
            &mut checked.fingerprints,
        ));
    }
    let extra = if options.format == Format::Markdown && !options.statistics {
        markdown_extra(&checked)
    } else {
        MarkdownExtra::default()
    };
    crate::timings::stage("report", || {
        render(options, &checked, &extra, out, sinks.err)
    })?;
    if options.timings {
        writeln!(sinks.err, "{}", crate::timings::summary())?;
    }
    let result = &checked.result;
    // Drift counts as a warning for the exit status (`driftlock drift` fails on any).
    let drift_fails =
        !result.drift.is_empty() && options.fail_on.fails(crate::diagnostic::Severity::Warning);
    Ok(if options.exit_zero {
        Outcome::Clean
    } else if drift_fails {
        Outcome::Findings
    } else {
        super::outcome(&result.diagnostics, options.fail_on)
    })
}

/// What the Markdown report shows besides the result: the revision files changed since
/// `--since` (a section each, findings or not).
#[derive(Default)]
struct MarkdownExtra {
    changed: Option<Vec<String>>,
}

fn markdown_extra(checked: &Checked) -> MarkdownExtra {
    let result = &checked.result;
    let a = &result.analysis;
    // The check's own reading of git: the files it read that changed, of which the revision
    // files get a section.
    let changed = result.changes.as_ref().map(|changes| {
        let mut files: Vec<String> = a
            .graph
            .in_order()
            .map(|r| a.sources.get(r.file).display.clone())
            .filter(|d| changes.changed.contains(d))
            .collect();
        files.sort();
        files.dedup();
        files
    });
    MarkdownExtra { changed }
}

fn render(
    options: &Options,
    checked: &Checked,
    extra: &MarkdownExtra,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let result = &checked.result;
    if options.statistics {
        let text = match options.format {
            Format::Json => report::statistics::json(checked),
            _ => report::statistics::text(checked),
        };
        return out.write_all(text.as_bytes());
    }
    match options.format {
        Format::Text => {
            report::check::text(result, options.color, out)?;
            if let Some(b) = &checked.baseline {
                report::check::baseline_text(b, out)?;
            }
            return Ok(());
        }
        Format::Json => out.write_all(report::check::json_checked(checked).as_bytes())?,
        Format::Sarif => out.write_all(report::check::sarif_checked(checked).as_bytes())?,
        Format::Github => out.write_all(report::check::github(result).as_bytes())?,
        Format::Gitlab => out.write_all(report::gitlab::render(checked).as_bytes())?,
        Format::Junit => {
            out.write_all(report::junit::render(checked, options.fail_on).as_bytes())?
        }
        Format::JsonLines => out.write_all(report::jsonl::render(checked).as_bytes())?,
        Format::Markdown => {
            let context = report::markdown::Context {
                since: options.since.as_deref().zip(extra.changed.as_deref()),
                declared: (!checked.result.drift.is_empty()).then_some(&checked.result.declared),
            };
            out.write_all(report::markdown::render(checked, &context).as_bytes())?
        }
    }
    // The documents have no place for it (JSON and SARIF carry it too): a note on stderr.
    if let Some(b) = checked.baseline.as_ref().filter(|b| !b.stale.is_empty()) {
        writeln!(
            err,
            "driftlock: note: {} entr{} of the baseline {} no longer found",
            b.stale.len(),
            if b.stale.len() == 1 { "y" } else { "ies" },
            b.file
        )?;
    }
    Ok(())
}

fn show_settings(
    options: &Options,
    ws: &Workspace,
    request: &Request,
    out: &mut dyn Write,
) -> Result<Outcome, Fatal> {
    let mut settings = ws.settings.clone();
    crate::check::apply_request(&mut settings, request).map_err(Fatal::Usage)?;
    if let Some(file) = &request.table_stats {
        settings.table_stats = Some(file.display().to_string());
    }
    // Which file the settings came from: read again, cheaply, for its path.
    let (_, file) = crate::config::load(
        &ws.project.root,
        options.settings_file.as_deref(),
        &crate::rules::metas(),
    )
    .map_err(|e| Fatal::Usage(e.to_string()))?;
    let text = report::settings::render(ws, &settings, file.as_deref());
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
