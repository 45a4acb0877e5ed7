//! The `schema/1` JSON document (the contract in the steering repository's `spec/`), and a
//! readable PostgreSQL DDL rendering of the same catalog.

use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{ConstraintKind, IndexKey};
use crate::schema::{Schema, Table};

#[derive(Serialize)]
struct SchemaJson<'a> {
    format: &'static str,
    tables: Vec<TableJson<'a>>,
    enums: Vec<EnumJson<'a>>,
}

#[derive(Serialize)]
struct TableJson<'a> {
    schema: &'a str,
    name: &'a str,
    columns: Vec<ColumnJson<'a>>,
    primary_key: Option<NamedColumns<'a>>,
    foreign_keys: Vec<ForeignKeyJson<'a>>,
    unique_constraints: Vec<NamedColumns<'a>>,
    check_constraints: Vec<CheckJson<'a>>,
    indexes: Vec<IndexJson<'a>>,
}

#[derive(Serialize)]
struct ColumnJson<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: String,
    nullable: bool,
    default: Option<&'a str>,
}

#[derive(Serialize)]
struct NamedColumns<'a> {
    name: &'a str,
    columns: &'a [String],
}

#[derive(Serialize)]
struct ForeignKeyJson<'a> {
    name: &'a str,
    columns: &'a [String],
    references: ReferenceJson<'a>,
    on_delete: Option<&'a str>,
    on_update: Option<&'a str>,
}

#[derive(Serialize)]
struct ReferenceJson<'a> {
    schema: &'a str,
    table: &'a str,
    columns: &'a [String],
}

#[derive(Serialize)]
struct CheckJson<'a> {
    name: &'a str,
    expression: &'a str,
}

#[derive(Serialize)]
struct IndexJson<'a> {
    name: &'a str,
    columns: Vec<&'a str>,
    unique: bool,
    method: &'a str,
    #[serde(rename = "where")]
    predicate: Option<&'a str>,
}

#[derive(Serialize)]
struct EnumJson<'a> {
    schema: &'a str,
    name: &'a str,
    values: &'a [String],
}

/// `on_delete`/`on_update` as the contract spells them: `null` for `NO ACTION`.
fn action(a: &Option<String>) -> Option<&str> {
    a.as_deref()
        .filter(|a| !a.eq_ignore_ascii_case("NO ACTION"))
}

fn table_json(t: &Table) -> TableJson<'_> {
    let mut foreign_keys = Vec::new();
    let mut unique_constraints = Vec::new();
    let mut check_constraints = Vec::new();
    let mut primary_key = None;
    for c in &t.constraints {
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                primary_key = Some(NamedColumns {
                    name: &c.name,
                    columns,
                })
            }
            ConstraintKind::Unique { columns } => unique_constraints.push(NamedColumns {
                name: &c.name,
                columns,
            }),
            ConstraintKind::Check { expression, .. } => check_constraints.push(CheckJson {
                name: &c.name,
                expression,
            }),
            ConstraintKind::ForeignKey {
                columns,
                referenced,
                referenced_columns,
                on_delete,
                on_update,
            } => {
                foreign_keys.push(ForeignKeyJson {
                    name: &c.name,
                    columns,
                    references: ReferenceJson {
                        schema: referenced.schema_or_public(),
                        table: &referenced.name,
                        columns: referenced_columns,
                    },
                    on_delete: action(on_delete),
                    on_update: action(on_update),
                });
            }
            ConstraintKind::Exclude { .. } => {}
        }
    }
    foreign_keys.sort_by(|a, b| a.name.cmp(b.name));
    unique_constraints.sort_by(|a, b| a.name.cmp(b.name));
    check_constraints.sort_by(|a, b| a.name.cmp(b.name));
    let mut indexes: Vec<IndexJson> = t
        .indexes
        .iter()
        .map(|i| IndexJson {
            name: &i.name,
            columns: i
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column(c) | IndexKey::Expression(c) => c.as_str(),
                })
                .collect(),
            unique: i.unique,
            method: &i.method,
            predicate: i.predicate.as_deref(),
        })
        .collect();
    indexes.sort_by(|a, b| a.name.cmp(b.name));
    TableJson {
        schema: &t.schema,
        name: &t.name,
        columns: t
            .columns
            .iter()
            .map(|c| ColumnJson {
                name: &c.name,
                ty: c.ty.to_string(),
                nullable: !c.not_null,
                default: c.default.as_deref(),
            })
            .collect(),
        primary_key,
        foreign_keys,
        unique_constraints,
        check_constraints,
        indexes,
    }
}

/// The catalog as `schema/1` JSON, leaving out the version table.
pub fn json(schema: &Schema, version_table: &str) -> String {
    let doc = SchemaJson {
        format: "schema/1",
        tables: schema
            .tables
            .values()
            .filter(|t| t.name != version_table)
            .map(|t| table_json(t))
            .collect(),
        enums: schema
            .enums
            .iter()
            .map(|((s, n), values)| EnumJson {
                schema: s,
                name: n,
                values,
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("schema JSON serialises");
    out.push('\n');
    out
}

fn q(name: &str) -> String {
    crate::pg::types::quote_ident(name)
}

fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", q(schema), q(name))
}

/// The catalog as PostgreSQL DDL, for reading: schemas, types, tables with their
/// constraints, then indexes.
pub fn sql(schema: &Schema, version_table: &str) -> String {
    let mut out = String::new();
    for s in schema.schemas.iter().filter(|s| *s != "public") {
        let _ = writeln!(out, "CREATE SCHEMA {};\n", q(s));
    }
    for e in schema.extensions.iter().filter(|e| *e != "plpgsql") {
        let _ = writeln!(out, "CREATE EXTENSION {};\n", q(e));
    }
    for ((s, n), values) in &schema.enums {
        let labels: Vec<String> = values
            .iter()
            .map(|v| format!("'{}'", v.replace('\'', "''")))
            .collect();
        let _ = writeln!(
            out,
            "CREATE TYPE {} AS ENUM ({});\n",
            qualified(s, n),
            labels.join(", ")
        );
    }
    for t in schema.tables.values().filter(|t| t.name != version_table) {
        let mut lines: Vec<String> = t
            .columns
            .iter()
            .map(|c| {
                let mut line = format!("{} {}", q(&c.name), c.ty);
                if let Some(g) = &c.generated {
                    let _ = write!(line, " GENERATED ALWAYS AS {g} STORED");
                }
                if let Some(i) = &c.identity {
                    line.push_str(if i.always {
                        " GENERATED ALWAYS AS IDENTITY"
                    } else {
                        " GENERATED BY DEFAULT AS IDENTITY"
                    });
                }
                if let Some(d) = &c.default {
                    let _ = write!(line, " DEFAULT {d}");
                }
                if c.not_null {
                    line.push_str(" NOT NULL");
                }
                line
            })
            .collect();
        for c in &t.constraints {
            let body = match &c.kind {
                ConstraintKind::PrimaryKey { columns } => {
                    format!("PRIMARY KEY ({})", join(columns))
                }
                ConstraintKind::Unique { columns } => format!("UNIQUE ({})", join(columns)),
                ConstraintKind::Check { expression, .. } => format!("CHECK {expression}"),
                ConstraintKind::ForeignKey {
                    columns,
                    referenced,
                    referenced_columns,
                    on_delete,
                    on_update,
                } => {
                    let mut s = format!(
                        "FOREIGN KEY ({}) REFERENCES {} ({})",
                        join(columns),
                        qualified(referenced.schema_or_public(), &referenced.name),
                        join(referenced_columns)
                    );
                    if let Some(a) = action(on_delete) {
                        let _ = write!(s, " ON DELETE {a}");
                    }
                    if let Some(a) = action(on_update) {
                        let _ = write!(s, " ON UPDATE {a}");
                    }
                    s
                }
                ConstraintKind::Exclude { columns, using } => {
                    format!("EXCLUDE USING {using} ({})", join(columns))
                }
            };
            lines.push(format!("CONSTRAINT {} {body}", q(&c.name)));
        }
        // Where the table comes from, as a reader of the DDL needs it (a partition's bounds
        // are not kept: it is said in a comment).
        let partition_by = t.partitioning.as_ref().map(|p| {
            format!(
                "PARTITION BY {} ({})",
                p.strategy.to_uppercase(),
                p.parts
                    .iter()
                    .map(|part| if p.columns.contains(part) {
                        q(part)
                    } else {
                        part.clone()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        let parents: Vec<String> = t.parents.iter().map(|(s, n)| qualified(s, n)).collect();
        let (end, tail) = match (t.is_partition, partition_by) {
            (true, by) => (
                ";".to_string(),
                format!(
                    " -- a partition of {}{}",
                    parents.join(", "),
                    by.map(|b| format!(", {b}")).unwrap_or_default()
                ),
            ),
            (false, by) => {
                let mut end = String::new();
                if !parents.is_empty() {
                    let _ = write!(end, " INHERITS ({})", parents.join(", "));
                }
                if let Some(b) = by {
                    let _ = write!(end, " {b}");
                }
                (format!("{end};"), String::new())
            }
        };
        let _ = writeln!(
            out,
            "CREATE TABLE {} (\n    {}\n){end}{tail}",
            qualified(&t.schema, &t.name),
            lines.join(",\n    ")
        );
        let literal = |c: &str| format!("'{}'", c.replace('\'', "''"));
        if let Some(c) = &t.comment {
            let _ = writeln!(
                out,
                "COMMENT ON TABLE {} IS {};",
                qualified(&t.schema, &t.name),
                literal(c)
            );
        }
        for c in &t.columns {
            if let Some(comment) = &c.comment {
                let _ = writeln!(
                    out,
                    "COMMENT ON COLUMN {}.{} IS {};",
                    qualified(&t.schema, &t.name),
                    q(&c.name),
                    literal(comment)
                );
            }
        }
        let mut indexes: Vec<_> = t.indexes.iter().collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        for i in indexes {
            let keys: Vec<String> = i
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column(c) => q(c),
                    IndexKey::Expression(e) => e.clone(),
                })
                .collect();
            let _ = write!(
                out,
                "CREATE {}INDEX {} ON {} USING {} ({})",
                if i.unique { "UNIQUE " } else { "" },
                q(&i.name),
                qualified(&t.schema, &t.name),
                i.method,
                keys.join(", ")
            );
            if !i.include.is_empty() {
                let _ = write!(out, " INCLUDE ({})", join(&i.include));
            }
            if let Some(p) = &i.predicate {
                let _ = write!(out, " WHERE {p}");
            }
            out.push_str(";\n");
        }
        out.push('\n');
    }
    out
}

fn join(columns: &[String]) -> String {
    columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ")
}
