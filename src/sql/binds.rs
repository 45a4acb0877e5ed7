//! Parameters bound to a textual statement (`bind.execute(text("... :name"), {"name": x})`,
//! `text(...).bindparams(name=x)`): each `:name` replaced by the SQL literal of its value, as
//! the statement PostgreSQL runs, so that the query is answered like one written out.

/// `sql` with each `:name` placeholder replaced by the literal of `params`' value; `None`
/// when a placeholder has no value (or a value that is not a constant).
pub fn bind_literals(sql: &str, params: &[(String, Literal)]) -> Option<String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Quoted text and identifiers are copied as they are.
        if c == '\'' || c == '"' {
            i = super::copy_quoted(&chars, i, &mut out);
            continue;
        }
        // `x::type` is a cast, `\:` an escaped colon (SQLAlchemy's `text()`).
        if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push_str("::");
            i += 2;
            continue;
        }
        if c == '\\' && chars.get(i + 1) == Some(&':') {
            out.push(':');
            i += 2;
            continue;
        }
        let starts_name = chars
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == '_');
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == ':' && starts_name && !after_word {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            let (_, value) = params.iter().find(|(n, _)| *n == name)?;
            out.push_str(&value.sql());
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

/// A constant bound to a parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

impl Literal {
    fn sql(&self) -> String {
        match self {
            Literal::Str(s) => crate::pg::expr::quote_literal(s),
            Literal::Int(n) => n.to_string(),
            Literal::Float(f) => f.to_string(),
            Literal::Bool(b) => b.to_string(),
            Literal::Null => "NULL".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{bind_literals, Literal};

    fn params(pairs: &[(&str, Literal)]) -> Vec<(String, Literal)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn placeholders_take_the_literals_of_their_values() {
        let p = params(&[
            ("name", Literal::Str("uq_o'k".into())),
            ("n", Literal::Int(3)),
        ]);
        assert_eq!(
            bind_literals(
                "SELECT 1 FROM pg_constraint WHERE conname = :name AND conrelid = 'credentials'::regclass LIMIT :n",
                &p
            )
            .as_deref(),
            Some("SELECT 1 FROM pg_constraint WHERE conname = 'uq_o''k' AND conrelid = 'credentials'::regclass LIMIT 3")
        );
        // Inside quotes, after a word, escaped: not a placeholder.
        assert_eq!(
            bind_literals("SELECT ':name', a:b, '\\:x' FROM t WHERE x = \\:y", &p).as_deref(),
            Some("SELECT ':name', a:b, '\\:x' FROM t WHERE x = :y")
        );
        assert_eq!(bind_literals("SELECT :missing", &p), None);
    }
}
