//! Applying one operation to the catalog, with PostgreSQL's rules: generated names, SERIAL
//! sequences, NOT NULL from primary keys, what a drop takes with it, and the errors PostgreSQL
//! would raise (which become `replay` diagnostics; the catalog is then left unchanged).

use super::names::{choose_name, join_columns, truncate_identifier};
use super::{key, Column, Constraint, Index, Key, Schema, Sequence, Table};
use crate::ir::{
    ColumnChange, ColumnDef, ConstraintDef, ConstraintKind, IndexDef, IndexKey, Op, QualName,
};
use crate::lower::expr::literal_default;

/// Why an operation cannot apply: what PostgreSQL would answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    pub message: String,
    pub help: Option<String>,
}

fn err<T>(message: impl Into<String>) -> Result<T, ReplayError> {
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
        self.apply_in_place(op)
    }

    fn apply_in_place(&mut self, op: &Op) -> Result<(), ReplayError> {
        match op {
            Op::CreateTable {
                table,
                columns,
                constraints,
                comment,
                if_not_exists,
            } => self.create_table(table, columns, constraints, comment.clone(), *if_not_exists),
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
                let t = self.table_mut(table)?;
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
                let t = self.table_mut(table)?;
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
                let t = self.table_mut(table)?;
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
    fn sequence_owner(
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
    fn identity_owner(&self, s: &Sequence) -> Option<(String, String)> {
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

    fn drop_sequence(
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
        for t in self.tables.values_mut() {
            for c in t.columns.iter_mut().filter(|c| uses(c)) {
                c.default = None;
            }
        }
        self.sequences.remove(&k);
        Ok(())
    }

    fn rename_sequence(&mut self, name: &QualName, new_name: &str) -> Result<(), ReplayError> {
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
        for t in self.tables.values_mut() {
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

    /// `ADD CONSTRAINT ... USING INDEX`: PostgreSQL's checks on the index, then the index
    /// becomes the constraint (and takes the constraint's name).
    fn add_constraint_using_index(
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
        let t = self.tables.get_mut(&k).expect("table exists");
        t.indexes.retain(|i| i.name != index);
        if let ConstraintKind::PrimaryKey { columns } = &kind {
            for c in t.columns.iter_mut().filter(|c| columns.contains(&c.name)) {
                c.not_null = true;
            }
        }
        t.constraints.push(Constraint {
            name: new_name,
            kind,
        });
        Ok(())
    }

    fn rename_enum(&mut self, name: &QualName, new_name: &str) -> Result<(), ReplayError> {
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
        for t in self.tables.values_mut() {
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

    fn rename_index(&mut self, index: &QualName, new_name: &str) -> Result<(), ReplayError> {
        let schema = index.schema_or_public().to_string();
        let new_name = truncate_identifier(new_name);
        let on_view = self
            .views
            .iter()
            .any(|((s, _), v)| *s == schema && v.indexes.contains(&index.name));
        if on_view {
            if self.relation_exists(&schema, &new_name) {
                return err(format!("relation \"{new_name}\" already exists"));
            }
            for ((s, _), v) in self.views.iter_mut() {
                if *s == schema {
                    for i in v.indexes.iter_mut().filter(|i| **i == index.name) {
                        i.clone_from(&new_name);
                    }
                }
            }
            return Ok(());
        }
        let owner = self
            .index_owner(&schema, &index.name)
            .map(|(t, backs)| ((t.schema.clone(), t.name.clone()), backs));
        let Some((k, backs_constraint)) = owner else {
            return err(format!("relation \"{}\" does not exist", index.name));
        };
        if self.relation_exists(&schema, &new_name) {
            return err(format!("relation \"{new_name}\" already exists"));
        }
        let t = self.tables.get_mut(&k).expect("owner exists");
        if backs_constraint {
            // Renaming the index of a unique or primary key constraint renames the constraint.
            if let Some(c) = t.constraints.iter_mut().find(|c| c.name == index.name) {
                c.name = new_name;
            }
        } else if let Some(i) = t.indexes.iter_mut().find(|i| i.name == index.name) {
            i.name = new_name;
        }
        Ok(())
    }

    pub(super) fn require_schema(&self, schema: &str) -> Result<(), ReplayError> {
        if self.schemas.contains(schema) {
            Ok(())
        } else {
            err(format!("schema \"{schema}\" does not exist"))
        }
    }

    fn table_mut(&mut self, name: &QualName) -> Result<&mut Table, ReplayError> {
        self.tables.get_mut(&key(name)).ok_or_else(|| ReplayError {
            message: format!("relation \"{name}\" does not exist"),
            help: None,
        })
    }

    fn create_table(
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
            Table {
                schema: k.0.clone(),
                name: k.1.clone(),
                columns: Vec::new(),
                constraints: Vec::new(),
                indexes: Vec::new(),
                comment,
            },
        );
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
            self.sequences
                .retain(|_, s| s.owned_by.as_ref().is_none_or(|(owner, _)| *owner != k));
        }
        built
    }

    fn add_column(&mut self, k: &Key, def: &ColumnDef) -> Result<(), ReplayError> {
        self.check_type(&def.ty)?;
        let mut column = Column {
            name: def.name.clone(),
            ty: def.ty.clone(),
            not_null: def.not_null || def.identity.is_some() || def.serial,
            default: def.default.clone(),
            identity: def.identity.clone(),
            generated: def.generated.clone(),
            comment: def.comment.clone(),
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
        self.tables
            .get_mut(k)
            .expect("table exists")
            .columns
            .push(column);
        Ok(())
    }

    /// A named type must exist: an enum type of the history, or a type an installed extension
    /// provides. With an extension installed whose types driftlock does not know, any name is
    /// accepted rather than guessed wrong.
    fn check_type(&self, ty: &super::SqlType) -> Result<(), ReplayError> {
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

    fn add_constraint(&mut self, k: &Key, def: &ConstraintDef) -> Result<(), ReplayError> {
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
        let table = self.tables.get_mut(k).expect("table exists");
        if let ConstraintKind::PrimaryKey { columns } = &def.kind {
            for c in table
                .columns
                .iter_mut()
                .filter(|c| columns.contains(&c.name))
            {
                c.not_null = true;
            }
        }
        table.constraints.push(Constraint { name, kind });
        Ok(())
    }

    fn generated_constraint_name(&self, k: &Key, kind: &ConstraintKind) -> String {
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

    fn drop_table(
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
        self.sequences
            .retain(|_, s| s.owned_by.as_ref().is_none_or(|(t, _)| *t != k));
        Ok(())
    }

    fn rename_table(&mut self, table: &QualName, new_name: &str) -> Result<(), ReplayError> {
        let k = key(table);
        let Some(mut t) = self.tables.remove(&k) else {
            return err(format!("relation \"{}\" does not exist", table.name));
        };
        let new_key = (k.0.clone(), truncate_identifier(new_name));
        if self.relation_exists(&new_key.0, &new_key.1) {
            self.tables.insert(k, t);
            return err(format!("relation \"{new_name}\" already exists"));
        }
        t.name = new_key.1.clone();
        // Constraint, index and sequence names stay; references to the table follow it.
        for other in self.tables.values_mut().chain(std::iter::once(&mut t)) {
            for c in &mut other.constraints {
                if let ConstraintKind::ForeignKey { referenced, .. } = &mut c.kind {
                    if key(referenced) == k {
                        referenced.name = new_key.1.clone();
                    }
                }
            }
        }
        for s in self.sequences.values_mut() {
            if let Some((owner, _)) = &mut s.owned_by {
                if *owner == k {
                    *owner = new_key.clone();
                }
            }
        }
        self.relation_renamed(&k, &new_key);
        self.tables.insert(new_key, t);
        Ok(())
    }

    fn drop_column(
        &mut self,
        table: &QualName,
        column: &str,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let t = self.table_mut(table)?;
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
        let t = self.tables.get_mut(&k).expect("table exists");
        t.columns.retain(|c| c.name != column);
        t.constraints
            .retain(|c| !constraint_mentions(&c.kind, column));
        t.indexes.retain(|i| !index_mentions(i, column));
        self.sequences.retain(|_, s| {
            s.owned_by
                .as_ref()
                .is_none_or(|(owner, c)| !(*owner == k && c == column))
        });
        Ok(())
    }

    fn alter_column(
        &mut self,
        table: &QualName,
        column: &str,
        change: &ColumnChange,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        if let Some(ty) = &change.ty {
            self.check_type(ty)?;
        }
        let t = self.table_mut(table)?;
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
        let t = self.tables.get_mut(&k).expect("table exists");
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
            rename_column_references(t, column, new_name);
            for other in self.tables.values_mut() {
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
            for s in self.sequences.values_mut() {
                if let Some((owner, c)) = &mut s.owned_by {
                    if *owner == k && c == column {
                        *c = new_name.clone();
                    }
                }
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
            self.sequences.retain(|_, s| {
                s.owned_by
                    .as_ref()
                    .is_none_or(|(owner, c)| !(*owner == k && *c == col))
            });
        }
        Ok(())
    }

    fn drop_constraint(
        &mut self,
        table: &QualName,
        name: &str,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let t = self.table_mut(table)?;
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
        // A unique or primary key constraint that a foreign key relies on needs CASCADE.
        if let ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } =
            &found.kind
        {
            let dependents = self.foreign_keys_into(&k, true, |cols| same_set(cols, columns));
            self.drop_dependents(dependents, cascade, |other, fk| ReplayError {
                message: format!(
                    "cannot drop constraint {name} on table {} because constraint {fk} on table {} depends on it",
                    table.name, other.1
                ),
                help: Some("drop the foreign key first".into()),
            })?;
        }
        self.tables
            .get_mut(&k)
            .expect("table exists")
            .constraints
            .retain(|c| c.name != name);
        Ok(())
    }

    /// Foreign keys `(table, name)` that reference table `k` with referenced columns that
    /// `matches` accepts; the table's own foreign keys only when `include_self`.
    fn foreign_keys_into(
        &self,
        k: &Key,
        include_self: bool,
        matches: impl Fn(&[String]) -> bool,
    ) -> Vec<(Key, String)> {
        let mut out = Vec::new();
        for (other, t) in &self.tables {
            if other == k && !include_self {
                continue;
            }
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
    fn drop_dependents(
        &mut self,
        dependents: Vec<(Key, String)>,
        cascade: bool,
        error: impl FnOnce(&Key, &str) -> ReplayError,
    ) -> Result<(), ReplayError> {
        if let (Some((other, name)), false) = (dependents.first(), cascade) {
            return Err(error(other, name));
        }
        for (other, name) in dependents {
            if let Some(t) = self.tables.get_mut(&other) {
                t.constraints.retain(|c| c.name != name);
            }
        }
        Ok(())
    }

    fn create_index(&mut self, def: &IndexDef) -> Result<(), ReplayError> {
        let k = key(&def.table);
        if let Some(view) = self.views.get(&k) {
            return self.create_view_index(def, view.materialized);
        }
        let table = self.tables.get(&k).ok_or_else(|| ReplayError {
            message: format!("relation \"{}\" does not exist", def.table),
            help: None,
        })?;
        for key_part in &def.keys {
            if let IndexKey::Column(c) = key_part {
                if table.column(c).is_none() {
                    return err(format!("column \"{c}\" does not exist"));
                }
            }
        }
        let name = match &def.name {
            Some(n) => {
                let n = truncate_identifier(n);
                if self.relation_exists(&k.0, &n) {
                    return if def.if_not_exists {
                        Ok(())
                    } else {
                        err(format!("relation \"{n}\" already exists"))
                    };
                }
                n
            }
            None => {
                let parts: Vec<String> = def.keys.iter().map(index_key_name).collect();
                let cols = join_columns(parts.iter().map(String::as_str));
                choose_name(&k.1, Some(&cols), "idx", |n| self.relation_exists(&k.0, n))
            }
        };
        self.tables
            .get_mut(&k)
            .expect("table exists")
            .indexes
            .push(Index {
                name,
                unique: def.unique,
                method: def.method.clone(),
                keys: def.keys.clone(),
                include: def.include.clone(),
                predicate: def.predicate.clone(),
            });
        Ok(())
    }

    /// An index on a materialized view: only its name is kept (it takes a relation name).
    fn create_view_index(&mut self, def: &IndexDef, materialized: bool) -> Result<(), ReplayError> {
        let k = key(&def.table);
        if !materialized {
            return err(format!(
                "cannot create index on relation \"{}\": views have no indexes",
                def.table.name
            ));
        }
        let name = match &def.name {
            Some(n) => {
                let n = truncate_identifier(n);
                if self.relation_exists(&k.0, &n) {
                    return if def.if_not_exists {
                        Ok(())
                    } else {
                        err(format!("relation \"{n}\" already exists"))
                    };
                }
                n
            }
            None => {
                let parts: Vec<String> = def.keys.iter().map(index_key_name).collect();
                let cols = join_columns(parts.iter().map(String::as_str));
                choose_name(&k.1, Some(&cols), "idx", |n| self.relation_exists(&k.0, n))
            }
        };
        self.views
            .get_mut(&k)
            .expect("view exists")
            .indexes
            .push(name);
        Ok(())
    }

    fn drop_index(&mut self, index: &QualName, if_exists: bool) -> Result<(), ReplayError> {
        let schema = index.schema_or_public().to_string();
        let on_view = self
            .views
            .iter_mut()
            .find(|((s, _), v)| *s == schema && v.indexes.contains(&index.name));
        if let Some((_, v)) = on_view {
            v.indexes.retain(|i| *i != index.name);
            return Ok(());
        }
        match self.index_owner(&schema, &index.name) {
            None => {
                if if_exists {
                    Ok(())
                } else {
                    err(format!("index \"{}\" does not exist", index.name))
                }
            }
            Some((t, true)) => Err(ReplayError {
                message: format!(
                    "cannot drop index {} because constraint {} on table {} requires it",
                    index.name, index.name, t.name
                ),
                help: Some("drop the constraint instead (op.drop_constraint)".into()),
            }),
            Some((t, false)) => {
                let k = (t.schema.clone(), t.name.clone());
                self.tables
                    .get_mut(&k)
                    .expect("table exists")
                    .indexes
                    .retain(|i| i.name != index.name);
                Ok(())
            }
        }
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

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

fn uses_type(ty: &super::SqlType, k: &Key) -> bool {
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

fn constraint_mentions(kind: &ConstraintKind, column: &str) -> bool {
    match kind {
        ConstraintKind::Check { columns, .. } => columns.iter().any(|c| c == column),
        other => constraint_columns(other).iter().any(|c| c == column),
    }
}

fn index_mentions(index: &Index, column: &str) -> bool {
    index.include.iter().any(|c| c == column)
        || index.keys.iter().any(|k| match k {
            IndexKey::Column(c) => c == column,
            IndexKey::Expression(e) => mentions_identifier(e, column),
        })
        || index
            .predicate
            .as_deref()
            .is_some_and(|p| mentions_identifier(p, column))
}

/// Whether `column` appears as a whole identifier in an SQL expression (outside quotes).
pub fn mentions_identifier(expression: &str, column: &str) -> bool {
    identifiers(expression).iter().any(|i| i == column)
}

/// Bare and double-quoted identifiers of an SQL expression, skipping string literals.
pub fn identifiers(expression: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == '"' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            out.push(chars[start..i.min(chars.len())].iter().collect());
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push(chars[start..i].iter().collect::<String>().to_lowercase());
        } else {
            i += 1;
        }
    }
    out
}

fn rename_column_references(t: &mut Table, old: &str, new: &str) {
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

/// Replaces whole-identifier occurrences of `old` outside string literals.
fn replace_identifier(expression: &str, old: &str, new: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = expression.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i = (i + 1).min(chars.len());
            out.extend(&chars[start..i]);
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == old {
                out.push_str(&super::types::quote_ident(new));
            } else {
                out.push_str(&word);
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The part of a generated index name a key contributes: the column, or for an expression
/// the first function name in it (PostgreSQL's `FigureColname`), else `expr`.
fn index_key_name(k: &IndexKey) -> String {
    match k {
        IndexKey::Column(c) => c.clone(),
        IndexKey::Expression(e) => {
            let trimmed = e.trim_start_matches('(');
            let word: String = trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() && trimmed[word.len()..].trim_start().starts_with('(') {
                word.to_lowercase()
            } else {
                "expr".to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
