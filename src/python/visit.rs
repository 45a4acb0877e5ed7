//! Finding things in a parsed module without running it: every place an attribute is used
//! (`InitialBase.metadata.create_all`, called or passed on as `run_sync(Base.metadata.create_all)`),
//! and what a module-level name is bound to (an import, or a definition in the file itself).

use std::collections::BTreeSet;
use std::ops::Range;

use rustpython_parser::ast;

use super::walk::{self, Walker};
use super::Module;

/// One use of an attribute whose receiver is a dotted name (`a.b.attr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeUse {
    /// The receiver's parts: `["InitialBase", "metadata"]` for `InitialBase.metadata.create_all`.
    pub receiver: Vec<String>,
    /// The whole `receiver.attr` expression.
    pub range: Range<usize>,
}

/// Every use of `.attr` in `module` (function and class bodies included) on a dotted name,
/// in the order of the file.
pub fn attribute_uses(module: &Module, attr: &str) -> Vec<AttributeUse> {
    struct Finder<'a> {
        attr: &'a str,
        found: Vec<AttributeUse>,
    }
    impl<'a> Walker<'a> for Finder<'_> {
        fn expr(&mut self, e: &'a ast::Expr) -> bool {
            if let ast::Expr::Attribute(node) = e {
                if node.attr.as_str() == self.attr {
                    if let Some(receiver) = dotted(&node.value) {
                        self.found.push(AttributeUse {
                            receiver,
                            range: super::range_of(node),
                        });
                    }
                }
            }
            true
        }
    }
    let mut finder = Finder {
        attr,
        found: Vec::new(),
    };
    walk::stmts(&mut finder, &module.body);
    finder.found.sort_by_key(|u| u.range.start);
    finder.found
}

/// `a.b.c` as its parts; `None` for anything else (a call, a subscript).
fn dotted(e: &ast::Expr) -> Option<Vec<String>> {
    match e {
        ast::Expr::Name(n) => Some(vec![n.id.to_string()]),
        ast::Expr::Attribute(a) => {
            let mut parts = dotted(&a.value)?;
            parts.push(a.attr.to_string());
            Some(parts)
        }
        _ => None,
    }
}

/// The calls one function makes (its nested functions' and lambdas' too): for each, the
/// callee's last name (`command.stamp(cfg, "head")` → `stamp`) and the call's range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionCalls {
    pub name: String,
    /// The class whose body defines it, for a method.
    pub class: Option<String>,
    /// The whole `def`.
    pub def: Range<usize>,
    pub calls: Vec<(String, Range<usize>)>,
}

/// Every function of `module` (methods and nested functions included) with the calls it
/// makes, in the order of the file.
pub fn function_calls(module: &Module) -> Vec<FunctionCalls> {
    #[derive(Default)]
    struct Calls(Vec<(String, Range<usize>)>);
    impl<'a> Walker<'a> for Calls {
        fn expr(&mut self, e: &'a ast::Expr) -> bool {
            if let ast::Expr::Call(node) = e {
                if let Some(name) = super::callee(node) {
                    self.0.push((name.to_string(), super::range_of(node)));
                }
            }
            true
        }
    }
    #[derive(Default)]
    struct Defs {
        found: Vec<FunctionCalls>,
        /// The class whose body is being walked (`None` inside a function).
        class: Option<String>,
    }
    impl Defs {
        fn add(&mut self, name: &str, def: Range<usize>, body: &[ast::Stmt]) {
            let mut calls = Calls::default();
            walk::stmts(&mut calls, body);
            self.found.push(FunctionCalls {
                name: name.to_string(),
                class: self.class.clone(),
                def,
                calls: calls.0,
            });
        }
        fn body(&mut self, class: Option<String>, body: &[ast::Stmt]) {
            let outer = std::mem::replace(&mut self.class, class);
            walk::stmts(self, body);
            self.class = outer;
        }
    }
    // Definitions only: the calls of each function are walked by `add`.
    impl<'a> Walker<'a> for Defs {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            match s {
                ast::Stmt::ClassDef(node) => self.body(Some(node.name.to_string()), &node.body),
                ast::Stmt::FunctionDef(node) => {
                    self.add(node.name.as_str(), super::range_of(node), &node.body);
                    self.body(None, &node.body);
                }
                ast::Stmt::AsyncFunctionDef(node) => {
                    self.add(node.name.as_str(), super::range_of(node), &node.body);
                    self.body(None, &node.body);
                }
                _ => return true,
            }
            false
        }
        fn expr(&mut self, _: &'a ast::Expr) -> bool {
            false
        }
    }
    let mut defs = Defs::default();
    defs.body(None, &module.body);
    defs.found.sort_by_key(|f| f.def.start);
    defs.found
}

/// Whether `body` calls a function whose last name is one of `names`
/// (`importlib.import_module(...)` → `import_module`), nested functions included.
pub fn body_calls(body: &[ast::Stmt], names: &[&str]) -> bool {
    struct Finder<'a> {
        names: &'a [&'a str],
        found: bool,
    }
    impl<'a> Walker<'a> for Finder<'_> {
        fn expr(&mut self, e: &'a ast::Expr) -> bool {
            if let ast::Expr::Call(node) = e {
                if super::callee(node).is_some_and(|n| self.names.contains(&n)) {
                    self.found = true;
                }
            }
            !self.found
        }
        fn done(&self) -> bool {
            self.found
        }
    }
    let mut finder = Finder {
        names,
        found: false,
    };
    walk::stmts(&mut finder, body);
    finder.found
}

/// Whether `body` imports modules: an `import` statement anywhere in it, or a call of one
/// of `names` (`import_module`, `__import__`).
pub fn body_imports(body: &[ast::Stmt], names: &[&str]) -> bool {
    struct Finder {
        found: bool,
    }
    impl<'a> Walker<'a> for Finder {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            if matches!(s, ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_)) {
                self.found = true;
            }
            !self.found
        }
        fn expr(&mut self, _: &'a ast::Expr) -> bool {
            false
        }
        fn done(&self) -> bool {
            self.found
        }
    }
    let mut finder = Finder { found: false };
    walk::stmts(&mut finder, body);
    finder.found || body_calls(body, names)
}

/// The top-level packages of the modules `body`'s `import` statements name, for code of
/// module `current` (a relative import stays in its package).
pub fn body_import_packages(body: &[ast::Stmt], current: &str) -> BTreeSet<String> {
    struct Finder<'a> {
        current: &'a str,
        found: BTreeSet<String>,
    }
    fn top(dotted: &str) -> String {
        dotted.split('.').next().unwrap_or_default().to_string()
    }
    impl<'a> Walker<'a> for Finder<'_> {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            match s {
                ast::Stmt::Import(node) => {
                    for alias in &node.names {
                        self.found.insert(top(alias.name.as_str()));
                    }
                }
                ast::Stmt::ImportFrom(node) => {
                    let relative = node.level.is_some_and(|l| l.to_u32() > 0);
                    match (&node.module, relative) {
                        (Some(module), false) => self.found.insert(top(module.as_str())),
                        _ => self.found.insert(top(self.current)),
                    };
                }
                _ => {}
            }
            true
        }
        fn expr(&mut self, _: &'a ast::Expr) -> bool {
            false
        }
    }
    let mut finder = Finder {
        current,
        found: BTreeSet::new(),
    };
    walk::stmts(&mut finder, body);
    finder.found
}

/// What a module-level name is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// `import a.b as name` (`a.b`), or `import a.b` for `a` (`a`).
    Module(String),
    /// `from module import attr as name`, the module resolved to an absolute dotted name.
    Imported { module: String, attr: String },
    /// Assigned, or defined (`class`, `def`), in the module itself.
    Local,
}

/// The last top-level binding of `name` in `module` (named `current`; `is_package` for an
/// `__init__.py`, whose relative imports start from the package itself). Bindings inside
/// top-level `if`/`try` blocks count (`try: from a import Base except ImportError: ...`).
pub fn top_level_binding(
    module: &Module,
    current: &str,
    is_package: bool,
    name: &str,
) -> Option<Binding> {
    let from = super::imports::importing_name(current, is_package);
    let mut found = None;
    walk_top_level(&module.body, &mut |stmt| match stmt {
        ast::Stmt::Import(i) => {
            for alias in &i.names {
                match &alias.asname {
                    Some(a) if a.as_str() == name => {
                        found = Some(Binding::Module(alias.name.to_string()))
                    }
                    None if alias.name.split('.').next() == Some(name) => {
                        found = Some(Binding::Module(name.to_string()))
                    }
                    _ => {}
                }
            }
        }
        ast::Stmt::ImportFrom(i) => {
            let level = i.level.as_ref().map_or(0, |l| l.to_usize());
            let base = super::imports::resolve_relative(&from, level, i.module.as_deref());
            for alias in &i.names {
                let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                if bound.as_str() == name {
                    found = Some(Binding::Imported {
                        module: base.clone(),
                        attr: alias.name.to_string(),
                    });
                }
            }
        }
        ast::Stmt::Assign(a)
            if a.targets
                .iter()
                .any(|t| matches!(t, ast::Expr::Name(n) if n.id.as_str() == name)) =>
        {
            found = Some(Binding::Local)
        }
        ast::Stmt::AnnAssign(a) if matches!(a.target.as_ref(), ast::Expr::Name(n) if n.id.as_str() == name) => {
            found = Some(Binding::Local)
        }
        ast::Stmt::ClassDef(c) if c.name.as_str() == name => found = Some(Binding::Local),
        ast::Stmt::FunctionDef(f) if f.name.as_str() == name => found = Some(Binding::Local),
        _ => {}
    });
    found
}

/// The names `body` binds at the level it runs at: assignment targets (unpacking included),
/// annotated assignments with a value, augmented assignments, imports, definitions, loop
/// targets, and the same inside nested `if`, `try`, `with` and loops; never inside a function
/// or class body, which have scopes of their own.
pub fn bound_names(body: &[ast::Stmt]) -> Vec<String> {
    fn targets(expr: &ast::Expr, out: &mut Vec<String>) {
        match expr {
            ast::Expr::Name(n) => out.push(n.id.to_string()),
            ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| targets(e, out)),
            ast::Expr::List(t) => t.elts.iter().for_each(|e| targets(e, out)),
            ast::Expr::Starred(s) => targets(&s.value, out),
            _ => {}
        }
    }
    fn walk(body: &[ast::Stmt], out: &mut Vec<String>) {
        for stmt in body {
            match stmt {
                ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| targets(t, out)),
                ast::Stmt::AnnAssign(a) if a.value.is_some() => targets(&a.target, out),
                ast::Stmt::AugAssign(a) => targets(&a.target, out),
                ast::Stmt::Import(i) => out.extend(i.names.iter().map(|a| match &a.asname {
                    Some(n) => n.to_string(),
                    None => a.name.split('.').next().unwrap_or_default().to_string(),
                })),
                ast::Stmt::ImportFrom(i) => out.extend(
                    i.names
                        .iter()
                        .map(|a| a.asname.as_ref().unwrap_or(&a.name).to_string()),
                ),
                ast::Stmt::FunctionDef(f) => out.push(f.name.to_string()),
                ast::Stmt::AsyncFunctionDef(f) => out.push(f.name.to_string()),
                ast::Stmt::ClassDef(c) => out.push(c.name.to_string()),
                ast::Stmt::If(i) => {
                    walk(&i.body, out);
                    walk(&i.orelse, out);
                }
                ast::Stmt::Try(t) => {
                    walk(&t.body, out);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        if let Some(n) = &h.name {
                            out.push(n.to_string());
                        }
                        walk(&h.body, out);
                    }
                    walk(&t.orelse, out);
                    walk(&t.finalbody, out);
                }
                ast::Stmt::With(w) => {
                    for item in &w.items {
                        if let Some(v) = &item.optional_vars {
                            targets(v, out);
                        }
                    }
                    walk(&w.body, out);
                }
                ast::Stmt::For(f) => {
                    targets(&f.target, out);
                    walk(&f.body, out);
                    walk(&f.orelse, out);
                }
                ast::Stmt::While(w) => {
                    walk(&w.body, out);
                    walk(&w.orelse, out);
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(body, &mut out);
    out
}

/// The names module-level `from ... import name as alias` statements bind for the imported
/// names `wanted` accepts (`from flask_migrate import stamp as fm_stamp` → `fm_stamp`).
pub fn imported_as(module: &Module, wanted: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut bound = Vec::new();
    walk_top_level(&module.body, &mut |stmt| {
        if let ast::Stmt::ImportFrom(i) = stmt {
            for alias in &i.names {
                if wanted(alias.name.as_str()) {
                    bound.push(alias.asname.as_ref().unwrap_or(&alias.name).to_string());
                }
            }
        }
    });
    bound
}

fn walk_top_level(stmts: &[ast::Stmt], f: &mut dyn FnMut(&ast::Stmt)) {
    for stmt in stmts {
        match stmt {
            ast::Stmt::If(s) => {
                walk_top_level(&s.body, f);
                walk_top_level(&s.orelse, f);
            }
            ast::Stmt::Try(t) => {
                walk_top_level(&t.body, f);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    walk_top_level(&h.body, f);
                }
                walk_top_level(&t.orelse, f);
                walk_top_level(&t.finalbody, f);
            }
            other => f(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse_module;

    #[test]
    fn bound_names_follow_nested_blocks_but_not_scopes() {
        let m = parse_module(
            "a, (b, *c) = f()\nd: int\ne: int = 1\nimport x.y\nfrom . import z as w\n\
             try:\n    import opt\nexcept ImportError as err:\n    opt = None\n\
             if q:\n    with open(p) as fh:\n        for i, j in fh:\n            k = 1\n\
             def g():\n    inner = 1\nclass C:\n    attr = 1\nn += 1\n",
            "m.py",
        )
        .unwrap();
        assert_eq!(
            bound_names(&m.body),
            [
                "a", "b", "c", "e", "x", "w", "opt", "err", "opt", "fh", "i", "j", "k", "g", "C",
                "n"
            ]
        );
    }

    #[test]
    fn function_calls_name_each_callee_by_its_last_name() {
        let m = parse_module(
            "def build(url):\n    engine = make(url)\n    Base.metadata.create_all(engine)\n    \
             alembic.command.stamp(cfg, 'head')\n\nclass Store:\n    async def up(self):\n        \
             await run(lambda: go())\n",
            "m.py",
        )
        .unwrap();
        let found = function_calls(&m);
        let names =
            |i: usize| -> Vec<String> { found[i].calls.iter().map(|(n, _)| n.clone()).collect() };
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].name.as_str(), found[0].class.as_deref()),
            ("build", None)
        );
        assert_eq!(names(0), ["make", "create_all", "stamp"]);
        assert_eq!(
            (found[1].name.as_str(), found[1].class.as_deref()),
            ("up", Some("Store"))
        );
        assert_eq!(names(1), ["run", "go"]);
    }

    #[test]
    fn imported_names_are_found_under_their_alias() {
        let m = parse_module(
            "from flask_migrate import stamp as fm_stamp, upgrade\ntry:\n    \
             from x import stamp\nexcept ImportError:\n    pass\n",
            "m.py",
        )
        .unwrap();
        assert_eq!(imported_as(&m, &|n| n == "stamp"), ["fm_stamp", "stamp"]);
    }

    #[test]
    fn attribute_uses_are_found_in_calls_and_passed_methods() {
        let m = parse_module(
            "from .initial import Base as InitialBase\n\
             def init(engine):\n    InitialBase.metadata.create_all(engine)\n\
             async def go(conn):\n    await conn.run_sync(meta.create_all)\n\
             x = make().create_all\n",
            "m.py",
        )
        .unwrap();
        let uses = attribute_uses(&m, "create_all");
        let receivers: Vec<Vec<String>> = uses.into_iter().map(|u| u.receiver).collect();
        assert_eq!(
            receivers,
            vec![
                vec!["InitialBase".to_string(), "metadata".to_string()],
                vec!["meta".to_string()],
            ]
        );
    }

    #[test]
    fn bindings_follow_imports_and_definitions() {
        let m = parse_module(
            "import a.b\nimport c.d as e\nfrom .models import Base as B\n\
             try:\n    from x import y\nexcept ImportError:\n    y = None\n\
             meta = object()\n",
            "m.py",
        )
        .unwrap();
        assert_eq!(
            top_level_binding(&m, "pkg.db", false, "a"),
            Some(Binding::Module("a".into()))
        );
        assert_eq!(
            top_level_binding(&m, "pkg.db", false, "e"),
            Some(Binding::Module("c.d".into()))
        );
        assert_eq!(
            top_level_binding(&m, "pkg.db", false, "B"),
            Some(Binding::Imported {
                module: "pkg.models".into(),
                attr: "Base".into()
            })
        );
        // In a package's `__init__.py`, `.models` is a module of the package itself.
        assert_eq!(
            top_level_binding(&m, "pkg", true, "B"),
            Some(Binding::Imported {
                module: "pkg.models".into(),
                attr: "Base".into()
            })
        );
        assert_eq!(
            top_level_binding(&m, "pkg.db", false, "y"),
            Some(Binding::Local)
        );
        assert_eq!(
            top_level_binding(&m, "pkg.db", false, "meta"),
            Some(Binding::Local)
        );
        assert_eq!(top_level_binding(&m, "pkg.db", false, "nothing"), None);
    }
}

/// A call made inside a function (its nested functions' too), with the innermost function
/// and its whole `def`.
#[derive(Clone, Debug)]
pub struct CallInFunction<'a> {
    pub function: String,
    pub def: Range<usize>,
    pub call: &'a ast::ExprCall,
}

/// Every call made inside a function of `module` (methods and nested functions included);
/// module-level calls are left out.
pub fn calls_in_functions(module: &Module) -> Vec<CallInFunction<'_>> {
    struct Calls<'a> {
        within: Option<(String, Range<usize>)>,
        found: Vec<CallInFunction<'a>>,
    }
    impl<'a> Calls<'a> {
        fn function(&mut self, name: &str, def: Range<usize>, body: &'a [ast::Stmt]) {
            let outer = self.within.replace((name.to_string(), def));
            walk::stmts(self, body);
            self.within = outer;
        }
    }
    // A function's decorators, defaults and annotations run where it is defined: only its
    // body is its own.
    impl<'a> Walker<'a> for Calls<'a> {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            match s {
                ast::Stmt::FunctionDef(node) => {
                    self.function(node.name.as_str(), super::range_of(node), &node.body)
                }
                ast::Stmt::AsyncFunctionDef(node) => {
                    self.function(node.name.as_str(), super::range_of(node), &node.body)
                }
                _ => return true,
            }
            false
        }
        fn expr(&mut self, e: &'a ast::Expr) -> bool {
            if let (ast::Expr::Call(call), Some((function, def))) = (e, &self.within) {
                self.found.push(CallInFunction {
                    function: function.clone(),
                    def: def.clone(),
                    call,
                });
            }
            true
        }
    }
    let mut calls = Calls {
        within: None,
        found: Vec::new(),
    };
    walk::stmts(&mut calls, &module.body);
    calls.found
}

/// The body of the function (or method) of `module` whose whole `def` spans `def`, as
/// [`calls_in_functions`] gives it.
pub fn function_body_at<'a>(module: &'a Module, def: &Range<usize>) -> Option<&'a [ast::Stmt]> {
    struct Find<'a, 'd> {
        def: &'d Range<usize>,
        found: Option<&'a [ast::Stmt]>,
    }
    impl<'a> Walker<'a> for Find<'a, '_> {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            let (range, body) = match s {
                ast::Stmt::FunctionDef(node) => (super::range_of(node), &node.body),
                ast::Stmt::AsyncFunctionDef(node) => (super::range_of(node), &node.body),
                _ => return true,
            };
            if range == *self.def {
                self.found = Some(body);
            }
            self.found.is_none()
        }
        fn expr(&mut self, _: &'a ast::Expr) -> bool {
            false
        }
        fn done(&self) -> bool {
            self.found.is_some()
        }
    }
    let mut find = Find { def, found: None };
    walk::stmts(&mut find, &module.body);
    find.found
}

/// The project's own migration commands: the modules imported inside each function of
/// `module` that runs Alembic (`command.upgrade(cfg, "head")`, `command.revision(...,
/// autogenerate=True)`, `command.check(...)`, `compare_metadata(...)`); such functions often
/// import the models env.py does not (`from app.jobs.models import Job  # noqa`, to register
/// them). `None` when no function of the module runs Alembic. `current` is the module's name
/// for relative imports (its package for an `__init__`).
pub fn migration_command_imports(module: &Module, current: &str) -> Option<Vec<String>> {
    #[derive(Default)]
    struct Body {
        compares: bool,
        imports: Vec<String>,
        current: String,
    }
    impl Body {
        fn call(&mut self, node: &ast::ExprCall) {
            let callee = super::callee(node);
            let autogenerate = node.keywords.iter().any(|k| {
                k.arg.as_ref().is_some_and(|a| a.as_str() == "autogenerate")
                    && matches!(&k.value, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(true)))
            });
            // `command.upgrade(...)`, `alembic_command.check(...)`, `alembic.command.stamp(...)`.
            let runs_alembic = matches!(node.func.as_ref(), ast::Expr::Attribute(a)
            if matches!(a.attr.as_str(),
                "upgrade" | "downgrade" | "revision" | "check" | "stamp" | "merge")
                && match a.value.as_ref() {
                    ast::Expr::Name(n) => matches!(n.id.as_str(), "command" | "alembic_command"),
                    ast::Expr::Attribute(inner) => inner.attr.as_str() == "command",
                    _ => false,
                });
            if autogenerate || runs_alembic || callee == Some("compare_metadata") {
                self.compares = true;
            }
        }
        fn import(&mut self, node: &ast::StmtImport) {
            self.imports
                .extend(node.names.iter().map(|a| a.name.to_string()));
        }
        fn import_from(&mut self, node: &ast::StmtImportFrom) {
            let level = node.level.as_ref().map_or(0, |l| l.to_usize());
            let base = super::imports::resolve_relative(
                &self.current,
                level,
                node.module.as_ref().map(|m| m.as_str()),
            );
            // `from pkg import models`: a submodule, or a name in `pkg` (which is read too).
            for alias in &node.names {
                if alias.name.as_str() != "*" && !base.is_empty() {
                    self.imports.push(format!("{base}.{}", alias.name));
                }
            }
            if !base.is_empty() {
                self.imports.push(base);
            }
        }
    }
    impl<'a> Walker<'a> for Body {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            match s {
                ast::Stmt::Import(node) => self.import(node),
                ast::Stmt::ImportFrom(node) => self.import_from(node),
                _ => {}
            }
            true
        }
        fn expr(&mut self, e: &'a ast::Expr) -> bool {
            if let ast::Expr::Call(node) = e {
                self.call(node);
            }
            true
        }
    }
    /// The body of every function (nested ones too: each is also part of its parent's).
    #[derive(Default)]
    struct Functions<'a> {
        bodies: Vec<&'a [ast::Stmt]>,
    }
    impl<'a> Walker<'a> for Functions<'a> {
        fn stmt(&mut self, s: &'a ast::Stmt) -> bool {
            match s {
                ast::Stmt::FunctionDef(node) => self.bodies.push(&node.body),
                ast::Stmt::AsyncFunctionDef(node) => self.bodies.push(&node.body),
                _ => {}
            }
            true
        }
        fn expr(&mut self, _: &'a ast::Expr) -> bool {
            false
        }
    }
    let mut functions = Functions::default();
    walk::stmts(&mut functions, &module.body);
    let mut found: Option<Vec<String>> = None;
    for body in functions.bodies {
        let mut walk = Body {
            current: current.to_string(),
            ..Body::default()
        };
        walk::stmts(&mut walk, body);
        if walk.compares {
            found.get_or_insert_with(Vec::new).extend(walk.imports);
        }
    }
    if let Some(names) = found.as_mut() {
        names.sort();
        names.dedup();
    }
    found
}

#[cfg(test)]
mod migration_command_tests {
    use super::*;

    #[test]
    fn the_imports_of_a_function_that_runs_alembic_are_found() {
        let m = crate::python::parse_module(
            "from alembic import command\n\
             def make_migrations(cfg):\n    \
                 from app.jobs.models import Job  # noqa\n    \
                 from .metrics import db_models\n    \
                 import app.extra\n    \
                 command.revision(cfg, message='m', autogenerate=True)\n\
             def upgrade(cfg):\n    \
                 from app.store import models\n    \
                 command.upgrade(cfg, 'head')\n\
             def unrelated():\n    \
                 from app.unrelated import x\n    \
                 x.upgrade(1)\n",
            "cli.py",
        )
        .unwrap();
        let found = migration_command_imports(&m, "app.cli").unwrap();
        assert_eq!(
            found,
            [
                "app.extra",
                "app.jobs.models",
                "app.jobs.models.Job",
                "app.metrics",
                "app.metrics.db_models",
                "app.store",
                "app.store.models"
            ]
        );
        let plain = crate::python::parse_module("def f():\n    import x\n", "f.py").unwrap();
        assert_eq!(migration_command_imports(&plain, "f"), None);
    }
}
