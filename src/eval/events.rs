//! SQLAlchemy's schema events, as the interpreter sees them: functions registered with
//! `@event.listens_for(target, "after_parent_attach")` or `event.listen(target, name, fn)` are
//! kept with their target, and while one runs the constraints and indexes it makes are
//! recorded (they join the table it was given), and attributes it assigns on library objects
//! (`const.name = ...`) are remembered. `models/events.rs` runs them on the declared tables.

use std::rc::Rc;

use super::interp::{callee, Host, Interp};
use super::value::{Args, ClassValue, Object, Value};
use crate::diagnostic::Span;
use crate::python::ast;

/// A function registered for an event of a schema target: a class (`PrimaryKeyConstraint`,
/// a type of the project's own) or one object (the column a listener was given).
#[derive(Clone, Debug)]
pub struct Listener {
    pub target: Value,
    pub event: String,
    pub function: Value,
}

/// What a listener may make for the table it is given.
const MADE_ITEMS: &[&str] = &[
    "CheckConstraint",
    "UniqueConstraint",
    "ForeignKeyConstraint",
    "Index",
];

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `@listens_for(target, "event")` (SQLAlchemy's `event.listens_for`) on a function.
    pub(super) fn note_event_listener(&mut self, f: &ast::StmtFunctionDef, function: &Value) {
        for decorator in &f.decorator_list {
            let ast::Expr::Call(call) = decorator else {
                continue;
            };
            if callee(call) != Some("listens_for") || call.args.len() < 2 {
                continue;
            }
            let target = self.eval(&call.args[0]);
            if let Value::Str(event) = self.eval(&call.args[1]) {
                self.listeners.push(Listener {
                    target,
                    event,
                    function: function.clone(),
                });
            }
        }
    }

    /// `event.listen(target, "event", fn)`: kept like the decorator's.
    pub(super) fn listen(&mut self, args: &Args) -> Value {
        if let (Some(target), Some(Value::Str(event)), Some(function)) = (
            args.positional.first(),
            args.positional.get(1),
            args.positional.get(2),
        ) {
            self.listeners.push(Listener {
                target: target.clone(),
                event: event.clone(),
                function: function.clone(),
            });
        }
        Value::None
    }

    /// The listeners registered so far, in the order they were.
    pub fn listeners(&self) -> &[Listener] {
        &self.listeners
    }

    /// The last value the code run so far assigned to `attr` of this library object
    /// (`const.name = ...` in a listener), if it assigned one.
    pub fn object_attribute(&self, o: &Rc<Object>, attr: &str) -> Option<Value> {
        self.object_attributes
            .iter()
            .rev()
            .find(|(p, a, _)| Rc::ptr_eq(p, o) && a == attr)
            .map(|(_, _, v)| v.clone())
    }

    /// Every library object whose `attr` the code run so far assigned, with the last value
    /// (`Base.metadata = metadata` of a `declarative_base()`).
    pub fn objects_with_attribute(&self, attr: &str) -> Vec<(Rc<Object>, Value)> {
        let mut found: Vec<(Rc<Object>, Value)> = Vec::new();
        for (o, a, v) in &self.object_attributes {
            if a != attr {
                continue;
            }
            match found.iter_mut().find(|(p, _)| Rc::ptr_eq(p, o)) {
                Some(slot) => slot.1 = v.clone(),
                None => found.push((o.clone(), v.clone())),
            }
        }
        found
    }

    /// Records a constraint or index made while a listener runs.
    pub(super) fn note_made(&mut self, value: &Value) {
        if let (Some(made), Value::Object(o)) = (self.made.as_mut(), value) {
            let class = o.class.rsplit('.').next().unwrap_or_default();
            if o.receiver.is_none() && o.called && MADE_ITEMS.contains(&class) {
                made.push(value.clone());
            }
        }
    }

    /// Calls method `name` of an instance of a class of the checkout with `args`, and returns
    /// the constraints and indexes it made; nothing when its class has no such method.
    pub fn call_method_recording(
        &mut self,
        instance: &Value,
        name: &str,
        args: Vec<Value>,
        span: &Span,
    ) -> Vec<Value> {
        let method = match instance {
            Value::Object(o) => match &o.receiver {
                Some(Value::Class(c)) => match super::class_attribute(c, name) {
                    Some(Value::Function(f)) => super::expr::bind_first(&f, instance.clone()),
                    _ => return Vec::new(),
                },
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        self.call_recording(&method, args, span)
    }

    /// Calls `function` with `args`, and returns the constraints and indexes it made.
    pub fn call_recording(
        &mut self,
        function: &Value,
        args: Vec<Value>,
        span: &Span,
    ) -> Vec<Value> {
        let outer = self.made.replace(Vec::new());
        let args = Args {
            positional: args,
            ..Args::default()
        };
        self.call(function, args, span);
        std::mem::replace(&mut self.made, outer).unwrap_or_default()
    }
}

/// The `before_parent_attach` listeners registered on classes of the checkout (types of the
/// project's own), with their functions.
pub fn type_listeners(listeners: &[Listener]) -> Vec<(Rc<ClassValue>, Value)> {
    listeners
        .iter()
        .filter(|l| l.event == "before_parent_attach")
        .filter_map(|l| match &l.target {
            Value::Class(c) => Some((c.clone(), l.function.clone())),
            _ => None,
        })
        .collect()
}

/// What may be a column's type: its positional arguments and its `type_=`.
pub fn column_types(column: &Object) -> impl Iterator<Item = &Value> {
    column
        .args
        .positional
        .iter()
        .chain(column.args.keyword("type_"))
}

/// The method `name` that a type instance's class of the project's own defines (itself or
/// through its bases of the project).
pub fn own_method(ty: &Value, name: &str) -> Option<Value> {
    let Value::Object(o) = ty else {
        return None;
    };
    match (&o.receiver, o.called) {
        (Some(Value::Class(c)), true) => match super::class_attribute(c, name) {
            Some(f @ Value::Function(_)) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `class` is `target` or derives from it (classes compared by their definition: a
/// class changed after its definition is a copy).
pub fn derives_from(class: &ClassValue, target: &ClassValue) -> bool {
    (class.name == target.name && class.span == target.span)
        || class.bases.iter().any(|b| match b {
            Value::Class(base) => derives_from(base, target),
            _ => false,
        })
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// What SQLAlchemy runs when `column` joins `table`, for each of the column's types that
    /// is an instance of a class of the project's own: its `_set_table(column, table)` (a
    /// `SchemaType` that adds constraints to the table of its column), and each listener of
    /// `on_types` (see [`type_listeners`]) on a class it derives from, run with the type and
    /// the column, then the `after_parent_attach` listeners that one registers on the column,
    /// run with the column and the table. The constraints and indexes they make.
    pub fn column_joins_table(
        &mut self,
        column: &Value,
        table: &Value,
        on_types: &[(Rc<ClassValue>, Value)],
        span: &Span,
    ) -> Vec<Value> {
        let Value::Object(o) = column else {
            return Vec::new();
        };
        let mut made = Vec::new();
        for ty in column_types(o) {
            if own_method(ty, "_set_table").is_some() {
                made.extend(self.call_method_recording(
                    ty,
                    "_set_table",
                    vec![column.clone(), table.clone()],
                    span,
                ));
            }
            let Value::Object(instance) = ty else {
                continue;
            };
            let Some(Value::Class(class)) = &instance.receiver else {
                continue;
            };
            for (target, f) in on_types {
                if !derives_from(class, target) {
                    continue;
                }
                let before = self.listeners.len();
                self.call_recording(f, vec![ty.clone(), column.clone()], span);
                let added: Vec<Value> = self.listeners[before..]
                    .iter()
                    .filter(|l| l.event == "after_parent_attach" && l.target.same_object(column))
                    .map(|l| l.function.clone())
                    .collect();
                for g in added {
                    made.extend(self.call_recording(&g, vec![column.clone(), table.clone()], span));
                }
            }
        }
        made
    }

    /// `op.create_table(name, *items)`: Alembic builds a `Table` of its columns, so what
    /// SQLAlchemy runs when a column joins a table runs as well ([`Self::column_joins_table`]):
    /// the constraints and indexes made join the table's items (a CHECK of an enum type's
    /// values). Other operations are left as they are.
    pub(super) fn with_type_listeners(&mut self, op: &str, mut args: Args, span: &Span) -> Args {
        if op != "create_table" {
            return args;
        }
        let Some(Value::Str(name)) = args.positional.first().cloned() else {
            return args;
        };
        let mut keywords = Vec::new();
        if let Some(schema @ Value::Str(_)) = args.keyword("schema") {
            keywords.push(("schema".to_string(), schema.clone()));
        }
        let table = Object::call("sqlalchemy.Table", vec![Value::Str(name)], keywords, span);
        let on_types = type_listeners(&self.listeners);
        let columns: Vec<Value> = args
            .positional
            .iter()
            .skip(1)
            .filter(|v| {
                matches!(v, Value::Object(o)
                    if o.receiver.is_none() && o.class.rsplit('.').next() == Some("Column"))
            })
            .cloned()
            .collect();
        let mut made = Vec::new();
        for column in &columns {
            made.extend(self.column_joins_table(column, &table, &on_types, span));
        }
        args.positional.extend(made);
        args
    }
}
