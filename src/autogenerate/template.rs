//! The subset of Mako that Alembic's `script.py.mako` templates use, and Alembic's generic
//! template. Text with `${expression}` (names, string literals, `repr(x)`, `str(x)`,
//! `x if cond else y`, `not`/`and`/`or`, `==`/`!=`, and the filters `comma`, `n`, `trim`,
//! `str`), `% if ...:` / `% elif ...:` / `% else:` / `% endif` lines, `<%text>...</%text>`,
//! `## comments` and a `\` that joins a line to the next. Anything else (`% for`, `<%def>`,
//! `<%!`, a name Alembic does not give, `config.x`) is an error naming the line: a template
//! driftlock does not understand gives no file at all, never a wrong one.

use std::collections::BTreeMap;

use super::render::py_str;

/// Alembic's `generic` template (1.20), used when the project has no `script.py.mako`.
pub const GENERIC: &str = r#""""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
"#;

/// A template value, as Alembic passes them: strings, `None`, tuples of strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    None,
    Bool(bool),
    Str(String),
    Tuple(Vec<String>),
}

impl Value {
    fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
        }
    }

    /// Python's `str()`.
    fn str(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Str(s) => s.clone(),
            Value::Tuple(_) => self.repr(),
        }
    }

    /// Python's `repr()`.
    fn repr(&self) -> String {
        match self {
            Value::Str(s) => py_str(s),
            Value::Tuple(t) if t.len() == 1 => format!("({},)", py_str(&t[0])),
            Value::Tuple(t) => format!(
                "({})",
                t.iter().map(|s| py_str(s)).collect::<Vec<_>>().join(", ")
            ),
            other => other.str(),
        }
    }
}

/// A template that cannot be rendered: the line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub line: usize,
    pub message: String,
}

type Vars = BTreeMap<String, Value>;

/// Renders `template` with `vars`.
pub fn render(template: &str, vars: &Vars) -> Result<String, TemplateError> {
    let mut out = String::new();
    // (this branch is taken, some branch of this `if` was taken) for each open `% if`.
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let active = |stack: &[(bool, bool)]| stack.iter().all(|(on, _)| *on);
    let lines: Vec<&str> = template.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let number = i + 1;
        let err = |message: String| TemplateError {
            line: number,
            message,
        };
        i += 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with("##") {
            continue;
        }
        if let Some(control) = trimmed
            .strip_prefix('%')
            .filter(|_| !trimmed.starts_with("%%"))
        {
            let control = control.trim();
            let word = control.split_whitespace().next().unwrap_or_default();
            let condition = |c: &str| -> Result<bool, TemplateError> {
                let c = c
                    .trim()
                    .strip_suffix(':')
                    .ok_or_else(|| err(format!("`% {word}` must end with `:`")))?;
                Ok(eval(c, vars).map_err(err)?.truthy())
            };
            match word {
                "if" => {
                    let on = active(&stack) && condition(&control[2..])?;
                    stack.push((on, on));
                }
                "elif" => {
                    let parent = active(&stack[..stack.len().saturating_sub(1)]);
                    let Some(top) = stack.last().copied() else {
                        return Err(err("`% elif` without `% if`".into()));
                    };
                    let on = parent && !top.1 && condition(&control[4..])?;
                    if let Some(t) = stack.last_mut() {
                        *t = (on, top.1 || on);
                    }
                }
                "else:" | "else" => {
                    let parent = active(&stack[..stack.len().saturating_sub(1)]);
                    let Some(t) = stack.last_mut() else {
                        return Err(err("`% else` without `% if`".into()));
                    };
                    *t = (parent && !t.1, true);
                }
                "endif" => {
                    if stack.pop().is_none() {
                        return Err(err("`% endif` without `% if`".into()));
                    }
                }
                other => {
                    return Err(err(format!(
                        "`% {other}` is not part of the Mako that driftlock reads (`% if`, `% elif`, `% else`, `% endif`)"
                    )))
                }
            }
            continue;
        }
        // A line of text, with `<%text>` blocks that may span lines.
        let mut text = line.to_string();
        if text.contains("<%text>") {
            while !text.contains("</%text>") && i < lines.len() {
                text.push_str(lines[i]);
                i += 1;
            }
        }
        if !active(&stack) {
            continue;
        }
        let line_text = text
            .strip_prefix("%%")
            .map_or(text.clone(), |t| format!("%{t}"));
        out.push_str(&substitute(&line_text, vars).map_err(err)?);
    }
    if !stack.is_empty() {
        return Err(TemplateError {
            line: lines.len(),
            message: "`% if` without `% endif`".into(),
        });
    }
    Ok(out)
}

/// The text of one line (or `<%text>` block) with its `${...}` replaced.
fn substitute(text: &str, vars: &Vars) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next_expr = rest.find("${");
        let next_tag = rest.find("<%");
        match (next_expr, next_tag) {
            (None, None) => break,
            (Some(e), t) if t.is_none_or(|t| e < t) => {
                out.push_str(&rest[..e]);
                let end = expression_end(&rest[e + 2..])
                    .ok_or_else(|| "`${` without its closing `}`".to_string())?;
                let expr = &rest[e + 2..e + 2 + end];
                out.push_str(&eval_with_filters(expr, vars)?);
                rest = &rest[e + 2 + end + 1..];
            }
            (_, Some(t)) => {
                out.push_str(&rest[..t]);
                let after = &rest[t..];
                if let Some(body) = after.strip_prefix("<%text>") {
                    let end = body
                        .find("</%text>")
                        .ok_or_else(|| "`<%text>` without `</%text>`".to_string())?;
                    out.push_str(&body[..end]);
                    rest = &body[end + "</%text>".len()..];
                } else {
                    let tag: String = after.chars().take(12).collect();
                    return Err(format!(
                        "`{tag}...` is not part of the Mako that driftlock reads (only `<%text>`)"
                    ));
                }
            }
            _ => break,
        }
    }
    out.push_str(rest);
    // Mako joins a line ending in a backslash to the next.
    if let Some(joined) = out.strip_suffix("\\\n") {
        return Ok(joined.to_string());
    }
    Ok(out)
}

/// Where a `${` expression's closing brace is (strings skipped).
fn expression_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn eval_with_filters(expr: &str, vars: &Vars) -> Result<String, String> {
    let tokens = tokenize(expr)?;
    let bar = tokens.iter().position(|t| *t == Token::Op("|"));
    let (expr_tokens, filters) = match bar {
        Some(b) => (&tokens[..b], &tokens[b + 1..]),
        None => (&tokens[..], &[][..]),
    };
    let mut parser = Parser {
        tokens: expr_tokens,
        at: 0,
        vars,
    };
    let value = parser.ternary()?;
    if parser.at != expr_tokens.len() {
        return Err(format!(
            "`{}` is not an expression driftlock reads",
            expr.trim()
        ));
    }
    let mut text: Option<String> = None;
    for f in filters {
        match f {
            Token::Op(",") => {}
            Token::Name(name) => match name.as_str() {
                // Alembic's `comma`: a tuple joined by ", ", None as nothing.
                "comma" => {
                    text = Some(match &value {
                        Value::None => String::new(),
                        Value::Tuple(t) => t.join(", "),
                        other => other.str(),
                    })
                }
                "n" | "str" | "unicode" => {}
                "trim" => text = Some(text.unwrap_or_else(|| value.str()).trim().to_string()),
                other => return Err(format!("the filter `{other}` is not one driftlock knows")),
            },
            other => return Err(format!("unexpected `{other:?}` among the filters")),
        }
    }
    Ok(text.unwrap_or_else(|| value.str()))
}

/// Evaluates a condition.
fn eval(expr: &str, vars: &Vars) -> Result<Value, String> {
    let tokens = tokenize(expr)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        vars,
    };
    let v = parser.ternary()?;
    if parser.at != tokens.len() {
        return Err(format!(
            "`{}` is not an expression driftlock reads",
            expr.trim()
        ));
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Name(String),
    Str(String),
    Op(&'static str),
}

fn tokenize(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let mut value = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                    value.push(match chars[i] {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                } else {
                    value.push(chars[i]);
                }
                i += 1;
            }
            if i >= chars.len() {
                return Err("a string literal is not closed".into());
            }
            i += 1;
            out.push(Token::Str(value));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Name(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = match (two.as_str(), c) {
                ("==", _) => "==",
                ("!=", _) => "!=",
                (_, '(') => "(",
                (_, ')') => ")",
                (_, ',') => ",",
                (_, '|') => "|",
                _ => {
                    return Err(format!(
                        "`{c}` is not part of the expressions driftlock reads"
                    ))
                }
            };
            i += op.len();
            out.push(Token::Op(op));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    vars: &'a Vars,
}

impl Parser<'_> {
    fn peek_name(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Name(n)) if n == word)
    }

    fn ternary(&mut self) -> Result<Value, String> {
        let value = self.or()?;
        if self.peek_name("if") {
            self.at += 1;
            let cond = self.or()?;
            if !self.peek_name("else") {
                return Err("`x if c` without `else`".into());
            }
            self.at += 1;
            let other = self.ternary()?;
            return Ok(if cond.truthy() { value } else { other });
        }
        Ok(value)
    }

    fn or(&mut self) -> Result<Value, String> {
        let mut v = self.and()?;
        while self.peek_name("or") {
            self.at += 1;
            let r = self.and()?;
            if !v.truthy() {
                v = r;
            }
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<Value, String> {
        let mut v = self.not()?;
        while self.peek_name("and") {
            self.at += 1;
            let r = self.not()?;
            if v.truthy() {
                v = r;
            }
        }
        Ok(v)
    }

    fn not(&mut self) -> Result<Value, String> {
        if self.peek_name("not") {
            self.at += 1;
            return Ok(Value::Bool(!self.not()?.truthy()));
        }
        let left = self.primary()?;
        match self.tokens.get(self.at) {
            Some(Token::Op(op @ ("==" | "!="))) => {
                let op = *op;
                self.at += 1;
                let right = self.primary()?;
                Ok(Value::Bool((left == right) == (op == "==")))
            }
            _ => Ok(left),
        }
    }

    fn primary(&mut self) -> Result<Value, String> {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .ok_or_else(|| "an expression ends too early".to_string())?;
        self.at += 1;
        match token {
            Token::Str(s) => Ok(Value::Str(s)),
            Token::Op("(") => {
                let v = self.ternary()?;
                self.consume(")")?;
                Ok(v)
            }
            Token::Name(name) => {
                if matches!(self.tokens.get(self.at), Some(Token::Op("("))) {
                    self.at += 1;
                    let arg = self.ternary()?;
                    self.consume(")")?;
                    return match name.as_str() {
                        "repr" => Ok(Value::Str(arg.repr())),
                        "str" => Ok(Value::Str(arg.str())),
                        "bool" => Ok(Value::Bool(arg.truthy())),
                        other => Err(format!("the function `{other}` is not one driftlock calls")),
                    };
                }
                match name.as_str() {
                    "None" => Ok(Value::None),
                    "True" => Ok(Value::Bool(true)),
                    "False" => Ok(Value::Bool(false)),
                    _ => self.vars.get(&name).cloned().ok_or_else(|| {
                        format!("the template uses `{name}`, which Alembic's autogenerate gives templates and driftlock does not")
                    }),
                }
            }
            Token::Op(op) => Err(format!("unexpected `{op}`")),
        }
    }

    fn consume(&mut self, op: &str) -> Result<(), String> {
        match self.tokens.get(self.at) {
            Some(Token::Op(o)) if *o == op => {
                self.at += 1;
                Ok(())
            }
            _ => Err(format!("`{op}` expected")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        let mut v = Vars::new();
        v.insert("message".into(), Value::Str("add things".into()));
        v.insert("up_revision".into(), Value::Str("abc".into()));
        v.insert(
            "down_revision".into(),
            Value::Tuple(vec!["a".into(), "b".into()]),
        );
        v.insert("branch_labels".into(), Value::None);
        v.insert("imports".into(), Value::Str(String::new()));
        v.insert("upgrades".into(), Value::Str("op.x()".into()));
        v
    }

    #[test]
    fn expressions_filters_and_conditions() {
        let t = "${message}|${down_revision | comma,n}|${repr(branch_labels)}|${repr(down_revision)}\n% if imports:\nI\n% elif upgrades:\nU\n% else:\nE\n% endif\n## gone\n${imports if imports else \"none\"} <%text>${x}</%text>\n";
        assert_eq!(
            render(t, &vars()).unwrap(),
            "add things|a, b|None|('a', 'b')\nU\nnone ${x}\n"
        );
    }

    #[test]
    fn unknown_constructs_are_errors_with_their_line() {
        let e = render("a\n% for x in y:\n", &vars()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(render("${config.get_main_option('x')}", &vars()).is_err());
        assert!(render("${nothing}", &vars()).is_err());
        assert!(render("<%def name='x()'>", &vars()).is_err());
        assert!(render("% if imports:\n", &vars()).is_err());
    }
}
