//! Views, materialized views, functions and triggers in the replayed catalog: what they
//! depend on, and PostgreSQL's rules when what they depend on goes (an error without CASCADE,
//! the dependent objects dropped with it) or is renamed (they follow).

use std::collections::BTreeSet;

use super::apply::ReplayError;
use super::{key, Function, FunctionKey, Key, Schema, Trigger, View};
use crate::ir::{FunctionDef, QualName, ViewDef};
use crate::pg::names::truncate_identifier;

fn err<T>(message: impl Into<String>) -> Result<T, ReplayError> {
    Err(ReplayError {
        message: message.into(),
        help: None,
    })
}

fn with_help<T>(message: impl Into<String>, help: impl Into<String>) -> Result<T, ReplayError> {
    Err(ReplayError {
        message: message.into(),
        help: Some(help.into()),
    })
}

fn view_word(materialized: bool) -> &'static str {
    if materialized {
        "materialized view"
    } else {
        "view"
    }
}

fn signature(name: &str, args: &[String]) -> String {
    format!("{name}({})", args.join(", "))
}

impl Schema {
    /// `view` or `materialized view`, for messages.
    pub(super) fn view_kind(&self, k: &Key) -> &'static str {
        view_word(self.views.get(k).is_some_and(|v| v.materialized))
    }

    /// The views that depend, directly or through other views, on what `direct` selects:
    /// the direct ones first.
    pub(super) fn dependent_views(&self, direct: impl Fn(&View) -> bool) -> Vec<Key> {
        let mut found: Vec<Key> = self
            .views
            .iter()
            .filter(|(_, v)| direct(v))
            .map(|(k, _)| k.clone())
            .collect();
        loop {
            let more: Vec<Key> = self
                .views
                .iter()
                .filter(|(k, v)| !found.contains(*k) && v.reads.iter().any(|r| found.contains(r)))
                .map(|(k, _)| k.clone())
                .collect();
            if more.is_empty() {
                return found;
            }
            found.extend(more);
        }
    }

    /// Drops the views in `views` and the triggers on them.
    pub(super) fn remove_views(&mut self, views: &[Key]) {
        self.views.retain(|k, _| !views.contains(k));
        self.triggers.retain(|(t, _), _| !views.contains(t));
    }

    /// The error for objects depending on what a statement drops, or `Ok` when the drop
    /// cascades to them (they are dropped here) or nothing depends on it.
    pub(super) fn cascade_to_views(
        &mut self,
        views: Vec<Key>,
        cascade: bool,
        what: &str,
    ) -> Result<(), ReplayError> {
        if let (Some(first), false) = (views.first(), cascade) {
            let kind = view_word(self.views[first].materialized);
            return with_help(
                format!("cannot drop {what} because other objects depend on it ({kind} {} depends on it)", Schema::visible_name(&first.0, &first.1)),
                format!("drop the {kind} first, or use CASCADE"),
            );
        }
        self.remove_views(&views);
        Ok(())
    }

    /// Views and triggers follow a table (or view) renamed from `old` to `new`.
    pub(super) fn relation_renamed(&mut self, old: &Key, new: &Key) {
        for v in self.views.values_mut() {
            if v.reads.remove(old) {
                v.reads.insert(new.clone());
            }
            v.columns = std::mem::take(&mut v.columns)
                .into_iter()
                .map(|(t, c)| if t == *old { (new.clone(), c) } else { (t, c) })
                .collect();
        }
        self.triggers = std::mem::take(&mut self.triggers)
            .into_iter()
            .map(|((t, n), trigger)| {
                if t == *old {
                    ((new.clone(), n), trigger)
                } else {
                    ((t, n), trigger)
                }
            })
            .collect();
    }

    /// Views follow a column renamed in table `k`.
    pub(super) fn column_renamed(&mut self, k: &Key, old: &str, new: &str) {
        for v in self.views.values_mut() {
            if v.columns.remove(&(k.clone(), old.to_string())) {
                v.columns.insert((k.clone(), new.to_string()));
            }
        }
    }

    /// The view that uses column `column` of table `k`, if any.
    pub(super) fn view_using_column(&self, k: &Key, column: &str) -> Option<Key> {
        self.views
            .iter()
            .find(|(_, v)| v.columns.contains(&(k.clone(), column.to_string())))
            .map(|(vk, _)| vk.clone())
    }

    pub(super) fn create_view(&mut self, def: &ViewDef) -> Result<(), ReplayError> {
        let k = key(&def.name);
        self.require_schema(&k.0)?;
        let existing = self.views.get(&k).map(|v| v.materialized);
        match existing {
            Some(materialized) if def.or_replace && !materialized && !def.materialized => {}
            Some(_) if def.if_not_exists => return Ok(()),
            Some(true) if def.or_replace => {
                return err(format!("\"{}\" is not a view", def.name.name))
            }
            _ if self.relation_exists(&k.0, &k.1) => {
                if def.if_not_exists {
                    return Ok(());
                }
                if def.or_replace && existing.is_none() {
                    return err(format!("\"{}\" is not a view", def.name.name));
                }
                return err(format!("relation \"{}\" already exists", def.name.name));
            }
            _ => {}
        }
        // The names the query reads: tables and views of the catalog. Others (catalog
        // tables, relations created outside the history) are not tracked.
        let mut reads = BTreeSet::new();
        let mut aliases: Vec<(String, Key)> = Vec::new();
        for r in &def.reads {
            let rk = key(&r.name);
            if rk == k || !(self.tables.contains_key(&rk) || self.views.contains_key(&rk)) {
                continue;
            }
            aliases.push((r.alias.clone().unwrap_or_else(|| rk.1.clone()), rk.clone()));
            reads.insert(rk);
        }
        let mut columns = BTreeSet::new();
        let tables_read: Vec<&Key> = reads
            .iter()
            .filter(|r| self.tables.contains_key(r))
            .collect();
        for c in &def.columns {
            let candidates: Vec<&Key> = match &c.qualifier {
                Some(q) => aliases
                    .iter()
                    .filter(|(a, _)| a == q)
                    .map(|(_, rk)| rk)
                    .filter(|rk| self.tables.contains_key(rk))
                    .collect(),
                None => tables_read.clone(),
            };
            match &c.column {
                // `*`: every column the tables have now.
                None => {
                    for rk in candidates {
                        for col in &self.tables[rk].columns {
                            columns.insert((rk.clone(), col.name.clone()));
                        }
                    }
                }
                Some(name) => {
                    let owners: Vec<&Key> = candidates
                        .into_iter()
                        .filter(|rk| self.tables[*rk].column(name).is_some())
                        .collect();
                    // An unqualified name belongs to the one table that has such a column.
                    if let [owner] = owners.as_slice() {
                        columns.insert(((*owner).clone(), name.clone()));
                    }
                }
            }
        }
        let indexes = match self.views.remove(&k) {
            Some(old) => old.indexes,
            None => Vec::new(),
        };
        self.views.insert(
            k,
            View {
                materialized: def.materialized,
                reads,
                columns,
                indexes,
            },
        );
        Ok(())
    }

    pub(super) fn drop_view(
        &mut self,
        name: &QualName,
        materialized: bool,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let k = key(name);
        let word = view_word(materialized);
        match self.views.get(&k) {
            None if self.relation_exists(&k.0, &k.1) => {
                let help = if self.tables.contains_key(&k) {
                    "use DROP TABLE (op.drop_table) for a table".to_string()
                } else {
                    format!(
                        "use DROP {} for it",
                        view_word(!materialized).to_uppercase()
                    )
                };
                return with_help(format!("\"{}\" is not a {word}", name.name), help);
            }
            None if if_exists => return Ok(()),
            None => return err(format!("{word} \"{}\" does not exist", name.name)),
            Some(v) if v.materialized != materialized => {
                return with_help(
                    format!("\"{}\" is not a {word}", name.name),
                    format!("use DROP {}", view_word(v.materialized).to_uppercase()),
                )
            }
            Some(_) => {}
        }
        let dependents = self.dependent_views(|v| v.reads.contains(&k));
        self.cascade_to_views(dependents, cascade, &format!("{word} {}", name.name))?;
        self.remove_views(&[k]);
        Ok(())
    }

    pub(super) fn rename_view(
        &mut self,
        name: &QualName,
        materialized: bool,
        new_name: &str,
    ) -> Result<(), ReplayError> {
        let k = key(name);
        match self.views.get(&k) {
            Some(v) if v.materialized == materialized => {}
            Some(_) => {
                return err(format!(
                    "\"{}\" is not a {}",
                    name.name,
                    view_word(materialized)
                ))
            }
            None => return err(format!("relation \"{}\" does not exist", name.name)),
        }
        let new_key = (k.0.clone(), truncate_identifier(new_name));
        if self.relation_exists(&new_key.0, &new_key.1) {
            return err(format!("relation \"{}\" already exists", new_key.1));
        }
        let view = self.views.remove(&k).expect("view exists");
        self.views.insert(new_key.clone(), view);
        self.relation_renamed(&k, &new_key);
        Ok(())
    }

    /// The functions a name and optional argument list designate.
    fn find_functions(&self, name: &QualName, args: Option<&[String]>) -> Vec<FunctionKey> {
        let k = key(name);
        self.functions
            .keys()
            .filter(|(fk, fargs)| *fk == k && args.is_none_or(|a| a == fargs.as_slice()))
            .cloned()
            .collect()
    }

    /// The one function `DROP`/`ALTER FUNCTION` designates, or PostgreSQL's error.
    fn one_function(
        &self,
        name: &QualName,
        args: Option<&[String]>,
    ) -> Result<Option<FunctionKey>, ReplayError> {
        let found = self.find_functions(name, args);
        match (found.as_slice(), args) {
            ([one], _) => Ok(Some(one.clone())),
            ([], _) => Ok(None),
            _ => err(format!("function name \"{}\" is not unique", name.name)),
        }
    }

    pub(super) fn create_function(&mut self, def: &FunctionDef) -> Result<(), ReplayError> {
        let k = key(&def.name);
        self.require_schema(&k.0)?;
        let fk = (k, def.args.clone());
        if let Some(existing) = self.functions.get(&fk) {
            if !def.or_replace {
                return err(format!(
                    "function \"{}\" already exists with same argument types",
                    def.name.name
                ));
            }
            if existing.procedure != def.procedure {
                return err(format!(
                    "cannot change routine kind: \"{}\" is a {}",
                    def.name.name,
                    if existing.procedure {
                        "procedure"
                    } else {
                        "function"
                    }
                ));
            }
        }
        self.functions.insert(
            fk,
            Function {
                procedure: def.procedure,
                language: def.language.clone(),
                volatility: def.volatility,
                security_definer: def.security_definer,
                sets_search_path: def.sets_search_path,
            },
        );
        Ok(())
    }

    pub(super) fn drop_function(
        &mut self,
        name: &QualName,
        args: Option<&[String]>,
        if_exists: bool,
        cascade: bool,
    ) -> Result<(), ReplayError> {
        let Some(fk) = self.one_function(name, args)? else {
            return match (if_exists, args) {
                (true, _) => Ok(()),
                (false, Some(a)) => err(format!(
                    "function {} does not exist",
                    signature(&name.to_string(), a)
                )),
                (false, None) => err(format!("could not find a function named \"{name}\"")),
            };
        };
        // Triggers run functions without arguments.
        let triggers: Vec<(Key, String)> = if fk.1.is_empty() {
            self.triggers
                .iter()
                .filter(|(_, t)| t.function == fk.0)
                .map(|(k, _)| k.clone())
                .collect()
        } else {
            Vec::new()
        };
        if let (Some((table, trigger)), false) = (triggers.first(), cascade) {
            return with_help(
                format!(
                    "cannot drop function {} because other objects depend on it (trigger {trigger} on table {} depends on it)",
                    signature(&name.name, &fk.1),
                    table.1
                ),
                "drop the trigger first, or use CASCADE",
            );
        }
        for t in &triggers {
            self.triggers.remove(t);
        }
        self.functions.remove(&fk);
        Ok(())
    }

    pub(super) fn rename_function(
        &mut self,
        name: &QualName,
        args: Option<&[String]>,
        new_name: &str,
    ) -> Result<(), ReplayError> {
        let Some(fk) = self.one_function(name, args)? else {
            return err(format!(
                "function {} does not exist",
                signature(&name.to_string(), args.unwrap_or_default())
            ));
        };
        let new_key = (
            (fk.0 .0.clone(), truncate_identifier(new_name)),
            fk.1.clone(),
        );
        if self.functions.contains_key(&new_key) {
            return err(format!(
                "function {} already exists in schema \"{}\"",
                signature(&new_key.0 .1, &fk.1),
                fk.0 .0
            ));
        }
        let f = self.functions.remove(&fk).expect("function exists");
        self.functions.insert(new_key.clone(), f);
        if fk.1.is_empty() {
            for t in self.triggers.values_mut() {
                if t.function == fk.0 {
                    t.function = new_key.0.clone();
                }
            }
        }
        Ok(())
    }

    pub(super) fn create_trigger(
        &mut self,
        name: &str,
        table: &QualName,
        function: &QualName,
        or_replace: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        if !self.tables.contains_key(&k) && !self.views.contains_key(&k) {
            return err(format!("relation \"{table}\" does not exist"));
        }
        let tk = (k, truncate_identifier(name));
        if self.triggers.contains_key(&tk) && !or_replace {
            return err(format!(
                "trigger \"{name}\" for relation \"{}\" already exists",
                table.name
            ));
        }
        // The function may be a built-in one (`tsvector_update_trigger`): not checked.
        self.triggers.insert(
            tk,
            Trigger {
                function: key(function),
            },
        );
        Ok(())
    }

    pub(super) fn drop_trigger(
        &mut self,
        name: &str,
        table: &QualName,
        if_exists: bool,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        if !self.tables.contains_key(&k) && !self.views.contains_key(&k) {
            return if if_exists {
                Ok(())
            } else {
                err(format!("relation \"{table}\" does not exist"))
            };
        }
        if self.triggers.remove(&(k, name.to_string())).is_none() && !if_exists {
            return err(format!(
                "trigger \"{name}\" for table \"{}\" does not exist",
                table.name
            ));
        }
        Ok(())
    }

    pub(super) fn rename_trigger(
        &mut self,
        table: &QualName,
        name: &str,
        new_name: &str,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        let new_name = truncate_identifier(new_name);
        if !self.triggers.contains_key(&(k.clone(), name.to_string())) {
            return err(format!(
                "trigger \"{name}\" for table \"{}\" does not exist",
                table.name
            ));
        }
        if self.triggers.contains_key(&(k.clone(), new_name.clone())) {
            return err(format!(
                "trigger \"{new_name}\" for relation \"{}\" already exists",
                table.name
            ));
        }
        let t = self
            .triggers
            .remove(&(k.clone(), name.to_string()))
            .expect("trigger exists");
        self.triggers.insert((k, new_name), t);
        Ok(())
    }
}
