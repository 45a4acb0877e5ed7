//! Values a column's own type converts before SQLAlchemy writes them into SQL. A
//! `TypeDecorator` of the checkout with `process_literal_param` or `process_bind_param` (an
//! enum stored by its name, a value lower-cased) decides the literal a comparison with that
//! column renders (`postgresql_where=status.not_in(Status.finished())`): SQLAlchemy's literal
//! processor runs the first of the two the class defines, then the `impl`'s quoting.

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::value::{Args, Handle, Object, Value};
use crate::diagnostic::Span;

/// Column methods whose arguments are values of the column's type.
const COMPARISONS: [&str; 5] = ["in_", "not_in", "notin_", "is_", "is_not"];

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `column.in_([...])` and its kin: the values as the column's type binds them.
    pub(super) fn literal_params_of_method(
        &mut self,
        receiver: &Value,
        method: &str,
        mut args: Args,
        span: &Span,
    ) -> Args {
        if !COMPARISONS.contains(&method) {
            return args;
        }
        let Some(hook) = column_type_hook(receiver) else {
            return args;
        };
        args.positional = args
            .positional
            .into_iter()
            .map(|v| match v {
                Value::List(items) => Value::List(self.all_bound(&hook, items, span)),
                Value::Tuple(items) => Value::Tuple(self.all_bound(&hook, items, span)),
                Value::Set(items) => Value::Set(self.all_bound(&hook, items, span)),
                one => self.bound(&hook, one, span),
            })
            .collect();
        args
    }

    /// `column == value` (and `!=`, `<`, ...): `value` as the column's type binds it, when
    /// one side is a column whose type converts values.
    pub(super) fn literal_params_of_comparison(
        &mut self,
        left: Value,
        right: Value,
        span: &Span,
    ) -> (Value, Value) {
        if let Some(hook) = column_type_hook(&left) {
            let right = self.bound(&hook, right, span);
            return (left, right);
        }
        if let Some(hook) = column_type_hook(&right) {
            let left = self.bound(&hook, left, span);
            return (left, right);
        }
        (left, right)
    }

    fn all_bound(&mut self, hook: &TypeHook, values: Vec<Value>, span: &Span) -> Vec<Value> {
        values
            .into_iter()
            .map(|v| self.bound(hook, v, span))
            .collect()
    }

    /// One value as the type binds it.
    fn bound(&mut self, hook: &TypeHook, v: Value, span: &Span) -> Value {
        // SQL expressions and NULL are not bound values.
        if matches!(v, Value::None)
            || matches!(&v, Value::Object(o) if o.class != super::value::ENUM_MEMBER)
        {
            return v;
        }
        let args = Args {
            positional: vec![
                Value::Object(hook.instance.clone()),
                v.clone(),
                Value::Handle(Handle::Dialect),
            ],
            ..Args::default()
        };
        // A constant is what the type binds; anything else (an object of the project's, a
        // value not known) leaves the value as it was given.
        match self.call(&hook.function, args, span) {
            c @ (Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)) => c,
            _ => v,
        }
    }
}

/// `type_coerce(col, T)`: the same column in SQL. Its values are bound as `T` binds them:
/// for a column whose own type converts values, a `type_coerce` object (rendered as the
/// column) that the conversion does not reach; otherwise the column itself.
pub(super) fn type_coerced(args: &Args, span: &Span) -> Value {
    let Some(first) = args.positional.first().cloned() else {
        return Value::None;
    };
    match (args.get(1, "type_"), column_type_hook(&first)) {
        (Some(ty), Some(_)) => Object::call(
            "sqlalchemy.type_coerce",
            vec![first, ty.clone()],
            Vec::new(),
            span,
        ),
        _ => first,
    }
}

/// A column's type instance and the method of its class that converts a value.
struct TypeHook {
    instance: Rc<Object>,
    function: Value,
}

/// The type of a `Column(...)` / `mapped_column(...)` (its `type_=` or first positional
/// argument that is not its name), when it is an instance of the checkout's class that
/// defines `process_literal_param` or `process_bind_param`.
fn column_type_hook(column: &Value) -> Option<TypeHook> {
    let Value::Object(c) = column else {
        return None;
    };
    if c.receiver.is_some()
        || !matches!(c.class.rsplit('.').next(), Some("Column" | "mapped_column"))
    {
        return None;
    }
    let ty = c.args.keyword("type_").or_else(|| {
        c.args
            .positional
            .iter()
            .find(|v| !matches!(v, Value::Str(_)))
    })?;
    let Value::Object(instance) = ty else {
        return None;
    };
    let (Some(Value::Class(class)), true) = (&instance.receiver, instance.called) else {
        return None;
    };
    ["process_literal_param", "process_bind_param"]
        .iter()
        .find_map(|name| match super::builtins::class_attribute(class, name) {
            Some(f @ Value::Function(_)) => Some(TypeHook {
                instance: instance.clone(),
                function: f,
            }),
            _ => None,
        })
}
