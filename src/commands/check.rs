//! `driftlock check`: every finding in one run. History problems, replay problems,
//! unanalysable code, downgrade problems and risky changes; with the project's settings,
//! suppression comments, and `--since` for review bots.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Fatal, Outcome};
use crate::analysis::{analyze_observed, sort, Analysis};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::{discover, DiscoverOptions};
use crate::lower::ReplayOptions;
use crate::report::{self, Color, FailOn};
use crate::rules::{self, settings, Checker, Settings};

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
}

/// What a check found, for every renderer.
pub struct CheckResult {
    pub analysis: Analysis,
    pub diagnostics: Vec<Diagnostic>,
    pub settings: Settings,
    /// Drift against the models, when `env.py` names them.
    pub drift: Vec<crate::drift::Item>,
    /// The model files read, relative to the project root.
    pub models: Vec<String>,
}

/// Runs the check; the caller renders.
pub fn check(options: &Options) -> Result<CheckResult, Fatal> {
    let project = discover(&options.path, &options.discover)?;
    let (mut settings, _) = settings::load(&project.root, options.settings_file.as_deref())
        .map_err(|e| Fatal::Usage(format!("invalid configuration: {e}")))?;
    if let Some(v) = &options.pg_version {
        settings.pg_version = rules::PgVersion::parse(v).ok_or_else(|| {
            Fatal::Usage(format!(
                "--pg-version {v}: expected a version like 15 or 14.4"
            ))
        })?;
        settings.pg_version_source = "--pg-version".into();
    }
    for name in options.select.iter().chain(&options.ignore) {
        let known = name == "all"
            || rules::find(name).is_some()
            || rules::all()
                .iter()
                .any(|r| r.meta().category.as_str() == name);
        if !known {
            return Err(Fatal::Usage(format!(
                "`{name}` is not a rule, code or category (see `driftlock rules`)"
            )));
        }
    }
    if !options.select.is_empty() {
        settings.select = options.select.clone();
    }
    settings.ignore.extend(options.ignore.iter().cloned());
    let env = crate::discover::env_py::read(&project.script_location);
    let per_migration = settings
        .transaction_per_migration
        .unwrap_or(env.transaction_per_migration);
    let mut checker = Checker::new(settings.clone(), per_migration);
    checker.context.lock_timeout_elsewhere = env.sets_lock_timeout;
    let changed = match &options.since {
        Some(r) => Some(git_changes(&project.root, r)?),
        None => None,
    };
    let replay = ReplayOptions {
        keep_states: false,
        check_downgrades: true,
        keep_downgrades: false,
        only: None,
    };
    let models_project = discover(&options.path, &options.discover)?;
    let mut analysis = analyze_observed(project, Some(replay), Some(&mut checker));
    let configured: Vec<PathBuf> = settings
        .models
        .iter()
        .map(|m| models_project.root.join(m))
        .collect();
    let declared = crate::models::read(&models_project, &mut analysis.sources, &configured);
    // Drift only from models read completely: a model driftlock could not read would show
    // as a table the models lack.
    let incomplete = declared
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                "unanalyzable-model" | "model-fails" | "unanalyzable-operation"
            )
        })
        .count();
    let mut drift_notes = Vec::new();
    let (drift, models) = if declared.found && incomplete > 0 {
        drift_notes.push(crate::diagnostic::Diagnostic::info(
            Kind::Unanalyzable,
            "drift-not-checked",
            format!("drift is not reported: {incomplete} problem(s) reading the models statically (`driftlock drift` shows them)"),
        ));
        (Vec::new(), Vec::new())
    } else if declared.found {
        let filters = crate::drift::Filters::new(&env, &settings.drift_ignore);
        let head = &analysis.replay.as_ref().expect("replayed").head;
        let mut files: Vec<String> = declared
            .origins
            .tables
            .values()
            .map(|s| analysis.sources.get(s.file).display.clone())
            .collect();
        files.sort();
        files.dedup();
        (
            crate::drift::compare(head, &declared.schema, &declared.origins, &filters),
            files,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let mut diagnostics = analysis.diagnostics.clone();
    diagnostics.append(&mut checker.findings);
    diagnostics.append(&mut drift_notes);
    if settings.level(&rules::data_migration_uses_models::META) != rules::Level::Off {
        diagnostics.extend(rules::data_migration_uses_models::find(
            &analysis.project,
            &analysis.sources,
            &analysis.files,
            &analysis.graph,
        ));
    }
    rules::apply_levels(&mut diagnostics, &settings);
    // Per-file ignores, then suppression comments in every file read.
    diagnostics.retain(|d| {
        let (Some(span), Some(rule)) = (&d.primary, rules::find(d.code)) else {
            return true;
        };
        let file = &analysis.sources.get(span.file).display;
        !settings.ignored_in_file(d.code, rule.meta().code, file)
    });
    let suppressions: Vec<_> = analysis
        .sources
        .iter()
        .flat_map(|(id, f)| rules::suppress::parse(id, &f.text))
        .collect();
    let enabled = |name: &str| {
        rules::find(name).is_some_and(|r| settings.level(r.meta()) != rules::Level::Off)
    };
    rules::suppress::apply(&mut diagnostics, &analysis.sources, &suppressions, &enabled);
    if let Some(changed) = &changed {
        since_filter(&mut diagnostics, &analysis, changed);
    }
    sort(&mut diagnostics, &analysis.sources);
    diagnostics.dedup();
    Ok(CheckResult {
        analysis,
        diagnostics,
        settings,
        drift,
        models,
    })
}

/// What git says changed since a ref: files (relative to the project root, `/`-separated)
/// added or modified, and among them those that already existed at the ref.
pub struct Changes {
    pub changed: Vec<String>,
    pub existed: Vec<String>,
    pub reference: String,
}

fn git(root: &Path, args: &[&str]) -> Result<String, Fatal> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| Fatal::Usage(format!("--since needs git: {e}")))?;
    if !out.status.success() {
        return Err(Fatal::Usage(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn git_changes(root: &Path, reference: &str) -> Result<Changes, Fatal> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        Fatal::Usage(format!(
            "--since {reference}: no such commit in {}",
            root.display()
        ))
    })?;
    // Paths relative to the project root, whatever the repository's root is.
    let modified = git(
        root,
        &[
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "--diff-filter=AM",
            reference,
            "--",
            ".",
        ],
    )?;
    let untracked = git(
        root,
        &["ls-files", "--others", "--exclude-standard", "--", "."],
    )?;
    let prefix = git(root, &["rev-parse", "--show-prefix"])?
        .trim()
        .to_string();
    let mut changed: Vec<String> = modified
        .lines()
        .chain(untracked.lines())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    changed.sort();
    changed.dedup();
    let mut existed = Vec::new();
    for file in &changed {
        let spec = format!("{reference}:{prefix}{file}");
        if git(root, &["cat-file", "-e", &spec]).is_ok() {
            existed.push(file.clone());
        }
    }
    Ok(Changes {
        changed,
        existed,
        reference: reference.to_string(),
    })
}

/// Keeps risk findings of changed revision files only, and reports revision files that
/// existed at the ref and were modified since.
fn since_filter(diagnostics: &mut Vec<Diagnostic>, analysis: &Analysis, changes: &Changes) {
    let display = |span: &Span| analysis.sources.get(span.file).display.clone();
    diagnostics.retain(|d| {
        if d.kind != Kind::Risk && rules::find(d.code).is_none() {
            return true;
        }
        match &d.primary {
            Some(span) => changes.changed.contains(&display(span)),
            None => true,
        }
    });
    for rev in analysis.graph.in_order() {
        let file = &analysis.sources.get(rev.file).display;
        if !changes.existed.contains(file) {
            continue;
        }
        let range = rev
            .header
            .revision
            .as_ref()
            .map_or(0..0, |r| r.range.clone());
        diagnostics.push(
            Diagnostic::warning(
                Kind::Risk,
                rules::modified_revision::META.name,
                format!(
                    "revision {} already existed at {} and was modified since: databases that applied it will not run the change",
                    rev.id, changes.reference
                ),
            )
            .at(Span::new(rev.file, range))
            .with_help("leave applied revisions alone; put the change in a new revision")
            .for_revision(rev.id.clone()),
        );
    }
}

/// Renders the result in the chosen format.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let result = check(options)?;
    match options.format {
        Format::Text => report::check::text(&result, options.color, out)?,
        Format::Json => out.write_all(report::check::json(&result).as_bytes())?,
        Format::Sarif => out.write_all(report::check::sarif(&result).as_bytes())?,
        Format::Github => out.write_all(report::check::github(&result).as_bytes())?,
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
