//! Values of the migration interpreter: Python constants, SQLAlchemy objects (kept as the call
//! that built them), functions and modules of the checkout, and handles on Alembic's proxies.

use std::collections::HashMap;
use std::rc::Rc;

use crate::diagnostic::Span;
use crate::ir::QualName;
use crate::python::ast;
use crate::source::FileId;

/// The class of `Model.column` values: positional arguments are the table and column names.
pub const MODEL_COLUMN: &str = "__driftlock_model_column__";

/// Where a module keeps the schema objects its top level creates without binding them.
pub const MODULE_SCHEMA_ITEMS: &str = "__driftlock_schema_items__";

/// Where a `TypeDecorator`'s PostgreSQL type from `load_dialect_impl` is kept on its class.
pub const POSTGRESQL_IMPL: &str = "__driftlock_postgresql_impl__";

/// Python's `...`: pydantic's and SQLModel's "required, no default" (`Field(...)`), which is
/// not a default value.
pub const ELLIPSIS: &str = "builtins.Ellipsis";

/// A value the interpreter knows, or `Unknown` with the reason.
#[derive(Clone, Debug)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    /// A `set` or `frozenset`: each item once, iterated in insertion order (Python's order of
    /// strings is per process anyway), compared without order; never equal to a list.
    Set(Vec<Value>),
    /// A name from outside the checkout, fully qualified (`sqlalchemy.String`,
    /// `alembic.op.add_column`).
    External(String),
    /// What calling or reading an attribute of an external name produced.
    Object(Rc<Object>),
    Function(Rc<Function>),
    Module(Rc<ModuleEnv>),
    /// A class defined in the checkout, with its class-level attributes.
    Class(Rc<ClassValue>),
    Handle(Handle),
    Unknown(Rc<str>),
}

/// An SQLAlchemy (or other library) object: the call that built it. A method call or attribute
/// access on an object is itself an object whose `receiver` is the original.
#[derive(Clone, Debug)]
pub struct Object {
    /// Qualified class or function name for a constructor call; the method or attribute name
    /// when `receiver` is set.
    pub class: String,
    pub receiver: Option<Value>,
    pub args: Args,
    /// Whether this is a call (`Integer()`), as opposed to an attribute access.
    pub called: bool,
    pub span: Span,
}

impl Object {
    /// The call `class(*positional, **keywords)` as a value: how a library's object is kept.
    pub fn call(
        class: &str,
        positional: Vec<Value>,
        keywords: Vec<(String, Value)>,
        span: &Span,
    ) -> Value {
        Value::Object(Rc::new(Object {
            class: class.to_string(),
            receiver: None,
            args: Args {
                positional,
                keywords,
                ..Args::default()
            },
            called: true,
            span: span.clone(),
        }))
    }
}

/// Positional and keyword arguments of a call.
#[derive(Clone, Debug, Default)]
pub struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(String, Value)>,
    /// The source range of each positional argument, then each keyword's value.
    pub positional_spans: Vec<Span>,
    pub keyword_spans: Vec<Span>,
}

impl Args {
    /// The argument at `index` or named `name` (keyword wins), as Python binds parameters.
    pub fn get(&self, index: usize, name: &str) -> Option<&Value> {
        self.keyword(name).or_else(|| self.positional.get(index))
    }

    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// The span of the argument `get(index, name)` would return.
    pub fn span_of(&self, index: usize, name: &str) -> Option<&Span> {
        match self.keywords.iter().position(|(k, _)| k == name) {
            Some(i) => self.keyword_spans.get(i),
            None => self.positional_spans.get(index),
        }
    }
}

/// A function defined in the checkout.
#[derive(Debug)]
pub struct Function {
    pub name: String,
    /// The `def`, shared with the tree it was read from where it can be
    /// (`python::Module::shared_def`).
    pub def: std::sync::Arc<ast::StmtFunctionDef>,
    /// Its parameters: the `def`'s, less those already bound (a method's `self`).
    pub params: Rc<ast::Arguments>,
    pub module: Rc<ModuleEnv>,
    /// The enclosing function's variables, for a function defined inside another.
    pub closure: HashMap<String, Value>,
}

/// Whether a call of the external `name` is a function call (its result unknown) rather than
/// a class instantiation: Python names functions in lower case and classes in CamelCase.
fn returns_unknown(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// A module of the checkout: its globals, filled when it is first imported.
#[derive(Debug)]
pub struct ModuleEnv {
    pub name: String,
    pub file: FileId,
    pub globals: std::cell::RefCell<HashMap<String, Value>>,
}

/// A class defined in the checkout.
#[derive(Clone, Debug)]
pub struct ClassValue {
    pub name: String,
    pub bases: Vec<Value>,
    pub attributes: HashMap<String, Value>,
    /// Attribute names in the order the class body assigns them (enum members keep it).
    pub order: Vec<String>,
    /// `class X(Base, table=True)`: the keyword arguments of the class statement.
    pub keywords: Vec<(String, Value)>,
    /// Annotated names of the body (`id: Mapped[int]`), in order, with the evaluated
    /// annotation (`typing` subscripts become `Object`s named `Mapped[]`, `Optional[]`, ...).
    pub annotations: Vec<(String, Value)>,
    /// The `class` statement, and each attribute's assignment.
    pub span: Span,
    pub attribute_spans: HashMap<String, Span>,
    /// Attributes whose value a `@declared_attr` function returned for this class: a
    /// subclass gets its own call of the function, not this value.
    pub declared: Vec<String>,
}

/// Alembic and database handles.
#[derive(Clone, Debug)]
pub enum Handle {
    /// `op.batch_alter_table(...)` / the `batch_op` inside it.
    Batch(Rc<Batch>),
    /// `op.get_bind()`, a connection or engine.
    Bind,
    /// `op.get_context()`.
    Context,
    /// `.dialect` of a bind or context.
    Dialect,
    /// `sa.inspect(bind)`; `elsewhere` when it inspects another engine than the migration's
    /// connection (an application's `db.engine`), which sees only what is committed.
    Inspector { elsewhere: bool },
    /// `op.get_context().autocommit_block()`: commits, runs its body outside a transaction.
    Autocommit,
    /// A context manager with no schema effect (`begin_transaction()`, `begin()`).
    Inert,
    /// The SQL compiler a `@compiles(Construct, "postgresql")` function is given (also its
    /// `preparer`): `process(expr)` and `quote(name)` answer as PostgreSQL's would.
    Compiler,
}

/// The table a batch block alters.
#[derive(Debug)]
pub struct Batch {
    pub table: QualName,
    pub naming_convention: Option<Value>,
}

impl Value {
    pub fn unknown(reason: impl Into<String>) -> Value {
        Value::Unknown(Rc::from(reason.into()))
    }

    /// The string, also through `op.f("...")` (a name marked final).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Object(o) if o.class == "alembic.op.f" => o.args.positional.first()?.as_str(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// Elements of a list, tuple or set.
    pub fn as_seq(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) | Value::Tuple(v) | Value::Set(v) => Some(v),
            // A named tuple of a library (`pkgutil.ModuleInfo`) unpacks as its fields.
            Value::Object(o) if o.class == super::files::MODULE_INFO => Some(&o.args.positional),
            Value::Object(o) if o.class == QUERY_ROW => Some(&o.args.positional),
            _ => None,
        }
    }

    /// A query's row as the tuple of its values; any other value as it is.
    pub fn row_as_tuple(&self) -> std::borrow::Cow<'_, Value> {
        match self {
            Value::Object(o) if o.class == QUERY_ROW => {
                std::borrow::Cow::Owned(Value::Tuple(o.args.positional.clone()))
            }
            other => std::borrow::Cow::Borrowed(other),
        }
    }

    pub fn as_object(&self) -> Option<&Rc<Object>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Python truthiness, when it is known.
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Value::None => Some(false),
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            Value::Float(f) => Some(*f != 0.0),
            Value::Str(s) => Some(!s.is_empty()),
            Value::List(v) | Value::Tuple(v) | Value::Set(v) => Some(!v.is_empty()),
            Value::Dict(v) => Some(!v.is_empty()),
            Value::Unknown(_) => None,
            // An SQL comparison (`column == "a"`) has no truth value in Python (SQLAlchemy
            // raises), nor one known here.
            Value::Object(o) if o.class == "__sql_binary__" => None,
            Value::Object(o) if o.class == ENV_VALUE => self.env_inner().truthy(),
            // `db.Integer()` of a Flask-SQLAlchemy object: an instance of SQLAlchemy's class.
            Value::Object(o)
                if o.called
                    && super::expr::flask_sqlalchemy_member(o)
                    && o.class.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                Some(true)
            }
            // What a function or method outside the checkout returns (`shutil.which(k)`,
            // `result.scalar()`, `json.loads(s)`) is not known, nor whether it is true; an
            // instance of a class (`sa.Column(...)`, by Python's naming) is.
            Value::Object(o) if o.called && (o.receiver.is_some() || returns_unknown(&o.class)) => {
                None
            }
            _ => Some(true),
        }
    }

    /// Whether this is an instance a class call built (`sa.Column(...)`, by Python's naming),
    /// as opposed to what a function, a method or an attribute of an object gave: only the
    /// former is certainly not `None`.
    pub fn is_constructed(&self) -> bool {
        matches!(self, Value::Object(o) if o.called && o.receiver.is_none() && !returns_unknown(&o.class))
    }

    /// `str(value)` for scalars.
    pub fn to_python_str(&self) -> Option<String> {
        match self {
            Value::None => Some("None".into()),
            Value::Bool(true) => Some("True".into()),
            Value::Bool(false) => Some("False".into()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(format!("{f:?}")),
            Value::Str(s) => Some(s.clone()),
            // `str()` of an `IntEnum`/`StrEnum` member is its value's; of another, `Class.name`.
            Value::Object(o) if o.class == ENUM_MEMBER => match self.enum_parts()? {
                ("plain", _) => Some(format!(
                    "{}.{}",
                    o.args.positional.get(3)?.as_str()?,
                    o.args.positional.first()?.as_str()?
                )),
                (_, value) => value.to_python_str(),
            },
            Value::Object(_) => self.as_str().map(str::to_string),
            _ => None,
        }
    }

    /// Equality for values whose equality is known.
    pub fn py_eq(&self, other: &Value) -> Option<bool> {
        // A query's row compares as the tuple of its values.
        let is_row = |v: &Value| matches!(v, Value::Object(o) if o.class == QUERY_ROW);
        if is_row(self) || is_row(other) {
            return self.row_as_tuple().py_eq(&other.row_as_tuple());
        }
        if self.is_env_value() || other.is_env_value() {
            return self.env_inner().py_eq(other.env_inner());
        }
        // Members are equal when they are the same member; an `IntEnum`/`StrEnum` member
        // equals its value, a plain one nothing else.
        match (self.enum_parts(), other.enum_parts()) {
            (Some(_), Some(_)) => {
                let (Value::Object(a), Value::Object(b)) = (self, other) else {
                    return None;
                };
                return Some(
                    a.args.positional.first()?.as_str() == b.args.positional.first()?.as_str()
                        && a.args.positional.get(3)?.as_str() == b.args.positional.get(3)?.as_str(),
                );
            }
            (Some(("plain", _)), None) | (None, Some(("plain", _))) => {
                return match (self, other) {
                    (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
                    _ => Some(false),
                }
            }
            (Some((_, value)), None) => return value.py_eq(other),
            (None, Some((_, value))) => return self.py_eq(value),
            (None, None) => {}
        }
        Some(match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                (*a as f64) == *b
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Set(a), Value::Set(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                for x in a {
                    if !super::builtins::contains(b.iter(), x)? {
                        return Some(false);
                    }
                }
                true
            }
            (Value::Set(_), Value::List(_) | Value::Tuple(_))
            | (Value::List(_) | Value::Tuple(_), Value::Set(_)) => false,
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                for (x, y) in a.iter().zip(b) {
                    if !x.py_eq(y)? {
                        return Some(false);
                    }
                }
                true
            }
            (Value::Unknown(_), _) | (_, Value::Unknown(_)) => return None,
            (Value::Object(_), _) | (_, Value::Object(_)) => return None,
            // A class is the one its `class` statement made; a project's class is no library's.
            (Value::Class(a), Value::Class(b)) => same_class(a, b),
            (Value::Class(_), Value::External(_)) | (Value::External(_), Value::Class(_)) => false,
            (Value::None, _) | (_, Value::None) => false,
            (Value::Str(_), Value::Int(_) | Value::Float(_) | Value::Bool(_))
            | (Value::Int(_) | Value::Float(_) | Value::Bool(_), Value::Str(_)) => false,
            _ => return None,
        })
    }
}

/// Whether two class values are one class: the same value, or made by the same `class`
/// statement under the same name (a class changed after its statement is a copy of it).
pub fn same_class(a: &ClassValue, b: &ClassValue) -> bool {
    std::ptr::eq(a, b) || (a.name == b.name && a.span == b.span)
}

/// Whether a positional argument of `Column(...)` of this class is an option of the column
/// (a key, identity, generated expression, sequence, check or server default) rather than its
/// type.
pub fn is_column_option(class: &str) -> bool {
    matches!(
        class,
        "ForeignKey"
            | "Identity"
            | "Computed"
            | "Sequence"
            | "CheckConstraint"
            | "UniqueConstraint"
            | "DefaultClause"
            | "FetchedValue"
    )
}

/// A callable token of a naming convention, as probing it read it (`Interp::probe_convention`):
/// one string, `columns\0SEP`, `unique\0YES\0NO` or `const\0TEXT`.
pub const CONVENTION_TOKEN: &str = "__convention_token__";

/// A member of an `enum.Enum` class (`Color.red`, or what a loop over the class gives):
/// (name, value, kind, class name), kind being `int` or `str` for members that are also ints
/// or strings (`IntEnum`, `StrEnum`, `class C(str, Enum)`), `plain` for the others.
pub const ENUM_MEMBER: &str = "__enum_member__";

/// The class of an environment variable's value (eval/environment.rs): the string (or `None`)
/// it holds decides conditions and comparisons, but it is never text of the program (an
/// f-string or SQL built from it is built at run time).
pub const ENV_VALUE: &str = "__environment_value__";

/// What a query the replay answered returns (sql/catalog/, built by alembic/execute.rs): its
/// one argument is the list of its rows ([`QUERY_ROW`]s), its [`QUERY_ORDERED`] keyword
/// whether their order is PostgreSQL's.
pub const QUERY_RESULT: &str = "__query_result__";

/// Whether the rows of a [`QUERY_RESULT`] are in a known order (else `first()` of several
/// rows is not known).
pub const QUERY_ORDERED: &str = "__ordered__";

/// A row of a [`QUERY_RESULT`]: a named tuple, its positional arguments the values and its
/// keyword arguments the same values by column name (`row[0]`, `row.conname`).
pub const QUERY_ROW: &str = "__query_row__";

/// A row an ORM query returns (eval/queries.rs): its keyword arguments are its columns, read
/// as attributes (`row.value`).
pub const ROW: &str = "__row__";

/// A table row the host knows: its columns' names and values.
pub type Row = Vec<(String, Value)>;

impl Value {
    /// What an environment variable's value holds (see [`ENV_VALUE`]); any other value as
    /// it is.
    pub fn env_inner(&self) -> &Value {
        match self {
            Value::Object(o) if o.class == ENV_VALUE => o.args.positional.first().unwrap_or(self),
            _ => self,
        }
    }

    /// Whether this is an environment variable's value.
    pub fn is_env_value(&self) -> bool {
        matches!(self, Value::Object(o) if o.class == ENV_VALUE)
    }
}

/// The enum member `name` (value `value`) of `class`.
pub fn enum_member(class: &ClassValue, name: &str, value: Value) -> Value {
    fn kind(c: &ClassValue) -> Option<&'static str> {
        c.bases.iter().find_map(|b| match b {
            Value::External(n) => match n.as_str() {
                "enum.IntEnum" | "enum.IntFlag" | "builtins.int" => Some("int"),
                "enum.StrEnum" | "builtins.str" => Some("str"),
                _ => None,
            },
            Value::Class(base) => kind(base),
            _ => None,
        })
    }
    Value::Object(Rc::new(Object {
        class: ENUM_MEMBER.into(),
        receiver: None,
        args: Args {
            positional: vec![
                Value::Str(name.to_string()),
                value,
                Value::Str(kind(class).unwrap_or("plain").into()),
                Value::Str(class.name.clone()),
            ],
            ..Args::default()
        },
        called: false,
        span: class.span.clone(),
    }))
}

impl Value {
    /// An enum member's value; any other value as it is. What a library is given: the value
    /// of an `IntEnum` or `StrEnum` member is the member, and a plain member stands for its
    /// value as far as the DDL driftlock reads goes.
    pub fn enum_value(self) -> Value {
        fn holds_member(v: &Value) -> bool {
            match v {
                Value::Object(o) => o.class == ENUM_MEMBER,
                Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                    items.iter().any(holds_member)
                }
                Value::Dict(items) => items
                    .iter()
                    .any(|(k, v)| holds_member(k) || holds_member(v)),
                _ => false,
            }
        }
        if !holds_member(&self) {
            return self;
        }
        match &self {
            Value::Object(o) if o.class == ENUM_MEMBER => {
                o.args.positional.get(1).cloned().unwrap_or(Value::None)
            }
            Value::List(items) => {
                Value::List(items.iter().cloned().map(Value::enum_value).collect())
            }
            Value::Tuple(items) => {
                Value::Tuple(items.iter().cloned().map(Value::enum_value).collect())
            }
            Value::Dict(items) => Value::Dict(
                items
                    .iter()
                    .map(|(k, v)| (k.clone().enum_value(), v.clone().enum_value()))
                    .collect(),
            ),
            _ => self,
        }
    }

    /// `(kind, value)` of an enum member.
    fn enum_parts(&self) -> Option<(&str, &Value)> {
        match self {
            Value::Object(o) if o.class == ENUM_MEMBER => Some((
                o.args.positional.get(2)?.as_str()?,
                o.args.positional.get(1)?,
            )),
            _ => None,
        }
    }
}

impl Args {
    /// The arguments with enum members replaced by their values ([`Value::enum_value`]).
    pub fn enum_values(mut self) -> Args {
        self.positional = self.positional.into_iter().map(Value::enum_value).collect();
        self.keywords = self
            .keywords
            .into_iter()
            .map(|(k, v)| (k, v.enum_value()))
            .collect();
        self
    }
}

impl Value {
    /// Whether both are the same object or class (not equal ones: the same one).
    pub fn same_object(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            (Value::Class(a), Value::Class(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}
