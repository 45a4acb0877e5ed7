//! Operations printed as Alembic's autogenerate prints them: `op.create_table('t',
//! sa.Column('x', sa.String(length=20), nullable=True), ...)`, types as SQLAlchemy spells
//! them (`sa.DateTime(timezone=True)`, `postgresql.JSONB(astext_type=sa.Text())`), server
//! defaults as `sa.text(...)` of PostgreSQL's own text, the imports a revision needs
//! collected as it goes (`from sqlalchemy.dialects import postgresql` only when used).
//! Names a naming convention made are wrapped in `op.f(...)`; names PostgreSQL would give
//! anyway are left out of table constraints, as a model without names renders.

use std::collections::BTreeSet;

use super::{Op, Step};
use crate::ir::{ConstraintKind, IndexKey};
use crate::pg::names::{join_columns, make_object_name};
use crate::schema::{key, BaseType, Column, Constraint, Index, Key, Schema, SqlType, Table};

/// What rendering needs besides the operations, and what it collects.
pub struct Renderer<'a> {
    /// Enum labels: the models' types first, then the migrations'.
    pub declared: &'a Schema,
    pub replayed: &'a Schema,
    /// The models' metadata has a naming convention: generated names go through `op.f()`.
    pub convention: bool,
    /// Imports beyond `op` and `sa`, as lines.
    pub imports: BTreeSet<String>,
    /// Operations that could not be written, with why.
    pub not_written: Vec<String>,
}

/// A Python string literal, as `repr()` writes it.
pub fn py_str(s: &str) -> String {
    crate::python::literal::repr_str(s)
}

/// A Python list of string literals.
pub fn py_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| py_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A call, on one line when it fits in `width`, else one argument per line.
pub fn call(function: &str, args: &[String], width: usize) -> Vec<String> {
    let one = format!("{function}({})", args.join(", "));
    if one.len() <= width || args.is_empty() {
        return vec![one];
    }
    let mut out = vec![format!("{function}(")];
    for a in args {
        out.push(format!("    {a},"));
    }
    out.push(")".to_string());
    out
}

/// How wide a line of `upgrade()` may be (88, less the body's indent).
const WIDTH: usize = 84;

fn schema_arg(k: &Key) -> Option<String> {
    (k.0 != "public").then(|| format!("schema={}", py_str(&k.0)))
}

impl<'a> Renderer<'a> {
    pub fn new(declared: &'a Schema, replayed: &'a Schema, convention: bool) -> Self {
        Renderer {
            declared,
            replayed,
            convention,
            imports: BTreeSet::new(),
            not_written: Vec::new(),
        }
    }

    fn postgresql(&mut self) -> &'static str {
        self.imports
            .insert("from sqlalchemy.dialects import postgresql".to_string());
        "postgresql"
    }

    /// A name as written in an operation: `op.f('x')` under a naming convention.
    pub fn name(&self, name: &str) -> String {
        if self.convention {
            format!("op.f({})", py_str(name))
        } else {
            py_str(name)
        }
    }

    fn enum_labels(&self, k: &Key) -> Option<&Vec<String>> {
        self.declared
            .enums
            .get(k)
            .or_else(|| self.replayed.enums.get(k))
    }

    /// A column type as SQLAlchemy spells it.
    pub fn ty(&mut self, ty: &SqlType) -> Result<String, String> {
        let base = self.base_type(ty)?;
        Ok(if ty.array {
            format!("{}.ARRAY({base})", self.postgresql())
        } else {
            base
        })
    }

    fn base_type(&mut self, ty: &SqlType) -> Result<String, String> {
        Ok(match &ty.base {
            BaseType::SmallInt => "sa.SmallInteger()".into(),
            BaseType::Integer => "sa.Integer()".into(),
            BaseType::BigInt => "sa.BigInteger()".into(),
            BaseType::Real => "sa.REAL()".into(),
            BaseType::Double => "sa.Double()".into(),
            BaseType::Numeric(None) => "sa.Numeric()".into(),
            BaseType::Numeric(Some((p, s))) => format!("sa.Numeric(precision={p}, scale={s})"),
            BaseType::Boolean => "sa.Boolean()".into(),
            BaseType::Text => "sa.Text()".into(),
            BaseType::Varchar(None) => "sa.String()".into(),
            BaseType::Varchar(Some(n)) => format!("sa.String(length={n})"),
            BaseType::Char(n) => format!("sa.CHAR(length={n})"),
            BaseType::Bytea => "sa.LargeBinary()".into(),
            BaseType::Date => "sa.Date()".into(),
            BaseType::Timestamp {
                tz,
                precision: None,
            } => if *tz {
                "sa.DateTime(timezone=True)"
            } else {
                "sa.DateTime()"
            }
            .into(),
            BaseType::Timestamp {
                tz,
                precision: Some(p),
            } => format!(
                "{}.TIMESTAMP(timezone={}, precision={p})",
                self.postgresql(),
                py_bool(*tz)
            ),
            BaseType::Time {
                tz,
                precision: None,
            } => if *tz {
                "sa.Time(timezone=True)"
            } else {
                "sa.Time()"
            }
            .into(),
            BaseType::Time {
                tz,
                precision: Some(p),
            } => format!(
                "{}.TIME(timezone={}, precision={p})",
                self.postgresql(),
                py_bool(*tz)
            ),
            BaseType::Interval { fields, precision } => {
                let mut args = Vec::new();
                if let Some(f) = fields {
                    args.push(format!("fields={}", py_str(f)));
                }
                if let Some(p) = precision {
                    args.push(format!("precision={p}"));
                }
                format!("{}.INTERVAL({})", self.postgresql(), args.join(", "))
            }
            BaseType::Json => format!("{}.JSON(astext_type=sa.Text())", self.postgresql()),
            BaseType::Jsonb => format!("{}.JSONB(astext_type=sa.Text())", self.postgresql()),
            BaseType::Uuid => "sa.Uuid()".into(),
            BaseType::Bit { varying, length } => {
                let mut args = Vec::new();
                if let Some(n) = length {
                    args.push(format!("length={n}"));
                }
                if *varying {
                    args.push("varying=True".into());
                }
                format!("{}.BIT({})", self.postgresql(), args.join(", "))
            }
            BaseType::Builtin(name) => {
                const DIALECT: &[&str] = &[
                    "inet",
                    "cidr",
                    "macaddr",
                    "macaddr8",
                    "money",
                    "tsvector",
                    "oid",
                    "regclass",
                    "int4range",
                    "int8range",
                    "numrange",
                    "daterange",
                    "tsrange",
                    "tstzrange",
                ];
                if DIALECT.contains(name) {
                    format!("{}.{}()", self.postgresql(), name.to_uppercase())
                } else {
                    return Err(format!(
                        "type {name} has no SQLAlchemy spelling driftlock knows"
                    ));
                }
            }
            BaseType::Named {
                schema,
                name,
                modifiers,
            } => {
                let k = (
                    schema.clone().unwrap_or_else(|| "public".into()),
                    name.clone(),
                );
                // Extension types SQLAlchemy's PostgreSQL dialect spells.
                match (name.as_str(), modifiers) {
                    ("citext", None) => return Ok(format!("{}.CITEXT()", self.postgresql())),
                    ("hstore", None) => {
                        return Ok(format!("{}.HSTORE(text_type=sa.Text())", self.postgresql()))
                    }
                    _ => {}
                }
                match (self.enum_labels(&k).cloned(), modifiers) {
                    (Some(labels), None) => {
                        let mut args: Vec<String> = labels.iter().map(|l| py_str(l)).collect();
                        args.push(format!("name={}", py_str(name)));
                        if let Some(s) = schema.as_deref().filter(|s| *s != "public") {
                            args.push(format!("schema={}", py_str(s)));
                        }
                        args.push("create_type=False".into());
                        format!("{}.ENUM({})", self.postgresql(), args.join(", "))
                    }
                    _ => {
                        return Err(format!(
                            "type {} is not an enum and has no SQLAlchemy spelling driftlock knows",
                            ty
                        ))
                    }
                }
            }
        })
    }

    /// A server default: PostgreSQL's text, in `sa.text(...)`.
    fn default(&self, text: &str) -> String {
        format!("sa.text({})", py_str(text))
    }

    /// `sa.Column(...)`. `serial`: the table's one integer key, which SQLAlchemy makes SERIAL
    /// itself (its `nextval` default is not written).
    pub fn column(&mut self, c: &Column, serial: bool) -> Result<String, String> {
        let mut args = vec![py_str(&c.name), self.ty(&c.ty)?];
        if let Some(g) = &c.generated {
            args.push(format!("sa.Computed({}, persisted=True)", py_str(g)));
        }
        if let Some(id) = &c.identity {
            args.push(format!("sa.Identity(always={})", py_bool(id.always)));
        }
        if let Some(d) = c.default.as_deref().filter(|d| {
            !(serial && d.starts_with("nextval(")) && c.identity.is_none() && c.generated.is_none()
        }) {
            args.push(format!("server_default={}", self.default(d)));
        }
        if serial
            && c.default
                .as_deref()
                .is_some_and(|d| d.starts_with("nextval("))
        {
            // SERIAL: SQLAlchemy's autoincrement; nothing to write.
        }
        args.push(format!("nullable={}", py_bool(!c.not_null)));
        if let Some(comment) = &c.comment {
            args.push(format!("comment={}", py_str(comment)));
        }
        Ok(format!("sa.Column({})", args.join(", ")))
    }

    /// The name a table constraint is written with: none when PostgreSQL gives that one
    /// anyway and no naming convention would give another.
    fn constraint_name(&self, table: &str, c: &Constraint) -> Option<String> {
        let default = default_name(table, c);
        (self.convention || default.as_deref() != Some(c.name.as_str())).then(|| self.name(&c.name))
    }

    fn fk_target(&self, c: &Constraint) -> Option<(Key, Vec<String>)> {
        let ConstraintKind::ForeignKey {
            referenced,
            referenced_columns,
            ..
        } = &c.kind
        else {
            return None;
        };
        let target = key(referenced);
        let cols = if referenced_columns.is_empty() {
            self.declared
                .tables
                .get(&target)
                .or_else(|| self.replayed.tables.get(&target))
                .and_then(|t| t.primary_key())
                .map(|pk| super::constraint_columns(pk).to_vec())
                .unwrap_or_default()
        } else {
            referenced_columns.clone()
        };
        Some((target, cols))
    }

    /// A constraint inside `create_table`.
    fn table_constraint(&mut self, table: &str, c: &Constraint) -> Result<String, String> {
        let name = self.constraint_name(table, c).map(|n| format!("name={n}"));
        let mut args = Vec::new();
        let function = match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                args.extend(columns.iter().map(|s| py_str(s)));
                "sa.PrimaryKeyConstraint"
            }
            ConstraintKind::Unique { columns } => {
                args.extend(columns.iter().map(|s| py_str(s)));
                "sa.UniqueConstraint"
            }
            ConstraintKind::Check { expression, .. } => {
                args.push(py_str(unwrapped(expression)));
                "sa.CheckConstraint"
            }
            ConstraintKind::ForeignKey {
                columns,
                on_delete,
                on_update,
                ..
            } => {
                let Some((target, cols)) = self.fk_target(c) else {
                    return Err(format!("foreign key {}", c.name));
                };
                let prefix = if target.0 == "public" {
                    target.1.clone()
                } else {
                    format!("{}.{}", target.0, target.1)
                };
                args.push(py_list(columns));
                args.push(py_list(
                    &cols
                        .iter()
                        .map(|col| format!("{prefix}.{col}"))
                        .collect::<Vec<_>>(),
                ));
                push_actions(&mut args, on_delete, on_update);
                "sa.ForeignKeyConstraint"
            }
            ConstraintKind::Exclude { .. } => {
                return Err(format!(
                    "exclusion constraint {}: its operators are not known to driftlock",
                    c.name
                ))
            }
        };
        args.extend(name);
        Ok(format!("{function}({})", args.join(", ")))
    }

    /// The lines of one step (its note first, as a comment).
    pub fn step(&mut self, step: &Step) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(note) = &step.note {
            for line in note.lines() {
                out.push(format!("# {line}"));
            }
        }
        match self.op(&step.op) {
            Ok(lines) => out.extend(lines),
            Err(why) => {
                out.push(format!("# driftlock did not write this operation: {why}"));
                self.not_written.push(why);
            }
        }
        out
    }

    fn op(&mut self, op: &Op) -> Result<Vec<String>, String> {
        Ok(match op {
            Op::CreateSchema { name } => execute_on("CREATE SCHEMA", name),
            Op::DropSchema { name } => execute_on("DROP SCHEMA", name),
            Op::CreateExtension { name } => execute_on("CREATE EXTENSION IF NOT EXISTS", name),
            Op::DropExtension { name } => execute_on("DROP EXTENSION IF EXISTS", name),
            Op::CreateEnum { key: k, labels } => {
                let mut args: Vec<String> = labels.iter().map(|l| py_str(l)).collect();
                args.push(format!("name={}", py_str(&k.1)));
                args.extend(schema_arg(k));
                let pg = self.postgresql();
                let mut lines = call(&format!("{pg}.ENUM"), &args, WIDTH);
                if let Some(last) = lines.last_mut() {
                    last.push_str(".create(op.get_bind())");
                }
                lines
            }
            Op::DropEnum { key: k, .. } => {
                let mut args = vec![format!("name={}", py_str(&k.1))];
                args.extend(schema_arg(k));
                let pg = self.postgresql();
                vec![format!(
                    "{pg}.ENUM({}).drop(op.get_bind())",
                    args.join(", ")
                )]
            }
            Op::AddEnumValue {
                key: k,
                label,
                after,
                ..
            } => {
                let at = after.iter().position(|l| l == label).unwrap_or(0);
                let place = match (at.checked_sub(1).map(|p| &after[p]), after.get(at + 1)) {
                    (Some(prev), _) => format!(" AFTER {}", sql_str(prev)),
                    (None, Some(next)) => format!(" BEFORE {}", sql_str(next)),
                    _ => String::new(),
                };
                vec![
                    "with op.get_context().autocommit_block():".to_string(),
                    format!(
                        "    op.execute({})",
                        py_str(&format!(
                            "ALTER TYPE {} ADD VALUE {}{place}",
                            sql_type_name(k),
                            sql_str(label)
                        ))
                    ),
                ]
            }
            Op::RemoveEnumValue {
                key: k,
                label,
                keep,
                users,
                ..
            } => {
                let ty = sql_type_name(k);
                let old = sql_type_name(&(k.0.clone(), format!("{}_old", k.1)));
                let mut sql = vec![
                    format!(
                        "ALTER TYPE {ty} RENAME TO {}",
                        crate::pg::types::quote_ident(&format!("{}_old", k.1))
                    ),
                    format!(
                        "CREATE TYPE {ty} AS ENUM ({})",
                        keep.iter()
                            .map(|l| sql_str(l))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ];
                for (tk, column, default) in users {
                    let t = sql_table_name(tk);
                    let c = crate::pg::types::quote_ident(column);
                    if default.is_some() {
                        sql.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"));
                    }
                    sql.push(format!(
                        "ALTER TABLE {t} ALTER COLUMN {c} TYPE {ty} USING {c}::text::{ty}"
                    ));
                    if let Some(d) = default {
                        sql.push(format!("ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {d}"));
                    }
                }
                sql.push(format!("DROP TYPE {old}"));
                let mut lines = vec![format!(
                    "# PostgreSQL cannot drop an enum label: the type is rebuilt without {} (rows that hold it make this fail).",
                    sql_str(label)
                )];
                lines.extend(sql.iter().map(|s| format!("op.execute({})", py_str(s))));
                lines
            }
            Op::CreateTable { table, deferred } => self.create_table(table, deferred)?,
            Op::DropTable { table, .. } => {
                // Its indexes first, as Alembic writes it.
                let k = (table.schema.clone(), table.name.clone());
                let mut lines = Vec::new();
                for index in table.indexes.iter().filter(|i| i.parent.is_none()) {
                    lines.extend(self.op(&Op::DropIndex {
                        key: k.clone(),
                        index: index.clone(),
                    })?);
                }
                let mut args = vec![py_str(&table.name)];
                args.extend(schema_arg(&k));
                lines.extend(call("op.drop_table", &args, WIDTH));
                lines
            }
            Op::AddColumn { key: k, column } => {
                let mut args = vec![py_str(&k.1), self.column(column, false)?];
                args.extend(schema_arg(k));
                call("op.add_column", &args, WIDTH)
            }
            Op::DropColumn { key: k, column } => {
                let mut args = vec![py_str(&k.1), py_str(&column.name)];
                args.extend(schema_arg(k));
                call("op.drop_column", &args, WIDTH)
            }
            Op::AlterColumn { key: k, from, to } => self.alter_column(k, from, to)?,
            Op::CreateIndex { key: k, index } => self.create_index(k, index)?,
            Op::DropIndex { key: k, index } => {
                let mut args = vec![
                    self.name(&index.name),
                    format!("table_name={}", py_str(&k.1)),
                ];
                args.extend(schema_arg(k));
                call("op.drop_index", &args, WIDTH)
            }
            Op::AddConstraint { key: k, constraint } => self.add_constraint(k, constraint)?,
            Op::DropConstraint { key: k, constraint } => {
                let type_ = match constraint.kind {
                    ConstraintKind::PrimaryKey { .. } => "primary",
                    ConstraintKind::Unique { .. } => "unique",
                    ConstraintKind::Check { .. } => "check",
                    ConstraintKind::ForeignKey { .. } => "foreignkey",
                    ConstraintKind::Exclude { .. } => "exclude",
                };
                let mut args = vec![
                    self.name(&constraint.name),
                    py_str(&k.1),
                    format!("type_={}", py_str(type_)),
                ];
                args.extend(schema_arg(k));
                call("op.drop_constraint", &args, WIDTH)
            }
            Op::TableComment { key: k, from, to } => {
                let existing = format!(
                    "existing_comment={}",
                    from.as_deref().map_or_else(|| "None".to_string(), py_str)
                );
                let mut args = vec![py_str(&k.1)];
                let function = match to {
                    Some(c) => {
                        args.push(py_str(c));
                        "op.create_table_comment"
                    }
                    None => "op.drop_table_comment",
                };
                args.push(existing);
                args.extend(schema_arg(k));
                call(function, &args, WIDTH)
            }
        })
    }

    fn create_table(&mut self, table: &Table, deferred: &[String]) -> Result<Vec<String>, String> {
        let k = (table.schema.clone(), table.name.clone());
        if table.partitioning.is_some() || !table.parents.is_empty() {
            return Err(format!(
                "table {}: partitioned and inheriting tables are not written by driftlock",
                crate::schema::display_key(&k)
            ));
        }
        let pk = table
            .primary_key()
            .map(|c| super::constraint_columns(c).to_vec());
        let single_integer_key =
            |c: &Column| pk.as_deref() == Some(std::slice::from_ref(&c.name)) && c.ty.is_integer();
        let mut args = vec![py_str(&table.name)];
        for c in &table.columns {
            args.push(self.column(c, single_integer_key(c))?);
        }
        let mut constraints: Vec<&Constraint> = table
            .constraints
            .iter()
            .filter(|c| !deferred.contains(&c.name) && c.parent.is_none())
            .collect();
        // Alembic's order: the primary key, foreign keys, unique, checks; by name within.
        constraints.sort_by_key(|c| {
            let rank = match c.kind {
                ConstraintKind::PrimaryKey { .. } => 0,
                ConstraintKind::ForeignKey { .. } => 1,
                ConstraintKind::Unique { .. } => 2,
                ConstraintKind::Check { .. } => 3,
                ConstraintKind::Exclude { .. } => 4,
            };
            (rank, c.name.clone())
        });
        for c in constraints {
            args.push(self.table_constraint(&table.name, c)?);
        }
        args.extend(schema_arg(&k));
        if let Some(comment) = &table.comment {
            args.push(format!("comment={}", py_str(comment)));
        }
        // Always one argument per line, as Alembic writes a table; its indexes after it.
        let mut out = vec!["op.create_table(".to_string()];
        out.extend(args.iter().map(|a| format!("    {a},")));
        out.push(")".to_string());
        for index in table.indexes.iter().filter(|i| i.parent.is_none()) {
            out.extend(self.create_index(&k, index)?);
        }
        Ok(out)
    }

    fn alter_column(&mut self, k: &Key, from: &Column, to: &Column) -> Result<Vec<String>, String> {
        let mut args = vec![py_str(&k.1), py_str(&from.name)];
        args.push(format!("existing_type={}", self.ty(&from.ty)?));
        if from.ty != to.ty {
            args.push(format!("type_={}", self.ty(&to.ty)?));
            if let Some(using) = using_cast(&from.ty, &to.ty, &to.name) {
                args.push(format!("postgresql_using={}", py_str(&using)));
            }
        }
        if from.not_null != to.not_null {
            args.push(format!("nullable={}", py_bool(!to.not_null)));
        } else {
            args.push(format!("existing_nullable={}", py_bool(!from.not_null)));
        }
        if from.default != to.default {
            args.push(format!(
                "server_default={}",
                to.default
                    .as_deref()
                    .map_or_else(|| "None".to_string(), |d| self.default(d))
            ));
            if let Some(d) = &from.default {
                args.push(format!("existing_server_default={}", self.default(d)));
            }
        } else if let Some(d) = &from.default {
            args.push(format!("existing_server_default={}", self.default(d)));
        }
        if from.comment != to.comment {
            args.push(format!(
                "comment={}",
                to.comment
                    .as_deref()
                    .map_or_else(|| "None".to_string(), py_str)
            ));
            args.push(format!(
                "existing_comment={}",
                from.comment
                    .as_deref()
                    .map_or_else(|| "None".to_string(), py_str)
            ));
        } else if let Some(c) = &from.comment {
            args.push(format!("existing_comment={}", py_str(c)));
        }
        args.extend(schema_arg(k));
        Ok(call("op.alter_column", &args, WIDTH))
    }

    /// `op.create_index(...)`, with `extra` keyword arguments (`--safe`'s).
    pub fn create_index_with(
        &mut self,
        k: &Key,
        index: &Index,
        extra: &[String],
    ) -> Result<Vec<String>, String> {
        let keys: Vec<String> = index
            .keys
            .iter()
            .map(|key| match key {
                IndexKey::Column(c) => py_str(c),
                IndexKey::Expression(e) => format!("sa.text({})", py_str(&index_expression(e))),
            })
            .collect();
        let mut args = vec![
            self.name(&index.name),
            py_str(&k.1),
            format!("[{}]", keys.join(", ")),
            format!("unique={}", py_bool(index.unique)),
        ];
        args.extend(schema_arg(k));
        if index.method != "btree" && !index.method.is_empty() {
            args.push(format!("postgresql_using={}", py_str(&index.method)));
        }
        if !index.include.is_empty() {
            args.push(format!("postgresql_include={}", py_list(&index.include)));
        }
        if let Some(p) = &index.predicate {
            args.push(format!("postgresql_where=sa.text({})", py_str(p)));
        }
        args.extend(extra.iter().cloned());
        Ok(call("op.create_index", &args, WIDTH))
    }

    fn create_index(&mut self, k: &Key, index: &Index) -> Result<Vec<String>, String> {
        self.create_index_with(k, index, &[])
    }

    /// `op.create_*` of a constraint on an existing table, with `extra` keyword arguments.
    pub fn add_constraint_with(
        &mut self,
        k: &Key,
        c: &Constraint,
        extra: &[String],
    ) -> Result<Vec<String>, String> {
        let name = self.name(&c.name);
        let table = py_str(&k.1);
        let (function, mut args) = match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                ("op.create_primary_key", vec![name, table, py_list(columns)])
            }
            ConstraintKind::Unique { columns } => (
                "op.create_unique_constraint",
                vec![name, table, py_list(columns)],
            ),
            ConstraintKind::Check { expression, .. } => (
                "op.create_check_constraint",
                vec![name, table, py_str(unwrapped(expression))],
            ),
            ConstraintKind::ForeignKey {
                columns,
                on_delete,
                on_update,
                ..
            } => {
                let Some((target, cols)) = self.fk_target(c) else {
                    return Err(format!("foreign key {}", c.name));
                };
                let mut args = vec![
                    name,
                    table,
                    py_str(&target.1),
                    py_list(columns),
                    py_list(&cols),
                ];
                push_actions(&mut args, on_delete, on_update);
                if k.0 != "public" {
                    args.push(format!("source_schema={}", py_str(&k.0)));
                }
                if target.0 != "public" {
                    args.push(format!("referent_schema={}", py_str(&target.0)));
                }
                args.extend(extra.iter().cloned());
                return Ok(call("op.create_foreign_key", &args, WIDTH));
            }
            ConstraintKind::Exclude { .. } => {
                return Err(format!(
                    "exclusion constraint {}: its operators are not known to driftlock",
                    c.name
                ))
            }
        };
        args.extend(schema_arg(k));
        args.extend(extra.iter().cloned());
        Ok(call(function, &args, WIDTH))
    }

    fn add_constraint(&mut self, k: &Key, c: &Constraint) -> Result<Vec<String>, String> {
        self.add_constraint_with(k, c, &[])
    }
}

fn push_actions(args: &mut Vec<String>, on_delete: &Option<String>, on_update: &Option<String>) {
    for (word, action) in [("ondelete", on_delete), ("onupdate", on_update)] {
        if let Some(a) = action.as_deref().filter(|a| *a != "NO ACTION") {
            args.push(format!("{word}={}", py_str(a)));
        }
    }
}

/// `USING` for a type change PostgreSQL does not cast implicitly (to an enum, to a number
/// from text, ...): `col::type`.
fn using_cast(from: &SqlType, to: &SqlType, column: &str) -> Option<String> {
    let textual = |t: &SqlType| {
        matches!(
            t.base,
            BaseType::Text | BaseType::Varchar(_) | BaseType::Char(_)
        )
    };
    let c = crate::pg::types::quote_ident(column);
    match &to.base {
        BaseType::Named { .. } if !to.array => Some(format!("{c}::text::{to}")),
        BaseType::SmallInt
        | BaseType::Integer
        | BaseType::BigInt
        | BaseType::Numeric(_)
        | BaseType::Boolean
        | BaseType::Uuid
        | BaseType::Jsonb
        | BaseType::Json
            if textual(from) =>
        {
            Some(format!("{c}::{to}"))
        }
        _ => None,
    }
}

/// The name PostgreSQL gives a constraint left unnamed on `table`.
fn default_name(table: &str, c: &Constraint) -> Option<String> {
    let cols = |columns: &[String]| join_columns(columns.iter().map(String::as_str));
    match &c.kind {
        ConstraintKind::PrimaryKey { .. } => Some(make_object_name(table, None, Some("pkey"))),
        ConstraintKind::Unique { columns } => {
            Some(make_object_name(table, Some(&cols(columns)), Some("key")))
        }
        ConstraintKind::ForeignKey { columns, .. } => {
            Some(make_object_name(table, Some(&cols(columns)), Some("fkey")))
        }
        _ => None,
    }
}

/// An index expression as `CREATE INDEX` takes it: a function call as it is, anything else
/// in parentheses (`(payload ->> 'k')::text` must be written `((payload ->> 'k')::text)`).
fn index_expression(e: &str) -> String {
    let call = e
        .find('(')
        .filter(|&open| {
            open > 0
                && e[..open]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .is_some_and(|open| unwrapped(&e[open..]) != &e[open..] || e[open..] == *"()");
    if call {
        e.to_string()
    } else {
        format!("({e})")
    }
}

/// An expression without the parentheses PostgreSQL puts around a whole CHECK.
fn unwrapped(expression: &str) -> &str {
    let Some(inner) = expression
        .strip_prefix('(')
        .and_then(|e| e.strip_suffix(')'))
    else {
        return expression;
    };
    // Only when the first parenthesis closes at the very end.
    let mut depth = 0i32;
    let mut quote = false;
    for ch in inner.chars() {
        match ch {
            '\'' => quote = !quote,
            '(' if !quote => depth += 1,
            ')' if !quote => {
                depth -= 1;
                if depth < 0 {
                    return expression;
                }
            }
            _ => {}
        }
    }
    if depth == 0 {
        inner
    } else {
        expression
    }
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// An SQL string literal.
pub fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A type's name in SQL, schema-qualified outside `public`.
pub fn sql_type_name(k: &Key) -> String {
    sql_table_name(k)
}

/// A table's name in SQL, schema-qualified outside `public`.
pub fn sql_table_name(k: &Key) -> String {
    let name = crate::pg::types::quote_ident(&k.1);
    if k.0 == "public" {
        name
    } else {
        format!("{}.{name}", crate::pg::types::quote_ident(&k.0))
    }
}

/// `op.execute("VERB name")`: a statement on one object Alembic has no operation for.
fn execute_on(verb: &str, name: &str) -> Vec<String> {
    vec![format!(
        "op.execute({})",
        py_str(&format!("{verb} {}", crate::pg::types::quote_ident(name)))
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_python_repr_writes_them() {
        assert_eq!(py_str("abc"), "'abc'");
        assert_eq!(py_str("it's"), "\"it's\"");
        assert_eq!(py_str("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(py_str("x\ny\\"), "'x\\ny\\\\'");
    }

    #[test]
    fn long_calls_break_one_argument_per_line() {
        assert_eq!(call("f", &["1".into()], 10), vec!["f(1)"]);
        let long = call("f", &["a".repeat(10), "b".repeat(10)], 10);
        assert_eq!(long, vec!["f(", "    aaaaaaaaaa,", "    bbbbbbbbbb,", ")"]);
    }
}
