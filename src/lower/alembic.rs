//! Alembic's operations (`op.*`, `batch_op.*`) lowered to the IR with SQLAlchemy's DDL rules,
//! and applied at once to the replayed schema, so that introspection later in the same
//! revision sees what the database would see.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::expr::{literal_default, sql_expression};
use super::interp::Host;
use super::sqlalchemy::{class_name, type_spec, EnumSpec, TypeSpec};
use super::value::{Args, Batch, Object, Value};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::{
    ColumnChange, ColumnDef, ConstraintDef, ConstraintKind, ConstraintType, Identity, IndexDef,
    IndexKey, Located, Op, QualName,
};
use crate::schema::apply::identifiers;
use crate::schema::names::{ConventionInput, ConventionKind, NamingConvention};
use crate::schema::{key, Key, Schema};

/// The lowering of one run of migrations: the schema it replays into, the naming convention of
/// the project's metadata, and what it found.
pub struct Lowering<'s> {
    pub schema: &'s mut Schema,
    pub convention: NamingConvention,
    pub diagnostics: Vec<Diagnostic>,
    pub ops: Vec<Located>,
    pub revision: Option<String>,
    /// Enum types `create_table` already created in this run (Alembic's DDL memo).
    enum_memo: BTreeSet<Key>,
    /// Gather failures on tables that no operation of the replay ever created into one
    /// finding per table (see [`Lowering::finish`]), instead of one per operation.
    pub collapse_uncreated_tables: bool,
    /// Tables some operation created (or renamed to) during the replay.
    created: BTreeSet<Key>,
    /// Tables used but never created: where first, how often, in which revision.
    uncreated: std::collections::BTreeMap<Key, (Span, usize, Option<String>)>,
    /// Foreign keys left out because they reference a table no migration created.
    dangling: BTreeSet<(Key, String)>,
    /// Indexes left out because their table was never created.
    dangling_indexes: BTreeSet<Key>,
    /// Sees every operation before it applies (the risk rules), when there is one.
    pub observer: Option<&'s mut dyn super::Observer>,
    /// What the SQL of `execute` calls held.
    pub sql_stats: super::sql::SqlStats,
    /// The source files, to place positions inside SQL string literals.
    pub sources: Option<&'s crate::source::SourceMap>,
}

/// See [`super::interp::Host::outside_tables`].
#[derive(Clone, Debug, Default)]
pub struct OutsideTables {
    pub created: BTreeSet<Key>,
    pub dangling: BTreeSet<(Key, String)>,
    pub dangling_indexes: BTreeSet<Key>,
}

/// A failure to lower a call: what is wrong, reported as `unanalyzable`.
type Lowered<T> = Result<T, String>;

/// A name argument: the string, and whether it is final (`op.f()`, `conv()`).
#[derive(Clone, Debug)]
struct Name {
    text: String,
    final_: bool,
}

fn name_arg(v: Option<&Value>) -> Lowered<Option<Name>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(Name {
            text: s.clone(),
            final_: false,
        })),
        Some(Value::Object(o)) if matches!(class_name(&o.class), "f" | "conv") => {
            match o.args.positional.first() {
                Some(Value::Str(s)) => Ok(Some(Name {
                    text: s.clone(),
                    final_: true,
                })),
                _ => Err("a name that is not known statically".into()),
            }
        }
        Some(Value::Unknown(r)) => Err(format!("a name that is not known statically ({r})")),
        Some(_) => Err("a name that is not a string".into()),
    }
}

fn str_arg(v: Option<&Value>, what: &str) -> Lowered<String> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(Value::Object(o)) if matches!(class_name(&o.class), "f" | "conv" | "quoted_name") => {
            str_arg(o.args.positional.first(), what)
        }
        Some(Value::Unknown(r)) => Err(format!("{what} is not known statically ({r})")),
        None => Err(format!("{what} is missing")),
        Some(_) => Err(format!("{what} is not a string")),
    }
}

fn opt_str(v: Option<&Value>) -> Lowered<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        other => str_arg(other, "the value").map(Some),
    }
}

fn bool_arg(v: Option<&Value>) -> Lowered<Option<bool>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Unknown(r)) => Err(format!("a flag that is not known statically ({r})")),
        Some(other) => Ok(other.truthy()),
    }
}

fn strings(v: Option<&Value>, what: &str) -> Lowered<Vec<String>> {
    match v {
        Some(Value::List(items) | Value::Tuple(items)) => {
            items.iter().map(|i| column_name_of(i, what)).collect()
        }
        Some(Value::Str(s)) => Ok(vec![s.clone()]),
        Some(Value::Unknown(r)) => Err(format!("{what} are not known statically ({r})")),
        _ => Err(format!("{what} are missing")),
    }
}

/// A column named by a string or by `sa.column("x")`/`table.c.x`.
fn column_name_of(v: &Value, what: &str) -> Lowered<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Object(o)
            if matches!(class_name(&o.class), "column" | "Column" | "literal_column") =>
        {
            str_arg(o.args.positional.first(), what)
        }
        Value::Object(o) if o.class == super::interp::MODEL_COLUMN => {
            str_arg(o.args.positional.get(1), what)
        }
        Value::Object(o) if o.receiver.is_some() && !o.called => Ok(o.class.clone()),
        _ => Err(format!("{what} are not known statically")),
    }
}

/// SQL text from `sa.text(...)`, `sa.literal_column(...)`, a plain string, or a simple
/// SQLAlchemy expression (`sa.func.now()`, `sa.true()`, `sa.column("x") > 5`).
pub fn sql_text(v: &Value) -> Lowered<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Bool(true) => Ok("true".into()),
        Value::Bool(false) => Ok("false".into()),
        Value::Int(i) => Ok(i.to_string()),
        Value::Object(o) => object_sql(o),
        Value::Unknown(r) => Err(format!("SQL that is not known statically ({r})")),
        _ => Err("SQL that is not known statically".into()),
    }
}

fn object_sql(o: &Rc<Object>) -> Lowered<String> {
    // `User.email` of a mapped class, `users.c.email` of a table: the column.
    if o.class == super::interp::MODEL_COLUMN {
        return str_arg(o.args.positional.get(1), "the column");
    }
    if let Some(Value::Object(c)) = &o.receiver {
        if c.class == "c" && !o.called && !c.called {
            return Ok(o.class.clone());
        }
    }
    let name = class_name(&o.class);
    if let Some(Value::Object(receiver)) = &o.receiver {
        // `sa.func.lower(...)` is an attribute chain on `sqlalchemy.func`.
        if o.called && class_name(&receiver.class) == "func" && receiver.receiver.is_none() {
            return function_sql(name, &o.args);
        }
        if matches!(name, "desc" | "asc") && o.called {
            return Ok(format!("{} {}", object_sql(receiver)?, name.to_uppercase()));
        }
        return Err(format!("the SQL of `.{name}` is not known statically"));
    }
    if let Some(function) = o
        .class
        .strip_prefix("sqlalchemy.func.")
        .or_else(|| o.class.strip_prefix("sqlalchemy.sql.func."))
    {
        return function_sql(function, &o.args);
    }
    match name {
        "__sql_binary__" => {
            let [left, Value::Str(op), right] = o.args.positional.as_slice() else {
                return Err("an SQL expression driftlock cannot render".into());
            };
            let operand = |v: &Value| match v {
                Value::Str(s) => Ok(format!("'{}'", s.replace('\'', "''"))),
                Value::None => Ok("NULL".to_string()),
                other => sql_text(other),
            };
            let (l, r) = (operand(left)?, operand(right)?);
            Ok(if matches!(op.as_str(), "AND" | "OR") {
                format!("({l}) {op} ({r})")
            } else {
                format!("{l} {op} {r}")
            })
        }
        "and_" | "or_" => {
            let parts: Lowered<Vec<String>> = o
                .args
                .positional
                .iter()
                .map(|p| sql_text(p).map(|t| format!("({t})")))
                .collect();
            Ok(parts?.join(if name == "and_" { " AND " } else { " OR " }))
        }
        "not_" => Ok(format!(
            "NOT ({})",
            sql_text(o.args.positional.first().unwrap_or(&Value::None))?
        )),
        "text" | "literal_column" | "DDL" => str_arg(o.args.positional.first(), "the SQL text"),
        "column" => str_arg(o.args.positional.first(), "the column name"),
        "true" => Ok("true".into()),
        "false" => Ok("false".into()),
        "null" => Ok("NULL".into()),
        "desc" | "asc" => Ok(format!(
            "{} {}",
            sql_text(o.args.positional.first().unwrap_or(&Value::None))?,
            name.to_uppercase()
        )),
        _ => Err(format!("the SQL of `{}` is not known statically", o.class)),
    }
}

fn function_sql(name: &str, args: &Args) -> Lowered<String> {
    let upper = name.to_ascii_uppercase();
    if args.positional.is_empty()
        && matches!(
            upper.as_str(),
            "CURRENT_TIMESTAMP"
                | "CURRENT_DATE"
                | "CURRENT_TIME"
                | "LOCALTIME"
                | "LOCALTIMESTAMP"
                | "CURRENT_USER"
                | "SESSION_USER"
        )
    {
        return Ok(upper);
    }
    let parts: Lowered<Vec<String>> = args
        .positional
        .iter()
        .map(|a| match a {
            Value::Str(s) => Ok(format!("'{}'", s.replace('\'', "''"))),
            other => sql_text(other),
        })
        .collect();
    Ok(format!("{name}({})", parts?.join(", ")))
}

/// A column as `sa.Column(...)` declares it.
#[derive(Clone, Debug)]
struct SaColumn {
    name: String,
    ty: Option<TypeSpec>,
    nullable: Option<bool>,
    primary_key: bool,
    autoincrement: Option<Value>,
    server_default: Option<Value>,
    identity: Option<Identity>,
    computed: Option<String>,
    unique: Option<bool>,
    index: Option<bool>,
    foreign_keys: Vec<SaForeignKey>,
    checks: Vec<(Option<Name>, String)>,
    comment: Option<String>,
    sequence: bool,
}

#[derive(Clone, Debug)]
struct SaForeignKey {
    name: Option<Name>,
    target: QualName,
    column: String,
    on_delete: Option<String>,
    on_update: Option<String>,
}

/// What a foreign key is made of, before it is named.
struct ForeignKeyParts {
    columns: Vec<String>,
    referenced: QualName,
    referenced_columns: Vec<String>,
    on_delete: Option<String>,
    on_update: Option<String>,
}

impl SaForeignKey {
    /// The foreign key of a `ForeignKey(...)` on column `column`.
    fn parts(&self, column: &str) -> ForeignKeyParts {
        ForeignKeyParts {
            columns: vec![column.to_string()],
            referenced: self.target.clone(),
            referenced_columns: vec![self.column.clone()],
            on_delete: self.on_delete.clone(),
            on_update: self.on_update.clone(),
        }
    }
}

fn foreign_key_target(spec: &str) -> Lowered<(QualName, String)> {
    let parts: Vec<&str> = spec.split('.').collect();
    match parts[..] {
        [table, column] => Ok((QualName::new(None, table), column.to_string())),
        [schema, table, column] => Ok((
            QualName::new(Some(schema.to_string()), table),
            column.to_string(),
        )),
        _ => Err(format!("foreign key target `{spec}` is not `table.column`")),
    }
}

/// A foreign key target as `table.column` (or `schema.table.column`): a string, or a mapped
/// column of a model class (`Model.id`).
fn fk_target_spec(v: &Value) -> Lowered<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Object(c) if c.class == super::interp::MODEL_COLUMN => {
            match c.args.positional.as_slice() {
                [Value::Str(t), Value::Str(col)] => Ok(format!("{t}.{col}")),
                _ => Err("the foreign key target is not known statically".into()),
            }
        }
        _ => Err("the foreign key target is not known statically".into()),
    }
}

fn parse_foreign_key(o: &Object) -> Lowered<SaForeignKey> {
    let target = match o.args.get(0, "column") {
        Some(Value::Str(s)) => s.clone(),
        // `ForeignKey(Model.id)`: the mapped column of a model class.
        Some(Value::Object(c)) if c.class == super::interp::MODEL_COLUMN => {
            match c.args.positional.as_slice() {
                [Value::Str(t), Value::Str(col)] => format!("{t}.{col}"),
                _ => return Err("the foreign key target is not known statically".into()),
            }
        }
        Some(Value::Object(c)) if c.receiver.is_some() => {
            return Err("a foreign key to a column object is not followed".into());
        }
        _ => return Err("the foreign key target is not known statically".into()),
    };
    let (table, column) = foreign_key_target(&target)?;
    Ok(SaForeignKey {
        name: name_arg(o.args.keyword("name"))?,
        target: table,
        column,
        on_delete: opt_str(o.args.keyword("ondelete"))?.map(|s| s.to_uppercase()),
        on_update: opt_str(o.args.keyword("onupdate"))?.map(|s| s.to_uppercase()),
    })
}

fn parse_column(o: &Object) -> Lowered<SaColumn> {
    let mut column = SaColumn {
        name: String::new(),
        ty: None,
        nullable: None,
        primary_key: false,
        autoincrement: None,
        server_default: None,
        identity: None,
        computed: None,
        unique: None,
        index: None,
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        comment: None,
        sequence: false,
    };
    let mut name = None;
    for (i, arg) in o.args.positional.iter().enumerate() {
        match arg {
            Value::Str(s) if i == 0 => name = Some(s.clone()),
            Value::Object(a)
                if a.receiver.is_none() && matches!(class_name(&a.class), "ForeignKey") =>
            {
                column.foreign_keys.push(parse_foreign_key(a)?)
            }
            Value::Object(a)
                if a.receiver.is_none() && class_name(&a.class) == "CheckConstraint" =>
            {
                column.checks.push((
                    name_arg(a.args.keyword("name"))?,
                    sql_text(a.args.get(0, "sqltext").unwrap_or(&Value::None))?,
                ));
            }
            Value::Object(a) if a.receiver.is_none() && class_name(&a.class) == "Identity" => {
                column.identity = Some(Identity {
                    always: a
                        .args
                        .keyword("always")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                });
            }
            Value::Object(a) if a.receiver.is_none() && class_name(&a.class) == "Computed" => {
                column.computed = Some(sql_text(a.args.get(0, "sqltext").unwrap_or(&Value::None))?);
            }
            Value::Object(a) if a.receiver.is_none() && class_name(&a.class) == "Sequence" => {
                column.sequence = true
            }
            Value::Object(a)
                if a.receiver.is_none()
                    && matches!(class_name(&a.class), "FetchedValue" | "DefaultClause") => {}
            other => match type_spec(other) {
                Ok(t) => column.ty = Some(t),
                Err(e) => {
                    if matches!(
                        other,
                        Value::Object(_) | Value::External(_) | Value::Class(_)
                    ) {
                        return Err(e);
                    }
                    return Err(format!("column argument {} is not understood: {e}", i + 1));
                }
            },
        }
    }
    if let Some(Value::Str(s)) = o.args.keyword("name") {
        name = Some(s.clone());
    }
    if let Some(t) = o.args.keyword("type_") {
        column.ty = Some(type_spec(t)?);
    }
    column.name = name.ok_or("a column without a name")?;
    column.nullable = bool_arg(o.args.keyword("nullable"))?;
    column.primary_key = bool_arg(o.args.keyword("primary_key"))?.unwrap_or(false);
    column.autoincrement = o.args.keyword("autoincrement").cloned();
    column.server_default = o
        .args
        .keyword("server_default")
        .cloned()
        .filter(|v| !matches!(v, Value::None));
    column.unique = bool_arg(o.args.keyword("unique"))?;
    column.index = bool_arg(o.args.keyword("index"))?;
    column.comment = opt_str(o.args.keyword("comment"))?;
    Ok(column)
}

/// The server default as PostgreSQL prints it, for a column of type `ty`.
fn default_sql(v: &Value, ty: &crate::schema::SqlType) -> Lowered<Option<String>> {
    match v {
        Value::None => Ok(None),
        Value::Str(s) => Ok(Some(literal_default(s, ty))),
        Value::Object(o) if class_name(&o.class) == "Identity" => Ok(None),
        other => {
            let text = sql_text(other)?;
            sql_expression(&text, Some(ty))
                .map(Some)
                .map_err(|e| format!("the default `{text}` does not parse: {e}"))
        }
    }
}

/// The arguments an op call got, with old keyword spellings mapped to the current ones.
fn normalized(args: &Args) -> Args {
    let mut args = args.clone();
    for (k, _) in &mut args.keywords {
        let new = match k.as_str() {
            "name" => "constraint_name",
            "tablename" => "table_name",
            "referent" => "referent_table",
            "cols" => "columns",
            "type" => "type_",
            _ => continue,
        };
        *k = new.to_string();
    }
    args
}

impl<'s> Lowering<'s> {
    /// Tables created before this lowering began (a downgrade replayed after the history's
    /// upgrades): operations on tables outside this set and the schema were never created.
    pub fn assume_created(&mut self, known: OutsideTables) {
        self.created.extend(known.created);
        self.dangling.extend(known.dangling);
        self.dangling_indexes.extend(known.dangling_indexes);
    }

    pub fn set_revision(&mut self, revision: Option<String>) {
        if let Some(observer) = self.observer.as_deref_mut() {
            observer.revision(revision.as_deref(), self.schema);
        }
        self.revision = revision;
    }

    pub fn new(schema: &'s mut Schema, convention: NamingConvention) -> Self {
        Lowering {
            schema,
            convention,
            diagnostics: Vec::new(),
            ops: Vec::new(),
            revision: None,
            enum_memo: BTreeSet::new(),
            collapse_uncreated_tables: false,
            created: BTreeSet::new(),
            uncreated: std::collections::BTreeMap::new(),
            dangling: BTreeSet::new(),
            dangling_indexes: BTreeSet::new(),
            observer: None,
            sql_stats: Default::default(),
            sources: None,
        }
    }

    /// Records and applies one operation; a failure is a `replay` diagnostic at the call.
    /// One finding per table that operations used but no migration created: histories that
    /// start from a schema built outside Alembic (`metadata.create_all()` before
    /// `alembic upgrade`, a dump restored first) would otherwise report every operation.
    pub fn finish(&mut self) {
        for ((schema, table), (span, count, revision)) in std::mem::take(&mut self.uncreated) {
            let created_later = self.created.contains(&(schema.clone(), table.clone()));
            let name = if schema == "public" {
                table
            } else {
                format!("{schema}.{table}")
            };
            if created_later {
                // Used before the revision that creates it: the order of the history is wrong.
                let mut d = Diagnostic::error(
                    Kind::Replay,
                    "operation-fails",
                    format!(
                        "this operation fails on PostgreSQL: table `{name}` does not exist yet; \
                         a later revision creates it ({count} operation(s) use it before)"
                    ),
                )
                .at(span)
                .with_help(
                    "make this revision depend on the one that creates the table (down_revision or depends_on)",
                );
                if let Some(r) = revision {
                    d = d.for_revision(r);
                }
                self.diagnostics.push(d);
                continue;
            }
            let mut d = Diagnostic::error(
                Kind::Replay,
                "table-never-created",
                format!(
                    "table `{name}` is used by {count} operation(s) but no migration creates it"
                ),
            )
            .at(span)
            .with_primary_label("first use")
            .with_note(
                "the history assumes a schema created outside the migrations (for example by \
                 `metadata.create_all()` before `alembic upgrade`), or a revision is missing",
            )
            .with_help("create the table in a base revision, so that `alembic upgrade head` builds the whole schema");
            if let Some(r) = revision {
                d = d.for_revision(r);
            }
            self.diagnostics.push(d);
        }
    }

    /// Whether a table is missing from the schema and no operation ever created it.
    fn never_created(&self, table: &QualName) -> bool {
        let k = key(table);
        !self.schema.tables.contains_key(&k) && !self.created.contains(&k)
    }

    fn note_uncreated(&mut self, table: &QualName, span: &Span) {
        let revision = self.revision.clone();
        self.uncreated
            .entry(key(table))
            .or_insert((span.clone(), 0, revision))
            .1 += 1;
    }

    /// With `collapse_uncreated_tables`: an operation that fails only because it names a table
    /// no migration created is counted against that table. A `CREATE TABLE` whose foreign keys
    /// point at such tables is applied without those foreign keys, so that what the
    /// migrations themselves build is still replayed.
    fn absorb_uncreated(&mut self, op: &Op, span: &Span) -> bool {
        let references_uncreated = |c: &ConstraintDef, this: &Self| matches!(&c.kind, ConstraintKind::ForeignKey { referenced, .. } if this.never_created(referenced));
        match op {
            Op::CreateTable {
                table,
                columns,
                constraints,
                comment,
                if_not_exists,
            } => {
                let (dangling, kept): (Vec<&ConstraintDef>, Vec<&ConstraintDef>) = constraints
                    .iter()
                    .partition(|c| references_uncreated(c, self));
                if dangling.is_empty() {
                    return false;
                }
                let reduced = Op::CreateTable {
                    table: table.clone(),
                    columns: columns.clone(),
                    constraints: kept.into_iter().cloned().collect(),
                    comment: comment.clone(),
                    if_not_exists: *if_not_exists,
                };
                if self.schema.apply(&reduced).is_err() {
                    return false;
                }
                for c in dangling {
                    if let ConstraintKind::ForeignKey { referenced, .. } = &c.kind {
                        self.note_uncreated(&referenced.clone(), span);
                    }
                    if let Some(name) = &c.name {
                        self.dangling.insert((key(table), name.clone()));
                    }
                }
                true
            }
            Op::AddConstraint {
                table, constraint, ..
            } if references_uncreated(constraint, self) => {
                if let ConstraintKind::ForeignKey { referenced, .. } = &constraint.kind {
                    self.note_uncreated(&referenced.clone(), span);
                }
                if let Some(name) = &constraint.name {
                    self.dangling.insert((key(table), name.clone()));
                }
                true
            }
            // The foreign key was left out for the table it references: dropping it is fine.
            Op::DropConstraint { table, name, .. }
                if self.dangling.contains(&(key(table), name.clone())) =>
            {
                true
            }
            // An index of a table built outside the history was never replayed: dropping it
            // is fine.
            Op::DropIndex { index, .. } if self.dangling_indexes.contains(&key(index)) => true,
            _ => match op.target_table() {
                Some(table) if self.never_created(table) => {
                    if let Op::CreateIndex(IndexDef { name: Some(n), .. }) = op {
                        self.dangling_indexes
                            .insert(key(&QualName::new(table.schema.clone(), n.clone())));
                    }
                    self.note_uncreated(&table.clone(), span);
                    true
                }
                _ => false,
            },
        }
    }

    fn emit(&mut self, op: Op, span: &Span) {
        if let Some(observer) = self.observer.as_deref_mut() {
            observer.operation(&op, span, self.schema);
        }
        let result = self.schema.apply(&op);
        match &op {
            Op::CreateTable { table, .. } => {
                self.created.insert(key(table));
            }
            Op::RenameTable { table, new_name } => {
                self.created
                    .insert(key(&QualName::new(table.schema.clone(), new_name.clone())));
            }
            _ => {}
        }
        if result.is_err() && self.collapse_uncreated_tables && self.absorb_uncreated(&op, span) {
            self.ops.push(Located {
                op,
                span: span.clone(),
            });
            return;
        }
        if let Err(e) = result {
            let mut d = Diagnostic::error(
                Kind::Replay,
                "operation-fails",
                format!("this operation fails on PostgreSQL: {}", e.message),
            )
            .at(span.clone())
            .with_note("the replay goes on as if the operation had not run");
            if let Some(help) = e.help {
                d = d.with_help(help);
            }
            if let Some(r) = &self.revision {
                d = d.for_revision(r.clone());
            }
            self.diagnostics.push(d);
        }
        self.ops.push(Located {
            op,
            span: span.clone(),
        });
    }

    fn cannot(&mut self, span: &Span, what: &str, why: String) {
        let mut d = Diagnostic::warning(
            Kind::Unanalyzable,
            "unanalyzable-operation",
            format!("cannot replay `{what}`: {why}"),
        )
        .at(span.clone())
        .with_note("the replayed schema may differ from the database from here on");
        if let Some(r) = &self.revision {
            d = d.for_revision(r.clone());
        }
        self.diagnostics.push(d);
    }

    fn add_constraint(
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
            },
            span,
        );
    }

    /// A foreign key named the way SQLAlchemy names it: the given name, or the naming
    /// convention's (which sees the local and referenced columns), or none for PostgreSQL.
    fn named_foreign_key(
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
    fn convention_name(
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
            Some(Err(crate::schema::names::ConventionError::NeedsName)) => {
                Err("the naming convention needs %(constraint_name)s but the constraint has no name (SQLAlchemy raises here)".into())
            }
            Some(Err(crate::schema::names::ConventionError::UnknownToken(t))) => {
                Err(format!("the naming convention uses token `{t}`, which driftlock does not know"))
            }
        }
    }

    fn table_of(
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

    fn lower_op(
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
                let column = match args.get(pos(1), "column") {
                    Some(Value::Object(o)) if class_name(&o.class) == "Column" => parse_column(o)?,
                    _ => {
                        return Err("the column is not an sa.Column(...) driftlock can read".into())
                    }
                };
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
                let index = str_arg(
                    args.get(0, "index_name").map(|v| match v {
                        Value::Object(o) if matches!(class_name(&o.class), "f" | "conv") => {
                            o.args.positional.first().unwrap_or(v)
                        }
                        v => v,
                    }),
                    "the index name",
                )?;
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
                let table = match args.get(0, "table") {
                    Some(Value::Object(o)) => str_arg(o.args.positional.first(), "the table")
                        .unwrap_or_else(|_| "?".into()),
                    _ => "?".into(),
                };
                self.emit(
                    Op::Data {
                        statement: format!("INSERT INTO {table} ... (bulk_insert)"),
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
                let created = super::sql::lower_sql(
                    &sql,
                    &super::sql::SqlPlace::call(span),
                    &mut diagnostics,
                    &mut super::sql::SqlStats::default(),
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
            "invoke" | "run_async" | "implementation_for" | "register_operation" => {
                Err(format!("`op.{name}` runs code driftlock does not evaluate"))
            }
            _ => Err(format!("`op.{name}` is not an operation driftlock models")),
        }
    }

    fn check_def(
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

    fn index_def(
        &self,
        name: Option<Name>,
        table: QualName,
        columns: &Value,
        unique: bool,
        args: &Args,
    ) -> Lowered<IndexDef> {
        let items: Vec<Value> = match columns {
            Value::List(v) | Value::Tuple(v) => v.clone(),
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
                other => super::expr::index_key(&sql_text(other)?)
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
        })
    }

    /// Creates the enum type a column uses when SQLAlchemy would (`create_table` only).
    fn implicit_enum(&mut self, spec: &EnumSpec, span: &Span) {
        if !spec.create_type {
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

    /// The PostgreSQL column for a declared column. `serial` is decided by the caller.
    fn column_def(&self, c: &SaColumn, serial: bool) -> Lowered<ColumnDef> {
        let ty = match &c.ty {
            Some(t) => t.ty.clone(),
            None => self.foreign_key_type(c)?,
        };
        let default = match &c.server_default {
            Some(v) => default_sql(v, &ty)?,
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
    fn foreign_key_type(&self, c: &SaColumn) -> Lowered<crate::schema::SqlType> {
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

    /// SQLAlchemy's SERIAL rule for one column of a primary key of `pk_size` columns.
    fn is_serial(c: &SaColumn, pk_size: usize) -> bool {
        let Some(t) = &c.ty else { return false };
        let autoincrement = match &c.autoincrement {
            None => "auto",
            Some(Value::Bool(true)) => "true",
            Some(Value::Bool(false)) => "false",
            Some(Value::Str(s)) if s == "auto" => "auto",
            Some(_) => "false",
        };
        c.primary_key
            && t.ty.is_integer()
            && c.foreign_keys.is_empty()
            && c.server_default.is_none()
            && c.identity.is_none()
            && !c.sequence
            && match autoincrement {
                "auto" => pk_size == 1,
                "true" => true,
                _ => false,
            }
    }

    fn create_table(&mut self, args: &Args, span: &Span) -> Lowered<Value> {
        let name = str_arg(args.get(0, "table_name"), "the table name")?;
        let table = QualName::new(opt_str(args.keyword("schema"))?, name);
        let mut columns: Vec<SaColumn> = Vec::new();
        let mut table_constraints: Vec<Rc<Object>> = Vec::new();
        for item in args.positional.iter().skip(1) {
            match item {
                Value::Object(o) if o.receiver.is_none() && class_name(&o.class) == "Column" => {
                    columns.push(parse_column(o)?)
                }
                Value::Object(o) if o.receiver.is_none() => table_constraints.push(o.clone()),
                Value::List(_) | Value::Tuple(_) => return Err("a list among the columns".into()),
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
                pk_columns = o
                    .args
                    .positional
                    .iter()
                    .map(|v| column_name_of(v, "the primary key columns"))
                    .collect::<Lowered<_>>()?;
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
            let serial = !in_foreign_key && Self::is_serial(c, pk_columns.len());
            defs.push(self.column_def(c, serial)?);
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
                constraints.push(ConstraintDef {
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
            let cname = name_arg(o.args.keyword("name"))?;
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
                "ForeignKeyConstraint" => {
                    let local = strings(o.args.get(0, "columns"), "the foreign key columns")?;
                    let targets = match o.args.get(1, "refcolumns") {
                        Some(Value::List(items) | Value::Tuple(items)) => items
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
        // Column-level foreign keys come after table-level constraints in SQLAlchemy's DDL.
        for c in &columns {
            for fk in &c.foreign_keys {
                let kind = fk.parts(&c.name);
                constraints.push(self.named_foreign_key(&table, fk.name.as_ref(), kind)?);
            }
        }
        let comment = opt_str(args.keyword("comment"))?;
        let if_not_exists = bool_arg(args.keyword("if_not_exists"))?.unwrap_or(false);
        self.emit(
            Op::CreateTable {
                table: table.clone(),
                columns: defs,
                constraints,
                comment,
                if_not_exists,
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

    fn add_column(
        &mut self,
        table: &QualName,
        c: SaColumn,
        if_not_exists: bool,
        span: &Span,
    ) -> Lowered<()> {
        // `add_column` never creates an enum type; the column's type must exist.
        let serial = Self::is_serial(&c, 1);
        let def = self.column_def(&c, serial)?;
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

    fn alter_column(
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

    /// `op.execute(...)`: SQL text goes through PostgreSQL's parser; SQLAlchemy statements
    /// built in Python (`table.update()...`) are data changes.
    /// Where each byte of `sql` is in the source, when it is the value of one plain string
    /// literal: the argument itself, or the literal in `sa.text("...")`.
    fn literal_offsets(
        &self,
        statement: &Value,
        statement_span: Option<&Span>,
        sql: &str,
    ) -> Option<Vec<usize>> {
        let literal = match statement {
            Value::Str(_) => statement_span?,
            Value::Object(o)
                if o.receiver.is_none() && matches!(class_name(&o.class), "text" | "DDL") =>
            {
                o.args.positional_spans.first()?
            }
            _ => return None,
        };
        let source = self
            .sources?
            .get(literal.file)
            .text
            .get(literal.range.clone())?;
        let offsets = crate::python::literal::literal_offsets(source, sql)?;
        Some(
            offsets
                .into_iter()
                .map(|o| literal.range.start + o)
                .collect(),
        )
    }

    /// `op.execute(...)` and `bind.execute(...)`; `statement_span` is where the statement
    /// argument is written.
    fn execute(&mut self, statement: &Value, statement_span: Option<&Span>, span: &Span) -> Value {
        self.sql_stats.execute_calls += 1;
        match statement {
            Value::Object(o) if o.receiver.is_some() => {
                let root = root_class(o);
                if matches!(root.as_str(), "table" | "Table")
                    || matches!(
                        o.class.as_str(),
                        "values" | "where" | "update" | "insert" | "delete"
                    )
                {
                    self.sql_stats.python_statements += 1;
                    self.emit(
                        Op::Data {
                            statement: format!("SQLAlchemy `{}` statement", o.class),
                        },
                        span,
                    );
                    return Value::None;
                }
                self.sql_stats
                    .unanalyzable_call("a statement built in Python that driftlock does not read");
                self.cannot(
                    span,
                    "op.execute",
                    "a statement built in Python that driftlock does not read".into(),
                );
                Value::None
            }
            Value::Object(o)
                if matches!(
                    class_name(&o.class),
                    "update" | "insert" | "delete" | "select"
                ) =>
            {
                self.sql_stats.python_statements += 1;
                self.emit(
                    Op::Data {
                        statement: format!("SQLAlchemy `{}` statement", class_name(&o.class)),
                    },
                    span,
                );
                Value::None
            }
            other => match sql_text(other) {
                Ok(sql) => {
                    let place = super::sql::SqlPlace {
                        call: span.clone(),
                        offsets: self.literal_offsets(other, statement_span, &sql),
                    };
                    let ops = super::sql::lower_sql(
                        &sql,
                        &place,
                        &mut self.diagnostics,
                        &mut self.sql_stats,
                    );
                    for (op, at) in ops {
                        self.emit(op, &at);
                    }
                    Value::None
                }
                Err(why) => {
                    self.sql_stats.unanalyzable_call(&why);
                    if let Value::Unknown(reason) = other {
                        // Built from values only the running program knows: the rules see it.
                        self.emit(
                            Op::Statement(crate::ir::Statement::DynamicSql {
                                reason: reason.to_string(),
                            }),
                            span,
                        );
                    }
                    self.cannot(span, "op.execute", why);
                    Value::None
                }
            },
        }
    }
}

/// The `CREATE` statement of an `alembic_utils` entity (`PGView`, `PGMaterializedView`,
/// `PGFunction`, `PGTrigger`), as alembic_utils writes it, and the entity's class.
fn entity_sql(entity: &Value) -> Lowered<(String, String)> {
    let Value::Object(o) = entity else {
        return Err(format!(
            "the entity is {}, not an alembic_utils object driftlock reads",
            describe(entity)
        ));
    };
    // `PGView.from_sql("CREATE VIEW ...")`.
    if let Some(class) = o.class.strip_suffix(".from_sql") {
        let sql = str_arg(o.args.get(0, "sql"), "the entity's SQL")?;
        return Ok((class_name(class).to_string(), sql));
    }
    let kind = class_name(&o.class).to_string();
    let arg = |i: usize, name: &str| str_arg(o.args.get(i, name), &format!("the {name}"));
    let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let sql = match kind.as_str() {
        "PGView" => format!(
            "CREATE VIEW {}.{} AS {}",
            quoted(&arg(0, "schema")?),
            quoted(&arg(1, "signature")?),
            arg(2, "definition")?
        ),
        "PGMaterializedView" => {
            let with_data = bool_arg(o.args.get(3, "with_data"))?.unwrap_or(true);
            format!(
                "CREATE MATERIALIZED VIEW {}.{} AS {} WITH {}DATA",
                quoted(&arg(0, "schema")?),
                quoted(&arg(1, "signature")?),
                arg(2, "definition")?.trim_end().trim_end_matches(';'),
                if with_data { "" } else { "NO " }
            )
        }
        "PGFunction" => format!(
            "CREATE FUNCTION {}.{} {}",
            quoted(&arg(0, "schema")?),
            arg(1, "signature")?,
            arg(2, "definition")?
        ),
        "PGTrigger" => {
            let constraint = bool_arg(o.args.get(4, "is_constraint"))?.unwrap_or(false);
            format!(
                "CREATE {}TRIGGER {} {}",
                if constraint { "CONSTRAINT " } else { "" },
                quoted(&arg(1, "signature")?),
                arg(3, "definition")?
            )
        }
        _ => return Err(format!("`{}` entities are not modelled", o.class)),
    };
    Ok((kind, sql))
}

fn first_line(sql: &str) -> &str {
    sql.lines().next().unwrap_or(sql)
}

/// What `op.create_entity`, `op.replace_entity` and `op.drop_entity` do with the operations of
/// the entity's `CREATE` statement, as alembic_utils runs them: `CREATE OR REPLACE` for views
/// and functions, drop and create again for materialized views and triggers, and the matching
/// `DROP` (with `cascade=`).
fn entity_ops(method: &str, created: Vec<Op>, cascade: bool) -> Vec<Op> {
    let drop_of = |op: &Op| match op {
        Op::CreateView(v) => Some(Op::DropView {
            name: v.name.clone(),
            materialized: v.materialized,
            if_exists: false,
            cascade,
        }),
        Op::CreateFunction(f) => Some(Op::DropFunction {
            name: f.name.clone(),
            args: Some(f.args.clone()),
            if_exists: false,
            cascade,
        }),
        Op::CreateTrigger { name, table, .. } => Some(Op::DropTrigger {
            name: name.clone(),
            table: table.clone(),
            if_exists: false,
            cascade,
        }),
        _ => None,
    };
    let mut out = Vec::new();
    for op in created {
        match (method, op) {
            ("drop_entity", op) => out.push(drop_of(&op).unwrap_or(op)),
            ("replace_entity", Op::CreateView(mut v)) if !v.materialized => {
                v.or_replace = true;
                out.push(Op::CreateView(v));
            }
            ("replace_entity", Op::CreateFunction(mut f)) => {
                f.or_replace = true;
                out.push(Op::CreateFunction(f));
            }
            ("replace_entity", op) => {
                out.extend(drop_of(&op));
                out.push(op);
            }
            (_, op) => out.push(op),
        }
    }
    out
}

fn root_class(o: &Object) -> String {
    match &o.receiver {
        Some(Value::Object(r)) => root_class(r),
        _ => class_name(&o.class).to_string(),
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Str(_) => "a string",
        Value::Unknown(_) => "a value not known statically",
        Value::Function(_) => "a function",
        _ => "an unexpected value",
    }
}

impl Host for Lowering<'_> {
    fn outside_tables(&self) -> OutsideTables {
        OutsideTables {
            created: self.created.clone(),
            dangling: self.dangling.clone(),
            dangling_indexes: self.dangling_indexes.clone(),
        }
    }

    fn session(&mut self, event: crate::ir::Session, span: &Span) {
        self.emit(Op::Session(event), span);
    }

    fn op(&mut self, name: &str, batch: Option<&Batch>, args: &Args, span: &Span) -> Value {
        match self.lower_op(name, batch, args, span) {
            Ok(v) => v,
            Err(why) => {
                let what = if batch.is_some() {
                    format!("batch_op.{name}")
                } else {
                    format!("op.{name}")
                };
                self.cannot(span, &what, why);
                Value::None
            }
        }
    }

    fn inspect(&mut self, method: &str, args: &Args, span: &Span) -> Value {
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
        let result = match method {
            "has_table" => table().map(|t| Value::Bool(s.table(&t).is_some())),
            "get_table_names" => {
                let schema = schema_arg().unwrap_or_else(|| "public".into());
                Some(Value::List(
                    s.tables
                        .values()
                        .filter(|t| t.schema == schema)
                        .map(|t| Value::Str(t.name.clone()))
                        .collect(),
                ))
            }
            "get_schema_names" => Some(Value::List(
                s.schemas.iter().map(|n| Value::Str(n.clone())).collect(),
            )),
            "get_columns" => table().and_then(|t| s.table(&t)).map(|t| {
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
                                    Value::unknown("a reflected type"),
                                ),
                            ])
                        })
                        .collect(),
                )
            }),
            "get_indexes" => table().and_then(|t| s.table(&t)).map(|t| {
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
                .and_then(|t| s.table(&t))
                .map(|t| constraints_as_dicts(t, method)),
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
                    s.table(&t)
                        .is_some_and(|t| t.indexes.iter().any(|x| x.name == i)),
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
                let outside =
                    table().filter(|t| self.collapse_uncreated_tables && self.never_created(t));
                if let (true, Some(t)) = (known, outside) {
                    // A table no migration created so far: built outside the history (one
                    // finding for it at the end), or used before it is created.
                    self.note_uncreated(&t, span);
                } else if known {
                    // PostgreSQL raises NoSuchTableError for a table that does not exist.
                    let d = Diagnostic::error(
                        Kind::Replay,
                        "operation-fails",
                        format!(
                            "`inspector.{method}` on a table that does not exist at this point"
                        ),
                    )
                    .at(span.clone());
                    self.diagnostics.push(d);
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

    fn execute(&mut self, statement: &Value, statement_span: Option<&Span>, span: &Span) -> Value {
        Lowering::execute(self, statement, statement_span, span)
    }

    fn ddl_method(&mut self, object: &Rc<Object>, method: &str, args: &Args, span: &Span) -> Value {
        if matches!(class_name(&object.class), "Enum" | "ENUM") && object.receiver.is_none() {
            match type_spec(&Value::Object(object.clone())) {
                Ok(TypeSpec {
                    native_enum: Some(spec),
                    ..
                }) => {
                    // SQLAlchemy's `create`/`drop` default to checkfirst=True.
                    let checkfirst = args
                        .keyword("checkfirst")
                        .and_then(Value::as_bool)
                        .unwrap_or(true);
                    let op = if method == "create" {
                        Op::CreateEnum {
                            name: spec.name,
                            values: spec.labels,
                            if_not_exists: checkfirst,
                        }
                    } else {
                        Op::DropEnum {
                            name: spec.name,
                            if_exists: checkfirst,
                        }
                    };
                    self.emit(op, span);
                }
                Ok(_) => {}
                Err(why) => self.cannot(span, &format!("Enum.{method}"), why),
            }
            return Value::None;
        }
        self.cannot(
            span,
            &format!(".{method}()"),
            format!(
                "`{}` objects are not created or dropped by the replay",
                object.class
            ),
        );
        Value::None
    }

    fn set_revision(&mut self, revision: Option<String>) {
        Lowering::set_revision(self, revision);
    }

    fn schema_snapshot(&self) -> Schema {
        self.schema.clone()
    }

    fn report(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.revision.is_none() {
            diagnostic.revision = self.revision.clone();
        }
        self.diagnostics.push(diagnostic);
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
                    ..
                },
                "get_foreign_keys",
            ) => out.push(Value::Dict(vec![
                (s("name"), s(&c.name)),
                (s("constrained_columns"), list(columns)),
                (s("referred_table"), s(&referenced.name)),
                (
                    s("referred_schema"),
                    referenced.schema.clone().map_or(Value::None, Value::Str),
                ),
                (s("referred_columns"), list(referenced_columns)),
            ])),
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
