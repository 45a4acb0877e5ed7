//! `driftlock schema`: the schema the migrations build, at head or at a revision.

use std::io::Write;
use std::path::PathBuf;

use super::{Fatal, Outcome};
use crate::analysis::analyze_with;
use crate::discover::DiscoverOptions;
use crate::history::RevisionGraph;
use crate::replay::ReplayOptions;
use crate::report::{self, Color, FailOn};
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
    /// An upgrade target (see [`resolve_target`]); `None` for every head.
    pub at: Option<String>,
    /// Also replay every `downgrade()` and report those that do not undo their upgrade.
    pub check_downgrades: bool,
    /// `--settings`: the settings file to read instead of the project's.
    pub settings_file: Option<PathBuf>,
    pub fail_on: FailOn,
    /// Colour for the diagnostics written to `err`.
    pub err_color: Color,
}

/// The revision `at` names, as Alembic reads an upgrade target: a revision id or a unique
/// prefix of one, a branch label (the revision that carries it) or `label@head` (the head of
/// that branch, following `down_revision`).
pub fn resolve_target(graph: &RevisionGraph, at: &str) -> Result<String, Fatal> {
    let (label, head) = match at.strip_suffix("@head") {
        Some(label) => (label, true),
        None => (at, false),
    };
    let labelled: Vec<&str> = graph
        .in_order()
        .filter(|r| r.branch_labels().any(|l| l == label))
        .map(|r| r.id.as_str())
        .collect();
    if let ([base], false) = (labelled.as_slice(), head) {
        // A bare label names the revision that carries it.
        return Ok(base.to_string());
    }
    if let [base] = labelled.as_slice() {
        let heads: Vec<&str> = graph
            .heads()
            .into_iter()
            .filter(|h| graph.branch_of(&h.id).contains(*base))
            .map(|h| h.id.as_str())
            .collect();
        return match heads.as_slice() {
            [one] => Ok(one.to_string()),
            _ => Err(Fatal::Usage(format!(
                "branch `{label}` has several heads: {}",
                heads.join(", ")
            ))),
        };
    }
    let matches: Vec<&str> = graph
        .in_order()
        .map(|r| r.id.as_str())
        .filter(|id| *id == at || id.starts_with(at))
        .collect();
    if matches.contains(&at) {
        return Ok(at.to_string());
    }
    match matches.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(Fatal::Usage(format!("no revision `{at}` in the history"))),
        many => Err(Fatal::Usage(format!(
            "`{at}` is ambiguous: {}",
            many.join(", ")
        ))),
    }
}

pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome, Fatal> {
    let only = match options.at.as_deref() {
        None | Some("head" | "heads") => None,
        Some(at) => {
            // The graph first, to know what `alembic upgrade <at>` applies.
            let history = crate::analysis::analyze(
                Workspace::open(
                    &options.path,
                    &options.discover,
                    options.settings_file.as_deref(),
                    &[],
                )?
                .project,
            );
            let target = resolve_target(&history.graph, at)?;
            Some(std::sync::Arc::new(history.graph.ancestors(&target)))
        }
    };
    let ws = Workspace::open(
        &options.path,
        &options.discover,
        options.settings_file.as_deref(),
        &[],
    )?;
    let replay_options = ReplayOptions {
        keep_states: false,
        check_downgrades: options.check_downgrades,
        keep_downgrades: false,
        only,
        app_tables: ws.settings.app_tables,
        models: ws.models.clone(),
        seed: None,
        base: crate::earlier::base(&ws),
        version_table: ws.env.version_table.clone(),
        version_table_schema: ws.env.version_table_schema.clone(),
        transaction_per_migration: ws.transaction_per_migration(),
        baseline: ws.settings.baseline.clone(),
    };
    // The project's own version table is not shown; one of a history that runs first on the
    // same database (`runs-after`) is a table of that database.
    let version_table = ws.env.version_table_name();
    let project = ws.project;
    let analysis = analyze_with(project, Some(replay_options));
    let replay = analysis.replay.as_ref().expect("replay was asked for");
    let schema = &replay.head;
    let text = match options.format {
        Format::Json => report::schema::json(schema, &version_table),
        Format::Sql => report::schema::sql(schema, &version_table),
    };
    out.write_all(text.as_bytes())?;
    super::report_on_stderr(&analysis, options.err_color, err)?;
    Ok(super::outcome(&analysis.diagnostics, options.fail_on))
}
