//! Indexes: created with PostgreSQL's generated names, on tables and materialized views,
//! renamed and dropped.

use super::apply::{err, ReplayError};
use super::{key, Index, Schema};
use crate::ir::{IndexDef, IndexKey, QualName};
use crate::pg::expr::mentions_identifier;
use crate::pg::names::{choose_name, join_columns, truncate_identifier};

impl Schema {
    pub(super) fn rename_index(
        &mut self,
        index: &QualName,
        new_name: &str,
    ) -> Result<(), ReplayError> {
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
        let mut t = self.table_by_key_mut(&k).expect("owner exists");
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

    pub(super) fn create_index(&mut self, def: &IndexDef) -> Result<(), ReplayError> {
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
        let Some(name) = self.new_index_name(def, &k)? else {
            return Ok(());
        };
        self.table_by_key_mut(&k)
            .expect("table exists")
            .indexes
            .push(Index {
                name,
                unique: def.unique,
                method: def.method.clone(),
                keys: def.keys.clone(),
                include: def.include.clone(),
                predicate: def.predicate.clone(),
                parent: None,
            });
        Ok(())
    }

    /// The name a new index takes: its own, cut to 63 bytes, or the one PostgreSQL generates
    /// from its keys; `None` when `IF NOT EXISTS` finds the name taken.
    fn new_index_name(
        &self,
        def: &IndexDef,
        k: &super::Key,
    ) -> Result<Option<String>, ReplayError> {
        match &def.name {
            Some(n) => {
                let n = truncate_identifier(n);
                if !self.relation_exists(&k.0, &n) {
                    Ok(Some(n))
                } else if def.if_not_exists {
                    Ok(None)
                } else {
                    err(format!("relation \"{n}\" already exists"))
                }
            }
            None => {
                let parts: Vec<String> = def.keys.iter().map(index_key_name).collect();
                let cols = join_columns(parts.iter().map(String::as_str));
                Ok(Some(choose_name(&k.1, Some(&cols), "idx", |n| {
                    self.relation_exists(&k.0, n)
                })))
            }
        }
    }

    /// An index on a materialized view: only its name is kept (it takes a relation name).
    pub(super) fn create_view_index(
        &mut self,
        def: &IndexDef,
        materialized: bool,
    ) -> Result<(), ReplayError> {
        let k = key(&def.table);
        if !materialized {
            return err(format!(
                "cannot create index on relation \"{}\": views have no indexes",
                def.table.name
            ));
        }
        let Some(name) = self.new_index_name(def, &k)? else {
            return Ok(());
        };
        self.views
            .get_mut(&k)
            .expect("view exists")
            .indexes
            .push(name);
        Ok(())
    }

    pub(super) fn drop_index(
        &mut self,
        index: &QualName,
        if_exists: bool,
    ) -> Result<(), ReplayError> {
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
                self.table_by_key_mut(&k)
                    .expect("table exists")
                    .indexes
                    .retain(|i| i.name != index.name);
                Ok(())
            }
        }
    }
}

pub(super) fn index_mentions(index: &Index, column: &str) -> bool {
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
