//! What the rules know besides the operation: the revision it belongs to, the tables that
//! revision created, and the transaction it runs in. Alembic runs a whole `upgrade` in one
//! transaction on PostgreSQL unless `env.py` sets `transaction_per_migration=True`;
//! `autocommit_block()` commits and runs its body outside any transaction; raw `COMMIT` ends
//! the transaction (psycopg2 opens the next one with the next statement). Locks are held until
//! the transaction ends, and enum labels added in a transaction cannot be used until it
//! commits: the state below follows exactly that.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Span, TableCost};
use crate::ir::{ConstraintKind, Op, QualName, Session, Statement, TimeoutKind};
use crate::schema::{key, Key, Schema};

/// A lock taken on a table that existed before the revision.
#[derive(Clone, Debug)]
pub struct HeldLock {
    pub table: Key,
    pub mode: LockMode,
    pub span: Span,
    /// What took it, e.g. `ALTER TABLE`.
    pub what: &'static str,
}

/// The table lock modes rules care about, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LockMode {
    /// Blocks other schema changes, VACUUM, index builds; not reads or writes.
    ShareUpdateExclusive,
    /// Blocks writes (CREATE INDEX).
    Share,
    /// Blocks writes and other such locks (foreign keys, triggers).
    ShareRowExclusive,
    /// Blocks writes (`LOCK ... IN EXCLUSIVE MODE`).
    Exclusive,
    /// Blocks everything, reads included.
    AccessExclusive,
}

impl LockMode {
    pub fn as_str(self) -> &'static str {
        match self {
            LockMode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockMode::Share => "SHARE",
            LockMode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockMode::Exclusive => "EXCLUSIVE",
            LockMode::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// What the lock blocks, for messages.
    pub fn blocks(self) -> &'static str {
        match self {
            LockMode::ShareUpdateExclusive => "other schema changes and VACUUM",
            LockMode::Share | LockMode::ShareRowExclusive | LockMode::Exclusive => "writes",
            LockMode::AccessExclusive => "reads and writes",
        }
    }

    fn parse(mode: &str) -> Option<LockMode> {
        Some(match mode {
            "SHARE UPDATE EXCLUSIVE" => LockMode::ShareUpdateExclusive,
            "SHARE" => LockMode::Share,
            "SHARE ROW EXCLUSIVE" => LockMode::ShareRowExclusive,
            "EXCLUSIVE" => LockMode::Exclusive,
            "ACCESS EXCLUSIVE" => LockMode::AccessExclusive,
            _ => return None,
        })
    }
}

/// The table-level locks an operation takes, with a short name of the statement. Operations
/// on tables that do not exist yet take none that matter.
pub fn locks_of(op: &Op, before: &Schema) -> Vec<(Key, LockMode, &'static str)> {
    let one = |t: &QualName, mode, what| vec![(key(t), mode, what)];
    match op {
        Op::CreateIndex(def) if def.concurrently => one(
            &def.table,
            LockMode::ShareUpdateExclusive,
            "CREATE INDEX CONCURRENTLY",
        ),
        Op::CreateIndex(def) => one(&def.table, LockMode::Share, "CREATE INDEX"),
        Op::DropIndex {
            index,
            concurrently,
            ..
        } => match before.index_owner(index.schema_or_public(), &index.name) {
            Some((t, _)) => {
                let table = QualName::new(Some(t.schema.clone()), t.name.clone());
                if *concurrently {
                    one(
                        &table,
                        LockMode::ShareUpdateExclusive,
                        "DROP INDEX CONCURRENTLY",
                    )
                } else {
                    one(&table, LockMode::AccessExclusive, "DROP INDEX")
                }
            }
            None => Vec::new(),
        },
        Op::AddConstraint {
            table, constraint, ..
        } => match &constraint.kind {
            ConstraintKind::ForeignKey { referenced, .. } => vec![
                (key(table), LockMode::ShareRowExclusive, "ADD FOREIGN KEY"),
                (
                    key(referenced),
                    LockMode::ShareRowExclusive,
                    "ADD FOREIGN KEY",
                ),
            ],
            _ => one(table, LockMode::AccessExclusive, "ALTER TABLE"),
        },
        Op::CreateTable {
            table,
            constraints,
            from,
            ..
        } => constraints
            .iter()
            .filter_map(|c| match &c.kind {
                // A key to the new table itself (a tree's `parent_id`) locks nothing that
                // exists.
                ConstraintKind::ForeignKey { referenced, .. } if key(referenced) != key(table) => {
                    Some((
                        key(referenced),
                        LockMode::ShareRowExclusive,
                        "CREATE TABLE ... REFERENCES",
                    ))
                }
                _ => None,
            })
            // A new partition locks its parent whole; a new child, its parents' schema.
            .chain(from.partition_of.iter().map(|p| {
                (
                    key(p),
                    LockMode::AccessExclusive,
                    "CREATE TABLE ... PARTITION OF",
                )
            }))
            .chain(from.inherits.iter().map(|p| {
                (
                    key(p),
                    LockMode::ShareUpdateExclusive,
                    "CREATE TABLE ... INHERITS",
                )
            }))
            .collect(),
        Op::SetTableSchema { table, .. } => one(
            table,
            LockMode::AccessExclusive,
            "ALTER TABLE ... SET SCHEMA",
        ),
        Op::Inherit { table, parent, .. } => vec![
            (
                key(table),
                LockMode::AccessExclusive,
                "ALTER TABLE ... INHERIT",
            ),
            (
                key(parent),
                LockMode::ShareUpdateExclusive,
                "ALTER TABLE ... INHERIT",
            ),
        ],
        Op::ValidateConstraint { table, .. } => {
            one(table, LockMode::ShareUpdateExclusive, "VALIDATE CONSTRAINT")
        }
        Op::DropTable { table, .. } => one(table, LockMode::AccessExclusive, "DROP TABLE"),
        Op::RenameTable { table, .. }
        | Op::SetTableComment { table, .. }
        | Op::AddColumn { table, .. }
        | Op::DropColumn { table, .. }
        | Op::AlterColumn { table, .. }
        | Op::DropConstraint { table, .. }
        | Op::RenameConstraint { table, .. }
        | Op::AddConstraintUsingIndex { table, .. }
        | Op::SetDefaultLiteral { table, .. } => {
            one(table, LockMode::AccessExclusive, "ALTER TABLE")
        }
        Op::IfTableExists { op, .. } => locks_of(op, before),
        Op::CreateTrigger { table, .. } => {
            one(table, LockMode::ShareRowExclusive, "CREATE TRIGGER")
        }
        Op::DropTrigger { table, .. } | Op::RenameTrigger { table, .. } => {
            one(table, LockMode::AccessExclusive, "DROP TRIGGER")
        }
        Op::Session(Session::Lock { tables, mode }) => match LockMode::parse(mode) {
            Some(m) => tables.iter().map(|t| (key(t), m, "LOCK TABLE")).collect(),
            None => Vec::new(),
        },
        Op::Statement(Statement::Truncate { tables, .. }) => tables
            .iter()
            .map(|t| (key(t), LockMode::AccessExclusive, "TRUNCATE"))
            .collect(),
        Op::Statement(Statement::Rewrite { tables, command }) => tables
            .iter()
            .map(|t| (key(t), LockMode::AccessExclusive, *command))
            .collect(),
        Op::Statement(Statement::DetachPartition {
            parent,
            concurrently,
            ..
        }) => {
            if *concurrently {
                one(
                    parent,
                    LockMode::ShareUpdateExclusive,
                    "DETACH PARTITION CONCURRENTLY",
                )
            } else {
                one(parent, LockMode::AccessExclusive, "DETACH PARTITION")
            }
        }
        Op::Statement(Statement::AttachPartition { parent, partition }) => vec![
            (
                key(parent),
                LockMode::ShareUpdateExclusive,
                "ATTACH PARTITION",
            ),
            (
                key(partition),
                LockMode::AccessExclusive,
                "ATTACH PARTITION",
            ),
        ],
        _ => Vec::new(),
    }
}

/// An enum label added in the current transaction.
#[derive(Clone, Debug)]
pub struct AddedEnumValue {
    pub type_name: Key,
    pub value: String,
    pub span: Span,
    pub revision: Option<String>,
}

/// A foreign key added by the current revision, checked at its end.
#[derive(Clone, Debug)]
pub struct AddedForeignKey {
    pub table: QualName,
    pub columns: Vec<String>,
    pub span: Span,
}

/// The state of the upgrade run as the replay goes.
#[derive(Debug)]
pub struct Context {
    pub revision: Option<String>,
    pub transaction_per_migration: bool,
    /// Tables created (or renamed into being) by the current revision.
    pub created_in_revision: BTreeSet<Key>,
    /// Tables the current revision created, where (for end-of-revision rules).
    pub tables_created: Vec<(QualName, Span)>,
    pub foreign_keys_added: Vec<AddedForeignKey>,
    /// Whether statements run inside a transaction block now (not in `autocommit_block()`).
    pub in_transaction: bool,
    /// Increases at every commit.
    pub transaction: u64,
    /// `lock_timeout` set by this revision (session-wide or `SET LOCAL` in this transaction).
    pub lock_timeout: Option<u64>,
    local_lock_timeout: Option<u64>,
    /// `lock_timeout` is set outside the migrations (env.py's connection, configuration).
    pub lock_timeout_elsewhere: bool,
    /// Locks on pre-existing tables held by the current transaction, taken in this revision.
    pub held_locks: Vec<HeldLock>,
    /// Enum labels added in the current transaction (across revisions of one run).
    pub added_enum_values: Vec<AddedEnumValue>,
    /// Enum types created by the current revision.
    pub types_created_in_revision: BTreeSet<Key>,
    /// Enum types created in the current transaction.
    pub types_created_in_transaction: BTreeSet<Key>,
    /// Constraints added `NOT VALID` in the current transaction: table and name.
    pub not_valid_in_transaction: Vec<(Key, String)>,
    /// Tables whose rows the revision deleted (`DELETE` without `WHERE`, `TRUNCATE`).
    pub emptied_in_revision: BTreeSet<Key>,
    /// Rules that already reported in this revision (for rules that speak once per revision).
    pub reported: BTreeSet<&'static str>,
    /// Constraints added `NOT VALID` and not validated since, anywhere in the history.
    pub unvalidated: BTreeSet<(Key, String)>,
    /// The revision of the history that created each table (under its current name), for
    /// the table statistics: a table created after their snapshot is new, not unknown.
    pub created_by: BTreeMap<Key, String>,
    /// The names the history gave each table before its current one, newest first, with the
    /// revision that renamed it (the statistics may know it by an older name).
    pub former_names: BTreeMap<Key, Vec<(Key, String)>>,
}

impl Context {
    pub fn new(transaction_per_migration: bool) -> Self {
        Context {
            revision: None,
            transaction_per_migration,
            created_in_revision: BTreeSet::new(),
            tables_created: Vec::new(),
            foreign_keys_added: Vec::new(),
            in_transaction: true,
            transaction: 1,
            lock_timeout: None,
            local_lock_timeout: None,
            lock_timeout_elsewhere: false,
            held_locks: Vec::new(),
            added_enum_values: Vec::new(),
            types_created_in_transaction: BTreeSet::new(),
            types_created_in_revision: BTreeSet::new(),
            not_valid_in_transaction: Vec::new(),
            reported: BTreeSet::new(),
            emptied_in_revision: BTreeSet::new(),
            unvalidated: BTreeSet::new(),
            created_by: BTreeMap::new(),
            former_names: BTreeMap::new(),
        }
    }

    /// What a finding costs when its operation does `work` on `table`: the table with what
    /// the history knows of it (which revision created it, its former names).
    pub fn cost(&self, table: &QualName, work: crate::diagnostic::Work) -> TableCost {
        let k = key(table);
        TableCost {
            created_by: self.created_by.get(&k).cloned(),
            former_names: self.former_names.get(&k).cloned().unwrap_or_default(),
            table: k,
            work,
        }
    }

    /// A table now called `new` was called `old` until `self.revision` renamed it.
    fn renamed(&mut self, old: Key, new: Key) {
        if let Some(r) = self.created_by.remove(&old) {
            self.created_by.insert(new.clone(), r);
        }
        let mut names = self.former_names.remove(&old).unwrap_or_default();
        names.insert(0, (old, self.revision.clone().unwrap_or_default()));
        self.former_names.insert(new, names);
    }

    /// The `lock_timeout` in effect, if any.
    pub fn effective_lock_timeout(&self) -> Option<u64> {
        self.local_lock_timeout.or(self.lock_timeout)
    }

    fn commit(&mut self) {
        self.transaction += 1;
        self.local_lock_timeout = None;
        self.held_locks.clear();
        self.added_enum_values.clear();
        self.types_created_in_transaction.clear();
        self.not_valid_in_transaction.clear();
    }

    /// A revision's upgrade begins (`None`: the run ended).
    pub fn begin_revision(&mut self, revision: Option<&str>) {
        if self.transaction_per_migration {
            self.commit();
        }
        self.revision = revision.map(str::to_string);
        self.created_in_revision.clear();
        self.types_created_in_revision.clear();
        self.tables_created.clear();
        self.foreign_keys_added.clear();
        // Locks carried over from an earlier revision of the same run are not this revision's
        // doing, and which revisions run together depends on the database.
        self.held_locks.clear();
        // A revision may run alone: a timeout an earlier revision set does not count.
        self.lock_timeout = None;
        self.local_lock_timeout = None;
        self.reported.clear();
        self.emptied_in_revision.clear();
        self.in_transaction = true;
    }

    /// Records what `op` did, after every rule saw it.
    pub fn after_operation(&mut self, op: &Op, span: &Span, before: &Schema) {
        // Tables the replay does not hold were built outside the history: they exist.
        let existed = |c: &Context, k: &Key| !c.created_in_revision.contains(k);
        for (table, mode, what) in locks_of(op, before) {
            if self.in_transaction && existed(self, &table) {
                self.held_locks.push(HeldLock {
                    table,
                    mode,
                    span: span.clone(),
                    what,
                });
            }
        }
        match op {
            Op::CreateTable {
                table, constraints, ..
            } => {
                self.created_in_revision.insert(key(table));
                self.tables_created.push((table.clone(), span.clone()));
                if let Some(r) = &self.revision {
                    self.created_by.insert(key(table), r.clone());
                }
                self.former_names.remove(&key(table));
                for c in constraints {
                    if let ConstraintKind::ForeignKey { columns, .. } = &c.kind {
                        self.foreign_keys_added.push(AddedForeignKey {
                            table: table.clone(),
                            columns: columns.clone(),
                            span: span.clone(),
                        });
                    }
                }
            }
            Op::RenameTable { table, new_name } => {
                let new = QualName::new(table.schema.clone(), new_name.clone());
                if self.created_in_revision.remove(&key(table)) {
                    self.created_in_revision.insert(key(&new));
                }
                if self.emptied_in_revision.remove(&key(table)) {
                    self.emptied_in_revision.insert(key(&new));
                }
                self.renamed(key(table), key(&new));
            }
            Op::SetTableSchema { table, schema } => {
                let new = QualName::new(Some(schema.clone()), table.name.clone());
                self.renamed(key(table), key(&new));
            }
            Op::DropTable { table, .. } => {
                self.created_by.remove(&key(table));
                self.former_names.remove(&key(table));
            }
            Op::AddConstraint {
                table,
                constraint,
                not_valid,
                ..
            } => {
                if let ConstraintKind::ForeignKey { columns, .. } = &constraint.kind {
                    self.foreign_keys_added.push(AddedForeignKey {
                        table: table.clone(),
                        columns: columns.clone(),
                        span: span.clone(),
                    });
                }
                if *not_valid {
                    if let Some(name) = &constraint.name {
                        self.not_valid_in_transaction
                            .push((key(table), name.clone()));
                        self.unvalidated.insert((key(table), name.clone()));
                    }
                }
            }
            Op::ValidateConstraint { table, name } => {
                self.unvalidated.remove(&(key(table), name.clone()));
            }
            Op::Data { statement, .. } => {
                if let Some(table) = crate::sql::session::deletes_every_row(statement) {
                    self.emptied_in_revision.insert(key(&table));
                }
            }
            Op::Statement(Statement::Truncate { tables, .. }) => {
                self.emptied_in_revision.extend(tables.iter().map(key));
            }
            Op::CreateEnum { name, .. } => {
                self.types_created_in_revision.insert(key(name));
                self.types_created_in_transaction.insert(key(name));
            }
            Op::AddEnumValue { name, value, .. } if self.in_transaction => {
                self.added_enum_values.push(AddedEnumValue {
                    type_name: key(name),
                    value: value.clone(),
                    span: span.clone(),
                    revision: self.revision.clone(),
                });
            }
            Op::Session(event) => match event {
                Session::AutocommitBegin => {
                    self.commit();
                    self.in_transaction = false;
                }
                Session::AutocommitEnd => {
                    self.in_transaction = true;
                }
                // psycopg2 starts the next transaction with the next statement.
                Session::Commit | Session::Rollback => {
                    self.commit();
                    self.in_transaction = true;
                }
                Session::Begin => {}
                Session::Timeout {
                    kind: TimeoutKind::Lock,
                    millis,
                    local,
                } => {
                    let value = millis.filter(|m| *m > 0);
                    if *local {
                        self.local_lock_timeout = value;
                    } else {
                        self.lock_timeout = value;
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
}
