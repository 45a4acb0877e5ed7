//! What Python does with classes and metadata beyond plain evaluation: the names of private
//! class attributes (`__x` stored as `_Class__x`), and a naming convention's callable tokens,
//! read by calling them on markers.

use super::interp::{Host, Interp};
use super::value::{Args, Object, Value, CONVENTION_TOKEN};
use crate::diagnostic::Span;
use crate::source::FileId;

impl<H: Host + ?Sized> Interp<'_, H> {
    /// The naming convention assigned to a metadata's attribute (`metadata.naming_convention
    /// = {...}`) by the code run so far, as a `MetaData(naming_convention=...)` call; one
    /// assigned by module `except` (env.py, whose assignment only Alembic sees, not the
    /// application's own `create_all()`) is left out.
    pub fn assigned_convention(&self, except: Option<&str>) -> Option<Value> {
        let (module, convention) = self.assigned_convention.clone()?;
        if except == Some(module.as_str()) {
            return None;
        }
        Some(Object::call(
            "sqlalchemy.MetaData",
            Vec::new(),
            vec![("naming_convention".into(), convention)],
            &Span::new(FileId(0), 0..0),
        ))
    }

    /// A naming convention's dict with each callable token (`'column_names': fn`) replaced by
    /// what probing it tells: the function is called with a constraint of three marker
    /// columns, unique and not, and its result read back as the column names joined by a
    /// separator, a text per uniqueness, or a constant. A callable it cannot read stays, and
    /// naming with it is reported as before.
    pub(super) fn probe_convention(&mut self, convention: Value) -> Value {
        let Value::Dict(items) = convention else {
            return convention;
        };
        let mut out = Vec::new();
        for (key, value) in items {
            let probed = match &value {
                Value::Function(_) => self.probe_token(&value).unwrap_or(value),
                _ => value,
            };
            out.push((key, probed));
        }
        Value::Dict(out)
    }

    fn probe_token(&mut self, function: &Value) -> Option<Value> {
        const MARKERS: [&str; 3] = ["\u{1}a\u{1}", "\u{1}b\u{1}", "\u{1}c\u{1}"];
        let span = Span::new(FileId(0), 0..0);
        let mut call = |unique: bool| {
            let constraint = Object::call(
                "__probe__.Constraint",
                Vec::new(),
                vec![
                    (
                        "columns".into(),
                        Value::List(MARKERS.iter().map(|m| Value::Str(m.to_string())).collect()),
                    ),
                    ("unique".into(), Value::Bool(unique)),
                    ("name".into(), Value::None),
                ],
                &span,
            );
            let table = Object::call(
                "__probe__.Table",
                Vec::new(),
                vec![("name".into(), Value::Str("\u{1}t\u{1}".into()))],
                &span,
            );
            let args = Args {
                positional: vec![constraint, table],
                ..Args::default()
            };
            match self.call(function, args, &span) {
                Value::Str(s) => Some(s),
                _ => None,
            }
        };
        let (yes, no) = (call(true)?, call(false)?);
        let token = |text: String| {
            Some(Object::call(
                CONVENTION_TOKEN,
                vec![Value::Str(text)],
                Vec::new(),
                &span,
            ))
        };
        let marked = |s: &str| s.contains('\u{1}');
        if yes != no {
            return (!marked(&yes) && !marked(&no))
                .then(|| token(format!("unique\u{0}{yes}\u{0}{no}")))?;
        }
        if !marked(&yes) {
            return token(format!("const\u{0}{yes}"));
        }
        let rest = yes.strip_prefix(MARKERS[0])?;
        let separator = &rest[..rest.find(MARKERS[1])?];
        (yes == MARKERS.join(separator)).then(|| token(format!("columns\u{0}{separator}")))?
    }
}

/// The name Python stores a class-private identifier (`__x`, not `__x__`) of class `class`
/// under: `_Class__x` (the class name without its leading underscores); other names as
/// they are.
pub(super) fn mangle(class: &str, name: &str) -> String {
    let stripped = class.trim_start_matches('_');
    if name.starts_with("__") && !name.ends_with("__") && !stripped.is_empty() {
        format!("_{stripped}{name}")
    } else {
        name.to_string()
    }
}

/// Whether a class maps onto a declarative base: one of its bases, at any depth, is a
/// declarative base (SQLAlchemy's base classes, `declarative_base()`, Flask-SQLAlchemy's
/// `db.Model`, SQLModel) or a class that subclasses one.
pub(crate) fn maps_onto_a_base(class: &super::value::ClassValue) -> bool {
    class.bases.iter().any(maps_onto_base)
}

/// Whether a base of a class is, or derives from, a declarative base.
fn maps_onto_base(base: &Value) -> bool {
    match base {
        // A framework's declarative base, imported from its package (`from
        // flask_appbuilder import Model`).
        Value::External(n) => matches!(
            n.rsplit('.').next(),
            Some("DeclarativeBase" | "DeclarativeBaseNoMeta" | "SQLModel" | "Model" | "Base")
        ),
        Value::Object(o) => matches!(
            o.class.rsplit('.').next(),
            Some("declarative_base" | "generate_base" | "Model")
        ),
        Value::Class(c) => maps_onto_a_base(c),
        _ => false,
    }
}

/// A class statement's bases as SQLAlchemy sees them: `@as_declarative()`, or
/// `metaclass=DeclarativeMeta` on a class deriving from no base, makes the class a declarative
/// base, as deriving from `DeclarativeBase` does; `declarative_base(cls=Mixin)` brings its mixin.
pub(super) fn mapping_bases(
    bases: &mut Vec<Value>,
    as_declarative: bool,
    keywords: &[(String, Value)],
) {
    let by_metaclass = declarative_metaclass(keywords) && !bases.iter().any(maps_onto_base);
    if as_declarative || by_metaclass {
        bases.insert(0, Value::External("sqlalchemy.orm.DeclarativeBase".into()));
    }
    add_declarative_mixins(bases);
}

/// `class Base(metaclass=DeclarativeMeta)` (with `registry`/`metadata` attributes): a
/// declarative base made by its metaclass, directly or through a subclass of it.
fn declarative_metaclass(keywords: &[(String, Value)]) -> bool {
    fn is_declarative_meta(v: &Value) -> bool {
        match v {
            Value::External(n) => n.rsplit('.').next() == Some("DeclarativeMeta"),
            Value::Class(c) => c.bases.iter().any(is_declarative_meta),
            _ => false,
        }
    }
    keywords
        .iter()
        .any(|(k, v)| k == "metaclass" && is_declarative_meta(v))
}

/// `Base = declarative_base(cls=Mixin)`: the base is a subclass of `Mixin`, whose attributes
/// (a `__tablename__` declared_attr) its classes inherit; `Mixin` joins the bases of a class
/// that derives from `Base`, right after it.
fn add_declarative_mixins(bases: &mut Vec<Value>) {
    let mut i = 0;
    while i < bases.len() {
        if let Value::Object(o) = &bases[i] {
            let declarative = o.receiver.is_none()
                && o.called
                && o.class.rsplit('.').next() == Some("declarative_base");
            if let (true, Some(mixin @ Value::Class(_))) = (declarative, o.args.keyword("cls")) {
                let mixin = mixin.clone();
                if !bases.iter().any(|b| b.same_object(&mixin)) {
                    bases.insert(i + 1, mixin);
                }
            }
        }
        i += 1;
    }
}
