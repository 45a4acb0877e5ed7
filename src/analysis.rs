//! The pipeline as it stands: discover → load (parallel parse) → revision graph. Each stage
//! takes the previous stage's output; this module only wires them together and gathers the
//! diagnostics, sorted so that every run prints the same bytes.

use crate::config::AppTables;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::discover::{list_revision_files, ConfigProblem, Project};
use crate::history::{self, RevisionGraph};
use crate::load::{self, LoadedFile};
use crate::replay::{self, Replay, ReplayOptions};
use crate::source::SourceMap;

/// Everything known about a project after analysis.
#[derive(Debug)]
pub struct Analysis {
    pub project: Project,
    pub sources: SourceMap,
    pub files: Vec<LoadedFile>,
    pub graph: RevisionGraph,
    /// The replay, when it was asked for.
    pub replay: Option<Replay>,
    /// Sorted by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs discovery's result through loading and the revision graph.
pub fn analyze(project: Project) -> Analysis {
    analyze_with(project, None)
}

/// Like [`analyze`], then replays the history into a schema when `replay` is given.
pub fn analyze_with(project: Project, replay: Option<ReplayOptions>) -> Analysis {
    analyze_observed(project, replay, None)
}

/// Like [`analyze_with`], with an observer of the upgrade replay (the risk rules).
pub fn analyze_observed(
    project: Project,
    replay: Option<ReplayOptions>,
    observer: Option<&mut dyn replay::Observer>,
) -> Analysis {
    let mut listing = list_revision_files(&project);
    if !listing.beneath.is_empty() {
        if let Some(location) = project.version_locations.first() {
            let adoption = history::beneath::adopt(
                &project.root,
                &location.path,
                location.declared_at.clone(),
                &listing.files,
                &listing.beneath,
                project.max_file_bytes,
            );
            listing.files.extend(adoption.adopted);
            listing.problems.extend(adoption.problems);
        }
    }
    if let Some(pending) = &project.pending {
        if !listing.files.iter().any(|f| f.path == pending.path) {
            listing.files.push(crate::discover::RevisionFile {
                path: pending.path.clone(),
            });
        }
    }
    let files = listing.files;
    let load::Loaded {
        mut sources,
        files,
        mut diagnostics,
    } = crate::timings::stage("read and parse", || {
        load::load(
            &project.root,
            &files,
            project.max_file_bytes,
            project.pending.as_ref(),
        )
    });
    // Header constants imported from the checkout's modules (`cli.CONTRACT_BRANCH`).
    let imports = |dotted: &str| {
        let path = load::module_file(&project.python_path, dotted)?;
        let text = load::read_source(&path, project.max_file_bytes)?;
        crate::python::parse_module(&text, &path.to_string_lossy()).ok()
    };
    let (graph, mut problems) =
        crate::timings::stage("history", || history::build_in(&sources, &files, &imports));
    diagnostics.append(&mut problems);
    let mut app_tables = Vec::new();
    let replay = crate::timings::stage("replay", || {
        replay.map(|options| {
            let mut run = Run {
                project: &project,
                sources: &mut sources,
                files: &files,
                graph: &graph,
                observer,
            };
            // Where the application's own code shows it builds new databases from its models,
            // said unless the setting already says so (or says nothing is created besides).
            let suggest = options.seed.is_none()
                && matches!(
                    options.app_tables,
                    AppTables::Missing | AppTables::BeforeHistory
                );
            let replayed = match options.app_tables {
                AppTables::BeforeHistory if options.seed.is_none() => {
                    run.before_history(options, &mut app_tables)
                }
                AppTables::InsteadOfHistory if options.seed.is_none() => {
                    run.instead_of_history(options, &mut app_tables)
                }
                _ => run.missing_tables(options, &mut app_tables),
            };
            if suggest {
                app_tables.extend(crate::models::app_tables::suggest_instead_of_history(
                    &project,
                    &mut sources,
                ));
            }
            replayed
        })
    });
    diagnostics.append(&mut app_tables);
    if let Some(r) = &replay {
        diagnostics.extend(r.diagnostics.iter().cloned());
        diagnostics.extend(crate::rules::downgrade_findings(&r.downgrades));
    }
    diagnostics.extend(config_problems(&project.problems, &project, &mut sources));
    diagnostics.extend(config_problems(&listing.problems, &project, &mut sources));
    sort(&mut diagnostics, &sources);
    Analysis {
        project,
        sources,
        files,
        graph,
        replay,
        diagnostics,
    }
}

/// One replay of the history, with what the application creates besides it (`app-tables`).
struct Run<'a, 'o> {
    project: &'a Project,
    sources: &'a mut SourceMap,
    files: &'a [LoadedFile],
    graph: &'a RevisionGraph,
    observer: Option<&'o mut dyn replay::Observer>,
}

impl Run<'_, '_> {
    fn replay(&mut self, options: ReplayOptions) -> Replay {
        replay::replay(
            self.project,
            self.sources,
            self.files,
            self.graph,
            options,
            match self.observer.as_mut() {
                Some(o) => Some(&mut **o as &mut dyn replay::Observer),
                None => None,
            },
        )
    }

    /// `app-tables = "before-history"`: the application creates every model table, then
    /// the history runs on top of them.
    fn before_history(&mut self, options: ReplayOptions, found: &mut Vec<Diagnostic>) -> Replay {
        let (seed, finding) = self.all_declared(&options, AppTables::BeforeHistory);
        let at = finding.first().and_then(|d| d.primary.clone());
        found.extend(finding);
        let seed = std::sync::Arc::new(seed);
        let mut replayed = self.replay(ReplayOptions {
            seed: Some(seed.clone()),
            ..options
        });
        found.extend(crate::models::app_tables::created_again(
            &mut replayed.head,
            &seed,
            at,
        ));
        replayed.created_at_start = seed.tables.iter().cloned().collect();
        replayed
    }

    /// `app-tables = "instead-of-history"`: a new database is the models' tables, stamped at
    /// the head; the history is replayed as it upgrades a database that exists already (the
    /// tables it uses but never creates come from the application, as by default), for its
    /// findings and its downgrades.
    fn instead_of_history(
        &mut self,
        options: ReplayOptions,
        found: &mut Vec<Diagnostic>,
    ) -> Replay {
        let (seed, finding) = self.all_declared(&options, AppTables::InsteadOfHistory);
        found.extend(finding);
        let mut replayed = self.missing_tables(
            ReplayOptions {
                app_tables: AppTables::Missing,
                ..options
            },
            found,
        );
        // No model table read (models driftlock cannot see): the history's head is the
        // nearest estimate of what the application creates, and a warning says so.
        if !seed.tables.is_empty() {
            let mut head = crate::schema::Schema::default();
            head.adopt_tables(&seed.schema, &seed.tables);
            replayed.head = head;
        }
        replayed
    }

    /// Every table the models declare (`models/app_tables.rs`), read on a large stack: the
    /// interpreter recurses with the code it follows.
    fn all_declared(
        &mut self,
        options: &ReplayOptions,
        mode: AppTables,
    ) -> (replay::Seed, Vec<Diagnostic>) {
        let project = self.project;
        let sources = &mut *self.sources;
        let models = &options.models;
        crate::eval::on_large_stack("driftlock-app-tables", || {
            crate::models::app_tables::all_declared(project, sources, models, mode)
        })
    }

    /// The default: the history alone, unless it uses tables no revision creates; where the
    /// application creates those itself, replay again starting with them
    /// (models/app_tables.rs).
    fn missing_tables(&mut self, options: ReplayOptions, found: &mut Vec<Diagnostic>) -> Replay {
        let first = self.replay(options.clone());
        if options.app_tables == AppTables::Off
            || options.seed.is_some()
            || first.never_created.is_empty()
        {
            return first;
        }
        let project = self.project;
        let sources = &mut *self.sources;
        let seeded = crate::eval::on_large_stack("driftlock-app-tables", || {
            crate::models::app_tables::seed(
                project,
                sources,
                &first.never_created,
                &first.created,
                &options.models,
            )
        });
        let Some((seed, findings)) = seeded else {
            return first;
        };
        found.extend(findings);
        if let Some(o) = self.observer.as_mut() {
            o.restart();
        }
        self.replay(ReplayOptions {
            seed: Some(std::sync::Arc::new(seed)),
            ..options
        })
    }
}

/// Configuration problems, pointing at the line of the setting when there is one.
fn config_problems(
    problems: &[ConfigProblem],
    project: &Project,
    sources: &mut SourceMap,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for problem in problems {
        let mut d = Diagnostic::new(
            Kind::History,
            problem.code,
            problem.severity,
            problem.message.clone(),
        );
        if let Some(place) = &problem.place {
            if let Some(id) = load::source_file(project, sources, &place.file) {
                let range = sources.get(id).line_range(place.line);
                d = d.at(Span::new(id, range));
            }
        }
        out.push(d);
    }
    out
}

/// Makes diagnostics ready for any renderer, the one step every list of diagnostics goes
/// through before it is reported: every span clamped to its file's text and to character
/// boundaries (renderers slice the text with it), then sorted by (file, line, column, code,
/// message), the order every report uses.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    for d in diagnostics.iter_mut() {
        for span in d
            .primary
            .iter_mut()
            .chain(d.labels.iter_mut().map(|l| &mut l.span))
        {
            span.range = sources.get(span.file).clamp(&span.range);
        }
    }
    diagnostics.sort_by_cached_key(|d| {
        let (file, start) = match &d.primary {
            Some(span) => {
                let f = sources.get(span.file);
                (Some(f.display.clone()), Some(f.line_col(span.range.start)))
            }
            None => (None, None),
        };
        (file, start, d.code, d.message.clone())
    });
}
