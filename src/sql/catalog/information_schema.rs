//! information_schema's views over the same catalog: `tables`, `columns`, `schemata`,
//! `sequences`, `table_constraints`, `key_column_usage`, `constraint_column_usage`,
//! `referential_constraints` (the columns migrations read; others are not listed, so a query
//! naming one is not answered).

use crate::pg::types::BaseType;
use crate::pg::ConstraintKind;
use crate::schema::Key;

use super::relations::{
    action_rule, constraint_types, information_schema_type, udt_name, Catalog, Relation,
};
use super::value::V;

impl Catalog<'_> {
    pub(super) fn info_tables(&self) -> Relation {
        let rows = self
            .classes
            .iter()
            .filter_map(|c| {
                let kind = match c.kind {
                    "r" | "p" => "BASE TABLE",
                    "v" => "VIEW",
                    _ => return None,
                };
                Some(vec![
                    V::Unknown("the database's name"),
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::text(kind),
                ])
            })
            .collect();
        Relation {
            columns: vec!["table_catalog", "table_schema", "table_name", "table_type"],
            rows,
        }
    }

    pub(super) fn info_columns(&self) -> Relation {
        let mut rows = Vec::new();
        for c in &self.classes {
            let t = match (c.kind, c.table) {
                (_, Some(t)) => t,
                ("v" | "m", None) => {
                    let mut row = vec![V::Unknown("the columns of a view"); 15];
                    row[1] = V::name(&c.schema);
                    row[2] = V::name(&c.name);
                    rows.push(row);
                    continue;
                }
                _ => continue,
            };
            for (i, col) in t.columns.iter().enumerate() {
                let yes_no = |b: bool| V::text(if b { "YES" } else { "NO" });
                let length = match &col.ty.base {
                    _ if col.ty.array => V::Null,
                    BaseType::Varchar(Some(n)) | BaseType::Char(n) => V::Int(i64::from(*n)),
                    _ => V::Null,
                };
                rows.push(vec![
                    V::Unknown("the database's name"),
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::name(&col.name),
                    V::Ord(i as i64 + 1),
                    match (&col.default, &col.identity) {
                        (Some(_), _) => V::Unknown("a column default's text"),
                        _ => V::Null,
                    },
                    yes_no(!col.not_null),
                    V::text(information_schema_type(&col.ty)),
                    udt_name(&col.ty).map_or(V::Unknown("a column's type name"), V::name),
                    length,
                    yes_no(col.identity.is_some()),
                    match &col.identity {
                        Some(id) => V::text(if id.always { "ALWAYS" } else { "BY DEFAULT" }),
                        None => V::Null,
                    },
                    V::text(if col.generated.is_some() {
                        "ALWAYS"
                    } else {
                        "NEVER"
                    }),
                    match &col.generated {
                        Some(_) => V::Unknown("a generated column's expression"),
                        None => V::Null,
                    },
                    yes_no(true),
                ]);
            }
        }
        Relation {
            columns: vec![
                "table_catalog",
                "table_schema",
                "table_name",
                "column_name",
                "ordinal_position",
                "column_default",
                "is_nullable",
                "data_type",
                "udt_name",
                "character_maximum_length",
                "is_identity",
                "identity_generation",
                "is_generated",
                "generation_expression",
                "is_updatable",
            ],
            rows,
        }
    }

    pub(super) fn info_schemata(&self) -> Relation {
        Relation {
            columns: vec!["catalog_name", "schema_name", "schema_owner"],
            rows: self
                .namespaces
                .keys()
                .map(|n| {
                    vec![
                        V::Unknown("the database's name"),
                        V::name(n),
                        V::Unknown("a schema's owner"),
                    ]
                })
                .collect(),
        }
    }

    pub(super) fn info_sequences(&self) -> Relation {
        let rows = self
            .classes
            .iter()
            .filter(|c| c.kind == "S")
            .map(|c| {
                vec![
                    V::Unknown("the database's name"),
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::Unknown("a sequence's type"),
                ]
            })
            .collect();
        Relation {
            columns: vec![
                "sequence_catalog",
                "sequence_schema",
                "sequence_name",
                "data_type",
            ],
            rows,
        }
    }

    pub(super) fn info_table_constraints(&self) -> Relation {
        let mut rows = Vec::new();
        for (c, t) in self.tables() {
            let row = |name: V, kind: &'static str| {
                vec![
                    V::Unknown("the database's name"),
                    V::name(&c.schema),
                    name,
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::text(kind),
                    V::Unknown("whether a constraint is deferrable"),
                ]
            };
            for con in &t.constraints {
                if let (_, Some(kind)) = constraint_types(&con.kind) {
                    rows.push(row(V::name(&con.name), kind));
                }
            }
            // Before PostgreSQL 18, each NOT NULL column is listed as a check constraint.
            for _ in t.columns.iter().filter(|col| col.not_null) {
                rows.push(row(V::NotNullName, "CHECK"));
            }
        }
        Relation {
            columns: vec![
                "constraint_catalog",
                "constraint_schema",
                "constraint_name",
                "table_schema",
                "table_name",
                "constraint_type",
                "is_deferrable",
            ],
            rows,
        }
    }

    pub(super) fn info_key_column_usage(&self) -> Relation {
        let mut rows = Vec::new();
        for (c, t) in self.tables() {
            for con in &t.constraints {
                let (columns, foreign) = match &con.kind {
                    ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
                        (columns, false)
                    }
                    ConstraintKind::ForeignKey { columns, .. } => (columns, true),
                    _ => continue,
                };
                for (i, col) in columns.iter().enumerate() {
                    rows.push(vec![
                        V::Unknown("the database's name"),
                        V::name(&c.schema),
                        V::name(&con.name),
                        V::name(&c.schema),
                        V::name(&c.name),
                        V::name(col),
                        V::Int(i as i64 + 1),
                        if foreign {
                            V::Unknown("a foreign key column's place in the referenced key")
                        } else {
                            V::Null
                        },
                    ]);
                }
            }
        }
        Relation {
            columns: vec![
                "constraint_catalog",
                "constraint_schema",
                "constraint_name",
                "table_schema",
                "table_name",
                "column_name",
                "ordinal_position",
                "position_in_unique_constraint",
            ],
            rows,
        }
    }

    pub(super) fn info_constraint_column_usage(&self) -> Relation {
        let mut rows = Vec::new();
        for (c, t) in self.tables() {
            for con in &t.constraints {
                let (table, columns): (Key, Vec<String>) = match &con.kind {
                    ConstraintKind::PrimaryKey { columns }
                    | ConstraintKind::Unique { columns }
                    | ConstraintKind::Check { columns, .. } => {
                        ((c.schema.clone(), c.name.clone()), columns.clone())
                    }
                    ConstraintKind::ForeignKey {
                        referenced,
                        referenced_columns,
                        ..
                    } => {
                        let target = crate::schema::key(referenced);
                        let columns = if referenced_columns.is_empty() {
                            match self
                                .schema
                                .tables
                                .get(&target)
                                .and_then(|rt| rt.primary_key())
                                .map(|pk| &pk.kind)
                            {
                                Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
                                _ => {
                                    rows.push(vec![
                                        V::Unknown("a foreign key's referenced columns");
                                        5
                                    ]);
                                    continue;
                                }
                            }
                        } else {
                            referenced_columns.clone()
                        };
                        (target, columns)
                    }
                    ConstraintKind::Exclude { .. } => continue,
                };
                let mut seen: Vec<&String> = Vec::new();
                for col in &columns {
                    if seen.contains(&col) {
                        continue;
                    }
                    seen.push(col);
                    rows.push(vec![
                        V::name(&table.0),
                        V::name(&table.1),
                        V::name(col),
                        V::name(&c.schema),
                        V::name(&con.name),
                    ]);
                }
            }
        }
        Relation {
            columns: vec![
                "table_schema",
                "table_name",
                "column_name",
                "constraint_schema",
                "constraint_name",
            ],
            rows,
        }
    }

    pub(super) fn info_referential_constraints(&self) -> Relation {
        let mut rows = Vec::new();
        for (c, t) in self.tables() {
            for con in &t.constraints {
                let ConstraintKind::ForeignKey {
                    on_delete,
                    on_update,
                    ..
                } = &con.kind
                else {
                    continue;
                };
                rows.push(vec![
                    V::name(&c.schema),
                    V::name(&con.name),
                    V::Unknown("the name of the key a foreign key references"),
                    V::text("NONE"),
                    V::text(action_rule(on_update.as_deref())),
                    V::text(action_rule(on_delete.as_deref())),
                ]);
            }
        }
        Relation {
            columns: vec![
                "constraint_schema",
                "constraint_name",
                "unique_constraint_name",
                "match_option",
                "update_rule",
                "delete_rule",
            ],
            rows,
        }
    }
}
