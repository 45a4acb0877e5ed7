//! Applying one operation to the catalog, with PostgreSQL's rules: generated names, SERIAL
//! sequences, NOT NULL from primary keys, what a drop takes with it, and the errors PostgreSQL
//! would raise (which become `replay` diagnostics; the catalog is then left unchanged).

use super::{key, Column, Key, Schema, Sequence, Table, TableMut};
use crate::ir::{ConstraintKind, IndexKey, Op, QualName, Statement};
use crate::pg::expr::{literal_default, replace_identifier};
use crate::pg::names::truncate_identifier;

/// Why an operation cannot apply: what PostgreSQL would answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    pub message: String,
    pub help: Option<String>,
}

pub(super) fn err<T>(message: impl Into<String>) -> Result<T, ReplayError> {
    Err(ReplayError {
        message: message.into(),
        help: None,
    })
}

impl Schema {
    /// Applies `op`. On error the catalog is unchanged: every operation checks all it needs
    /// before it changes anything (and `create_table` takes back what it added), so that no
    /// copy of the catalog is needed (histories reach thousands of tables).
    pub fn apply(&mut self, op: &Op) -> Result<(), ReplayError> {
        crate::work::add(1);
        self.apply_in_place(op)
    }

    pub(super) fn apply_in_place(&mut self, op: &Op) -> Result<(), ReplayError> {
        if let Some(done) = self.apply_in_family(op) {
            return done;
        }
        self.apply_plain(op)
    }

    /// The operation on the table it names alone (`recurse.rs` adds what reaches a parent's
    /// children).
    pub(super) fn apply_plain(&mut self, op: &Op) -> Result<(), ReplayError> {
        match op {
            Op::CreateTable {
                table,
                columns,
                constraints,
                comment,
                if_not_exists,
                from,
            } => {
                if from.is_plain() {
                    self.create_table(table, columns, constraints, comment.clone(), *if_not_exists)
                } else {
                    self.create_table_from(
                        table,
                        columns,
                        constraints,
                        comment,
                        *if_not_exists,
                        from,
                    )
                }
            }
            Op::DropTable {
                table,
                if_exists,
                cascade,
            } => self.drop_table(table, *if_exists, *cascade),
            Op::RenameTable { table, new_name } => {
                // `ALTER TABLE` renames sequences and views too.
                if !self.tables.contains_key(&key(table))
                    && self.sequences.contains_key(&key(table))
                {
                    return self.rename_sequence(table, new_name);
                }
                if let Some(v) = self.views.get(&key(table)) {
                    return self.rename_view(table, v.materialized, new_name);
                }
                self.rename_table(table, new_name)
            }
            Op::SetTableComment { table, comment } => {
                self.table_mut(table)?.comment = comment.clone();
                Ok(())
            }
            Op::AddColumn {
                table,
                column,
                if_not_exists,
            } => {
                let t = self.existing_table(table)?;
                if t.column(&column.name).is_some() {
                    if *if_not_exists {
                        return Ok(());
                    }
                    return err(format!(
                        "column \"{}\" of relation \"{}\" already exists",
                        column.name, table.name
                    ));
                }
                self.add_column(&key(table), column)
            }
            Op::DropColumn {
                table,
                column,
                if_exists,
                cascade,
            } => self.drop_column(table, column, *if_exists, *cascade),
            Op::AlterColumn {
                table,
                column,
                change,
            } => self.alter_column(table, column, change),
            Op::AddConstraint {
                table, constraint, ..
            } => self.add_constraint(&key(table), constraint),
            Op::ValidateConstraint { table, name } => {
                let t = self.table_mut(table)?;
                if t.constraints.iter().any(|c| &c.name == name) {
                    Ok(())
                } else {
                    Err(ReplayError {
                        message: format!(
                            "constraint \"{name}\" of relation \"{}\" does not exist",
                            table.name
                        ),
                        help: None,
                    })
                }
            }
            Op::DropConstraint {
                table,
                name,
                // `type_` changes nothing on PostgreSQL: the name alone says what goes.
                kind: _,
                if_exists,
                cascade,
            } => self.drop_constraint(table, name, *if_exists, *cascade),
            Op::CreateIndex(index) => self.create_index(index),
            Op::DropIndex {
                index, if_exists, ..
            } => self.drop_index(index, *if_exists),
            Op::CreateEnum {
                name,
                values,
                if_not_exists,
            } => {
                let k = key(name);
                self.require_schema(&k.0)?;
                if self.enums.contains_key(&k) {
                    return if *if_not_exists {
                        Ok(())
                    } else {
                        err(format!("type \"{}\" already exists", name.name))
                    };
                }
                self.enums.insert(k, values.clone());
                Ok(())
            }
            Op::DropEnum { name, if_exists } => {
                let k = key(name);
                if !self.enums.contains_key(&k) {
                    return if *if_exists {
                        Ok(())
                    } else {
                        err(format!("type \"{}\" does not exist", name.name))
                    };
                }
                let type_name = Schema::visible_name(&k.0, &k.1);
                if let Some((t, c)) = self.tables.values().find_map(|t| {
                    t.columns
                        .iter()
                        .find(|c| uses_type(&c.ty, &k))
                        .map(|c| (t.name.clone(), c.name.clone()))
                }) {
                    return err(format!(
                        "cannot drop type {type_name} because column {t}.{c} depends on it"
                    ));
                }
                self.enums.remove(&k);
                Ok(())
            }
            Op::AddEnumValue {
                name,
                value,
                position,
                if_not_exists,
            } => {
                let values = self.enums.get_mut(&key(name)).ok_or_else(|| ReplayError {
                    message: format!("type \"{}\" does not exist", name.name),
                    help: None,
                })?;
                if values.contains(value) {
                    return if *if_not_exists {
                        Ok(())
                    } else {
                        err(format!("enum label \"{value}\" already exists"))
                    };
                }
                let at = match position {
                    None => values.len(),
                    Some((before, neighbour)) => {
                        let i = values.iter().position(|v| v == neighbour).ok_or_else(|| {
                            ReplayError {
                                message: format!("\"{neighbour}\" is not an existing enum label"),
                                help: None,
                            }
                        })?;
                        if *before {
                            i
                        } else {
                            i + 1
                        }
                    }
                };
                values.insert(at, value.clone());
                Ok(())
            }
            Op::RenameEnumValue { name, old, new } => {
                let values = self.enums.get_mut(&key(name)).ok_or_else(|| ReplayError {
                    message: format!("type \"{}\" does not exist", name.name),
                    help: None,
                })?;
                if values.contains(new) {
                    return err(format!("enum label \"{new}\" already exists"));
                }
                match values.iter_mut().find(|v| *v == old) {
                    Some(v) => *v = new.clone(),
                    None => return err(format!("\"{old}\" is not an existing enum label")),
                }
                Ok(())
            }
            Op::CreateSchema {
                name,
                if_not_exists,
            } => {
                if !self.schemas.insert(name.clone()) && !if_not_exists {
                    return err(format!("schema \"{name}\" already exists"));
                }
                Ok(())
            }
            Op::DropSchema {
                name,
                if_exists,
                cascade,
            } => {
                if !self.schemas.contains(name) {
                    return if *if_exists {
                        Ok(())
                    } else {
                        err(format!("schema \"{name}\" does not exist"))
                    };
                }
                let used = self
                    .tables
                    .keys()
                    .chain(self.enums.keys())
                    .chain(self.sequences.keys())
                    .chain(self.views.keys())
                    .chain(self.functions.keys().map(|(k, _)| k))
                    .any(|(s, _)| s == name);
                if used && !cascade {
                    return err(format!(
                        "cannot drop schema {name} because other objects depend on it"
                    ));
                }
                let views = self.dependent_views(|v| v.reads.iter().any(|(s, _)| s == name));
                self.remove_views(&views);
                self.views.retain(|(s, _), _| s != name);
                self.functions.retain(|((s, _), _), _| s != name);
                self.triggers.retain(|((s, _), _), _| s != name);
                self.tables.retain(|(s, _), _| s != name);
                self.enums.retain(|(s, _), _| s != name);
                self.sequences.retain(|(s, _), _| s != name);
                self.schemas.remove(name);
                Ok(())
            }
            Op::CreateExtension {
                name,
                if_not_exists,
            } => {
                if !self.extensions.insert(name.clone()) && !if_not_exists {
                    return err(format!("extension \"{name}\" already exists"));
                }
                Ok(())
            }
            Op::DropExtension { name, if_exists } => {
                if !self.extensions.remove(name) && !if_exists {
                    return err(format!("extension \"{name}\" does not exist"));
                }
                Ok(())
            }
            Op::RenameEnum { name, new_name } => self.rename_enum(name, new_name),
            Op::RenameIndex { index, new_name } => self.rename_index(index, new_name),
            Op::RenameConstraint {
                table,
                name,
                new_name,
            } => {
                let schema = key(table).0;
                let new_name = truncate_identifier(new_name);
                let index_like = self
                    .table(table)
                    .and_then(|t| t.constraints.iter().find(|c| c.name == *name))
                    .map(|c| {
                        matches!(
                            c.kind,
                            ConstraintKind::PrimaryKey { .. }
                                | ConstraintKind::Unique { .. }
                                | ConstraintKind::Exclude { .. }
                        )
                    });
                let clash = match index_like {
                    None => {
                        return err(format!(
                            "constraint \"{name}\" for table \"{}\" does not exist",
                            table.name
                        ))
                    }
                    Some(true) => self.relation_exists(&schema, &new_name),
                    Some(false) => self
                        .table(table)
                        .is_some_and(|t| t.constraints.iter().any(|c| c.name == new_name)),
                };
                if clash {
                    return err(format!(
                        "constraint \"{new_name}\" for relation \"{}\" already exists",
                        table.name
                    ));
                }
                let mut t = self.table_mut(table)?;
                if let Some(c) = t.constraints.iter_mut().find(|c| c.name == *name) {
                    c.name = new_name;
                }
                Ok(())
            }
            Op::AddConstraintUsingIndex {
                table,
                name,
                index,
                primary_key,
            } => self.add_constraint_using_index(table, name.as_deref(), index, *primary_key),
            Op::SetDefaultLiteral {
                table,
                column,
                value,
            } => {
                let mut t = self.table_mut(table)?;
                let table_name = t.name.clone();
                let Some(c) = t.columns.iter_mut().find(|c| c.name == *column) else {
                    return err(format!(
                        "column \"{column}\" of relation \"{table_name}\" does not exist"
                    ));
                };
                if c.identity.is_some() {
                    return err(format!(
                        "column \"{column}\" of relation \"{table_name}\" is an identity column"
                    ));
                }
                if c.generated.is_some() {
                    return err(format!(
                        "column \"{column}\" of relation \"{table_name}\" is a generated column"
                    ));
                }
                c.default = Some(literal_default(value, &c.ty));
                Ok(())
            }
            Op::CreateSequence {
                name,
                owned_by,
                if_not_exists,
            } => {
                let k = key(name);
                self.require_schema(&k.0)?;
                if self.relation_exists(&k.0, &k.1) {
                    return if *if_not_exists {
                        Ok(())
                    } else {
                        err(format!("relation \"{}\" already exists", name.name))
                    };
                }
                let owned_by = self.sequence_owner(&k, owned_by.as_ref())?;
                self.sequences.insert(k, Sequence { owned_by });
                Ok(())
            }
            Op::DropSequence {
                name,
                if_exists,
                cascade,
            } => self.drop_sequence(name, *if_exists, *cascade),
            Op::SetSequenceOwner {
                name,
                owned_by,
                if_exists,
            } => {
                let k = key(name);
                let Some(current) = self.sequences.get(&k) else {
                    return if *if_exists {
                        Ok(())
                    } else {
                        err(format!("relation \"{}\" does not exist", name.name))
                    };
                };
                if self.identity_owner(current).is_some() {
                    return err("cannot change ownership of identity sequence");
                }
                let owned_by = self.sequence_owner(&k, owned_by.as_ref())?;
                self.sequences.insert(k, Sequence { owned_by });
                Ok(())
            }
            Op::RenameSequence { name, new_name } => self.rename_sequence(name, new_name),
            Op::IfTableExists { table, op } => {
                if self.tables.contains_key(&key(table)) {
                    self.apply_in_place(op)
                } else {
                    Ok(())
                }
            }
            Op::Statement(Statement::AttachPartition { parent, partition }) => {
                self.attach_partition(parent, partition)
            }
            Op::Statement(Statement::DetachPartition {
                parent, partition, ..
            }) => self.detach_partition(parent, partition),
            Op::Inherit { table, parent, add } => self.inherit(table, parent, *add),
            Op::AttachIndex {
                index,
                partition_index,
            } => self.attach_index(index, partition_index),
            Op::SetTableSchema { table, schema } => self.set_table_schema(table, schema),
            Op::SetEnumSchema { name, schema } => self.set_enum_schema(name, schema),
            Op::SyncEnumValues {
                name,
                values,
                renames,
                columns,
            } => self.sync_enum_values(name, values, renames, columns),
            Op::Data { .. } | Op::Other { .. } | Op::Session(_) | Op::Statement(_) => Ok(()),
            Op::CreateView(def) => self.create_view(def),
            Op::DropView {
                name,
                materialized,
                if_exists,
                cascade,
            } => self.drop_view(name, *materialized, *if_exists, *cascade),
            Op::RenameView {
                name,
                materialized,
                new_name,
            } => self.rename_view(name, *materialized, new_name),
            Op::CreateFunction(def) => self.create_function(def),
            Op::DropFunction {
                name,
                args,
                if_exists,
                cascade,
            } => self.drop_function(name, args.as_deref(), *if_exists, *cascade),
            Op::RenameFunction {
                name,
                args,
                new_name,
            } => self.rename_function(name, args.as_deref(), new_name),
            Op::CreateTrigger {
                name,
                table,
                function,
                or_replace,
            } => self.create_trigger(name, table, function, *or_replace),
            // Nothing depends on a trigger: CASCADE changes nothing.
            Op::DropTrigger {
                name,
                table,
                if_exists,
                cascade: _,
            } => self.drop_trigger(name, table, *if_exists),
            Op::RenameTrigger {
                table,
                name,
                new_name,
            } => self.rename_trigger(table, name, new_name),
        }
    }

    /// The owner of a sequence `k` that `OWNED BY table.column` names: an existing column of a
    /// table in the sequence's schema.
    pub(super) fn sequence_owner(
        &self,
        k: &Key,
        owner: Option<&(QualName, String)>,
    ) -> Result<Option<(Key, String)>, ReplayError> {
        let Some((table, column)) = owner else {
            return Ok(None);
        };
        let tk = key(table);
        let Some(t) = self.tables.get(&tk) else {
            return err(format!("relation \"{table}\" does not exist"));
        };
        if t.column(column).is_none() {
            return err(format!(
                "column \"{column}\" of relation \"{}\" does not exist",
                table.name
            ));
        }
        if tk.0 != k.0 {
            return err("sequence must be in same schema as table it is linked to");
        }
        Ok(Some((tk, column.clone())))
    }

    /// The identity column whose sequence this is, if any. A column that owns a second
    /// sequence (SERIAL's, kept when the column became an identity) leaves it unknown which
    /// is the identity's: then neither is taken for it.
    pub(super) fn identity_owner(&self, s: &Sequence) -> Option<(String, String)> {
        let owner = s.owned_by.as_ref()?;
        let (tk, column) = owner;
        let t = self.tables.get(tk)?;
        let owned = self
            .sequences
            .values()
            .filter(|o| o.owned_by.as_ref() == Some(owner))
            .count();
        t.column(column)
            .filter(|c| c.identity.is_some() && owned == 1)
            .map(|c| (t.name.clone(), c.name.clone()))
    }

    pub(super) fn drop_sequence(
        &mut self,
        name: &QualName,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(name);
        let Some(sequence) = self.sequences.get(&k) else {
            return if if_exists {
                Ok(())
            } else {
                err(format!("sequence \"{}\" does not exist", name.name))
            };
        };
        if let Some((t, c)) = self.identity_owner(sequence) {
            return Err(ReplayError {
                message: format!(
                    "cannot drop sequence {} because column {c} of table {t} requires it",
                    name.name
                ),
                help: Some("drop the identity (ALTER COLUMN ... DROP IDENTITY) instead".into()),
            });
        }
        // Defaults that call `nextval('<sequence>'::regclass)` depend on it.
        let reference = format!("'{}'::regclass", Schema::visible_name(&k.0, &k.1));
        let uses = |c: &Column| c.default.as_deref().is_some_and(|d| d.contains(&reference));
        if !cascade {
            if let Some((t, c)) = self.tables.values().find_map(|t| {
                t.columns
                    .iter()
                    .find(|c| uses(c))
                    .map(|c| (t.name.clone(), c.name.clone()))
            }) {
                return Err(ReplayError {
                    message: format!(
                        "cannot drop sequence {} because other objects depend on it (default value for column {c} of table {t})",
                        name.name
                    ),
                    help: Some("drop the default first, or drop the sequence with CASCADE".into()),
                });
            }
        }
        for tk in self.tables_touched(|t| t.columns.iter().any(&uses)) {
            let mut t = self.table_by_key_mut(&tk).expect("listed");
            for c in t.columns.iter_mut().filter(|c| uses(c)) {
                c.default = None;
            }
        }
        self.sequences.remove(&k);
        Ok(())
    }

    pub(super) fn rename_sequence(
        &mut self,
        name: &QualName,
        new_name: &str,
    ) -> Result<(), ReplayError> {
        let k = key(name);
        if !self.sequences.contains_key(&k) {
            return err(format!("relation \"{}\" does not exist", name.name));
        }
        let new_key = (k.0.clone(), truncate_identifier(new_name));
        if self.relation_exists(&new_key.0, &new_key.1) {
            return err(format!("relation \"{}\" already exists", new_key.1));
        }
        // Defaults hold the sequence itself (a regclass): the name they print follows it.
        let old = format!("'{}'::regclass", Schema::visible_name(&k.0, &k.1));
        let new = format!(
            "'{}'::regclass",
            Schema::visible_name(&new_key.0, &new_key.1)
        );
        let mentions = |t: &Table| {
            t.columns
                .iter()
                .any(|c| c.default.as_ref().is_some_and(|d| d.contains(&old)))
        };
        for tk in self.tables_touched(mentions) {
            let mut t = self.table_by_key_mut(&tk).expect("listed");
            for c in &mut t.columns {
                if let Some(d) = &mut c.default {
                    if d.contains(&old) {
                        *d = d.replace(&old, &new);
                    }
                }
            }
        }
        let sequence = self.sequences.remove(&k).expect("sequence exists");
        self.sequences.insert(new_key, sequence);
        Ok(())
    }

    pub(super) fn rename_enum(
        &mut self,
        name: &QualName,
        new_name: &str,
    ) -> Result<(), ReplayError> {
        let k = key(name);
        let Some(values) = self.enums.remove(&k) else {
            return err(format!("type \"{}\" does not exist", name.name));
        };
        let new_key = (k.0.clone(), truncate_identifier(new_name));
        if self.enums.contains_key(&new_key) {
            self.enums.insert(k, values);
            return err(format!("type \"{new_name}\" already exists"));
        }
        // Columns refer to the type itself: their types and the casts in their defaults follow.
        let old_label = super::Schema::visible_name(&k.0, &k.1);
        let new_label = super::Schema::visible_name(&new_key.0, &new_key.1);
        for tk in self.tables_touched(|t| t.columns.iter().any(|c| uses_type(&c.ty, &k))) {
            let mut t = self.table_by_key_mut(&tk).expect("listed");
            for c in &mut t.columns {
                if uses_type(&c.ty, &k) {
                    if let super::BaseType::Named { name, .. } = &mut c.ty.base {
                        name.clone_from(&new_key.1);
                    }
                    if let Some(d) = &mut c.default {
                        *d = d.replace(&format!("::{old_label}"), &format!("::{new_label}"));
                    }
                }
            }
        }
        self.enums.insert(new_key, values);
        Ok(())
    }

    /// The table of that name, or PostgreSQL's error.
    pub(super) fn existing_table(&self, name: &QualName) -> Result<&Table, ReplayError> {
        self.table(name).ok_or_else(|| ReplayError {
            message: format!("relation \"{name}\" does not exist"),
            help: None,
        })
    }

    /// The table of a key, shared (to read it while the catalog changes).
    pub(super) fn shared(&self, k: &Key) -> Result<std::sync::Arc<Table>, ReplayError> {
        self.tables.get(k).cloned().ok_or_else(|| ReplayError {
            message: format!("relation \"{}\" does not exist", k.1),
            help: None,
        })
    }

    /// The table of a key made writable, or PostgreSQL's error when there is none.
    pub(super) fn writable(&mut self, k: &Key) -> Result<TableMut<'_>, ReplayError> {
        self.table_by_key_mut(k).ok_or_else(|| ReplayError {
            message: format!("relation \"{}\" does not exist", k.1),
            help: None,
        })
    }

    /// The table of that name, shared (to read it while the catalog changes).
    pub(super) fn shared_table(
        &self,
        name: &QualName,
    ) -> Result<std::sync::Arc<Table>, ReplayError> {
        self.tables
            .get(&key(name))
            .cloned()
            .ok_or_else(|| ReplayError {
                message: format!("relation \"{name}\" does not exist"),
                help: None,
            })
    }

    pub(super) fn table_mut(&mut self, name: &QualName) -> Result<TableMut<'_>, ReplayError> {
        self.table_by_key_mut(&key(name))
            .ok_or_else(|| ReplayError {
                message: format!("relation \"{name}\" does not exist"),
                help: None,
            })
    }
}

/// The types common extensions provide; `None` for an extension driftlock does not know.
pub fn extension_types(extension: &str) -> Option<&'static [&'static str]> {
    Some(match extension {
        "plpgsql" | "btree_gist" | "btree_gin" | "pg_trgm" | "pgcrypto" | "uuid-ossp"
        | "unaccent" | "fuzzystrmatch" | "pg_stat_statements" | "tablefunc" | "intarray" => &[],
        "citext" => &["citext"],
        "hstore" => &["hstore"],
        "ltree" => &["ltree", "lquery", "ltxtquery"],
        "postgis" => &["geometry", "geography", "box2d", "box3d"],
        "vector" => &["vector", "halfvec", "sparsevec"],
        "cube" => &["cube"],
        "isn" => &[
            "isbn", "isbn13", "issn", "issn13", "ean13", "upc", "ismn", "ismn13",
        ],
        _ => return None,
    })
}

pub(super) fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

pub(super) fn uses_type(ty: &super::SqlType, k: &Key) -> bool {
    matches!(&ty.base, super::BaseType::Named { schema, name, .. }
        if schema.as_deref().unwrap_or("public") == k.0 && *name == k.1)
}

/// The columns a constraint names (the referencing side for foreign keys).
pub fn constraint_columns(kind: &ConstraintKind) -> Vec<String> {
    match kind {
        ConstraintKind::PrimaryKey { columns }
        | ConstraintKind::Unique { columns }
        | ConstraintKind::ForeignKey { columns, .. }
        | ConstraintKind::Exclude { columns, .. } => columns.clone(),
        ConstraintKind::Check { .. } => Vec::new(),
    }
}

pub(super) fn constraint_mentions(kind: &ConstraintKind, column: &str) -> bool {
    match kind {
        ConstraintKind::Check { columns, .. } => columns.iter().any(|c| c == column),
        other => constraint_columns(other).iter().any(|c| c == column),
    }
}

pub(super) fn rename_column_references(t: &mut Table, old: &str, new: &str) {
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| *c == old) {
            *c = new.to_string();
        }
    };
    for c in &mut t.constraints {
        match &mut c.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns }
            | ConstraintKind::ForeignKey { columns, .. }
            | ConstraintKind::Exclude { columns, .. } => rename(columns),
            ConstraintKind::Check {
                expression,
                columns,
            } => {
                if columns.iter().any(|c| c == old) {
                    *expression = replace_identifier(expression, old, new);
                    rename(columns);
                }
            }
        }
    }
    for i in &mut t.indexes {
        for k in &mut i.keys {
            match k {
                IndexKey::Column(c) if c == old => *c = new.to_string(),
                IndexKey::Expression(e) => *e = replace_identifier(e, old, new),
                _ => {}
            }
        }
        rename(&mut i.include);
        if let Some(p) = &mut i.predicate {
            *p = replace_identifier(p, old, new);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ColumnDef, ConstraintDef, IndexDef};
    use crate::schema::{BaseType, SqlType};

    fn col(name: &str, base: BaseType) -> ColumnDef {
        ColumnDef {
            name: name.into(),
            ty: SqlType::new(base),
            serial: false,
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            comment: None,
        }
    }

    fn t(name: &str) -> QualName {
        QualName::new(None, name)
    }

    /// Checked on PostgreSQL 15: `CREATE TABLE t (id int, u int, v int, UNIQUE (u),
    /// PRIMARY KEY (id), UNIQUE (id), CONSTRAINT uq_u UNIQUE (u), CONSTRAINT uq_v UNIQUE (v),
    /// CONSTRAINT uq_v2 UNIQUE (v))` keeps `t_pkey`, `uq_u` and `uq_v`; `ALTER TABLE ... ADD`
    /// keeps a repeated one.
    #[test]
    fn create_table_drops_repeated_keys_as_postgresql_does() {
        let unique = |name: Option<&str>, column: &str| ConstraintDef {
            name: name.map(str::to_string),
            kind: ConstraintKind::Unique {
                columns: vec![column.into()],
            },
        };
        let mut s = Schema::default();
        s.apply(&Op::CreateTable {
            table: t("t"),
            columns: vec![
                col("id", BaseType::Integer),
                col("u", BaseType::Integer),
                col("v", BaseType::Integer),
            ],
            constraints: vec![
                unique(None, "u"),
                ConstraintDef {
                    name: None,
                    kind: ConstraintKind::PrimaryKey {
                        columns: vec!["id".into()],
                    },
                },
                unique(None, "id"),
                unique(Some("uq_u"), "u"),
                unique(Some("uq_v"), "v"),
                unique(Some("uq_v2"), "v"),
            ],
            comment: None,
            if_not_exists: false,
            from: Default::default(),
        })
        .unwrap();
        let names = |s: &Schema| -> Vec<String> {
            let mut n: Vec<String> = s
                .table(&t("t"))
                .unwrap()
                .constraints
                .iter()
                .map(|c| c.name.clone())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(&s), ["t_pkey", "uq_u", "uq_v"]);
        s.apply(&Op::AddConstraint {
            table: t("t"),
            constraint: unique(Some("again"), "u"),
            not_valid: false,
            only: false,
        })
        .unwrap();
        assert_eq!(names(&s), ["again", "t_pkey", "uq_u", "uq_v"]);
    }

    #[test]
    fn serial_unnamed_constraints_and_drops() {
        let mut s = Schema::default();
        let mut id = col("id", BaseType::Integer);
        id.serial = true;
        s.apply(&Op::CreateTable {
            table: t("users"),
            columns: vec![
                id,
                col("email", BaseType::Varchar(Some(255))),
                col("age", BaseType::Integer),
            ],
            constraints: vec![
                ConstraintDef {
                    name: None,
                    kind: ConstraintKind::PrimaryKey {
                        columns: vec!["id".into()],
                    },
                },
                ConstraintDef {
                    name: None,
                    kind: ConstraintKind::Unique {
                        columns: vec!["email".into()],
                    },
                },
                ConstraintDef {
                    name: None,
                    kind: ConstraintKind::Check {
                        expression: "(age > 0)".into(),
                        columns: vec!["age".into()],
                    },
                },
                ConstraintDef {
                    name: None,
                    kind: ConstraintKind::Check {
                        expression: "(age < 200)".into(),
                        columns: vec!["age".into()],
                    },
                },
            ],
            comment: None,
            if_not_exists: false,
            from: Default::default(),
        })
        .unwrap();
        let users = s.table(&t("users")).unwrap();
        let names: Vec<&str> = users.constraints.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "users_pkey",
                "users_email_key",
                "users_age_check",
                "users_age_check1"
            ]
        );
        assert_eq!(
            users.columns[0].default.as_deref(),
            Some("nextval('users_id_seq'::regclass)")
        );
        assert!(users.columns[0].not_null);
        assert!(s
            .sequences
            .contains_key(&("public".into(), "users_id_seq".into())));

        let e = s.apply(&Op::AddColumn {
            table: t("users"),
            column: col("email", BaseType::Text),
            if_not_exists: false,
        });
        assert_eq!(
            e.unwrap_err().message,
            "column \"email\" of relation \"users\" already exists"
        );

        s.apply(&Op::CreateIndex(IndexDef {
            name: None,
            table: t("users"),
            unique: false,
            method: "btree".into(),
            keys: vec![IndexKey::Expression("lower((email)::text)".into())],
            include: vec![],
            predicate: None,
            if_not_exists: false,
            concurrently: false,
            only: false,
        }))
        .unwrap();
        assert_eq!(
            s.table(&t("users")).unwrap().indexes[0].name,
            "users_lower_idx"
        );

        s.apply(&Op::DropColumn {
            table: t("users"),
            column: "email".into(),
            if_exists: false,
            cascade: false,
        })
        .unwrap();
        let users = s.table(&t("users")).unwrap();
        assert!(users.indexes.is_empty());
        assert_eq!(users.constraints.len(), 3);
    }

    #[test]
    fn extension_types_need_their_extension() {
        let mut s = Schema::default();
        let named = |name: &str| BaseType::Named {
            schema: None,
            name: name.into(),
            modifiers: None,
        };
        let create = |base| Op::CreateTable {
            table: t("t"),
            columns: vec![col("c", base)],
            constraints: vec![],
            comment: None,
            if_not_exists: false,
            from: Default::default(),
        };
        let e = s.apply(&create(named("citext"))).unwrap_err();
        assert_eq!(e.message, "type \"citext\" does not exist");
        assert_eq!(
            e.help.as_deref(),
            Some("it comes with an extension: CREATE EXTENSION citext first")
        );
        s.apply(&Op::CreateExtension {
            name: "citext".into(),
            if_not_exists: false,
        })
        .unwrap();
        s.apply(&create(named("citext"))).unwrap();
        // An extension driftlock does not know may provide any type.
        s.apply(&Op::CreateExtension {
            name: "acme_types".into(),
            if_not_exists: false,
        })
        .unwrap();
        s.apply(&Op::DropTable {
            table: t("t"),
            if_exists: false,
            cascade: false,
        })
        .unwrap();
        s.apply(&create(named("acme_money"))).unwrap();
    }

    #[test]
    fn rename_keeps_names_and_foreign_keys_follow() {
        let mut s = Schema::default();
        let mut id = col("id", BaseType::Integer);
        id.serial = true;
        let pk = ConstraintDef {
            name: None,
            kind: ConstraintKind::PrimaryKey {
                columns: vec!["id".into()],
            },
        };
        s.apply(&Op::CreateTable {
            table: t("org"),
            columns: vec![id.clone()],
            constraints: vec![pk.clone()],
            comment: None,
            if_not_exists: false,
            from: Default::default(),
        })
        .unwrap();
        s.apply(&Op::CreateTable {
            table: t("acct"),
            columns: vec![id, col("org_id", BaseType::Integer)],
            constraints: vec![
                pk,
                ConstraintDef {
                    name: None,
                    kind: ConstraintKind::ForeignKey {
                        columns: vec!["org_id".into()],
                        referenced: t("org"),
                        referenced_columns: vec!["id".into()],
                        on_delete: None,
                        on_update: None,
                    },
                },
            ],
            comment: None,
            if_not_exists: false,
            from: Default::default(),
        })
        .unwrap();
        let e = s
            .apply(&Op::DropTable {
                table: t("org"),
                if_exists: false,
                cascade: false,
            })
            .unwrap_err();
        assert!(e.message.contains("acct_org_id_fkey"), "{e:?}");
        s.apply(&Op::RenameTable {
            table: t("org"),
            new_name: "organisation".into(),
        })
        .unwrap();
        let org = s.table(&t("organisation")).unwrap();
        assert_eq!(org.constraints[0].name, "org_pkey");
        assert_eq!(
            org.columns[0].default.as_deref(),
            Some("nextval('org_id_seq'::regclass)")
        );
        let acct = s.table(&t("acct")).unwrap();
        assert!(
            matches!(&acct.constraints[1].kind, ConstraintKind::ForeignKey { referenced, .. } if referenced.name == "organisation")
        );
    }
}
