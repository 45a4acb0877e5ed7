//! A walk over a parsed tree by reference. rustpython-ast's own `Visitor` takes every node by
//! value, so walking a module with it means copying the module first, and its default walk
//! does not enter keyword arguments, comprehensions, `with` items, argument defaults or
//! `match` cases. This one borrows the tree and enters every statement and expression (the bounds
//! of PEP 695 type parameters aside, which no schema code writes).

use rustpython_parser::ast;

/// What a walk does at each node. Each hook runs before the node's parts are walked; it
/// returns `false` to skip them (a walker that handles a node's parts itself, or does not
/// want them).
pub trait Walker<'a> {
    fn stmt(&mut self, _stmt: &'a ast::Stmt) -> bool {
        true
    }
    fn expr(&mut self, _expr: &'a ast::Expr) -> bool {
        true
    }
    /// Whether the walk can stop (a finder that has found what it looks for).
    fn done(&self) -> bool {
        false
    }
}

/// Walks the statements of `body`, in order.
pub fn stmts<'a, W: Walker<'a> + ?Sized>(w: &mut W, body: &'a [ast::Stmt]) {
    for s in body {
        if w.done() {
            return;
        }
        stmt(w, s);
    }
}

/// Walks the expressions of `items`, in order.
pub fn exprs<'a, W: Walker<'a> + ?Sized>(w: &mut W, items: &'a [ast::Expr]) {
    for e in items {
        if w.done() {
            return;
        }
        expr(w, e);
    }
}

fn maybe<'a, W: Walker<'a> + ?Sized>(w: &mut W, e: Option<&'a ast::Expr>) {
    if let Some(e) = e {
        expr(w, e);
    }
}

fn arguments<'a, W: Walker<'a> + ?Sized>(w: &mut W, args: &'a ast::Arguments) {
    let with_defaults = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.kwonlyargs);
    for a in with_defaults {
        maybe(w, a.def.annotation.as_deref());
        maybe(w, a.default.as_deref());
    }
    for a in args.vararg.iter().chain(&args.kwarg) {
        maybe(w, a.annotation.as_deref());
    }
}

fn keywords<'a, W: Walker<'a> + ?Sized>(w: &mut W, keywords: &'a [ast::Keyword]) {
    for k in keywords {
        expr(w, &k.value);
    }
}

fn comprehensions<'a, W: Walker<'a> + ?Sized>(w: &mut W, generators: &'a [ast::Comprehension]) {
    for g in generators {
        expr(w, &g.target);
        expr(w, &g.iter);
        exprs(w, &g.ifs);
    }
}

fn pattern<'a, W: Walker<'a> + ?Sized>(w: &mut W, p: &'a ast::Pattern) {
    match p {
        ast::Pattern::MatchValue(m) => expr(w, &m.value),
        ast::Pattern::MatchSingleton(_) | ast::Pattern::MatchStar(_) => {}
        ast::Pattern::MatchSequence(m) => m.patterns.iter().for_each(|p| pattern(w, p)),
        ast::Pattern::MatchMapping(m) => {
            exprs(w, &m.keys);
            m.patterns.iter().for_each(|p| pattern(w, p));
        }
        ast::Pattern::MatchClass(m) => {
            expr(w, &m.cls);
            m.patterns.iter().for_each(|p| pattern(w, p));
            m.kwd_patterns.iter().for_each(|p| pattern(w, p));
        }
        ast::Pattern::MatchAs(m) => {
            if let Some(p) = &m.pattern {
                pattern(w, p);
            }
        }
        ast::Pattern::MatchOr(m) => m.patterns.iter().for_each(|p| pattern(w, p)),
    }
}

/// A `def` or `async def`: its decorators, parameters and return annotation, then its body.
fn function<'a, W: Walker<'a> + ?Sized>(
    w: &mut W,
    decorators: &'a [ast::Expr],
    args: &'a ast::Arguments,
    returns: Option<&'a ast::Expr>,
    body: &'a [ast::Stmt],
) {
    exprs(w, decorators);
    arguments(w, args);
    maybe(w, returns);
    stmts(w, body);
}

/// A `for` or `async for`.
fn for_loop<'a, W: Walker<'a> + ?Sized>(
    w: &mut W,
    target: &'a ast::Expr,
    iter: &'a ast::Expr,
    body: &'a [ast::Stmt],
    orelse: &'a [ast::Stmt],
) {
    expr(w, target);
    expr(w, iter);
    stmts(w, body);
    stmts(w, orelse);
}

/// A `with` or `async with`.
fn with_block<'a, W: Walker<'a> + ?Sized>(
    w: &mut W,
    items: &'a [ast::WithItem],
    body: &'a [ast::Stmt],
) {
    for item in items {
        expr(w, &item.context_expr);
        maybe(w, item.optional_vars.as_deref());
    }
    stmts(w, body);
}

/// A `try` or `try ... except*`.
fn try_block<'a, W: Walker<'a> + ?Sized>(
    w: &mut W,
    body: &'a [ast::Stmt],
    handlers: &'a [ast::ExceptHandler],
    orelse: &'a [ast::Stmt],
    finalbody: &'a [ast::Stmt],
) {
    stmts(w, body);
    for ast::ExceptHandler::ExceptHandler(h) in handlers {
        maybe(w, h.type_.as_deref());
        stmts(w, &h.body);
    }
    stmts(w, orelse);
    stmts(w, finalbody);
}

/// A list, set or generator comprehension: its element, then its generators.
fn comprehension<'a, W: Walker<'a> + ?Sized>(
    w: &mut W,
    elt: &'a ast::Expr,
    generators: &'a [ast::Comprehension],
) {
    expr(w, elt);
    comprehensions(w, generators);
}

/// Walks one statement: the hook, then its parts in the order of the source (a function's
/// decorators, parameters and return annotation before its body).
pub fn stmt<'a, W: Walker<'a> + ?Sized>(w: &mut W, s: &'a ast::Stmt) {
    if !w.stmt(s) {
        return;
    }
    use ast::Stmt as S;
    match s {
        S::FunctionDef(f) => function(w, &f.decorator_list, &f.args, f.returns.as_deref(), &f.body),
        S::AsyncFunctionDef(f) => {
            function(w, &f.decorator_list, &f.args, f.returns.as_deref(), &f.body)
        }
        S::ClassDef(c) => {
            exprs(w, &c.decorator_list);
            exprs(w, &c.bases);
            keywords(w, &c.keywords);
            stmts(w, &c.body);
        }
        S::Return(r) => maybe(w, r.value.as_deref()),
        S::Delete(d) => exprs(w, &d.targets),
        S::Assign(a) => {
            exprs(w, &a.targets);
            expr(w, &a.value);
        }
        S::TypeAlias(t) => {
            expr(w, &t.name);
            expr(w, &t.value);
        }
        S::AugAssign(a) => {
            expr(w, &a.target);
            expr(w, &a.value);
        }
        S::AnnAssign(a) => {
            expr(w, &a.target);
            expr(w, &a.annotation);
            maybe(w, a.value.as_deref());
        }
        S::For(f) => for_loop(w, &f.target, &f.iter, &f.body, &f.orelse),
        S::AsyncFor(f) => for_loop(w, &f.target, &f.iter, &f.body, &f.orelse),
        S::While(l) => {
            expr(w, &l.test);
            stmts(w, &l.body);
            stmts(w, &l.orelse);
        }
        S::If(i) => {
            expr(w, &i.test);
            stmts(w, &i.body);
            stmts(w, &i.orelse);
        }
        S::With(with) => with_block(w, &with.items, &with.body),
        S::AsyncWith(with) => with_block(w, &with.items, &with.body),
        S::Match(m) => {
            expr(w, &m.subject);
            for case in &m.cases {
                pattern(w, &case.pattern);
                maybe(w, case.guard.as_deref());
                stmts(w, &case.body);
            }
        }
        S::Raise(r) => {
            maybe(w, r.exc.as_deref());
            maybe(w, r.cause.as_deref());
        }
        S::Try(t) => try_block(w, &t.body, &t.handlers, &t.orelse, &t.finalbody),
        S::TryStar(t) => try_block(w, &t.body, &t.handlers, &t.orelse, &t.finalbody),
        S::Assert(a) => {
            expr(w, &a.test);
            maybe(w, a.msg.as_deref());
        }
        S::Expr(e) => expr(w, &e.value),
        S::Import(_)
        | S::ImportFrom(_)
        | S::Global(_)
        | S::Nonlocal(_)
        | S::Pass(_)
        | S::Break(_)
        | S::Continue(_) => {}
    }
}

/// Walks one expression: the hook, then its parts in the order of the source.
pub fn expr<'a, W: Walker<'a> + ?Sized>(w: &mut W, e: &'a ast::Expr) {
    if w.done() || !w.expr(e) {
        return;
    }
    use ast::Expr as E;
    match e {
        E::BoolOp(b) => exprs(w, &b.values),
        E::NamedExpr(n) => {
            expr(w, &n.target);
            expr(w, &n.value);
        }
        E::BinOp(b) => {
            expr(w, &b.left);
            expr(w, &b.right);
        }
        E::UnaryOp(u) => expr(w, &u.operand),
        E::Lambda(l) => {
            arguments(w, &l.args);
            expr(w, &l.body);
        }
        E::IfExp(i) => {
            expr(w, &i.body);
            expr(w, &i.test);
            expr(w, &i.orelse);
        }
        E::Dict(d) => {
            for (k, v) in d.keys.iter().zip(&d.values) {
                maybe(w, k.as_ref());
                expr(w, v);
            }
        }
        E::Set(s) => exprs(w, &s.elts),
        E::ListComp(c) => comprehension(w, &c.elt, &c.generators),
        E::SetComp(c) => comprehension(w, &c.elt, &c.generators),
        E::DictComp(c) => {
            expr(w, &c.key);
            expr(w, &c.value);
            comprehensions(w, &c.generators);
        }
        E::GeneratorExp(c) => comprehension(w, &c.elt, &c.generators),
        E::Await(a) => expr(w, &a.value),
        E::Yield(y) => maybe(w, y.value.as_deref()),
        E::YieldFrom(y) => expr(w, &y.value),
        E::Compare(c) => {
            expr(w, &c.left);
            exprs(w, &c.comparators);
        }
        E::Call(c) => {
            expr(w, &c.func);
            exprs(w, &c.args);
            keywords(w, &c.keywords);
        }
        E::FormattedValue(f) => {
            expr(w, &f.value);
            maybe(w, f.format_spec.as_deref());
        }
        E::JoinedStr(j) => exprs(w, &j.values),
        E::Attribute(a) => expr(w, &a.value),
        E::Subscript(s) => {
            expr(w, &s.value);
            expr(w, &s.slice);
        }
        E::Starred(s) => expr(w, &s.value),
        E::List(l) => exprs(w, &l.elts),
        E::Tuple(t) => exprs(w, &t.elts),
        E::Slice(s) => {
            maybe(w, s.lower.as_deref());
            maybe(w, s.upper.as_deref());
            maybe(w, s.step.as_deref());
        }
        E::Constant(_) | E::Name(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every call, wherever it sits.
    #[test]
    fn every_part_is_walked() {
        struct Calls(Vec<String>);
        impl<'a> Walker<'a> for Calls {
            fn expr(&mut self, e: &'a ast::Expr) -> bool {
                if let ast::Expr::Call(c) = e {
                    if let ast::Expr::Name(n) = c.func.as_ref() {
                        self.0.push(n.id.to_string());
                    }
                }
                true
            }
        }
        let src = "\
@deco()
def f(a=default(), *, b: ann() = kw_default()) -> ret():
    with ctx() as x:
        g(key=in_keyword())
    [c() for y in it() if cond()]
    match subject():
        case Point(x=0) if guard():
            in_case()
    try:
        pass
    except handler():
        in_handler()
class C(base(), metaclass=meta()):
    z = lambda q=lam_default(): lam_body()
";
        let module = crate::python::parse_module(src, "t.py").expect("parses");
        let mut calls = Calls(Vec::new());
        stmts(&mut calls, &module.body);
        assert_eq!(
            calls.0,
            [
                "deco",
                "default",
                "ann",
                "kw_default",
                "ret",
                "ctx",
                "g",
                "in_keyword",
                "c",
                "it",
                "cond",
                "subject",
                "guard",
                "in_case",
                "handler",
                "in_handler",
                "base",
                "meta",
                "lam_default",
                "lam_body"
            ]
        );
    }
}
