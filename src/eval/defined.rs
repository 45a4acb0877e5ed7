//! The configuration's `define`: values of names that only the running application knows
//! (a plugin framework's current plugin, a constant a deployment's settings file decides),
//! given by the team as a type checker's "define constant" setting is. A defined name is
//! read instead of whatever its module binds, wherever the code reads it under that dotted
//! name (`from framework import current` then `current.name`, or `framework.current.name`).
//! Unlike an environment variable's, a defined value is the program's own everywhere (a
//! version table's name, a schema in SQL): the team says it is the same on every database
//! the history runs on.
//!
//! Inside its own module a defined global is read as defined too, its own assignment is not
//! run (the team gives its value: a settings file's read need not be), and an `if` the module
//! cannot decide is decided by it when only one branch binds the name and the name held
//! something else before: that branch is the one that ran for the name to end as defined
//! (`SCHEMA = None` then `if settings.has("schema"): SCHEMA = settings.get("schema")`).

use super::interp::{Host, Interp};
use super::value::Value;
use crate::config::Constant;
use crate::python::ast;

impl<H: Host + ?Sized> Interp<'_, H> {
    /// The value `define` gives `name`, if it gives one.
    pub(super) fn defined_value(&self, name: &str) -> Option<Value> {
        let value = self.table.define.get(name).map(value_of)?;
        if let Ok(mut read) = self.table.define_read.lock() {
            read.insert(name.to_string());
        }
        Some(value)
    }

    /// Whether reading `name` keeps its dotted name, so that its attributes find their values:
    /// some defined name continues it (`framework.current` when `framework.current.name` is
    /// defined), or it is a running application's object, whose configuration only `define`
    /// can give.
    pub(super) fn keeps_dotted_name(&self, name: &str) -> bool {
        APPLICATION_OBJECTS.contains(&name) || self.continues_defined(name)
    }

    fn continues_defined(&self, name: &str) -> bool {
        let prefix = format!("{name}.");
        self.table
            .define
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// The dotted name `define` would give the global `name` of the module whose code runs
    /// (at its top level, or in a function that declares it `global`), if `define` has it.
    fn defined_global_name(&self, name: &str) -> Option<String> {
        if self.table.define.is_empty() {
            return None;
        }
        let frame = self.frames.last()?;
        let global = frame.is_module() || frame.declared_global.iter().any(|g| g == name);
        let full = format!("{}.{name}", frame.module.name);
        (global && self.table.define.contains_key(&full)).then_some(full)
    }

    /// The defined value of the global `name` read by code of its own module.
    pub(super) fn defined_own_global(&self, module: &str, name: &str) -> Option<Value> {
        if self.table.define.is_empty() {
            return None;
        }
        self.defined_value(&format!("{module}.{name}"))
    }

    /// The value an assignment of `value` to `targets` binds when each is a defined global of
    /// the running module: the define's, without running the assigned expression. A literal
    /// (`SCHEMA = None`) is bound as written: it is what the name holds until the code the
    /// define stands for runs, which decides an `if` ([`Interp::branch_a_define_decides`]).
    pub(super) fn defined_assignment(
        &self,
        targets: &[ast::Expr],
        value: &ast::Expr,
    ) -> Option<Value> {
        if matches!(value, ast::Expr::Constant(_)) {
            return None;
        }
        let mut value = None;
        for target in targets {
            let ast::Expr::Name(n) = target else {
                return None;
            };
            let full = self.defined_global_name(n.id.as_str())?;
            value = Some(self.defined_value(&full)?);
        }
        value
    }

    /// The branch of an `if` the code cannot decide that a defined global of the running
    /// module decides: the one branch that binds the name, when the name held another value
    /// (or none) before the `if`. Names that disagree decide nothing.
    pub(super) fn branch_a_define_decides<'a>(
        &self,
        body: &'a [ast::Stmt],
        orelse: &'a [ast::Stmt],
    ) -> Option<&'a [ast::Stmt]> {
        if self.table.define.is_empty() {
            return None;
        }
        let frame = self.frames.last()?;
        if !frame.is_module() {
            return None;
        }
        let prefix = format!("{}.", frame.module.name);
        let mut decided: Option<bool> = None;
        for (key, constant) in self.table.define.range(prefix.clone()..) {
            let Some(name) = key.strip_prefix(&prefix) else {
                break;
            };
            if name.contains('.') {
                continue;
            }
            let in_body = binds(body, name);
            if in_body == binds(orelse, name) {
                continue;
            }
            let before = frame.module.globals.borrow().get(name).cloned();
            let differs = before.is_none_or(|v| v.py_eq(&value_of(constant)) == Some(false));
            if !differs {
                continue;
            }
            if decided.is_some_and(|d| d != in_body) {
                return None;
            }
            decided = Some(in_body);
            // The define is read: it decides this `if`.
            let _ = self.defined_value(key);
        }
        decided.map(|in_body| if in_body { body } else { orelse })
    }
}

/// The running application's configuration mapping of a framework driftlock knows by name:
/// only the application that runs the migrations holds its items, which `define` can give.
const APPLICATION_CONFIG: &[&str] = &["flask.current_app.config"];

/// The objects whose [`APPLICATION_CONFIG`] is read through them (`flask.current_app`, a proxy
/// of the application in whose context the migrations run).
const APPLICATION_OBJECTS: &[&str] = &["flask.current_app"];

impl<H: Host + ?Sized> Interp<'_, H> {
    /// An item of a library's mapping (`current_app.config["KEY"]`, `.get("KEY", default)`,
    /// `"KEY" in ...`) read from `define` under the mapping's dotted name continued by the key
    /// (`flask.current_app.config.KEY`). Where `define` lacks the key of an application's
    /// configuration, the item is unknown with the way to give it; other mappings are left to
    /// the caller (`None`).
    pub(super) fn defined_item(
        &self,
        mapping: &Value,
        key: &Value,
        read: ItemRead,
    ) -> Option<Value> {
        let Value::External(name) = mapping else {
            return None;
        };
        let Value::Str(key) = key else {
            return None;
        };
        let full = format!("{name}.{key}");
        if let Some(value) = self.defined_value(&full) {
            return Some(match read {
                ItemRead::Contains => Value::Bool(true),
                ItemRead::Item => value,
            });
        }
        APPLICATION_CONFIG.contains(&name.as_str()).then(|| {
            Value::unknown(format!(
                "`{name}[\"{key}\"]` is the running application's configuration \
                 (`[define] \"{full}\" = ...` gives it)"
            ))
        })
    }
}

/// How [`Interp::defined_item`] reads a mapping's item.
#[derive(Clone, Copy)]
pub(super) enum ItemRead {
    /// `mapping[key]` or `mapping.get(key, ...)`.
    Item,
    /// `key in mapping`.
    Contains,
}

/// Whether `body` binds `name` at the level it runs at.
fn binds(body: &[ast::Stmt], name: &str) -> bool {
    crate::python::visit::bound_names(body)
        .iter()
        .any(|bound| bound == name)
}

fn value_of(c: &Constant) -> Value {
    match c {
        Constant::Str(s) => Value::Str(s.clone()),
        Constant::Int(i) => Value::Int(*i),
        Constant::Float(x) => Value::Float(*x),
        Constant::Bool(b) => Value::Bool(*b),
        Constant::List(items) => Value::List(items.iter().map(value_of).collect()),
    }
}
