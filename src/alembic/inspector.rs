//! Introspection answered from the replayed schema, as the database would answer at that
//! point of the history: `sa.inspect(bind)` methods (`has_table`, `get_columns`,
//! `get_indexes`, `get_foreign_keys`, ...).

use super::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::eval::value::{Args, Value};
use crate::ir::{ConstraintKind, IndexKey, QualName};

impl Lowering<'_> {
    /// `inspector.<method>(...)`, answered from the schema as it is now.
    pub(super) fn inspect_call(&mut self, method: &str, args: &Args, span: &Span) -> Value {
        let schema_arg = || {
            args.keyword("schema")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let table = || {
            args.get(0, "table_name")
                .and_then(Value::as_str)
                .map(|t| QualName::new(schema_arg(), t))
        };
        let s = &*self.schema;
        let seen = |t: QualName| self.table_seen(&t);
        let result = match method {
            "has_table" => table().map(|t| Value::Bool(seen(t).is_some())),
            "get_table_names" => {
                let schema = schema_arg().unwrap_or_else(|| "public".into());
                Some(Value::List(
                    self.table_names_seen(&schema)
                        .into_iter()
                        .map(Value::Str)
                        .collect(),
                ))
            }
            "get_schema_names" => Some(Value::List(
                s.schemas.iter().map(|n| Value::Str(n.clone())).collect(),
            )),
            "get_columns" => table().and_then(seen).map(|t| {
                Value::List(
                    t.columns
                        .iter()
                        .map(|c| {
                            Value::Dict(vec![
                                (Value::Str("name".into()), Value::Str(c.name.clone())),
                                (Value::Str("nullable".into()), Value::Bool(!c.not_null)),
                                (
                                    Value::Str("default".into()),
                                    c.default.clone().map_or(Value::None, Value::Str),
                                ),
                                (
                                    Value::Str("type".into()),
                                    crate::sqlalchemy::types::reflected_type(&c.ty, span),
                                ),
                            ])
                        })
                        .collect(),
                )
            }),
            "get_indexes" => table().and_then(seen).map(|t| {
                Value::List(
                    t.indexes
                        .iter()
                        .map(|i| {
                            let cols = i.keys.iter().map(|k| match k {
                                IndexKey::Column(c) => Value::Str(c.clone()),
                                IndexKey::Expression(_) => Value::None,
                            });
                            Value::Dict(vec![
                                (Value::Str("name".into()), Value::Str(i.name.clone())),
                                (
                                    Value::Str("column_names".into()),
                                    Value::List(cols.collect()),
                                ),
                                (Value::Str("unique".into()), Value::Bool(i.unique)),
                            ])
                        })
                        .collect(),
                )
            }),
            "get_foreign_keys"
            | "get_unique_constraints"
            | "get_check_constraints"
            | "get_pk_constraint" => table()
                .and_then(seen)
                .map(|t| constraints_as_dicts(&t, method)),
            "get_enums" => Some(Value::List(
                s.enums
                    .iter()
                    .map(|((schema, name), labels)| {
                        Value::Dict(vec![
                            (Value::Str("name".into()), Value::Str(name.clone())),
                            (Value::Str("schema".into()), Value::Str(schema.clone())),
                            (
                                Value::Str("labels".into()),
                                Value::List(labels.iter().cloned().map(Value::Str).collect()),
                            ),
                        ])
                    })
                    .collect(),
            )),
            "get_sequence_names" => Some(Value::List(
                s.sequences
                    .keys()
                    .map(|(_, n)| Value::Str(n.clone()))
                    .collect(),
            )),
            "has_sequence" => args
                .get(0, "sequence_name")
                .and_then(Value::as_str)
                .map(|n| {
                    Value::Bool(s.sequences.contains_key(&(
                        schema_arg().unwrap_or_else(|| "public".into()),
                        n.to_string(),
                    )))
                }),
            "has_index" => match (table(), args.get(1, "index_name").and_then(Value::as_str)) {
                (Some(t), Some(i)) => Some(Value::Bool(
                    seen(t).is_some_and(|t| t.indexes.iter().any(|x| x.name == i)),
                )),
                _ => None,
            },
            _ => None,
        };
        match result {
            Some(v) => v,
            None => {
                let known = matches!(
                    method,
                    "get_columns"
                        | "get_indexes"
                        | "get_foreign_keys"
                        | "get_unique_constraints"
                        | "get_check_constraints"
                        | "get_pk_constraint"
                );
                if let (true, Some(t)) = (known, table()) {
                    self.no_such_table(&t, &format!("inspector.{method}"), span);
                } else {
                    self.cannot(
                        span,
                        &format!("inspector.{method}"),
                        "this introspection is not answered from the replayed schema".into(),
                    );
                }
                Value::unknown(format!("inspector.{method}()"))
            }
        }
    }
}

impl Lowering<'_> {
    /// SQLAlchemy raises `NoSuchTableError` when `what` looks up a table that does not exist:
    /// the revision may catch it (`try: ... except NoSuchTableError:`); if it does not, the
    /// migration fails there. A table no migration created so far is counted against that
    /// table (built outside the history, one finding for it at the end) instead.
    pub(super) fn no_such_table(&mut self, table: &QualName, what: &str, span: &Span) {
        if self.collapse_uncreated_tables && self.never_created(table) {
            self.raise(
                "NoSuchTableError",
                super::Uncaught::NeverCreated(table.clone(), span.clone()),
            );
        } else {
            let d = Diagnostic::error(
                Kind::Replay,
                codes::OPERATION_FAILS,
                format!("`{what}` on a table that does not exist at this point"),
            )
            .at(span.clone());
            self.raise("NoSuchTableError", super::Uncaught::Fails(d));
        }
    }
}

fn constraints_as_dicts(t: &crate::schema::Table, method: &str) -> Value {
    let s = |x: &str| Value::Str(x.to_string());
    let list = |cols: &[String]| Value::List(cols.iter().map(|c| s(c)).collect());
    let mut out = Vec::new();
    for c in &t.constraints {
        match (&c.kind, method) {
            (
                ConstraintKind::ForeignKey {
                    columns,
                    referenced,
                    referenced_columns,
                    on_delete,
                    on_update,
                },
                "get_foreign_keys",
            ) => {
                // SQLAlchemy's `options` holds the actions PostgreSQL reports, when not the
                // default (NO ACTION).
                let mut options = Vec::new();
                for (name, action) in [("onupdate", on_update), ("ondelete", on_delete)] {
                    if let Some(a) = action
                        .as_deref()
                        .filter(|a| !a.eq_ignore_ascii_case("NO ACTION"))
                    {
                        options.push((s(name), s(&a.to_uppercase())));
                    }
                }
                out.push(Value::Dict(vec![
                    (s("name"), s(&c.name)),
                    (s("constrained_columns"), list(columns)),
                    (s("referred_table"), s(&referenced.name)),
                    (
                        s("referred_schema"),
                        referenced.schema.clone().map_or(Value::None, Value::Str),
                    ),
                    (s("referred_columns"), list(referenced_columns)),
                    (s("options"), Value::Dict(options)),
                ]))
            }
            (ConstraintKind::Unique { columns }, "get_unique_constraints") => {
                out.push(Value::Dict(vec![
                    (s("name"), s(&c.name)),
                    (s("column_names"), list(columns)),
                ]))
            }
            (ConstraintKind::Check { expression, .. }, "get_check_constraints") => {
                out.push(Value::Dict(vec![
                    (s("name"), s(&c.name)),
                    (s("sqltext"), s(expression)),
                ]))
            }
            (ConstraintKind::PrimaryKey { columns }, "get_pk_constraint") => {
                return Value::Dict(vec![
                    (s("name"), s(&c.name)),
                    (s("constrained_columns"), list(columns)),
                ]);
            }
            _ => {}
        }
    }
    if method == "get_pk_constraint" {
        return Value::Dict(vec![
            (s("name"), Value::None),
            (s("constrained_columns"), Value::List(Vec::new())),
        ]);
    }
    Value::List(out)
}
