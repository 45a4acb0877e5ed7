//! The text of an f-string some of whose values are not known statically. The f-string is
//! still unknown to the interpreter (a condition on it decides nothing), but its constant
//! text says what kind of SQL it is: `f"UPDATE client SET user_id = NULL WHERE id = ANY({ids})"`
//! changes rows of `client` and nothing else. The template is kept beside the unknown value,
//! found again by the value's identity, for `op.execute` to read (`alembic/execute.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use super::value::Value;

/// Where each value not known statically stood in the text.
pub const HOLE: char = '\u{1}';

/// How many templates are kept: the oldest go first (a loop may build many).
const KEPT: usize = 1024;

thread_local! {
    static TEMPLATES: RefCell<Vec<(Rc<str>, String)>> = const { RefCell::new(Vec::new()) };
}

/// An unknown value for an f-string, its template (`HOLE` for each unknown part) kept.
pub fn unknown_with_template(reason: &str, template: String) -> Value {
    let reason: Rc<str> = Rc::from(reason);
    TEMPLATES.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= KEPT {
            t.remove(0);
        }
        t.push((reason.clone(), template));
    });
    Value::Unknown(reason)
}

/// The template of `value`, when it is such an f-string.
pub fn template_of(value: &Value) -> Option<String> {
    let Value::Unknown(reason) = value else {
        return None;
    };
    TEMPLATES.with(|t| {
        t.borrow()
            .iter()
            .rev()
            .find(|(r, _)| Rc::ptr_eq(r, reason))
            .map(|(_, template)| template.clone())
    })
}
