//! SQLAlchemy objects, as the interpreter built them, read the way SQLAlchemy's PostgreSQL DDL
//! compiler reads them: types (generic, `postgresql.*`, `TypeDecorator`s of the checkout,
//! `with_variant`), columns with their flags, table-level constraints and indexes.

use std::rc::Rc;

use crate::eval::value::{Args, ClassValue, Object, Value, POSTGRESQL_IMPL};
use crate::ir::QualName;
use crate::schema::{BaseType, SqlType};

/// The last component of a qualified class name, and whether it comes from the PostgreSQL
/// dialect (`sqlalchemy.dialects.postgresql.*`).
pub fn class_name(class: &str) -> &str {
    class.rsplit('.').next().unwrap_or(class)
}

/// A native enum a column type names, and whether SQLAlchemy creates it with the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumSpec {
    pub name: QualName,
    pub labels: Vec<String>,
    /// `postgresql.ENUM(..., create_type=False)` leaves the type to the migration.
    pub create_type: bool,
    /// `inherit_schema=True`: the type takes the schema of the table it is used in.
    pub inherit_schema: bool,
}

impl TypeSpec {
    /// A type with `inherit_schema=True` placed in the schema of the table that uses it
    /// (SQLAlchemy's `SchemaType._set_table`).
    pub fn in_table_schema(&mut self, table_schema: Option<&str>) {
        let Some(spec) = self.native_enum.as_mut().filter(|s| s.inherit_schema) else {
            return;
        };
        spec.name.schema = table_schema.map(str::to_string);
        if let BaseType::Named { schema, .. } = &mut self.ty.base {
            *schema = table_schema.filter(|s| *s != "public").map(str::to_string);
        }
    }
}

/// A resolved column type.
#[derive(Clone, Debug)]
pub struct TypeSpec {
    pub ty: SqlType,
    pub native_enum: Option<EnumSpec>,
}

fn kw_or_pos<'v>(o: &'v Object, index: usize, name: &str) -> Option<&'v Value> {
    o.args.get(index, name)
}

fn int_arg(o: &Object, index: usize, name: &str) -> Option<u32> {
    match kw_or_pos(o, index, name) {
        Some(Value::Int(i)) => u32::try_from(*i).ok(),
        _ => None,
    }
}

fn bool_kw(o: &Object, name: &str) -> Option<bool> {
    o.args.keyword(name).and_then(Value::as_bool)
}

/// The integer arguments of a type and the range PostgreSQL accepts for each: a value it
/// rejects, or one not known statically, is reported rather than read as no argument.
fn check_arguments(o: &Object, name: &str) -> Result<(), String> {
    const LENGTH: (i64, i64) = (1, 10_485_760);
    let ranges: &[(usize, &str, (i64, i64))] = match name {
        "String" | "VARCHAR" | "Unicode" | "NVARCHAR" | "AutoString" | "CHAR" | "NCHAR" => {
            &[(0, "length", LENGTH)]
        }
        "Numeric" | "NUMERIC" | "DECIMAL" => {
            &[(0, "precision", (1, 1000)), (1, "scale", (-1000, 1000))]
        }
        "Float" | "FLOAT" => &[(0, "precision", (1, 53))],
        "BIT" => &[(0, "length", (1, 83_886_080))],
        _ => &[],
    };
    for (index, arg, (low, high)) in ranges {
        match kw_or_pos(o, *index, arg) {
            None | Some(Value::None) => {}
            Some(Value::Int(v)) if (*low..=*high).contains(v) => {}
            Some(Value::Int(v)) => {
                return Err(format!(
                    "PostgreSQL rejects {name}({arg}={v}): it must be between {low} and {high}"
                ))
            }
            Some(Value::Unknown(why)) => {
                return Err(format!(
                    "the {arg} of {name} is not known statically ({why})"
                ))
            }
            Some(_) => return Err(format!("the {arg} of {name} is not a number")),
        }
    }
    Ok(())
}

/// Reads a type: a class (`sa.Integer`), an instance (`sa.String(50)`), `with_variant`, an
/// `ARRAY`, an `Enum`, or a `TypeDecorator` subclass defined in the checkout.
pub fn type_spec(value: &Value) -> Result<TypeSpec, String> {
    match value {
        Value::External(name) => {
            let empty = Object {
                class: name.clone(),
                receiver: None,
                args: Default::default(),
                called: true,
                span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
            };
            type_from_object(&empty)
        }
        Value::Object(o) => {
            if let Some(receiver) = &o.receiver {
                return match (o.class.as_str(), receiver) {
                    ("with_variant", _) => {
                        let dialects = o.args.positional.get(1).cloned().unwrap_or(Value::None);
                        let for_pg = match &dialects {
                            Value::Str(s) => s == "postgresql",
                            Value::List(v) | Value::Tuple(v) | Value::Set(v) => {
                                v.iter().any(|d| d.as_str() == Some("postgresql"))
                            }
                            _ => false,
                        };
                        if for_pg {
                            type_spec(o.args.positional.first().unwrap_or(&Value::None))
                        } else {
                            type_spec(receiver)
                        }
                    }
                    (_, Value::Class(c)) => class_type(c, &o.args),
                    // Flask-SQLAlchemy's `db.DateTime`, `db.String(50)`: SQLAlchemy's own.
                    (_, Value::Object(db)) if class_name(&db.class) == "SQLAlchemy" => {
                        type_spec(&super::declarative::unwrap_flask(value))
                    }
                    _ => Err(format!("`.{}()` on a type is not understood", o.class)),
                };
            }
            // `MutableDict.as_mutable(JSONB)`: change tracking in Python, the type unchanged.
            if class_name(&o.class) == "as_mutable" {
                return type_spec(o.args.positional.first().unwrap_or(&Value::None));
            }
            type_from_object(o)
        }
        Value::Class(c) => class_type(c, &Default::default()),
        Value::Unknown(r) => Err(format!("the type is not known statically ({r})")),
        Value::None => Err("no type given".into()),
        _ => Err("this value is not a column type".into()),
    }
}

/// The type assumed for a column whose type cannot be read (a library's or the checkout's
/// class without an `impl` driftlock can follow): the SQLAlchemy type its name spells once a
/// `Type` suffix is taken off (`UUIDType` -> `UUID`, `JSONType` -> `JSON`), else `text`. Only
/// used to keep the column and its table; the finding that says so names the assumption.
pub fn assumed_type(value: &Value) -> TypeSpec {
    let full = match value {
        Value::External(name) => name.clone(),
        Value::Object(o) => o.class.clone(),
        Value::Class(c) => c.name.clone(),
        _ => String::new(),
    };
    let last = full.rsplit('.').next().unwrap_or_default();
    let stem = last.strip_suffix("Type").unwrap_or(last);
    let spelled = [stem.to_string(), stem.to_ascii_uppercase()]
        .into_iter()
        .filter(|name| !name.is_empty())
        .find_map(|name| {
            let object = Object {
                class: name,
                receiver: None,
                args: Default::default(),
                called: true,
                span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
            };
            type_from_object(&object).ok()
        });
    spelled.unwrap_or(TypeSpec {
        ty: SqlType::new(BaseType::Text),
        native_enum: None,
    })
}

/// A class of the checkout used as a type, called with `args`: a `TypeDecorator` (its
/// `impl`), or a subclass of an SQLAlchemy type that only changes constructor defaults (the
/// base type with the call's arguments over the defaults of `__init__`).
fn class_type(c: &Rc<ClassValue>, args: &Args) -> Result<TypeSpec, String> {
    // The type this instance's `load_dialect_impl` picked for PostgreSQL (see the interpreter).
    if let Some(chosen) = args.keyword(POSTGRESQL_IMPL) {
        return type_spec(chosen);
    }
    let mut current = Some(c.clone());
    while let Some(class) = current {
        if let Some(implementation) = class.attributes.get(POSTGRESQL_IMPL) {
            return type_spec(implementation);
        }
        if let Some(implementation) = class.attributes.get("impl") {
            // TypeDecorator.__init__ builds `impl` from the arguments it is given.
            let passed = impl_arguments(c, args);
            return match implementation {
                Value::External(name) => type_from_object(&Object {
                    class: name.clone(),
                    receiver: None,
                    args: passed,
                    called: true,
                    span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
                }),
                Value::Class(inner) => class_type(inner, &passed),
                other => type_spec(other),
            };
        }
        for base in &class.bases {
            if let Value::External(name) = base {
                let mut merged = args.clone();
                if let Some(Value::Function(init)) = class.attributes.get("__init__") {
                    for p in init.params.kwonlyargs.iter().chain(&init.params.args) {
                        let name = p.def.arg.to_string();
                        if merged.keyword(&name).is_none() {
                            if let Some(default) = p.default.as_deref().and_then(literal) {
                                merged.keywords.push((name, default));
                            }
                        }
                    }
                }
                let object = Object {
                    class: name.clone(),
                    receiver: None,
                    args: merged,
                    called: true,
                    span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
                };
                return type_from_object(&object);
            }
        }
        current = class.bases.iter().find_map(|b| match b {
            Value::Class(base) => Some(base.clone()),
            _ => None,
        });
    }
    Err(format!(
        "type `{}` has no `impl` driftlock can read",
        c.name
    ))
}

/// The arguments a `TypeDecorator` subclass passes on to its `impl` (SQLAlchemy's
/// `TypeDecorator.__init__(*args, **kwargs)` calls `impl(*args, **kwargs)`): all of them
/// without an `__init__` of its own; with one, those its `*args` and `**kwargs` collect (what
/// it passes to `super().__init__` in the usual pattern).
fn impl_arguments(c: &Rc<ClassValue>, args: &Args) -> Args {
    let mut current = Some(c.clone());
    let mut init = None;
    while let Some(class) = current {
        if let Some(Value::Function(f)) = class.attributes.get("__init__") {
            init = Some(f.clone());
            break;
        }
        current = class.bases.iter().find_map(|b| match b {
            Value::Class(base) => Some(base.clone()),
            _ => None,
        });
    }
    let keywords: Vec<(String, Value)> = args
        .keywords
        .iter()
        .filter(|(k, _)| k != POSTGRESQL_IMPL)
        .cloned()
        .collect();
    let Some(init) = init else {
        return Args {
            positional: args.positional.clone(),
            keywords,
            ..Args::default()
        };
    };
    let params = &init.params;
    let named: Vec<String> = params
        .posonlyargs
        .iter()
        .chain(&params.args)
        .skip(1)
        .map(|p| p.def.arg.to_string())
        .collect();
    let keyword_only: Vec<String> = params
        .kwonlyargs
        .iter()
        .map(|p| p.def.arg.to_string())
        .collect();
    let positional = if params.vararg.is_some() {
        args.positional.iter().skip(named.len()).cloned().collect()
    } else {
        Vec::new()
    };
    let keywords = if params.kwarg.is_some() {
        keywords
            .into_iter()
            .filter(|(k, _)| !named.contains(k) && !keyword_only.contains(k))
            .collect()
    } else {
        Vec::new()
    };
    Args {
        positional,
        keywords,
        ..Args::default()
    }
}

/// A literal default value of a parameter.
fn literal(expr: &crate::python::ast::Expr) -> Option<Value> {
    use crate::python::ast;
    match expr {
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Bool(b) => Some(Value::Bool(*b)),
            ast::Constant::Int(i) => i64::try_from(i).ok().map(Value::Int),
            ast::Constant::Str(s) => Some(Value::Str(s.clone())),
            ast::Constant::None => Some(Value::None),
            _ => None,
        },
        _ => None,
    }
}

fn type_from_object(o: &Object) -> Result<TypeSpec, String> {
    let name = class_name(&o.class);
    let plain = |base| {
        Ok(TypeSpec {
            ty: SqlType::new(base),
            native_enum: None,
        })
    };
    check_arguments(o, name)?;
    match name {
        "Integer" | "INTEGER" | "INT" => plain(BaseType::Integer),
        "BigInteger" | "BIGINT" => plain(BaseType::BigInt),
        "SmallInteger" | "SMALLINT" => plain(BaseType::SmallInt),
        "String" | "VARCHAR" | "Unicode" | "NVARCHAR" | "AutoString" => {
            plain(BaseType::Varchar(int_arg(o, 0, "length")))
        }
        "Text" | "TEXT" | "UnicodeText" | "CLOB" => plain(BaseType::Text),
        "CHAR" | "NCHAR" => plain(BaseType::Char(int_arg(o, 0, "length").unwrap_or(1))),
        "Numeric" | "NUMERIC" | "DECIMAL" => {
            let precision = int_arg(o, 0, "precision");
            let scale = int_arg(o, 1, "scale");
            plain(BaseType::Numeric(
                precision.map(|p| (p, scale.unwrap_or(0))),
            ))
        }
        "Float" | "FLOAT" => match int_arg(o, 0, "precision") {
            Some(p) if p <= 24 => plain(BaseType::Real),
            _ => plain(BaseType::Double),
        },
        "Double" | "DOUBLE" | "DOUBLE_PRECISION" => plain(BaseType::Double),
        "REAL" => plain(BaseType::Real),
        "Boolean" | "BOOLEAN" => plain(BaseType::Boolean),
        "Date" | "DATE" => plain(BaseType::Date),
        "DateTime" | "TIMESTAMP" => plain(BaseType::Timestamp {
            tz: kw_or_pos(o, 0, "timezone")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            precision: int_arg(o, usize::MAX, "precision"),
        }),
        "Time" | "TIME" => plain(BaseType::Time {
            tz: kw_or_pos(o, 0, "timezone")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            precision: int_arg(o, usize::MAX, "precision"),
        }),
        "Interval" | "INTERVAL" => plain(BaseType::Interval {
            fields: o
                .args
                .keyword("fields")
                .and_then(Value::as_str)
                .map(str::to_string),
            precision: int_arg(o, usize::MAX, "precision")
                .or_else(|| int_arg(o, usize::MAX, "second_precision")),
        }),
        "LargeBinary" | "BYTEA" | "BLOB" | "PickleType" | "BINARY" | "VARBINARY" => {
            plain(BaseType::Bytea)
        }
        "JSON" => plain(BaseType::Json),
        "JSONB" => plain(BaseType::Jsonb),
        "JSONPATH" => plain(BaseType::Builtin("jsonpath")),
        "Uuid" | "UUID" => plain(BaseType::Uuid),
        "BIT" => plain(BaseType::Bit {
            varying: bool_kw(o, "varying").unwrap_or(false),
            length: int_arg(o, 0, "length"),
        }),
        "ARRAY" => {
            let item = kw_or_pos(o, 0, "item_type").ok_or("ARRAY() without an item type")?;
            let mut spec = type_spec(item)?;
            spec.ty = spec.ty.array_of();
            Ok(spec)
        }
        "Enum" | "ENUM" => enum_type(o),
        "CITEXT" | "HSTORE" | "LTREE" => plain(BaseType::Named {
            schema: None,
            name: name.to_ascii_lowercase(),
            modifiers: None,
        }),
        "DOMAIN" => {
            let domain = kw_or_pos(o, 0, "name")
                .and_then(Value::as_str)
                .ok_or("DOMAIN() without a name")?;
            plain(BaseType::Named {
                schema: None,
                name: domain.to_string(),
                modifiers: None,
            })
        }
        "Vector" | "VECTOR" => plain(BaseType::Named {
            schema: None,
            name: "vector".into(),
            modifiers: int_arg(o, 0, "dim").map(|d| d.to_string()),
        }),
        other => {
            let lower = other.to_ascii_lowercase();
            match SqlType::from_sql_name(&lower, &[]) {
                Some(BaseType::Builtin(b)) => plain(BaseType::Builtin(b)),
                _ => Err(format!("type `{}` is not one driftlock knows", o.class)),
            }
        }
    }
}

/// `sa.Enum("a", "b", name=...)`, `sa.Enum(PyEnum)`, `postgresql.ENUM(..., create_type=False)`.
fn enum_type(o: &Object) -> Result<TypeSpec, String> {
    let mut labels = Vec::new();
    let mut class_name_lower = None;
    for arg in &o.args.positional {
        match arg {
            Value::Str(s) => labels.push(s.clone()),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                for i in items {
                    labels.push(i.as_str().ok_or("enum labels must be strings")?.to_string());
                }
            }
            Value::Class(c) => {
                // Labels are the member names, in definition order.
                class_name_lower = Some(c.name.to_lowercase());
                labels.extend(c.order.iter().filter(|k| !k.starts_with('_')).cloned());
            }
            _ => return Err("enum labels that are not known statically".into()),
        }
    }
    if let Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) =
        o.args.keyword("enums")
    {
        for i in items {
            labels.push(i.as_str().ok_or("enum labels must be strings")?.to_string());
        }
    }
    if bool_kw(o, "native_enum") == Some(false) {
        let length = int_arg(o, usize::MAX, "length").unwrap_or_else(|| {
            labels
                .iter()
                .map(|l| l.chars().count() as u32)
                .max()
                .unwrap_or(0)
        });
        return Ok(TypeSpec {
            ty: SqlType::new(BaseType::Varchar(Some(length))),
            native_enum: None,
        });
    }
    let name = match o.args.keyword("name") {
        Some(Value::Str(n)) => n.clone(),
        _ => class_name_lower.ok_or("a PostgreSQL enum needs a name")?,
    };
    let schema = o
        .args
        .keyword("schema")
        .and_then(Value::as_str)
        .map(str::to_string);
    let is_pg_enum = class_name(&o.class) == "ENUM";
    let create_type = if is_pg_enum {
        bool_kw(o, "create_type").unwrap_or(true)
    } else {
        true
    };
    let qual = QualName::new(schema.clone(), name.clone());
    Ok(TypeSpec {
        ty: SqlType::new(BaseType::Named {
            schema: schema.filter(|s| s != "public"),
            name,
            modifiers: None,
        }),
        native_enum: Some(EnumSpec {
            name: qual,
            labels,
            create_type,
            inherit_schema: bool_kw(o, "inherit_schema") == Some(true),
        }),
    })
}

/// The SQLAlchemy type class a generic or dialect type class derives from (by class name:
/// `sa.VARCHAR` and `postgresql.VARCHAR` alike), up to `TypeEngine`.
fn parent_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "VARCHAR" | "CHAR" | "Unicode" | "Text" | "Enum" | "NVARCHAR" => "String",
        "NCHAR" => "Unicode",
        "TEXT" | "UnicodeText" | "CLOB" | "CITEXT" => "Text",
        "ENUM" => "Enum",
        "INTEGER" | "INT" | "BigInteger" | "SmallInteger" => "Integer",
        "BIGINT" => "BigInteger",
        "SMALLINT" => "SmallInteger",
        "NUMERIC" | "DECIMAL" | "Float" => "Numeric",
        "FLOAT" | "REAL" | "Double" => "Float",
        "DOUBLE_PRECISION" | "DOUBLE" => "Double",
        "BOOLEAN" => "Boolean",
        "TIMESTAMP" | "DATETIME" => "DateTime",
        "DATE" => "Date",
        "TIME" => "Time",
        "INTERVAL" => "Interval",
        "JSONB" => "JSON",
        "UUID" => "Uuid",
        "BYTEA" | "BLOB" | "BINARY" | "VARBINARY" => "LargeBinary",
        "String" | "Integer" | "Numeric" | "Boolean" | "DateTime" | "Date" | "Time"
        | "Interval" | "JSON" | "Uuid" | "LargeBinary" | "ARRAY" | "HSTORE" | "INET" | "CIDR"
        | "MACADDR" | "MACADDR8" | "TSVECTOR" | "TSQUERY" | "MONEY" | "OID" | "BIT"
        | "NullType" => "TypeEngine",
        _ => return None,
    })
}

/// `isinstance(<type object of class `class`>, <class `of`>)` by SQLAlchemy's type
/// hierarchy; `None` for a class outside it (a project's or a library's type).
pub fn type_is_subclass(class: &str, of: &str) -> Option<bool> {
    let (class, of) = (class_name(class), class_name(of));
    // Not a type class SQLAlchemy has (a Column, a project's or a library's class): unknown.
    parent_type(class)?;
    if of == "TypeEngine" {
        return Some(true);
    }
    let mut current = class;
    while current != of {
        match parent_type(current) {
            Some(parent) => current = parent,
            // `of` must be a type class SQLAlchemy has for the answer to be a real `False`.
            None => return parent_type(of).map(|_| false),
        }
    }
    Some(true)
}

/// The type object SQLAlchemy's PostgreSQL reflection returns for a column type
/// (`inspector.get_columns(t)[i]["type"]`): `VARCHAR(length=50)`, `TEXT()`, `TIMESTAMP(
/// timezone=True)`, `ARRAY(INTEGER())`, ...
pub fn reflected_type(ty: &SqlType, span: &crate::diagnostic::Span) -> Value {
    let object = |class: &str, args: Args| {
        Value::Object(std::rc::Rc::new(Object {
            class: format!("sqlalchemy.dialects.postgresql.{class}"),
            receiver: None,
            args,
            called: true,
            span: span.clone(),
        }))
    };
    let keyword = |name: &str, v: Value| Args {
        keywords: vec![(name.to_string(), v)],
        ..Args::default()
    };
    let int = |n: u32| Value::Int(i64::from(n));
    let base = match &ty.base {
        BaseType::SmallInt => object("SMALLINT", Args::default()),
        BaseType::Integer => object("INTEGER", Args::default()),
        BaseType::BigInt => object("BIGINT", Args::default()),
        BaseType::Real => object("REAL", Args::default()),
        BaseType::Double => object("DOUBLE_PRECISION", Args::default()),
        BaseType::Numeric(None) => object("NUMERIC", Args::default()),
        BaseType::Numeric(Some((p, s))) => object(
            "NUMERIC",
            Args {
                keywords: vec![("precision".into(), int(*p)), ("scale".into(), int(*s))],
                ..Args::default()
            },
        ),
        BaseType::Boolean => object("BOOLEAN", Args::default()),
        BaseType::Text => object("TEXT", Args::default()),
        BaseType::Varchar(length) => object(
            "VARCHAR",
            length.map_or_else(Args::default, |l| keyword("length", int(l))),
        ),
        BaseType::Char(length) => object("CHAR", keyword("length", int(*length))),
        BaseType::Bytea => object("BYTEA", Args::default()),
        BaseType::Date => object("DATE", Args::default()),
        BaseType::Timestamp { tz, precision } | BaseType::Time { tz, precision } => {
            let mut args = keyword("timezone", Value::Bool(*tz));
            if let Some(p) = precision {
                args.keywords.push(("precision".into(), int(*p)));
            }
            let class = if matches!(ty.base, BaseType::Time { .. }) {
                "TIME"
            } else {
                "TIMESTAMP"
            };
            object(class, args)
        }
        BaseType::Interval { .. } => object("INTERVAL", Args::default()),
        BaseType::Json => object("JSON", Args::default()),
        BaseType::Jsonb => object("JSONB", Args::default()),
        BaseType::Uuid => object("UUID", Args::default()),
        // `inet`, `money`, `tsvector`, ...: the dialect's class of that name.
        BaseType::Builtin(name) if !name.contains(' ') => {
            object(&name.to_ascii_uppercase(), Args::default())
        }
        _ => return Value::unknown(format!("a reflected `{ty}`")),
    };
    if ty.array {
        object(
            "ARRAY",
            Args {
                positional: vec![base],
                ..Args::default()
            },
        )
    } else {
        base
    }
}

#[cfg(test)]
mod hierarchy_tests {
    use super::type_is_subclass;

    #[test]
    fn sqlalchemy_type_classes_and_others() {
        assert_eq!(
            type_is_subclass(
                "sqlalchemy.dialects.postgresql.VARCHAR",
                "sqlalchemy.String"
            ),
            Some(true)
        );
        assert_eq!(type_is_subclass("TEXT", "sqlalchemy.VARCHAR"), Some(false));
        assert_eq!(type_is_subclass("BIGINT", "Integer"), Some(true));
        assert_eq!(type_is_subclass("JSONB", "TypeEngine"), Some(true));
        // Not type classes, or a class SQLAlchemy does not have: not known.
        assert_eq!(type_is_subclass("sqlalchemy.Column", "TypeEngine"), None);
        assert_eq!(type_is_subclass("TEXT", "myapp.CustomType"), None);
    }
}
