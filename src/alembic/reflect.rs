//! Tables loaded from the database by the code a revision runs (`sa.Table(name, metadata,
//! autoload_with=bind)`, `metadata.reflect(bind)`), built from the replayed schema as
//! SQLAlchemy's PostgreSQL reflection builds them: columns with the dialect's type objects,
//! `nullable` and the server default as the catalog prints it (`autoincrement=True` for an
//! integer column that takes its default from a sequence), then the primary key, foreign
//! keys, unique and check constraints and the indexes, each with its name.

use std::borrow::Cow;

use super::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::eval::value::{Object, Value};
use crate::ir::{ConstraintKind, IndexKey, QualName};
use crate::schema::{key, BaseType, Schema, SqlType, Table};

impl Lowering<'_> {
    /// The table `table` as the database holds it while the revisions run: one of the
    /// replayed schema, or Alembic's version table.
    pub(super) fn table_seen(&self, table: &QualName) -> Option<Cow<'_, Table>> {
        if let Some(t) = self.schema.table(table) {
            return Some(Cow::Borrowed(t));
        }
        (key(table) == key(&self.version_table)).then(|| Cow::Owned(self.version_table_def()))
    }

    /// The names of the tables of `schema` the database holds while the revisions run.
    pub(super) fn table_names_seen(&self, schema: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .schema
            .tables
            .values()
            .filter(|t| t.schema == schema)
            .map(|t| t.name.clone())
            .collect();
        let (version_schema, version_name) = key(&self.version_table);
        if version_schema == schema && !names.contains(&version_name) {
            names.push(version_name);
        }
        names
    }

    /// Alembic's version table, as the database holds it while the revisions run.
    fn version_table_def(&self) -> Table {
        let (schema, name) = key(&self.version_table);
        Table::alembic_version(schema, name)
    }

    /// `table` as reflection loads it into `metadata`, or `NoSuchTableError`. Through another
    /// connection (`elsewhere`), the table as committed: one this upgrade run created (or,
    /// with `transaction_per_migration`, this revision) is not there yet.
    pub(super) fn reflect(
        &mut self,
        table: &QualName,
        metadata: &Value,
        elsewhere: bool,
        span: &Span,
    ) -> Value {
        let committed = match (elsewhere, &self.committed) {
            (true, Some(committed)) => Some(committed.table(table).cloned()),
            _ => None,
        };
        let t = match committed {
            Some(Some(t)) => t,
            Some(None) if self.table_seen(table).is_some() => {
                let d = Diagnostic::error(
                    Kind::Replay,
                    codes::OPERATION_FAILS,
                    format!(
                        "table `{}` is loaded through another connection than the migration's, which does not see it: it is created in this upgrade, and not committed yet{}",
                        table.name,
                        if self.transaction_per_migration {
                            " (each revision commits when it ends)"
                        } else {
                            " (the whole upgrade is one transaction)"
                        }
                    ),
                )
                .at(span.clone())
                .with_help("load it with `autoload_with=op.get_bind()`");
                self.raise("NoSuchTableError", super::Uncaught::Fails(d));
                return Value::unknown(format!("table `{}` loaded from the database", table.name));
            }
            _ => match self.table_seen(table) {
                Some(t) => t.into_owned(),
                None => {
                    self.no_such_table(table, "Table(..., autoload_with=...)", span);
                    return Value::unknown(format!(
                        "table `{}` loaded from the database",
                        table.name
                    ));
                }
            },
        };
        let s = |x: &str| Value::Str(x.to_string());
        let strings = |xs: &[String]| xs.iter().map(|x| s(x)).collect::<Vec<_>>();
        let call = |class: &str, positional: Vec<Value>, keywords: Vec<(&str, Value)>| {
            Object::call(
                class,
                positional,
                keywords
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                span,
            )
        };
        let text = |sql: &str| call("sqlalchemy.text", vec![s(sql)], Vec::new());
        let pk_columns: Vec<String> = match t.primary_key().map(|c| &c.kind) {
            Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
            _ => Vec::new(),
        };
        let mut items = vec![s(&table.name), metadata.clone()];
        for c in &t.columns {
            let mut keywords = vec![("nullable", Value::Bool(!c.not_null))];
            if let Some(default) = &c.default {
                keywords.push(("server_default", text(default)));
                if c.ty.is_integer() && !c.ty.array && default.starts_with("nextval(") {
                    keywords.push(("autoincrement", Value::Bool(true)));
                }
            }
            if pk_columns.contains(&c.name) {
                keywords.push(("primary_key", Value::Bool(true)));
            }
            if let Some(comment) = &c.comment {
                keywords.push(("comment", s(comment)));
            }
            let ty = reflected_type(&c.ty, self.schema, span);
            items.push(call("sqlalchemy.Column", vec![s(&c.name), ty], keywords));
        }
        for constraint in &t.constraints {
            let name = ("name", s(&constraint.name));
            items.push(match &constraint.kind {
                ConstraintKind::PrimaryKey { columns } => call(
                    "sqlalchemy.PrimaryKeyConstraint",
                    strings(columns),
                    vec![name],
                ),
                ConstraintKind::Unique { columns } => {
                    call("sqlalchemy.UniqueConstraint", strings(columns), vec![name])
                }
                ConstraintKind::Check { expression, .. } => call(
                    "sqlalchemy.CheckConstraint",
                    vec![text(expression)],
                    vec![name],
                ),
                ConstraintKind::ForeignKey {
                    columns,
                    referenced,
                    referenced_columns,
                    on_delete,
                    on_update,
                } => {
                    let target = |column: &String| match &referenced.schema {
                        Some(schema) => s(&format!("{schema}.{}.{column}", referenced.name)),
                        None => s(&format!("{}.{column}", referenced.name)),
                    };
                    let mut keywords = vec![name];
                    for (option, action) in [("ondelete", on_delete), ("onupdate", on_update)] {
                        if let Some(a) = action
                            .as_deref()
                            .filter(|a| !a.eq_ignore_ascii_case("NO ACTION"))
                        {
                            keywords.push((option, s(&a.to_uppercase())));
                        }
                    }
                    call(
                        "sqlalchemy.ForeignKeyConstraint",
                        vec![
                            Value::List(strings(columns)),
                            Value::List(referenced_columns.iter().map(target).collect()),
                        ],
                        keywords,
                    )
                }
                _ => continue,
            });
        }
        for index in &t.indexes {
            // Reflection loads the columns of an index; an expression is left out of it, as
            // SQLAlchemy leaves out what it cannot reflect.
            let Some(columns) = index
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column(c) => Some(s(c)),
                    IndexKey::Expression(_) => None,
                })
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let mut keywords = vec![("unique", Value::Bool(index.unique))];
            if let Some(predicate) = &index.predicate {
                keywords.push(("postgresql_where", text(predicate)));
            }
            if index.method != "btree" {
                keywords.push(("postgresql_using", s(&index.method)));
            }
            let mut positional = vec![s(&index.name)];
            positional.extend(columns);
            items.push(call("sqlalchemy.Index", positional, keywords));
        }
        let keywords = match &table.schema {
            Some(schema) => vec![("schema", s(schema))],
            None => Vec::new(),
        };
        call("sqlalchemy.Table", items, keywords)
    }
}

/// The type object reflection gives a column: an enum type of the schema as `ENUM(*labels,
/// name=...)`, any other as the dialect's type class.
fn reflected_type(ty: &SqlType, schema: &Schema, span: &Span) -> Value {
    if let (
        BaseType::Named {
            schema: in_schema,
            name,
            ..
        },
        false,
    ) = (&ty.base, ty.array)
    {
        let found = schema.enums.get(&(
            in_schema.clone().unwrap_or_else(|| "public".into()),
            name.clone(),
        ));
        if let Some(labels) = found {
            let mut keywords = vec![("name".to_string(), Value::Str(name.clone()))];
            if let Some(s) = in_schema {
                keywords.push(("schema".to_string(), Value::Str(s.clone())));
            }
            return Object::call(
                "sqlalchemy.dialects.postgresql.ENUM",
                labels.iter().cloned().map(Value::Str).collect(),
                keywords,
                span,
            );
        }
    }
    crate::sqlalchemy::types::reflected_type(ty, span)
}
