//! Tables, columns and constraints changed with PostgreSQL's rules: generated names,
//! serial sequences, types that must exist, what a drop takes with it (`CASCADE`) or
//! refuses to drop, and renames followed into expressions and foreign keys.

use super::apply::{
    constraint_columns, constraint_mentions, err, extension_types, rename_column_references,
    same_set, ReplayError,
};
use super::indexes::index_mentions;
use super::{key, Column, Constraint, Key, Schema, Sequence, Table};
use crate::ir::{ColumnChange, ColumnDef, ConstraintDef, ConstraintKind, IndexKey, QualName};
use crate::pg::names::{choose_name, join_columns, truncate_identifier};
use std::sync::Arc;

impl Schema {
    /// `ADD CONSTRAINT ... USING INDEX`: PostgreSQL's checks on the index, then the index
    /// becomes the constraint (and takes the constraint's name).
    pub(super) fn add_constraint_using_index(
        &mut self,
        table: &QualName,
        name: Option<&str>,
        index: &str,
        primary_key: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let t = self.tables.get(&k).ok_or_else(|| ReplayError {
            message: format!("relation \"{table}\" does not exist"),
            help: None,
        })?;
        let Some(ix) = t.indexes.iter().find(|i| i.name == index) else {
            return match self.index_owner(&k.0, index) {
                Some((_, true)) => err(format!(
                    "index \"{index}\" is already associated with a constraint"
                )),
                Some((other, false)) => err(format!(
                    "index \"{index}\" does not belong to table \"{}\"",
                    other.name
                )),
                None => err(format!("index \"{index}\" does not exist")),
            };
        };
        if !ix.unique {
            return err(format!("\"{index}\" is not a unique index"));
        }
        if ix.predicate.is_some() {
            return err(format!("index \"{index}\" contains a WHERE clause"));
        }
        if ix.method != "btree" {
            return err(format!("index \"{index}\" is not a btree"));
        }
        let mut columns = Vec::new();
        for key_part in &ix.keys {
            match key_part {
                IndexKey::Column(c) => columns.push(c.clone()),
                IndexKey::Expression(_) => {
                    return err(format!("index \"{index}\" contains expressions"))
                }
            }
        }
        if primary_key && t.primary_key().is_some() {
            return err(format!(
                "multiple primary keys for table \"{}\" are not allowed",
                k.1
            ));
        }
        let new_name = truncate_identifier(name.unwrap_or(index));
        if new_name != index
            && (self.relation_exists(&k.0, &new_name)
                || t.constraints.iter().any(|c| c.name == new_name))
        {
            return err(format!("relation \"{new_name}\" already exists"));
        }
        let kind = if primary_key {
            ConstraintKind::PrimaryKey { columns }
        } else {
            ConstraintKind::Unique { columns }
        };
        let mut t = self.table_by_key_mut(&k).expect("table exists");
        t.indexes.retain(|i| i.name != index);
        if let ConstraintKind::PrimaryKey { columns } = &kind {
            for c in t.columns.iter_mut().filter(|c| columns.contains(&c.name)) {
                c.not_null = true;
            }
        }
        t.constraints.push(Constraint {
            name: new_name,
            kind,
            parent: None,
        });
        Ok(())
    }

    pub(super) fn create_table(
        &mut self,
        table: &QualName,
        columns: &[ColumnDef],
        constraints: &[ConstraintDef],
        comment: Option<String>,
        if_not_exists: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        self.require_schema(&k.0)?;
        if self.relation_exists(&k.0, &k.1) {
            return if if_not_exists {
                Ok(())
            } else {
                err(format!("relation \"{}\" already exists", table.name))
            };
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in columns {
            if !seen.insert(c.name.as_str()) {
                return err(format!("column \"{}\" specified more than once", c.name));
            }
        }
        self.tables.insert(
            k.clone(),
            Arc::new(Table {
                schema: k.0.clone(),
                name: k.1.clone(),
                columns: Vec::new(),
                constraints: Vec::new(),
                indexes: Vec::new(),
                comment,
                partitioning: None,
                parents: Vec::new(),
                is_partition: false,
            }),
        );
        let (constraints, _) = merge_repeated_keys(constraints);
        let built = columns
            .iter()
            .try_for_each(|c| self.add_column(&k, c))
            .and_then(|()| {
                constraints
                    .iter()
                    .try_for_each(|c| self.add_constraint(&k, c))
            });
        if built.is_err() {
            // The table did not exist before: the sequences it owns are the ones just made.
            self.tables.remove(&k);
            self.sequences.remove_owned_by(&k, None);
        }
        built
    }

    pub(super) fn add_column(&mut self, k: &Key, def: &ColumnDef) -> Result<(), ReplayError> {
        self.check_type(&def.ty)?;
        let mut column = Column {
            name: def.name.clone(),
            ty: def.ty.clone(),
            not_null: def.not_null || def.identity.is_some() || def.serial,
            default: def.default.clone(),
            identity: def.identity.clone(),
            generated: def.generated.clone(),
            comment: def.comment.clone(),
            inherited: 0,
            local: true,
        };
        if def.serial || def.identity.is_some() {
            let seq = choose_name(&k.1, Some(&def.name), "seq", |n| {
                self.relation_exists(&k.0, n)
            });
            if def.serial {
                column.default = Some(format!(
                    "nextval('{}'::regclass)",
                    Schema::visible_name(&k.0, &seq)
                ));
            }
            self.sequences.insert(
                (k.0.clone(), seq),
                Sequence {
                    owned_by: Some((k.clone(), def.name.clone())),
                },
            );
        }
        self.table_by_key_mut(k)
            .expect("table exists")
            .columns
            .push(column);
        Ok(())
    }

    /// A named type must exist: an enum type of the history, or a type an installed extension
    /// provides. With an extension installed whose types driftlock does not know, any name is
    /// accepted rather than guessed wrong.
    pub(super) fn check_type(&self, ty: &super::SqlType) -> Result<(), ReplayError> {
        let super::BaseType::Named { schema, name, .. } = &ty.base else {
            return Ok(());
        };
        let k = (
            schema.clone().unwrap_or_else(|| "public".into()),
            name.clone(),
        );
        if self.enums.contains_key(&k) {
            return Ok(());
        }
        let mut unknown_extension = false;
        for extension in &self.extensions {
            match extension_types(extension) {
                Some(types) if types.contains(&name.as_str()) => return Ok(()),
                Some(_) => {}
                None => unknown_extension = true,
            }
        }
        if unknown_extension {
            return Ok(());
        }
        let provider = [
            "citext", "hstore", "ltree", "postgis", "vector", "cube", "isn",
        ]
        .into_iter()
        .find(|e| extension_types(e).is_some_and(|t| t.contains(&name.as_str())));
        Err(ReplayError {
            message: format!("type \"{}\" does not exist", ty.base),
            help: provider
                .map(|e| format!("it comes with an extension: CREATE EXTENSION {e} first")),
        })
    }

    pub(super) fn add_constraint(
        &mut self,
        k: &Key,
        def: &ConstraintDef,
    ) -> Result<(), ReplayError> {
        let table = self.tables.get(k).ok_or_else(|| ReplayError {
            message: format!("relation \"{}\" does not exist", k.1),
            help: None,
        })?;
        let missing = constraint_columns(&def.kind)
            .into_iter()
            .find(|c| table.column(c).is_none());
        if let Some(c) = missing {
            return err(format!(
                "column \"{c}\" named in {} does not exist",
                def.kind.word()
            ));
        }
        let mut kind = def.kind.clone();
        if let ConstraintKind::ForeignKey {
            columns,
            referenced,
            referenced_columns,
            ..
        } = &mut kind
        {
            let rk = key(referenced);
            let target = if &rk == k {
                Some(table)
            } else {
                self.tables.get(&rk)
            };
            let Some(target) = target else {
                return err(format!("relation \"{referenced}\" does not exist"));
            };
            if referenced_columns.is_empty() {
                // `REFERENCES t` without columns: t's primary key.
                match target.primary_key().map(|pk| constraint_columns(&pk.kind)) {
                    Some(pk) => *referenced_columns = pk,
                    None => {
                        return err(format!(
                            "there is no primary key for referenced table \"{}\"",
                            referenced.name
                        ))
                    }
                }
            }
            if let Some(c) = referenced_columns
                .iter()
                .find(|c| target.column(c).is_none())
            {
                return err(format!(
                    "column \"{c}\" referenced in foreign key constraint does not exist"
                ));
            }
            if referenced_columns.len() != columns.len() {
                return err(
                    "number of referencing and referenced columns for foreign key disagree",
                );
            }
        }
        if matches!(def.kind, ConstraintKind::PrimaryKey { .. }) && table.primary_key().is_some() {
            return err(format!(
                "multiple primary keys for table \"{}\" are not allowed",
                k.1
            ));
        }
        let name = match &def.name {
            Some(name) => {
                let name = truncate_identifier(name);
                let clash = match def.kind {
                    ConstraintKind::PrimaryKey { .. }
                    | ConstraintKind::Unique { .. }
                    | ConstraintKind::Exclude { .. } => self.relation_exists(&k.0, &name),
                    _ => table.constraints.iter().any(|c| c.name == name),
                };
                if clash {
                    return err(format!(
                        "constraint \"{name}\" for relation \"{}\" already exists",
                        k.1
                    ));
                }
                name
            }
            None => self.generated_constraint_name(k, &def.kind),
        };
        let mut table = self.table_by_key_mut(k).expect("table exists");
        if let ConstraintKind::PrimaryKey { columns } = &def.kind {
            for c in table
                .columns
                .iter_mut()
                .filter(|c| columns.contains(&c.name))
            {
                c.not_null = true;
            }
        }
        table.constraints.push(Constraint {
            name,
            kind,
            parent: None,
        });
        Ok(())
    }

    pub(super) fn generated_constraint_name(&self, k: &Key, kind: &ConstraintKind) -> String {
        let table = &self.tables[k];
        let (name2, label, index_like): (Option<String>, &str, bool) = match kind {
            ConstraintKind::PrimaryKey { .. } => (None, "pkey", true),
            ConstraintKind::Unique { columns } => (
                Some(join_columns(columns.iter().map(String::as_str))),
                "key",
                true,
            ),
            ConstraintKind::Exclude { columns, .. } => (
                Some(join_columns(columns.iter().map(String::as_str))),
                "excl",
                true,
            ),
            ConstraintKind::ForeignKey { columns, .. } => (
                Some(join_columns(columns.iter().map(String::as_str))),
                "fkey",
                false,
            ),
            ConstraintKind::Check { columns, .. } => {
                let referenced: Vec<&String> = table
                    .columns
                    .iter()
                    .map(|c| &c.name)
                    .filter(|n| columns.contains(n))
                    .collect();
                (
                    if referenced.len() == 1 {
                        Some(referenced[0].clone())
                    } else {
                        None
                    },
                    "check",
                    false,
                )
            }
        };
        choose_name(&k.1, name2.as_deref(), label, |n| {
            if index_like {
                self.relation_exists(&k.0, n) || self.constraint_exists(&k.0, n)
            } else {
                self.constraint_exists(&k.0, n)
            }
        })
    }

    pub(super) fn drop_table(
        &mut self,
        table: &QualName,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        if !self.tables.contains_key(&k) {
            if let Some(v) = self.views.get(&k) {
                let word = if v.materialized {
                    "MATERIALIZED VIEW"
                } else {
                    "VIEW"
                };
                return Err(ReplayError {
                    message: format!("\"{}\" is not a table", table.name),
                    help: Some(format!("use DROP {word}")),
                });
            }
            return if if_exists {
                Ok(())
            } else {
                err(format!("table \"{}\" does not exist", table.name))
            };
        }
        // Views reading the table need CASCADE (checked before the foreign keys go).
        let views = self.dependent_views(|v| v.reads.contains(&k));
        if let (Some(first), false) = (views.first(), cascade) {
            return Err(ReplayError {
                message: format!(
                    "cannot drop table {} because other objects depend on it ({} {} depends on it)",
                    table.name,
                    self.view_kind(first),
                    Schema::visible_name(&first.0, &first.1)
                ),
                help: Some(format!(
                    "drop the {} first, or drop the table with CASCADE",
                    self.view_kind(first)
                )),
            });
        }
        let dependents = self.foreign_keys_into(&k, false, |_| true);
        self.drop_dependents(dependents, cascade, |other, name| ReplayError {
            message: format!(
                "cannot drop table {} because constraint {name} on table {} depends on it",
                table.name, other.1
            ),
            help: Some("drop the foreign key first, or drop the table with CASCADE".into()),
        })?;
        self.remove_views(&views);
        self.tables.remove(&k);
        self.triggers.retain(|(t, _), _| *t != k);
        self.sequences.remove_owned_by(&k, None);
        Ok(())
    }

    pub(super) fn rename_table(
        &mut self,
        table: &QualName,
        new_name: &str,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let Some(mut t) = self.tables.remove(&k).map(Arc::unwrap_or_clone) else {
            return err(format!("relation \"{}\" does not exist", table.name));
        };
        let new_key = (k.0.clone(), truncate_identifier(new_name));
        if self.relation_exists(&new_key.0, &new_key.1) {
            self.tables.insert(k, Arc::new(t));
            return err(format!("relation \"{new_name}\" already exists"));
        }
        t.name = new_key.1.clone();
        // Constraint, index and sequence names stay; references to the table follow it.
        let refers = |t: &Table| {
            t.constraints.iter().any(|c| {
                matches!(&c.kind, ConstraintKind::ForeignKey { referenced, .. } if key(referenced) == k)
            })
        };
        let follow = |other: &mut Table| {
            for c in &mut other.constraints {
                if let ConstraintKind::ForeignKey { referenced, .. } = &mut c.kind {
                    if key(referenced) == k {
                        referenced.name = new_key.1.clone();
                    }
                }
            }
        };
        for tk in self.tables_touched(refers) {
            follow(&mut self.table_by_key_mut(&tk).expect("listed"));
        }
        follow(&mut t);
        for sk in self.sequences.owned_by(&k, None) {
            let column = self
                .sequences
                .get(&sk)
                .and_then(|s| s.owned_by.as_ref())
                .map(|(_, c)| c.clone());
            if let Some(column) = column {
                self.sequences
                    .set_owner(&sk, Some((new_key.clone(), column)));
            }
        }
        self.relation_renamed(&k, &new_key);
        self.tables.insert(new_key, Arc::new(t));
        Ok(())
    }

    pub(super) fn drop_column(
        &mut self,
        table: &QualName,
        column: &str,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let t = self.existing_table(table)?;
        if t.column(column).is_none() {
            return if if_exists {
                Ok(())
            } else {
                err(format!(
                    "column \"{column}\" of relation \"{}\" does not exist",
                    table.name
                ))
            };
        }
        // Foreign keys of other tables that reference the column need CASCADE.
        let referencing =
            self.foreign_keys_into(&k, false, |cols| cols.iter().any(|c| c == column));
        let views = self.dependent_views(|v| v.columns.contains(&(k.clone(), column.to_string())));
        if let (Some(first), false) = (views.first(), cascade) {
            return Err(ReplayError {
                message: format!(
                    "cannot drop column {column} of table {} because other objects depend on it ({} {} depends on it)",
                    table.name,
                    self.view_kind(first),
                    Schema::visible_name(&first.0, &first.1)
                ),
                help: Some(format!(
                    "drop the {} first, or drop the column with CASCADE",
                    self.view_kind(first)
                )),
            });
        }
        self.drop_dependents(referencing, cascade, |other, name| ReplayError {
            message: format!(
                "cannot drop column {column} of table {} because constraint {name} on table {} depends on it",
                table.name, other.1
            ),
            help: Some("drop the foreign key first".into()),
        })?;
        self.remove_views(&views);
        let mut t = self.table_by_key_mut(&k).expect("table exists");
        t.columns.retain(|c| c.name != column);
        t.constraints
            .retain(|c| !constraint_mentions(&c.kind, column));
        t.indexes.retain(|i| !index_mentions(i, column));
        drop(t);
        self.sequences.remove_owned_by(&k, Some(column));
        Ok(())
    }

    pub(super) fn alter_column(
        &mut self,
        table: &QualName,
        column: &str,
        change: &ColumnChange,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        if let Some(ty) = &change.ty {
            self.check_type(ty)?;
        }
        let t = self.existing_table(table)?;
        let table_name = t.name.clone();
        let Some(index) = t.columns.iter().position(|c| c.name == column) else {
            return err(format!(
                "column \"{column}\" of relation \"{table_name}\" does not exist"
            ));
        };
        if let Some(new_name) = &change.new_name {
            if t.column(new_name).is_some() {
                return err(format!(
                    "column \"{new_name}\" of relation \"{table_name}\" already exists"
                ));
            }
        }
        let in_pk = t
            .primary_key()
            .is_some_and(|pk| constraint_columns(&pk.kind).iter().any(|c| c == column));
        if change.not_null == Some(false) {
            if in_pk {
                return err(format!("column \"{column}\" is in a primary key"));
            }
            if t.columns[index].identity.is_some() && change.identity.is_none() {
                return err(format!(
                    "column \"{column}\" of relation \"{table_name}\" is an identity column"
                ));
            }
        }
        if change
            .ty
            .as_ref()
            .is_some_and(|ty| *ty != t.columns[index].ty)
        {
            if let Some(v) = self.view_using_column(&k, column) {
                return Err(ReplayError {
                    message: format!(
                        "cannot alter type of a column used by a view or rule ({} {} uses column {column})",
                        self.view_kind(&v),
                        Schema::visible_name(&v.0, &v.1)
                    ),
                    help: Some("drop the view first and create it again after the change".into()),
                });
            }
        }
        if let Some(new_name) = &change.new_name {
            self.column_renamed(&k, column, new_name);
        }
        let mut t = self.table_by_key_mut(&k).expect("table exists");
        // Every check is done: from here on the change applies whole.
        let c = &mut t.columns[index];
        if let Some(ty) = &change.ty {
            c.ty = ty.clone();
        }
        if let Some(not_null) = change.not_null {
            c.not_null = not_null;
        }
        if let Some(default) = &change.default {
            c.default = default.clone();
        }
        let mut new_sequence = None;
        if let Some(identity) = &change.identity {
            match (&c.identity, identity) {
                (None, Some(_)) => {
                    c.not_null = true;
                    new_sequence = Some(c.name.clone());
                }
                (Some(_), None) => {}
                _ => {}
            }
            c.identity = identity.clone();
        }
        if let Some(comment) = &change.comment {
            c.comment = comment.clone();
        }
        if let Some(new_name) = &change.new_name {
            c.name = new_name.clone();
            rename_column_references(&mut t, column, new_name);
        }
        drop(t);
        if let Some(new_name) = &change.new_name {
            let refers = |t: &Table| {
                t.constraints.iter().any(|c| {
                    matches!(&c.kind, ConstraintKind::ForeignKey { referenced, referenced_columns, .. }
                        if key(referenced) == k && referenced_columns.iter().any(|rc| rc == column))
                })
            };
            for tk in self.tables_touched(refers) {
                let mut other = self.table_by_key_mut(&tk).expect("listed");
                for con in &mut other.constraints {
                    if let ConstraintKind::ForeignKey {
                        referenced,
                        referenced_columns,
                        ..
                    } = &mut con.kind
                    {
                        if key(referenced) == k {
                            for rc in referenced_columns.iter_mut().filter(|rc| *rc == column) {
                                *rc = new_name.clone();
                            }
                        }
                    }
                }
            }
            for sk in self.sequences.owned_by(&k, Some(column)) {
                self.sequences
                    .set_owner(&sk, Some((k.clone(), new_name.clone())));
            }
        }
        if let Some(col) = new_sequence {
            let seq = choose_name(&k.1, Some(&col), "seq", |n| self.relation_exists(&k.0, n));
            self.sequences.insert(
                (k.0.clone(), seq),
                Sequence {
                    owned_by: Some((k.clone(), col)),
                },
            );
        }
        if matches!(change.identity, Some(None)) {
            let col = change
                .new_name
                .clone()
                .unwrap_or_else(|| column.to_string());
            self.sequences.remove_owned_by(&k, Some(&col));
        }
        Ok(())
    }

    pub(super) fn drop_constraint(
        &mut self,
        table: &QualName,
        name: &str,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let t = self.existing_table(table)?;
        let Some(found) = t.constraints.iter().find(|c| c.name == name).cloned() else {
            if if_exists {
                return Ok(());
            }
            let index = t.indexes.iter().any(|i| i.name == name);
            return Err(ReplayError {
                message: format!(
                    "constraint \"{name}\" of relation \"{}\" does not exist",
                    table.name
                ),
                help: index.then(|| {
                    format!("\"{name}\" is an index, not a constraint: drop it with op.drop_index")
                }),
            });
        };
        // A unique or primary key constraint that a foreign key relies on needs CASCADE. A
        // foreign key relies on the oldest key on its columns (PostgreSQL takes the unique index
        // with the lowest OID when it makes the key): with an older one on the same columns,
        // no foreign key relies on this one.
        if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } =
            &found.kind
        {
            let older_key = t.constraints.iter().take_while(|c| c.name != name).any(|c| {
                matches!(&c.kind, ConstraintKind::PrimaryKey { columns: o } | ConstraintKind::Unique { columns: o } if same_set(o, columns))
            });
            let dependents = match older_key {
                true => Vec::new(),
                false => self.foreign_keys_into(&k, true, |cols| same_set(cols, columns)),
            };
            self.drop_dependents(dependents, cascade, |other, fk| ReplayError {
                message: format!(
                    "cannot drop constraint {name} on table {} because constraint {fk} on table {} depends on it",
                    table.name, other.1
                ),
                help: Some("drop the foreign key first".into()),
            })?;
        }
        self.table_by_key_mut(&k)
            .expect("table exists")
            .constraints
            .retain(|c| c.name != name);
        Ok(())
    }

    /// Foreign keys `(table, name)` that reference table `k` with referenced columns that
    /// `matches` accepts; the table's own foreign keys only when `include_self`.
    pub(super) fn foreign_keys_into(
        &self,
        k: &Key,
        include_self: bool,
        matches: impl Fn(&[String]) -> bool,
    ) -> Vec<(Key, String)> {
        let mut out = Vec::new();
        for other in self.tables.referencing_tables(k) {
            if other == *k && !include_self {
                continue;
            }
            let Some(t) = self.tables.get(&other) else {
                continue;
            };
            for c in &t.constraints {
                if let ConstraintKind::ForeignKey {
                    referenced,
                    referenced_columns,
                    ..
                } = &c.kind
                {
                    if key(referenced) == *k && matches(referenced_columns) {
                        out.push((other.clone(), c.name.clone()));
                    }
                }
            }
        }
        out
    }

    /// Objects that depend on what is dropped: an error (the first one named) unless the drop
    /// cascades, in which case they go too.
    pub(super) fn drop_dependents(
        &mut self,
        dependents: Vec<(Key, String)>,
        cascade: bool,
        error: impl FnOnce(&Key, &str) -> ReplayError,
    ) -> Result<(), ReplayError> {
        if let (Some((other, name)), false) = (dependents.first(), cascade) {
            return Err(error(other, name));
        }
        for (other, name) in dependents {
            if let Some(mut t) = self.table_by_key_mut(&other) {
                t.constraints.retain(|c| c.name != name);
            }
        }
        Ok(())
    }
}

/// `CREATE TABLE`'s key constraints as PostgreSQL keeps them (`transformIndexConstraints`): a
/// unique constraint on the same columns as the primary key or as an earlier unique constraint
/// is dropped, and an unnamed one it repeats takes its name (`UNIQUE PRIMARY KEY`, a column's
/// `unique=True` beside a named `UniqueConstraint` on it). `ALTER TABLE ... ADD` keeps them all.
/// Returns the constraints kept, and those dropped.
pub(crate) fn merge_repeated_keys(
    constraints: &[ConstraintDef],
) -> (Vec<ConstraintDef>, Vec<ConstraintDef>) {
    let key_columns = |c: &ConstraintDef| match &c.kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
            Some(columns.clone())
        }
        _ => None,
    };
    // The primary key comes first, whatever its place.
    let mut order: Vec<usize> = (0..constraints.len()).collect();
    order.sort_by_key(|&i| !matches!(constraints[i].kind, ConstraintKind::PrimaryKey { .. }));
    let mut kept: Vec<Option<ConstraintDef>> = vec![None; constraints.len()];
    let mut seen: Vec<(Vec<String>, usize)> = Vec::new();
    let mut dropped = Vec::new();
    for i in order {
        let c = &constraints[i];
        let Some(columns) = key_columns(c) else {
            kept[i] = Some(c.clone());
            continue;
        };
        match seen.iter().find(|(cols, _)| *cols == columns) {
            Some(&(_, prior)) => {
                if let Some(p) = kept[prior].as_mut() {
                    if p.name.is_none() {
                        p.name = c.name.clone();
                    }
                }
                dropped.push(c.clone());
            }
            None => {
                seen.push((columns, i));
                kept[i] = Some(c.clone());
            }
        }
    }
    (kept.into_iter().flatten().collect(), dropped)
}
