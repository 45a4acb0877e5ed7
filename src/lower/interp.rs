//! The migration interpreter: runs `upgrade()`/`downgrade()` statically. It folds what Python
//! would compute from constants, unrolls loops over known lists, follows `if`s whose test it can
//! decide (dialect tests are PostgreSQL; introspection is answered from the replayed schema by
//! the host), inlines the project's own helper functions and imported modules, and hands every
//! Alembic call to the [`Host`]. What it cannot know becomes `Value::Unknown` and, where it
//! matters, an `unanalyzable` diagnostic.

use std::collections::HashMap;
use std::rc::Rc;

use super::value::{Args, Batch, ClassValue, Function, Handle, ModuleEnv, Object, Value};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::QualName;
use crate::python::{ast, range_of, Module};
use crate::source::FileId;

/// What the interpreter asks of the lowering: the effects of Alembic and database calls.
pub trait Host {
    /// `op.<name>(...)`, or `batch_op.<name>(...)` inside a batch block.
    fn op(&mut self, name: &str, batch: Option<&Batch>, args: &Args, span: &Span) -> Value;
    /// `inspector.<method>(...)` on `sa.inspect(op.get_bind())`.
    fn inspect(&mut self, method: &str, args: &Args, span: &Span) -> Value;
    /// `bind.execute(...)`, `conn.exec_driver_sql(...)`; `statement_span` is where the
    /// statement argument is written.
    fn execute(&mut self, statement: &Value, statement_span: Option<&Span>, span: &Span) -> Value;
    /// `.create(bind)` / `.drop(bind)` on an SQLAlchemy schema object (an Enum type, a table).
    fn ddl_method(&mut self, object: &Rc<Object>, method: &str, args: &Args, span: &Span) -> Value;
    fn report(&mut self, diagnostic: Diagnostic);
    /// The revision whose code runs now (attached to what is reported).
    fn set_revision(&mut self, revision: Option<String>);
    /// A copy of the replayed schema as it is now.
    fn schema_snapshot(&self) -> crate::schema::Schema;
    /// What the replay remembers about tables built outside the history: the tables some
    /// operation created so far, and the foreign keys left out because they reference a table
    /// none created.
    fn outside_tables(&self) -> super::alembic::OutsideTables;
    /// Transaction control from Alembic's API (`autocommit_block()` entered and left).
    fn session(&mut self, event: crate::ir::Session, span: &Span);
}

/// The checkout's Python modules the interpreter may import, by dotted name.
#[derive(Default)]
pub struct ModuleTable {
    pub modules: HashMap<String, (FileId, std::sync::Arc<Module>)>,
}

enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
    /// `raise`: the rest of the function does not run.
    Raise,
}

struct Frame {
    locals: HashMap<String, Value>,
    module: Rc<ModuleEnv>,
    /// The top level of a module: bindings go straight to its globals, so that code running
    /// later in the same module (class bodies, functions called at import) sees them.
    is_module: bool,
}

/// Deepest chain of nested calls and module imports followed; the replay runs on a thread
/// with a stack large enough for it.
const MAX_DEPTH: usize = 120;

/// The class of `Model.column` values: positional arguments are the table and column names.
pub const MODEL_COLUMN: &str = "__driftlock_model_column__";

/// Where a module keeps the schema objects its top level creates without binding them.
pub const MODULE_SCHEMA_ITEMS: &str = "__driftlock_schema_items__";

/// Where a `TypeDecorator`'s PostgreSQL type from `load_dialect_impl` is kept on its class.
pub const POSTGRESQL_IMPL: &str = "__driftlock_postgresql_impl__";

pub struct Interp<'a> {
    host: &'a mut dyn Host,
    table: &'a ModuleTable,
    envs: HashMap<String, Rc<ModuleEnv>>,
    frames: Vec<Frame>,
    depth: usize,
}

impl<'a> Interp<'a> {
    pub fn new(host: &'a mut dyn Host, table: &'a ModuleTable) -> Self {
        Interp {
            host,
            table,
            envs: HashMap::new(),
            frames: Vec::new(),
            depth: 0,
        }
    }

    /// The modules run so far, to share with another interpreter of the same run: Python
    /// imports a module once per process, and the downgrade check must not pay for running
    /// every imported module again.
    pub fn modules_run(&self) -> HashMap<String, Rc<ModuleEnv>> {
        self.envs.clone()
    }

    /// Starts from modules another interpreter already ran (see [`Interp::modules_run`]).
    pub fn with_modules(mut self, envs: HashMap<String, Rc<ModuleEnv>>) -> Self {
        self.envs = envs;
        self
    }

    /// The host, to set or read its state between entry points.
    pub fn host_mut(&mut self) -> &mut dyn Host {
        self.host
    }

    /// Runs module `name` (its top-level definitions) and returns its environment.
    pub fn module(&mut self, name: &str) -> Option<Rc<ModuleEnv>> {
        if let Some(env) = self.envs.get(name) {
            return Some(env.clone());
        }
        let (file, module) = self.table.modules.get(name)?.clone();
        let env = Rc::new(ModuleEnv {
            name: name.to_string(),
            file,
            globals: Default::default(),
        });
        // Imported, not run as a script: `if __name__ == "__main__":` is false.
        env.globals
            .borrow_mut()
            .insert("__name__".into(), Value::Str(name.to_string()));
        self.envs.insert(name.to_string(), env.clone());
        self.frames.push(Frame {
            locals: HashMap::new(),
            module: env.clone(),
            is_module: true,
        });
        self.depth += 1;
        for stmt in &module.body {
            // Calls at module level (`run_migrations_online()` in env.py) are not run.
            if let ast::Stmt::Expr(e) = stmt {
                // Except a schema object made for its side effect on the metadata
                // (`Index("ix", func.lower(User.email))`): kept for the model reader.
                if let ast::Expr::Call(call) = e.value.as_ref() {
                    let callee = match call.func.as_ref() {
                        ast::Expr::Name(n) => Some(n.id.as_str()),
                        ast::Expr::Attribute(a) => Some(a.attr.as_str()),
                        _ => None,
                    };
                    if callee == Some("Index") {
                        let value = self.eval(&e.value);
                        let frame = self.frames.last_mut().expect("module frame");
                        match frame.locals.get_mut(MODULE_SCHEMA_ITEMS) {
                            Some(Value::List(items)) => items.push(value),
                            _ => {
                                frame
                                    .locals
                                    .insert(MODULE_SCHEMA_ITEMS.into(), Value::List(vec![value]));
                            }
                        }
                    }
                }
                continue;
            }
            if let Flow::Return(_) | Flow::Raise = self.exec(stmt) {
                break;
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

    fn span(&self, range: std::ops::Range<usize>) -> Span {
        let file = self.frames.last().map_or(FileId(0), |f| f.module.file);
        Span::new(file, range)
    }

    fn unanalyzable(&mut self, span: Span, message: String) {
        self.host.report(
            Diagnostic::warning(Kind::Unanalyzable, "unanalyzable-code", message)
                .at(span)
                .with_note("driftlock does not run project code; the replay goes on without this"),
        );
    }

    /// Code skipped because a condition or a loop is not known. When the skipped statements
    /// hold nothing that can change the schema (only data work, logging, bookkeeping), this is
    /// said as information, not as a warning: the replayed schema does not depend on it.
    fn skipped(&mut self, span: Span, message: String, skipped: &[&[ast::Stmt]]) {
        if skipped.iter().any(|body| may_change_schema(body)) {
            self.unanalyzable(span, message);
        } else {
            self.host.report(
                Diagnostic::info(Kind::Unanalyzable, "unanalyzable-code", message)
                    .at(span)
                    .with_note("the skipped code makes no Alembic call and runs no DDL, so the schema does not depend on it"),
            );
        }
    }

    fn lookup(&self, name: &str) -> Option<Value> {
        let frame = self.frames.last()?;
        if let Some(v) = frame.locals.get(name) {
            return Some(v.clone());
        }
        if let Some(v) = frame.module.globals.borrow().get(name) {
            return Some(v.clone());
        }
        None
    }

    fn bind(&mut self, name: &str, value: Value) {
        if let Some(frame) = self.frames.last_mut() {
            if frame.is_module {
                frame
                    .module
                    .globals
                    .borrow_mut()
                    .insert(name.to_string(), value);
            } else {
                frame.locals.insert(name.to_string(), value);
            }
        }
    }

    fn exec_block(&mut self, body: &[ast::Stmt]) -> Flow {
        for stmt in body {
            match self.exec(stmt) {
                Flow::Normal => {}
                other => return other,
            }
        }
        Flow::Normal
    }

    fn exec(&mut self, stmt: &ast::Stmt) -> Flow {
        match stmt {
            ast::Stmt::Expr(e) => {
                self.eval(&e.value);
            }
            ast::Stmt::Assign(a) => {
                let value = self.eval(&a.value);
                for target in &a.targets {
                    self.assign(target, value.clone());
                }
            }
            ast::Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.eval(v);
                    self.assign(&a.target, value);
                }
            }
            ast::Stmt::AugAssign(a) => {
                if let ast::Expr::Name(n) = a.target.as_ref() {
                    let current = self
                        .lookup(n.id.as_str())
                        .unwrap_or_else(|| Value::unknown("unbound name"));
                    let right = self.eval(&a.value);
                    let value = binop(&a.op, current, right);
                    self.bind(n.id.as_str(), value);
                }
            }
            ast::Stmt::FunctionDef(f) => {
                let frame = self.frames.last().expect("frame");
                let module = frame.module.clone();
                // Inside a function, the new function closes over the current variables.
                let closure = if !frame.is_module {
                    frame.locals.clone()
                } else {
                    HashMap::new()
                };
                let function = Value::Function(Rc::new(Function {
                    name: f.name.to_string(),
                    def: f.clone(),
                    module,
                    closure,
                }));
                self.bind(f.name.as_str(), function);
            }
            ast::Stmt::AsyncFunctionDef(f) => {
                self.bind(f.name.as_str(), Value::unknown("async function"));
            }
            ast::Stmt::ClassDef(c) => {
                let bases = c.bases.iter().map(|b| self.eval(b)).collect();
                let keywords = c
                    .keywords
                    .iter()
                    .filter_map(|k| Some((k.arg.as_ref()?.to_string(), self.eval(&k.value))))
                    .collect();
                self.frames.push(Frame {
                    locals: HashMap::new(),
                    module: self.frames.last().expect("frame").module.clone(),
                    is_module: false,
                });
                let mut annotations = Vec::new();
                let mut attribute_spans = HashMap::new();
                for s in &c.body {
                    if !matches!(s, ast::Stmt::Expr(_)) {
                        self.exec(s);
                    }
                    let targets: Vec<&ast::Expr> = match s {
                        ast::Stmt::Assign(a) => a.targets.iter().collect(),
                        ast::Stmt::AnnAssign(a) => {
                            if let ast::Expr::Name(n) = a.target.as_ref() {
                                let annotation = self.eval(&a.annotation);
                                annotations.push((n.id.to_string(), annotation));
                            }
                            vec![a.target.as_ref()]
                        }
                        _ => Vec::new(),
                    };
                    for t in targets {
                        if let ast::Expr::Name(n) = t {
                            attribute_spans.insert(n.id.to_string(), self.span(range_of(s)));
                        }
                    }
                }
                let frame = self.frames.pop().expect("class frame");
                let order = c
                    .body
                    .iter()
                    .flat_map(|s| match s {
                        ast::Stmt::Assign(a) => a.targets.iter().collect::<Vec<_>>(),
                        ast::Stmt::AnnAssign(a) => vec![a.target.as_ref()],
                        _ => Vec::new(),
                    })
                    .filter_map(|t| match t {
                        ast::Expr::Name(n) => Some(n.id.to_string()),
                        _ => None,
                    })
                    .collect();
                let mut class = ClassValue {
                    name: c.name.to_string(),
                    bases,
                    attributes: frame.locals,
                    order,
                    keywords,
                    annotations,
                    span: self.span(range_of(stmt)),
                    attribute_spans,
                };
                // A TypeDecorator that picks its type per dialect: ask it for PostgreSQL's.
                if let Some(hook @ Value::Function(_)) =
                    class.attributes.get("load_dialect_impl").cloned()
                {
                    let span = self.span(range_of(stmt));
                    let args = Args {
                        positional: vec![Value::unknown("self"), Value::Handle(Handle::Dialect)],
                        ..Args::default()
                    };
                    let chosen = self.call(&hook, args, &span);
                    if !matches!(chosen, Value::Unknown(_) | Value::None) {
                        class.attributes.insert(POSTGRESQL_IMPL.into(), chosen);
                    }
                }
                self.bind(c.name.as_str(), Value::Class(Rc::new(class)));
            }
            ast::Stmt::Import(i) => {
                for alias in &i.names {
                    let dotted = alias.name.as_str();
                    match &alias.asname {
                        Some(as_name) => {
                            let v = self.import_value(dotted);
                            self.bind(as_name.as_str(), v);
                        }
                        None => {
                            let top = dotted.split('.').next().unwrap_or(dotted);
                            // `import a.b` binds `a`; make sure `a.b` is loaded for attribute use.
                            let _ = self.import_value(dotted);
                            let v = self.import_value(top);
                            self.bind(top, v);
                        }
                    }
                }
            }
            ast::Stmt::ImportFrom(i) => {
                let level = i.level.as_ref().map_or(0, |l| l.to_usize());
                let base = self.resolve_relative(i.module.as_ref().map(|m| m.as_str()), level);
                for alias in &i.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        if let Some(env) = self.module(&base) {
                            let globals: Vec<(String, Value)> = env
                                .globals
                                .borrow()
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            for (k, v) in globals {
                                self.bind(&k, v);
                            }
                        }
                        continue;
                    }
                    let full = if base.is_empty() {
                        name.to_string()
                    } else {
                        format!("{base}.{name}")
                    };
                    let value = match self.module(&base) {
                        Some(env) => {
                            let span = self.span(range_of(stmt));
                            self.attribute(Value::Module(env), name, &span)
                        }
                        None => self.import_value(&full),
                    };
                    let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    self.bind(bound, value);
                }
            }
            ast::Stmt::If(i) => {
                let test = self.eval(&i.test);
                match test.truthy() {
                    Some(true) => return self.exec_block(&i.body),
                    Some(false) => return self.exec_block(&i.orelse),
                    None => {
                        let span = self.span(range_of(i.test.as_ref()));
                        let why = match &test {
                            Value::Unknown(r) => format!(": {r}"),
                            _ => String::new(),
                        };
                        self.skipped(
                            span,
                            format!("cannot decide this `if` statically{why}; neither branch is replayed"),
                            &[&i.body, &i.orelse],
                        );
                    }
                }
            }
            ast::Stmt::For(f) => {
                let iter = self.eval(&f.iter);
                let Some(items) = iterate(&iter) else {
                    let span = self.span(range_of(f.iter.as_ref()));
                    self.skipped(
                        span,
                        "cannot tell what this loop iterates over; its body is not replayed".into(),
                        &[&f.body],
                    );
                    return Flow::Normal;
                };
                for item in items {
                    self.assign(&f.target, item);
                    match self.exec_block(&f.body) {
                        Flow::Break => return Flow::Normal,
                        Flow::Return(v) => return Flow::Return(v),
                        Flow::Raise => return Flow::Raise,
                        Flow::Continue | Flow::Normal => {}
                    }
                }
                return self.exec_block(&f.orelse);
            }
            ast::Stmt::While(w) => {
                let span = self.span(range_of(w.test.as_ref()));
                self.skipped(span, "`while` loops are not replayed".into(), &[&w.body]);
            }
            ast::Stmt::With(w) => {
                let mut autocommit = false;
                for item in &w.items {
                    let value = self.eval(&item.context_expr);
                    if matches!(value, Value::Handle(Handle::Autocommit)) {
                        autocommit = true;
                        let span = self.span(range_of(&item.context_expr));
                        self.host
                            .session(crate::ir::Session::AutocommitBegin, &span);
                    }
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, value);
                    }
                }
                let flow = self.exec_block(&w.body);
                if autocommit {
                    let span = self.span(range_of(stmt));
                    self.host.session(crate::ir::Session::AutocommitEnd, &span);
                }
                return flow;
            }
            ast::Stmt::Try(t) => {
                let flow = self.exec_block(&t.body);
                let flow = match flow {
                    Flow::Normal => self.exec_block(&t.orelse),
                    other => other,
                };
                let after = self.exec_block(&t.finalbody);
                return match after {
                    Flow::Normal => flow,
                    other => other,
                };
            }
            ast::Stmt::Return(r) => {
                let value = r.value.as_ref().map_or(Value::None, |v| self.eval(v));
                return Flow::Return(value);
            }
            ast::Stmt::Raise(_) => return Flow::Raise,
            ast::Stmt::Break(_) => return Flow::Break,
            ast::Stmt::Continue(_) => return Flow::Continue,
            ast::Stmt::Pass(_)
            | ast::Stmt::Assert(_)
            | ast::Stmt::Global(_)
            | ast::Stmt::Nonlocal(_)
            | ast::Stmt::Delete(_) => {}
            other => {
                let span = self.span(range_of(other));
                self.unanalyzable(span, "this statement is not replayed".into());
            }
        }
        Flow::Normal
    }

    /// The dotted module a relative import names.
    fn resolve_relative(&self, module: Option<&str>, level: usize) -> String {
        if level == 0 {
            return module.unwrap_or("").to_string();
        }
        let current = self
            .frames
            .last()
            .map(|f| f.module.name.clone())
            .unwrap_or_default();
        let mut parts: Vec<&str> = current.split('.').collect();
        for _ in 0..level {
            parts.pop();
        }
        let mut base = parts.join(".");
        if let Some(m) = module {
            if !base.is_empty() {
                base.push('.');
            }
            base.push_str(m);
        }
        base
    }

    /// A module of the checkout, or an external name.
    fn import_value(&mut self, dotted: &str) -> Value {
        match self.module(dotted) {
            Some(env) => Value::Module(env),
            None => external(dotted.to_string()),
        }
    }

    fn assign(&mut self, target: &ast::Expr, value: Value) {
        match target {
            ast::Expr::Name(n) => self.bind(n.id.as_str(), value),
            ast::Expr::Tuple(t) => self.unpack(&t.elts, value),
            ast::Expr::List(l) => self.unpack(&l.elts, value),
            // `d[key] = value` on a dict or list bound to a name (tables kept in a dict).
            ast::Expr::Subscript(s) => {
                let ast::Expr::Name(n) = s.value.as_ref() else {
                    return;
                };
                let key = self.eval(&s.slice);
                let updated = match self.lookup(n.id.as_str()) {
                    Some(Value::Dict(mut items)) => {
                        match items.iter_mut().find(|(k, _)| k.py_eq(&key) == Some(true)) {
                            Some(slot) => slot.1 = value,
                            None => items.push((key, value)),
                        }
                        Value::Dict(items)
                    }
                    Some(Value::List(mut items)) => match key {
                        Value::Int(i) if i >= 0 && (i as usize) < items.len() => {
                            items[i as usize] = value;
                            Value::List(items)
                        }
                        _ => return,
                    },
                    _ => return,
                };
                self.bind(n.id.as_str(), updated);
            }
            // Attribute assignment does not change the schema.
            _ => {}
        }
    }

    /// Applies a mutating list or dict method to the value bound to `name`; `None` when
    /// `name` holds no list or dict or `method` does not mutate.
    fn mutate(&mut self, name: &str, method: &str, args: &Args) -> Option<Value> {
        let current = self.lookup(name)?;
        let arg = |i: usize| args.positional.get(i).cloned().unwrap_or(Value::None);
        let updated = match (current, method) {
            (Value::List(mut items), "append") => {
                items.push(arg(0));
                Value::List(items)
            }
            (Value::List(mut items), "extend") => {
                items.extend(
                    iterate(&arg(0))
                        .unwrap_or_else(|| vec![Value::unknown("extend with unknown values")]),
                );
                Value::List(items)
            }
            (Value::List(mut items), "insert") => {
                let at = match arg(0) {
                    Value::Int(i) if i >= 0 => (i as usize).min(items.len()),
                    Value::Int(i) => items.len().saturating_sub(i.unsigned_abs() as usize),
                    _ => return Some(Value::unknown("list.insert at an unknown position")),
                };
                items.insert(at, arg(1));
                Value::List(items)
            }
            (Value::List(mut items), "remove") => {
                if let Some(i) = items.iter().position(|v| v.py_eq(&arg(0)) == Some(true)) {
                    items.remove(i);
                }
                Value::List(items)
            }
            (Value::Dict(mut items), "update") => {
                if let Value::Dict(more) = arg(0) {
                    for (k, v) in more {
                        items.retain(|(existing, _)| existing.py_eq(&k) != Some(true));
                        items.push((k, v));
                    }
                }
                for (k, v) in &args.keywords {
                    items.retain(|(existing, _)| existing.as_str() != Some(k));
                    items.push((Value::Str(k.clone()), v.clone()));
                }
                Value::Dict(items)
            }
            _ => return None,
        };
        self.rebind(name, updated);
        Some(Value::None)
    }

    /// Rebinds `name` where it is bound: the current frame, else the module's globals.
    fn rebind(&mut self, name: &str, value: Value) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        if frame.is_module
            || !frame.locals.contains_key(name) && frame.module.globals.borrow().contains_key(name)
        {
            frame
                .module
                .globals
                .borrow_mut()
                .insert(name.to_string(), value);
        } else {
            frame.locals.insert(name.to_string(), value);
        }
    }

    fn unpack(&mut self, targets: &[ast::Expr], value: Value) {
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

    pub fn eval(&mut self, expr: &ast::Expr) -> Value {
        match expr {
            ast::Expr::Constant(c) => constant(&c.value),
            ast::Expr::Name(n) => {
                let name = n.id.as_str();
                self.lookup(name).unwrap_or_else(|| builtin_name(name))
            }
            ast::Expr::Attribute(a) => {
                let base = self.eval(&a.value);
                let span = self.span(range_of(expr));
                self.attribute(base, a.attr.as_str(), &span)
            }
            ast::Expr::Call(c) => {
                let span = self.span(range_of(expr));
                let args = self.eval_args(&c.args, &c.keywords);
                // Method calls are resolved on the receiver so that `op.x`, `batch_op.x` and
                // `inspector.x` reach the host with their receiver.
                if let ast::Expr::Attribute(a) = c.func.as_ref() {
                    // `columns.append(...)`: lists and dicts bound to a name change in place.
                    if let ast::Expr::Name(n) = a.value.as_ref() {
                        if let Some(result) = self.mutate(n.id.as_str(), a.attr.as_str(), &args) {
                            return result;
                        }
                    }
                    let receiver = self.eval(&a.value);
                    return self.call_method(receiver, a.attr.as_str(), args, &span);
                }
                let callee = self.eval(&c.func);
                self.call(&callee, args, &span)
            }
            ast::Expr::Tuple(t) => Value::Tuple(self.eval_elements(&t.elts)),
            ast::Expr::List(l) => Value::List(self.eval_elements(&l.elts)),
            ast::Expr::Set(s) => Value::List(self.eval_elements(&s.elts)),
            ast::Expr::Dict(d) => {
                let mut items = Vec::new();
                for (k, v) in d.keys.iter().zip(&d.values) {
                    let value = self.eval(v);
                    match k {
                        Some(k) => {
                            let key = self.eval(k);
                            items.push((key, value));
                        }
                        None => {
                            if let Value::Dict(more) = value {
                                items.extend(more);
                            }
                        }
                    }
                }
                Value::Dict(items)
            }
            ast::Expr::BinOp(b) => {
                let left = self.eval(&b.left);
                let right = self.eval(&b.right);
                if matches!(left, Value::Object(_)) || matches!(right, Value::Object(_)) {
                    let sql_op = match b.op {
                        ast::Operator::Add => "+",
                        ast::Operator::Sub => "-",
                        ast::Operator::Mult => "*",
                        ast::Operator::Div => "/",
                        ast::Operator::BitAnd => "AND",
                        ast::Operator::BitOr => "OR",
                        _ => return Value::unknown("an SQL operator driftlock does not render"),
                    };
                    let span = self.span(range_of(expr));
                    return sql_binary(left, sql_op, right, span);
                }
                binop(&b.op, left, right)
            }
            ast::Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand);
                match (&u.op, v) {
                    (ast::UnaryOp::Not, v) => v
                        .truthy()
                        .map_or_else(|| Value::unknown("unknown condition"), |b| Value::Bool(!b)),
                    (ast::UnaryOp::USub, Value::Int(i)) => i
                        .checked_neg()
                        .map_or_else(|| Value::unknown("overflow"), Value::Int),
                    (ast::UnaryOp::USub, Value::Float(f)) => Value::Float(-f),
                    (ast::UnaryOp::UAdd, v @ (Value::Int(_) | Value::Float(_))) => v,
                    _ => Value::unknown("unsupported unary operator"),
                }
            }
            ast::Expr::BoolOp(b) => {
                let is_and = matches!(b.op, ast::BoolOp::And);
                let mut last = Value::None;
                for v in &b.values {
                    last = self.eval(v);
                    match last.truthy() {
                        Some(t) if t != is_and => return last,
                        Some(_) => {}
                        None => return Value::unknown("unknown condition"),
                    }
                }
                last
            }
            ast::Expr::Compare(c) => {
                let mut left = self.eval(&c.left);
                for (op, right) in c.ops.iter().zip(&c.comparators) {
                    let right = self.eval(right);
                    // A comparison of SQLAlchemy expressions builds SQL (`sa.column("a") > 0`).
                    if matches!(left, Value::Object(_)) || matches!(right, Value::Object(_)) {
                        let span = self.span(range_of(expr));
                        let sql_op = match op {
                            ast::CmpOp::Eq => "=",
                            ast::CmpOp::NotEq => "<>",
                            ast::CmpOp::Lt => "<",
                            ast::CmpOp::LtE => "<=",
                            ast::CmpOp::Gt => ">",
                            ast::CmpOp::GtE => ">=",
                            ast::CmpOp::Is => "IS",
                            ast::CmpOp::IsNot => "IS NOT",
                            _ => {
                                return Value::unknown(
                                    "an SQL comparison driftlock does not render",
                                )
                            }
                        };
                        return sql_binary(left, sql_op, right, span);
                    }
                    match compare(op, &left, &right) {
                        Some(true) => {}
                        Some(false) => return Value::Bool(false),
                        None => return Value::unknown("cannot compare these values statically"),
                    }
                    left = right;
                }
                Value::Bool(true)
            }
            ast::Expr::IfExp(i) => {
                let test = self.eval(&i.test);
                match test.truthy() {
                    Some(true) => self.eval(&i.body),
                    Some(false) => self.eval(&i.orelse),
                    None => Value::unknown("unknown condition"),
                }
            }
            ast::Expr::JoinedStr(j) => {
                let mut out = String::new();
                for part in &j.values {
                    let v = match part {
                        ast::Expr::FormattedValue(f) => self.eval(&f.value),
                        other => self.eval(other),
                    };
                    match v.to_python_str() {
                        Some(s) => out.push_str(&s),
                        None => {
                            return Value::unknown(
                                "an f-string with a value that is not known statically",
                            )
                        }
                    }
                }
                Value::Str(out)
            }
            ast::Expr::Subscript(s) => {
                let base = self.eval(&s.value);
                if let ast::Expr::Slice(sl) = s.slice.as_ref() {
                    let lower = sl.lower.as_ref().map(|e| self.eval(e));
                    let upper = sl.upper.as_ref().map(|e| self.eval(e));
                    return slice(&base, lower, upper);
                }
                let index = self.eval(&s.slice);
                let typing = |name: &str| {
                    name.starts_with("builtins.")
                        || name.starts_with("typing")
                        || name
                            .rsplit('.')
                            .next()
                            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
                };
                if let Value::External(name) = &base {
                    if !typing(name) {
                        return subscript(&base, &index);
                    }
                    // A typing construct (`Mapped[int]`, `Optional[str]`, `list[int]`): kept as
                    // an object the model reader interprets.
                    let items = match index {
                        Value::Tuple(items) => items,
                        other => vec![other],
                    };
                    return Value::Object(Rc::new(Object {
                        class: format!("{name}[]"),
                        receiver: None,
                        args: Args {
                            positional: items,
                            ..Args::default()
                        },
                        called: true,
                        span: self.span(range_of(expr)),
                    }));
                }
                subscript(&base, &index)
            }
            ast::Expr::ListComp(l) => self.comprehension(&l.elt, &l.generators),
            ast::Expr::SetComp(l) => self.comprehension(&l.elt, &l.generators),
            ast::Expr::DictComp(d) => {
                let keys = self.comprehension(&d.key, &d.generators);
                let values = self.comprehension(&d.value, &d.generators);
                match (keys, values) {
                    (Value::List(k), Value::List(v)) => Value::Dict(k.into_iter().zip(v).collect()),
                    _ => Value::unknown("a dict comprehension over unknown values"),
                }
            }
            ast::Expr::GeneratorExp(g) => self.comprehension(&g.elt, &g.generators),
            ast::Expr::Starred(s) => self.eval(&s.value),
            ast::Expr::NamedExpr(n) => {
                let value = self.eval(&n.value);
                self.assign(&n.target, value.clone());
                value
            }
            ast::Expr::Lambda(_) => Value::unknown("a lambda"),
            _ => Value::unknown("an expression driftlock does not evaluate"),
        }
    }

    fn eval_elements(&mut self, elts: &[ast::Expr]) -> Vec<Value> {
        let mut out = Vec::new();
        for e in elts {
            if let ast::Expr::Starred(s) = e {
                let v = self.eval(&s.value);
                match iterate(&v) {
                    Some(items) => out.extend(items),
                    None => out.push(Value::unknown("cannot spread this value")),
                }
            } else {
                out.push(self.eval(e));
            }
        }
        out
    }

    fn comprehension(&mut self, elt: &ast::Expr, generators: &[ast::Comprehension]) -> Value {
        let [generator] = generators else {
            return Value::unknown("nested comprehension");
        };
        let iter = self.eval(&generator.iter);
        let Some(items) = iterate(&iter) else {
            return Value::unknown("comprehension over a value that is not known");
        };
        let mut out = Vec::new();
        for item in items {
            self.assign(&generator.target, item);
            let mut keep = true;
            for cond in &generator.ifs {
                match self.eval(cond).truthy() {
                    Some(true) => {}
                    Some(false) => keep = false,
                    None => return Value::unknown("comprehension with an unknown condition"),
                }
            }
            if keep {
                out.push(self.eval(elt));
            }
        }
        Value::List(out)
    }

    fn eval_args(&mut self, args: &[ast::Expr], keywords: &[ast::Keyword]) -> Args {
        let mut out = Args::default();
        for a in args {
            let span = self.span(range_of(a));
            if let ast::Expr::Starred(s) = a {
                let v = self.eval(&s.value);
                match iterate(&v) {
                    Some(items) => {
                        for item in items {
                            out.positional.push(item);
                            out.positional_spans.push(span.clone());
                        }
                    }
                    None => {
                        out.positional
                            .push(Value::unknown("*args that are not known"));
                        out.positional_spans.push(span);
                    }
                }
                continue;
            }
            let v = self.eval(a);
            out.positional.push(v);
            out.positional_spans.push(span);
        }
        for k in keywords {
            let span = self.span(range_of(&k.value));
            let v = self.eval(&k.value);
            match &k.arg {
                Some(name) => {
                    out.keywords.push((name.to_string(), v));
                    out.keyword_spans.push(span);
                }
                None => {
                    if let Value::Dict(items) = v {
                        for (key, value) in items {
                            if let Value::Str(key) = key {
                                out.keywords.push((key, value));
                                out.keyword_spans.push(span.clone());
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn attribute(&mut self, base: Value, attr: &str, span: &Span) -> Value {
        match base {
            Value::External(name) => {
                let full = format!("{name}.{attr}");
                match self.module(&full) {
                    Some(env) => Value::Module(env),
                    None => external(full),
                }
            }
            Value::Module(env) => {
                let found = env.globals.borrow().get(attr).cloned();
                if let Some(v) = found {
                    return v;
                }
                let full = format!("{}.{attr}", env.name);
                if self.table.modules.contains_key(&full) {
                    return self.import_value(&full);
                }
                // A module-level `__getattr__` (PEP 562) answers for names the module lacks.
                let hook = env.globals.borrow().get("__getattr__").cloned();
                if let Some(hook @ Value::Function(_)) = hook {
                    let args = Args {
                        positional: vec![Value::Str(attr.to_string())],
                        positional_spans: vec![span.clone()],
                        ..Args::default()
                    };
                    return self.call(&hook, args, span);
                }
                external(full)
            }
            Value::Class(c) => match class_attribute(&c, attr) {
                // `Model.column` of a mapped class: the column, with the table it belongs to.
                Some(Value::Object(o))
                    if o.receiver.is_none()
                        && matches!(
                            o.class.rsplit('.').next(),
                            Some("Column" | "mapped_column")
                        ) =>
                {
                    match class_attribute(&c, "__tablename__") {
                        Some(Value::Str(table)) => {
                            let column = match o.args.positional.first() {
                                Some(Value::Str(name)) => name.clone(),
                                _ => attr.to_string(),
                            };
                            Value::Object(Rc::new(Object {
                                class: MODEL_COLUMN.into(),
                                receiver: None,
                                args: Args {
                                    positional: vec![Value::Str(table), Value::Str(column)],
                                    ..Args::default()
                                },
                                called: true,
                                span: span.clone(),
                            }))
                        }
                        _ => Value::Object(o),
                    }
                }
                Some(v) => v,
                // What SQLAlchemy gives every declarative base: kept as an object whose
                // receiver is the class, so `target_metadata = Base.metadata` names `Base`.
                None if matches!(attr, "metadata" | "registry" | "__table__") => {
                    Value::Object(Rc::new(Object {
                        class: attr.to_string(),
                        receiver: Some(Value::Class(c.clone())),
                        args: Args::default(),
                        called: false,
                        span: span.clone(),
                    }))
                }
                None => Value::unknown(format!("{}.{attr}", c.name)),
            },
            Value::Handle(h) => match (h, attr) {
                (Handle::Bind | Handle::Context, "dialect") => Value::Handle(Handle::Dialect),
                (Handle::Bind, "engine" | "connection") => Value::Handle(Handle::Bind),
                (Handle::Bind, "name") => Value::Str("postgresql".into()),
                (Handle::Dialect, "name" | "driver") => Value::Str(if attr == "name" {
                    "postgresql".into()
                } else {
                    "psycopg2".into()
                }),
                (Handle::Context, "bind" | "connection") => Value::Handle(Handle::Bind),
                (Handle::Context, "as_sql") => Value::Bool(false),
                (h, _) => Value::Object(Rc::new(Object {
                    class: attr.to_string(),
                    receiver: Some(Value::Handle(h)),
                    args: Args::default(),
                    called: false,
                    span: span.clone(),
                })),
            },
            Value::Object(o) => {
                // `declarative_base(metadata=...)`.metadata and similar: the keyword argument.
                if let Some(v) = o.args.keyword(attr) {
                    return v.clone();
                }
                // `sa.Column("x", ...).name`, `sa.Table("t", ...).name`: the leading string.
                if matches!(attr, "name" | "key") && o.receiver.is_none() {
                    if let Some(Value::Str(s)) = o.args.positional.first() {
                        return Value::Str(s.clone());
                    }
                }
                Value::Object(Rc::new(Object {
                    class: attr.to_string(),
                    receiver: Some(Value::Object(o)),
                    args: Args::default(),
                    called: false,
                    span: span.clone(),
                }))
            }
            Value::Unknown(r) => Value::Unknown(r),
            _ => Value::unknown(format!(
                "attribute `{attr}` of a value that has none driftlock knows"
            )),
        }
    }

    fn call_method(&mut self, receiver: Value, method: &str, args: Args, span: &Span) -> Value {
        match &receiver {
            Value::External(name) if name == "alembic.op" => {
                return self.op_call(method, None, args, span)
            }
            Value::Handle(Handle::Batch(batch)) => {
                let batch = batch.clone();
                return self.op_call(method, Some(&batch), args, span);
            }
            Value::Handle(Handle::Inspector) => return self.host.inspect(method, &args, span),
            Value::Handle(Handle::Bind) => {
                return match method {
                    "execute" | "exec_driver_sql" => {
                        let statement = args.positional.first().cloned().unwrap_or(Value::None);
                        self.host
                            .execute(&statement, args.positional_spans.first(), span)
                    }
                    "begin" | "begin_nested" | "connect" => Value::Handle(Handle::Bind),
                    _ => {
                        Value::unknown(format!("result of `{method}()` on the database connection"))
                    }
                };
            }
            // `dialect.type_descriptor(JSONB)` in a TypeDecorator's `load_dialect_impl`.
            Value::Handle(Handle::Dialect) if method == "type_descriptor" => {
                return args.positional.first().cloned().unwrap_or(Value::None);
            }
            Value::Handle(Handle::Context) => {
                return match method {
                    "autocommit_block" => Value::Handle(Handle::Autocommit),
                    "begin_transaction" => Value::Handle(Handle::Inert),
                    "get_bind" => Value::Handle(Handle::Bind),
                    _ => Value::unknown(format!("migration context `{method}()`")),
                };
            }
            Value::Str(s) => return str_method(s, method, &args),
            Value::Dict(items) => {
                return match method {
                    "get" => {
                        let key = args.positional.first().cloned().unwrap_or(Value::None);
                        let default = args.positional.get(1).cloned().unwrap_or(Value::None);
                        items
                            .iter()
                            .find(|(k, _)| k.py_eq(&key) == Some(true))
                            .map_or(default, |(_, v)| v.clone())
                    }
                    "keys" => Value::List(items.iter().map(|(k, _)| k.clone()).collect()),
                    "values" => Value::List(items.iter().map(|(_, v)| v.clone()).collect()),
                    "items" => Value::List(
                        items
                            .iter()
                            .map(|(k, v)| Value::Tuple(vec![k.clone(), v.clone()]))
                            .collect(),
                    ),
                    _ => Value::unknown(format!("dict.{method}()")),
                };
            }
            // `sa.false().compile(bind)`: the SQL text of an expression, as PostgreSQL gets it.
            Value::Object(_) if method == "compile" => {
                return super::alembic::sql_text(&receiver).map_or_else(Value::unknown, Value::Str);
            }
            Value::Object(o) if matches!(method, "create" | "drop" | "create_all" | "drop_all") => {
                let o = o.clone();
                return self.host.ddl_method(&o, method, &args, span);
            }
            Value::Object(o) => {
                return Value::Object(Rc::new(Object {
                    class: method.to_string(),
                    receiver: Some(Value::Object(o.clone())),
                    args,
                    called: true,
                    span: span.clone(),
                }))
            }
            _ => {}
        }
        let callee = self.attribute(receiver, method, span);
        self.call(&callee, args, span)
    }

    fn op_call(&mut self, name: &str, batch: Option<&Rc<Batch>>, args: Args, span: &Span) -> Value {
        match name {
            // `op.f(name)`: a final name, which naming conventions leave alone.
            "f" => {
                return Value::Object(Rc::new(Object {
                    class: "alembic.op.f".into(),
                    receiver: None,
                    args,
                    called: true,
                    span: span.clone(),
                }))
            }
            "get_bind" => return Value::Handle(Handle::Bind),
            "get_context" => return Value::Handle(Handle::Context),
            "inline_literal" => return args.positional.first().cloned().unwrap_or(Value::None),
            "batch_alter_table" => {
                let table = args
                    .get(0, "table_name")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let schema = match batch {
                    Some(b) => b.table.schema.clone(),
                    None => args
                        .get(1, "schema")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                };
                return match table {
                    Some(t) => Value::Handle(Handle::Batch(Rc::new(Batch {
                        table: QualName::new(schema, t),
                        naming_convention: args.keyword("naming_convention").cloned(),
                    }))),
                    None => {
                        self.unanalyzable(
                            span.clone(),
                            "the table of this batch block is not known statically".into(),
                        );
                        Value::unknown("batch block on an unknown table")
                    }
                };
            }
            _ => {}
        }
        self.host.op(name, batch.map(|b| b.as_ref()), &args, span)
    }

    /// Calls a value: a function of the checkout, a builtin, or an external name.
    pub fn call(&mut self, callee: &Value, args: Args, span: &Span) -> Value {
        match callee {
            Value::Function(f) => self.call_function_value(f, args, span),
            Value::External(name) => self.call_external(name, args, span),
            Value::Class(c) => Value::Object(Rc::new(Object {
                class: c.name.clone(),
                receiver: Some(Value::Class(c.clone())),
                args,
                called: true,
                span: span.clone(),
            })),
            Value::Object(o) => Value::Object(Rc::new(Object {
                class: "__call__".into(),
                receiver: Some(Value::Object(o.clone())),
                args,
                called: true,
                span: span.clone(),
            })),
            Value::Unknown(r) => Value::Unknown(r.clone()),
            _ => Value::unknown("calling a value that is not callable"),
        }
    }

    fn call_external(&mut self, name: &str, args: Args, span: &Span) -> Value {
        if let Some(method) = name.strip_prefix("alembic.op.") {
            return self.op_call(method, None, args, span);
        }
        match name {
            "sqlalchemy.inspect" | "sqlalchemy.engine.reflection.Inspector.from_engine" => {
                return Value::Handle(Handle::Inspector)
            }
            "alembic.context.is_offline_mode" => return Value::Bool(false),
            "alembic.context.get_context" => return Value::Handle(Handle::Context),
            "alembic.context.get_bind" => return Value::Handle(Handle::Bind),
            _ => {}
        }
        // `importlib.import_module("pkg.mod")` of a module of the checkout (lazy imports).
        if name == "importlib.import_module" {
            if let Some(Value::Str(module)) = args.positional.first() {
                if self.table.modules.contains_key(module.as_str()) {
                    if let Some(env) = self.module(module) {
                        return Value::Module(env);
                    }
                }
                return external(module.clone());
            }
        }
        // `getattr(obj, "name"[, default])` with a name known statically.
        if name == "builtins.getattr" {
            if let [target, Value::Str(attr), rest @ ..] = args.positional.as_slice() {
                let found = self.attribute(target.clone(), attr, span);
                return match (found, rest.first()) {
                    (Value::Unknown(_), Some(default)) => default.clone(),
                    (v, _) => v,
                };
            }
        }
        if name == "builtins.globals" {
            let module = self.frames.last().map(|f| f.module.clone());
            return match module {
                Some(m) => Value::Dict(
                    m.globals
                        .borrow()
                        .iter()
                        .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                        .collect(),
                ),
                None => Value::Dict(Vec::new()),
            };
        }
        if let Some(builtin) = name.strip_prefix("builtins.") {
            return call_builtin(builtin, args);
        }
        // A lazy proxy (`lazy_object_proxy.Proxy(factory)`) stands for what its factory returns.
        if name.ends_with(".Proxy") && name.contains("lazy_object_proxy") {
            if let Some(factory) = args.positional.first().cloned() {
                return self.call(&factory, Args::default(), span);
            }
        }
        Value::Object(Rc::new(Object {
            class: name.to_string(),
            receiver: None,
            args,
            called: true,
            span: span.clone(),
        }))
    }

    fn call_function_value(&mut self, f: &Rc<Function>, args: Args, span: &Span) -> Value {
        if self.depth >= MAX_DEPTH {
            self.unanalyzable(
                span.clone(),
                format!("calls nest too deeply at `{}`", f.name),
            );
            return Value::unknown("recursion");
        }
        let mut locals = f.closure.clone();
        let params = &f.def.args;
        let positional: Vec<&ast::ArgWithDefault> =
            params.posonlyargs.iter().chain(&params.args).collect();
        let mut extra = Vec::new();
        for (i, v) in args.positional.iter().enumerate() {
            match positional.get(i) {
                Some(p) => {
                    locals.insert(p.def.arg.to_string(), v.clone());
                }
                None => extra.push(v.clone()),
            }
        }
        if let Some(vararg) = &params.vararg {
            locals.insert(vararg.arg.to_string(), Value::Tuple(extra));
        }
        let mut extra_kw = Vec::new();
        for (k, v) in &args.keywords {
            let known = positional
                .iter()
                .chain(&params.kwonlyargs.iter().collect::<Vec<_>>())
                .any(|p| p.def.arg.as_str() == k);
            if known {
                locals.insert(k.clone(), v.clone());
            } else {
                extra_kw.push((Value::Str(k.clone()), v.clone()));
            }
        }
        if let Some(kwarg) = &params.kwarg {
            locals.insert(kwarg.arg.to_string(), Value::Dict(extra_kw));
        }
        // Defaults are evaluated in the defining module.
        self.frames.push(Frame {
            locals: HashMap::new(),
            module: f.module.clone(),
            is_module: false,
        });
        for p in positional.iter().copied().chain(params.kwonlyargs.iter()) {
            let name = p.def.arg.to_string();
            if let std::collections::hash_map::Entry::Vacant(slot) = locals.entry(name) {
                let value = match &p.default {
                    Some(d) => self.eval(d),
                    None => Value::unknown(format!("argument `{}` was not passed", slot.key())),
                };
                slot.insert(value);
            }
        }
        self.frames.pop();
        self.frames.push(Frame {
            locals,
            module: f.module.clone(),
            is_module: false,
        });
        self.depth += 1;
        let flow = self.exec_block(&f.def.body);
        self.depth -= 1;
        self.frames.pop();
        match flow {
            Flow::Return(v) => v,
            Flow::Raise => Value::unknown(format!("`{}` raised", f.name)),
            _ => Value::None,
        }
    }

    /// Runs a function's body as an entry point (`upgrade`, `downgrade`) and tells whether it
    /// ended in `raise` (a downgrade that refuses to run).
    pub fn run_entry(&mut self, module: &Rc<ModuleEnv>, function: &str) -> Option<bool> {
        let f = module.globals.borrow().get(function).cloned()?;
        let Value::Function(f) = f else {
            return None;
        };
        self.frames.push(Frame {
            locals: HashMap::new(),
            module: f.module.clone(),
            is_module: false,
        });
        self.depth += 1;
        let flow = self.exec_block(&f.def.body);
        self.depth -= 1;
        self.frames.pop();
        Some(matches!(flow, Flow::Raise))
    }
}

/// Whether statements may change the schema: an Alembic operation, SQL executed, a DDL
/// method (`.create()`, `.drop()`), or a call of a function defined in the checkout (which
/// may wrap any of these). Data work (`bind.execute(select(...))` aside) and logging do not.
fn may_change_schema(body: &[ast::Stmt]) -> bool {
    const SCHEMA_CALLS: &[&str] = &[
        "create_table",
        "drop_table",
        "rename_table",
        "add_column",
        "drop_column",
        "alter_column",
        "create_index",
        "drop_index",
        "create_unique_constraint",
        "create_primary_key",
        "create_foreign_key",
        "create_check_constraint",
        "create_exclude_constraint",
        "drop_constraint",
        "create_table_comment",
        "drop_table_comment",
        "batch_alter_table",
        "execute",
        "exec_driver_sql",
        "create",
        "drop",
        "create_all",
        "drop_all",
        "invoke",
        "create_entity",
        "replace_entity",
        "drop_entity",
        "sync_enum_values",
    ];
    fn expr(e: &ast::Expr) -> bool {
        match e {
            ast::Expr::Call(c) => {
                let direct = match c.func.as_ref() {
                    // Executing an SQLAlchemy data statement (`sa.update(t).values(...)`) is data.
                    ast::Expr::Attribute(a)
                        if matches!(a.attr.as_str(), "execute" | "exec_driver_sql") =>
                    {
                        !c.args.first().is_some_and(is_data_statement)
                    }
                    ast::Expr::Attribute(a) => SCHEMA_CALLS.contains(&a.attr.as_str()),
                    // A plain function call: the project's helpers may wrap operations.
                    ast::Expr::Name(n) => !matches!(
                        n.id.as_str(),
                        "len"
                            | "str"
                            | "int"
                            | "list"
                            | "dict"
                            | "set"
                            | "tuple"
                            | "sorted"
                            | "print"
                            | "range"
                            | "enumerate"
                            | "zip"
                            | "isinstance"
                            | "min"
                            | "max"
                            | "sum"
                            | "any"
                            | "all"
                    ),
                    _ => false,
                };
                direct
                    || expr(&c.func)
                    || c.args.iter().any(expr)
                    || c.keywords.iter().any(|k| expr(&k.value))
            }
            ast::Expr::Attribute(a) => expr(&a.value),
            ast::Expr::BoolOp(b) => b.values.iter().any(expr),
            ast::Expr::NamedExpr(n) => expr(&n.value),
            ast::Expr::BinOp(b) => expr(&b.left) || expr(&b.right),
            ast::Expr::UnaryOp(u) => expr(&u.operand),
            ast::Expr::IfExp(i) => expr(&i.test) || expr(&i.body) || expr(&i.orelse),
            ast::Expr::Compare(c) => expr(&c.left) || c.comparators.iter().any(expr),
            ast::Expr::List(l) => l.elts.iter().any(expr),
            ast::Expr::Tuple(t) => t.elts.iter().any(expr),
            ast::Expr::Subscript(s) => expr(&s.value) || expr(&s.slice),
            ast::Expr::ListComp(l) => expr(&l.elt) || l.generators.iter().any(|g| expr(&g.iter)),
            ast::Expr::GeneratorExp(g) => {
                expr(&g.elt) || g.generators.iter().any(|g| expr(&g.iter))
            }
            ast::Expr::Await(a) => expr(&a.value),
            _ => false,
        }
    }
    body.iter().any(|stmt| match stmt {
        ast::Stmt::Expr(e) => expr(&e.value),
        ast::Stmt::Assign(a) => expr(&a.value),
        ast::Stmt::AnnAssign(a) => a.value.as_deref().is_some_and(expr),
        ast::Stmt::AugAssign(a) => expr(&a.value),
        ast::Stmt::Return(r) => r.value.as_deref().is_some_and(expr),
        ast::Stmt::If(i) => {
            expr(&i.test) || may_change_schema(&i.body) || may_change_schema(&i.orelse)
        }
        ast::Stmt::For(f) => {
            expr(&f.iter) || may_change_schema(&f.body) || may_change_schema(&f.orelse)
        }
        ast::Stmt::While(w) => expr(&w.test) || may_change_schema(&w.body),
        ast::Stmt::With(w) => {
            w.items.iter().any(|i| expr(&i.context_expr)) || may_change_schema(&w.body)
        }
        ast::Stmt::Try(t) => {
            may_change_schema(&t.body)
                || may_change_schema(&t.orelse)
                || may_change_schema(&t.finalbody)
        }
        ast::Stmt::Pass(_) | ast::Stmt::Break(_) | ast::Stmt::Continue(_) | ast::Stmt::Raise(_) => {
            false
        }
        ast::Stmt::Import(_)
        | ast::Stmt::ImportFrom(_)
        | ast::Stmt::Assert(_)
        | ast::Stmt::Global(_) => false,
        _ => true,
    })
}

/// A data statement built with SQLAlchemy (`sa.update(t)...`, `t.insert().values(...)`,
/// `sa.select(...)`, `sa.delete(...)`), or SQL text that starts with a data keyword.
fn is_data_statement(e: &ast::Expr) -> bool {
    const DATA: &[&str] = &[
        "update",
        "insert",
        "delete",
        "select",
        "values",
        "where",
        "returning",
        "filter",
        "filter_by",
        "order_by",
        "limit",
        "join",
        "outerjoin",
        "group_by",
        "with_only_columns",
    ];
    match e {
        ast::Expr::Call(c) => match c.func.as_ref() {
            ast::Expr::Attribute(a) => {
                DATA.contains(&a.attr.as_str()) || is_data_statement(&a.value)
            }
            ast::Expr::Name(n) => {
                DATA.contains(&n.id.as_str())
                    || matches!(n.id.as_str(), "text")
                        && c.args.first().is_some_and(is_data_statement)
            }
            _ => false,
        },
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Str(s) => {
                let first = s
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                matches!(
                    first.as_str(),
                    "SELECT" | "UPDATE" | "INSERT" | "DELETE" | "WITH"
                )
            }
            _ => false,
        },
        _ => false,
    }
}

/// An SQL expression built with Python operators on SQLAlchemy objects.
fn sql_binary(left: Value, op: &str, right: Value, span: Span) -> Value {
    Value::Object(Rc::new(Object {
        class: "__sql_binary__".into(),
        receiver: None,
        args: Args {
            positional: vec![left, Value::Str(op.to_string()), right],
            ..Args::default()
        },
        called: true,
        span,
    }))
}

fn class_attribute(c: &ClassValue, attr: &str) -> Option<Value> {
    if let Some(v) = c.attributes.get(attr) {
        return Some(v.clone());
    }
    c.bases.iter().find_map(|b| match b {
        Value::Class(base) => class_attribute(base, attr),
        _ => None,
    })
}

fn constant(c: &ast::Constant) -> Value {
    match c {
        ast::Constant::None => Value::None,
        ast::Constant::Bool(b) => Value::Bool(*b),
        ast::Constant::Str(s) => Value::Str(s.clone()),
        ast::Constant::Int(i) => {
            i64::try_from(i).map_or_else(|_| Value::unknown("a very large integer"), Value::Int)
        }
        ast::Constant::Float(f) => Value::Float(*f),
        ast::Constant::Tuple(items) => Value::Tuple(items.iter().map(constant).collect()),
        ast::Constant::Bytes(_) => Value::unknown("bytes"),
        _ => Value::unknown("a constant driftlock does not model"),
    }
}

/// A name from outside the checkout. `typing.TYPE_CHECKING` is false when code runs, so
/// `if TYPE_CHECKING:` blocks (imports for type checkers) are skipped as Python skips them.
fn external(name: String) -> Value {
    match name.as_str() {
        "typing.TYPE_CHECKING" | "typing_extensions.TYPE_CHECKING" => Value::Bool(false),
        _ => Value::External(name),
    }
}

/// Names Python resolves in `builtins` when no module binds them.
fn builtin_name(name: &str) -> Value {
    const BUILTINS: &[&str] = &[
        "len",
        "globals",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "tuple",
        "dict",
        "set",
        "sorted",
        "reversed",
        "range",
        "enumerate",
        "zip",
        "min",
        "max",
        "print",
        "any",
        "all",
        "isinstance",
        "getattr",
        "hasattr",
        "repr",
        "frozenset",
        "map",
        "filter",
        "sum",
        "abs",
        "round",
        "super",
        "type",
        "object",
        "Exception",
        "ValueError",
        "NotImplementedError",
        "RuntimeError",
    ];
    if BUILTINS.contains(&name) {
        Value::External(format!("builtins.{name}"))
    } else {
        Value::unknown(format!("`{name}` is not defined"))
    }
}

fn call_builtin(name: &str, args: Args) -> Value {
    let first = args.positional.first().cloned().unwrap_or(Value::None);
    match name {
        "len" => match &first {
            Value::Str(s) => Value::Int(s.chars().count() as i64),
            Value::List(v) | Value::Tuple(v) => Value::Int(v.len() as i64),
            Value::Dict(v) => Value::Int(v.len() as i64),
            _ => Value::unknown("len() of an unknown value"),
        },
        "str" => first
            .to_python_str()
            .map_or_else(|| Value::unknown("str() of an object"), Value::Str),
        "int" => match &first {
            Value::Int(i) => Value::Int(*i),
            Value::Str(s) => s
                .trim()
                .parse()
                .map_or_else(|_| Value::unknown("int() of text"), Value::Int),
            Value::Bool(b) => Value::Int(i64::from(*b)),
            _ => Value::unknown("int() of an unknown value"),
        },
        "bool" => first
            .truthy()
            .map_or_else(|| Value::unknown("bool() of an unknown value"), Value::Bool),
        "list" | "tuple" | "set" | "frozenset" | "sorted" | "reversed" => match iterate(&first) {
            Some(mut items) => {
                if name == "sorted" {
                    let all_str = items.iter().all(|v| matches!(v, Value::Str(_)));
                    if all_str {
                        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    } else {
                        return Value::unknown("sorted() of mixed values");
                    }
                }
                if name == "reversed" {
                    items.reverse();
                }
                if name == "tuple" {
                    Value::Tuple(items)
                } else {
                    Value::List(items)
                }
            }
            None if args.positional.is_empty() => Value::List(Vec::new()),
            None => Value::unknown(format!("{name}() of an unknown value")),
        },
        "dict" => {
            let mut items = match first {
                Value::Dict(d) => d,
                _ => Vec::new(),
            };
            items.extend(args.keywords.into_iter().map(|(k, v)| (Value::Str(k), v)));
            Value::Dict(items)
        }
        "range" => {
            let ints: Vec<i64> = args
                .positional
                .iter()
                .filter_map(|v| {
                    if let Value::Int(i) = v {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            let (start, stop) = match ints[..] {
                [stop] => (0, stop),
                [start, stop] | [start, stop, _] => (start, stop),
                _ => return Value::unknown("range() of unknown bounds"),
            };
            if stop.checked_sub(start).is_none_or(|n| n > 10_000) {
                return Value::unknown("a very long range");
            }
            Value::List((start..stop).map(Value::Int).collect())
        }
        "enumerate" => match iterate(&first) {
            Some(items) => Value::List(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| Value::Tuple(vec![Value::Int(i as i64), v]))
                    .collect(),
            ),
            None => Value::unknown("enumerate() of an unknown value"),
        },
        "zip" => {
            let lists: Option<Vec<Vec<Value>>> = args.positional.iter().map(iterate).collect();
            match lists {
                Some(lists) if !lists.is_empty() => {
                    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                    Value::List(
                        (0..n)
                            .map(|i| Value::Tuple(lists.iter().map(|l| l[i].clone()).collect()))
                            .collect(),
                    )
                }
                _ => Value::unknown("zip() of unknown values"),
            }
        }
        "print" => Value::None,
        "any" | "all" => match iterate(&first) {
            Some(items) => {
                let truths: Option<Vec<bool>> = items.iter().map(Value::truthy).collect();
                match truths {
                    Some(t) => Value::Bool(if name == "any" {
                        t.iter().any(|b| *b)
                    } else {
                        t.iter().all(|b| *b)
                    }),
                    None => Value::unknown("any()/all() of unknown values"),
                }
            }
            None => Value::unknown("any()/all() of an unknown value"),
        },
        _ => Value::unknown(format!("{name}() is not evaluated")),
    }
}

/// The items of a list, tuple, dict (keys) or string, when known.
fn iterate(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(items) | Value::Tuple(items) => Some(items.clone()),
        Value::Dict(items) => Some(items.iter().map(|(k, _)| k.clone()).collect()),
        Value::Str(s) => Some(s.chars().map(|c| Value::Str(c.to_string())).collect()),
        _ => None,
    }
}

fn binop(op: &ast::Operator, left: Value, right: Value) -> Value {
    match (op, left, right) {
        (ast::Operator::Add, Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
        (ast::Operator::Add, Value::Int(a), Value::Int(b)) => a
            .checked_add(b)
            .map_or_else(|| Value::unknown("overflow"), Value::Int),
        (ast::Operator::Sub, Value::Int(a), Value::Int(b)) => a
            .checked_sub(b)
            .map_or_else(|| Value::unknown("overflow"), Value::Int),
        (ast::Operator::Mult, Value::Int(a), Value::Int(b)) => a
            .checked_mul(b)
            .map_or_else(|| Value::unknown("overflow"), Value::Int),
        (ast::Operator::Add, Value::List(mut a), Value::List(b)) => {
            a.extend(b);
            Value::List(a)
        }
        (ast::Operator::Add, Value::Tuple(mut a), Value::Tuple(b)) => {
            a.extend(b);
            Value::Tuple(a)
        }
        (ast::Operator::Mod, Value::Str(format), args) => percent_format(&format, &args),
        (ast::Operator::BitOr, Value::Dict(mut a), Value::Dict(b)) => {
            a.extend(b);
            Value::Dict(a)
        }
        // `str | None` in an annotation: a union, as `typing.Union[str, None]`.
        (ast::Operator::BitOr, a, b)
            if [&a, &b].iter().all(|v| {
                matches!(
                    v,
                    Value::None | Value::External(_) | Value::Object(_) | Value::Class(_)
                )
            }) =>
        {
            Value::Object(Rc::new(Object {
                class: "typing.Union[]".into(),
                receiver: None,
                args: Args {
                    positional: vec![a, b],
                    ..Args::default()
                },
                called: true,
                span: Span::new(crate::source::FileId(0), 0..0),
            }))
        }
        _ => Value::unknown("an operation on values that are not known statically"),
    }
}

/// `"..." % args` for `%s`, `%d`, `%r`, `%(name)s` and `%%`.
fn percent_format(format: &str, args: &Value) -> Value {
    let positional: Vec<Value> = match args {
        Value::Tuple(items) => items.clone(),
        Value::Dict(_) => Vec::new(),
        other => vec![other.clone()],
    };
    let mut next = positional.into_iter();
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('(') => {
                let name: String = chars.by_ref().take_while(|c| *c != ')').collect();
                chars.next();
                let value = match args {
                    Value::Dict(items) => items
                        .iter()
                        .find(|(k, _)| k.as_str() == Some(&name))
                        .map(|(_, v)| v.clone()),
                    _ => None,
                };
                match value.and_then(|v| v.to_python_str()) {
                    Some(s) => out.push_str(&s),
                    None => return Value::unknown("%-formatting with unknown values"),
                }
            }
            Some('s' | 'd' | 'i' | 'r') => match next.next().and_then(|v| v.to_python_str()) {
                Some(s) => out.push_str(&s),
                None => return Value::unknown("%-formatting with unknown values"),
            },
            _ => return Value::unknown("%-formatting driftlock does not evaluate"),
        }
    }
    Value::Str(out)
}

fn compare(op: &ast::CmpOp, left: &Value, right: &Value) -> Option<bool> {
    match op {
        ast::CmpOp::Eq => left.py_eq(right),
        ast::CmpOp::NotEq => left.py_eq(right).map(|b| !b),
        ast::CmpOp::Is => match (left, right) {
            (Value::None, Value::None) => Some(true),
            (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
            (Value::None, _) | (_, Value::None) => Some(false),
            (Value::Bool(a), Value::Bool(b)) => Some(a == b),
            _ => None,
        },
        ast::CmpOp::IsNot => compare(&ast::CmpOp::Is, left, right).map(|b| !b),
        ast::CmpOp::In | ast::CmpOp::NotIn => {
            let found = match right {
                Value::Str(s) => left.as_str().map(|l| s.contains(l)),
                Value::List(items) | Value::Tuple(items) => contains(items.iter(), left),
                Value::Dict(items) => contains(items.iter().map(|(k, _)| k), left),
                _ => None,
            }?;
            Some(if matches!(op, ast::CmpOp::In) {
                found
            } else {
                !found
            })
        }
        ast::CmpOp::Lt | ast::CmpOp::LtE | ast::CmpOp::Gt | ast::CmpOp::GtE => {
            let ordering = match (left, right) {
                (Value::Int(a), Value::Int(b)) => a.cmp(b),
                (Value::Str(a), Value::Str(b)) => a.cmp(b),
                (Value::Tuple(a), Value::Tuple(b)) => {
                    let a: Option<Vec<i64>> = a
                        .iter()
                        .map(|v| {
                            if let Value::Int(i) = v {
                                Some(*i)
                            } else {
                                None
                            }
                        })
                        .collect();
                    let b: Option<Vec<i64>> = b
                        .iter()
                        .map(|v| {
                            if let Value::Int(i) = v {
                                Some(*i)
                            } else {
                                None
                            }
                        })
                        .collect();
                    a?.cmp(&b?)
                }
                _ => return None,
            };
            Some(match op {
                ast::CmpOp::Lt => ordering.is_lt(),
                ast::CmpOp::LtE => ordering.is_le(),
                ast::CmpOp::Gt => ordering.is_gt(),
                _ => ordering.is_ge(),
            })
        }
    }
}

fn contains<'v>(mut items: impl Iterator<Item = &'v Value>, needle: &Value) -> Option<bool> {
    let mut unknown = false;
    for item in items.by_ref() {
        match item.py_eq(needle) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

fn subscript(base: &Value, index: &Value) -> Value {
    match (base, index) {
        (Value::List(items) | Value::Tuple(items), Value::Int(i)) => {
            let len = items.len() as i64;
            let i = if *i < 0 { len + i } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or_else(|| Value::unknown("index out of range"))
        }
        (Value::Dict(items), key) => items
            .iter()
            .find(|(k, _)| k.py_eq(key) == Some(true))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| Value::unknown("a key that is not in the dict")),
        (Value::Str(s), Value::Int(i)) => {
            let chars: Vec<char> = s.chars().collect();
            let i = if *i < 0 { chars.len() as i64 + i } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| chars.get(i))
                .map_or_else(
                    || Value::unknown("index out of range"),
                    |c| Value::Str(c.to_string()),
                )
        }
        _ => Value::unknown("a subscript driftlock does not evaluate"),
    }
}

fn slice(base: &Value, lower: Option<Value>, upper: Option<Value>) -> Value {
    let bound = |v: Option<Value>, len: usize, default: usize| -> Option<usize> {
        match v {
            None | Some(Value::None) => Some(default),
            Some(Value::Int(i)) if i < 0 => Some(len.saturating_sub(i.unsigned_abs() as usize)),
            Some(Value::Int(i)) => Some((i as usize).min(len)),
            _ => None,
        }
    };
    match base {
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let (Some(a), Some(b)) = (
                bound(lower, chars.len(), 0),
                bound(upper, chars.len(), chars.len()),
            ) else {
                return Value::unknown("a slice with unknown bounds");
            };
            Value::Str(chars[a.min(b)..b].iter().collect())
        }
        Value::List(items) | Value::Tuple(items) => {
            let (Some(a), Some(b)) = (
                bound(lower, items.len(), 0),
                bound(upper, items.len(), items.len()),
            ) else {
                return Value::unknown("a slice with unknown bounds");
            };
            let part = items[a.min(b)..b].to_vec();
            if matches!(base, Value::List(_)) {
                Value::List(part)
            } else {
                Value::Tuple(part)
            }
        }
        _ => Value::unknown("a slice driftlock does not evaluate"),
    }
}

fn str_method(s: &str, method: &str, args: &Args) -> Value {
    let arg_str = |i: usize| args.positional.get(i).and_then(Value::as_str);
    match method {
        "lower" => Value::Str(s.to_lowercase()),
        "upper" => Value::Str(s.to_uppercase()),
        "strip" => Value::Str(match arg_str(0) {
            Some(chars) => s.trim_matches(|c| chars.contains(c)).to_string(),
            None => s.trim().to_string(),
        }),
        "lstrip" => Value::Str(s.trim_start().to_string()),
        "rstrip" => Value::Str(s.trim_end().to_string()),
        "replace" => match (arg_str(0), arg_str(1)) {
            (Some(a), Some(b)) => Value::Str(s.replace(a, b)),
            _ => Value::unknown("str.replace with unknown arguments"),
        },
        "startswith" => arg_str(0).map_or_else(
            || Value::unknown("startswith"),
            |p| Value::Bool(s.starts_with(p)),
        ),
        "endswith" => arg_str(0).map_or_else(
            || Value::unknown("endswith"),
            |p| Value::Bool(s.ends_with(p)),
        ),
        "split" | "rsplit" => {
            // `maxsplit`, positional or keyword; -1 (or absent) splits everywhere.
            let max = match args.get(1, "maxsplit") {
                Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
                _ => None,
            };
            let parts: Vec<String> = match (arg_str(0), max, method) {
                (Some(sep), Some(n), "split") => s.splitn(n + 1, sep).map(str::to_string).collect(),
                (Some(sep), Some(n), _) => {
                    let mut v: Vec<String> = s.rsplitn(n + 1, sep).map(str::to_string).collect();
                    v.reverse();
                    v
                }
                (Some(sep), None, _) => s.split(sep).map(str::to_string).collect(),
                (None, _, _) => s.split_whitespace().map(str::to_string).collect(),
            };
            Value::List(parts.into_iter().map(Value::Str).collect())
        }
        "join" => match args.positional.first().and_then(iterate) {
            Some(items) => {
                let parts: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                parts.map_or_else(
                    || Value::unknown("str.join of unknown values"),
                    |p| Value::Str(p.join(s)),
                )
            }
            None => Value::unknown("str.join of an unknown value"),
        },
        "format" => format_method(s, args),
        _ => Value::unknown(format!("str.{method}()")),
    }
}

/// `"{} {name} {0}".format(...)` with plain fields.
fn format_method(s: &str, args: &Args) -> Value {
    let mut out = String::new();
    let mut auto = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let field: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let value = if field.is_empty() {
                    auto += 1;
                    args.positional.get(auto - 1)
                } else if let Ok(i) = field.parse::<usize>() {
                    args.positional.get(i)
                } else {
                    args.keyword(&field)
                };
                match value.and_then(Value::to_python_str) {
                    Some(v) => out.push_str(&v),
                    None => return Value::unknown("str.format with unknown values"),
                }
            }
            c => out.push(c),
        }
    }
    Value::Str(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse_module;

    fn body(src: &str) -> Vec<ast::Stmt> {
        parse_module(src, "t.py").unwrap().body
    }

    #[test]
    fn tells_data_work_from_schema_changes() {
        assert!(!may_change_schema(&body(
            "while True:\n    rows = bind.execute(sa.select(t.c.id).limit(100)).fetchall()\n    \
             bind.execute(t.update().where(t.c.id == 1).values(x=2))\n    log.info('done')\n    break\n"
        )));
        assert!(!may_change_schema(&body(
            "for r in rows:\n    conn.execute('UPDATE t SET x = 1')\n"
        )));
        assert!(may_change_schema(&body(
            "for r in rows:\n    op.add_column('t', c)\n"
        )));
        assert!(may_change_schema(&body(
            "if x:\n    conn.execute('ALTER TABLE t ADD c int')\n"
        )));
        // A helper of the project may wrap operations.
        assert!(may_change_schema(&body(
            "if x:\n    add_missing_columns()\n"
        )));
    }
}
