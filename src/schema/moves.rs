//! Objects moved to another schema (`ALTER TABLE | TYPE ... SET SCHEMA`) and enum types made
//! again with new labels (alembic-postgresql-enum's `sync_enum_values`): every name that
//! prints the object follows it (column types, defaults, `regclass` literals, foreign keys,
//! parents).

use std::sync::Arc;

use super::apply::{err, uses_type, ReplayError};
use super::{key, Key, Schema};
use crate::ir::{ConstraintKind, EnumColumn, QualName};
use crate::pg::BaseType;

impl Schema {
    /// `ALTER TABLE t SET SCHEMA s`: the table with its indexes, constraints and owned
    /// sequences; a sequence named by `ALTER TABLE` moves alone.
    pub(super) fn set_table_schema(
        &mut self,
        table: &QualName,
        schema: &str,
    ) -> Result<(), ReplayError> {
        let k = key(table);
        self.require_schema(schema)?;
        if !self.tables.contains_key(&k) && self.sequences.contains_key(&k) {
            if let Some(((_, owner), _)) = self.sequences.get(&k).and_then(|s| s.owned_by.clone()) {
                return Err(ReplayError {
                    message: "cannot move an owned sequence into another schema".into(),
                    help: Some(format!(
                        "sequence \"{}\" is linked to table \"{owner}\": move the table",
                        k.1
                    )),
                });
            }
            return self.move_sequences(&[k], schema);
        }
        if !self.tables.contains_key(&k) && self.views.contains_key(&k) {
            // `ALTER TABLE` moves a view too; what reads it follows.
            let new_key = (schema.to_string(), k.1.clone());
            if self.relation_exists(schema, &k.1) {
                return err(format!(
                    "relation \"{}\" already exists in schema \"{schema}\"",
                    k.1
                ));
            }
            if let Some(v) = self.views.remove(&k) {
                self.views.insert(new_key.clone(), v);
            }
            self.relation_renamed(&k, &new_key);
            return Ok(());
        }
        let t = self.shared_table(table)?;
        if k.0 == schema {
            return Ok(());
        }
        let new_key = (schema.to_string(), k.1.clone());
        let mut names: Vec<&str> = vec![&t.name];
        names.extend(t.indexes.iter().map(|i| i.name.as_str()));
        names.extend(
            t.constraints
                .iter()
                .filter(|c| {
                    matches!(
                        c.kind,
                        ConstraintKind::PrimaryKey { .. }
                            | ConstraintKind::Unique { .. }
                            | ConstraintKind::Exclude { .. }
                    )
                })
                .map(|c| c.name.as_str()),
        );
        let owned = self.sequences.owned_by(&k, None);
        names.extend(owned.iter().map(|(_, n)| n.as_str()));
        if let Some(n) = names.iter().find(|n| self.relation_exists(schema, n)) {
            return err(format!(
                "relation \"{n}\" already exists in schema \"{schema}\""
            ));
        }
        let Some(mut moved) = self.tables.remove(&k).map(Arc::unwrap_or_clone) else {
            return err(format!("relation \"{}\" does not exist", table.name));
        };
        moved.schema = schema.to_string();
        self.tables.insert(new_key.clone(), Arc::new(moved));
        // What names the table by its key follows it.
        let refers = |t: &super::Table| {
            t.parents.contains(&k)
                || t.constraints.iter().any(|c| {
                    matches!(&c.kind, ConstraintKind::ForeignKey { referenced, .. } if key(referenced) == k)
                })
        };
        for tk in self.tables_touched(refers) {
            let mut other = self.writable(&tk)?;
            for p in other.parents.iter_mut().filter(|p| **p == k) {
                p.clone_from(&new_key);
            }
            for c in other.constraints.iter_mut() {
                if let ConstraintKind::ForeignKey { referenced, .. } = &mut c.kind {
                    if key(referenced) == k {
                        referenced.schema = Some(schema.to_string());
                    }
                }
            }
        }
        for sk in &owned {
            let column = self
                .sequences
                .get(sk)
                .and_then(|s| s.owned_by.as_ref())
                .map(|(_, c)| c.clone());
            self.sequences
                .set_owner(sk, column.map(|c| (new_key.clone(), c)));
        }
        self.move_sequences(&owned, schema)?;
        self.relation_renamed(&k, &new_key);
        Ok(())
    }

    /// Sequences moved to `schema`: the defaults that call them print the new name.
    fn move_sequences(&mut self, sequences: &[Key], schema: &str) -> Result<(), ReplayError> {
        for sk in sequences {
            let new_key = (schema.to_string(), sk.1.clone());
            if self.relation_exists(&new_key.0, &new_key.1) {
                return err(format!(
                    "relation \"{}\" already exists in schema \"{schema}\"",
                    sk.1
                ));
            }
            let old = format!("'{}'::regclass", Schema::visible_name(&sk.0, &sk.1));
            let new = format!(
                "'{}'::regclass",
                Schema::visible_name(&new_key.0, &new_key.1)
            );
            let mentions = |t: &super::Table| {
                t.columns
                    .iter()
                    .any(|c| c.default.as_ref().is_some_and(|d| d.contains(&old)))
            };
            for tk in self.tables_touched(mentions) {
                let mut t = self.writable(&tk)?;
                for c in t.columns.iter_mut() {
                    if let Some(d) = &mut c.default {
                        *d = d.replace(&old, &new);
                    }
                }
            }
            if let Some(s) = self.sequences.remove(sk) {
                self.sequences.insert(new_key, s);
            }
        }
        Ok(())
    }

    /// `ALTER TYPE name SET SCHEMA s` of an enum: the columns of that type print it qualified
    /// by its new schema, in their types and their defaults' casts.
    pub(super) fn set_enum_schema(
        &mut self,
        name: &QualName,
        schema: &str,
    ) -> Result<(), ReplayError> {
        let k = key(name);
        self.require_schema(schema)?;
        if !self.enums.contains_key(&k) {
            return err(format!("type \"{}\" does not exist", name.name));
        }
        if k.0 == schema {
            return Ok(());
        }
        let new_key = (schema.to_string(), k.1.clone());
        if self.enums.contains_key(&new_key) {
            return err(format!(
                "type \"{}\" already exists in schema \"{schema}\"",
                k.1
            ));
        }
        let old_label = Schema::visible_name(&k.0, &k.1);
        let new_label = Schema::visible_name(&new_key.0, &new_key.1);
        for tk in self.tables_touched(|t| t.columns.iter().any(|c| uses_type(&c.ty, &k))) {
            let mut t = self.writable(&tk)?;
            for c in t.columns.iter_mut().filter(|c| uses_type(&c.ty, &k)) {
                if let BaseType::Named { schema: s, .. } = &mut c.ty.base {
                    *s = (schema != "public").then(|| schema.to_string());
                }
                if let Some(d) = &mut c.default {
                    *d = replace_cast(d, &old_label, &new_label);
                }
            }
        }
        if let Some(values) = self.enums.remove(&k) {
            self.enums.insert(new_key, values);
        }
        Ok(())
    }

    /// alembic-postgresql-enum's `sync_enum_values`: the type is renamed, made again with the
    /// new labels, every column named is cast to it (its default's label renamed when asked),
    /// and the old type dropped, which fails while a column not named still uses it.
    pub(super) fn sync_enum_values(
        &mut self,
        name: &QualName,
        values: &[String],
        renames: &[(String, String)],
        columns: &[EnumColumn],
    ) -> Result<(), ReplayError> {
        let k = key(name);
        if !self.enums.contains_key(&k) {
            return err(format!("type \"{}\" does not exist", name.name));
        }
        let named: Vec<(Key, &str)> = columns
            .iter()
            .map(|c| (key(&c.table), c.column.as_str()))
            .collect();
        let label = Schema::visible_name(&k.0, &k.1);
        for c in columns {
            let table = self.existing_table(&c.table)?;
            let Some(column) = table.column(&c.column) else {
                return err(format!(
                    "column \"{}\" of relation \"{}\" does not exist",
                    c.column, c.table.name
                ));
            };
            if column.default.is_some() && !c.default_known {
                return Err(ReplayError {
                    message: format!(
                        "default for column \"{}\" cannot be cast automatically to type {label}",
                        c.column
                    ),
                    help: Some(
                        "give the TableReference its existing_server_default, or name the column as a (table, column) tuple".into(),
                    ),
                });
            }
        }
        for t in self.tables.values() {
            for c in t.columns.iter().filter(|c| uses_type(&c.ty, &k)) {
                let tk = (t.schema.clone(), t.name.clone());
                if !named.iter().any(|(nk, nc)| *nk == tk && *nc == c.name) {
                    return err(format!(
                        "cannot drop type {}_old because other objects depend on it (column {} of table {} depends on it)",
                        k.1, c.name, t.name
                    ));
                }
            }
        }
        for (tk, column) in &named {
            let mut t = self.writable(tk)?;
            let Some(c) = t.columns.iter_mut().find(|c| c.name == *column) else {
                continue;
            };
            let Some(d) = &mut c.default else {
                continue;
            };
            for (old, new) in renames {
                *d = d.replace(&format!("'{old}'::{label}"), &format!("'{new}'::{label}"));
            }
            if let Some(v) = literal_label(d, &label) {
                if !values.contains(&v) {
                    return err(format!("invalid input value for enum {label}: \"{v}\""));
                }
            }
        }
        self.enums.insert(k, values.to_vec());
        Ok(())
    }
}

/// `text` with the casts `::old` replaced by `::new`, where `old` is the whole type name.
fn replace_cast(text: &str, old: &str, new: &str) -> String {
    let needle = format!("::{old}");
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let whole = !after
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        out.push_str(&rest[..i]);
        out.push_str("::");
        out.push_str(if whole { new } else { old });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The label of a default `'label'::type`, if it is one.
fn literal_label(default: &str, label: &str) -> Option<String> {
    let inner = default
        .strip_prefix('\'')?
        .strip_suffix(&format!("'::{label}"))?;
    (!inner.contains('\'')).then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::replace_cast;

    #[test]
    fn casts_follow_the_type_only() {
        assert_eq!(replace_cast("'a'::mood", "mood", "s.mood"), "'a'::s.mood");
        assert_eq!(replace_cast("'a'::moods", "mood", "s.mood"), "'a'::moods");
        assert_eq!(
            replace_cast("'{}'::mood[]", "mood", "s.mood"),
            "'{}'::s.mood[]"
        );
    }
}
