//! Changes made to a table after it is declared: `table.append_column(column)` and
//! `table.append_constraint(constraint)` (`Model.__table__.append_constraint(CheckConstraint(
//! ...))` at a module's top level, or a revision building a table from another's copied
//! columns before `new_table.create(bind)`), and the copies of schema items such code makes
//! (`column.copy()`). SQLAlchemy adds the item to the table object itself, so everything that
//! later reads that object sees it: its `.c` and `.constraints`, its `.create()`,
//! `create_all()`. The values here are records of calls, so the items are kept by the table
//! object's identity and joined to it wherever it is read again ([`Interp::with_appended`]);
//! the model reader adds them to the tables it reads (models/appended.rs).

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::introspect::schema_item_isinstance;
use super::value::{Args, Value};

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `table.append_column(column)`, `table.append_constraint(constraint)`: kept as
    /// (table, item), `None`, what the method returns; `item.copy()` (`_copy()` since
    /// SQLAlchemy 1.4) of a column, constraint, index or foreign key: the same declaration.
    /// Neither: `None` (the call goes on as any other).
    pub(super) fn table_change(
        &mut self,
        receiver: &Value,
        method: &str,
        args: &Args,
    ) -> Option<Value> {
        match method {
            "append_constraint" | "append_column" if matches!(receiver, Value::Object(_)) => {
                let parameter = if method == "append_column" {
                    "column"
                } else {
                    "constraint"
                };
                let item = args.get(0, parameter)?.clone();
                if let Value::Object(table) = receiver {
                    self.appended_tables.insert(Rc::as_ptr(table));
                }
                self.appended_items.push((receiver.clone(), item));
                Some(Value::None)
            }
            "copy" | "_copy"
                if args.positional.is_empty()
                    && schema_item_isinstance(receiver, "sqlalchemy.SchemaItem") == Some(true) =>
            {
                Some(receiver.clone())
            }
            _ => None,
        }
    }

    /// The items appended to tables so far: (table, item), in the order the code appended
    /// them.
    pub fn appended_items(&self) -> &[(Value, Value)] {
        &self.appended_items
    }

    /// `value` as the code sees it now: a table object with the items appended to it since
    /// it was made; anything else as it is. What a method call or an attribute read starts
    /// from.
    pub(super) fn table_now(&self, value: Value) -> Value {
        let Value::Object(table) = &value else {
            return value;
        };
        if !self.appended_tables.contains(&Rc::as_ptr(table)) {
            return value;
        }
        let mut grown = (**table).clone();
        grown.args.positional.extend(
            self.appended_items
                .iter()
                .filter(|(t, _)| matches!(t, Value::Object(t) if Rc::ptr_eq(t, table)))
                .map(|(_, item)| item.clone()),
        );
        Value::Object(Rc::new(grown))
    }

    /// [`Interp::table_now`] of a value, or of each item of a list or tuple of them (the
    /// `tables=[...]` of `create_all`): what is handed to the host.
    pub(super) fn with_appended(&self, value: Value) -> Value {
        if self.appended_items.is_empty() {
            return value;
        }
        match value {
            Value::List(items) => {
                Value::List(items.into_iter().map(|v| self.table_now(v)).collect())
            }
            Value::Tuple(items) => {
                Value::Tuple(items.into_iter().map(|v| self.table_now(v)).collect())
            }
            other => self.table_now(other),
        }
    }

    /// The arguments of a call into the host, with their tables as the code sees them now.
    pub(super) fn args_with_appended(&self, mut args: Args) -> Args {
        if self.appended_items.is_empty() {
            return args;
        }
        args.positional = args
            .positional
            .into_iter()
            .map(|v| self.with_appended(v))
            .collect();
        for (_, v) in &mut args.keywords {
            *v = self.with_appended(std::mem::replace(v, Value::None));
        }
        args
    }
}
