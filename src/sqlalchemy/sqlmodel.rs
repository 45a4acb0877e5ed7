//! SQLModel's classes (`table=True`, `Field(...)`): which attributes are fields, and the
//! column each field is, as the installed SQLModel maps it.

use std::rc::Rc;

use super::declarative::{column_object, kw, python_type};
use crate::diagnostic::Span;
use crate::eval::value::{Args, ClassValue, Object, Value};
use crate::sqlalchemy::types::class_name;

/// Whether a SQLModel class attribute's value is a field's default: anything but a
/// relationship, a private attribute or something callable on the class.
pub(super) fn sqlmodel_field_default(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Class(_) => false,
        Value::Object(o) => !matches!(
            class_name(&o.class),
            "Relationship"
                | "PrivateAttr"
                | "property"
                | "cached_property"
                | "computed_field"
                | "declared_attr"
                | "hybrid_property"
                | "relationship"
        ),
        _ => true,
    }
}

thread_local! {
    /// Whether the SQLModel the models are read with maps `datetime` to
    /// `DateTime(timezone=True)` (its `UTCDateTime`, since 0.0.45) rather than a naive
    /// `DateTime` (0.0.44 and before). Set by the model reader for its thread.
    static SQLMODEL_UTC_DATETIMES: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Says which SQLModel the models of this thread's reading are read with: the version of
/// `sqlmodel/__init__.py` on `python_path`, the newest behaviour when none is installed.
pub(crate) fn use_installed_sqlmodel(python_path: &[std::path::PathBuf], limit: u64) {
    let version = crate::load::module_file(python_path, "sqlmodel")
        .and_then(|p| crate::load::read_utf8(&p, limit))
        .and_then(|text| {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with("__version__"))?;
            crate::version::release(line.split(['"', '\'']).nth(1)?, true)
        });
    let utc = version.is_none_or(|v| crate::version::compare(&v, &[0, 0, 45]).is_ge());
    SQLMODEL_UTC_DATETIMES.with(|c| c.set(utc));
}

/// SQLModel maps the `str` subclasses it knows as `str` (an `AutoString`, a `VARCHAR`):
/// pydantic's `EmailStr`, the `ipaddress` addresses and networks, `pathlib.Path`; inside
/// `Optional[...]`, `Union[...]` and `Annotated[...]` too.
pub(super) fn sqlmodel_strings(v: &Value) -> Value {
    match v {
        Value::External(name) => {
            let last = name.rsplit('.').next().unwrap_or(name);
            let pydantic = name.starts_with("pydantic");
            let string = matches!(
                name.as_str(),
                "ipaddress.IPv4Address"
                    | "ipaddress.IPv4Network"
                    | "ipaddress.IPv6Address"
                    | "ipaddress.IPv6Network"
                    | "pathlib.Path"
            ) || (pydantic && last == "EmailStr");
            if string {
                Value::External("builtins.str".into())
            } else {
                v.clone()
            }
        }
        Value::Object(o)
            if matches!(
                class_name(&o.class),
                "Optional[]" | "Union[]" | "Annotated[]"
            ) =>
        {
            let mut o = (**o).clone();
            o.args.positional = o.args.positional.iter().map(sqlmodel_strings).collect();
            Value::Object(Rc::new(o))
        }
        other => other.clone(),
    }
}

/// A SQLModel field: the type from the annotation (`str` is `AutoString`, a `VARCHAR`),
/// `Optional` for nullability, `Field(...)` for the rest.
pub(super) fn sqlmodel_column(
    attr: &str,
    field: Option<&Object>,
    plain_default: Option<&Value>,
    annotation: Option<&Value>,
    type_map: &[(Value, Value)],
    span: &Span,
) -> Result<Value, String> {
    let annotation = annotation.ok_or_else(|| format!("`{attr}` has no annotation"))?;
    let annotation = sqlmodel_strings(annotation);
    let get = |name: &str| field.and_then(|f| kw(f, name));
    let (t, optional) = match python_type(&annotation, type_map) {
        Ok(found) => found,
        // `Field(sa_type=...)` gives the column's type itself: the annotation (a pydantic
        // model stored as JSON, a list) only says whether the column is optional.
        Err(_) if get("sa_type").is_some() => (None, optional_annotation(&annotation)),
        Err(why) => return Err(why),
    };
    let mut t = match (t, get("sa_type")) {
        (_, Some(sa_type)) => sa_type.clone(),
        (Some(t), None) => t,
        (None, None) => return Err(format!("the type of `{attr}` is not known")),
    };
    // SQLModel's own mapping of `datetime` (SQLAlchemy's is a naive `DateTime`).
    if get("sa_type").is_none()
        && matches!(&t, Value::External(n) if n == "sqlalchemy.DateTime")
        && SQLMODEL_UTC_DATETIMES.with(std::cell::Cell::get)
    {
        t = Object::call(
            "sqlalchemy.DateTime",
            Vec::new(),
            vec![("timezone".into(), Value::Bool(true))],
            span,
        );
    }
    if let (None, Value::External(n), Some(Value::Int(len))) =
        (get("sa_type"), &t, get("max_length"))
    {
        if n == "sqlalchemy.String" {
            t = Value::Object(Rc::new(Object {
                class: "sqlalchemy.String".into(),
                receiver: None,
                args: Args {
                    positional: vec![Value::Int(*len)],
                    ..Args::default()
                },
                called: true,
                span: span.clone(),
            }));
        }
    }
    let mut positional = vec![t];
    let mut keywords = Vec::new();
    if let Some(Value::Str(target)) = get("foreign_key") {
        // `Field(foreign_key=..., ondelete="CASCADE")`: the key's action.
        let keywords = match get("ondelete") {
            Some(action @ Value::Str(_)) => vec![("ondelete".to_string(), action.clone())],
            _ => Vec::new(),
        };
        positional.push(Object::call(
            "sqlalchemy.ForeignKey",
            vec![Value::Str(target.clone())],
            keywords,
            span,
        ));
    }
    let primary_key = get("primary_key").and_then(Value::as_bool) == Some(true);
    if primary_key {
        keywords.push(("primary_key".into(), Value::Bool(true)));
    }
    let nullable = match get("nullable") {
        Some(v) => v.clone(),
        None => Value::Bool(optional && !primary_key),
    };
    keywords.push(("nullable".into(), nullable));
    for k in ["unique", "index", "sa_column_args"] {
        if let Some(v) = get(k) {
            if k != "sa_column_args" {
                keywords.push((k.into(), v.clone()));
            }
        }
    }
    // The field's default is the Column's client-side default (SQLModel passes it on), which
    // keeps an integer primary key from being SERIAL: `Field(default_factory=...)`, else
    // `Field(default)` unless it is `...` (required), else the attribute's plain value.
    let default = match field {
        Some(f) => kw(f, "default_factory").or_else(|| f.args.get(0, "default")),
        None => plain_default,
    };
    if let Some(d) = default.filter(|d| !is_ellipsis(d)) {
        keywords.push(("default".into(), d.clone()));
    }
    // SQLModel updates the Column's keywords with `sa_column_kwargs`: a key given there
    // (`nullable`) wins over the one the field's own arguments gave.
    if let Some(Value::Dict(extra)) = get("sa_column_kwargs") {
        for (k, v) in extra {
            if let Value::Str(k) = k {
                keywords.retain(|(name, _)| name != k);
                keywords.push((k.clone(), v.clone()));
            }
        }
    }
    Ok(column_object(attr, positional, keywords, span))
}

/// `...`, pydantic's "required".
fn is_ellipsis(v: &Value) -> bool {
    matches!(v, Value::External(n) if n == crate::eval::value::ELLIPSIS)
}

/// Whether a SQLModel class declares a table (`class Hero(SQLModel, table=True)`).
pub(super) fn sqlmodel_table(c: &ClassValue) -> bool {
    c.keywords
        .iter()
        .any(|(k, v)| k == "table" && v.as_bool() == Some(true))
}

/// Whether an annotation says `None` is allowed (`Optional[X]`, `X | None`, `Union[X, None]`).
fn optional_annotation(annotation: &Value) -> bool {
    match annotation {
        Value::Object(o) => match class_name(&o.class) {
            "Optional[]" => true,
            "Union[]" => o.args.positional.iter().any(|a| matches!(a, Value::None)),
            "Annotated[]" => o.args.positional.first().is_some_and(optional_annotation),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod sqlmodel_version_tests {
    /// SQLModel 0.0.45 made `datetime` fields `DateTime(timezone=True)`: the installed
    /// version decides, the newest behaviour when none is installed.
    #[test]
    fn the_installed_sqlmodel_decides_how_datetime_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let package = dir.path().join("sqlmodel");
        std::fs::create_dir_all(&package).unwrap();
        let utc = |version: &str| {
            std::fs::write(
                package.join("__init__.py"),
                format!("__version__ = \"{version}\"\n"),
            )
            .unwrap();
            super::use_installed_sqlmodel(&[dir.path().to_path_buf()], 1 << 20);
            super::SQLMODEL_UTC_DATETIMES.with(std::cell::Cell::get)
        };
        assert!(!utc("0.0.44"));
        assert!(utc("0.0.45"));
        assert!(utc("0.1.0"));
        super::use_installed_sqlmodel(&[], 1 << 20);
        assert!(super::SQLMODEL_UTC_DATETIMES.with(std::cell::Cell::get));
    }
}
