//! `op.create_table`, `op.add_column` and `op.alter_column`: columns with SQLAlchemy's rules
//! (SERIAL for an integer primary key, implicit enum types with Alembic's per-run memo, the
//! type a foreign key column takes from its target), inline and table constraints.

use std::rc::Rc;

use super::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::eval::value::{Args, Object, Value};
use crate::ir::{
    ColumnChange, ColumnDef, ConstraintDef, ConstraintKind, Identity, Op, QualName, TableFrom,
};
use crate::pg::expr::sql_expression;
use crate::schema::key;
use crate::sqlalchemy::args::{
    bool_arg, column_name_of, describe, name_arg, opt_str, str_arg, strings, Lowered,
};
use crate::sqlalchemy::column::{
    fk_target_spec, foreign_key_target, parse_column, ForeignKeyParts, SaColumn,
};
use crate::sqlalchemy::compile::{default_sql, sql_text};
use crate::sqlalchemy::naming::{ConventionInput, ConventionKind};
use crate::sqlalchemy::types::{class_name, type_spec, EnumSpec};

/// SQLAlchemy's PostgreSQL table options that make the table from others:
/// `postgresql_partition_by="RANGE (at)"` and `postgresql_inherits="parent"` (or a sequence of
/// names), written into the DDL as given (the parents unqualified).
fn table_from(args: &Args) -> Lowered<TableFrom> {
    let mut from = TableFrom::default();
    if let Some(text) = opt_str(args.keyword("postgresql_partition_by"))? {
        from.partition_by = Some(crate::sql::partition_key(&text)?);
    }
    match args.keyword("postgresql_inherits") {
        None | Some(Value::None) => {}
        Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => {
            for item in items {
                let name = str_arg(Some(item), "the inherited table")?;
                from.inherits.push(QualName::new(None, name));
            }
        }
        Some(other) => {
            let name = str_arg(Some(other), "the inherited table")?;
            from.inherits.push(QualName::new(None, name));
        }
    }
    Ok(from)
}

impl Lowering<'_> {
    /// Creates the enum type a column uses when SQLAlchemy would (`create_table` only).
    pub(super) fn implicit_enum(&mut self, spec: &EnumSpec, span: &Span) {
        if !spec.create_type {
            self.assume_uncreated_enum(spec, span);
            return;
        }
        let k = key(&spec.name);
        if !self.enum_memo.insert(k) {
            return;
        }
        self.emit(
            Op::CreateEnum {
                name: spec.name.clone(),
                values: spec.labels.clone(),
                if_not_exists: false,
            },
            span,
        );
    }

    /// `postgresql.ENUM(..., create_type=False)` names a type the history must have made.
    /// When no revision made it (another history made it in the same database, or the
    /// application), the operation fails on PostgreSQL, which is said once; then, as for
    /// tables built outside the history, the type is assumed as the column declares it, so
    /// the table and what follows are still replayed.
    fn assume_uncreated_enum(&mut self, spec: &EnumSpec, span: &Span) {
        let k = key(&spec.name);
        if !self.collapse_uncreated_tables
            || spec.labels.is_empty()
            || self.schema.enums.contains_key(&k)
            || !self.enum_memo.insert(k)
        {
            return;
        }
        let labels = spec
            .labels
            .iter()
            .map(|l| crate::pg::expr::quote_literal(l))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diagnostic::error(
            Kind::Replay,
            codes::OPERATION_FAILS,
            format!(
                "this operation fails on PostgreSQL: type \"{}\" does not exist (the column's type is declared with create_type=False, and no revision creates it)",
                spec.name.name
            ),
        )
        .at(span.clone())
        .with_note(format!(
            "the replay assumes the type as the column declares it, AS ENUM ({labels}), created outside this history"
        ))
        .with_help("create the type in a revision (op.execute(\"CREATE TYPE ...\") or sa.Enum(...).create(bind)) before it is used");
        if let Some(r) = &self.revision {
            d = d.for_revision(r.clone());
        }
        self.diagnostics.push(d);
        // Applied to the schema only: no revision ran it, so no rule sees it.
        let assumed = Op::CreateEnum {
            name: spec.name.clone(),
            values: spec.labels.clone(),
            if_not_exists: true,
        };
        let _ = self.schema.apply(&assumed);
    }

    /// The PostgreSQL column for a declared column. `serial` is decided by the caller. A
    /// server default whose SQL cannot be known is left out and said (`assumed-default`):
    /// one unknown value does not lose the column, its table and all that follows.
    pub(super) fn column_def(
        &mut self,
        c: &SaColumn,
        serial: bool,
        span: &Span,
    ) -> Lowered<ColumnDef> {
        let ty = match &c.ty {
            Some(t) => t.ty.clone(),
            None => self.foreign_key_type(c)?,
        };
        let default = match &c.server_default {
            Some(v) => match default_sql(v, &ty) {
                Ok(default) => default,
                Err(why) => {
                    self.assumed_default(span, &c.name, &why);
                    None
                }
            },
            None => None,
        };
        let not_null = match c.nullable {
            Some(n) => !n,
            None => c.primary_key,
        };
        Ok(ColumnDef {
            name: c.name.clone(),
            ty,
            serial,
            not_null,
            default,
            identity: c.identity.clone(),
            generated: c
                .computed
                .as_ref()
                .map(|g| sql_expression(g, None).map(|e| format!("({e})")))
                .transpose()?,
            comment: c.comment.clone(),
        })
    }

    /// A column declared without a type takes the type of the column its foreign key names.
    pub(super) fn foreign_key_type(&self, c: &SaColumn) -> Lowered<crate::schema::SqlType> {
        let fk = c
            .foreign_keys
            .first()
            .ok_or_else(|| format!("column `{}` has no type", c.name))?;
        let table = self
            .schema
            .table(&fk.target)
            .ok_or_else(|| format!("column `{}` has no type", c.name))?;
        let column = table
            .column(&fk.column)
            .ok_or_else(|| format!("column `{}` has no type", c.name))?;
        Ok(column.ty.clone())
    }

    /// SQLAlchemy's SERIAL rule for one column of a primary key of `pk_size` columns;
    /// `in_foreign_key`: a table-level foreign key names the column.
    pub(super) fn is_serial(c: &SaColumn, pk_size: usize, in_foreign_key: bool) -> bool {
        let Some(t) = &c.ty else { return false };
        let autoincrement = match &c.autoincrement {
            None => "auto",
            Some(Value::Bool(true)) => "true",
            Some(Value::Bool(false)) => "false",
            Some(Value::Str(s)) if s == "auto" => "auto",
            Some(_) => "false",
        };
        // With `autoincrement=True` a server default or a foreign key does not stop it (a
        // reflected SERIAL column copied into a new table keeps both and is SERIAL again).
        c.primary_key
            && t.ty.is_integer()
            && c.identity.is_none()
            && !c.sequence
            && match autoincrement {
                "auto" => {
                    pk_size == 1
                        && c.foreign_keys.is_empty()
                        && !in_foreign_key
                        && c.server_default.is_none()
                        && !c.client_default
                }
                "true" => true,
                _ => false,
            }
    }

    pub(super) fn create_table(&mut self, args: &Args, span: &Span) -> Lowered<Value> {
        let name = str_arg(args.get(0, "table_name"), "the table name")?;
        let table = QualName::new(opt_str(args.keyword("schema"))?, name);
        let mut columns: Vec<SaColumn> = Vec::new();
        let mut table_constraints: Vec<Rc<Object>> = Vec::new();
        for item in args.positional.iter().skip(1) {
            match item {
                Value::Object(o) if o.receiver.is_none() && class_name(&o.class) == "Column" => {
                    let mut column = parse_column(o)?;
                    if let Some(ty) = column.ty.as_mut() {
                        ty.in_table_schema(table.schema.as_deref());
                    }
                    self.assumed_type(span, &table, &column);
                    columns.push(column)
                }
                // A `MetaData()` among the elements is taken by SQLAlchemy's Table as one of
                // its items and changes nothing (`op.create_table('t', sa.MetaData(), ...)`).
                Value::Object(o) if o.receiver.is_none() && class_name(&o.class) == "MetaData" => {}
                // SQLAlchemy's Table skips `None` among its items (`Index(...).ddl_if(...)`
                // for another dialect).
                Value::None => {}
                Value::Object(o) if o.receiver.is_none() => table_constraints.push(o.clone()),
                Value::List(_) | Value::Tuple(_) | Value::Set(_) => {
                    return Err("a list among the columns".into())
                }
                other => {
                    return Err(format!(
                        "a table element driftlock cannot read ({})",
                        describe(other)
                    ))
                }
            }
        }
        // Primary key columns: flags on columns, or a PrimaryKeyConstraint.
        let mut pk_columns: Vec<String> = columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.clone())
            .collect();
        let mut pk_name = None;
        for o in &table_constraints {
            if class_name(&o.class) == "PrimaryKeyConstraint" {
                // Without columns (`PrimaryKeyConstraint(name=...)`, options only) it names
                // the key of the columns flagged `primary_key=True`, as SQLAlchemy's does.
                if !o.args.positional.is_empty() {
                    pk_columns = o
                        .args
                        .positional
                        .iter()
                        .map(|v| column_name_of(v, "the primary key columns"))
                        .collect::<Lowered<_>>()?;
                }
                pk_name = name_arg(o.args.keyword("name"))?;
            }
        }
        for c in &mut columns {
            if pk_columns.contains(&c.name) {
                c.primary_key = true;
            }
        }
        // Implicit enum types first, in column order.
        for c in &columns {
            if let Some(spec) = c.ty.as_ref().and_then(|t| t.native_enum.as_ref()) {
                let spec = spec.clone();
                self.implicit_enum(&spec, span);
            }
        }
        let mut defs = Vec::new();
        for c in &columns {
            // A column a table-level foreign key names is not SERIAL either.
            let in_foreign_key = table_constraints.iter().any(|o| {
                class_name(&o.class) == "ForeignKeyConstraint"
                    && strings(o.args.get(0, "columns"), "")
                        .is_ok_and(|cols| cols.contains(&c.name))
            });
            let serial = Self::is_serial(c, pk_columns.len(), in_foreign_key);
            defs.push(self.column_def(c, serial, span)?);
        }
        let mut constraints = Vec::new();
        let input = |cols: Vec<String>| ConventionInput {
            table: &table.name,
            table_schema: table.schema.as_deref(),
            columns: cols,
            ..Default::default()
        };
        if !pk_columns.is_empty() {
            let name = self.convention_name(
                ConventionKind::PrimaryKey,
                pk_name.as_ref(),
                input(pk_columns.clone()),
            )?;
            constraints.push(ConstraintDef {
                name,
                kind: ConstraintKind::PrimaryKey {
                    columns: pk_columns.clone(),
                },
            });
        }
        let mut indexes = Vec::new();
        // A column's `unique=True` constraint is made when the column joins its table, after
        // the constraint objects the table is given: SQLAlchemy's DDL lists it after them,
        // which decides the one CREATE TABLE keeps of two on the same columns.
        let mut column_uniques = Vec::new();
        // Column flags: unique=True (a constraint, or a unique index with index=True), checks,
        // foreign keys, index=True.
        for c in &columns {
            if c.index == Some(true) {
                indexes.push((
                    None,
                    Value::List(vec![Value::Str(c.name.clone())]),
                    c.unique == Some(true),
                    Args::default(),
                ));
            } else if c.unique == Some(true) {
                let name = self.convention_name(
                    ConventionKind::Unique,
                    None,
                    input(vec![c.name.clone()]),
                )?;
                column_uniques.push(ConstraintDef {
                    name,
                    kind: ConstraintKind::Unique {
                        columns: vec![c.name.clone()],
                    },
                });
            }
            for (name, condition) in &c.checks {
                constraints.push(self.check_def(&table, name.as_ref(), condition)?);
            }
        }
        for o in &table_constraints {
            let cname = name_arg(crate::sqlalchemy::args::constraint_name(o))?;
            match class_name(&o.class) {
                "PrimaryKeyConstraint" => {}
                "UniqueConstraint" => {
                    let cols: Vec<String> = o
                        .args
                        .positional
                        .iter()
                        .map(|v| column_name_of(v, "the unique columns"))
                        .collect::<Lowered<_>>()?;
                    let name = self.convention_name(
                        ConventionKind::Unique,
                        cname.as_ref(),
                        input(cols.clone()),
                    )?;
                    constraints.push(ConstraintDef {
                        name,
                        kind: ConstraintKind::Unique { columns: cols },
                    });
                }
                "CheckConstraint" => {
                    let condition = sql_text(o.args.get(0, "sqltext").unwrap_or(&Value::None))?;
                    constraints.push(self.check_def(&table, cname.as_ref(), &condition)?);
                }
                "ForeignKeyConstraint"
                    if o.args.keyword("use_alter").and_then(Value::as_bool) == Some(true) => {}
                "ForeignKeyConstraint" => {
                    let local = strings(o.args.get(0, "columns"), "the foreign key columns")?;
                    let targets = match o.args.get(1, "refcolumns") {
                        Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => items
                            .iter()
                            .map(fk_target_spec)
                            .collect::<Lowered<Vec<_>>>()?,
                        other => strings(other, "the referenced columns")?,
                    };
                    let parsed: Vec<(QualName, String)> = targets
                        .iter()
                        .map(|t| foreign_key_target(t))
                        .collect::<Lowered<_>>()?;
                    let referenced = parsed
                        .first()
                        .map(|(t, _)| t.clone())
                        .ok_or("a foreign key without targets")?;
                    let remote: Vec<String> = parsed.into_iter().map(|(_, c)| c).collect();
                    let kind = ForeignKeyParts {
                        columns: local,
                        referenced,
                        referenced_columns: remote,
                        on_delete: opt_str(o.args.keyword("ondelete"))?.map(|s| s.to_uppercase()),
                        on_update: opt_str(o.args.keyword("onupdate"))?.map(|s| s.to_uppercase()),
                    };
                    constraints.push(self.named_foreign_key(&table, cname.as_ref(), kind)?);
                }
                "Index" => {
                    let index_name = name_arg(o.args.positional.first())?;
                    let cols = Value::List(o.args.positional.iter().skip(1).cloned().collect());
                    let unique = bool_arg(o.args.keyword("unique"))?.unwrap_or(false);
                    indexes.push((index_name, cols, unique, o.args.clone()));
                }
                "ExcludeConstraint" => {
                    let mut cols = Vec::new();
                    for element in &o.args.positional {
                        match element.as_seq() {
                            Some([column, _]) => {
                                cols.push(column_name_of(column, "the excluded columns")?)
                            }
                            _ => {
                                return Err(
                                    "exclusion elements must be (column, operator) pairs".into()
                                )
                            }
                        }
                    }
                    let using = opt_str(o.args.keyword("using"))?.unwrap_or_else(|| "gist".into());
                    constraints.push(ConstraintDef {
                        name: cname.map(|n| n.text),
                        kind: ConstraintKind::Exclude {
                            columns: cols,
                            using,
                        },
                    });
                }
                other => return Err(format!("table element `{other}` is not understood")),
            }
        }
        constraints.extend(column_uniques);
        // Column-level foreign keys come after table-level constraints in SQLAlchemy's DDL.
        // On PostgreSQL, `CREATE TABLE` leaves out every `use_alter=True` key (both forms).
        for c in &columns {
            for fk in c.foreign_keys.iter().filter(|fk| !fk.use_alter) {
                let kind = fk.parts(&c.name);
                constraints.push(self.named_foreign_key(&table, fk.name.as_ref(), kind)?);
            }
        }
        let comment = opt_str(args.keyword("comment"))?;
        let if_not_exists = bool_arg(args.keyword("if_not_exists"))?.unwrap_or(false);
        let from = table_from(args)?;
        self.emit(
            Op::CreateTable {
                table: table.clone(),
                columns: defs,
                constraints,
                comment,
                if_not_exists,
                from,
            },
            span,
        );
        for (name, cols, unique, index_args) in indexes {
            let def = self.index_def(name, table.clone(), &cols, unique, &index_args)?;
            self.emit(Op::CreateIndex(def), span);
        }
        Ok(Value::Object(Rc::new(Object {
            class: "sqlalchemy.table".into(),
            receiver: None,
            args: Args {
                positional: vec![Value::Str(table.name.clone())],
                ..Args::default()
            },
            called: true,
            span: span.clone(),
        })))
    }

    pub(super) fn add_column(
        &mut self,
        table: &QualName,
        c: SaColumn,
        if_not_exists: bool,
        span: &Span,
    ) -> Lowered<()> {
        // `add_column` never creates an enum type; the column's type must exist.
        let serial = Self::is_serial(&c, 1, false);
        let def = self.column_def(&c, serial, span)?;
        self.emit(
            Op::AddColumn {
                table: table.clone(),
                column: def,
                if_not_exists,
            },
            span,
        );
        let input = |cols: Vec<String>| ConventionInput {
            table: &table.name,
            table_schema: table.schema.as_deref(),
            columns: cols,
            ..Default::default()
        };
        for fk in &c.foreign_keys {
            let constraint = self.named_foreign_key(table, fk.name.as_ref(), fk.parts(&c.name))?;
            self.add_constraint(table, constraint, false, span);
        }
        for (name, condition) in &c.checks {
            let constraint = self.check_def(table, name.as_ref(), condition)?;
            self.add_constraint(table, constraint, false, span);
        }
        if c.index == Some(true) {
            let def = self.index_def(
                None,
                table.clone(),
                &Value::List(vec![Value::Str(c.name.clone())]),
                c.unique == Some(true),
                &Args::default(),
            )?;
            self.emit(Op::CreateIndex(def), span);
        } else if c.unique == Some(true) {
            let name =
                self.convention_name(ConventionKind::Unique, None, input(vec![c.name.clone()]))?;
            let kind = ConstraintKind::Unique {
                columns: vec![c.name.clone()],
            };
            self.add_constraint(table, ConstraintDef { name, kind }, false, span);
        }
        Ok(())
    }

    pub(super) fn alter_column(
        &mut self,
        table: QualName,
        column: String,
        args: &Args,
        span: &Span,
    ) -> Lowered<()> {
        let mut change = ColumnChange::default();
        if let Some(v) = args.keyword("type_") {
            if !matches!(v, Value::None) {
                change.ty = Some(type_spec(v)?.ty);
            }
        }
        change.using = opt_str(args.keyword("postgresql_using"))?;
        change.not_null = bool_arg(args.keyword("nullable"))?.map(|n| !n);
        let current_type = self
            .schema
            .table(&table)
            .and_then(|t| t.column(&column))
            .map(|c| c.ty.clone());
        let ty = change.ty.clone().or(current_type);
        match args.keyword("server_default") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::None) => {
                let existing_identity = matches!(args.keyword("existing_server_default"), Some(Value::Object(o)) if class_name(&o.class) == "Identity");
                if existing_identity {
                    change.identity = Some(None);
                } else {
                    change.default = Some(None);
                }
            }
            Some(Value::Object(o)) if class_name(&o.class) == "Identity" => {
                let always = o
                    .args
                    .keyword("always")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                change.identity = Some(Some(Identity { always }));
            }
            Some(v) => {
                let ty = ty.ok_or_else(|| {
                    format!("column `{column}` is unknown, so its default cannot be typed")
                })?;
                change.default = Some(default_sql(v, &ty)?);
            }
        }
        match args.keyword("comment") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::None) => change.comment = Some(None),
            Some(v) => change.comment = Some(Some(str_arg(Some(v), "the comment")?)),
        }
        change.new_name = opt_str(args.keyword("new_column_name"))?;
        if change == ColumnChange::default() {
            return Ok(());
        }
        self.emit(
            Op::AlterColumn {
                table,
                column,
                change,
            },
            span,
        );
        Ok(())
    }
}
