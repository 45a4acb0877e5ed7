//! The configuration's `define`: values of names that only the running application knows
//! (a plugin framework's current plugin, a constant a deployment's settings file decides),
//! given by the team as a type checker's "define constant" setting is. A defined name is
//! read instead of whatever its module binds, wherever the code reads it under that dotted
//! name (`from framework import current` then `current.name`, or `framework.current.name`).
//! Unlike an environment variable's, a defined value is the program's own everywhere (a
//! version table's name, a schema in SQL): the team says it is the same on every database
//! the history runs on.

use super::interp::{Host, Interp};
use super::value::Value;
use crate::config::Constant;

impl<H: Host + ?Sized> Interp<'_, H> {
    /// The value `define` gives `name`, if it gives one.
    pub(super) fn defined_value(&self, name: &str) -> Option<Value> {
        let value = self.table.define.get(name).map(value_of)?;
        if let Ok(mut read) = self.table.define_read.lock() {
            read.insert(name.to_string());
        }
        Some(value)
    }

    /// Whether some defined name continues `name` (`framework.current` when
    /// `framework.current.name` is defined): reading `name` keeps its dotted name, so that
    /// its attributes find their values.
    pub(super) fn continues_defined(&self, name: &str) -> bool {
        let prefix = format!("{name}.");
        self.table
            .define
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }
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
