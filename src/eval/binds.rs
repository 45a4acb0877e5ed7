//! Parameters bound to a textual statement when it runs (`bind.execute(text(...), {...})`,
//! `text(...).bindparams(...)`): written into its SQL (`sql::binds`), so that the statement is
//! read like one written out.

use super::value::{Object, Value};

/// `text("... :name ...")` run with parameters (`bind.execute(text(...), {"name": value})`):
/// the text with each placeholder replaced by its value's literal, when every value is a
/// constant; the statement as it is otherwise.
pub(crate) fn with_parameters(statement: &Value, params: Option<&Value>) -> Value {
    use crate::sql::binds::Literal;
    let (Value::Object(text), Some(Value::Dict(pairs))) = (statement, params) else {
        return statement.clone();
    };
    let Some(Value::Str(sql)) = text.args.positional.first() else {
        return statement.clone();
    };
    if text.receiver.is_some() || text.class.rsplit('.').next() != Some("text") {
        return statement.clone();
    }
    let literals: Option<Vec<(String, Literal)>> = pairs
        .iter()
        .map(|(k, v)| {
            let literal = match v {
                Value::Str(s) => Literal::Str(s.clone()),
                Value::Int(n) => Literal::Int(*n),
                Value::Float(f) => Literal::Float(*f),
                Value::Bool(b) => Literal::Bool(*b),
                Value::None => Literal::Null,
                _ => return None,
            };
            Some((k.as_str()?.to_string(), literal))
        })
        .collect();
    match literals.and_then(|l| crate::sql::binds::bind_literals(sql, &l)) {
        Some(bound) => {
            let mut args = text.args.clone();
            args.positional[0] = Value::Str(bound);
            Value::Object(std::rc::Rc::new(Object {
                args,
                ..(**text).clone()
            }))
        }
        None => statement.clone(),
    }
}
