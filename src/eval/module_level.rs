//! What a module's top level does for its effect on the models besides binding names: the
//! calls run there although other top-level calls are not (an `Index` or a `Table` made and
//! bound to nothing, `setattr` of a column, SQLAlchemy-Continuum's `make_versioned`), and the
//! schema objects and added columns kept for the model reader.

use std::rc::Rc;

use super::interp::{callee, Host, Interp};
use super::value::{ClassValue, Value, MODULE_SCHEMA_ITEMS};
use crate::python::ast;

/// The calls that import a module by a name computed at run time.
pub(super) const IMPORTING: &[&str] = &["import_module", "__import__"];

impl<H: Host + ?Sized> Interp<'_, H> {
    /// A call a module makes at its top level for its effect on the models, run where the
    /// module's other top-level calls are not:
    /// - `Index("ix", func.lower(User.email))`: an index made for its side effect on the
    ///   metadata, kept for the model reader;
    /// - SQLAlchemy-Continuum's `make_versioned(...)`, which adds version tables;
    /// - Alembic's `context.configure(target_metadata=...)` (an env.py without functions);
    /// - `setattr(Model, "name", Column(...))`, a column added to a mapped class;
    /// - SQLAlchemy's `event.listen(target, "event", fn)`, a listener (`eval/events.rs`);
    /// - `UniqueConstraint(Model.col)`, which joins the table of its columns;
    /// - `table.append_constraint(...)`, directly or in a function of the checkout that calls
    ///   it (an application installing checks on its models' tables, eval/table_changes.rs);
    /// - a function that imports modules (by computed names with `importlib.import_module`,
    ///   or by `import` statements in its body), as applications import every module of their
    ///   models package;
    /// - a function of the module that declares `global` names and only binds (it initializes
    ///   the module's state, as `init_db()` making the module's `db`);
    /// - `Table("tags", metadata, ...)` or Flask-SQLAlchemy's `db.Table(...)` bound to no name:
    ///   the table joins its metadata when it is made (an association table that
    ///   relationships name by string, `secondary="tags"`).
    pub(super) fn module_level_call(&mut self, call: &ast::ExprCall, expr: &ast::Expr) {
        match callee(call) {
            // `event.listen(Table, "after_parent_attach", fn)`.
            Some("listen") => {
                self.eval(expr);
            }
            // `UniqueConstraint(Model.col)`: it joins the table of its columns.
            Some("UniqueConstraint") => {
                let value = self.eval(expr);
                if matches!(&value, Value::Object(_)) {
                    self.keep_schema_item(value);
                }
            }
            Some("Table") => {
                let value = self.eval(expr);
                if matches!(&value, Value::Object(o) if o.class.rsplit('.').next() == Some("Table"))
                {
                    self.keep_schema_item(value);
                }
            }
            Some("Index") => {
                let value = self.eval(expr);
                self.keep_schema_item(value);
            }
            Some("make_versioned" | "append_constraint") => {
                self.eval(expr);
            }
            // `context.configure(target_metadata=...)` at env.py's top level, not in a
            // function: what autogenerate compares.
            Some("configure") => {
                if matches!(self.eval(&call.func), Value::External(n) if n == "alembic.context.configure")
                {
                    self.eval(expr);
                }
            }
            Some("setattr") if call.args.len() == 3 => {
                let class = self.eval(&call.args[0]);
                let name = self.eval(&call.args[1]);
                let value = self.eval(&call.args[2]);
                if let (Value::Class(c), Value::Str(name)) = (class, name) {
                    self.note_added_attribute(&c, &name, value);
                }
            }
            // `utils.import_modules_recursively(os.path.dirname(models.__file__))`,
            // `models.import_all_models()`: a function of the checkout or of an installed
            // package that imports modules (by name, every module of a folder, a registry's,
            // or by `import` statements), run as Python runs it: the models it imports join
            // the metadata.
            _ => {
                let callee = self.eval(&call.func);
                if let Value::Function(f) = &callee {
                    // An initializer of the module's own state (`def init_db(): global db;
                    // db = SQLAlchemy(...)`, called at import) runs too: what it binds is
                    // what the module's later code and its importers read. Only one that
                    // does nothing but bind (no branch, loop or handler: not a logging or
                    // environment set-up, which says nothing of the schema).
                    let sets_globals = f.def.body.iter().any(|s| matches!(s, ast::Stmt::Global(_)))
                        && f.def.body.iter().all(|s| {
                            matches!(
                                s,
                                ast::Stmt::Global(_)
                                    | ast::Stmt::Assign(_)
                                    | ast::Stmt::AnnAssign(_)
                                    | ast::Stmt::Expr(_)
                                    | ast::Stmt::Import(_)
                                    | ast::Stmt::ImportFrom(_)
                                    | ast::Stmt::Pass(_)
                            )
                        });
                    let visit = &crate::python::visit::body_calls;
                    if crate::python::visit::body_imports(&f.def.body, IMPORTING)
                        || visit(&f.def.body, &["append_constraint"])
                    {
                        self.eval(expr);
                    } else if sets_globals {
                        self.initializing += 1;
                        self.eval(expr);
                        self.initializing -= 1;
                    }
                }
            }
        }
    }

    /// A column (or `mapped_column`) set on a class after its definition: declarative adds it
    /// to the mapped table, after the others.
    pub(super) fn note_added_attribute(
        &mut self,
        class: &Rc<ClassValue>,
        name: &str,
        value: Value,
    ) {
        let is_column = matches!(&value, Value::Object(o) if o.receiver.is_none()
            && matches!(o.class.rsplit('.').next(), Some("Column" | "mapped_column")));
        if is_column {
            self.added_attributes
                .push((class.clone(), name.to_string(), value));
        }
    }

    /// Columns set on classes after their definition: (class, attribute, column).
    pub fn added_attributes(&self) -> &[(Rc<ClassValue>, String, Value)] {
        &self.added_attributes
    }

    /// A `Table(name, metadata, ...)` just made: one made at a module's top level is kept for
    /// the model reader; one made in a function (a helper that builds a `MetaData()` and
    /// returns it) joins its metadata too, when that metadata is an object the code made.
    pub(super) fn keep_made_table(&mut self, table: &Value) {
        if self.frames.last().is_some_and(|f| f.is_module()) {
            self.keep_schema_item(table.clone());
            return;
        }
        if matches!(table, Value::Object(t) if matches!(t.args.positional.get(1), Some(Value::Object(_))))
        {
            self.function_tables.push(table.clone());
        }
        self.note_made(table);
    }

    /// An `Index("ix", table.c.x)` just made in a function: it joins the table of its
    /// columns, as one made at a module's top level does, and creating that table creates it.
    pub(super) fn keep_made_index(&mut self, index: &Value) {
        if self.frames.last().is_some_and(|f| !f.is_module()) {
            self.function_indexes.push(index.clone());
        }
    }

    /// Keeps a schema object a module makes for its side effect on the metadata (an
    /// `Index` over a mapped class's column) for the model reader.
    pub(super) fn keep_schema_item(&mut self, value: Value) {
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
