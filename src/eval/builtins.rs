//! Python's builtins and the operations on values: `len`, `str`, `int`, `sorted`, ...;
//! arithmetic, comparisons, `%` and `.format()` on strings, subscripts and slices, string
//! methods; and the SQL expression objects `sa.column("x") > 5` builds.

use std::rc::Rc;

use super::value::{Args, ClassValue, Object, Value};
use crate::diagnostic::Span;
use crate::python::ast;

/// An SQL expression built with Python operators on SQLAlchemy objects.
pub(super) fn sql_binary(left: Value, op: &str, right: Value, span: Span) -> Value {
    Value::Object(Rc::new(Object {
        class: "__sql_binary__".into(),
        receiver: None,
        args: Args {
            positional: vec![left, Value::Str(op.to_string()), right],
            ..Args::default()
        },
        called: true,
        span,
    }))
}

/// `c.attr` through the class's bases. A private name (`cls.__x` in a method) is also
/// looked up as each class of the chain stores its own (`_Class__x`): the method's class is
/// not known where the attribute is read, and the first class that has one wins.
pub(crate) fn class_attribute(c: &ClassValue, attr: &str) -> Option<Value> {
    if let Some(v) = c.attributes.get(attr) {
        return Some(v.clone());
    }
    let private = super::classes::mangle(&c.name, attr);
    if private != attr {
        if let Some(v) = c.attributes.get(&private) {
            return Some(v.clone());
        }
    }
    c.bases.iter().find_map(|b| match b {
        Value::Class(base) => class_attribute(base, attr),
        _ => None,
    })
}

/// Every attribute name of `c` and of the classes of the checkout it derives from.
fn class_names(c: &ClassValue, names: &mut std::collections::BTreeSet<String>) {
    names.extend(c.attributes.keys().cloned());
    for b in &c.bases {
        if let Value::Class(base) = b {
            class_names(base, names);
        }
    }
}

pub(super) fn constant(c: &ast::Constant) -> Value {
    match c {
        ast::Constant::None => Value::None,
        ast::Constant::Bool(b) => Value::Bool(*b),
        ast::Constant::Str(s) => Value::Str(s.clone()),
        ast::Constant::Int(i) => {
            i64::try_from(i).map_or_else(|_| Value::unknown("a very large integer"), Value::Int)
        }
        ast::Constant::Float(f) => Value::Float(*f),
        ast::Constant::Tuple(items) => Value::Tuple(items.iter().map(constant).collect()),
        ast::Constant::Bytes(_) => Value::unknown("bytes"),
        // `...`: pydantic's and SQLModel's "required, no default" (`Field(...)`).
        ast::Constant::Ellipsis => Value::External(super::value::ELLIPSIS.into()),
        _ => Value::unknown("a constant driftlock does not model"),
    }
}

/// A name from outside the checkout. `typing.TYPE_CHECKING` is false when code runs, so
/// `if TYPE_CHECKING:` blocks (imports for type checkers) are skipped as Python skips them.
pub(super) fn external(name: String) -> Value {
    match name.as_str() {
        "typing.TYPE_CHECKING" | "typing_extensions.TYPE_CHECKING" => Value::Bool(false),
        _ => Value::External(name),
    }
}

/// Names Python resolves in `builtins` when no module binds them.
pub(super) fn builtin_name(name: &str) -> Value {
    const BUILTINS: &[&str] = &[
        "len",
        "next",
        "iter",
        "globals",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "bytearray",
        "list",
        "tuple",
        "dict",
        "set",
        "sorted",
        "reversed",
        "range",
        "enumerate",
        "zip",
        "min",
        "max",
        "print",
        "open",
        "any",
        "all",
        "isinstance",
        "getattr",
        "hasattr",
        "repr",
        "frozenset",
        "map",
        "filter",
        "sum",
        "abs",
        "round",
        "super",
        "type",
        "dir",
        "property",
        "classmethod",
        "staticmethod",
        "object",
        "Exception",
        "ValueError",
        "NotImplementedError",
        "RuntimeError",
    ];
    if BUILTINS.contains(&name) {
        Value::External(format!("builtins.{name}"))
    } else {
        Value::unknown(format!("`{name}` is not defined"))
    }
}

/// Whether a value the interpreter knows is an instance of the builtin type `name`; `None`
/// for a value or type it cannot place.
pub(super) fn is_builtin_instance(value: &Value, name: &str) -> Option<bool> {
    let kind = match value {
        Value::Str(_) => "str",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::List(_) => "list",
        Value::Tuple(_) => "tuple",
        Value::Dict(_) => "dict",
        Value::None => "NoneType",
        Value::Function(_) => "function",
        Value::Class(_) => "type",
        Value::Module(_) => "module",
        // A schema item SQLAlchemy's constructors build (a constraint, an index, a column),
        // however it was reached (`sa.Index`, Flask-SQLAlchemy's `db.Index`), is no builtin's
        // instance.
        Value::Object(o)
            if o.called
                && matches!(
                    o.class.rsplit('.').next(),
                    Some(
                        "Column"
                            | "mapped_column"
                            | "Index"
                            | "CheckConstraint"
                            | "UniqueConstraint"
                            | "PrimaryKeyConstraint"
                            | "ForeignKeyConstraint"
                            | "ForeignKey"
                            | "Table"
                            | "Sequence"
                            | "Computed"
                            | "Identity"
                    )
                ) =>
        {
            "sqlalchemy object"
        }
        _ => return None,
    };
    match name {
        "str" | "bool" | "float" | "list" | "tuple" | "dict" => Some(kind == name),
        // `bool` is a subclass of `int`.
        "int" => Some(kind == "int" || kind == "bool"),
        "object" => Some(true),
        _ => None,
    }
}

pub(super) fn call_builtin(name: &str, args: Args) -> Value {
    let first = args.positional.first().cloned().unwrap_or(Value::None);
    match name {
        // The names a class of the checkout has, its bases' included, sorted as `dir()`
        // sorts them; a module's globals. What a base from outside the checkout adds is not
        // known, and code that loops over `dir(cls)` looks for names of its own.
        "dir" => match &first {
            Value::Class(c) => {
                let mut names = std::collections::BTreeSet::new();
                class_names(c, &mut names);
                Value::List(names.into_iter().map(Value::Str).collect())
            }
            Value::Module(m) => {
                let mut names: Vec<String> = m.globals.borrow().keys().cloned().collect();
                names.sort();
                Value::List(names.into_iter().map(Value::Str).collect())
            }
            _ => Value::unknown("dir() of a value driftlock cannot list"),
        },
        // `next(iter(items), default)`, `next((c for c in cols if ...), None)`: the first
        // item of a known sequence (generators are evaluated as lists), else the default.
        "next" => match (&first, args.positional.get(1)) {
            (Value::List(v) | Value::Tuple(v) | Value::Set(v), default) => {
                match (v.first(), default) {
                    (Some(item), _) => item.clone(),
                    (None, Some(default)) => default.clone(),
                    (None, None) => {
                        Value::unknown("next() of an empty sequence raises StopIteration")
                    }
                }
            }
            _ => Value::unknown("next() of a value that is not known"),
        },
        // An iterator over a known sequence is the sequence (`next(iter(...))` reads it).
        "iter" => match &first {
            Value::List(_) | Value::Tuple(_) | Value::Set(_) => first.clone(),
            Value::Dict(items) => Value::List(items.iter().map(|(k, _)| k.clone()).collect()),
            _ => Value::unknown("iter() of a value that is not known"),
        },
        "len" => match &*first.row_as_tuple() {
            Value::Str(s) => Value::Int(s.chars().count() as i64),
            Value::List(v) | Value::Tuple(v) | Value::Set(v) => Value::Int(v.len() as i64),
            Value::Dict(v) => Value::Int(v.len() as i64),
            _ => Value::unknown("len() of an unknown value"),
        },
        "str" => match &first {
            Value::Object(o) if o.class == super::text_files::TEXT_PATH => {
                super::text_files::path_of(o).map_or(Value::None, Value::Str)
            }
            Value::Object(o) if o.class.starts_with("datetime.") => super::datetime::text(o, ' ')
                .map_or_else(|| Value::unknown("str() of an object"), Value::Str),
            // `str(inspector.get_columns(t)[0]["type"])`: `VARCHAR(36)`.
            Value::Object(o) if o.class.starts_with("sqlalchemy.dialects.postgresql.") => {
                super::reflection::reflected_type_text(o)
                    .map_or_else(|| Value::unknown("str() of a type"), Value::Str)
            }
            _ => first
                .to_python_str()
                .map_or_else(|| Value::unknown("str() of an object"), Value::Str),
        },
        // `repr()` of text quotes it as Python does (`f"... ->> {repr(key)}"` writes an SQL
        // literal); of a number, `None` or a boolean, its text.
        "repr" => match first.env_inner() {
            Value::Str(s) => Value::Str(crate::python::literal::repr_str(s)),
            Value::Int(_) | Value::Bool(_) | Value::None => first
                .to_python_str()
                .map_or_else(|| Value::unknown("repr() of a value"), Value::Str),
            _ => Value::unknown("repr() of a value driftlock does not render"),
        },
        "int" => match first.env_inner() {
            Value::Int(i) => Value::Int(*i),
            Value::Str(s) => s
                .trim()
                .parse()
                .map_or_else(|_| Value::unknown("int() of text"), Value::Int),
            Value::Bool(b) => Value::Int(i64::from(*b)),
            _ => Value::unknown("int() of an unknown value"),
        },
        "bool" => first
            .truthy()
            .map_or_else(|| Value::unknown("bool() of an unknown value"), Value::Bool),
        "list" | "tuple" | "set" | "frozenset" | "sorted" | "reversed" => match iterate(&first) {
            Some(mut items) => {
                if name == "sorted" {
                    let all_str = items.iter().all(|v| matches!(v, Value::Str(_)));
                    if all_str {
                        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    } else {
                        return Value::unknown("sorted() of mixed values");
                    }
                }
                if name == "reversed" {
                    items.reverse();
                }
                if matches!(name, "set" | "frozenset") {
                    return set_union(Vec::new(), items);
                }
                if name == "tuple" {
                    Value::Tuple(items)
                } else {
                    Value::List(items)
                }
            }
            None if args.positional.is_empty() => match name {
                "set" | "frozenset" => Value::Set(Vec::new()),
                "tuple" => Value::Tuple(Vec::new()),
                _ => Value::List(Vec::new()),
            },
            None => Value::unknown(format!("{name}() of an unknown value")),
        },
        "dict" => {
            // `dict()`, `dict(mapping)`, `dict(pairs)` (a list or tuple of 2-item sequences,
            // as `dict(zip(...))` or a tuple of `(key, value)` pairs gives), then keywords;
            // a later key replaces an earlier one. Anything else is not known.
            let pairs: Vec<(Value, Value)> = match (args.positional.is_empty(), first) {
                (true, _) => Vec::new(),
                (false, Value::Dict(d)) => d,
                (false, other) => {
                    let pair = |v: Value| match v {
                        Value::Tuple(kv) | Value::List(kv) if kv.len() == 2 => {
                            let mut kv = kv.into_iter();
                            Some((kv.next()?, kv.next()?))
                        }
                        _ => None,
                    };
                    let Some(items) = iterate(&other) else {
                        return Value::unknown("dict() of an unknown value");
                    };
                    match items.into_iter().map(pair).collect::<Option<Vec<_>>>() {
                        Some(pairs) => pairs,
                        None => return Value::unknown("dict() of items that are not pairs"),
                    }
                }
            };
            let mut items: Vec<(Value, Value)> = Vec::new();
            let keywords = args.keywords.into_iter().map(|(k, v)| (Value::Str(k), v));
            for (k, v) in pairs.into_iter().chain(keywords) {
                match items
                    .iter_mut()
                    .find(|(key, _)| key.py_eq(&k) == Some(true))
                {
                    Some(slot) => slot.1 = v,
                    None => items.push((k, v)),
                }
            }
            Value::Dict(items)
        }
        "range" => {
            let ints: Vec<i64> = args
                .positional
                .iter()
                .filter_map(|v| {
                    if let Value::Int(i) = v {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            let (start, stop) = match ints[..] {
                [stop] => (0, stop),
                [start, stop] | [start, stop, _] => (start, stop),
                _ => return Value::unknown("range() of unknown bounds"),
            };
            if stop.checked_sub(start).is_none_or(|n| n > 10_000) {
                return Value::unknown("a very long range");
            }
            Value::List((start..stop).map(Value::Int).collect())
        }
        "enumerate" => match (iterate(&first), args.get(1, "start")) {
            (Some(items), None | Some(Value::Int(_))) => {
                let start = match args.get(1, "start") {
                    Some(Value::Int(n)) => *n,
                    _ => 0,
                };
                Value::List(
                    items
                        .into_iter()
                        .zip(start..)
                        .map(|(v, i)| Value::Tuple(vec![Value::Int(i), v]))
                        .collect(),
                )
            }
            _ => Value::unknown("enumerate() of an unknown value"),
        },
        "zip" => {
            let lists: Option<Vec<Vec<Value>>> = args.positional.iter().map(iterate).collect();
            match lists {
                Some(lists) if !lists.is_empty() => {
                    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                    Value::List(
                        (0..n)
                            .map(|i| Value::Tuple(lists.iter().map(|l| l[i].clone()).collect()))
                            .collect(),
                    )
                }
                _ => Value::unknown("zip() of unknown values"),
            }
        }
        "print" => Value::None,
        "any" | "all" => match iterate(&first) {
            Some(items) => {
                let truths: Option<Vec<bool>> = items.iter().map(Value::truthy).collect();
                match truths {
                    Some(t) => Value::Bool(if name == "any" {
                        t.iter().any(|b| *b)
                    } else {
                        t.iter().all(|b| *b)
                    }),
                    None => Value::unknown("any()/all() of unknown values"),
                }
            }
            None => Value::unknown("any()/all() of an unknown value"),
        },
        _ => Value::unknown(format!("{name}() is not evaluated")),
    }
}

/// The members of an enum class, in definition order: its names bound to values, less the
/// aliases (a name whose value an earlier member has), as Python's `enum` keeps them.
pub(super) fn enum_members(c: &ClassValue) -> Vec<(String, Value)> {
    let mut members: Vec<(String, Value)> = Vec::new();
    for n in c.order.iter().filter(|n| !n.starts_with('_')) {
        match c.attributes.get(n) {
            Some(Value::Function(_)) | None => {}
            Some(v) => {
                if !members.iter().any(|(_, m)| m.py_eq(v) == Some(true)) {
                    members.push((n.clone(), v.clone()));
                }
            }
        }
    }
    members
}

/// The name of the member `attr` (value `value`) of an enum class: an alias's is that of the
/// member first given its value.
pub(super) fn canonical_name(c: &ClassValue, attr: &str, value: &Value) -> String {
    enum_members(c)
        .into_iter()
        .find(|(_, m)| m.py_eq(value) == Some(true))
        .map_or_else(|| attr.to_string(), |(n, _)| n)
}

/// Python's `textwrap.dedent`: lines of spaces and tabs only become empty, then the
/// whitespace every other line starts with is taken off each line.
pub(super) fn dedent(text: &str) -> String {
    let blank = |l: &str| !l.is_empty() && l.chars().all(|c| c == ' ' || c == '\t');
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| if blank(l) { "" } else { l })
        .collect();
    let mut margin: Option<&str> = None;
    for line in lines.iter().filter(|l| !l.is_empty()) {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        margin = Some(match margin {
            None => indent,
            Some(m) => {
                let common = m
                    .bytes()
                    .zip(indent.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &m[..common]
            }
        });
    }
    let margin = margin.unwrap_or("");
    lines
        .iter()
        .map(|l| l.strip_prefix(margin).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The items of a list, tuple, dict (keys) or string, when known.
pub(super) fn iterate(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => Some(items.clone()),
        Value::Dict(items) => Some(items.iter().map(|(k, _)| k.clone()).collect()),
        Value::Str(s) => Some(s.chars().map(|c| Value::Str(c.to_string())).collect()),
        // `for _, name, ispkg in pkgutil.iter_modules(...)`.
        Value::Object(o) if o.class == super::files::MODULE_INFO => Some(o.args.positional.clone()),
        // `for value in row`: a query's row is a tuple.
        Value::Object(o) if o.class == super::value::QUERY_ROW => Some(o.args.positional.clone()),
        // `for row in bind.execute(query)`: the rows, when the replay knows them.
        Value::Object(o) if o.class == super::value::QUERY_RESULT => {
            match o.args.positional.first() {
                Some(Value::List(rows)) => Some(rows.clone()),
                _ => None,
            }
        }
        // `for column in table.c`: the columns.
        Value::Object(o) => super::reflection::columns_of_collection(o),
        // `for member in Color`: the members, in definition order, aliases left out.
        Value::Class(c) if super::expr::derives_from_enum(c) => Some(
            enum_members(c)
                .into_iter()
                .map(|(n, v)| super::value::enum_member(c, &n, v))
                .collect(),
        ),
        _ => None,
    }
}

pub(super) fn binop(op: &ast::Operator, left: Value, right: Value) -> Value {
    // Arithmetic on an enum member is on its value; `"%s" % member` formats the member, and
    // sets of members (`frozenset(Color) - {Color.red}`) keep them.
    let member = |v: &Value| matches!(v, Value::Object(o) if o.class == super::value::ENUM_MEMBER);
    let left = if member(&left) {
        left.enum_value()
    } else {
        left
    };
    let right = match (op, &left) {
        (ast::Operator::Mod, Value::Str(_)) => right,
        _ if member(&right) => right.enum_value(),
        _ => right,
    };
    match (op, left, right) {
        // Sets (a dict's keys, kept as a list, take part as Python's keys views do).
        (
            ast::Operator::BitOr
            | ast::Operator::BitAnd
            | ast::Operator::Sub
            | ast::Operator::BitXor,
            a,
            b,
        ) if set_operands(&a, &b).is_some() => {
            let Some((a, b)) = set_operands(&a, &b) else {
                return Value::unknown("a set operation");
            };
            match op {
                ast::Operator::BitOr => set_union(a, b),
                _ => set_operation(op, a, b),
            }
        }
        (ast::Operator::Add, Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
        (ast::Operator::Add, Value::Int(a), Value::Int(b)) => a
            .checked_add(b)
            .map_or_else(|| Value::unknown("overflow"), Value::Int),
        (ast::Operator::Sub, Value::Int(a), Value::Int(b)) => a
            .checked_sub(b)
            .map_or_else(|| Value::unknown("overflow"), Value::Int),
        (ast::Operator::Mult, Value::Int(a), Value::Int(b)) => a
            .checked_mul(b)
            .map_or_else(|| Value::unknown("overflow"), Value::Int),
        (ast::Operator::Pow, Value::Int(a), Value::Int(b)) => u32::try_from(b)
            .ok()
            .and_then(|b| a.checked_pow(b))
            .map_or_else(
                || Value::unknown("a power too large or negative"),
                Value::Int,
            ),
        (ast::Operator::Add, Value::List(mut a), Value::List(b)) => {
            a.extend(b);
            Value::List(a)
        }
        (ast::Operator::Add, Value::Tuple(mut a), Value::Tuple(b)) => {
            a.extend(b);
            Value::Tuple(a)
        }
        (ast::Operator::Mod, Value::Str(format), args) => percent_format(&format, &args),
        (ast::Operator::BitOr, Value::Dict(mut a), Value::Dict(b)) => {
            a.extend(b);
            Value::Dict(a)
        }
        // `str | None` in an annotation: a union, as `typing.Union[str, None]`.
        (ast::Operator::BitOr, a, b)
            if [&a, &b].iter().all(|v| {
                matches!(
                    v,
                    Value::None | Value::External(_) | Value::Object(_) | Value::Class(_)
                )
            }) =>
        {
            Value::Object(Rc::new(Object {
                class: "typing.Union[]".into(),
                receiver: None,
                args: Args {
                    positional: vec![a, b],
                    ..Args::default()
                },
                called: true,
                span: Span::new(crate::source::FileId(0), 0..0),
            }))
        }
        _ => Value::unknown("an operation on values that are not known statically"),
    }
}

/// `"..." % args` for `%s`, `%d`, `%r`, `%(name)s` and `%%`.
pub(super) fn percent_format(format: &str, args: &Value) -> Value {
    let positional: Vec<Value> = match args {
        Value::Tuple(items) => items.clone(),
        Value::Dict(_) => Vec::new(),
        other => vec![other.clone()],
    };
    let mut next = positional.into_iter();
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('(') => {
                let name: String = chars.by_ref().take_while(|c| *c != ')').collect();
                chars.next();
                let value = match args {
                    Value::Dict(items) => items
                        .iter()
                        .find(|(k, _)| k.as_str() == Some(&name))
                        .map(|(_, v)| v.clone()),
                    _ => None,
                };
                match value.and_then(|v| v.to_python_str()) {
                    Some(s) => out.push_str(&s),
                    None => return Value::unknown("%-formatting with unknown values"),
                }
            }
            Some('s' | 'd' | 'i' | 'r') => match next.next().and_then(|v| v.to_python_str()) {
                Some(s) => out.push_str(&s),
                None => return Value::unknown("%-formatting with unknown values"),
            },
            _ => return Value::unknown("%-formatting driftlock does not evaluate"),
        }
    }
    Value::Str(out)
}

/// The release segments of a version written as packaging's `Version` (`parse("3.0.0")`,
/// `Version(s)`, `.base_version` of one) or, when `bare` is set, as a plain string. A
/// pre-release, development or local version is not ordered here (`None`), except through
/// `.base_version`, which is its release alone.
fn version_of_value(v: &Value, bare: bool) -> Option<Vec<i64>> {
    match v {
        Value::Str(s) if bare => crate::version::release(s, false),
        Value::Object(o) => {
            if is_version(v) {
                return version_of_value(o.args.positional.first()?, true);
            }
            if o.class == "base_version" && !o.called {
                let inner = o.receiver.as_ref()?;
                let Value::Object(version) = inner else {
                    return None;
                };
                let text = version.args.positional.first()?;
                return match text {
                    Value::Str(s) => crate::version::release(s, true),
                    other => version_of_value(other, true),
                };
            }
            None
        }
        _ => None,
    }
}

fn version_of(v: &Value) -> Option<Vec<i64>> {
    version_of_value(v, false)
}

/// Whether `v` is a version of packaging's (`parse(...)`, `Version(...)`): compared as a
/// version, never as SQL.
pub(super) fn is_version(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.called && matches!(o.class.as_str(), "packaging.version.parse" | "packaging.version.Version"))
}

pub(super) fn compare(op: &ast::CmpOp, left: &Value, right: &Value) -> Option<bool> {
    let (left, right) = (left.env_inner(), right.env_inner());
    if matches!(op, ast::CmpOp::Eq | ast::CmpOp::NotEq) {
        if let (Some(a), Some(b)) = (version_of(left), version_of(right)) {
            let equal = crate::version::compare(&a, &b).is_eq();
            return Some(equal == matches!(op, ast::CmpOp::Eq));
        }
    }
    match op {
        ast::CmpOp::Eq => left.py_eq(right),
        ast::CmpOp::NotEq => left.py_eq(right).map(|b| !b),
        ast::CmpOp::Is => match (left, right) {
            (Value::None, Value::None) => Some(true),
            // Each enum member exists once: `is` is equality between members.
            (Value::Object(a), Value::Object(b))
                if a.class == super::value::ENUM_MEMBER && b.class == super::value::ENUM_MEMBER =>
            {
                left.py_eq(right)
            }
            (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
            (Value::None, _) | (_, Value::None) => Some(false),
            (Value::Bool(a), Value::Bool(b)) => Some(a == b),
            (Value::Class(_), Value::Class(_) | Value::External(_))
            | (Value::External(_), Value::Class(_)) => left.py_eq(right),
            // A library's name is its one object (`base is object`).
            (Value::External(a), Value::External(b)) if a == b => Some(true),
            _ => None,
        },
        ast::CmpOp::IsNot => compare(&ast::CmpOp::Is, left, right).map(|b| !b),
        ast::CmpOp::In | ast::CmpOp::NotIn => {
            let found = match &*right.row_as_tuple() {
                Value::Str(s) => left.as_str().map(|l| s.contains(l)),
                Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                    contains(items.iter(), left)
                }
                Value::Dict(items) => contains(items.iter().map(|(k, _)| k), left),
                _ => None,
            }?;
            Some(if matches!(op, ast::CmpOp::In) {
                found
            } else {
                !found
            })
        }
        ast::CmpOp::Lt | ast::CmpOp::LtE | ast::CmpOp::Gt | ast::CmpOp::GtE => {
            let (left, right) = (&left.clone().enum_value(), &right.clone().enum_value());
            let ordering = match (left, right) {
                (Value::Int(a), Value::Int(b)) => a.cmp(b),
                (Value::Str(a), Value::Str(b)) => a.cmp(b),
                (Value::Tuple(a), Value::Tuple(b)) => {
                    // Version tuples, element by element: the first that differs decides
                    // (it must be known), else the longer tuple is the greater.
                    let mut ordering = a.len().cmp(&b.len());
                    for (x, y) in a.iter().zip(b) {
                        let o = match (x, y) {
                            (Value::Int(x), Value::Int(y)) => x.cmp(y),
                            (Value::Str(x), Value::Str(y)) => x.cmp(y),
                            _ => return None,
                        };
                        if o.is_ne() {
                            ordering = o;
                            break;
                        }
                    }
                    ordering
                }
                // `packaging.version.parse(a) >= parse("3.0.0")`: release segments.
                _ => crate::version::compare(&version_of(left)?, &version_of(right)?),
            };
            Some(match op {
                ast::CmpOp::Lt => ordering.is_lt(),
                ast::CmpOp::LtE => ordering.is_le(),
                ast::CmpOp::Gt => ordering.is_gt(),
                _ => ordering.is_ge(),
            })
        }
    }
}

/// The set `a | b`: `a`'s items, then `b`'s not in it, each once (an item whose equality is
/// unknown is kept).
pub(super) fn set_union(a: Vec<Value>, b: Vec<Value>) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for item in a.into_iter().chain(b) {
        if contains(out.iter(), &item) != Some(true) {
            out.push(item);
        }
    }
    Value::Set(out)
}

/// The operands of a set operator: sets, or a dict's keys (kept as a list) on either side.
fn set_operands(a: &Value, b: &Value) -> Option<(Vec<Value>, Vec<Value>)> {
    let items = |v: &Value| match v {
        Value::Set(items) | Value::List(items) => Some(items.clone()),
        _ => None,
    };
    if !matches!(a, Value::Set(_)) && !matches!(b, Value::Set(_)) {
        return None;
    }
    Some((items(a)?, items(b)?))
}

/// `a & b`, `a - b`, `a ^ b` of sets, in `a`'s order (then `b`'s for `^`).
fn set_operation(op: &ast::Operator, a: Vec<Value>, b: Vec<Value>) -> Value {
    let mut out = Vec::new();
    let keep = matches!(op, ast::Operator::BitAnd);
    let Value::Set(a) = set_union(Vec::new(), a) else {
        return Value::unknown("a set operation");
    };
    for item in &a {
        match contains(b.iter(), item) {
            Some(found) if found == keep || matches!(op, ast::Operator::BitXor) && !found => {
                out.push(item.clone())
            }
            Some(_) => {}
            None => return Value::unknown("a set operation on unknown values"),
        }
    }
    if matches!(op, ast::Operator::BitXor) {
        for item in &b {
            match contains(a.iter(), item) {
                Some(false) => out.push(item.clone()),
                Some(true) => {}
                None => return Value::unknown("a set operation on unknown values"),
            }
        }
    }
    set_union(Vec::new(), out)
}

/// A set's methods that build a new value: `union`, `intersection`, `difference`,
/// `symmetric_difference`, `issubset`, `issuperset`, `isdisjoint`, `copy`.
pub(super) fn set_method(items: &[Value], method: &str, args: &super::value::Args) -> Value {
    let mut others = Vec::new();
    for arg in &args.positional {
        match iterate(arg) {
            Some(more) => others.push(more),
            None => return Value::unknown(format!("set.{method}() of unknown values")),
        }
    }
    let all_in = |xs: &[Value], ys: &[Value]| -> Option<bool> {
        for x in xs {
            if !contains(ys.iter(), x)? {
                return Some(false);
            }
        }
        Some(true)
    };
    let known = |b: Option<bool>| b.map_or_else(|| Value::unknown("a set comparison"), Value::Bool);
    let first = || others.first().cloned().unwrap_or_default();
    match method {
        "copy" => Value::Set(items.to_vec()),
        "union" => others
            .into_iter()
            .fold(Value::Set(items.to_vec()), |acc, more| match acc {
                Value::Set(acc) => set_union(acc, more),
                other => other,
            }),
        "intersection" | "difference" | "symmetric_difference" => {
            let op = match method {
                "intersection" => ast::Operator::BitAnd,
                "difference" => ast::Operator::Sub,
                _ => ast::Operator::BitXor,
            };
            others
                .into_iter()
                .fold(Value::Set(items.to_vec()), |acc, more| match acc {
                    Value::Set(acc) => set_operation(&op, acc, more),
                    other => other,
                })
        }
        "issubset" => known(all_in(items, &first())),
        "issuperset" => known(all_in(&first(), items)),
        "isdisjoint" => known(
            first()
                .iter()
                .map(|x| contains(items.iter(), x))
                .try_fold(true, |acc, found| found.map(|f| acc && !f)),
        ),
        _ => Value::unknown(format!("set.{method}()")),
    }
}

pub(super) fn contains<'v>(
    mut items: impl Iterator<Item = &'v Value>,
    needle: &Value,
) -> Option<bool> {
    let mut unknown = false;
    for item in items.by_ref() {
        match item.py_eq(needle) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

pub(super) fn subscript(base: &Value, index: &Value) -> Value {
    // `row[0]` of a query's row; `row["name"]` as SQLAlchemy 1.x rows allow.
    if let Value::Object(o) = base {
        if o.class == super::value::QUERY_ROW {
            if let Value::Str(key) = index {
                return o
                    .args
                    .keyword(key)
                    .cloned()
                    .unwrap_or_else(|| Value::unknown("a column the query does not return"));
            }
            return subscript(&base.row_as_tuple(), index);
        }
    }
    match (base, index) {
        (Value::List(items) | Value::Tuple(items), Value::Int(i)) => {
            let len = items.len() as i64;
            let i = if *i < 0 { len + i } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or_else(|| Value::unknown("index out of range"))
        }
        (Value::Dict(items), key) => items
            .iter()
            .find(|(k, _)| k.py_eq(key) == Some(true))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| Value::unknown("a key that is not in the dict")),
        (Value::Str(s), Value::Int(i)) => {
            let chars: Vec<char> = s.chars().collect();
            let i = if *i < 0 { chars.len() as i64 + i } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| chars.get(i))
                .map_or_else(
                    || Value::unknown("index out of range"),
                    |c| Value::Str(c.to_string()),
                )
        }
        _ => Value::unknown("a subscript driftlock does not evaluate"),
    }
}

pub(super) fn slice(base: &Value, lower: Option<Value>, upper: Option<Value>) -> Value {
    let bound = |v: Option<Value>, len: usize, default: usize| -> Option<usize> {
        match v {
            None | Some(Value::None) => Some(default),
            Some(Value::Int(i)) if i < 0 => Some(len.saturating_sub(i.unsigned_abs() as usize)),
            Some(Value::Int(i)) => Some((i as usize).min(len)),
            _ => None,
        }
    };
    match base {
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let (Some(a), Some(b)) = (
                bound(lower, chars.len(), 0),
                bound(upper, chars.len(), chars.len()),
            ) else {
                return Value::unknown("a slice with unknown bounds");
            };
            Value::Str(chars[a.min(b)..b].iter().collect())
        }
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            let (Some(a), Some(b)) = (
                bound(lower, items.len(), 0),
                bound(upper, items.len(), items.len()),
            ) else {
                return Value::unknown("a slice with unknown bounds");
            };
            let part = items[a.min(b)..b].to_vec();
            if matches!(base, Value::List(_)) {
                Value::List(part)
            } else {
                Value::Tuple(part)
            }
        }
        _ => Value::unknown("a slice driftlock does not evaluate"),
    }
}

pub(super) fn str_method(s: &str, method: &str, args: &Args) -> Value {
    let arg_str = |i: usize| args.positional.get(i).and_then(Value::as_str);
    match method {
        "lower" => Value::Str(s.to_lowercase()),
        "upper" => Value::Str(s.to_uppercase()),
        // Python's character tests: false for an empty string; cased tests look at the
        // cased characters only, and need one.
        "isupper" | "islower" => {
            let cased: Vec<char> = s
                .chars()
                .filter(|c| c.is_uppercase() || c.is_lowercase())
                .collect();
            let want_upper = method == "isupper";
            Value::Bool(
                !cased.is_empty()
                    && cased.iter().all(|c| {
                        if want_upper {
                            c.is_uppercase()
                        } else {
                            c.is_lowercase()
                        }
                    }),
            )
        }
        "isdigit" | "isdecimal" | "isnumeric" => {
            Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        }
        "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "strip" => Value::Str(match arg_str(0) {
            Some(chars) => s.trim_matches(|c| chars.contains(c)).to_string(),
            None => s.trim().to_string(),
        }),
        "lstrip" => Value::Str(s.trim_start().to_string()),
        "rstrip" => Value::Str(s.trim_end().to_string()),
        "replace" => match (arg_str(0), arg_str(1)) {
            (Some(a), Some(b)) => Value::Str(s.replace(a, b)),
            _ => Value::unknown("str.replace with unknown arguments"),
        },
        "startswith" => arg_str(0).map_or_else(
            || Value::unknown("startswith"),
            |p| Value::Bool(s.starts_with(p)),
        ),
        "endswith" => arg_str(0).map_or_else(
            || Value::unknown("endswith"),
            |p| Value::Bool(s.ends_with(p)),
        ),
        "split" | "rsplit" => {
            // `maxsplit`, positional or keyword; -1 (or absent) splits everywhere.
            let max = match args.get(1, "maxsplit") {
                Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
                _ => None,
            };
            let parts: Vec<String> = match (arg_str(0), max, method) {
                (Some(sep), Some(n), "split") => s.splitn(n + 1, sep).map(str::to_string).collect(),
                (Some(sep), Some(n), _) => {
                    let mut v: Vec<String> = s.rsplitn(n + 1, sep).map(str::to_string).collect();
                    v.reverse();
                    v
                }
                (Some(sep), None, _) => s.split(sep).map(str::to_string).collect(),
                (None, _, _) => s.split_whitespace().map(str::to_string).collect(),
            };
            Value::List(parts.into_iter().map(Value::Str).collect())
        }
        "join" => match args.positional.first().and_then(iterate) {
            Some(items) => {
                let parts: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                parts.map_or_else(
                    || Value::unknown("str.join of unknown values"),
                    |p| Value::Str(p.join(s)),
                )
            }
            None => Value::unknown("str.join of an unknown value"),
        },
        "format" => format_method(s, args),
        _ => Value::unknown(format!("str.{method}()")),
    }
}

/// `"{} {name} {0}".format(...)` with plain fields.
/// `Color.red` of an enum class (the member), `member.name` / `member.value` of a member;
/// `None` for anything else. Attribute access and `{value.attr}` fields of `str.format` both
/// read enums through it.
pub(super) fn enum_attribute(value: &Value, attr: &str) -> Option<Value> {
    match value {
        Value::Class(c)
            if super::expr::derives_from_enum(c)
                && !attr.starts_with('_')
                && c.order.iter().any(|n| n == attr) =>
        {
            match c.attributes.get(attr) {
                Some(Value::Function(_)) | None => None,
                // An alias (a second name for a value) is the member first given that value.
                Some(v) => Some(super::value::enum_member(
                    c,
                    &canonical_name(c, attr, v),
                    v.clone(),
                )),
            }
        }
        Value::Object(o) if o.class == super::value::ENUM_MEMBER => match attr {
            "name" => o.args.positional.first().cloned(),
            "value" => o.args.positional.get(1).cloned(),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn format_method(s: &str, args: &Args) -> Value {
    let mut out = String::new();
    let mut auto = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let field: String = chars.by_ref().take_while(|c| *c != '}').collect();
                // `{t.field}`: an attribute of the argument.
                let mut path = field.split('.');
                let head = path.next().unwrap_or_default();
                let value = if head.is_empty() {
                    auto += 1;
                    args.positional.get(auto - 1)
                } else if let Ok(i) = head.parse::<usize>() {
                    args.positional.get(i)
                } else {
                    args.keyword(head)
                };
                let value = path.try_fold(value.cloned(), |v, attr| {
                    Some(v.and_then(|v| enum_attribute(&v, attr)))
                });
                match value.flatten().as_ref().and_then(Value::to_python_str) {
                    Some(v) => out.push_str(&v),
                    None => return Value::unknown("str.format with unknown values"),
                }
            }
            c => out.push(c),
        }
    }
    Value::Str(out)
}

#[cfg(test)]
mod version_tests {
    use super::{compare, Object, Value};
    use crate::eval::value::Args;
    use crate::python::ast;
    use std::rc::Rc;

    fn parse(text: &str) -> Value {
        Value::Object(Rc::new(Object {
            class: "packaging.version.parse".into(),
            receiver: None,
            args: Args {
                positional: vec![Value::Str(text.into())],
                ..Args::default()
            },
            called: true,
            span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
        }))
    }

    fn base_version(v: Value) -> Value {
        Value::Object(Rc::new(Object {
            class: "base_version".into(),
            receiver: Some(v),
            args: Args::default(),
            called: false,
            span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
        }))
    }

    #[test]
    fn versions_compare_by_release() {
        assert_eq!(
            compare(&ast::CmpOp::GtE, &parse("3.3.2"), &parse("3.0.0")),
            Some(true)
        );
        assert_eq!(
            compare(&ast::CmpOp::Lt, &parse("2.10"), &parse("2.9.1")),
            Some(false)
        );
        assert_eq!(
            compare(&ast::CmpOp::Eq, &parse("3.0"), &parse("3.0.0")),
            Some(true)
        );
        // A pre-release is not ordered by its release alone; its base version is.
        assert_eq!(
            compare(&ast::CmpOp::GtE, &parse("3.0.0rc1"), &parse("3.0.0")),
            None
        );
        let base = parse("3.1.0.dev0");
        assert_eq!(
            compare(
                &ast::CmpOp::GtE,
                &parse_of(base_version(base)),
                &parse("3.0.0")
            ),
            Some(true)
        );
    }

    fn parse_of(v: Value) -> Value {
        Value::Object(Rc::new(Object {
            class: "packaging.version.parse".into(),
            receiver: None,
            args: Args {
                positional: vec![v],
                ..Args::default()
            },
            called: true,
            span: crate::diagnostic::Span::new(crate::source::FileId(0), 0..0),
        }))
    }
}

#[cfg(test)]
mod dict_tests {
    use super::{call_builtin, Value};
    use crate::eval::value::Args;

    fn dict(positional: Vec<Value>, keywords: Vec<(String, Value)>) -> Value {
        call_builtin(
            "dict",
            Args {
                positional,
                keywords,
                ..Args::default()
            },
        )
    }

    fn pair(k: &str, v: i64) -> Value {
        Value::Tuple(vec![Value::Str(k.into()), Value::Int(v)])
    }

    /// `dict(pairs)` (a naming convention written as a tuple of pairs) is the mapping; a later
    /// key replaces an earlier one; what is not pairs is not known, never an empty dict.
    #[test]
    fn dict_of_pairs_keywords_and_unknowns() {
        let d = dict(
            vec![Value::Tuple(vec![
                pair("ix", 1),
                pair("uq", 2),
                pair("ix", 3),
            ])],
            vec![("fk".into(), Value::Int(4))],
        );
        let Value::Dict(items) = d else {
            panic!("a dict: {d:?}")
        };
        let keys: Vec<_> = items.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(
            format!("{keys:?}"),
            format!(
                "{:?}",
                [
                    (Some("ix"), Value::Int(3)),
                    (Some("uq"), Value::Int(2)),
                    (Some("fk"), Value::Int(4))
                ]
            )
        );
        assert!(matches!(dict(vec![], vec![]), Value::Dict(d) if d.is_empty()));
        for not_pairs in [
            Value::List(vec![Value::Int(1)]),
            Value::unknown("a value driftlock does not know"),
        ] {
            assert!(
                !matches!(dict(vec![not_pairs.clone()], vec![]), Value::Dict(_)),
                "{not_pairs:?}"
            );
        }
    }
}

#[cfg(test)]
mod dedent_tests {
    use super::dedent;

    #[test]
    fn dedent_takes_off_the_common_margin_as_python_does() {
        // (Each expected text is what Python's `textwrap.dedent` gives.)
        assert_eq!(dedent("    a\n      b\n    c\n"), "a\n  b\nc\n");
        // Lines of whitespace only are emptied and do not count; tabs and spaces differ.
        assert_eq!(dedent("\n  x\n \t \n  y\n  "), "\nx\n\ny\n");
        assert_eq!(dedent("\tx\n  y"), "\tx\n  y");
        assert_eq!(dedent("  \tx\n  y"), "\tx\ny");
        assert_eq!(dedent("no margin\n  here"), "no margin\n  here");
    }
}

#[cfg(test)]
mod str_tests {
    use super::{call_builtin, str_method};
    use crate::eval::value::{Args, Value};

    fn test(s: &str, method: &str) -> Value {
        str_method(s, method, &Args::default())
    }

    #[test]
    fn character_tests_answer_as_python_does() {
        // (Each expected value is what Python 3.11 gives.)
        assert!(matches!(test("N", "isupper"), Value::Bool(true)));
        assert!(matches!(test("AB1", "isupper"), Value::Bool(true)));
        assert!(matches!(test("Ab", "isupper"), Value::Bool(false)));
        assert!(matches!(test("1", "isupper"), Value::Bool(false)));
        assert!(matches!(test("", "islower"), Value::Bool(false)));
        assert!(matches!(test("a_b", "islower"), Value::Bool(true)));
        assert!(matches!(test("042", "isdigit"), Value::Bool(true)));
        assert!(matches!(test("4a", "isalnum"), Value::Bool(true)));
        assert!(matches!(test("4 a", "isalnum"), Value::Bool(false)));
    }

    #[test]
    fn enumerate_counts_from_its_start() {
        let items = Value::List(vec![Value::Str("a".into()), Value::Str("b".into())]);
        let args = |start: Option<i64>| Args {
            positional: [Some(items.clone()), start.map(Value::Int)]
                .into_iter()
                .flatten()
                .collect(),
            ..Args::default()
        };
        let first_index = |v: Value| match v {
            Value::List(pairs) => match pairs.first() {
                Some(Value::Tuple(pair)) => pair.first().and_then(|i| match i {
                    Value::Int(n) => Some(*n),
                    _ => None,
                }),
                _ => None,
            },
            _ => None,
        };
        assert_eq!(first_index(call_builtin("enumerate", args(None))), Some(0));
        assert_eq!(
            first_index(call_builtin("enumerate", args(Some(1)))),
            Some(1)
        );
    }
}
