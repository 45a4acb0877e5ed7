//! The constant evaluator: folds the Python expressions whose value is known without running
//! anything (literals, tuples and lists, names bound to constants at module level, `+` on
//! strings and sequences, f-strings of constants). Anything else has no value here.

use std::collections::HashMap;
use std::ops::Range;

use super::{ast, range_of, Module};

/// A statically known Python value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Str(String),
    /// A tuple or a list.
    Seq(Vec<Value>),
}

/// A string together with the source range that wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub range: Range<usize>,
}

/// Module-level names bound to constants, in execution order (a later binding wins); and,
/// when built with [`Scope::importing`], the modules imported at the top level (by the name
/// the code uses for them), so that `cli.CONTRACT_BRANCH` or an imported `EXPAND_BRANCH`
/// folds to the string the other module binds.
#[derive(Debug, Default)]
pub struct Scope {
    bindings: HashMap<String, ast::Expr>,
    modules: HashMap<String, Scope>,
}

impl Scope {
    /// Binds every `NAME = expr` and `NAME: T = expr` at the top level of `module`, and
    /// `NAME += expr` as `NAME + expr`. A name a `try` statement binds is not known here (it
    /// may depend on an import that fails: [`Scope::importing`] knows).
    pub fn of_module(module: &Module) -> Scope {
        Scope {
            bindings: top_level_bindings(&module.body, None),
            modules: HashMap::new(),
        }
    }

    /// Like [`Scope::of_module`], with the absolute imports of the module's top level read
    /// through `imports` (dotted name -> the module, when it is one of the checkout's or an
    /// installed package's). One level deep: the imported modules' own imports are not
    /// followed. A `try` whose handlers catch `ImportError` runs as Python would: its body
    /// up to the first import `imports` cannot find, then the handler.
    pub fn importing(module: &Module, imports: &dyn Fn(&str) -> Option<Module>) -> Scope {
        let importable = |dotted: &str| imports(dotted).is_some();
        let mut scope = Scope {
            bindings: top_level_bindings(&module.body, Some(&importable)),
            modules: HashMap::new(),
        };
        for stmt in &module.body {
            match stmt {
                ast::Stmt::Import(i) => {
                    for alias in &i.names {
                        let dotted = alias.name.as_str();
                        if let Some(m) = imports(dotted) {
                            let name = alias.asname.as_ref().map_or(dotted, |a| a.as_str());
                            scope.modules.insert(name.to_string(), Scope::of_module(&m));
                        }
                    }
                }
                ast::Stmt::ImportFrom(f) if f.level.as_ref().is_none_or(|l| l.to_usize() == 0) => {
                    let Some(base) = f.module.as_deref() else {
                        continue;
                    };
                    let from = imports(base).map(|m| Scope::of_module(&m));
                    for alias in &f.names {
                        let name = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                        let member = alias.name.as_str();
                        if let Some(m) = imports(&format!("{base}.{member}")) {
                            scope.modules.insert(name, Scope::of_module(&m));
                        } else if let Some(expr) = from.as_ref().and_then(|f| f.lookup(member)) {
                            scope.bindings.insert(name, expr.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        scope
    }

    pub fn lookup(&self, name: &str) -> Option<&ast::Expr> {
        self.bindings.get(name)
    }
}

/// The names `body` binds to expressions, run top to bottom (see [`Scope::of_module`]).
/// `importable` decides the imports of a `try` that catches `ImportError`; without it, what
/// such a `try` binds is unknown.
fn top_level_bindings(
    body: &[ast::Stmt],
    importable: Option<&dyn Fn(&str) -> bool>,
) -> HashMap<String, ast::Expr> {
    let mut bindings = HashMap::new();
    bind_statements(body, importable, &mut bindings);
    bindings
}

/// Runs `body`'s bindings into `bindings`; `false` when an import failed (the rest did not
/// run).
fn bind_statements(
    body: &[ast::Stmt],
    importable: Option<&dyn Fn(&str) -> bool>,
    bindings: &mut HashMap<String, ast::Expr>,
) -> bool {
    for stmt in body {
        match stmt {
            ast::Stmt::AugAssign(a) if matches!(a.op, ast::Operator::Add) => {
                let ast::Expr::Name(n) = a.target.as_ref() else {
                    continue;
                };
                let name = n.id.to_string();
                match bindings.remove(&name) {
                    Some(before) => {
                        let sum = ast::Expr::BinOp(ast::ExprBinOp {
                            range: a.range,
                            left: Box::new(before),
                            op: ast::Operator::Add,
                            right: a.value.clone(),
                        });
                        bindings.insert(name, sum);
                    }
                    None => continue,
                }
            }
            ast::Stmt::Import(i) => {
                let found = importable.is_none_or(|f| i.names.iter().all(|a| f(a.name.as_str())));
                if !found {
                    return false;
                }
            }
            ast::Stmt::ImportFrom(f) if f.level.as_ref().is_none_or(|l| l.to_usize() == 0) => {
                let module = f.module.as_deref().unwrap_or_default();
                if importable.is_some_and(|found| !found(module)) {
                    return false;
                }
            }
            ast::Stmt::Try(t) if catches_import_error(t) => match importable {
                Some(_) => {
                    if bind_statements(&t.body, importable, bindings) {
                        bind_statements(&t.orelse, importable, bindings);
                    } else if let Some(ast::ExceptHandler::ExceptHandler(h)) = t.handlers.first() {
                        bind_statements(&h.body, importable, bindings);
                    }
                    bind_statements(&t.finalbody, importable, bindings);
                }
                None => {
                    for name in super::visit::bound_names(std::slice::from_ref(stmt)) {
                        bindings.remove(&name);
                    }
                }
            },
            _ => {
                for (name, value) in simple_assignments(stmt) {
                    bindings.insert(name.to_string(), value.clone());
                }
            }
        }
    }
    true
}

/// Whether the `try` statement's handlers catch a failed import (`ImportError`,
/// `ModuleNotFoundError`, or everything).
fn catches_import_error(t: &ast::StmtTry) -> bool {
    t.handlers.iter().any(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        match h.type_.as_deref() {
            None => true,
            Some(ast::Expr::Name(n)) => {
                matches!(n.id.as_str(), "ImportError" | "ModuleNotFoundError" | "Exception")
            }
            Some(ast::Expr::Tuple(t)) => t.elts.iter().any(|e| {
                matches!(e, ast::Expr::Name(n) if matches!(n.id.as_str(), "ImportError" | "ModuleNotFoundError"))
            }),
            _ => false,
        }
    })
}

/// `a.b.c` as written, for a chain of names.
fn dotted(expr: &ast::Expr) -> Option<String> {
    match expr {
        ast::Expr::Name(n) => Some(n.id.to_string()),
        ast::Expr::Attribute(a) => Some(format!("{}.{}", dotted(&a.value)?, a.attr)),
        _ => None,
    }
}

/// `(name, value)` for `a = b = value` and `a: T = value`; nothing for other statements.
pub fn simple_assignments(stmt: &ast::Stmt) -> Vec<(&str, &ast::Expr)> {
    match stmt {
        ast::Stmt::Assign(a) => a
            .targets
            .iter()
            .filter_map(|t| match t {
                ast::Expr::Name(n) => Some((n.id.as_str(), a.value.as_ref())),
                _ => None,
            })
            .collect(),
        ast::Stmt::AnnAssign(a) => match (a.target.as_ref(), &a.value) {
            (ast::Expr::Name(n), Some(value)) => vec![(n.id.as_str(), value.as_ref())],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

const MAX_DEPTH: usize = 32;

/// The value of `expr`, if it is statically known.
pub fn eval(expr: &ast::Expr, scope: &Scope) -> Option<Value> {
    eval_depth(expr, scope, 0)
}

fn eval_depth(expr: &ast::Expr, scope: &Scope, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let recurse = |e: &ast::Expr| eval_depth(e, scope, depth + 1);
    match expr {
        ast::Expr::Constant(c) => constant(&c.value),
        ast::Expr::Tuple(t) => t
            .elts
            .iter()
            .map(recurse)
            .collect::<Option<_>>()
            .map(Value::Seq),
        ast::Expr::List(l) => l
            .elts
            .iter()
            .map(recurse)
            .collect::<Option<_>>()
            .map(Value::Seq),
        ast::Expr::Name(n) => recurse(scope.lookup(n.id.as_str())?),
        // `module.NAME` of an imported module: evaluated in that module's scope.
        ast::Expr::Attribute(a) => {
            let module = scope.modules.get(&dotted(&a.value)?)?;
            eval_depth(module.lookup(a.attr.as_str())?, module, depth + 1)
        }
        ast::Expr::BinOp(b) if matches!(b.op, ast::Operator::Add) => {
            match (recurse(&b.left)?, recurse(&b.right)?) {
                (Value::Str(l), Value::Str(r)) => Some(Value::Str(l + &r)),
                (Value::Seq(mut l), Value::Seq(r)) => {
                    l.extend(r);
                    Some(Value::Seq(l))
                }
                (Value::Int(l), Value::Int(r)) => l.checked_add(r).map(Value::Int),
                _ => None,
            }
        }
        ast::Expr::JoinedStr(j) => {
            let mut out = String::new();
            for part in &j.values {
                let value = match part {
                    ast::Expr::FormattedValue(f) if f.format_spec.is_none() => recurse(&f.value)?,
                    other => recurse(other)?,
                };
                out.push_str(&value.to_python_str()?);
            }
            Some(Value::Str(out))
        }
        _ => None,
    }
}

fn constant(c: &ast::Constant) -> Option<Value> {
    match c {
        ast::Constant::None => Some(Value::None),
        ast::Constant::Bool(b) => Some(Value::Bool(*b)),
        ast::Constant::Str(s) => Some(Value::Str(s.clone())),
        ast::Constant::Int(i) => i64::try_from(i).ok().map(Value::Int),
        ast::Constant::Tuple(items) => items
            .iter()
            .map(constant)
            .collect::<Option<_>>()
            .map(Value::Seq),
        _ => None,
    }
}

impl Value {
    /// `str(value)` as Python prints it, for the simple values f-strings hold.
    fn to_python_str(&self) -> Option<String> {
        match self {
            Value::None => Some("None".into()),
            Value::Bool(true) => Some("True".into()),
            Value::Bool(false) => Some("False".into()),
            Value::Int(i) => Some(i.to_string()),
            Value::Str(s) => Some(s.clone()),
            Value::Seq(_) => None,
        }
    }
}

/// Why an expression is not a string, `None`, or a sequence of strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringsError {
    /// The value is not statically known.
    Unknown,
    /// The value is known but is not a string, `None` or a sequence of strings.
    WrongType,
}

/// Reads a value Alembic normalises with `util.to_tuple`: a string, `None`, or a tuple or list
/// of strings. Each string keeps the range of the literal that wrote it, or of the whole
/// expression when it came from elsewhere (a name, a concatenation).
pub fn eval_strings(expr: &ast::Expr, scope: &Scope) -> Result<Vec<Located<String>>, StringsError> {
    let whole = range_of(expr);
    let items: Vec<&ast::Expr> = match expr {
        ast::Expr::Tuple(t) => t.elts.iter().collect(),
        ast::Expr::List(l) => l.elts.iter().collect(),
        _ => {
            return match eval(expr, scope).ok_or(StringsError::Unknown)? {
                Value::None => Ok(Vec::new()),
                Value::Str(s) => Ok(vec![Located {
                    value: s,
                    range: whole,
                }]),
                Value::Seq(items) => items
                    .into_iter()
                    .map(|v| match v {
                        Value::Str(s) => Ok(Located {
                            value: s,
                            range: whole.clone(),
                        }),
                        _ => Err(StringsError::WrongType),
                    })
                    .collect(),
                _ => Err(StringsError::WrongType),
            }
        }
    };
    items
        .into_iter()
        .map(
            |item| match eval(item, scope).ok_or(StringsError::Unknown)? {
                Value::Str(s) => Ok(Located {
                    value: s,
                    range: range_of(item),
                }),
                _ => Err(StringsError::WrongType),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse_module;

    fn eval_last(src: &str) -> Option<Value> {
        let module = parse_module(src, "t.py").unwrap();
        let scope = Scope::of_module(&module);
        let (_, expr) = simple_assignments(module.body.last().unwrap())[0];
        eval(expr, &scope)
    }

    #[test]
    fn folds_constants_names_concatenation_and_fstrings() {
        assert_eq!(eval_last("x = 'a' 'b'"), Some(Value::Str("ab".into())));
        assert_eq!(
            eval_last("A = 'a'\nx = A + '_b'"),
            Some(Value::Str("a_b".into()))
        );
        assert_eq!(
            eval_last("N = 3\nx = f'v{N}_{None}'"),
            Some(Value::Str("v3_None".into()))
        );
        assert_eq!(
            eval_last("x: tuple = ('a', ['b'])"),
            Some(Value::Seq(vec![
                Value::Str("a".into()),
                Value::Seq(vec![Value::Str("b".into())])
            ]))
        );
        assert_eq!(eval_last("x = f()"), None);
        assert_eq!(eval_last("x = x"), None);
    }

    #[test]
    fn strings_keep_the_range_of_each_literal() {
        let src = "x = ('ab', \"cd\")";
        let module = parse_module(src, "t.py").unwrap();
        let (_, expr) = simple_assignments(&module.body[0])[0];
        let items = eval_strings(expr, &Scope::default()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(&src[items[1].range.clone()], "\"cd\"");
        let module = parse_module("x = (1,)", "t.py").unwrap();
        let (_, expr) = simple_assignments(&module.body[0])[0];
        assert_eq!(
            eval_strings(expr, &Scope::default()),
            Err(StringsError::WrongType)
        );
    }
}
