//! What Python does with classes and metadata beyond plain evaluation: the names of private
//! class attributes (`__x` stored as `_Class__x`), a naming convention's callable tokens,
//! read by calling them on markers, the values `auto()` gives enum members, and which classes
//! SQLAlchemy maps.

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::value::{Args, ClassValue, Function, Object, Value, CONVENTION_TOKEN};
use crate::diagnostic::Span;
use crate::python::{ast, range_of};
use crate::source::FileId;

/// What a class body assigned as it ran, in order: its attribute names (each time one is
/// assigned), their annotations and where each is assigned. Assignments under an `if`, a
/// `try` or a `with` of the body count when they run (`if TYPE_CHECKING: ... else: email:
/// Mapped[str] = mapped_column(...)`), those of a branch not taken do not.
#[derive(Default)]
pub(super) struct ClassBodyLog {
    pub order: Vec<String>,
    pub annotations: Vec<(String, Value)>,
    pub spans: std::collections::HashMap<String, Span>,
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `Column(UUIDType, ...)`: SQLAlchemy instantiates a type given as a class with no
    /// arguments, so a `TypeDecorator` of the checkout or a library given that way runs its
    /// `__init__` and picks its PostgreSQL type as `UUIDType()` would.
    pub(super) fn instantiate_column_type(
        &mut self,
        callee: &Value,
        mut args: Args,
        span: &Span,
    ) -> Args {
        let column = match callee {
            Value::External(name) => name.rsplit('.').next(),
            Value::Object(o) if o.receiver.is_some() => Some(o.class.as_str()),
            _ => None,
        };
        if !matches!(column, Some("Column" | "mapped_column")) {
            return args;
        }
        for i in 0..args.positional.len() {
            let Value::Class(c) = &args.positional[i] else {
                continue;
            };
            let is_type = super::builtins::class_attribute(c, "impl").is_some()
                || super::builtins::class_attribute(c, "load_dialect_impl").is_some();
            if is_type {
                let class = args.positional[i].clone();
                args.positional[i] = self.call(&class, Args::default(), span);
            }
        }
        args
    }

    /// `db.Column(UUIDType, ...)` of a Flask-SQLAlchemy object is SQLAlchemy's `Column`: a
    /// type given as a class is instantiated there too.
    pub(super) fn flask_column_types(
        &mut self,
        receiver: &Value,
        method: &str,
        args: Args,
        span: &Span,
    ) -> Args {
        match receiver {
            Value::Object(db)
                if matches!(method, "Column" | "mapped_column")
                    && db.class.rsplit('.').next() == Some("SQLAlchemy") =>
            {
                let column = Value::External(format!("sqlalchemy.{method}"));
                self.instantiate_column_type(&column, args, span)
            }
            _ => args,
        }
    }

    /// Notes the targets of `stmt`, an assignment that just ran, when it ran in a class body.
    pub(super) fn log_class_assignment(&mut self, stmt: &ast::Stmt) {
        if !self
            .frames
            .last()
            .is_some_and(|f| f.scope == super::interp::Scope::ClassBody)
            || self.class_bodies.is_empty()
        {
            return;
        }
        let (targets, annotation): (Vec<&ast::Expr>, Option<&ast::Expr>) = match stmt {
            ast::Stmt::Assign(a) => (a.targets.iter().collect(), None),
            ast::Stmt::AnnAssign(a) => (vec![a.target.as_ref()], Some(a.annotation.as_ref())),
            _ => return,
        };
        let annotation = match (annotation, targets.first()) {
            (Some(a), Some(ast::Expr::Name(n))) => Some((n.id.to_string(), self.eval(a))),
            _ => None,
        };
        let span = self.span(range_of(stmt));
        let Some(log) = self.class_bodies.last_mut() else {
            return;
        };
        log.annotations.extend(annotation);
        for target in targets {
            if let ast::Expr::Name(n) = target {
                log.order.push(n.id.to_string());
                log.spans.insert(n.id.to_string(), span.clone());
            }
        }
    }

    /// Notes a class defined in a class body (`class Container: class Model(Base): ...`):
    /// an attribute of the outer class, in its place among the others.
    pub(super) fn log_nested_class(&mut self, name: &str, span: &Span) {
        let in_body = self
            .frames
            .last()
            .is_some_and(|f| f.scope == super::interp::Scope::ClassBody);
        if let (true, Some(log)) = (in_body, self.class_bodies.last_mut()) {
            log.order.push(name.to_string());
            log.spans.insert(name.to_string(), span.clone());
        }
    }

    /// `type(name, bases, namespace)`: a class made by a call, as its `class` statement would
    /// make it (a declarative base mixed with a prefix per call: `type("Base", (base, Mixin),
    /// {"_prefix": p})`). `None` for other arities or arguments not known statically.
    pub(super) fn class_from_type_call(&mut self, args: &Args, span: &Span) -> Option<Value> {
        let [Value::Str(name), bases, Value::Dict(namespace)] = args.positional.as_slice() else {
            return None;
        };
        let mut bases = match bases {
            Value::Tuple(items) | Value::List(items) => items.clone(),
            _ => return None,
        };
        let mut attributes = std::collections::HashMap::new();
        let mut order = Vec::new();
        for (key, value) in namespace {
            let Value::Str(key) = key else {
                return None;
            };
            order.push(key.clone());
            attributes.insert(key.clone(), value.clone());
        }
        mapping_bases(&mut bases, false, &[]);
        let class = ClassValue {
            name: name.clone(),
            bases,
            attributes,
            order,
            keywords: Vec::new(),
            annotations: Vec::new(),
            span: span.clone(),
            attribute_spans: Default::default(),
            declared: Vec::new(),
        };
        Some(Value::Class(self.declared_attributes(class, span)))
    }

    /// A mapped class inherits `@declared_attr` functions from its mixins (`__tablename__`,
    /// columns, `__table_args__`): SQLAlchemy calls each with the class, and so does this,
    /// keeping what they return as the class's own attributes (the declarative reader places
    /// the columns among the mixin's). Not for a declarative base, a
    /// plain mixin or an `__abstract__` class (their subclasses get their own calls).
    pub(super) fn declared_attributes(&mut self, class: ClassValue, span: &Span) -> Rc<ClassValue> {
        let abstract_ = matches!(
            class.attributes.get("__abstract__"),
            Some(Value::Bool(true))
        );
        let is_base = class.bases.iter().any(|b| {
            matches!(b, Value::External(n) if matches!(n.rsplit('.').next(), Some("DeclarativeBase" | "DeclarativeBaseNoMeta")))
        });
        if abstract_ || is_base || !maps_onto_a_base(&class) {
            return Rc::new(class);
        }
        let mut hooks: Vec<(String, Rc<Function>)> = Vec::new();
        collect_declared_attrs(&class.bases, &mut Default::default(), &mut hooks);
        hooks.retain(|(name, _)| !class.attributes.contains_key(name));
        // The class's own `@declared_attr` functions are called with it as well.
        let mut own: Vec<(String, Rc<Function>)> = class
            .attributes
            .iter()
            .filter_map(|(name, v)| match v {
                Value::Function(f) if super::expr::decorated_with(f, "declared_attr") => {
                    Some((name.clone(), f.clone()))
                }
                _ => None,
            })
            .collect();
        own.sort_by(|a, b| a.0.cmp(&b.0));
        hooks.extend(own);
        if hooks.is_empty() {
            return Rc::new(class);
        }
        // `__tablename__` first: the others may read it (`cls.__tablename__`).
        hooks.sort_by_key(|(name, _)| name != "__tablename__");
        let mut class = Rc::new(class);
        self.declaring.push(class.name.clone());
        for (name, hook) in hooks {
            let bound = super::expr::bind_first(&hook, Value::Class(class.clone()));
            let value = self.call(&bound, Args::default(), span);
            if let Value::Unknown(reason) = &value {
                // Said once per function, not once per class that inherits it.
                let start = hook.def.range.start().to_usize();
                let at = Span::new(hook.module.file, start..start + 4 + hook.def.name.len());
                if self.declared_unknown.insert((hook.module.file, start)) {
                    self.unanalyzable(
                        at,
                        format!("cannot tell what `@declared_attr` `{name}` gives the classes that inherit it ({reason}); it is left out of their tables"),
                    );
                }
            }
            if !matches!(value, Value::Unknown(_) | Value::None) {
                let mut named = (*class).clone();
                // The class's own function is an attribute in the order of its body.
                let own = matches!(named.attributes.get(&name), Some(Value::Function(f)) if Rc::ptr_eq(f, &hook));
                if own && !named.order.contains(&name) {
                    let at = hook.def.range.start().to_usize();
                    let position = named
                        .order
                        .iter()
                        .filter(|n| {
                            named
                                .attribute_spans
                                .get(*n)
                                .is_some_and(|s| s.range.start < at)
                        })
                        .count();
                    named.order.insert(position, name.clone());
                }
                named.declared.push(name.clone());
                named.attributes.insert(name, value);
                class = Rc::new(named);
            }
        }
        self.declaring.pop();
        class
    }

    /// `cls.__table__.c.get(key, default)` (or `.columns`): the column of that key in the
    /// class's table, else the default. While the class's own `@declared_attr` functions run,
    /// its table does not exist yet, so `cls.__table__` is the nearest mapped ancestor's (a
    /// mixin reusing the column an inherited table already has); a class with no table then
    /// is not known.
    pub(super) fn table_column_get(&mut self, class: &Rc<ClassValue>, args: &Args) -> Value {
        let Some(Value::Str(key)) = args.positional.first() else {
            return Value::unknown("a column looked up by a key that is not a string");
        };
        let default = args.positional.get(1).cloned().unwrap_or(Value::None);
        let holder = if self.declaring.contains(&class.name) {
            class.bases.iter().find_map(table_holder)
        } else {
            table_holder(&Value::Class(class.clone()))
        };
        match holder {
            Some(holder) => own_column(&holder, key).unwrap_or(default),
            None => Value::unknown(format!(
                "`{}.__table__` before the class has a table",
                class.name
            )),
        }
    }

    /// The members of an enum class written `auto()` get their values as Python's `enum`
    /// gives them: the class's `_generate_next_value_(name, 1, count, last_values)` when it
    /// (or a base) defines one, else the member's name lowercased for a `StrEnum`, the next
    /// power of two for a `Flag`, the last integer plus one for the others.
    pub(super) fn enum_auto_values(&mut self, class: &mut ClassValue, span: &Span) {
        if !super::expr::derives_from_enum(class) {
            return;
        }
        let generate = generator_of(class);
        let kind = enum_kind(&class.bases);
        let mut last_values: Vec<Value> = Vec::new();
        for name in class.order.clone() {
            if name.starts_with('_') {
                continue;
            }
            let Some(value) = class.attributes.get(&name).cloned() else {
                continue;
            };
            if matches!(value, Value::Function(_)) {
                continue;
            }
            let is_auto = matches!(&value, Value::Object(o) if o.receiver.is_none() && o.class == "enum.auto");
            let value = if !is_auto {
                value
            } else if let Some(generate) = &generate {
                let args = Args {
                    positional: vec![
                        Value::Str(name.clone()),
                        Value::Int(1),
                        Value::Int(last_values.len() as i64),
                        Value::List(last_values.clone()),
                    ],
                    ..Args::default()
                };
                self.call(generate, args, span)
            } else {
                match kind {
                    "str" => Value::Str(name.to_lowercase()),
                    "flag" => Value::Int(1 << last_values.len().min(62)),
                    _ => match last_values.last() {
                        Some(Value::Int(i)) => Value::Int(i + 1),
                        None => Value::Int(1),
                        Some(_) => Value::unknown("`auto()` after a value that is not an int"),
                    },
                }
            };
            class.attributes.insert(name, value.clone());
            last_values.push(value);
        }
    }

    /// `metadata.schema = "app"` or `Base.metadata.schema = "app"` (`target` is what the
    /// attribute is set on): the name holding that metadata, or the base, database object or
    /// class that owns it, is rebound to its copy whose `MetaData` has that schema, for the
    /// tables declared after it ([`with_metadata_schema`]).
    pub(super) fn assign_metadata_schema(&mut self, target: &ast::Expr, schema: &Value) {
        let (root, through_attribute) = match target {
            ast::Expr::Name(_) => (target, false),
            ast::Expr::Attribute(a)
                if a.attr.as_str() == "metadata"
                    && matches!(a.value.as_ref(), ast::Expr::Name(_)) =>
            {
                (a.value.as_ref(), true)
            }
            _ => return,
        };
        let current = self.eval(root);
        let rebuilt = match &current {
            Value::Object(o)
                if through_attribute || o.class.rsplit('.').next() == Some("MetaData") =>
            {
                with_metadata_schema(&current, schema)
            }
            Value::Class(c) if through_attribute => c
                .attributes
                .get("metadata")
                .and_then(|m| with_metadata_schema(m, schema))
                .map(|metadata| {
                    let mut changed = (**c).clone();
                    changed.attributes.insert("metadata".into(), metadata);
                    Value::Class(Rc::new(changed))
                }),
            _ => None,
        };
        if let Some(value) = rebuilt {
            self.assign(root, value);
        }
    }

    /// The naming convention assigned to a metadata's attribute (`metadata.naming_convention
    /// = {...}`) by the code run so far, as a `MetaData(naming_convention=...)` call; one
    /// assigned by module `except` (env.py, whose assignment only Alembic sees, not the
    /// application's own `create_all()`) is left out.
    pub fn assigned_convention(&self, except: Option<&str>) -> Option<Value> {
        let assigned = self.convention_assignment(except)?;
        Some(Object::call(
            "sqlalchemy.MetaData",
            Vec::new(),
            vec![("naming_convention".into(), assigned.convention.clone())],
            &Span::new(FileId(0), 0..0),
        ))
    }

    /// Whether that assignment was made to `metadata` itself (`Base.metadata.naming_convention
    /// = {...}` with env.py's `Base.metadata`): then it replaces the convention the metadata
    /// was made with, as in Python.
    pub fn assigned_convention_replaces(&self, metadata: &Value, except: Option<&str>) -> bool {
        let Some(assigned) = self.convention_assignment(except) else {
            return false;
        };
        let target = &assigned.target;
        // `Base.metadata` of a base without its own `MetaData(...)`: a new value at each
        // read, the same base behind each.
        let base_of = |v: &Value| match v {
            Value::Object(o) if o.class == "metadata" => o.receiver.clone(),
            _ => None,
        };
        target.same_object(metadata)
            || matches!((base_of(target), base_of(metadata)), (Some(a), Some(b)) if a.same_object(&b))
    }

    /// env.py's own assignment, when it made the last one: the convention (as
    /// [`Interp::assigned_convention`] gives it), whether it replaces `metadata`'s, and the
    /// files of the modules imported before it. The application's `create_all()` of models
    /// imported after it, as env.py does (to give autogenerate the convention), has the names.
    pub fn env_assignment(
        &self,
        env_key: &str,
        metadata: Option<&Value>,
    ) -> Option<(Value, bool, std::collections::BTreeSet<FileId>)> {
        let assigned = self
            .assigned_convention
            .as_ref()
            .filter(|a| a.module == env_key)?;
        let convention = self.assigned_convention(None)?;
        let replaces = metadata.is_some_and(|m| self.assigned_convention_replaces(m, None));
        Some((convention, replaces, assigned.files_before.clone()))
    }

    /// The last convention assignment, unless module `except` made it.
    fn convention_assignment(
        &self,
        except: Option<&str>,
    ) -> Option<&super::interp::AssignedConvention> {
        self.assigned_convention
            .as_ref()
            .filter(|a| except != Some(a.module.as_str()))
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
/// A class's `__mro__`: the class, then its bases' in order, each class after every class
/// that derives from it (the last of its repeats kept, which is C3's order for the
/// hierarchies models use), ending with `object`. A library's class is one entry: its own
/// bases are not read.
pub(super) fn mro(class: &Rc<ClassValue>) -> Vec<Value> {
    fn walk(class: &Rc<ClassValue>, out: &mut Vec<Value>) {
        out.push(Value::Class(class.clone()));
        for base in &class.bases {
            match base {
                Value::Class(b) => walk(b, out),
                other => out.push(other.clone()),
            }
        }
    }
    let mut all = Vec::new();
    walk(class, &mut all);
    all.push(Value::External("builtins.object".into()));
    let same = |a: &Value, b: &Value| match (a, b) {
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::External(x), Value::External(y)) => x == y,
        _ => false,
    };
    let mut order = Vec::new();
    for (i, v) in all.iter().enumerate() {
        if !all[i + 1..].iter().any(|later| same(v, later)) {
            order.push(v.clone());
        }
    }
    order
}

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

/// `_generate_next_value_` of an enum class or its bases (not the standard library's).
fn generator_of(class: &ClassValue) -> Option<Value> {
    if let Some(f @ Value::Function(_)) = class.attributes.get("_generate_next_value_") {
        return Some(f.clone());
    }
    class.bases.iter().find_map(|b| match b {
        Value::Class(c) => generator_of(c),
        _ => None,
    })
}

/// How `auto()` counts in an enum deriving from `bases`: `str`, `flag` or `int`.
fn enum_kind(bases: &[Value]) -> &'static str {
    bases
        .iter()
        .find_map(|b| match b {
            Value::External(n) => match n.as_str() {
                "enum.StrEnum" => Some("str"),
                "enum.Flag" | "enum.IntFlag" => Some("flag"),
                _ => None,
            },
            Value::Class(c) => match enum_kind(&c.bases) {
                "int" => None,
                kind => Some(kind),
            },
            _ => None,
        })
        .unwrap_or("int")
}

/// `Class.__table__.c` (or `.columns`) of a class: the class.
pub(super) fn columns_of_table_of(o: &Object) -> Option<Rc<ClassValue>> {
    if !matches!(o.class.as_str(), "c" | "columns") {
        return None;
    }
    let Some(Value::Object(table)) = &o.receiver else {
        return None;
    };
    match &table.receiver {
        Some(Value::Class(c)) if table.class == "__table__" && !table.called => Some(c.clone()),
        _ => None,
    }
}

/// The class (`class` or its nearest ancestor) whose table a mapped class's `__table__` is:
/// the first that maps onto a base and names a table itself.
fn table_holder(class: &Value) -> Option<Rc<ClassValue>> {
    let Value::Class(c) = class else { return None };
    if maps_onto_a_base(c) && matches!(c.attributes.get("__tablename__"), Some(Value::Str(_))) {
        return Some(c.clone());
    }
    c.bases.iter().find_map(table_holder)
}

/// The column attribute `key` of a mapped class's own table: set in its body or by a mixin
/// (a class that maps onto no base), not by a mapped ancestor (whose table is another).
fn own_column(class: &ClassValue, key: &str) -> Option<Value> {
    let column = |v: &Value| matches!(v, Value::Object(o) if matches!(o.class.rsplit('.').next(), Some("Column" | "mapped_column")));
    if let Some(v) = class.attributes.get(key).filter(|v| column(v)) {
        return Some(v.clone());
    }
    class.bases.iter().find_map(|b| match b {
        Value::Class(m) if !maps_onto_a_base(m) => own_column(m, key),
        _ => None,
    })
}

/// The `@declared_attr` functions of `bases` and their ancestors, one per name: the nearest
/// definition of a name wins, and a name a nearer class defines otherwise has none. What a
/// function returned for a mapped ancestor is no definition of `__tablename__`,
/// `__table_args__` or `__mapper_args__`: SQLAlchemy calls the function again for each
/// subclass (a joined subclass gets its own table name from the base's function).
fn collect_declared_attrs(
    bases: &[Value],
    seen: &mut std::collections::BTreeSet<String>,
    out: &mut Vec<(String, Rc<Function>)>,
) {
    for b in bases {
        let Value::Class(c) = b else { continue };
        let mut names: Vec<&String> = c.attributes.keys().collect();
        names.sort();
        for name in names {
            let per_class = matches!(
                name.as_str(),
                "__tablename__" | "__table_args__" | "__mapper_args__"
            );
            if per_class && c.declared.contains(name) {
                continue;
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(Value::Function(f)) = c.attributes.get(name) {
                if super::expr::decorated_with(f, "declared_attr") {
                    out.push((name.clone(), f.clone()));
                }
            }
        }
        collect_declared_attrs(&c.bases, seen, out);
    }
}

/// The table name a mapped class has: its `__tablename__` (own or inherited), else, for a
/// model of Flask-SQLAlchemy's `db.Model` that is not `__abstract__`, the name Flask-SQLAlchemy
/// gives it when the class is made (`TimedBelief` -> `timed_belief`), which its
/// `@declared_attr` functions and the code after it read as `cls.__tablename__`.
pub(super) fn table_name_of(c: &ClassValue) -> Option<String> {
    match super::builtins::class_attribute(c, "__tablename__") {
        Some(Value::Str(name)) => return Some(name),
        Some(_) => return None,
        None => {}
    }
    let abstract_ = matches!(c.attributes.get("__abstract__"), Some(Value::Bool(true)));
    (!abstract_ && on_flask_model(&c.bases)).then(|| snake_case(&c.name))
}

/// Whether `bases` reach Flask-SQLAlchemy's `db.Model`.
fn on_flask_model(bases: &[Value]) -> bool {
    bases.iter().any(|b| match b {
        Value::Object(o) => {
            o.class.rsplit('.').next() == Some("Model") && super::expr::flask_sqlalchemy_member(o)
        }
        Value::Class(base) => on_flask_model(&base.bases),
        _ => false,
    })
}

/// Flask-SQLAlchemy's automatic table name: `TodoList` → `todo_list`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        if ch.is_ascii_uppercase() {
            let after_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let before_lower = i > 0 && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || before_lower {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out.trim_start_matches('_').to_string()
}

/// Whether a function definition adds a setter or deleter to the property (or SQLAlchemy
/// hybrid property) already bound to its name (`@id.setter`, `@id.inplace.deleter`): the
/// name keeps the getter.
pub(super) fn adds_accessor(f: &ast::StmtFunctionDef, bound: Option<&Value>) -> bool {
    if !matches!(bound, Some(Value::Function(_))) {
        return false;
    }
    f.decorator_list.iter().any(|d| {
        let ast::Expr::Attribute(a) = d else {
            return false;
        };
        let mut at = a.value.as_ref();
        while let ast::Expr::Attribute(inner) = at {
            at = inner.value.as_ref();
        }
        matches!(a.attr.as_str(), "setter" | "deleter")
            && matches!(at, ast::Expr::Name(n) if n.id.as_str() == f.name.as_str())
    })
}

/// `value` with its metadata's `schema` set to `schema`, as `metadata.schema = "app"` (or
/// `Base.metadata.schema = "app"`, `db.metadata.schema = ...`) leaves the one `MetaData` that
/// Python changes in place: the tables declared on it afterwards go to that schema. Values are
/// immutable here, so the code rebinds the name it assigned through to this copy. `None` for
/// a value whose metadata is not known.
fn with_metadata_schema(value: &Value, schema: &Value) -> Option<Value> {
    let rebuilt = |o: &Rc<Object>, args: Args, receiver: Option<Value>| {
        Value::Object(Rc::new(Object {
            class: o.class.clone(),
            receiver,
            args,
            called: o.called,
            span: o.span.clone(),
        }))
    };
    let with_keyword = |args: &Args, name: &str, v: Value| {
        let mut args = args.clone();
        match args.keywords.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = v,
            None => args.keywords.push((name.to_string(), v)),
        }
        args
    };
    let Value::Object(o) = value else {
        return None;
    };
    match o.class.rsplit('.').next().unwrap_or_default() {
        "MetaData" => Some(rebuilt(
            o,
            with_keyword(&o.args, "schema", schema.clone()),
            o.receiver.clone(),
        )),
        "declarative_base" | "registry" | "SQLAlchemy" => {
            let metadata = match o.args.keyword("metadata") {
                Some(m) => with_metadata_schema(m, schema)?,
                None => Object::call(
                    "sqlalchemy.MetaData",
                    Vec::new(),
                    vec![("schema".into(), schema.clone())],
                    &o.span,
                ),
            };
            Some(rebuilt(
                o,
                with_keyword(&o.args, "metadata", metadata),
                o.receiver.clone(),
            ))
        }
        "generate_base" | "metadata" | "Model" => {
            let receiver = with_metadata_schema(o.receiver.as_ref()?, schema)?;
            Some(rebuilt(o, o.args.clone(), Some(receiver)))
        }
        _ => None,
    }
}
