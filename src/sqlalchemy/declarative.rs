//! Mapped classes and `Table` objects turned into `create_table` arguments: classic
//! `declarative_base()` with `Column`, 2.0 `DeclarativeBase` with `Mapped[...]` and
//! `mapped_column`, Flask-SQLAlchemy `db.Model` (automatic snake_case names), SQLModel
//! (`table=True`, `Field(...)`), mixins and `__abstract__`, `__table_args__`, single- and
//! joined-table inheritance, imperative `Table(...)`.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::metadata::{root_of_metadata, roots_of_base, Root, TableDecl};
use super::sqlmodel::{sqlmodel_column, sqlmodel_field_default, sqlmodel_table};
use crate::diagnostic::Span;
use crate::eval::value::{Args, ClassValue, Object, Value, MODEL_COLUMN};
use crate::ir::QualName;
use crate::schema::{key, Key};
use crate::sqlalchemy::types::class_name;

type Problem = (Span, String);

/// What a class derives from, as far as mapping goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `declarative_base()`, `DeclarativeBase`, `registry().generate_base()`.
    Declarative,
    /// Flask-SQLAlchemy's `db.Model`.
    Flask,
    /// `SQLModel`.
    SqlModel,
}

/// Whether a value is (or descends from) one of `roots`, and how it maps.
fn base_style(v: &Value, roots: &[Root]) -> Option<(Style, bool)> {
    let in_roots = |p: Root| roots.is_empty() || roots.contains(&p);
    // The object itself, or the `MetaData` given to it (`SQLAlchemy(metadata=...)`,
    // `declarative_base(metadata=...)`), is what `target_metadata` names.
    let owns = |o: &Rc<Object>| roots_of_base(o).into_iter().any(in_roots);
    match v {
        Value::External(name) => {
            let last = class_name(name);
            match last {
                "DeclarativeBase" | "DeclarativeBaseNoMeta" | "MappedAsDataclass" => {
                    Some((Style::Declarative, roots.is_empty()))
                }
                "SQLModel" => Some((Style::SqlModel, in_roots(Root::SqlModel))),
                _ => None,
            }
        }
        Value::Object(o) => match (class_name(&o.class), &o.receiver) {
            // `db.Model`, with `db = SQLAlchemy(...)`.
            ("Model", Some(Value::Object(db))) => Some((Style::Flask, owns(db))),
            ("declarative_base" | "generate_base", _) => Some((Style::Declarative, owns(o))),
            _ => None,
        },
        Value::Class(c) => {
            // `class Base(DeclarativeBase): metadata = MetaData(...)` (or a registry's
            // `.metadata`), named either way.
            let own = in_roots(Root::Class(Rc::as_ptr(c)))
                || c.attributes
                    .get("metadata")
                    .and_then(root_of_metadata)
                    .is_some_and(in_roots);
            c.bases
                .iter()
                .find_map(|b| base_style(b, roots))
                .map(|(style, matched)| {
                    // The class named by `target_metadata` (the declarative base) matches itself.
                    (style, matched || own)
                })
        }
        _ => None,
    }
}

/// Whether a class is itself a declarative base (`class Base(DeclarativeBase)`), not a model.
fn is_base(c: &ClassValue) -> bool {
    c.bases.iter().any(|b| {
        matches!(b, Value::External(n) if matches!(class_name(n), "DeclarativeBase" | "DeclarativeBaseNoMeta"))
    })
}

fn own_str(c: &ClassValue, attr: &str) -> Option<String> {
    match c.attributes.get(attr) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

/// `__tablename__` from the class or a base; with the class it comes from.
fn table_name(c: &Rc<ClassValue>) -> Option<(String, Rc<ClassValue>)> {
    if let Some(name) = own_str(c, "__tablename__") {
        return Some((name, c.clone()));
    }
    c.bases.iter().find_map(|b| match b {
        Value::Class(base) => table_name(base),
        _ => None,
    })
}

/// A class of the checkout that maps a table (or is the base of one).
/// Whether `value` (a mapped class or a `Table` object) belongs to one of `roots`, which is
/// not empty.
pub(crate) fn belongs_to(value: &Value, roots: &[Root]) -> bool {
    match value {
        Value::Class(c) => c
            .bases
            .iter()
            .any(|b| base_style(b, roots).is_some_and(|(_, matched)| matched)),
        Value::Object(o) => o
            .args
            .positional
            .get(1)
            .and_then(root_of_metadata)
            .is_some_and(|r| roots.contains(&r)),
        _ => false,
    }
}

/// Whether a class made with `value` among its bases maps onto one of `roots` (not empty):
/// `value` is a base of theirs or a class mapped onto one.
pub(crate) fn maps_onto(value: &Value, roots: &[Root]) -> bool {
    !roots.is_empty()
        && (base_style(value, roots).is_some_and(|(_, matched)| matched)
            || belongs_to(value, roots))
}

fn is_mapped(c: &ClassValue, roots: &[Root]) -> bool {
    c.bases.iter().any(|b| base_style(b, roots).is_some())
}

/// `sa.Column(name, *positional, **keywords)`.
pub(crate) fn column_object(
    name: &str,
    positional: Vec<Value>,
    keywords: Vec<(String, Value)>,
    span: &Span,
) -> Value {
    let mut args = vec![Value::Str(name.to_string())];
    args.extend(positional);
    Object::call("sqlalchemy.Column", args, keywords, span)
}

fn external(name: &str) -> Value {
    Value::External(name.to_string())
}

/// The type an annotation stands for, through the project's `type_annotation_map` and then
/// SQLAlchemy's default one; and whether it is `Optional`.
fn annotation_type(
    annotation: &Value,
    type_map: &[(Value, Value)],
) -> Result<(Option<Value>, bool), String> {
    // Unwrap `Mapped[...]`.
    let inner = match annotation {
        Value::Object(o)
            if matches!(
                class_name(&o.class),
                "Mapped[]" | "WriteOnlyMapped[]" | "DynamicMapped[]"
            ) =>
        {
            match o.args.positional.first() {
                Some(v) => v.clone(),
                None => return Err("an empty `Mapped[]`".into()),
            }
        }
        other => other.clone(),
    };
    python_type(&inner, type_map)
}

pub(super) fn python_type(
    v: &Value,
    type_map: &[(Value, Value)],
) -> Result<(Option<Value>, bool), String> {
    for (k, t) in type_map {
        if same_python_type(k, v) {
            // A key written `Optional[X]` still makes the column nullable, as SQLAlchemy
            // reads nullability from the annotation, not from the map.
            return Ok((Some(t.clone()), annotation_optional(v)));
        }
    }
    match v {
        Value::Object(o) => {
            let args = &o.args.positional;
            match class_name(&o.class) {
                "Optional[]" => {
                    let (t, _) = python_type(args.first().unwrap_or(&Value::None), type_map)?;
                    Ok((t, true))
                }
                "Union[]" => {
                    let optional = args.iter().any(|a| matches!(a, Value::None));
                    let rest: Vec<&Value> =
                        args.iter().filter(|a| !matches!(a, Value::None)).collect();
                    match rest.as_slice() {
                        [one] => python_type(one, type_map).map(|(t, _)| (t, optional)),
                        _ => Err("a union of several types".into()),
                    }
                }
                "Annotated[]" => python_type(args.first().unwrap_or(&Value::None), type_map),
                // `Literal["a", "b"]` (strings): SQLAlchemy's default map gives a non-native
                // `Enum` of those values (VARCHAR of the longest).
                "Literal[]"
                    if !args.is_empty() && args.iter().all(|a| matches!(a, Value::Str(_))) =>
                {
                    Ok((
                        Some(Object::call(
                            "sqlalchemy.Enum",
                            args.clone(),
                            vec![("native_enum".into(), Value::Bool(false))],
                            &o.span,
                        )),
                        false,
                    ))
                }
                other => Err(format!("the annotation `{other}` has no column type")),
            }
        }
        Value::External(name) => {
            let t = match name.as_str() {
                "builtins.int" => "sqlalchemy.Integer",
                "builtins.str" => "sqlalchemy.String",
                "builtins.float" => "sqlalchemy.Float",
                "builtins.bool" => "sqlalchemy.Boolean",
                "builtins.bytes" => "sqlalchemy.LargeBinary",
                "datetime.datetime" => "sqlalchemy.DateTime",
                "datetime.date" => "sqlalchemy.Date",
                "datetime.time" => "sqlalchemy.Time",
                "datetime.timedelta" => "sqlalchemy.Interval",
                "decimal.Decimal" => "sqlalchemy.Numeric",
                "uuid.UUID" => "sqlalchemy.Uuid",
                other => {
                    return Err(format!(
                        "no column type for `{other}` in the type annotation map"
                    ))
                }
            };
            Ok((Some(external(t)), false))
        }
        Value::Class(c)
            if c.bases
                .iter()
                .any(|b| matches!(b, Value::External(n) if n.starts_with("enum."))) =>
        {
            Ok((
                Some(Value::Object(Rc::new(Object {
                    class: "sqlalchemy.Enum".into(),
                    receiver: None,
                    args: Args {
                        positional: vec![v.clone()],
                        ..Args::default()
                    },
                    called: true,
                    span: c.span.clone(),
                }))),
                false,
            ))
        }
        Value::None => Ok((None, true)),
        Value::Str(_) => Err("a forward reference".into()),
        _ => Err("an annotation driftlock cannot read".into()),
    }
}

fn same_python_type(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::External(x), Value::External(y)) => x == y,
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        // `dict[str, Any]` as a key of the map and in an annotation: the same generic with
        // the same arguments.
        (Value::Object(x), Value::Object(y)) if x.class.ends_with("[]") => {
            x.class == y.class
                && x.args.positional.len() == y.args.positional.len()
                && x.args
                    .positional
                    .iter()
                    .zip(&y.args.positional)
                    .all(|(p, q)| same_python_type(p, q))
        }
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    }
}

/// The `type_annotation_map` of the declarative base a class derives from.
fn type_annotation_map(c: &ClassValue) -> Vec<(Value, Value)> {
    if let Some(Value::Dict(items)) = c.attributes.get("type_annotation_map") {
        return items.clone();
    }
    // `registry = registry(type_annotation_map={...})` on the base.
    if let Some(Value::Object(r)) = c.attributes.get("registry") {
        if let Some(Value::Dict(items)) = r.args.keyword("type_annotation_map") {
            return items.clone();
        }
    }
    c.bases
        .iter()
        .find_map(|b| match b {
            Value::Class(base) => {
                let m = type_annotation_map(base);
                (!m.is_empty()).then_some(m)
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// Flask-SQLAlchemy's `db.Column`, `db.String(64)`, `db.ForeignKey(...)`: SQLAlchemy's own
/// names reached through the extension object. Rewritten to `sqlalchemy.*`, recursively.
pub(crate) fn unwrap_flask(v: &Value) -> Value {
    // Objects without `db.` anywhere stay the same objects (their identity names columns).
    fn via_db_anywhere(v: &Value) -> bool {
        match v {
            Value::Object(o) => {
                matches!(&o.receiver, Some(Value::Object(db)) if class_name(&db.class) == "SQLAlchemy")
                    || o.receiver.as_ref().is_some_and(via_db_anywhere)
                    || o.args.positional.iter().any(via_db_anywhere)
                    || o.args.keywords.iter().any(|(_, v)| via_db_anywhere(v))
            }
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                items.iter().any(via_db_anywhere)
            }
            Value::Dict(items) => items
                .iter()
                .any(|(k, v)| via_db_anywhere(k) || via_db_anywhere(v)),
            _ => false,
        }
    }
    if !via_db_anywhere(v) {
        return v.clone();
    }
    match v {
        Value::Object(o) => {
            let via_db = matches!(&o.receiver, Some(Value::Object(db)) if class_name(&db.class) == "SQLAlchemy");
            let args = Args {
                positional: o.args.positional.iter().map(unwrap_flask).collect(),
                keywords: o
                    .args
                    .keywords
                    .iter()
                    .map(|(k, v)| (k.clone(), unwrap_flask(v)))
                    .collect(),
                positional_spans: o.args.positional_spans.clone(),
                keyword_spans: o.args.keyword_spans.clone(),
            };
            if via_db && !o.called {
                return Value::External(format!("sqlalchemy.{}", o.class));
            }
            // `db.func.lower(...)`: the receiver became a name of SQLAlchemy's
            // (`sqlalchemy.func`); the call is of its member.
            let receiver = o.receiver.as_ref().map(unwrap_flask);
            if let Some(Value::External(name)) = &receiver {
                return Value::Object(Rc::new(Object {
                    class: format!("{name}.{}", o.class),
                    receiver: None,
                    args,
                    called: o.called,
                    span: o.span.clone(),
                }));
            }
            Value::Object(Rc::new(Object {
                class: if via_db {
                    format!("sqlalchemy.{}", o.class)
                } else {
                    o.class.clone()
                },
                receiver: if via_db { None } else { receiver },
                args,
                called: o.called,
                span: o.span.clone(),
            }))
        }
        Value::List(items) => Value::List(items.iter().map(unwrap_flask).collect()),
        Value::Tuple(items) => Value::Tuple(items.iter().map(unwrap_flask).collect()),
        Value::Dict(items) => Value::Dict(
            items
                .iter()
                .map(|(k, v)| (unwrap_flask(k), unwrap_flask(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The table a free-standing `Index(...)` belongs to, from the columns it names
/// (`User.email`, `users.c.email`, inside functions too).
pub(crate) fn index_table(index: &Object) -> Option<String> {
    fn find(v: &Value) -> Option<String> {
        match v {
            Value::Object(o) if o.class == MODEL_COLUMN => match o.args.positional.first() {
                Some(Value::Str(t)) => Some(t.clone()),
                _ => None,
            },
            Value::Object(o) => {
                if let Some(Value::Object(c)) = &o.receiver {
                    if c.class == "c" {
                        if let Some(Value::Object(t)) = &c.receiver {
                            if let Some(Value::Str(name)) = t.args.positional.first() {
                                return Some(name.clone());
                            }
                            // `User.__table__.c.name`: the mapped class's table.
                            if let (true, Some(Value::Class(class))) =
                                (t.class == "__table__", &t.receiver)
                            {
                                if let Some(Value::Str(name)) =
                                    crate::eval::class_attribute(class, "__tablename__")
                                {
                                    return Some(name);
                                }
                            }
                        }
                    }
                }
                o.args.positional.iter().find_map(find)
            }
            _ => None,
        }
    }
    index.args.positional.iter().skip(1).find_map(find)
}

/// `op.create_index(name, table, [columns], **options)` for a free-standing `Index`.
pub(crate) fn index_args(index: &Object, table: &QualName) -> Args {
    let columns: Vec<Value> = index
        .args
        .positional
        .iter()
        .skip(1)
        .map(|v| match v {
            Value::Object(o) if o.class == MODEL_COLUMN => {
                o.args.positional.get(1).cloned().unwrap_or(Value::None)
            }
            // `table.c["name"]`.
            Value::Object(o)
                if o.class == "__getitem__"
                    && matches!(&o.receiver, Some(Value::Object(c)) if c.class == "c") =>
            {
                o.args.positional.first().cloned().unwrap_or(Value::None)
            }
            Value::Object(o) if matches!(&o.receiver, Some(Value::Object(c)) if c.class == "c") => {
                Value::Str(o.class.clone())
            }
            other => other.clone(),
        })
        .collect();
    let mut keywords = index.args.keywords.clone();
    if let Some(schema) = &table.schema {
        keywords.push(("schema".into(), Value::Str(schema.clone())));
    }
    Args {
        positional: vec![
            index
                .args
                .positional
                .first()
                .cloned()
                .unwrap_or(Value::None),
            Value::Str(table.name.clone()),
            Value::List(columns),
        ],
        keywords,
        ..Args::default()
    }
}

/// Whether an annotation is `Optional[...]` / `X | None` (inside `Mapped[...]`).
fn annotation_optional(annotation: &Value) -> bool {
    let inner = match annotation {
        Value::Object(o) if class_name(&o.class).ends_with("Mapped[]") => {
            o.args.positional.first().cloned().unwrap_or(Value::None)
        }
        other => other.clone(),
    };
    match &inner {
        Value::Object(o) => match class_name(&o.class) {
            "Optional[]" => true,
            "Union[]" => o.args.positional.iter().any(|a| matches!(a, Value::None)),
            "Annotated[]" => o.args.positional.first().is_some_and(annotation_optional),
            _ => false,
        },
        Value::None => true,
        _ => false,
    }
}

/// Whether a keyword is set in the call.
pub(super) fn kw<'a>(o: &'a Object, name: &str) -> Option<&'a Value> {
    o.args.keyword(name)
}

/// One attribute of a class body as a `Column` object, if it declares one.
fn attribute_column(
    attr: &str,
    value: Option<&Value>,
    annotation: Option<&Value>,
    type_map: &[(Value, Value)],
    style: Style,
    span: &Span,
) -> Result<Option<Value>, String> {
    // `orm.deferred(Column(...))`, `column_property(Column(...))`: the column inside (loaded
    // later, or mapped with options; the table holds it all the same). Its annotation does
    // not make the column NOT NULL: only a `mapped_column` takes one.
    if let Some(Value::Object(o)) = value {
        if o.receiver.is_none() && matches!(class_name(&o.class), "deferred" | "column_property") {
            if let Some(inner @ Value::Object(c)) = o.args.positional.first() {
                if matches!(class_name(&c.class), "Column" | "mapped_column") {
                    return attribute_column(attr, Some(inner), None, type_map, style, span);
                }
            }
        }
    }
    // `created_at: Mapped[Optional[datetime]] = None` maps the column as if nothing were
    // assigned (SQLAlchemy's scan takes `None` for "no value"); so does SQLModel's field.
    let value = value.filter(|v| !matches!(v, Value::None));
    match value {
        Some(Value::Object(o)) if o.receiver.is_none() && class_name(&o.class) == "Column" => {
            if matches!(o.args.positional.first(), Some(Value::Str(_))) {
                Ok(Some(Value::Object(o.clone())))
            } else {
                Ok(Some(column_object(
                    attr,
                    o.args.positional.clone(),
                    o.args.keywords.clone(),
                    &o.span,
                )))
            }
        }
        Some(Value::Object(o))
            if o.receiver.is_none() && class_name(&o.class) == "mapped_column" =>
        {
            let mut positional = o.args.positional.clone();
            let name = match positional.first() {
                Some(Value::Str(s)) => {
                    let s = s.clone();
                    positional.remove(0);
                    s
                }
                _ => attr.to_string(),
            };
            let has_type = positional
                .iter()
                .any(|p| !matches!(p, Value::Object(x) if super::column::is_column_option(class_name(&x.class))));
            let mut keywords: Vec<(String, Value)> = o
                .args
                .keywords
                .iter()
                .filter(|(k, _)| {
                    k != "type_"
                        && k != "default"
                        && k != "insert_default"
                        && k != "sort_order"
                        && k != "init"
                        && k != "repr"
                        && k != "default_factory"
                        && k != "kw_only"
                        && k != "deferred"
                        && k != "use_existing_column"
                })
                .cloned()
                .collect();
            // The Column's client-side default: `insert_default`, else `default`.
            if let Some(d) = kw(o, "insert_default").or_else(|| kw(o, "default")) {
                keywords.push(("default".into(), d.clone()));
            }
            if let Some(t) = kw(o, "type_") {
                positional.insert(0, t.clone());
            }
            // Without a type, a foreign key's column takes the type of the column it names,
            // whatever the annotation says (SQLAlchemy 2.0's mapped_column does so).
            let from_foreign_key = !has_type
                && kw(o, "type_").is_none()
                && positional
                    .iter()
                    .any(|p| matches!(p, Value::Object(x) if class_name(&x.class) == "ForeignKey"));
            let typed = has_type || kw(o, "type_").is_some() || from_foreign_key;
            let (from_annotation, optional) = match annotation {
                Some(a) => match annotation_type(a, type_map) {
                    Ok(r) if from_foreign_key => (None, Some(r.1)),
                    Ok(r) => (r.0, Some(r.1)),
                    Err(e) if !typed => return Err(e),
                    // The type is given; the annotation still says whether NULL is allowed.
                    Err(_) => (None, Some(annotation_optional(a))),
                },
                None => (None, None),
            };
            if !typed {
                match from_annotation {
                    Some(t) => positional.insert(0, t),
                    None => return Err(format!("the type of `{attr}` is not known")),
                }
            }
            if kw(o, "nullable").is_none()
                && kw(o, "primary_key").and_then(Value::as_bool) != Some(true)
            {
                if let Some(optional) = optional {
                    keywords.push(("nullable".into(), Value::Bool(optional)));
                }
            }
            Ok(Some(column_object(&name, positional, keywords, &o.span)))
        }
        Some(Value::Object(o))
            if style == Style::SqlModel
                && o.receiver.is_none()
                && class_name(&o.class) == "Field" =>
        {
            if let Some(Value::Object(c)) = kw(o, "sa_column") {
                return attribute_column(
                    attr,
                    Some(&Value::Object(c.clone())),
                    annotation,
                    type_map,
                    Style::Declarative,
                    span,
                );
            }
            sqlmodel_column(attr, Some(o), None, annotation, type_map, span).map(Some)
        }
        // A SQLModel field with a plain default (`count: int = 3`, `status: str =
        // Status.NEW`, a value driftlock does not know) is a column all the same: pydantic
        // makes a field of every annotated attribute but a relationship, a private attribute
        // and a method. The default is the client's, not the table's.
        Some(v)
            if style == Style::SqlModel
                && annotation.is_some_and(|a| !class_variable(a))
                && sqlmodel_field_default(v) =>
        {
            sqlmodel_column(attr, None, Some(v), annotation, type_map, span).map(Some)
        }
        Some(_) => Ok(None),
        None => match annotation {
            Some(Value::Object(a)) if matches!(class_name(&a.class), "Mapped[]") => {
                let (t, optional) = annotation_type(&Value::Object(a.clone()), type_map)?;
                let t = t.ok_or_else(|| format!("the type of `{attr}` is not known"))?;
                Ok(Some(column_object(
                    attr,
                    vec![t],
                    vec![("nullable".into(), Value::Bool(optional))],
                    span,
                )))
            }
            Some(_) if style == Style::SqlModel => {
                sqlmodel_column(attr, None, None, annotation, type_map, span).map(Some)
            }
            _ => Ok(None),
        },
    }
}

/// `ClassVar[...]`: an attribute of the class, never a field.
fn class_variable(annotation: &Value) -> bool {
    match annotation {
        Value::Object(o) => class_name(&o.class).trim_end_matches("[]") == "ClassVar",
        Value::External(n) => class_name(n) == "ClassVar",
        _ => false,
    }
}

/// The columns a class body (and its mixins, after it) declares, in order.
fn columns_of(
    c: &Rc<ClassValue>,
    mapped: &ClassValue,
    roots: &[Root],
    style: Style,
    type_map: &[(Value, Value)],
    out: &mut Vec<(String, Value, Span)>,
) -> Result<(), Problem> {
    // A mixin's `@declared_attr` functions, which the interpreter called with the mapped class
    // (their results are the mapped class's attributes), in the mixin's order after its plain
    // attributes.
    let mut declared: Vec<(usize, String, Span)> = c
        .attributes
        .iter()
        .filter_map(|(name, v)| match (v, mapped.attributes.get(name)) {
            (Value::Function(f), Some(result))
                if !std::ptr::eq(c.as_ref(), mapped) && !matches!(result, Value::Function(_)) =>
            {
                let start = f.def.range.start().to_usize();
                let end = f.def.range.end().to_usize();
                Some((start, name.clone(), Span::new(f.module.file, start..end)))
            }
            _ => None,
        })
        .collect();
    declared.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    for attr in &c.order {
        if out.iter().any(|(a, _, _)| a == attr) {
            continue;
        }
        // A mixin's attribute that the mapped class defines itself (a `column_property` over
        // a mixin's `update_time: Mapped[...]`) is the class's, not a column from the mixin.
        if !std::ptr::eq(c.as_ref(), mapped)
            && mapped.attributes.contains_key(attr)
            && !mapped.declared.contains(attr)
        {
            continue;
        }
        let span = c
            .attribute_spans
            .get(attr)
            .cloned()
            .unwrap_or_else(|| c.span.clone());
        let annotation = c
            .annotations
            .iter()
            .find(|(n, _)| n == attr)
            .map(|(_, v)| v);
        let value = c.attributes.get(attr).map(unwrap_flask);
        let column = attribute_column(attr, value.as_ref(), annotation, type_map, style, &span)
            .map_err(|why| (span.clone(), why))?;
        if let Some(column) = column {
            out.push((attr.clone(), column, span));
        }
    }
    for (_, attr, span) in declared.iter().filter(|(_, n, _)| !n.starts_with("__")) {
        if c.order.contains(attr) || out.iter().any(|(a, _, _)| a == attr) {
            continue;
        }
        let value = mapped.attributes.get(attr).map(unwrap_flask);
        let column = attribute_column(attr, value.as_ref(), None, type_map, style, span)
            .map_err(|why| (span.clone(), why))?;
        if let Some(column) = column {
            out.push((attr.clone(), column, span.clone()));
        }
    }
    // Mixins (classes that are not mapped) give their columns to every class using them; so
    // does the class a declarative base is made from (`declarative_base(cls=Mixin)`).
    for b in &c.bases {
        if let Value::Object(base) = b {
            if let Some(Value::Class(mixin)) = base.args.keyword("cls") {
                columns_of(mixin, mapped, roots, style, type_map, out)?;
            }
        }
        if let Value::Class(mixin) = b {
            // A SQLModel class without `table=True` is a data model: its fields are columns of
            // the tables that subclass it.
            let data_model = style == Style::SqlModel && !sqlmodel_table(mixin);
            // A declarative base's own columns (`class Base(DeclarativeBase): id = ...`) are
            // its subclasses' columns too.
            let is_base = mixin.bases.iter().any(|b| {
                matches!(b, Value::External(n) if matches!(class_name(n), "DeclarativeBase" | "DeclarativeBaseNoMeta"))
            });
            if !is_mapped(mixin, roots)
                || is_base
                || data_model
                || own_str(mixin, "__abstract__").is_some()
                || mixin
                    .attributes
                    .get("__abstract__")
                    .and_then(Value::as_bool)
                    == Some(true)
            {
                columns_of(mixin, mapped, roots, style, type_map, out)?;
            }
        }
    }
    Ok(())
}

/// Tables referenced by the foreign keys among `items` (columns and table constraints).
fn references(items: &[Value]) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    let target = |v: &Value, out: &mut BTreeSet<Key>| {
        if let Some((table, _)) = super::create_all::target_of(v) {
            out.insert(key(&table));
        }
    };
    for item in items {
        let Value::Object(o) = item else { continue };
        match class_name(&o.class) {
            "Column" => {
                for p in &o.args.positional {
                    if let Value::Object(fk) = p {
                        // A `use_alter` key is added after the tables: no order.
                        let late =
                            fk.args.keyword("use_alter").and_then(Value::as_bool) == Some(true);
                        if class_name(&fk.class) == "ForeignKey" && !late {
                            if let Some(t) = fk.args.get(0, "column") {
                                target(t, &mut out);
                            }
                        }
                    }
                }
            }
            "ForeignKeyConstraint"
                if o.args.keyword("use_alter").and_then(Value::as_bool) != Some(true) =>
            {
                if let Some(Value::List(ts) | Value::Tuple(ts) | Value::Set(ts)) =
                    o.args.get(1, "refcolumns")
                {
                    for t in ts {
                        target(t, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `value` with every column object of `names` replaced by the column's name, recursively.
fn name_columns(value: &Value, names: &[(*const Object, String)]) -> Value {
    match value {
        Value::Object(o) => {
            if let Some((_, n)) = names.iter().find(|(p, _)| *p == Rc::as_ptr(o)) {
                // `sa.column(name)`: a column reference in names and in SQL expressions.
                return Value::Object(Rc::new(Object {
                    class: "sqlalchemy.column".into(),
                    receiver: None,
                    args: Args {
                        positional: vec![Value::Str(n.clone())],
                        ..Args::default()
                    },
                    called: true,
                    span: o.span.clone(),
                }));
            }
            Value::Object(Rc::new(Object {
                class: o.class.clone(),
                receiver: o.receiver.as_ref().map(|r| name_columns(r, names)),
                args: Args {
                    positional: o
                        .args
                        .positional
                        .iter()
                        .map(|v| name_columns(v, names))
                        .collect(),
                    keywords: o
                        .args
                        .keywords
                        .iter()
                        .map(|(k, v)| (k.clone(), name_columns(v, names)))
                        .collect(),
                    positional_spans: o.args.positional_spans.clone(),
                    keyword_spans: o.args.keyword_spans.clone(),
                },
                called: o.called,
                span: o.span.clone(),
            }))
        }
        Value::List(items) => Value::List(items.iter().map(|v| name_columns(v, names)).collect()),
        Value::Tuple(items) => Value::Tuple(items.iter().map(|v| name_columns(v, names)).collect()),
        other => other.clone(),
    }
}

/// `__table_args__`: positional constraints and indexes, and the keyword dict.
/// A mapped superclass's own plain `__table_args__` is its table's, not a joined subclass's
/// (SQLAlchemy takes them from the class itself and its mixins, or from a `declared_attr`).
fn table_args(c: &Rc<ClassValue>) -> (Vec<Value>, Vec<(String, Value)>) {
    let mut found = None;
    let mut cur = Some(c.clone());
    while let Some(k) = cur {
        let mapped_superclass = !Rc::ptr_eq(&k, c)
            && matches!(k.attributes.get("__tablename__"), Some(Value::Str(_)))
            && !matches!(k.attributes.get("__abstract__"), Some(Value::Bool(true)));
        if let Some(v) = k
            .attributes
            .get("__table_args__")
            .filter(|v| !mapped_superclass || matches!(v, Value::Function(_)))
        {
            found = Some(v.clone());
            break;
        }
        cur = k.bases.iter().find_map(|b| match b {
            Value::Class(b) => Some(b.clone()),
            _ => None,
        });
    }
    let mut positional = Vec::new();
    let mut keywords = Vec::new();
    let read_dict = |items: &[(Value, Value)], keywords: &mut Vec<(String, Value)>| {
        for (k, v) in items {
            if let Value::Str(k) = k {
                if matches!(k.as_str(), "schema" | "comment") {
                    keywords.push((k.clone(), v.clone()));
                }
            }
        }
    };
    // Left as written (`db.Index(...)` naming `db.Column` attributes): the caller names the
    // columns by those very objects, then reads Flask-SQLAlchemy's names as SQLAlchemy's.
    match found {
        Some(Value::Dict(items)) => read_dict(&items, &mut keywords),
        Some(Value::Tuple(items) | Value::List(items)) => {
            for item in items {
                match item {
                    Value::Dict(d) => read_dict(&d, &mut keywords),
                    other => positional.push(other),
                }
            }
        }
        _ => {}
    }
    // `UniqueConstraint(a, b)` and `Index("ix", a)` made in the class's own body over its
    // columns and bound to no name: SQLAlchemy attaches them to the table when the columns
    // join it. Over columns named by string they attach to nothing.
    if let Some(Value::List(items)) = c.attributes.get(crate::eval::value::MODULE_SCHEMA_ITEMS) {
        for item in items {
            let Value::Object(o) = item else { continue };
            let columns = match class_name(&o.class) {
                "UniqueConstraint" => &o.args.positional[..],
                "Index" => o.args.positional.get(1..).unwrap_or_default(),
                _ => continue,
            };
            let own_column = |v: &Value| {
                matches!(v, Value::Object(col) if matches!(class_name(&col.class), "Column" | "mapped_column")
                    && c.attributes.values().any(|a| a.same_object(v)))
            };
            if !columns.is_empty() && columns.iter().all(own_column) {
                positional.push(item.clone());
            }
        }
    }
    (positional, keywords)
}

/// The table a mapped class declares; `None` for bases, abstract classes, mixins and
/// single-table subclasses (whose columns go to their parent's table in `tables`).
pub(crate) fn class_table(
    c: &Rc<ClassValue>,
    roots: &[Root],
    tables: &mut [TableDecl],
) -> Result<Option<TableDecl>, Problem> {
    let Some((style, matched)) = c.bases.iter().find_map(|b| base_style(b, roots)) else {
        return Ok(None);
    };
    if !matched || is_base(c) {
        return Ok(None);
    }
    if c.attributes.get("__abstract__").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    if let Some(Value::Object(t)) = c.attributes.get("__table__") {
        if class_name(&t.class) == "Table" {
            return core_table(t, roots);
        }
    }
    if style == Style::SqlModel && !sqlmodel_table(c) {
        return Ok(None);
    }
    let type_map = type_annotation_map(c);
    let mut columns = Vec::new();
    columns_of(c, c, roots, style, &type_map, &mut columns)?;
    let inherited = table_name(c);
    let mapped_parent = c.bases.iter().find_map(|b| match b {
        Value::Class(p)
            if is_mapped(p, roots)
                && p.attributes.get("__abstract__").and_then(Value::as_bool) != Some(true)
                && !is_base(p)
                && (style != Style::SqlModel || sqlmodel_table(p)) =>
        {
            Some(p.clone())
        }
        _ => None,
    });
    let default_name = |k: &ClassValue| match style {
        Style::Flask => Some(crate::eval::classes::snake_case(&k.name)),
        Style::SqlModel => Some(k.name.to_lowercase()),
        Style::Declarative => None,
    };
    let name = if let Some(n) = own_str(c, "__tablename__") {
        n
    } else if let Some(parent) = &mapped_parent {
        if style == Style::Flask && has_primary_key(&columns) {
            crate::eval::classes::snake_case(&c.name)
        } else {
            // Single-table inheritance: the subclass's columns belong to its parent's table.
            let parent_name = table_name(parent)
                .map(|(n, _)| n)
                .or_else(|| default_name(parent));
            if let Some(parent) = tables
                .iter_mut()
                .find(|t| Some(&t.name.name) == parent_name.as_ref())
            {
                for (attr, column, span) in columns {
                    if !parent.column_spans.iter().any(|(n, _)| *n == attr) {
                        parent.create_table.positional.push(column);
                        parent.column_spans.push((attr, span));
                    }
                }
            }
            return Ok(None);
        }
    } else if let Some((n, _)) = inherited {
        n
    } else {
        default_name(c).ok_or_else(|| {
            (
                c.span.clone(),
                "a mapped class without `__tablename__`".into(),
            )
        })?
    };
    let (constraints, mut keywords) = table_args(c);
    // Inside the class body, constraints name columns by the attribute objects themselves
    // (`Index("ix", created_at)`): replace each by its column's name.
    let names: Vec<(*const Object, String)> = c
        .order
        .iter()
        .filter_map(|attr| match c.attributes.get(attr) {
            Some(Value::Object(o))
                if matches!(class_name(&o.class), "Column" | "mapped_column") =>
            {
                let name = match o.args.positional.first() {
                    Some(Value::Str(n)) => n.clone(),
                    _ => attr.clone(),
                };
                Some((Rc::as_ptr(o), name))
            }
            _ => None,
        })
        .collect();
    let constraints: Vec<Value> = constraints
        .iter()
        .map(|v| unwrap_flask(&name_columns(v, &names)))
        .collect();
    let mut positional = vec![Value::Str(name.clone())];
    let mut column_spans = Vec::new();
    let mut items = Vec::new();
    for (attr, column, span) in columns {
        let column_name = match &column {
            Value::Object(o) => match o.args.positional.first() {
                Some(Value::Str(n)) => n.clone(),
                _ => attr.clone(),
            },
            _ => attr.clone(),
        };
        column_spans.push((column_name, span));
        // A generated column's expression may name other attributes (`Computed(message["id"]
        // .as_string())`): by their columns' names, as the constraints do. A foreign key to
        // a column of the class body (`ForeignKey(id)`) names this table's column.
        let own_key = |v: &Value| match v {
            Value::Object(fk) if fk.receiver.is_none() && class_name(&fk.class) == "ForeignKey" => {
                let target =
                    match fk.args.positional.first() {
                        Some(Value::Object(t)) => names
                            .iter()
                            .find(|(p, _)| *p == Rc::as_ptr(t))
                            .map(|(_, column)| {
                                let schema = keywords
                                    .iter()
                                    .find(|(k, _)| k == "schema")
                                    .and_then(|(_, v)| v.as_str());
                                Value::Str(match schema {
                                    Some(schema) => format!("{schema}.{name}.{column}"),
                                    None => format!("{name}.{column}"),
                                })
                            }),
                        _ => None,
                    };
                target.map(|target| {
                    let mut args = fk.args.clone();
                    args.positional[0] = target;
                    Value::Object(Rc::new(Object {
                        class: fk.class.clone(),
                        receiver: None,
                        args,
                        called: fk.called,
                        span: fk.span.clone(),
                    }))
                })
            }
            _ => None,
        };
        let column = match &column {
            Value::Object(o) => Value::Object(Rc::new(Object {
                class: o.class.clone(),
                receiver: o.receiver.clone(),
                args: Args {
                    positional: o
                        .args
                        .positional
                        .iter()
                        .map(|v| own_key(v).unwrap_or_else(|| name_columns(v, &names)))
                        .collect(),
                    keywords: o
                        .args
                        .keywords
                        .iter()
                        .map(|(k, v)| (k.clone(), name_columns(v, &names)))
                        .collect(),
                    positional_spans: o.args.positional_spans.clone(),
                    keyword_spans: o.args.keyword_spans.clone(),
                },
                called: o.called,
                span: o.span.clone(),
            })),
            other => other.clone(),
        };
        items.push(column);
    }
    items.extend(constraints);
    let default_schema = super::metadata::class_metadata_schema(c);
    let items = super::metadata::with_default_schema(items, default_schema.as_deref());
    let references = references(&items);
    positional.extend(items);
    let schema = super::metadata::table_schema(&mut keywords, default_schema);
    Ok(Some(TableDecl {
        name: QualName::new(schema, name),
        span: c.span.clone(),
        create_table: Args {
            positional,
            keywords,
            ..Args::default()
        },
        indexes: Vec::new(),
        column_spans,
        references,
    }))
}

fn has_primary_key(columns: &[(String, Value, Span)]) -> bool {
    columns.iter().any(|(_, c, _)| match c {
        Value::Object(o) => o.args.keyword("primary_key").and_then(Value::as_bool) == Some(true),
        _ => false,
    })
}

/// An imperative `Table("name", metadata, *columns, *constraints, schema=...)` attached to one
/// of `roots`' metadata.
pub(crate) fn core_table(o: &Rc<Object>, roots: &[Root]) -> Result<Option<TableDecl>, Problem> {
    let Some(Value::Str(name)) = o.args.positional.first() else {
        return Err((
            o.span.clone(),
            "a table whose name is not known statically".into(),
        ));
    };
    // `db.Table(name, *columns)` has no metadata argument.
    let element = |v: &Value| matches!(v, Value::Object(c) if matches!(class_name(&c.class), "Column" | "ForeignKeyConstraint" | "PrimaryKeyConstraint" | "UniqueConstraint" | "CheckConstraint" | "Index"));
    let has_metadata = o.args.positional.get(1).is_some_and(|v| !element(v));
    if let Some(metadata) = o.args.positional.get(1).filter(|_| has_metadata) {
        if let Some(root) = root_of_metadata(metadata) {
            let ours = roots.is_empty() || roots.contains(&root);
            if !ours {
                return Ok(None);
            }
        }
    }
    let skip = if has_metadata { 2 } else { 1 };
    let items: Vec<Value> = o
        .args
        .positional
        .iter()
        .skip(skip)
        .map(unwrap_flask)
        .collect();
    let column_spans = items
        .iter()
        .filter_map(|i| match i {
            Value::Object(c) if class_name(&c.class) == "Column" => match c.args.positional.first()
            {
                Some(Value::Str(n)) => Some((n.clone(), c.span.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let default_schema = o
        .args
        .positional
        .get(1)
        .filter(|_| has_metadata)
        .and_then(super::metadata::metadata_schema);
    let items = super::metadata::with_default_schema(items, default_schema.as_deref());
    let references = references(&items);
    let mut positional = vec![Value::Str(name.clone())];
    positional.extend(items);
    let mut keywords: Vec<(String, Value)> = o
        .args
        .keywords
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "schema" | "comment"))
        .cloned()
        .collect();
    let schema = super::metadata::table_schema(&mut keywords, default_schema);
    Ok(Some(TableDecl {
        name: QualName::new(schema, name.clone()),
        span: o.span.clone(),
        create_table: Args {
            positional,
            keywords,
            ..Args::default()
        },
        indexes: Vec::new(),
        column_spans,
        references,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn flask_table_names() {
        assert_eq!(crate::eval::classes::snake_case("TodoList"), "todo_list");
        assert_eq!(crate::eval::classes::snake_case("User"), "user");
        assert_eq!(crate::eval::classes::snake_case("HTTPLog"), "http_log");
        assert_eq!(crate::eval::classes::snake_case("Task2Item"), "task2_item");
    }
}
