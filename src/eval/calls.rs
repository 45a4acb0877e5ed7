//! Calls: methods on known values, Alembic's `op.*` (handed to the host), the project's own
//! functions (with closures and default arguments), names from outside the checkout, and the
//! entry points `upgrade()`/`downgrade()`.

use super::builtins::{call_builtin, external, str_method};
use super::interp::{Flow, Frame, Host, Interp, MAX_DEPTH};
use super::value::{Args, Batch, Function, Handle, Object, Value};
use crate::diagnostic::Span;
use crate::ir::QualName;
use crate::python::ast;
use std::collections::HashMap;
use std::rc::Rc;

impl<H: Host + ?Sized> Interp<'_, H> {
    pub(super) fn call_method(
        &mut self,
        receiver: Value,
        method: &str,
        args: Args,
        span: &Span,
    ) -> Value {
        let args = if method == "ForeignKey" {
            self.model_column_schema(args, span)
        } else {
            args
        };
        let args = self.flask_column_types(&receiver, method, args, span);
        if let Some(done) = self.table_change(&receiver, method, &args) {
            return done;
        }
        let receiver = self.table_now(receiver);
        let args = self.literal_params_of_method(&receiver, method, args, span);
        // A library's method is given an enum member's value (see `call`).
        let args = match &receiver {
            Value::External(_) | Value::Handle(_) => args.enum_values(),
            Value::Object(o) if instance_method(o, method).is_none() => args.enum_values(),
            _ => args,
        };
        // `super().__init__(...)` in a type class's constructor (eval/init.rs).
        if let Value::Object(o) = &receiver {
            let roots = &self.table.python_path;
            if let Some(value) = super::text_files::method(o, method, &args, roots) {
                return value;
            }
            if super::init::is_super(&receiver) {
                return self.super_method(o, method, args, span);
            }
        }
        // An ORM query of the migration's session, answered from the rows the history
        // wrote; a session's writes, after which none are known.
        if let Value::Object(o) = &receiver {
            if let Some(answer) = self.orm_query(o, method, &args, span) {
                return answer;
            }
        }
        if let Some(value) = self.subclass_method(&receiver, method, &args, span) {
            return value;
        }
        // `current_app.config.get("KEY", default)`: an item `define` gives.
        if let (Some(key), "get") = (args.positional.first(), method) {
            let read = super::defined::ItemRead::Item;
            if let Some(item) = self.defined_item(&receiver, key, read) {
                return item;
            }
        }
        // `cls.__table__.c.get(key, default)`: the class's column of that key, if any.
        if let (Value::Object(o), "get") = (&receiver, method) {
            if let Some(class) = super::classes::columns_of_table_of(o) {
                return self.table_column_get(&class, &args);
            }
        }
        match &receiver {
            Value::External(name) if name == "alembic.op" => {
                return self.op_call(method, None, args, span)
            }
            Value::Handle(Handle::Batch(batch)) => {
                let batch = batch.clone();
                return self.op_call(method, Some(&batch), args, span);
            }
            Value::Handle(Handle::Inspector { elsewhere }) => {
                let elsewhere = *elsewhere;
                let value = self.host.inspect(method, &args, elsewhere, span);
                self.take_host_exception();
                return value;
            }
            Value::Handle(Handle::Bind) => {
                return match method {
                    "execute" | "exec_driver_sql" => {
                        let statement = args.positional.first().cloned().unwrap_or(Value::None);
                        let params = args.get(1, "parameters");
                        let statement = super::binds::with_parameters(&statement, params);
                        let value =
                            self.host
                                .execute(&statement, args.positional_spans.first(), span);
                        self.catch_host_failure();
                        value
                    }
                    "begin" | "begin_nested" | "connect" => Value::Handle(Handle::Bind),
                    _ => {
                        Value::unknown(format!("result of `{method}()` on the database connection"))
                    }
                };
            }
            // The compiler a `@compiles` function is given: its preparer quotes names, and
            // it renders expressions as the host does.
            Value::Handle(Handle::Compiler) => {
                let first = args.positional.first().cloned().unwrap_or(Value::None);
                return match (method, &first) {
                    ("quote" | "quote_identifier", Value::Str(name)) => {
                        Value::Str(crate::pg::types::quote_ident(name))
                    }
                    ("process", _) => match &first {
                        Value::Str(s) => Value::Str(s.clone()),
                        other => self
                            .host
                            .compile(other)
                            .map_or_else(Value::unknown, Value::Str),
                    },
                    _ => Value::unknown(format!("compiler `{method}()`")),
                };
            }
            // `dialect.type_descriptor(JSONB)` in a TypeDecorator's `load_dialect_impl`.
            Value::Handle(Handle::Dialect) if method == "type_descriptor" => {
                return args.positional.first().cloned().unwrap_or(Value::None);
            }
            // `dialect.has_table(connection, name)`, `dialect.get_columns(connection, ...)`:
            // the inspector's method, given the connection first.
            Value::Handle(Handle::Dialect)
                if method.starts_with("has_") || method.starts_with("get_") =>
            {
                let mut args = args;
                if !args.positional.is_empty() {
                    args.positional.remove(0);
                    if !args.positional_spans.is_empty() {
                        args.positional_spans.remove(0);
                    }
                }
                let value = self.host.inspect(method, &args, false, span);
                self.take_host_exception();
                return value;
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
            Value::Object(o) if o.class == super::value::QUERY_RESULT => {
                return super::results::query_result_method(o, method, &args)
            }
            Value::Object(o) if o.class == super::value::QUERY_ROW => {
                return super::results::query_row_method(o, method)
            }
            Value::Set(items) => return super::builtins::set_method(items, method, &args),
            // A string method of an environment variable's value: still that variable's.
            Value::Object(o) if o.class == super::value::ENV_VALUE => {
                return match o.args.positional.first() {
                    Some(Value::Str(s)) => match str_method(s, method, &args) {
                        v @ (Value::Str(_) | Value::List(_)) => {
                            super::environment::env_value(v, span)
                        }
                        other => other,
                    },
                    _ => Value::unknown(format!("`{method}()` of an unset environment variable")),
                };
            }
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
            // A method of an instance of the checkout's own class: its function, with `self`
            // the instance (`@staticmethod`s without it, `@classmethod`s with the class).
            Value::Object(o) if instance_method(o, method).is_some() => {
                if let Some((class, f)) = instance_method(o, method) {
                    let bound = if super::expr::decorated_with(&f, "staticmethod") {
                        Value::Function(f)
                    } else if super::expr::decorated_with(&f, "classmethod") {
                        super::expr::bind_first(&f, Value::Class(class))
                    } else {
                        super::expr::bind_first(&f, receiver.clone())
                    };
                    return self.call(&bound, args, span);
                }
            }
            // Python's `re`: a compiled pattern's methods, a match's groups.
            Value::Object(o) if super::regex::is_regex_object(o) => {
                if let Some(value) = super::regex::method_call(o, method, &args, span) {
                    return value;
                }
            }
            // `type_.dialect_impl(bind.dialect)` of a type SQLAlchemy knows: PostgreSQL's
            // implementation of it, the type itself as the replay knows it (its `.create()`
            // creates an enum type).
            Value::Object(o)
                if method == "dialect_impl"
                    && self.host.is_instance(&receiver, "TypeEngine") == Some(true)
                    && o.receiver.is_none() =>
            {
                return receiver.clone();
            }
            // `sa.false().compile(bind)`: the SQL text of an expression, as PostgreSQL gets it.
            Value::Object(_) if method == "compile" => {
                return self
                    .host
                    .compile(&receiver)
                    .map_or_else(Value::unknown, Value::Str);
            }
            // `self.adapter.create(...)`: an attribute of an instance of the checkout's class
            // that its `__init__` did not set is not known, nor what its method does.
            Value::Object(o) if unknown_instance_attribute(o) => {
                return Value::unknown(format!(
                    "`{}.{method}()` of an object not known statically",
                    o.class
                ));
            }
            Value::Object(o) if matches!(method, "create" | "drop" | "create_all" | "drop_all") => {
                let o = o.clone();
                // The indexes made apart in functions come last: they join their tables.
                let mut known = if matches!(method, "create_all" | "drop_all") {
                    self.known_schema_items()
                } else {
                    Vec::new()
                };
                known.extend(self.function_indexes.iter().cloned());
                let known: Vec<Value> = known.into_iter().map(|v| self.with_appended(v)).collect();
                let args = self.args_with_appended(args);
                return self.host.ddl_method(&o, method, &args, &known, span);
            }
            // `sa.Index(...).ddl_if(dialect="postgresql")`: the item on PostgreSQL; on
            // another dialect nothing (a `None` among a table's items, which it skips).
            Value::Object(o) if method == "ddl_if" => {
                let for_postgresql = match args.get(0, "dialect") {
                    None | Some(Value::None) => Some(true),
                    Some(Value::Str(d)) => Some(d == "postgresql"),
                    Some(v) => v
                        .as_seq()
                        .map(|ds| ds.iter().any(|d| d.as_str() == Some("postgresql"))),
                };
                return match for_postgresql {
                    Some(true) => Value::Object(o.clone()),
                    Some(false) => Value::None,
                    None => Value::unknown("`ddl_if()` with a condition not known statically"),
                };
            }
            // `datetime(...).isoformat()` of constants.
            Value::Object(o) if method == "isoformat" => {
                let sep = match args.get(0, "sep") {
                    Some(Value::Str(s)) => s.chars().next().unwrap_or('T'),
                    _ => 'T',
                };
                return super::datetime::text(o, sep)
                    .map_or_else(|| Value::unknown("isoformat() of a value"), Value::Str);
            }
            Value::Object(_) if method == "reflect" => {
                return self.reflect_metadata(&receiver, &args, span);
            }
            // A library's metadata (`SQLModel.metadata.reflect(bind)`).
            Value::External(n) if method == "reflect" && n.ends_with(".metadata") => {
                return self.reflect_metadata(&receiver, &args, span);
            }
            // `column._copy()` of a column (also `table.c.name._copy()`): an equal column,
            // not attached to a table.
            Value::Object(o)
                if matches!(method, "_copy" | "copy")
                    && (super::reflection::is_column(o)
                        || super::reflection::referenced_column(o).is_some()) =>
            {
                let column = super::reflection::referenced_column(o).unwrap_or_else(|| o.clone());
                return Value::Object(Rc::new(Object {
                    class: column.class.clone(),
                    receiver: None,
                    args: column.args.clone(),
                    called: true,
                    span: column.span.clone(),
                }));
            }
            Value::Object(o) => {
                // Tables of one metadata (given by its `sorted_tables` or `tables`) added to
                // another.
                let sources = &self.table_sources;
                let each = |v: Option<&Value>| {
                    let table = v?;
                    sources
                        .iter()
                        .find(|(t, _)| t.same_object(table))
                        .map(|(_, metadata)| metadata.clone())
                };
                if method == "_add_table" {
                    if let Some(other) = each(args.positional.get(2)) {
                        self.merged_metadata.push((receiver.clone(), other));
                    }
                }
                if matches!(method, "to_metadata" | "tometadata") {
                    if let (Some(other), Some(target)) =
                        (each(Some(&receiver)), args.get(0, "metadata"))
                    {
                        self.merged_metadata.push((target.clone(), other));
                    }
                }
                return Value::Object(Rc::new(Object {
                    class: method.to_string(),
                    receiver: Some(Value::Object(o.clone())),
                    args,
                    called: true,
                    span: span.clone(),
                }));
            }
            _ => {}
        }
        let what = handle_name(&receiver);
        let callee = self.attribute(receiver, method, span);
        // A handle's method the interpreter does not know: calling the bound method would
        // come back here.
        if let (Some(what), Value::Object(o)) = (what, &callee) {
            if !o.called
                && o.receiver
                    .as_ref()
                    .is_some_and(|r| matches!(r, Value::Handle(_)))
            {
                return Value::unknown(format!("`{method}()` of the migration's {what}"));
            }
        }
        self.call(&callee, args, span)
    }

    pub(super) fn op_call(
        &mut self,
        name: &str,
        batch: Option<&Rc<Batch>>,
        args: Args,
        span: &Span,
    ) -> Value {
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
        let args = self.with_type_listeners(name, args, span);
        let args = self.args_with_appended(args);
        let value = self.host.op(name, batch.map(|b| b.as_ref()), &args, span);
        self.catch_host_failure();
        value
    }

    /// The exception the last call into the host raised (`NoSuchTableError`), if any: raised
    /// in the code when a `try` of it catches it, otherwise its effect is reported.
    pub(super) fn take_host_exception(&mut self) {
        if let Some((class, id)) = self.host.take_exception() {
            if self.is_caught(&class) {
                self.raised = Some(super::interp::Raised {
                    class,
                    host_id: Some(id),
                    message: None,
                    aborts_transaction: false,
                });
            } else {
                self.host.exception_uncaught(id);
            }
        }
    }

    /// Raises `class` (what a library raises: `KeyError`, `PackageNotFoundError`) when a `try`
    /// around the code catches it; whether it did.
    pub(super) fn raise_if_caught(&mut self, class: &str) -> bool {
        if !self.is_caught(class) {
            return false;
        }
        self.raised = Some(super::interp::Raised {
            class: class.to_string(),
            host_id: None,
            message: None,
            aborts_transaction: false,
        });
        true
    }

    /// An operation that failed on PostgreSQL inside a `try` that catches the error: the
    /// error goes to the `except` block instead of being reported.
    pub(super) fn catch_host_failure(&mut self) {
        if self.raised.is_some() || !self.is_caught("ProgrammingError") {
            return;
        }
        if let Some((class, id, message)) = self.host.catch_failure() {
            self.raised = Some(super::interp::Raised {
                class,
                host_id: Some(id),
                message: Some(message),
                aborts_transaction: self.shielded == 0,
            });
        }
    }

    /// Calls a value: a function of the checkout, a builtin, or an external name.
    pub fn call(&mut self, callee: &Value, args: Args, span: &Span) -> Value {
        // A library is given an enum member's value; `str()`, `repr()`, `isinstance()` and
        // `getattr()` see the member.
        let args = match callee {
            Value::External(name)
                if !matches!(
                    name.as_str(),
                    "builtins.str"
                        | "builtins.repr"
                        | "builtins.isinstance"
                        | "builtins.getattr"
                        | "builtins.hasattr"
                        | "builtins.type"
                        | "builtins.map"
                        | "builtins.filter"
                ) =>
            {
                args.enum_values()
            }
            Value::Object(_) | Value::Handle(_) => args.enum_values(),
            _ => args,
        };
        let args = self.instantiate_column_type(callee, args, span);
        match callee {
            Value::Function(f) => match self.plugin_of_module(&f.module.name, &f.name, &args, span)
            {
                Some(plugin) => plugin,
                None => self.call_function_value(f, args, span),
            },
            Value::External(name) => self.call_external(name, args, span),
            Value::Class(c) => {
                // A subclass of Flask-SQLAlchemy's extension object (to tune its engine options,
                // say) is that object for the models: its `Model`, `Column` and `Table`.
                if let Some(base) = flask_sqlalchemy_base(c) {
                    let made = self.call_external(&base, args, span);
                    if let Value::Object(o) = &made {
                        self.made_by_subclass.push((o.clone(), c.clone()));
                    }
                    return made;
                }
                let instance = Rc::new(Object {
                    class: c.name.clone(),
                    receiver: Some(Value::Class(c.clone())),
                    args,
                    called: true,
                    span: span.clone(),
                });
                // An SQL construct the checkout compiles itself (`@compiles(C, "postgresql")`):
                // the SQL text its function returns for this instance.
                if let Some(hook) = self.compile_hook(c) {
                    let hook_args = Args {
                        positional: vec![
                            Value::Object(instance.clone()),
                            Value::Handle(Handle::Compiler),
                        ],
                        ..Args::default()
                    };
                    if let Value::Str(sql) = self.call(&hook, hook_args, span) {
                        return Object::call(
                            "sqlalchemy.text",
                            vec![Value::Str(sql)],
                            Vec::new(),
                            span,
                        );
                    }
                }
                // A TypeDecorator whose `__init__` computes its `impl`'s arguments: the
                // `impl` it builds (eval/init.rs); a `load_dialect_impl` of its own wins.
                let from_init = self.run_type_init(c, &instance, span);
                // A TypeDecorator that picks its type per dialect, per instance
                // (`UUIDType(native=False)`): its `load_dialect_impl` for PostgreSQL, with
                // `self` this instance, kept on it.
                if let Some(hook @ Value::Function(_)) =
                    super::builtins::class_attribute(c, "load_dialect_impl")
                {
                    let hook_args = Args {
                        positional: vec![
                            Value::Object(instance.clone()),
                            Value::Handle(super::value::Handle::Dialect),
                        ],
                        ..Args::default()
                    };
                    let chosen = self.call(&hook, hook_args, span);
                    if !matches!(chosen, Value::Unknown(_) | Value::None) {
                        return with_postgresql_impl(&instance, chosen, span);
                    }
                }
                match from_init {
                    Some(chosen) => with_postgresql_impl(&instance, chosen, span),
                    None => Value::Object(instance),
                }
            }
            // `functools.partial(f, *args, **keywords)` called: `f` with those arguments first,
            // and the call's keywords over the partial's.
            Value::Object(o)
                if o.called && o.receiver.is_none() && o.class == "functools.partial" =>
            {
                let Some(function) = o.args.positional.first().cloned() else {
                    return Value::unknown("`partial()` of nothing");
                };
                let mut merged = Args {
                    positional: o.args.positional[1..].to_vec(),
                    keywords: o.args.keywords.clone(),
                    ..Args::default()
                };
                merged.positional.extend(args.positional);
                for (k, v) in args.keywords {
                    merged.keywords.retain(|(existing, _)| *existing != k);
                    merged.keywords.push((k, v));
                }
                self.call(&function, merged, span)
            }
            // A bound method kept in a variable (`quote = dialect.identifier_preparer.quote`,
            // then `quote(name)`) of a handle: called as that method.
            Value::Object(o) if !o.called && matches!(o.receiver, Some(Value::Handle(_))) => {
                let (receiver, method) =
                    (o.receiver.clone().unwrap_or(Value::None), o.class.clone());
                self.call_method(receiver, &method, args, span)
            }
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

    pub(super) fn call_external(&mut self, name: &str, args: Args, span: &Span) -> Value {
        let args = if name.ends_with(".ForeignKey") {
            self.model_column_schema(args, span)
        } else {
            args
        };
        if let Some(method) = name.strip_prefix("alembic.op.") {
            return self.op_call(method, None, args, span);
        }
        // `MetaData(naming_convention={...})`: the project's own tokens probed.
        let args = if name.ends_with("MetaData") {
            let mut args = args;
            for i in 0..args.keywords.len() {
                if args.keywords[i].0 == "naming_convention" {
                    let convention = std::mem::replace(&mut args.keywords[i].1, Value::None);
                    args.keywords[i].1 = self.probe_convention(convention);
                }
            }
            args
        } else {
            args
        };
        if name == "sqlalchemy_continuum.make_versioned" {
            self.versioning = Some(args.clone());
        }
        if name == "alembic.context.configure" {
            self.configure(&args);
        }
        if name == "alembic.context.run_migrations" {
            self.run_migrations_keywords = args.keywords.clone();
        }
        if let Some((module, function)) = name.rsplit_once('.') {
            if let Some(plugin) = self.plugin_of_module(module, function, &args, span) {
                return plugin;
            }
        }
        match name {
            // Every spelling: `sa.inspect(bind)`, `Inspector.from_engine(bind)` and the
            // constructor itself (`reflection.Inspector(bind)`, SQLAlchemy 1.x).
            "sqlalchemy.inspect" | "sqlalchemy.inspection.inspect" => return inspector_of(&args),
            _ if name.starts_with("sqlalchemy.")
                && (name.ends_with(".Inspector") || name.ends_with(".Inspector.from_engine")) =>
            {
                return inspector_of(&args)
            }
            // Event listeners (eval/events.rs).
            _ if name.starts_with("sqlalchemy.") && name.ends_with("event.listen") => {
                return self.listen(&args)
            }
            _ if name.starts_with("sqlalchemy.") && name.ends_with(".type_coerce") => {
                return super::literal_params::type_coerced(&args, span)
            }
            "alembic.context.is_offline_mode" => return Value::Bool(false),
            // `alembic upgrade head` as a plain command line runs it: no `--tag`, no `-x`.
            "alembic.context.get_tag_argument" => return Value::None,
            "alembic.context.get_x_argument" => {
                return match args.keyword("as_dictionary").and_then(Value::as_bool) {
                    Some(true) => Value::Dict(Vec::new()),
                    _ => Value::List(Vec::new()),
                }
            }
            // An option of the configuration's section (`alembic.ini`), or the default given
            // (`None` without one), as `Config.get_main_option` answers.
            "alembic.context.config.get_main_option" => {
                let found = match args.positional.first() {
                    Some(Value::Str(name)) => self
                        .table
                        .main_options
                        .get(&name.to_lowercase())
                        .map(|v| Value::Str(v.clone())),
                    _ => return Value::unknown("an option whose name is not known statically"),
                };
                return found
                    .unwrap_or_else(|| args.get(1, "default").cloned().unwrap_or(Value::None));
            }
            // `config.get_section(config.config_ini_section)`: that section's options.
            "alembic.context.config.get_section" => {
                return match args.positional.first() {
                    Some(Value::Str(name)) if *name == self.table.main_section => Value::Dict(
                        self.table
                            .main_options
                            .iter()
                            .map(|(k, v)| (Value::Str(k.clone()), Value::Str(v.clone())))
                            .collect(),
                    ),
                    _ => Value::unknown("a section of the configuration other than Alembic's"),
                };
            }
            // `config.attributes` is the dict an application that calls Alembic's API fills
            // (a connection to share, a flag); run from the command line, it is empty.
            "alembic.context.config.attributes.get" => {
                return args.positional.get(1).cloned().unwrap_or(Value::None)
            }
            // The version of an installed distribution, as its metadata says; a distribution
            // not installed raises `PackageNotFoundError`.
            "importlib.metadata.version" | "importlib_metadata.version" => {
                return match args.positional.first() {
                    Some(Value::Str(name)) => match self
                        .table
                        .distributions
                        .get(&crate::load::normalized_distribution(name))
                    {
                        Some(version) => Value::Str(version.clone()),
                        None if self.raise_if_caught("PackageNotFoundError") => Value::None,
                        None => Value::unknown(format!("the version of `{name}`, not installed")),
                    },
                    _ => Value::unknown("the version of a distribution not named statically"),
                };
            }
            "os.getenv" | "os.environ.get" => return self.environment_get(&args, span),
            "textwrap.dedent" => {
                return match args.positional.first() {
                    Some(Value::Str(text)) => Value::Str(super::builtins::dedent(text)),
                    _ => Value::unknown("`textwrap.dedent()` of a value not known statically"),
                }
            }
            // Read-only views of a dict (a naming convention kept immutable): the dict.
            "sqlalchemy.util.immutabledict"
            | "sqlalchemy.util._collections.immutabledict"
            | "sqlalchemy.util._py_collections.immutabledict"
            | "types.MappingProxyType" => match args.positional.as_slice() {
                [] => return Value::Dict(Vec::new()),
                [d @ Value::Dict(_)] => return d.clone(),
                _ => {}
            },
            "alembic.context.get_context" => return Value::Handle(Handle::Context),
            "alembic.context.get_bind" => return Value::Handle(Handle::Bind),
            // The engine env.py builds is the database the migrations run on: what it
            // executes before `run_migrations()` is there when the history starts.
            "sqlalchemy.engine_from_config"
            | "sqlalchemy.create_engine"
            | "sqlalchemy.engine.engine_from_config"
            | "sqlalchemy.engine.create_engine"
            | "sqlalchemy.ext.asyncio.async_engine_from_config"
            | "sqlalchemy.ext.asyncio.create_async_engine" => {
                if let Some(schemas) = super::connect_args::search_path(&args) {
                    self.host.connect_with_search_path(schemas);
                }
                return Value::Handle(Handle::Bind);
            }
            _ => {}
        }
        // Text files the code reads (SQL beside the revisions: `eval::text_files`).
        let table = self.table;
        let package_dir = |dotted: &str| table.file_of(dotted)?.parent().map(|p| p.to_path_buf());
        if let Some(value) =
            super::text_files::call(name, &args, &table.python_path, &package_dir, span)
        {
            return value;
        }
        // The files code lists to import every module of a folder (`eval::files`).
        if name.starts_with("os.") || name.starts_with("glob.") || name.starts_with("pkgutil.") {
            let files = super::files::Readable {
                roots: &self.table.python_path,
            };
            if let Some(value) = super::files::call(name, &args, &files, span) {
                return value;
            }
        }
        if let Some(function) = name.strip_prefix("re.") {
            if let Some(value) = super::regex::module_call(function, &args, span) {
                return value;
            }
        }
        // A module imported by a name the code computes, or the plugins of entry points.
        let computed_name = !matches!(args.positional.first(), Some(Value::Str(_)));
        let imports_by_name = matches!(name, "importlib.import_module" | "builtins.__import__");
        if imports_by_name && computed_name {
            self.unresolved_import(span, "an import of a module named at run time", None);
        } else if name.ends_with("entry_points") || name.ends_with("iter_entry_points") {
            self.unresolved_import(span, "plugins loaded through entry points", None);
        }
        // `importlib.import_module("pkg.mod")` of a module of the checkout (lazy imports).
        if name == "importlib.import_module" {
            if let Some(Value::Str(module)) = args.positional.first() {
                let package = args.positional.get(1).or_else(|| args.keyword("package"));
                let Some(module) = Self::absolute_module_name(module, package) else {
                    self.unresolved_import(
                        span,
                        "a relative import from a package not known statically",
                        None,
                    );
                    return Value::unknown(
                        "a module imported relative to a package not known statically",
                    );
                };
                if self.importable(&module) {
                    if let Some(env) = self.import_module(&module) {
                        return Value::Module(env);
                    }
                }
                return external(module);
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
        if name == "builtins.hasattr" {
            if let [target, Value::Str(attr)] = args.positional.as_slice() {
                if let Some(has) = self.has_attribute(target, attr) {
                    return Value::Bool(has);
                }
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
        if name == "builtins.isinstance" {
            return self.isinstance(&args);
        }
        if name == "builtins.type" {
            if let Some(class) = self.class_from_type_call(&args, span) {
                return class;
            }
        }
        if name == "builtins.super" {
            return self.super_object(&args, span);
        }
        // `map(f, items, ...)` and `filter(f, items)` of known sequences (an enum class
        // gives its members): `f` called on the items, the result a list (read once or many
        // times, which is all migrations do with it).
        if name == "builtins.map" || name == "builtins.filter" {
            if args.positional.len() < 2 {
                return Value::unknown(format!("{name}() without a function and items"));
            }
            let f = args.positional[0].clone();
            let mut columns = Vec::new();
            for seq in &args.positional[1..] {
                match super::builtins::iterate(seq) {
                    Some(items) => columns.push(items),
                    None => return Value::unknown(format!("{name}() over a value not known")),
                }
            }
            let turns = columns.iter().map(Vec::len).min().unwrap_or(0);
            let mut out = Vec::new();
            for i in 0..turns {
                let row: Vec<Value> = columns.iter().map(|c| c[i].clone()).collect();
                if name == "builtins.map" {
                    out.push(self.call(
                        &f,
                        Args {
                            positional: row,
                            ..Args::default()
                        },
                        span,
                    ));
                    continue;
                }
                let keep = match &f {
                    Value::None => row[0].truthy(),
                    _ => self
                        .call(
                            &f,
                            Args {
                                positional: row.clone(),
                                ..Args::default()
                            },
                            span,
                        )
                        .truthy(),
                };
                match keep {
                    Some(true) => out.push(row[0].clone()),
                    Some(false) => {}
                    None => {
                        return Value::unknown("filter() with a condition not known statically")
                    }
                }
            }
            return Value::List(out);
        }
        if let Some(builtin) = name.strip_prefix("builtins.") {
            return call_builtin(builtin, args);
        }
        // `itertools.chain(a, b, ...)` of known sequences: one list (read once or many times,
        // which is all migrations do with it).
        // `typing.cast(T, value)` is the value.
        if matches!(name, "typing.cast" | "typing_extensions.cast") {
            return args
                .get(1, "val")
                .cloned()
                .unwrap_or_else(|| Value::unknown("cast()"));
        }
        if name == "itertools.chain" || name == "itertools.chain.from_iterable" {
            // `chain.from_iterable(parts)`: the parts come as one iterable.
            let parts = if name == "itertools.chain" {
                args.positional.clone()
            } else {
                match args.positional.first().and_then(super::builtins::iterate) {
                    Some(parts) => parts,
                    None => return Value::unknown("itertools.chain() of an unknown value"),
                }
            };
            let mut items = Vec::new();
            for part in &parts {
                match super::builtins::iterate(part) {
                    Some(more) => items.extend(more),
                    None => return Value::unknown("itertools.chain() of an unknown value"),
                }
            }
            return Value::List(items);
        }
        // `sa.Enum(PyEnum, values_callable=f)`: the labels are what `f(PyEnum)` returns (the
        // members' values, usually), and the type is named after the class unless named.
        if (name.starts_with("sqlalchemy.") || name.starts_with("sqlmodel."))
            && matches!(name.rsplit('.').next(), Some("Enum" | "ENUM"))
        {
            if let (Some(f @ Value::Function(_)), Some(Value::Class(class))) =
                (args.keyword("values_callable"), args.positional.first())
            {
                let (f, class) = (f.clone(), class.clone());
                let labels = self.call(
                    &f,
                    Args {
                        positional: vec![Value::Class(class.clone())],
                        ..Args::default()
                    },
                    span,
                );
                if let Value::List(items) = &labels {
                    if items.iter().all(|i| matches!(i, Value::Str(_))) {
                        let mut args = args.clone();
                        args.positional[0] = labels.clone();
                        let named = args.keyword("name").is_some();
                        if let Some(at) = args
                            .keywords
                            .iter()
                            .position(|(k, _)| k == "values_callable")
                        {
                            args.keywords.remove(at);
                            if at < args.keyword_spans.len() {
                                args.keyword_spans.remove(at);
                            }
                        }
                        if !named {
                            args.keywords
                                .push(("name".into(), Value::Str(class.name.to_lowercase())));
                            args.keyword_spans.push(span.clone());
                        }
                        return Value::Object(Rc::new(Object {
                            class: name.to_string(),
                            receiver: None,
                            args,
                            called: true,
                            span: span.clone(),
                        }));
                    }
                }
            }
        }
        // `Table(name, metadata, autoload_with=bind)`: the table as the database holds it.
        if name.rsplit('.').next() == Some("Table") && name.starts_with("sqlalchemy") {
            if let Some(table) = self.autoload_table(&args, span) {
                return table;
            }
        }
        // `Table(name, metadata, ...)` joins its metadata when it is made, bound to a name or
        // not: one made at a module's top level (in a loop that makes several, say) is kept
        // for the model reader.
        if name.rsplit('.').next() == Some("Table") && name.starts_with("sqlalchemy") {
            let table = Value::Object(Rc::new(Object {
                class: name.to_string(),
                receiver: None,
                args,
                called: true,
                span: span.clone(),
            }));
            self.keep_made_table(&table);
            return table;
        }
        // A lazy proxy (`lazy_object_proxy.Proxy(factory)`) stands for what its factory returns.
        if name.ends_with(".Proxy") && name.contains("lazy_object_proxy") {
            if let Some(factory) = args.positional.first().cloned() {
                return self.call(&factory, Args::default(), span);
            }
        }
        let made = Value::Object(Rc::new(Object {
            class: name.to_string(),
            receiver: None,
            args,
            called: true,
            span: span.clone(),
        }));
        self.note_made(&made);
        if name.rsplit('.').next() == Some("Index") && name.starts_with("sqlalchemy") {
            self.keep_made_index(&made);
        }
        made
    }

    /// What `self.<attr>` is on an instance of class `c` built with `args`, when `__init__`
    /// has a parameter of that name (`self.native = native`): the argument passed for it, or
    /// its default.
    pub(super) fn init_argument(
        &mut self,
        c: &super::value::ClassValue,
        args: &Args,
        attr: &str,
    ) -> Option<Value> {
        let Some(Value::Function(init)) = super::builtins::class_attribute(c, "__init__") else {
            return None;
        };
        let params = &init.params;
        let positional: Vec<&ast::ArgWithDefault> = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .skip(1)
            .collect();
        // `self.attr = expr` among `__init__`'s statements: `expr`, its parameters bound
        // (`self.excluded = frozenset(excluded or ())`).
        let assigned = init.def.body.iter().rev().find_map(|stmt| match stmt {
            ast::Stmt::Assign(a) => match a.targets.as_slice() {
                [ast::Expr::Attribute(t)]
                    if t.attr.as_str() == attr
                        && matches!(t.value.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "self") =>
                {
                    Some(a.value.clone())
                }
                _ => None,
            },
            _ => None,
        });
        if let Some(expr) = assigned {
            self.frames
                .push(Frame::function(init.closure.clone(), init.module.clone()));
            let named = positional.iter().copied().chain(params.kwonlyargs.iter());
            for (i, p) in named.enumerate() {
                let name = p.def.arg.as_str();
                let passed = args.keyword(name).cloned().or_else(|| {
                    (i < positional.len())
                        .then(|| args.positional.get(i).cloned())
                        .flatten()
                });
                let value = match (passed, p.default.as_deref()) {
                    (Some(v), _) => v,
                    (None, Some(default)) => self.eval(default),
                    (None, None) => Value::unknown(format!("`{name}` of `__init__`")),
                };
                self.bind(name, value);
            }
            let value = self.eval(&expr);
            self.frames.pop();
            return Some(value);
        }
        if let Some(i) = positional.iter().position(|p| p.def.arg.as_str() == attr) {
            if let Some(v) = args.positional.get(i) {
                return Some(v.clone());
            }
        }
        let param = positional
            .iter()
            .copied()
            .chain(params.kwonlyargs.iter())
            .find(|p| p.def.arg.as_str() == attr)?;
        if let Some(v) = args.keyword(attr) {
            return Some(v.clone());
        }
        let default = param.default.as_deref()?;
        // Defaults are evaluated in the defining module.
        self.frames
            .push(Frame::function(HashMap::new(), init.module.clone()));
        let value = self.eval(default);
        self.frames.pop();
        Some(value)
    }

    /// Runs `f`'s body in a frame of its own, its parameters bound to `args`: the flow it ended
    /// with, and its frame as it was then (what the body made of its locals).
    pub(super) fn run_in_frame(&mut self, f: &Rc<Function>, args: Args) -> (Flow, Option<Frame>) {
        let locals = self.bind_parameters(f, args);
        self.frames.push(Frame::function(locals, f.module.clone()));
        self.depth += 1;
        let flow = self.exec_block(&f.def.body);
        self.depth -= 1;
        (flow, self.frames.pop())
    }

    pub(super) fn call_function_value(
        &mut self,
        f: &Rc<Function>,
        args: Args,
        span: &Span,
    ) -> Value {
        if self.depth >= MAX_DEPTH {
            self.unanalyzable(
                span.clone(),
                format!("calls nest too deeply at `{}`", f.name),
            );
            return Value::unknown("recursion");
        }
        // A generator runs to its end at once: calling it gives the list of what it yields.
        let generator = super::scan::yields(&f.def.body);
        if generator {
            self.yielded.push(Vec::new());
        }
        let (flow, _) = self.run_in_frame(f, args);
        if generator {
            let items = self.yielded.pop().unwrap_or_default();
            return match flow {
                Flow::Raise(_) => Value::unknown(format!("`{}` raised", f.name)),
                _ => Value::List(items),
            };
        }
        match flow {
            Flow::Return(v) => v,
            Flow::Raise(raised) => {
                // What the host raised goes on to the caller (a helper called inside `try`);
                // a `raise` statement of the project's code ends only the helper.
                if let Some(
                    raised @ super::interp::Raised {
                        host_id: Some(_), ..
                    },
                ) = raised
                {
                    self.raised = Some(raised);
                }
                Value::unknown(format!("`{}` raised", f.name))
            }
            _ => Value::None,
        }
    }

    /// A call's arguments bound to the function's parameters, as Python binds them: extra
    /// positional ones in `*args`, unknown keywords in `**kwargs`, defaults evaluated in the
    /// defining module, a parameter without a value unknown.
    pub(super) fn bind_parameters(
        &mut self,
        f: &Rc<Function>,
        args: Args,
    ) -> HashMap<String, Value> {
        let mut locals = f.closure.clone();
        let params = &f.params;
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
        self.frames
            .push(Frame::function(HashMap::new(), f.module.clone()));
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
        locals
    }
}

/// The function `method` of the checkout's class that `o` is an instance of, with the class.
fn instance_method(
    o: &Object,
    method: &str,
) -> Option<(Rc<super::value::ClassValue>, Rc<Function>)> {
    let Some(Value::Class(c)) = &o.receiver else {
        return None;
    };
    if !o.called {
        return None;
    }
    match super::builtins::class_attribute(c, method) {
        Some(Value::Function(f)) => Some((c.clone(), f)),
        _ => None,
    }
}

/// Whether `o` is an attribute of an instance of the checkout's class that is not known (set
/// outside `__init__`, or by code that did not run).
fn unknown_instance_attribute(o: &Object) -> bool {
    match &o.receiver {
        Some(Value::Object(instance)) => {
            !o.called && instance.called && matches!(instance.receiver, Some(Value::Class(_)))
        }
        _ => false,
    }
}

/// The Flask-SQLAlchemy `SQLAlchemy` class a checkout class derives from, if it does.
fn flask_sqlalchemy_base(c: &super::value::ClassValue) -> Option<String> {
    c.bases.iter().find_map(|b| match b {
        Value::External(name)
            if name.starts_with("flask_sqlalchemy")
                && name.rsplit('.').next() == Some("SQLAlchemy") =>
        {
            Some(name.clone())
        }
        Value::Class(parent) => flask_sqlalchemy_base(parent),
        _ => None,
    })
}

/// What a handle stands for, in a message; `None` for any other value.
fn handle_name(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Handle(Handle::Batch(_)) => "batch operations",
        Value::Handle(Handle::Bind) => "connection",
        Value::Handle(Handle::Context) => "migration context",
        Value::Handle(Handle::Dialect) => "dialect",
        Value::Handle(Handle::Inspector { .. }) => "inspector",
        Value::Handle(Handle::Compiler) => "SQL compiler",
        Value::Handle(_) => "context manager",
        _ => return None,
    })
}

/// `first()`, `scalar()`, `fetchall()`, ... of a catalog query's result (sql/catalog.rs).
/// Whether `c` derives from `base` (through the classes of the checkout).
pub(super) fn derives_from(
    c: &super::value::ClassValue,
    base: &Rc<super::value::ClassValue>,
) -> bool {
    c.bases.iter().any(|b| match b {
        Value::Class(p) => Rc::ptr_eq(p, base) || derives_from(p, base),
        _ => false,
    })
}

/// The instance of a type class with the type it stands for on PostgreSQL kept on it (what
/// its `load_dialect_impl` or its `__init__` chose; read by `sqlalchemy::types`).
fn with_postgresql_impl(instance: &Rc<Object>, chosen: Value, span: &Span) -> Value {
    let mut args = instance.args.clone();
    args.keywords
        .push((super::value::POSTGRESQL_IMPL.into(), chosen));
    args.keyword_spans.push(span.clone());
    Value::Object(Rc::new(Object {
        class: instance.class.clone(),
        receiver: instance.receiver.clone(),
        args,
        called: true,
        span: span.clone(),
    }))
}

/// An inspector of what `args` name: the migration's connection, or an object of the project
/// or of a library (Flask-SQLAlchemy's `db.engine`): another connection.
fn inspector_of(args: &Args) -> Value {
    let elsewhere = matches!(args.get(0, "bind"), Some(Value::Object(_)));
    Value::Handle(Handle::Inspector { elsewhere })
}
