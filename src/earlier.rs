//! Histories that run first on the same database (`runs-after`). A plugin's or a
//! sub-project's migrations often run on a database its host application's history built
//! first, each history with its own version table (a framework's plugins, a service's
//! extensions): the plugin's revisions use the host's tables, and `alembic check` compares its
//! models with the whole database. Neither can be known from the plugin's files, so the
//! configuration names the host's project; its history is replayed (with its own settings,
//! and its own `runs-after` first) and the plugin's replay starts from the database it leaves,
//! the host's version table included, as PostgreSQL holds it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Severity};
use crate::discover::DiscoverOptions;
use crate::replay::{Base, ReplayOptions};
use crate::schema::{Schema, Table};
use crate::workspace::Workspace;

/// The database the histories of `ws`'s `runs-after` leave, in the order the setting names
/// them, or `None` without the setting.
pub fn base(ws: &Workspace) -> Option<Arc<Base>> {
    if ws.settings.runs_after.is_empty() {
        return None;
    }
    let mut seen = vec![canonical(&ws.project.root)];
    Some(Arc::new(chain(ws, &mut seen, Schema::default())))
}

/// `ws`'s earlier histories replayed one after the other from `start`, each starting from
/// the database the one before it left (and its own earlier histories first). `seen` holds the projects being replayed, so that a cycle of
/// settings ends with an error instead of recursing.
fn chain(ws: &Workspace, seen: &mut Vec<PathBuf>, start: Schema) -> Base {
    let mut base = Base {
        schema: start,
        notes: Vec::new(),
    };
    for earlier_history in &ws.settings.runs_after {
        let entry = &earlier_history.path;
        let path = ws.project.root.join(entry);
        let settings = earlier_history
            .settings
            .as_ref()
            .map(|s| ws.project.root.join(s));
        if seen.contains(&canonical(&path)) {
            base.notes.push(note(
                Severity::Error,
                format!("`runs-after` names `{entry}`, whose history is already being replayed before this one (the setting forms a cycle): it is not replayed again"),
            ));
            continue;
        }
        let earlier = match Workspace::open(
            &path,
            &DiscoverOptions::default(),
            settings.as_deref(),
            &[],
        ) {
            Ok(earlier) => earlier,
            Err(e) => {
                base.notes.push(note(
                    Severity::Error,
                    format!("`runs-after` names `{entry}`, which cannot be opened ({e}): the replay starts without its tables"),
                ));
                continue;
            }
        };
        let mut inherited = Base {
            schema: std::mem::take(&mut base.schema),
            notes: Vec::new(),
        };
        if !earlier.settings.runs_after.is_empty() {
            seen.push(canonical(&path));
            let before = chain(&earlier, seen, inherited.schema);
            seen.pop();
            inherited.schema = before.schema;
            base.notes.extend(before.notes);
        }
        let options = ReplayOptions {
            app_tables: earlier.settings.app_tables,
            models: earlier.models.clone(),
            base: Some(Arc::new(inherited)),
            version_table: earlier.env.version_table.clone(),
            version_table_schema: earlier.env.version_table_schema.clone(),
            transaction_per_migration: earlier.transaction_per_migration(),
            baseline: earlier.settings.baseline.clone(),
            ..Default::default()
        };
        let analysis = crate::analysis::analyze_with(earlier.project.clone(), Some(options));
        let problems = analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code != codes::EARLIER_HISTORY)
            .count();
        // Always there: a replay was asked for.
        base.schema = analysis.replay.map(|r| r.head).unwrap_or_default();
        // The earlier history's version table is a table of the database, as PostgreSQL holds it.
        let version_table = earlier.env.version_table_name();
        let version_schema = earlier
            .env
            .version_table_schema
            .clone()
            .flatten()
            .unwrap_or_else(|| "public".into());
        let k = (version_schema.clone(), version_table.clone());
        if !base.schema.tables.contains_key(&k) {
            base.schema.schemas.insert(version_schema.clone());
            let table = Table::alembic_version(version_schema, version_table.clone());
            base.schema.tables.insert(k, Arc::new(table));
        }
        let heads: Vec<&str> = analysis
            .graph
            .heads()
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        let problems = match problems {
            0 => String::new(),
            n => format!(
                "; its replay reported {n} error(s), which `driftlock check {}` shows",
                path.display()
            ),
        };
        base.notes.push(note(
            Severity::Info,
            format!(
                "the replay starts from the database the history of `{entry}` leaves (`runs-after`): {} revision(s) up to {}, its version table `{version_table}` included{problems}",
                analysis.graph.len(),
                match heads.as_slice() {
                    [] => "no head".to_string(),
                    [one] => format!("head {one}"),
                    many => format!("heads {}", many.join(", ")),
                }
            ),
        ));
    }
    base
}

fn note(severity: Severity, message: String) -> Diagnostic {
    Diagnostic::new(Kind::Replay, codes::EARLIER_HISTORY, severity, message)
}

fn canonical(path: &Path) -> PathBuf {
    crate::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
