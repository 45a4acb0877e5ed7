//! `sa.Column(...)` and `sa.ForeignKey(...)` read from the interpreter's values: name, type,
//! flags, server default, computed and identity options, and the foreign keys it declares.

use super::args::{bool_arg, name_arg, opt_str, Lowered, Name};
use super::compile::sql_text;
use super::types::{assumed_type, class_name, type_spec, TypeSpec};
use crate::eval::value::{Object, Value, MODEL_COLUMN};
use crate::ir::{Identity, QualName};

/// A column as `sa.Column(...)` declares it.
#[derive(Clone, Debug)]
pub(crate) struct SaColumn {
    pub(crate) name: String,
    pub(crate) ty: Option<TypeSpec>,
    pub(crate) nullable: Option<bool>,
    pub(crate) primary_key: bool,
    pub(crate) autoincrement: Option<Value>,
    pub(crate) server_default: Option<Value>,
    pub(crate) identity: Option<Identity>,
    pub(crate) computed: Option<String>,
    pub(crate) unique: Option<bool>,
    pub(crate) index: Option<bool>,
    pub(crate) foreign_keys: Vec<SaForeignKey>,
    pub(crate) checks: Vec<(Option<Name>, String)>,
    pub(crate) comment: Option<String>,
    pub(crate) sequence: bool,
    /// A client-side default (`default=1`, `default=some_function`): SQLAlchemy's
    /// `autoincrement="auto"` then leaves an integer primary key without SERIAL.
    pub(crate) client_default: bool,
    /// Why the type was assumed (a type driftlock does not know), when it was.
    pub(crate) assumed_type: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct SaForeignKey {
    pub(crate) name: Option<Name>,
    pub(crate) target: QualName,
    pub(crate) column: String,
    pub(crate) on_delete: Option<String>,
    pub(crate) on_update: Option<String>,
    /// `use_alter=True`: `CREATE TABLE` leaves it out (only `create_all()` adds it after).
    pub(crate) use_alter: bool,
}

/// What a foreign key is made of, before it is named.
pub(crate) struct ForeignKeyParts {
    pub(crate) columns: Vec<String>,
    pub(crate) referenced: QualName,
    pub(crate) referenced_columns: Vec<String>,
    pub(crate) on_delete: Option<String>,
    pub(crate) on_update: Option<String>,
}

impl SaForeignKey {
    /// The foreign key of a `ForeignKey(...)` on column `column`.
    pub(crate) fn parts(&self, column: &str) -> ForeignKeyParts {
        ForeignKeyParts {
            columns: vec![column.to_string()],
            referenced: self.target.clone(),
            referenced_columns: vec![self.column.clone()],
            on_delete: self.on_delete.clone(),
            on_update: self.on_update.clone(),
        }
    }
}

pub(crate) fn foreign_key_target(spec: &str) -> Lowered<(QualName, String)> {
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
pub(crate) fn fk_target_spec(v: &Value) -> Lowered<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Object(c) if c.class == MODEL_COLUMN => model_column_spec(c)
            .ok_or_else(|| "the foreign key target is not known statically".into()),
        _ => Err("the foreign key target is not known statically".into()),
    }
}

/// `Model.id` as a foreign key target: `table.column`, or `schema.table.column` when the
/// class's table arguments name a schema.
fn model_column_spec(c: &Object) -> Option<String> {
    match (c.args.positional.as_slice(), c.args.keyword("schema")) {
        ([Value::Str(t), Value::Str(col)], Some(Value::Str(schema))) => {
            Some(format!("{schema}.{t}.{col}"))
        }
        ([Value::Str(t), Value::Str(col)], _) => Some(format!("{t}.{col}")),
        _ => None,
    }
}

pub(crate) fn parse_foreign_key(o: &Object) -> Lowered<SaForeignKey> {
    let target = match o.args.get(0, "column") {
        Some(Value::Str(s)) => s.clone(),
        // `ForeignKey(Model.id)`: the mapped column of a model class.
        Some(Value::Object(c)) if c.class == MODEL_COLUMN => model_column_spec(c)
            .ok_or_else(|| "the foreign key target is not known statically".to_string())?,
        Some(Value::Object(c)) if c.receiver.is_some() => {
            return Err("a foreign key to a column object is not followed".into());
        }
        _ => return Err("the foreign key target is not known statically".into()),
    };
    let (table, column) = foreign_key_target(&target)?;
    Ok(SaForeignKey {
        name: name_arg(super::args::constraint_name(o))?,
        target: table,
        column,
        on_delete: opt_str(o.args.keyword("ondelete"))?.map(|s| s.to_uppercase()),
        on_update: opt_str(o.args.keyword("onupdate"))?.map(|s| s.to_uppercase()),
        use_alter: o.args.keyword("use_alter").and_then(Value::as_bool) == Some(true),
    })
}

/// The type assumed for a column whose type `value` cannot be read (`why`), noted on the
/// column: a type of a library or of the checkout keeps its column (and table) with a stated
/// assumption rather than losing it with everything that later uses it. `None` when `value`
/// is not a type at all.
fn assume_type(value: &Value, why: &str, column: &mut SaColumn) -> Option<TypeSpec> {
    // A value not known statically where the type goes (what a helper of the application
    // returns) is the column's type too.
    let unknown_type = matches!(value, Value::Unknown(_)) && column.ty.is_none();
    if !unknown_type
        && !matches!(
            value,
            Value::Object(_) | Value::External(_) | Value::Class(_)
        )
    {
        return None;
    }
    let assumed = assumed_type(value);
    column.assumed_type = Some(format!("{why}; assumed `{}`", assumed.ty));
    Some(assumed)
}

pub(crate) fn parse_column(o: &Object) -> Lowered<SaColumn> {
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
        client_default: false,
        assumed_type: None,
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
                    name_arg(super::args::constraint_name(a))?,
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
                    if let Some(assumed) = assume_type(other, &e, &mut column) {
                        column.ty = Some(assumed);
                        continue;
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
        column.ty = Some(match type_spec(t) {
            Ok(spec) => spec,
            Err(e) => assume_type(t, &e, &mut column).ok_or(e)?,
        });
    }
    column.name = name.ok_or("a column without a name")?;
    column.nullable = bool_arg(o.args.keyword("nullable"))?;
    column.primary_key = bool_arg(o.args.keyword("primary_key"))?.unwrap_or(false);
    column.autoincrement = o.args.keyword("autoincrement").cloned();
    match o.args.keyword("default") {
        None | Some(Value::None) => {}
        // `default=Sequence(...)` is the column's sequence, as a positional one.
        Some(Value::Object(a)) if a.receiver.is_none() && class_name(&a.class) == "Sequence" => {
            column.sequence = true
        }
        Some(_) => column.client_default = true,
    }
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

pub(crate) use crate::eval::value::is_column_option;
