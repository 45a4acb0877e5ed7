//! Python's class-creation hooks written in the project's own code, run when a class
//! statement is evaluated, as `type.__new__` runs them: a metaclass's `__new__(mcs, name,
//! bases, namespace)` (constant classes whose members a loop over `__values__` makes) and
//! `__init__`, and a base's `__init_subclass__(cls, **kwargs)` (a framework base that names
//! its subclasses' tables). What a hook does to the namespace or to `cls` becomes the
//! class's attributes; a hook that raises or whose effect is not known changes nothing.

use std::rc::Rc;

use super::interp::{Flow, Host, Interp, MAX_DEPTH};
use super::value::{same_class, Args, ClassValue, Function, Value};

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `class` with what its metaclass's `__new__`/`__init__` and its bases'
    /// `__init_subclass__` set.
    pub(super) fn run_class_creation_hooks(&mut self, class: ClassValue) -> ClassValue {
        let mut class = class;
        if let Some(meta) = metaclass_of(&class) {
            let namespace = namespace_of(&class);
            if let Some(Value::Function(new)) = meta.attributes.get("__new__") {
                let args = Args {
                    positional: vec![
                        Value::Class(meta.clone()),
                        Value::Str(class.name.clone()),
                        Value::Tuple(class.bases.clone()),
                        namespace.clone(),
                    ],
                    ..Args::default()
                };
                if let Some(Value::Dict(items)) = self.call_keeping(new, args, 3) {
                    apply_namespace(&mut class, items);
                }
            }
            if let Some(Value::Function(init)) = meta.attributes.get("__init__") {
                class = self.run_on_class(init, class, Vec::new(), Some(namespace));
            }
        }
        let hook = class.bases.iter().find_map(|b| match b {
            Value::Class(base) => inherited_function(base, "__init_subclass__"),
            _ => None,
        });
        if let Some(hook) = hook {
            let keywords = class
                .keywords
                .iter()
                .filter(|(k, _)| k != "metaclass")
                .cloned()
                .collect();
            class = self.run_on_class(&hook, class, keywords, None);
        }
        class
    }

    /// Calls `hook` with the class as its first argument (and, for a metaclass's `__init__`,
    /// its name, bases and `namespace`), and takes the attributes it set on it.
    fn run_on_class(
        &mut self,
        hook: &Rc<Function>,
        class: ClassValue,
        keywords: Vec<(String, Value)>,
        namespace: Option<Value>,
    ) -> ClassValue {
        let before = Rc::new(class.clone());
        let mut positional = vec![Value::Class(before.clone())];
        if let Some(namespace) = namespace {
            positional.push(Value::Str(class.name.clone()));
            positional.push(Value::Tuple(class.bases.clone()));
            positional.push(namespace);
        }
        let args = Args {
            positional,
            keywords,
            ..Args::default()
        };
        self.in_construction.push(InConstruction {
            class: before.clone(),
            set: Vec::new(),
        });
        let kept = self.call_keeping(hook, args, 0);
        let set = self
            .in_construction
            .pop()
            .map(|c| c.set)
            .unwrap_or_default();
        // What the hook's helpers set on the class (`_setup_tablename(cls)` assigning
        // `cls.__tablename__`): Python's class is one object, which every function changes.
        let class = match &kept {
            Some(_) if !set.is_empty() => {
                let mut class = class;
                for (name, value) in set {
                    if !class.order.contains(&name) {
                        class.order.push(name.clone());
                    }
                    class.attributes.insert(name, value);
                }
                class
            }
            _ => class,
        };
        match kept {
            Some(Value::Class(after)) if !Rc::ptr_eq(&after, &before) => {
                let mut class = class;
                for name in &after.order {
                    if !class.order.contains(name) {
                        class.order.push(name.clone());
                    }
                }
                for (name, value) in &after.attributes {
                    if before.attributes.get(name).is_none_or(|v| !same(v, value)) {
                        class.attributes.insert(name.clone(), value.clone());
                    }
                }
                class
            }
            _ => class,
        }
    }

    /// Runs the function `f` and returns the value its positional parameter `index` holds
    /// when it ends (what the body made of a namespace or class passed to it): `None` when it
    /// raised, nests too deeply, has no such parameter, or skipped code it could not decide
    /// (what that code would have set is not known). Like a module's initializer, it runs
    /// only for what it sets: code it skips that cannot change the schema is not said.
    fn call_keeping(&mut self, f: &Rc<Function>, args: Args, index: usize) -> Option<Value> {
        let params = &f.params;
        let name = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .nth(index)?
            .def
            .arg
            .to_string();
        if self.depth >= MAX_DEPTH {
            return None;
        }
        let skips = self.skips;
        self.initializing += 1;
        let (flow, frame) = self.run_in_frame(f, args);
        self.initializing -= 1;
        if matches!(flow, Flow::Raise(_)) || self.skips != skips {
            return None;
        }
        frame?.locals.get(&name).cloned()
    }
}

/// A class whose creation hooks are running, and the attributes code set on it meanwhile.
pub(super) struct InConstruction {
    class: Rc<ClassValue>,
    set: Vec<(String, Value)>,
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// Whether `class` is one whose creation hooks run now.
    pub(super) fn is_in_construction(&self, class: &ClassValue) -> bool {
        self.in_construction
            .iter()
            .any(|c| same_class(&c.class, class))
    }

    /// `cls.attr = value` on the class whose creation hooks run now, wherever the code that
    /// assigns it runs (a helper the hook passes `cls` to).
    pub(super) fn note_set_in_construction(
        &mut self,
        class: &ClassValue,
        attr: &str,
        value: &Value,
    ) {
        if let Some(c) = self.in_construction.last_mut() {
            if same_class(&c.class, class) {
                c.set.push((attr.to_string(), value.clone()));
            }
        }
    }
}

/// The metaclass a class statement names, or the first one its bases were made with, when it
/// is a class of the project (a library's metaclass is the library's business).
fn metaclass_of(class: &ClassValue) -> Option<Rc<ClassValue>> {
    let named = |c: &ClassValue| {
        c.keywords.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("metaclass", Value::Class(meta)) => Some(meta.clone()),
            _ => None,
        })
    };
    if let Some(meta) = named(class) {
        return Some(meta);
    }
    let mut stack: Vec<Rc<ClassValue>> = class
        .bases
        .iter()
        .rev()
        .filter_map(|b| match b {
            Value::Class(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let mut seen = 0;
    while let Some(base) = stack.pop() {
        seen += 1;
        if seen > 64 {
            return None;
        }
        if let Some(meta) = named(&base) {
            return Some(meta);
        }
        for b in base.bases.iter().rev() {
            if let Value::Class(c) = b {
                stack.push(c.clone());
            }
        }
    }
    None
}

/// `name` as a function of `class` or of the first base that defines it, depth first as
/// Python's method resolution order finds it for single inheritance.
fn inherited_function(class: &ClassValue, name: &str) -> Option<Rc<Function>> {
    let mut stack = vec![class];
    let mut seen = 0;
    while let Some(c) = stack.pop() {
        seen += 1;
        if seen > 64 {
            return None;
        }
        match c.attributes.get(name) {
            Some(Value::Function(f)) => return Some(f.clone()),
            Some(_) => return None,
            None => {}
        }
        for b in c.bases.iter().rev() {
            if let Value::Class(base) = b {
                stack.push(base);
            }
        }
    }
    None
}

/// The class body's namespace as a dict: its names in the order it bound them, then any
/// other attribute.
fn namespace_of(class: &ClassValue) -> Value {
    let mut names = class.order.clone();
    let mut rest: Vec<&String> = class
        .attributes
        .keys()
        .filter(|k| !class.order.contains(k))
        .collect();
    rest.sort();
    names.extend(rest.into_iter().cloned());
    Value::Dict(
        names
            .into_iter()
            .filter_map(|k| {
                let v = class.attributes.get(&k)?.clone();
                Some((Value::Str(k), v))
            })
            .collect(),
    )
}

/// The namespace a metaclass's `__new__` ended with, as the class's attributes: string keys
/// only, as `type()` takes them.
fn apply_namespace(class: &mut ClassValue, items: Vec<(Value, Value)>) {
    for (key, value) in items {
        let Value::Str(name) = key else { continue };
        if !class.order.contains(&name) {
            class.order.push(name.clone());
        }
        class.attributes.insert(name, value);
    }
}

/// Whether a hook left an attribute as it was (the same object, or an equal plain value).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Module(x), Value::Module(y)) => Rc::ptr_eq(x, y),
        _ => a.py_eq(b) == Some(true),
    }
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `attr` of a library object a subclass of the project's made (see
    /// [`Interp::made_by_subclass`]): the subclass's own attribute, else what its
    /// `__getattr__(self, name)` returns when that is known (`return super().__getattr__(name)`
    /// is not: the library's own attribute is read as for any such object).
    pub(super) fn subclass_attribute(
        &mut self,
        object: &Rc<super::value::Object>,
        attr: &str,
        span: &crate::diagnostic::Span,
    ) -> Option<Value> {
        let class = self
            .made_by_subclass
            .iter()
            .rev()
            .find(|(o, _)| Rc::ptr_eq(o, object))
            .map(|(_, c)| c.clone())?;
        match super::builtins::class_attribute(&class, attr) {
            Some(Value::Function(_)) | None => {}
            Some(own) => return Some(own),
        }
        let Some(hook @ Value::Function(_)) =
            super::builtins::class_attribute(&class, "__getattr__")
        else {
            return None;
        };
        let args = Args {
            positional: vec![Value::Object(object.clone()), Value::Str(attr.to_string())],
            ..Args::default()
        };
        match self.call(&hook, args, span) {
            Value::Unknown(_) => None,
            v if through_super(&v) => None,
            known => Some(known),
        }
    }
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `receiver.method(...)` on a library object a subclass of the project's made: the
    /// subclass's own attribute, or what its `__getattr__` gives (`db.UTCDateTime()` of a
    /// database object whose class adds types), called as Python calls it; `None` when the
    /// library's own method is meant.
    pub(super) fn subclass_method(
        &mut self,
        receiver: &Value,
        method: &str,
        args: &Args,
        span: &crate::diagnostic::Span,
    ) -> Option<Value> {
        let Value::Object(o) = receiver else {
            return None;
        };
        let attr = self.subclass_attribute(o, method, span)?;
        Some(self.call(&attr, args.clone(), span))
    }
}

/// Whether `v` was reached through `super()` (`super().__getattr__(name)`): the library
/// class's own lookup, which the caller reads as for any of its objects.
fn through_super(v: &Value) -> bool {
    let mut at = Some(v);
    let mut steps = 0;
    while let Some(current) = at {
        steps += 1;
        if steps > 64 {
            return true;
        }
        match current {
            Value::External(name) => return name == "builtins.super",
            v if super::init::is_super(v) => return true,
            Value::Object(o) => at = o.receiver.as_ref(),
            _ => return false,
        }
    }
    false
}
