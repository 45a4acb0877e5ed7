//! The replayed catalog: what PostgreSQL would hold. Tables with their columns in ordinal
//! order, constraints, indexes; enum types, sequences, schemas and extensions; views,
//! materialized views, functions and triggers with what they depend on (internal only: the
//! `schema/1` format does not show them). Built only by applying operations (`apply.rs`).

pub mod apply;
mod catalog;
mod derived;
mod diff;
mod indexes;
mod moves;
mod objects;
mod recurse;
pub mod search_path;
mod tables;

use std::collections::{BTreeMap, BTreeSet};

pub use crate::pg::{BaseType, SqlType};
pub use apply::ReplayError;
pub use catalog::{Sequences, TableMut, Tables};
pub use diff::first_difference;
pub(crate) use tables::merge_repeated_keys;

use crate::pg::{ConstraintKind, Identity, IndexKey, QualName, Volatility};

/// `(schema, name)`, with the schema always spelled out (`public` by default).
pub type Key = (String, String);

pub fn key(name: &QualName) -> Key {
    (name.schema_or_public().to_string(), name.name.clone())
}

/// A table as findings name it: `name` in `public`, `schema.name` elsewhere.
pub fn display_key(k: &Key) -> String {
    if k.0 == "public" {
        k.1.clone()
    } else {
        format!("{}.{}", k.0, k.1)
    }
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub ty: SqlType,
    pub not_null: bool,
    /// As `pg_get_expr` prints it.
    pub default: Option<String>,
    pub identity: Option<Identity>,
    pub generated: Option<String>,
    pub comment: Option<String>,
    /// How many parents the column comes from (`attinhcount`): an inherited column cannot be
    /// dropped or renamed alone.
    pub inherited: u32,
    /// Whether the table defines it itself too (`attislocal`): when its last parent drops
    /// it, a local column stays.
    pub local: bool,
}

/// A named table constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    /// The parent's constraint this one comes from (a check or foreign key of the same name,
    /// the primary key or unique constraint of a partitioned table): it goes with that one.
    pub parent: Option<String>,
}

/// An index not backing a constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub method: String,
    pub keys: Vec<IndexKey>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    /// The partitioned table's index this partition's index is attached to.
    pub parent: Option<String>,
}

/// A table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    /// `PARTITION BY`: a partitioned table.
    pub partitioning: Option<crate::ir::PartitionKey>,
    /// The tables it inherits from, in order, or the one it is a partition of.
    pub parents: Vec<Key>,
    /// Whether `parents` holds the table this one is a partition of.
    pub is_partition: bool,
}

impl Table {
    /// Alembic's version table: `version_num varchar(32) NOT NULL`, primary key
    /// `<table>_pkc`.
    pub fn alembic_version(schema: String, name: String) -> Table {
        Table {
            columns: vec![Column {
                name: "version_num".into(),
                ty: SqlType::new(BaseType::Varchar(Some(32))),
                not_null: true,
                default: None,
                identity: None,
                generated: None,
                comment: None,
                inherited: 0,
                local: true,
            }],
            constraints: vec![Constraint {
                name: format!("{name}_pkc"),
                kind: ConstraintKind::PrimaryKey {
                    columns: vec!["version_num".into()],
                },
                parent: None,
            }],
            schema,
            name,
            indexes: Vec::new(),
            comment: None,
            partitioning: None,
            parents: Vec::new(),
            is_partition: false,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints
            .iter()
            .find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
}

/// A sequence, and the column that owns it (SERIAL and identity columns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sequence {
    pub owned_by: Option<(Key, String)>,
}

/// A view or materialized view and what its query depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    pub materialized: bool,
    /// The tables and views the query reads.
    pub reads: BTreeSet<Key>,
    /// The columns of those tables the query uses (every column there was for `*`).
    pub columns: BTreeSet<(Key, String)>,
    /// Indexes on a materialized view.
    pub indexes: Vec<String>,
}

/// A function or procedure, identified by its name and input argument types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub procedure: bool,
    pub language: String,
    pub volatility: Volatility,
    pub security_definer: bool,
    pub sets_search_path: bool,
}

/// A trigger on a table, and the function it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub function: Key,
}

/// `(schema, name)` of a function and its input argument types.
pub type FunctionKey = (Key, Vec<String>);

/// The whole catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    pub schemas: BTreeSet<String>,
    /// Tables are shared between copies of the schema (the replay keeps one per revision
    /// for the downgrade checks): a copy costs a pointer per table, comparing two copies
    /// skips the tables they share, and changing a table copies that table alone.
    pub tables: Tables,
    pub enums: BTreeMap<Key, Vec<String>>,
    /// Shared between copies like the tables (a history makes one per serial column).
    pub sequences: Sequences,
    pub extensions: BTreeSet<String>,
    pub views: BTreeMap<Key, View>,
    pub functions: BTreeMap<FunctionKey, Function>,
    /// By table and trigger name.
    pub triggers: BTreeMap<(Key, String), Trigger>,
}

impl Default for Schema {
    fn default() -> Self {
        Schema {
            schemas: BTreeSet::from(["public".to_string()]),
            tables: Tables::default(),
            enums: BTreeMap::new(),
            sequences: Sequences::default(),
            extensions: BTreeSet::from(["plpgsql".to_string()]),
            views: BTreeMap::new(),
            functions: BTreeMap::new(),
            triggers: BTreeMap::new(),
        }
    }
}

impl Schema {
    /// The keys of the tables `touches` says a change concerns (to make each writable with
    /// [`Schema::table_by_key_mut`]: the others stay shared with other copies).
    pub(crate) fn tables_touched(&self, touches: impl Fn(&Table) -> bool) -> Vec<Key> {
        self.tables.keys_where(|_, t| touches(t))
    }

    /// A table made writable (copied first if shared).
    pub(crate) fn table_by_key_mut(&mut self, k: &Key) -> Option<TableMut<'_>> {
        self.tables.get_mut(k)
    }

    pub fn table(&self, name: &QualName) -> Option<&Table> {
        self.tables.get(&key(name)).map(|t| &**t)
    }

    /// Whether a relation (table, index, constraint-backing index, sequence) of that name
    /// exists in the schema: they share one namespace in PostgreSQL.
    pub fn relation_exists(&self, schema: &str, name: &str) -> bool {
        let k = (schema.to_string(), name.to_string());
        self.tables.contains_key(&k)
            || self.sequences.contains_key(&k)
            || self.views.contains_key(&k)
            || self
                .views
                .iter()
                .any(|((s, _), v)| s == schema && v.indexes.iter().any(|i| i == name))
            || self.tables.holds_relation_name(&k)
    }

    /// Whether any constraint of that name exists in the schema.
    pub fn constraint_exists(&self, schema: &str, name: &str) -> bool {
        self.tables
            .holds_constraint_name(&(schema.to_string(), name.to_string()))
    }

    /// The table holding an index (standalone or constraint-backed) of that name.
    pub fn index_owner(&self, schema: &str, name: &str) -> Option<(&Table, bool)> {
        let t = self
            .tables
            .relation_name_owner(&(schema.to_string(), name.to_string()))?;
        Some((t, !t.indexes.iter().any(|i| i.name == name)))
    }

    /// Whether a function of that name, created by the history, is volatile (`None` when the
    /// history created no such function).
    pub fn function_volatile(&self, name: &str) -> Option<bool> {
        let mut found = self
            .functions
            .iter()
            .filter(|(((_, n), _), _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| f.volatility == crate::ir::Volatility::Volatile)
            .peekable();
        found.peek()?;
        // Overloads may differ: volatile if any of them is.
        Some(found.any(|v| v))
    }

    /// Copies `tables` from another catalog (the declared models: tables an application
    /// creates itself before the history runs), with what they need: their schemas, the enum
    /// types their columns use and the sequences they own. Foreign keys to tables that neither
    /// the copy nor this catalog holds are left out (`create_all()` would have created those
    /// too, but the history creates them later).
    pub fn adopt_tables(&mut self, from: &Schema, tables: &[Key]) {
        for k in tables {
            let Some(table) = from.tables.get(k) else {
                continue;
            };
            let mut table = Table::clone(table);
            table.constraints.retain(|c| match &c.kind {
                ConstraintKind::ForeignKey { referenced, .. } => {
                    let r = key(referenced);
                    tables.contains(&r) || self.tables.contains_key(&r)
                }
                _ => true,
            });
            self.schemas.insert(k.0.clone());
            for column in &table.columns {
                if let BaseType::Named { schema, name, .. } = &column.ty.base {
                    let enum_key = (
                        schema.clone().unwrap_or_else(|| "public".to_string()),
                        name.clone(),
                    );
                    if let Some(labels) = from.enums.get(&enum_key) {
                        self.enums.entry(enum_key).or_insert_with(|| labels.clone());
                    }
                }
            }
            for sequence in from.sequences.owned_by(k, None) {
                if let Some(s) = from.sequences.get(&sequence) {
                    self.sequences.insert(sequence.clone(), s.clone());
                }
            }
            self.tables.insert(k.clone(), std::sync::Arc::new(table));
        }
    }

    /// How PostgreSQL prints a type name or a `regclass` literal: unqualified when the
    /// schema is on the default search path (`public`).
    pub fn visible_name(schema: &str, name: &str) -> String {
        if schema == "public" {
            crate::pg::types::quote_ident(name)
        } else {
            format!(
                "{}.{}",
                crate::pg::types::quote_ident(schema),
                crate::pg::types::quote_ident(name)
            )
        }
    }
}
