//! `op.*` and `batch_op.*` calls lowered to IR operations with SQLAlchemy's DDL rules:
//! constraints named by the naming convention, indexes, checks, foreign keys, enum types,
//! comments, renames and drops. `create_table`, `add_column` and `alter_column` are in
//! `create_table.rs`, `execute` in `execute.rs`.

use super::entities::{entity_ops, entity_sql, first_line};
use super::{normalized, Lowering};
use crate::diagnostic::Span;
use crate::eval::value::{Args, Batch, Value};
use crate::ir::{ConstraintDef, ConstraintKind, ConstraintType, IndexDef, IndexKey, Op, QualName};
use crate::pg::expr::{identifiers, sql_expression};
use crate::sqlalchemy::args::{
    bool_arg, column_name_of, name_arg, opt_str, str_arg, strings, Lowered, Name,
};
use crate::sqlalchemy::column::{parse_column, ForeignKeyParts};
use crate::sqlalchemy::compile::sql_text;
use crate::sqlalchemy::naming::{ConventionInput, ConventionKind};
use crate::sqlalchemy::types::class_name;

impl Lowering<'_> {
    pub(super) fn add_constraint(
        &mut self,
        table: &QualName,
        constraint: ConstraintDef,
        not_valid: bool,
        span: &Span,
    ) {
        let table = table.clone();
        self.emit(
            Op::AddConstraint {
                table,
                constraint,
                not_valid,
                only: false,
            },
            span,
        );
    }

    /// A foreign key named the way SQLAlchemy names it: the given name, or the naming
    /// convention's (which sees the local and referenced columns), or none for PostgreSQL.
    pub(super) fn named_foreign_key(
        &self,
        table: &QualName,
        name: Option<&Name>,
        fk: ForeignKeyParts,
    ) -> Lowered<ConstraintDef> {
        let name = self.convention_name(
            ConventionKind::ForeignKey,
            name,
            ConventionInput {
                table: &table.name,
                table_schema: table.schema.as_deref(),
                columns: fk.columns.clone(),
                referred_table: Some(&fk.referenced.name),
                referred_columns: fk.referenced_columns.clone(),
                ..Default::default()
            },
        )?;
        let kind = ConstraintKind::ForeignKey {
            columns: fk.columns,
            referenced: fk.referenced,
            referenced_columns: fk.referenced_columns,
            on_delete: fk.on_delete,
            on_update: fk.on_update,
        };
        Ok(ConstraintDef { name, kind })
    }

    /// Applies the naming convention for `kind` to an explicit or missing name.
    pub(super) fn convention_name(
        &self,
        kind: ConventionKind,
        name: Option<&Name>,
        input: ConventionInput<'_>,
    ) -> Lowered<Option<String>> {
        if let Some(n) = name {
            if n.final_ || !self.convention.uses_constraint_name(kind) {
                return Ok(Some(n.text.clone()));
            }
        }
        let input = ConventionInput {
            constraint_name: name.map(|n| n.text.as_str()),
            ..input
        };
        match self.convention.name(kind, &input) {
            None => Ok(name.map(|n| n.text.clone())),
            Some(Ok(n)) => Ok(Some(n)),
            Some(Err(crate::sqlalchemy::naming::ConventionError::NeedsName)) => {
                Err("the naming convention needs %(constraint_name)s but the constraint has no name (SQLAlchemy raises here)".into())
            }
            Some(Err(crate::sqlalchemy::naming::ConventionError::UnknownToken(t))) => {
                Err(format!("the naming convention uses token `{t}`, which driftlock does not know"))
            }
        }
    }

    pub(super) fn table_of(
        &self,
        args: &Args,
        batch: Option<&Batch>,
        index: usize,
        name: &str,
        schema_kw: &str,
    ) -> Lowered<QualName> {
        if let Some(b) = batch {
            return Ok(b.table.clone());
        }
        let table = str_arg(args.get(index, name), "the table name")?;
        let schema = opt_str(args.keyword(schema_kw))?;
        Ok(QualName::new(schema, table))
    }

    pub(super) fn lower_op(
        &mut self,
        name: &str,
        batch: Option<&Batch>,
        args: &Args,
        span: &Span,
    ) -> Lowered<Value> {
        let args = &normalized(args);
        // Batch signatures drop the table (and schema) arguments: shift positions by one.
        let b = usize::from(batch.is_some());
        let pos = |i: usize| i.saturating_sub(b);
        match name {
            "create_table" => self.create_table(args, span),
            "drop_table" => {
                let table = self.table_of(args, None, 0, "table_name", "schema")?;
                let table = QualName::new(
                    table.schema.or(opt_str(args.positional.get(1))?),
                    table.name,
                );
                let if_exists = bool_arg(args.keyword("if_exists"))?.unwrap_or(false);
                self.emit(
                    Op::DropTable {
                        table,
                        if_exists,
                        cascade: false,
                    },
                    span,
                );
                Ok(Value::None)
            }
            "rename_table" => {
                let table = self.table_of(args, None, 0, "old_table_name", "schema")?;
                let new_name = str_arg(args.get(1, "new_table_name"), "the new table name")?;
                self.emit(Op::RenameTable { table, new_name }, span);
                Ok(Value::None)
            }
            "create_table_comment" => {
                let table = self.table_of(args, batch, 0, "table_name", "schema")?;
                let comment = opt_str(args.get(pos(1), "comment"))?;
                self.emit(Op::SetTableComment { table, comment }, span);
                Ok(Value::None)
            }
            "drop_table_comment" => {
                let table = self.table_of(args, batch, 0, "table_name", "schema")?;
                self.emit(
                    Op::SetTableComment {
                        table,
                        comment: None,
                    },
                    span,
                );
                Ok(Value::None)
            }
            "add_column" => {
                let table = self.table_of(args, batch, 0, "table_name", "schema")?;
                let table = match (batch, args.positional.get(2)) {
                    (None, Some(Value::Str(s))) if table.schema.is_none() => {
                        QualName::new(Some(s.clone()), table.name)
                    }
                    _ => table,
                };
                let mut column = match args.get(pos(1), "column") {
                    Some(Value::Object(o)) if class_name(&o.class) == "Column" => parse_column(o)?,
                    _ => {
                        return Err("the column is not an sa.Column(...) driftlock can read".into())
                    }
                };
                if let Some(ty) = column.ty.as_mut() {
                    ty.in_table_schema(table.schema.as_deref());
                }
                self.assumed_type(span, &table, &column);
                let if_not_exists = bool_arg(args.keyword("if_not_exists"))?.unwrap_or(false);
                let inline_pk = bool_arg(args.keyword("inline_primary_key"))?.unwrap_or(false);
                let primary_key = column.primary_key && inline_pk;
                let name = column.name.clone();
                self.add_column(&table, column, if_not_exists, span)?;
                if primary_key {
                    // `inline_primary_key=True`: `ADD COLUMN ... PRIMARY KEY`, named by PostgreSQL.
                    let kind = ConstraintKind::PrimaryKey {
                        columns: vec![name],
                    };
                    let constraint = ConstraintDef { name: None, kind };
                    self.add_constraint(&table, constraint, false, span);
                }
                Ok(Value::None)
            }
            "drop_column" => {
                let table = self.table_of(args, batch, 0, "table_name", "schema")?;
                let column = str_arg(args.get(pos(1), "column_name"), "the column name")?;
                let if_exists = bool_arg(args.keyword("if_exists"))?.unwrap_or(false);
                self.emit(
                    Op::DropColumn {
                        table,
                        column,
                        if_exists,
                        cascade: false,
                    },
                    span,
                );
                Ok(Value::None)
            }
            "alter_column" => {
                let table = self.table_of(args, batch, 0, "table_name", "schema")?;
                let column = str_arg(args.get(pos(1), "column_name"), "the column name")?;
                self.alter_column(table, column, args, span)?;
                Ok(Value::None)
            }
            "create_index" => {
                let index_name = name_arg(args.get(0, "index_name"))?;
                let table = self.table_of(args, batch, 1, "table_name", "schema")?;
                let columns = args
                    .get(pos(2) + b, "columns")
                    .or_else(|| args.positional.get(if b == 1 { 1 } else { 2 }));
                let columns = columns.cloned().unwrap_or(Value::List(Vec::new()));
                let unique = bool_arg(args.keyword("unique"))?.unwrap_or(false);
                let index = self.index_def(index_name, table, &columns, unique, args)?;
                self.emit(Op::CreateIndex(index), span);
                Ok(Value::None)
            }
            "drop_index" => {
                // `op.f(...)` names are final, and shortened as SQLAlchemy renders them.
                let index = crate::sqlalchemy::args::name_arg(args.get(0, "index_name"))?
                    .map(|n| n.text)
                    .ok_or("the index name is missing")?;
                let schema = match batch {
                    Some(b) => b.table.schema.clone(),
                    None => opt_str(args.keyword("schema"))?,
                };
                let if_exists = bool_arg(args.keyword("if_exists"))?.unwrap_or(false);
                let concurrently =
                    bool_arg(args.keyword("postgresql_concurrently"))?.unwrap_or(false);
                self.emit(
                    Op::DropIndex {
                        index: QualName::new(schema, index),
                        if_exists,
                        concurrently,
                    },
                    span,
                );
                Ok(Value::None)
            }
            "create_unique_constraint" | "create_primary_key" => {
                let cname = name_arg(args.get(0, "constraint_name"))?;
                let table = self.table_of(args, batch, 1, "table_name", "schema")?;
                let columns = strings(
                    args.get(pos(2) + b, "columns")
                        .or_else(|| args.positional.get(2 - b)),
                    "the columns",
                )?;
                let (kind, ck) = if name == "create_primary_key" {
                    (
                        ConstraintKind::PrimaryKey {
                            columns: columns.clone(),
                        },
                        ConventionKind::PrimaryKey,
                    )
                } else {
                    (
                        ConstraintKind::Unique {
                            columns: columns.clone(),
                        },
                        ConventionKind::Unique,
                    )
                };
                let cname = self.convention_name(
                    ck,
                    cname.as_ref(),
                    ConventionInput {
                        table: &table.name,
                        table_schema: table.schema.as_deref(),
                        columns,
                        ..Default::default()
                    },
                )?;
                self.add_constraint(&table, ConstraintDef { name: cname, kind }, false, span);
                Ok(Value::None)
            }
            "create_foreign_key" => {
                let cname = name_arg(args.get(0, "constraint_name"))?;
                let (table, rest) = match batch {
                    Some(bt) => (bt.table.clone(), 1),
                    None => {
                        let t = str_arg(args.get(1, "source_table"), "the source table")?;
                        (QualName::new(opt_str(args.keyword("source_schema"))?, t), 2)
                    }
                };
                let referent = str_arg(args.get(rest, "referent_table"), "the referenced table")?;
                let local = strings(args.get(rest + 1, "local_cols"), "the local columns")?;
                let remote = strings(args.get(rest + 2, "remote_cols"), "the referenced columns")?;
                let referenced = QualName::new(opt_str(args.keyword("referent_schema"))?, referent);
                let kind = ForeignKeyParts {
                    columns: local,
                    referenced,
                    referenced_columns: remote,
                    on_delete: opt_str(args.keyword("ondelete"))?.map(|s| s.to_uppercase()),
                    on_update: opt_str(args.keyword("onupdate"))?.map(|s| s.to_uppercase()),
                };
                let constraint = self.named_foreign_key(&table, cname.as_ref(), kind)?;
                let not_valid = bool_arg(args.keyword("postgresql_not_valid"))?.unwrap_or(false);
                self.add_constraint(&table, constraint, not_valid, span);
                Ok(Value::None)
            }
            "create_check_constraint" => {
                let cname = name_arg(args.get(0, "constraint_name"))?;
                let table = self.table_of(args, batch, 1, "table_name", "schema")?;
                let condition = sql_text(
                    args.get(pos(2) + b, "condition")
                        .or_else(|| args.positional.get(2 - b))
                        .unwrap_or(&Value::None),
                )?;
                let constraint = self.check_def(&table, cname.as_ref(), &condition)?;
                let not_valid = bool_arg(args.keyword("postgresql_not_valid"))?.unwrap_or(false);
                self.add_constraint(&table, constraint, not_valid, span);
                Ok(Value::None)
            }
            "create_exclude_constraint" => {
                let cname = name_arg(args.get(0, "constraint_name"))?;
                let table = self.table_of(args, batch, 1, "table_name", "schema")?;
                let mut columns = Vec::new();
                for element in args.positional.iter().skip(2 - b) {
                    match element.as_seq() {
                        Some([column, _operator]) => {
                            columns.push(column_name_of(column, "the excluded columns")?)
                        }
                        _ => {
                            return Err("exclusion elements must be (column, operator) pairs".into())
                        }
                    }
                }
                let using = opt_str(args.keyword("using"))?.unwrap_or_else(|| "gist".into());
                let constraint = ConstraintDef {
                    name: cname.map(|n| n.text),
                    kind: ConstraintKind::Exclude { columns, using },
                };
                self.add_constraint(&table, constraint, false, span);
                Ok(Value::None)
            }
            "drop_constraint" => {
                let cname = name_arg(args.get(0, "constraint_name"))?
                    .ok_or("drop_constraint with no name (SQLAlchemy cannot compile it)")?;
                let table = self.table_of(args, batch, 1, "table_name", "schema")?;
                let kind = match opt_str(
                    args.get(pos(2) + b, "type_")
                        .or_else(|| args.positional.get(2 - b)),
                )?
                .as_deref()
                {
                    Some("foreignkey") => Some(ConstraintType::ForeignKey),
                    Some("primary") => Some(ConstraintType::PrimaryKey),
                    Some("unique") => Some(ConstraintType::Unique),
                    Some("check") => Some(ConstraintType::Check),
                    _ => None,
                };
                let if_exists = bool_arg(args.keyword("if_exists"))?.unwrap_or(false);
                let kind_for_convention = match kind {
                    Some(ConstraintType::ForeignKey) => Some(ConventionKind::ForeignKey),
                    Some(ConstraintType::PrimaryKey) => Some(ConventionKind::PrimaryKey),
                    Some(ConstraintType::Unique) => Some(ConventionKind::Unique),
                    Some(ConstraintType::Check) => Some(ConventionKind::Check),
                    None => None,
                };
                // A convention with %(constraint_name)s rewrites the name given to drop, too.
                let final_name = match kind_for_convention {
                    Some(k) if !cname.final_ && self.convention.uses_constraint_name(k) => self
                        .convention_name(
                            k,
                            Some(&cname),
                            ConventionInput {
                                table: &table.name,
                                table_schema: table.schema.as_deref(),
                                ..Default::default()
                            },
                        )?
                        .unwrap_or(cname.text),
                    _ => cname.text,
                };
                self.emit(
                    Op::DropConstraint {
                        table,
                        name: final_name,
                        kind,
                        if_exists,
                        cascade: false,
                    },
                    span,
                );
                Ok(Value::None)
            }
            "execute" => {
                let statement = args.get(0, "sqltext").cloned().unwrap_or(Value::None);
                Ok(self.execute(&statement, args.span_of(0, "sqltext"), span))
            }
            "bulk_insert" => {
                let (table, schema) = match args.get(0, "table") {
                    Some(Value::Object(o)) => (
                        str_arg(o.args.positional.first(), "the table")
                            .unwrap_or_else(|_| "?".into()),
                        o.args
                            .keyword("schema")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    ),
                    _ => ("?".into(), None),
                };
                // Its rows, followed when they are literals (a version row a later revision
                // reads back).
                let rows = super::rows::literal_rows(args.get(1, "rows"));
                self.rows.inserted(
                    &crate::schema::key(&QualName::new(schema, table.clone())),
                    rows,
                );
                self.rows_accounted = true;
                self.emit(
                    Op::Data {
                        statement: format!("INSERT INTO {table} ... (bulk_insert)"),
                        writes: None,
                    },
                    span,
                );
                Ok(Value::None)
            }
            "create_entity" | "replace_entity" | "drop_entity" => {
                let entity = args.get(0, "target").cloned().unwrap_or(Value::None);
                let cascade = bool_arg(args.keyword("cascade"))?.unwrap_or(false);
                let (kind, sql) = entity_sql(&entity)?;
                let mut diagnostics = Vec::new();
                let created = crate::sql::lower_sql(
                    &sql,
                    &crate::sql::SqlPlace::call(span),
                    &mut diagnostics,
                    &mut crate::sql::SqlStats::default(),
                )
                .into_iter()
                .map(|(op, _)| op)
                .collect();
                if let Some(d) = diagnostics.into_iter().next() {
                    return Err(format!(
                        "the SQL of the {kind} ({}): {}",
                        first_line(&sql),
                        d.message
                    ));
                }
                for op in entity_ops(name, created, cascade) {
                    self.emit(op, span);
                }
                Ok(Value::None)
            }
            "sync_enum_values" | "add_enum_value" => self.enum_library_op(name, args, span),
            "invoke" | "run_async" | "implementation_for" | "register_operation" => {
                Err(format!("`op.{name}` runs code driftlock does not evaluate"))
            }
            _ => Err(format!("`op.{name}` is not an operation driftlock models")),
        }
    }

    pub(super) fn check_def(
        &self,
        table: &QualName,
        name: Option<&Name>,
        condition: &str,
    ) -> Lowered<ConstraintDef> {
        let expression = sql_expression(condition, None)
            .map_err(|e| format!("the check condition does not parse: {e}"))?;
        let cname = self.convention_name(
            ConventionKind::Check,
            name,
            ConventionInput {
                table: &table.name,
                table_schema: table.schema.as_deref(),
                ..Default::default()
            },
        )?;
        Ok(ConstraintDef {
            name: cname,
            kind: ConstraintKind::Check {
                expression: format!("({expression})"),
                columns: identifiers(condition),
            },
        })
    }

    pub(super) fn index_def(
        &self,
        name: Option<Name>,
        table: QualName,
        columns: &Value,
        unique: bool,
        args: &Args,
    ) -> Lowered<IndexDef> {
        let items: Vec<Value> = match columns {
            Value::List(v) | Value::Tuple(v) | Value::Set(v) => v.clone(),
            Value::Str(_) | Value::Object(_) => vec![columns.clone()],
            _ => return Err("the index columns are not known statically".into()),
        };
        let mut keys = Vec::new();
        for item in &items {
            keys.push(match item {
                Value::Str(s) => IndexKey::Column(s.clone()),
                Value::Object(o)
                    if matches!(class_name(&o.class), "column" | "Column")
                        && o.receiver.is_none() =>
                {
                    IndexKey::Column(str_arg(o.args.positional.first(), "the column")?)
                }
                other => crate::pg::expr::index_key(&sql_text(other)?)
                    .map_err(|e| format!("the index expression does not parse: {e}"))?,
            });
        }
        let column_names: Vec<String> = keys
            .iter()
            .map(|k| match k {
                IndexKey::Column(c) => c.clone(),
                IndexKey::Expression(e) => e.clone(),
            })
            .collect();
        let name = self.convention_name(
            ConventionKind::Index,
            name.as_ref(),
            ConventionInput {
                table: &table.name,
                table_schema: table.schema.as_deref(),
                columns: column_names,
                unique,
                ..Default::default()
            },
        )?;
        let predicate = match args.keyword("postgresql_where") {
            None | Some(Value::None) => None,
            Some(v) => Some(
                sql_expression(&sql_text(v)?, None)
                    .map_err(|e| format!("the index predicate does not parse: {e}"))?,
            ),
        };
        let include = match args.keyword("postgresql_include") {
            None | Some(Value::None) => Vec::new(),
            v => strings(v, "the included columns")?,
        };
        Ok(IndexDef {
            name,
            table,
            unique,
            method: opt_str(args.keyword("postgresql_using"))?
                .unwrap_or_else(|| "btree".into())
                .to_lowercase(),
            keys,
            include,
            predicate,
            if_not_exists: bool_arg(args.keyword("if_not_exists"))?.unwrap_or(false),
            concurrently: bool_arg(args.keyword("postgresql_concurrently"))?.unwrap_or(false),
            only: false,
        })
    }
}
