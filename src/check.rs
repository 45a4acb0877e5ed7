//! A check, whole: the replay with the rules watching, the downgrade and history rules, drift
//! against the models, then the settings applied to the findings (levels, per-file ignores,
//! suppression comments, `--since`). The result is what every renderer of `report::check`
//! takes.

use crate::analysis::{analyze_observed, sort, Analysis};
use crate::codes;
use crate::config::{PgVersion, Settings};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::git::{self, Changes};
use crate::replay::ReplayOptions;
use crate::rules::{self, Checker};
use crate::workspace::Workspace;

/// What the command line adds to the configuration.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Rules, codes or categories to run instead of the configured selection.
    pub select: Vec<String>,
    /// Rules, codes or categories not to run, on top of the configuration.
    pub ignore: Vec<String>,
    /// `--pg-version`, overriding the configuration.
    pub pg_version: Option<String>,
    /// Report risk findings only for revision files changed since this git ref.
    pub since: Option<String>,
    /// `--table-stats FILE`: a `stats/1` file (relative to the working directory), instead
    /// of the configuration's `table-stats`.
    pub table_stats: Option<std::path::PathBuf>,
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
    /// The schema the models declare (what drift compared the history with).
    pub declared: crate::schema::Schema,
    /// With `--since`: the files the check read that changed since the ref.
    pub changes: Option<Changes>,
    /// With table statistics: what they did to the findings.
    pub table_stats: Option<crate::stats::Judged>,
}

/// Runs the check on an opened workspace; the caller renders. An error is a usage error
/// (an unknown rule, a version that does not parse, `--since` without git).
pub fn check(ws: Workspace, request: &Request) -> Result<CheckResult, String> {
    let base = crate::timings::stage("replay", || crate::earlier::base(&ws));
    let Workspace {
        project,
        mut settings,
        env,
        models: configured,
    } = ws;
    apply_request(&mut settings, request)?;
    // Statistics that cannot be read stop the run before any work: judging without them
    // would be a different answer than the one asked for.
    let snapshot = read_table_stats(&project.root, &settings, request)?;
    let per_migration = settings
        .transaction_per_migration
        .unwrap_or(env.transaction_per_migration);
    let mut checker = Checker::new(settings.clone(), per_migration);
    checker.context.lock_timeout_elsewhere = env.sets_lock_timeout;
    // A ref that names no commit is a usage error before any work is done.
    if let Some(r) = &request.since {
        git::verify_commit(&project.root, r)?;
    }
    let replay = ReplayOptions {
        keep_states: false,
        check_downgrades: true,
        keep_downgrades: false,
        only: None,
        app_tables: settings.app_tables,
        models: configured.clone(),
        seed: None,
        base,
        version_table: env.version_table.clone(),
        version_table_schema: env.version_table_schema.clone(),
        transaction_per_migration: per_migration,
        baseline: settings.baseline.clone(),
    };
    // The models are read beside the replay, on another thread and into their own source map
    // (the two share no state; parsed files are shared by `python::parse_shared`), which is
    // appended to the replay's when both are done.
    let models_project = project.clone();
    let (mut analysis, changed, declared) = std::thread::scope(|scope| {
        let models = scope.spawn(|| {
            let mut own = crate::source::SourceMap::default();
            let declared = crate::timings::stage("models", || {
                crate::models::read(&models_project, &mut own, &configured)
            });
            (declared, own)
        });
        let analysis = analyze_observed(project, Some(replay), Some(&mut checker));
        let changed = match &request.since {
            Some(r) => {
                // The files this check read, relative to the project root.
                let read: Vec<String> = analysis
                    .sources
                    .iter()
                    .map(|(_, f)| f.display.clone())
                    .filter(|d| !d.starts_with('/') && !d.starts_with(".."))
                    .collect();
                git::changes_since(&analysis.project.root, r, &read).map(Some)
            }
            None => Ok(None),
        };
        let read = models
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (analysis, changed, read)
    });
    let changed = changed?;
    let (mut declared, own) = declared;
    declared.shift_files(analysis.sources.append(own));
    // Drift only from what was read completely: a model driftlock could not read in part
    // would show as a difference that is not there. Each problem reading the models is placed
    // in the table whose declaration holds it (see `partly_read`).
    let problems: Vec<&Diagnostic> = declared
        .diagnostics
        .iter()
        .filter(|d| {
            d.kind == Kind::Parse
                || matches!(
                    d.code,
                    codes::UNANALYZABLE_MODEL | codes::MODEL_FAILS | codes::UNANALYZABLE_OPERATION
                )
        })
        .collect();
    let partly = partly_read(&problems, &declared.origins);
    let mut drift_notes = Vec::new();
    let (drift, models) = crate::timings::stage("drift", || {
        if declared.comparable() && partly.is_none() {
            drift_notes.push(Diagnostic::info(
                Kind::Unanalyzable,
                codes::DRIFT_NOT_CHECKED,
                format!(
                    "drift is not reported: {} problem(s) reading the models statically \
                     (`driftlock drift` shows them)",
                    problems.len()
                ),
            ));
            (Vec::new(), Vec::new())
        } else if declared.comparable() {
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
            let mut items =
                crate::drift::compare(head, &declared.schema, &declared.origins, &filters);
            if let Some(why) = crate::drift::why_models_may_lack_tables(&declared) {
                drift_notes.extend(crate::drift::leave_out_missing_tables(
                    &mut items,
                    &declared.schema,
                    why,
                ));
            }
            if let Some(partly) = &partly {
                let before = items.len();
                items.retain(|i| !partly.contains(&(i.schema.clone(), i.table.clone())));
                let left_out = before - items.len();
                if left_out > 0 {
                    let mut names: Vec<String> =
                        partly.iter().map(crate::schema::display_key).collect();
                    names.truncate(6);
                    let mut note = Diagnostic::info(
                    Kind::Unanalyzable,
                    codes::DRIFT_NOT_CHECKED,
                    format!(
                        "{left_out} drift item(s) of {} table(s) not read completely are left out ({}): {} problem(s) reading them statically; `driftlock drift` shows them",
                        partly.len(),
                        names.join(", "),
                        problems.len(),
                    ),
                );
                    // At the first problem, in the models.
                    if let Some(span) = problems.iter().find_map(|d| d.primary.clone()) {
                        note = note.at(span);
                    }
                    drift_notes.push(note);
                }
            }
            if env.include_object || env.include_name {
                let sides = crate::drift::include::Sides {
                    replayed: head,
                    declared: &declared.schema,
                };
                let undecided;
                (items, undecided) = crate::drift::include::apply(
                    &models_project,
                    &mut analysis.sources,
                    items,
                    &sides,
                );
                drift_notes.extend(undecided);
            }
            (items, files)
        } else {
            (Vec::new(), Vec::new())
        }
    });
    let mut diagnostics = analysis.diagnostics.clone();
    diagnostics.append(&mut checker.findings);
    diagnostics.append(&mut drift_notes);
    diagnostics.extend(unread_defines(&analysis.project));
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
    // Last, on the findings as reported: a size lowers a level the settings set.
    let table_stats = snapshot.map(|snapshot| {
        let revisions: Vec<(String, Option<String>)> = analysis
            .graph
            .in_order()
            .map(|r| (r.id.clone(), r.header.create_date.clone()))
            .collect();
        crate::stats::judge(&mut diagnostics, &snapshot, &settings.sizes, &revisions)
    });
    sort(&mut diagnostics, &analysis.sources);
    diagnostics.dedup();
    Ok(CheckResult {
        analysis,
        diagnostics,
        settings,
        drift,
        models,
        declared: declared.schema,
        changes: changed,
        table_stats,
    })
}

/// The table statistics the check is asked to judge against: `--table-stats` (relative to
/// the working directory), else the configuration's `table-stats` (relative to the project
/// root). An error names the file, and the line in it when its JSON is at fault.
fn read_table_stats(
    root: &std::path::Path,
    settings: &Settings,
    request: &Request,
) -> Result<Option<crate::stats::Snapshot>, String> {
    let (path, shown) = match (&request.table_stats, &settings.table_stats) {
        (Some(p), _) => (p.clone(), p.display().to_string()),
        (None, Some(p)) => (root.join(p), p.clone()),
        (None, None) => return Ok(None),
    };
    let text = crate::fs::read_utf8(&path, crate::stats::MAX_FILE_BYTES)
        .map_err(|e| format!("cannot read the table statistics {shown}: {e}"))?;
    crate::stats::parse(&shown, &text).map(Some)
}

/// The settings with the command line's overrides applied (`--pg-version`, `--select`,
/// `--ignore`); an error names the argument that does not parse.
pub fn apply_request(settings: &mut Settings, request: &Request) -> Result<(), String> {
    if let Some(v) = &request.pg_version {
        settings.pg_version = PgVersion::parse(v)
            .ok_or_else(|| format!("--pg-version {v}: expected a version like 15 or 14.4"))?;
        settings.pg_version_source = "--pg-version".into();
    }
    for name in request.select.iter().chain(&request.ignore) {
        if !crate::codes::selects_rules(name, rules::registry().metas()) {
            return Err(format!(
                "`{name}` is not a rule, code or category (see `driftlock rules`)"
            ));
        }
    }
    if !request.select.is_empty() {
        settings.select = request.select.clone();
    }
    settings.ignore.extend(request.ignore.iter().cloned());
    Ok(())
}

/// The tables whose declaration holds a problem reading the models. `None` when a problem
/// lies outside every table's declaration (a mixin, a module's top level, a file not parsed)
/// or has no place: it may change any table, or hide whole ones, and nothing is compared.
fn partly_read(
    problems: &[&Diagnostic],
    origins: &crate::models::Origins,
) -> Option<std::collections::BTreeSet<crate::schema::Key>> {
    let mut tables = std::collections::BTreeSet::new();
    for d in problems {
        let span = d.primary.as_ref()?;
        let holders: Vec<&crate::schema::Key> = origins
            .tables
            .iter()
            .filter(|(_, s)| {
                s.file == span.file
                    && s.range.start <= span.range.start
                    && span.range.end <= s.range.end
            })
            .map(|(k, _)| k)
            .collect();
        if holders.is_empty() || d.kind == Kind::Parse {
            return None;
        }
        tables.extend(holders.into_iter().cloned());
    }
    Some(tables)
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
    diagnostics.extend(rules::modified_revision::findings(
        &analysis.graph,
        &analysis.sources,
        changes,
    ));
}

/// The names of the configuration's `define` that no code of the run read (env.py, the
/// revisions, the models, the modules they import): a misspelt name, or one the code reads
/// under another spelling (a module's other name), is said instead of being ignored.
fn unread_defines(project: &crate::discover::Project) -> Vec<Diagnostic> {
    let read = match project.define_read.lock() {
        Ok(read) => read.clone(),
        Err(_) => return Vec::new(),
    };
    // A table of values (`"fw.current" = { name = "x", id = 1 }`) none of whose names was
    // read is said once, by the table's name.
    let parent = |name: &str| name.rsplit_once('.').map(|(p, _)| p.to_string());
    let mut unread: Vec<String> = Vec::new();
    for name in project.define.keys().filter(|n| !read.contains(*n)) {
        let whole = parent(name).filter(|p| {
            let siblings: Vec<&String> = project
                .define
                .keys()
                .filter(|k| parent(k).as_deref() == Some(p.as_str()))
                .collect();
            siblings.len() > 1 && siblings.iter().all(|k| !read.contains(*k))
        });
        let said = whole.unwrap_or_else(|| name.clone());
        if !unread.contains(&said) {
            unread.push(said);
        }
    }
    unread
        .into_iter()
        .map(|name| {
            Diagnostic::warning(
                Kind::History,
                codes::DEFINE_UNREAD,
                format!("the configuration's `define` gives `{name}`, which no code driftlock read reads by that name"),
            )
            .with_help("give the dotted name the code imports it under (`package.module.NAME`, as `from package.module import NAME` reads it), or remove it")
        })
        .collect()
}
