//! Each revision's `downgrade()` replayed on the schema its `upgrade()` left, and compared
//! with the schema before the revision. The outcome is typed; the downgrade rules
//! (`rules/{missing_downgrade,empty_downgrade,downgrade_mismatch,downgrade_fails}.rs`) turn
//! it into findings.

use std::rc::Rc;

use crate::alembic::{Lowering, OutsideTables};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::eval::interp::{Interp, ModuleTable};
use crate::eval::value::ModuleEnv;
use crate::history::Revision;
use crate::schema::{first_difference, Schema, Table};
use crate::sqlalchemy::naming::NamingConvention;

/// What replaying one revision's `downgrade()` showed.
#[derive(Clone, Debug)]
pub struct DowngradeCheck {
    pub revision: String,
    /// The revision's `revision = ...` line, where the findings about it point.
    pub span: Span,
    /// Operations of `downgrade()` that fail, as the replay reported them. Each message here
    /// and in `unanalyzable` starts with `downgrade: `.
    pub failures: Vec<Diagnostic>,
    /// Code of `downgrade()` the replay could not follow: reported as the upgrade's is, and
    /// no mismatch is claimed after it.
    pub unanalyzable: Vec<Diagnostic>,
    pub outcome: DowngradeOutcome,
}

/// How a `downgrade()` relates to its `upgrade()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DowngradeOutcome {
    /// It restores the schema, raises on purpose (the revision declares itself
    /// irreversible), or changes nothing after an upgrade that changed nothing.
    Fine,
    /// The upgrade changes the schema and there is no `downgrade()`.
    Missing,
    /// The upgrade changes the schema and `downgrade()` runs no operation.
    Empty,
    /// `downgrade()` runs without failing but leaves a different schema.
    Mismatch { difference: String },
}

/// What the upgrade replay knows when a downgrade is checked: the tables built outside the
/// history, and the modules already run.
pub(super) struct RunSoFar {
    pub outside: OutsideTables,
    pub modules: im::HashMap<String, Rc<ModuleEnv>>,
    /// What env.py passes to `run_migrations(**kw)`: `downgrade()`'s arguments too.
    pub entry_args: crate::eval::value::Args,
    /// The `search_path` env.py's connection starts with: a downgrade is a run of its own.
    pub search_path: crate::alembic::SessionPath,
}

/// Runs `downgrade()` on the schema after the upgrade and compares with the schema before.
/// Returns what it showed and the schema the downgrade leaves (`None` when `downgrade()` is
/// missing or raises: there is no such schema).
pub(super) fn check_downgrade(
    table: &ModuleTable,
    env: &Rc<ModuleEnv>,
    rev: &Revision,
    before: &Schema,
    mut after: Schema,
    convention: &NamingConvention,
    so_far: RunSoFar,
) -> (DowngradeCheck, Option<Schema>) {
    let upgrade_changed = &after != before;
    let mut lowering = Lowering::new(&mut after, convention.clone());
    // Tables no migration ever created (built by `create_all()` outside the history) are
    // reported once by the upgrade replay; their operations in downgrades are not failures
    // of the downgrade.
    lowering.collapse_uncreated_tables = true;
    lowering.assume_created(so_far.outside);
    lowering.search_path = so_far.search_path;
    lowering.set_revision(Some(rev.id.clone()));
    let raised = {
        let shared = so_far.modules.clone();
        let mut interp = Interp::new(&mut lowering, table).with_modules(so_far.modules);
        let _ = interp.module(&env.name);
        let raised = interp.run_entry(env, "downgrade", so_far.entry_args);
        interp.release_modules(&shared);
        raised
    };
    let ops = lowering.ops.len();
    let (failures, unanalyzable): (Vec<Diagnostic>, Vec<Diagnostic>) = lowering
        .diagnostics
        .drain(..)
        .filter(|d| matches!(d.kind, Kind::Replay | Kind::Unanalyzable))
        .map(|mut d| {
            d.message = format!("downgrade: {}", d.message);
            d
        })
        .partition(|d| d.kind == Kind::Replay);
    drop(lowering);
    let span = Span::new(
        rev.file,
        rev.header
            .revision
            .as_ref()
            .map_or(0..0, |r| r.range.clone()),
    );
    let outcome = match raised {
        None if upgrade_changed => DowngradeOutcome::Missing,
        Some(true) => DowngradeOutcome::Fine, // An explicit `raise`: irreversible on purpose.
        Some(false) if upgrade_changed && ops == 0 && unanalyzable.is_empty() => {
            DowngradeOutcome::Empty
        }
        Some(false)
            if failures.is_empty()
                && unanalyzable.is_empty()
                && !same_ignoring_column_order(before, &after) =>
        {
            DowngradeOutcome::Mismatch {
                difference: first_difference(before, &after),
            }
        }
        _ => DowngradeOutcome::Fine,
    };
    let check = DowngradeCheck {
        revision: rev.id.clone(),
        span,
        failures,
        unanalyzable,
        outcome,
    };
    (check, (raised == Some(false)).then_some(after))
}

/// Equality except for the order of columns: a column that a downgrade drops and adds back
/// lands at the end in PostgreSQL too, which no one can avoid and nothing depends on.
fn same_ignoring_column_order(a: &Schema, b: &Schema) -> bool {
    // Tables the two copies share compare by pointer: only those that differ are sorted.
    if a == b {
        return true;
    }
    let (mut a, mut b) = (a.clone(), b.clone());
    let sort = |t: &mut Table| {
        t.columns.sort_by(|x, y| x.name.cmp(&y.name));
        t.constraints.sort_by(|x, y| x.name.cmp(&y.name));
        t.indexes.sort_by(|x, y| x.name.cmp(&y.name));
    };
    let differing = a.tables.changed_in_both(&b.tables);
    for k in differing {
        for s in [&mut a, &mut b] {
            if let Some(mut t) = s.tables.get_mut(&k) {
                sort(&mut t);
            }
        }
    }
    a == b
}
