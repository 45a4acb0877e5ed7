//! Tables no operation of the replay created: histories that start from a schema built
//! outside Alembic (`metadata.create_all()` before `alembic upgrade`, a dump restored first).
//! Their operations are gathered into one finding per table instead of one per operation,
//! and the foreign keys and indexes that need them are left out.

use super::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::{ConstraintDef, ConstraintKind, IndexDef, Op, QualName};
use crate::schema::{key, Key};

/// What a lowering knows of tables built outside the history (see
/// [`Lowering::outside_tables`]).
#[derive(Clone, Debug, Default)]
pub struct OutsideTables {
    pub created: im::OrdSet<Key>,
    pub dangling: im::OrdSet<(Key, String)>,
    pub dangling_indexes: im::OrdSet<Key>,
}

impl Lowering<'_> {
    /// What the replay remembers about tables built outside the history, for a later
    /// lowering of the same run (the downgrade checks): the tables some operation created so
    /// far, and the foreign keys and indexes left out because their table was never created.
    pub fn outside_tables(&self) -> OutsideTables {
        OutsideTables {
            created: self.created.clone(),
            dangling: self.dangling.clone(),
            dangling_indexes: self.dangling_indexes.clone(),
        }
    }

    /// Tables created before this lowering began (a downgrade replayed after the history's
    /// upgrades): operations on tables outside this set and the schema were never created.
    pub fn assume_created(&mut self, known: OutsideTables) {
        // A fresh lowering takes the sets as they are (shared, no copy).
        self.created = std::mem::take(&mut self.created).union(known.created);
        self.dangling = std::mem::take(&mut self.dangling).union(known.dangling);
        self.dangling_indexes =
            std::mem::take(&mut self.dangling_indexes).union(known.dangling_indexes);
    }

    /// The tables operations used that no operation created, and those some operation
    /// created (read before [`Lowering::finish`]).
    pub fn tables_outside_history(
        &self,
    ) -> (
        std::collections::BTreeSet<Key>,
        std::collections::BTreeSet<Key>,
    ) {
        let created: std::collections::BTreeSet<Key> = self.created.iter().cloned().collect();
        let never = self
            .uncreated
            .keys()
            .filter(|k| !created.contains(*k))
            .cloned()
            .collect();
        (never, created)
    }

    /// Records and applies one operation; a failure is a `replay` diagnostic at the call.
    /// One finding per table that operations used but no migration created: histories that
    /// start from a schema built outside Alembic (`metadata.create_all()` before
    /// `alembic upgrade`, a dump restored first) would otherwise report every operation.
    pub fn finish(&mut self) {
        for (table, (span, count, revision)) in std::mem::take(&mut self.uncreated) {
            let created_later = self.created.contains(&table);
            let name = crate::schema::display_key(&table);
            if created_later {
                // Used before the revision that creates it: the order of the history is wrong.
                let mut d = Diagnostic::error(
                    Kind::Replay,
                    codes::OPERATION_FAILS,
                    format!(
                        "this operation fails on PostgreSQL: table `{name}` does not exist yet; \
                         a later revision creates it ({count} operation(s) use it before)"
                    ),
                )
                .at(span)
                .with_help(
                    "make this revision depend on the one that creates the table (down_revision or depends_on)",
                );
                if let Some(r) = revision {
                    d = d.for_revision(r);
                }
                self.diagnostics.push(d);
                continue;
            }
            let mut d = Diagnostic::error(
                Kind::Replay,
                codes::TABLE_NEVER_CREATED,
                format!(
                    "table `{name}` is used by {count} operation(s) but no migration creates it"
                ),
            )
            .at(span)
            .with_primary_label("first use")
            .with_note(
                "the history assumes a schema created outside the migrations (for example by \
                 `metadata.create_all()` before `alembic upgrade`), or a revision is missing",
            )
            .with_help("create the table in a base revision, so that `alembic upgrade head` builds the whole schema");
            if let Some(r) = revision {
                d = d.for_revision(r);
            }
            self.diagnostics.push(d);
        }
    }

    /// Whether a table is missing from the schema and no operation ever created it.
    pub(super) fn never_created(&self, table: &QualName) -> bool {
        let k = key(table);
        !self.schema.tables.contains_key(&k) && !self.created.contains(&k)
    }

    /// Whether an operation's failure on `table` is absorbed (see [`Self::absorb_uncreated`]).
    fn absorbable(&self, table: &QualName) -> bool {
        self.never_created(table)
            && self
                .collapse_only
                .as_ref()
                .is_none_or(|only| only.contains(&key(table)))
    }

    pub(super) fn note_uncreated(&mut self, table: &QualName, span: &Span) {
        let revision = self.revision.clone();
        self.uncreated
            .entry(key(table))
            .or_insert((span.clone(), 0, revision))
            .1 += 1;
    }

    /// With `collapse_uncreated_tables`: an operation that fails only because it names a table
    /// no migration created is counted against that table. A `CREATE TABLE` whose foreign keys
    /// point at such tables is applied without those foreign keys, so that what the
    /// migrations themselves build is still replayed.
    pub(super) fn absorb_uncreated(&mut self, op: &Op, span: &Span) -> bool {
        let references_uncreated = |c: &ConstraintDef, this: &Self| matches!(&c.kind, ConstraintKind::ForeignKey { referenced, .. } if this.absorbable(referenced));
        match op {
            Op::CreateTable {
                table,
                columns,
                constraints,
                comment,
                if_not_exists,
                from,
            } => {
                let (dangling, kept): (Vec<&ConstraintDef>, Vec<&ConstraintDef>) = constraints
                    .iter()
                    .partition(|c| references_uncreated(c, self));
                if dangling.is_empty() {
                    return false;
                }
                let reduced = Op::CreateTable {
                    table: table.clone(),
                    columns: columns.clone(),
                    constraints: kept.into_iter().cloned().collect(),
                    comment: comment.clone(),
                    if_not_exists: *if_not_exists,
                    from: from.clone(),
                };
                if self.schema.apply(&reduced).is_err() {
                    return false;
                }
                for c in dangling {
                    if let ConstraintKind::ForeignKey { referenced, .. } = &c.kind {
                        self.note_uncreated(&referenced.clone(), span);
                    }
                    if let Some(name) = &c.name {
                        self.dangling.insert((key(table), name.clone()));
                    }
                }
                true
            }
            Op::AddConstraint {
                table, constraint, ..
            } if references_uncreated(constraint, self) => {
                if let ConstraintKind::ForeignKey { referenced, .. } = &constraint.kind {
                    self.note_uncreated(&referenced.clone(), span);
                }
                if let Some(name) = &constraint.name {
                    self.dangling.insert((key(table), name.clone()));
                }
                true
            }
            // The foreign key was left out for the table it references: dropping it is fine.
            Op::DropConstraint { table, name, .. }
                if self.dangling.contains(&(key(table), name.clone())) =>
            {
                true
            }
            // An index of a table built outside the history was never replayed: dropping it
            // is fine.
            Op::DropIndex { index, .. } if self.dangling_indexes.contains(&key(index)) => true,
            _ => match op.target_table() {
                Some(table) if self.absorbable(table) => {
                    if let Op::CreateIndex(IndexDef { name: Some(n), .. }) = op {
                        self.dangling_indexes
                            .insert(key(&QualName::new(table.schema.clone(), n.clone())));
                    }
                    self.note_uncreated(&table.clone(), span);
                    true
                }
                _ => false,
            },
        }
    }
}
