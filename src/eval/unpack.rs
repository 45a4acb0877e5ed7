//! Assignment to several targets at once (`a, b = pair`, `first, *rest = items`), as Python
//! unpacks an iterable.

use super::interp::{Host, Interp};
use super::value::Value;
use crate::python::ast;

impl<H: Host + ?Sized> Interp<'_, H> {
    /// Binds each target to its item of `value`; all unknown when the counts do not fit.
    pub(super) fn unpack(&mut self, targets: &[ast::Expr], value: Value) {
        // `first, *rest = items`: the starred target takes the list of what the others leave.
        let starred = targets
            .iter()
            .position(|t| matches!(t, ast::Expr::Starred(_)));
        if let (Some(at), Some(items)) = (starred, value.as_seq()) {
            let after = targets.len() - at - 1;
            if items.len() >= targets.len() - 1 {
                let items = items.to_vec();
                let middle = items[at..items.len() - after].to_vec();
                for (i, t) in targets.iter().enumerate() {
                    match t {
                        ast::Expr::Starred(s) => self.assign(&s.value, Value::List(middle.clone())),
                        _ if i < at => self.assign(t, items[i].clone()),
                        _ => self.assign(t, items[items.len() - (targets.len() - i)].clone()),
                    }
                }
                return;
            }
        }
        match value.as_seq() {
            Some(items) if items.len() == targets.len() => {
                for (t, v) in targets.iter().zip(items.to_vec()) {
                    self.assign(t, v);
                }
            }
            _ => {
                for t in targets {
                    self.assign(t, Value::unknown("cannot unpack this value"));
                }
            }
        }
    }
}
