//! The constructors of the checkout's type classes, run: a `TypeDecorator` subclass whose
//! `__init__` computes the arguments of its `impl` (an enum type named and labelled from a
//! Python enum class) and passes them on with `super().__init__(...)`, or sets `self.impl`.
//! SQLAlchemy's `TypeDecorator.__init__(*args, **kwargs)` builds `impl(*args, **kwargs)`;
//! the type an instance stands for is that `impl`, which the model reader and the replay
//! read as its PostgreSQL type.

use std::rc::Rc;

use super::builtins::class_attribute;
use super::expr::bind_first;
use super::interp::{Host, Interp};
use super::value::{Args, ClassValue, Function, Object, Value};
use crate::diagnostic::Span;

/// The value `super()` is while a constructor this runs is running: the instance is its
/// receiver, the class whose `__init__` runs its one argument.
const SUPER: &str = "builtins.super";

/// The classes of the checkout `c` derives from, `c` first, depth first: Python's method
/// resolution order for the single inheritance type classes use.
fn mro(c: &Rc<ClassValue>) -> Vec<Rc<ClassValue>> {
    let mut out = vec![c.clone()];
    for b in &c.bases {
        if let Value::Class(base) = b {
            for k in mro(base) {
                if !out.iter().any(|seen| Rc::ptr_eq(seen, &k)) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// The first class of `classes`, from `from` on, whose body defines `__init__`, with it.
fn own_init(classes: &[Rc<ClassValue>], from: usize) -> Option<(Rc<ClassValue>, Rc<Function>)> {
    classes
        .iter()
        .skip(from)
        .find_map(|k| match k.attributes.get("__init__") {
            Some(Value::Function(f)) => Some((k.clone(), f.clone())),
            _ => None,
        })
}

/// Whether `v` is the `super()` of a constructor this runs.
pub(super) fn is_super(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.class == SUPER)
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// An instance of a `TypeDecorator` subclass of the checkout (a class with an `impl`)
    /// whose class or a base defines `__init__`: that `__init__` run with `self` the
    /// instance; the `impl` it leads to (through `super().__init__(...)` or `self.impl =
    /// ...`), when known.
    pub(super) fn run_type_init(
        &mut self,
        c: &Rc<ClassValue>,
        instance: &Rc<Object>,
        span: &Span,
    ) -> Option<Value> {
        let classes = mro(c);
        // A type decorator: a class with an `impl`, or one deriving from SQLAlchemy's
        // `TypeDecorator` whose `__init__` sets `self.impl`.
        let decorator = classes.iter().any(|k| {
            k.bases.iter().any(|b| {
                matches!(b, Value::External(n) if n.rsplit('.').next() == Some("TypeDecorator"))
            })
        });
        if class_attribute(c, "impl").is_none() && !decorator {
            return None;
        }
        let (owner, init) = own_init(&classes, 0)?;
        self.run_init(owner, &init, instance, instance.args.clone(), span);
        match self.object_attribute(instance, "impl") {
            Some(Value::Unknown(_)) | None => None,
            chosen => chosen,
        }
    }

    fn run_init(
        &mut self,
        owner: Rc<ClassValue>,
        init: &Rc<Function>,
        instance: &Rc<Object>,
        args: Args,
        span: &Span,
    ) {
        self.constructing.push((owner, instance.clone()));
        let bound = bind_first(init, Value::Object(instance.clone()));
        self.call(&bound, args, span);
        self.constructing.pop();
    }

    /// `super()` (or `super(C, self)`) in a constructor this runs; unknown elsewhere.
    pub(super) fn super_object(&self, args: &Args, span: &Span) -> Value {
        let (class, this) = match args.positional.as_slice() {
            [Value::Class(c), Value::Object(o)] => (c.clone(), o.clone()),
            // `super(Cls, self)` whose class name the method does not see (a class defined
            // in a function): the class whose constructor runs on that instance.
            [_, Value::Object(o)] => match self.constructing.last() {
                Some((c, running)) if Rc::ptr_eq(running, o) => (c.clone(), o.clone()),
                _ => return Value::unknown("`super()` of values not known statically"),
            },
            [] => match self.constructing.last() {
                Some((c, o)) => (c.clone(), o.clone()),
                None => return Value::unknown("`super()` outside a constructor driftlock runs"),
            },
            _ => return Value::unknown("`super()` of values not known statically"),
        };
        Value::Object(Rc::new(Object {
            class: SUPER.into(),
            receiver: Some(Value::Object(this)),
            args: Args {
                positional: vec![Value::Class(class)],
                ..Args::default()
            },
            called: true,
            span: span.clone(),
        }))
    }

    /// A method called on `super()`: `__init__` is the next class's in the instance's
    /// method resolution order (run), and past the checkout's classes `TypeDecorator`'s own,
    /// which sets `self.impl` to the class's `impl` called with the arguments (an instance
    /// as `impl` is used as it is). Any other method is not known.
    pub(super) fn super_method(
        &mut self,
        sup: &Object,
        method: &str,
        args: Args,
        span: &Span,
    ) -> Value {
        let (Some(Value::Object(this)), Some(Value::Class(after))) =
            (&sup.receiver, sup.args.positional.first())
        else {
            return Value::unknown("`super()` of values not known statically");
        };
        let Some(Value::Class(c)) = &this.receiver else {
            return Value::unknown("`super()` of an object not known statically");
        };
        if method != "__init__" {
            return Value::unknown(format!("`super().{method}()` is not evaluated"));
        }
        let classes = mro(c);
        let from = classes
            .iter()
            .position(|k| Rc::ptr_eq(k, after))
            .map_or(classes.len(), |i| i + 1);
        if let Some((owner, init)) = own_init(&classes, from) {
            self.run_init(owner, &init, this, args, span);
            return Value::None;
        }
        let built = match class_attribute(c, "impl") {
            Some(implementation @ (Value::External(_) | Value::Class(_))) => {
                self.call(&implementation, args, span)
            }
            Some(instance) => instance,
            None => return Value::None,
        };
        self.object_attributes
            .push((this.clone(), "impl".into(), built));
        Value::None
    }
}
