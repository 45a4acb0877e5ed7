//! Python's `re` module, for the names a project computes with it (`CAMEL_TO_SNAKE =
//! re.compile("(?<!^)(?=[A-Z])")`, then `CAMEL_TO_SNAKE.sub("_", cls.__name__)` for a table
//! name): patterns run by fancy-regex, whose syntax is Python's for what projects write
//! (lookaround, named groups); replacement templates translated (`\1`, `\g<name>`). What
//! does not compile, or a flag or replacement that is not a plain value, is unknown.

use std::rc::Rc;

use super::value::{Args, Object, Value};
use crate::diagnostic::Span;

/// The class of a compiled pattern: its arguments are the pattern and the flags.
pub const PATTERN: &str = "re.compile";

/// The class of a match: its positional arguments are the whole match, then each group.
const MATCH: &str = "re.Match";

/// Python's flags as inline flags (`re.I` → `i`).
fn inline_flags(flags: Option<&Value>) -> Option<String> {
    let names: Vec<&str> = match flags {
        None | Some(Value::None) | Some(Value::Int(0)) => return Some(String::new()),
        Some(Value::External(n)) => vec![n.as_str()],
        _ => return None,
    };
    let mut out = String::new();
    for name in names {
        out.push(match name.rsplit('.').next()? {
            "I" | "IGNORECASE" => 'i',
            "M" | "MULTILINE" => 'm',
            "S" | "DOTALL" => 's',
            "X" | "VERBOSE" => 'x',
            "A" | "ASCII" | "U" | "UNICODE" => continue,
            _ => return None,
        });
    }
    Some(out)
}

/// The pattern compiled, anchored as `match` (at the start) and `fullmatch` (the whole
/// string) anchor it.
fn compile(pattern: &Value, flags: Option<&Value>, method: &str) -> Option<fancy_regex::Regex> {
    let Value::Str(pattern) = pattern else {
        return None;
    };
    let flags = inline_flags(flags)?;
    let anchored = match method {
        "match" => format!(r"\A(?:{pattern})"),
        "fullmatch" => format!(r"\A(?:{pattern})\z"),
        _ => pattern.clone(),
    };
    let full = if flags.is_empty() {
        anchored
    } else {
        format!("(?{flags}){anchored}")
    };
    fancy_regex::Regex::new(&full).ok()
}

/// A replacement template in fancy-regex's spelling: `\1` / `\g<1>` / `\g<name>` become
/// `${1}` / `${name}`, a literal `$` is doubled.
fn template(python: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = python.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => out.push_str("$$"),
            '\\' => match chars.next()? {
                d if d.is_ascii_digit() => {
                    let mut group = d.to_string();
                    while let Some(n) = chars.peek().copied().filter(char::is_ascii_digit) {
                        group.push(n);
                        chars.next();
                    }
                    out.push_str(&format!("${{{group}}}"));
                }
                'g' => {
                    if chars.next()? != '<' {
                        return None;
                    }
                    let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
                    out.push_str(&format!("${{{name}}}"));
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\\' => out.push('\\'),
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            other => out.push(other),
        }
    }
    Some(out)
}

fn unknown(what: &str) -> Value {
    Value::unknown(format!(
        "`re.{what}` of a pattern or value not known statically"
    ))
}

/// `pattern.method(*args)` on a compiled pattern (`pattern` and `flags` as `re.compile`
/// got them), or the module's function of the same name with the pattern first.
fn apply(
    method: &str,
    pattern: &Value,
    flags: Option<&Value>,
    args: &[Value],
    span: &Span,
) -> Value {
    let Some(re) = compile(pattern, flags, method) else {
        return unknown(method);
    };
    let text = |i: usize| match args.get(i) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    match method {
        "sub" => {
            let (Some(repl), Some(s)) = (text(0), text(1)) else {
                return unknown(method);
            };
            let count = match args.get(2) {
                None => 0,
                Some(Value::Int(n)) if *n >= 0 => *n as usize,
                _ => return unknown(method),
            };
            let Some(repl) = template(&repl) else {
                return unknown(method);
            };
            match re.try_replacen(&s, count, repl.as_str()) {
                Ok(out) => Value::Str(out.into_owned()),
                Err(_) => unknown(method),
            }
        }
        "split" => {
            let Some(s) = text(0) else {
                return unknown(method);
            };
            let mut parts = Vec::new();
            for part in re.split(&s) {
                match part {
                    Ok(p) => parts.push(Value::Str(p.to_string())),
                    Err(_) => return unknown(method),
                }
            }
            Value::List(parts)
        }
        "findall" => {
            let Some(s) = text(0) else {
                return unknown(method);
            };
            let mut out = Vec::new();
            for m in re.find_iter(&s) {
                match m {
                    Ok(m) => out.push(Value::Str(m.as_str().to_string())),
                    Err(_) => return unknown(method),
                }
            }
            Value::List(out)
        }
        "match" | "search" | "fullmatch" => {
            let Some(s) = text(0) else {
                return unknown(method);
            };
            let Ok(Some(caps)) = re.captures(&s) else {
                return Value::None;
            };
            if caps.get(0).is_none() {
                return Value::None;
            }
            let groups = (0..caps.len())
                .map(|i| {
                    caps.get(i)
                        .map_or(Value::None, |g| Value::Str(g.as_str().to_string()))
                })
                .collect();
            Object::call(MATCH, groups, Vec::new(), span)
        }
        _ => unknown(method),
    }
}

/// `re.<name>(*args)` of the module: `compile` keeps the pattern, the others run.
pub(super) fn module_call(name: &str, args: &Args, span: &Span) -> Option<Value> {
    let pattern = args.get(0, "pattern")?.clone();
    match name {
        "compile" => Some(Object::call(
            PATTERN,
            vec![
                pattern,
                args.get(1, "flags").cloned().unwrap_or(Value::Int(0)),
            ],
            Vec::new(),
            span,
        )),
        "escape" => match &pattern {
            Value::Str(s) => Some(Value::Str(fancy_regex::escape(s).into_owned())),
            _ => Some(unknown(name)),
        },
        "sub" | "split" | "findall" | "match" | "search" | "fullmatch" => {
            let flags = args.keyword("flags").cloned();
            let rest: Vec<Value> = args.positional.iter().skip(1).cloned().collect();
            Some(apply(name, &pattern, flags.as_ref(), &rest, span))
        }
        _ => None,
    }
}

/// Whether `o` is a compiled pattern or a match.
pub(super) fn is_regex_object(o: &Object) -> bool {
    o.receiver.is_none() && matches!(o.class.as_str(), PATTERN | MATCH)
}

/// `compiled.<method>(*args)`, `match.group(n)` / `match.groups()`; `None` when `object` is
/// neither.
pub(super) fn method_call(
    object: &Rc<Object>,
    method: &str,
    args: &Args,
    span: &Span,
) -> Option<Value> {
    if object.receiver.is_some() {
        return None;
    }
    match object.class.as_str() {
        PATTERN => {
            let pattern = object.args.positional.first()?;
            let flags = object.args.positional.get(1);
            Some(apply(method, pattern, flags, &args.positional, span))
        }
        MATCH => {
            let groups = &object.args.positional;
            Some(match method {
                "group" => match args.positional.first() {
                    None => groups.first().cloned().unwrap_or(Value::None),
                    Some(Value::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| groups.get(i))
                        .cloned()
                        .unwrap_or_else(|| unknown("group")),
                    _ => unknown("group"),
                },
                "groups" => Value::Tuple(groups.iter().skip(1).cloned().collect()),
                _ => unknown(method),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span() -> Span {
        Span::new(crate::source::FileId(0), 0..0)
    }

    fn call(name: &str, args: Vec<Value>) -> Value {
        let args = Args {
            positional: args,
            ..Args::default()
        };
        module_call(name, &args, &span()).unwrap()
    }

    fn s(text: &str) -> Value {
        Value::Str(text.into())
    }

    #[test]
    fn python_patterns_and_templates_run_as_python_runs_them() {
        // Lookaround, as Python's `re` has it.
        let camel = call("sub", vec![s("(?<!^)(?=[A-Z])"), s("_"), s("FlowRunState")]);
        assert_eq!(camel.as_str(), Some("Flow_Run_State"));
        // Group references and a literal `$` in the replacement.
        let swapped = call(
            "sub",
            vec![s(r"(\w+)-(?P<b>\w+)"), s(r"\g<b>$\1"), s("a-b")],
        );
        assert_eq!(swapped.as_str(), Some("b$a"));
        assert_eq!(
            call("split", vec![s(r"\s*,\s*"), s("a , b,c")])
                .as_seq()
                .map(<[Value]>::len),
            Some(3)
        );
        assert!(matches!(call("match", vec![s("b"), s("abc")]), Value::None));
        // Python's `fullmatch` tries every way to match the whole string.
        assert!(matches!(
            call("fullmatch", vec![s("a|ab"), s("ab")]),
            Value::Object(_)
        ));
        assert!(matches!(
            call("search", vec![s("z"), s("abc")]),
            Value::None
        ));
        let found = call("search", vec![s(r"(\d+)"), s("v12")]);
        let Value::Object(m) = &found else {
            panic!("a match: {found:?}")
        };
        let group = method_call(
            m,
            "group",
            &Args {
                positional: vec![Value::Int(1)],
                ..Args::default()
            },
            &span(),
        );
        assert_eq!(group.as_ref().and_then(Value::as_str), Some("12"));
        // A pattern that is not a plain string is not known.
        assert!(matches!(
            call("sub", vec![Value::unknown("x"), s("_"), s("a")]),
            Value::Unknown(_)
        ));
    }
}
