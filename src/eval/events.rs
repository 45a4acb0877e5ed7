//! SQLAlchemy's schema events, as the interpreter sees them: functions registered with
//! `@event.listens_for(target, "after_parent_attach")` or `event.listen(target, name, fn)` are
//! kept with their target, and while one runs the constraints and indexes it makes are
//! recorded (they join the table it was given), and attributes it assigns on library objects
//! (`const.name = ...`) are remembered. `models/events.rs` runs them on the declared tables.

use std::rc::Rc;

use super::interp::{callee, Host, Interp};
use super::value::{Args, Object, Value};
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
