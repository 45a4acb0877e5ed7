//! Changes made to a table after it is declared: `Model.__table__.append_constraint(
//! CheckConstraint(...))` or `table.append_constraint(...)`, at a module's top level or in a
//! function it calls. SQLAlchemy adds the constraint to the table, so `create_all()` creates
//! it; the model reader adds it to the table it reads (models/mod.rs).

use super::interp::{Host, Interp};
use super::value::{Args, Value};

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `table.append_constraint(constraint)`: kept as (table, constraint); `None`, what the
    /// method returns. Not a table change: `None` (the call goes on as any other).
    pub(super) fn table_change(
        &mut self,
        receiver: &Value,
        method: &str,
        args: &Args,
    ) -> Option<Value> {
        if method != "append_constraint" || !matches!(receiver, Value::Object(_)) {
            return None;
        }
        let constraint = args.get(0, "constraint")?.clone();
        self.appended_constraints
            .push((receiver.clone(), constraint));
        Some(Value::None)
    }

    /// The constraints appended to tables so far: (table, constraint), in the order the code
    /// appended them.
    pub fn appended_constraints(&self) -> &[(Value, Value)] {
        &self.appended_constraints
    }
}
