//! Python's import system as the interpreter runs it: a module's parent packages first, each
//! module run once (its top level, with `__name__`, `__file__` and a package's `__path__`),
//! relative imports resolved from the module running now, and what cannot be imported kept
//! as an external name.

use std::collections::HashMap;
use std::rc::Rc;

use super::builtins::external;
use super::interp::{callee, Flow, Frame, Host, Interp, Scope};
use super::value::{Args, ModuleEnv, Value};
use crate::diagnostic::Span;
use crate::python::ast;

impl<H: Host + ?Sized> Interp<'_, H> {
    /// Whether module `dotted` of the checkout (or a library it reads) can be imported
    /// from the module running now.
    pub(super) fn importable(&self, dotted: &str) -> bool {
        let importer = self.frames.last().map(|f| f.module.name.as_str());
        self.envs.contains_key(dotted) || self.table.get(dotted, importer).is_some()
    }

    /// Imports module `dotted` as Python's import system does: its parent packages first
    /// (`a`, then `a.b`, each `__init__` run once), then the module. A package's `__init__`
    /// that imports its submodules in order (`from . import a, b`) decides the order they run
    /// in; importing `pkg.b` directly would otherwise run `b` before `pkg/__init__.py`, and a
    /// submodule the package imports meanwhile would find `b` half run. Revision files and
    /// `env.py` are loaded by path, not imported: they run through [`Interp::module`].
    pub(super) fn import_module(&mut self, dotted: &str) -> Option<Rc<ModuleEnv>> {
        let mut parent = String::new();
        let mut parts = dotted.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                break;
            }
            if !parent.is_empty() {
                parent.push('.');
            }
            parent.push_str(part);
            if !self.envs.contains_key(&parent) {
                let _ = self.module(&parent);
            }
        }
        self.module(dotted)
    }

    /// Imports module `dotted` as an `import` statement at module level of a file outside the
    /// modules read would: its parents first.
    pub fn import(&mut self, dotted: &str) -> Option<Rc<ModuleEnv>> {
        self.import_module(dotted)
    }

    /// Runs module `name` (its top-level definitions) and returns its environment.
    pub fn module(&mut self, name: &str) -> Option<Rc<ModuleEnv>> {
        if let Some(env) = self.envs.get(name) {
            return Some(env.clone());
        }
        let importer = self.frames.last().map(|f| f.module.name.clone());
        let (file, module) = self.table.get(name, importer.as_deref())?;
        let env = Rc::new(ModuleEnv {
            name: name.to_string(),
            file,
            globals: Default::default(),
        });
        // Imported, not run as a script: `if __name__ == "__main__":` is false.
        env.globals
            .borrow_mut()
            .insert("__name__".into(), Value::Str(name.to_string()));
        // Its package (`__package__`, `__spec__.parent`): what a relative
        // `importlib.import_module(".sub", package=__spec__.parent)` starts from.
        {
            let package = self.package_of(name);
            let mut globals = env.globals.borrow_mut();
            globals.insert("__package__".into(), Value::Str(package.clone()));
            globals.insert("__spec__".into(), module_spec(name, &package, file));
        }
        // Where it is: code that imports every module of its folder starts from these.
        if let Some(path) = self.table.file_of(name) {
            let mut globals = env.globals.borrow_mut();
            if path.file_name().is_some_and(|n| n == "__init__.py") {
                if let Some(dir) = path.parent() {
                    let dir = Value::Str(dir.to_string_lossy().into_owned());
                    globals.insert("__path__".into(), Value::List(vec![dir]));
                }
            }
            globals.insert(
                "__file__".into(),
                Value::Str(path.to_string_lossy().into_owned()),
            );
        }
        self.envs.insert(name.to_string(), env.clone());
        self.ran.push(env.clone());
        self.frames.push(Frame {
            locals: HashMap::new(),
            module: env.clone(),
            scope: Scope::Module,
            declared_global: Vec::new(),
        });
        self.depth += 1;
        for stmt in &module.body {
            // Calls at module level (`run_migrations_online()` in env.py) are not run, but
            // those that change the models (see `module_level_call`).
            if let ast::Stmt::Expr(e) = stmt {
                if let ast::Expr::Call(call) = e.value.as_ref() {
                    self.module_level_call(call, &e.value);
                }
                continue;
            }
            self.raise_statement = None;
            match self.exec(stmt) {
                // A guard at the top of a module (`if not url: raise RuntimeError(...)`) that
                // raises with the values driftlock assumes (an environment variable unset):
                // the program that imported the module (Alembic running env.py) got past it,
                // so the rest of the module is read, and that is said.
                Flow::Raise(_) if matches!(stmt, ast::Stmt::If(_)) => self.guard_passed(stmt),
                Flow::Return(_) | Flow::Raise(_) => break,
                _ => {}
            }
            // `_ix = Index("ix", func.lower(User.__table__.c.name))`: kept as well.
            if let ast::Stmt::Assign(a) = stmt {
                let made_index =
                    matches!(a.value.as_ref(), ast::Expr::Call(c) if callee(c) == Some("Index"));
                if let (true, [ast::Expr::Name(target)]) = (made_index, a.targets.as_slice()) {
                    if let Some(value @ Value::Object(_)) = self.lookup(target.id.as_str()) {
                        self.keep_schema_item(value);
                    }
                }
            }
        }
        self.depth -= 1;
        let frame = self.frames.pop().expect("module frame");
        env.globals.borrow_mut().extend(frame.locals);
        Some(env)
    }

    /// Calls the module-level function `function` of module `module` with no arguments. `None`
    /// when the module or function does not exist.
    pub fn call_function(&mut self, module: &str, function: &str) -> Option<Value> {
        let env = self.module(module)?;
        let f = env.globals.borrow().get(function).cloned()?;
        let span = Span::new(env.file, 0..0);
        Some(self.call(&f, Args::default(), &span))
    }

    /// `library.__version__` (and pydantic's `VERSION`, also in `pydantic.version`) of a
    /// library whose source is never read ([`crate::load::is_modelled`]): the version of the
    /// installed distribution of that name, when one is.
    pub(super) fn modelled_library_version(&self, module: &str, attr: &str) -> Option<Value> {
        let is_version = attr == "__version__"
            || (attr == "VERSION" && matches!(module, "pydantic" | "pydantic.version"));
        let library = module.split('.').next()?;
        if !is_version || !crate::load::is_modelled(library) {
            return None;
        }
        let normalized = crate::load::normalized_distribution(library);
        let version = self.table.distributions.get(&normalized)?;
        Some(Value::Str(version.clone()))
    }

    /// The package of module `name`: itself for a package, else its parent.
    fn package_of(&self, name: &str) -> String {
        if self.table.is_package(name) {
            return name.to_string();
        }
        name.rsplit_once('.')
            .map(|(parent, _)| parent.to_string())
            .unwrap_or_default()
    }

    /// `importlib.import_module(name, package)`: a relative name (`.sub`, `..mod`) starts
    /// from `package`, as Python's does; `None` when it is relative and `package` is not a
    /// string (Python raises; driftlock cannot tell which module).
    pub(super) fn absolute_module_name(name: &str, package: Option<&Value>) -> Option<String> {
        let level = name.len() - name.trim_start_matches('.').len();
        if level == 0 {
            return Some(name.to_string());
        }
        let Some(Value::Str(package)) = package else {
            return None;
        };
        let rest = &name[level..];
        // `package` names a package: level 1 is the package itself.
        let mut base = package.as_str();
        for _ in 1..level {
            base = base.rsplit_once('.').map_or("", |(parent, _)| parent);
        }
        if base.is_empty() {
            return None;
        }
        Some(if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{rest}")
        })
    }

    /// The dotted module a relative import names, seen from the module running now.
    pub(super) fn resolve_relative(&self, module: Option<&str>, level: usize) -> String {
        let current = self
            .frames
            .last()
            .map(|f| f.module.name.clone())
            .unwrap_or_default();
        let current =
            crate::python::imports::importing_name(&current, self.table.is_package(&current));
        crate::python::imports::resolve_relative(&current, level, module)
    }

    /// A module of the checkout, or an external name.
    pub(super) fn import_value(&mut self, dotted: &str) -> Value {
        if let Some(v) = self.defined_value(dotted) {
            return v;
        }
        match self.import_module(dotted) {
            Some(env) => Value::Module(env),
            None => external(dotted.to_string()),
        }
    }
}

/// The class of a module's `__spec__` (Python's `ModuleSpec`): its `name` and `parent`.
pub(super) const MODULE_SPEC: &str = "importlib.machinery.ModuleSpec";

fn module_spec(name: &str, package: &str, file: crate::source::FileId) -> Value {
    super::value::Object::call(
        MODULE_SPEC,
        Vec::new(),
        vec![
            ("name".to_string(), Value::Str(name.to_string())),
            ("parent".to_string(), Value::Str(package.to_string())),
        ],
        &Span::new(file, 0..0),
    )
}

/// `spec.name` and `spec.parent` of a module's `__spec__`.
pub(super) fn module_spec_field(o: &super::value::Object, attr: &str) -> Option<Value> {
    if o.class != MODULE_SPEC || !matches!(attr, "name" | "parent") {
        return None;
    }
    o.args
        .keywords
        .iter()
        .find(|(k, _)| k == attr)
        .map(|(_, v)| v.clone())
}
