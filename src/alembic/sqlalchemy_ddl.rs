//! DDL a revision runs through SQLAlchemy itself instead of `op.*`:
//! `Model.__table__.create(bind)`, `sa.Table(...).create(bind, checkfirst=True)`,
//! `metadata.create_all(bind, tables=[...])`, `drop`/`drop_all`, `sa.Index(...).create(bind)`,
//! and loops over `metadata.sorted_tables`. The tables are read by the reader of the declared
//! models (`sqlalchemy::declarative`: the same classes give the same tables) and applied as
//! the `op.create_table`/`op.create_index` calls `create_all()` amounts to.

use std::rc::Rc;

use super::Lowering;
use crate::diagnostic::Span;
use crate::eval::reflection::indexes_table;
use crate::eval::value::{Args, Object, Value};
use crate::ir::QualName;
use crate::schema::key;
use crate::sqlalchemy::declarative::{class_table, core_table, index_args, index_table};
use crate::sqlalchemy::metadata::{create_all_order, root_of_metadata, Root, TableDecl};
use crate::sqlalchemy::types::class_name;

/// A table value as `metadata.sorted_tables` yields it, and what it declares.
struct Found {
    value: Value,
    decl: TableDecl,
}

impl Lowering<'_> {
    /// `.create()`/`.drop()`/`.create_all()`/`.drop_all()` on a table, an index or a
    /// metadata; `None` when `object` is none of these.
    pub(super) fn sqlalchemy_ddl(
        &mut self,
        object: &Rc<Object>,
        method: &str,
        args: &Args,
        known: &[Value],
        span: &Span,
    ) -> Option<Value> {
        let what = format!(".{method}()");
        match method {
            "create" | "drop" => {
                if class_name(&object.class) == "Index" && object.receiver.is_none() {
                    self.index_ddl(object, method, &what, span);
                    return Some(Value::None);
                }
                let decl = match table_of(object)? {
                    Ok(decl) => with_indexes_made_apart(decl, object, known),
                    Err((at, why)) => {
                        self.cannot(&at, &what, why);
                        return Some(Value::None);
                    }
                };
                // `Table.create`/`drop` default to checkfirst=False.
                let checkfirst = checkfirst(args, false);
                let convention = convention_of_table(object);
                self.apply_tables(&[decl], method == "create", checkfirst, convention, span);
                Some(Value::None)
            }
            "create_all" | "drop_all" => {
                let metadata = Value::Object(object.clone());
                let mut found = match self.tables_of_metadata(&metadata, known) {
                    Some(Ok(found)) => found,
                    Some(Err((at, why))) => {
                        self.cannot(&at, &what, why);
                        return Some(Value::None);
                    }
                    None => return None,
                };
                // `tables=[...]`: only those.
                if let Some(Value::List(only) | Value::Tuple(only) | Value::Set(only)) =
                    args.keyword("tables")
                {
                    let names: Vec<Option<String>> = only.iter().map(table_name_of).collect();
                    if names.iter().any(Option::is_none) {
                        self.cannot(
                            span,
                            &what,
                            "a `tables=` entry that is not a table known statically".into(),
                        );
                        return Some(Value::None);
                    }
                    found.retain(|f| names.iter().flatten().any(|n| *n == f.decl.name.name));
                }
                let decls: Vec<TableDecl> = found.into_iter().map(|f| f.decl).collect();
                let convention = crate::env_py::convention_of(&metadata);
                self.apply_tables(
                    &decls,
                    method == "create_all",
                    checkfirst(args, true),
                    convention,
                    span,
                );
                Some(Value::None)
            }
            _ => None,
        }
    }

    /// The tables of the metadata `metadata` names among `known`, in `create_all()`'s order
    /// (`None` when it names no metadata).
    fn tables_of_metadata(
        &mut self,
        metadata: &Value,
        known: &[Value],
    ) -> Option<Result<Vec<Found>, (Span, String)>> {
        let root = root_of_metadata(metadata)?;
        if !matches!(metadata, Value::Object(o) if matches!(class_name(&o.class), "metadata" | "MetaData" | "SQLAlchemy"))
        {
            return None;
        }
        let roots: [Root; 1] = [root];
        let mut decls: Vec<TableDecl> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for value in known {
            let decl = match value {
                Value::Class(c) => class_table(c, &roots, &mut decls),
                // Tables only: the indexes made apart among `known` join their tables below.
                Value::Object(o) if class_name(&o.class) == "Table" => core_table(o, &roots)
                    .map(|decl| decl.map(|decl| with_indexes_made_apart(decl, o, known))),
                _ => Ok(None),
            };
            match decl {
                Ok(Some(decl)) => {
                    let table_value = match value {
                        Value::Class(c) => Value::Object(Rc::new(Object {
                            class: "__table__".into(),
                            receiver: Some(Value::Class(c.clone())),
                            args: Args::default(),
                            called: false,
                            span: c.span.clone(),
                        })),
                        other => other.clone(),
                    };
                    decls.push(decl);
                    values.push(table_value);
                }
                Ok(None) => {}
                Err(problem) => return Some(Err(problem)),
            }
        }
        let order = create_all_order(&decls);
        let mut slots: Vec<Option<(TableDecl, Value)>> =
            decls.into_iter().zip(values).map(Some).collect();
        Some(Ok(order
            .into_iter()
            .filter_map(|i| slots[i].take())
            .map(|(decl, value)| Found { value, decl })
            .collect()))
    }

    /// `metadata.sorted_tables` / `metadata.tables` (see [`crate::eval::interp::Host`]).
    pub(super) fn sorted_tables(
        &mut self,
        metadata: &Value,
        known: &[Value],
        span: &Span,
    ) -> Option<Vec<(String, Value)>> {
        match self.tables_of_metadata(metadata, known)? {
            Ok(found) => Some(
                found
                    .into_iter()
                    .map(|f| {
                        let name = match &f.decl.name.schema {
                            Some(schema) => format!("{schema}.{}", f.decl.name.name),
                            None => f.decl.name.name.clone(),
                        };
                        (name, f.value)
                    })
                    .collect(),
            ),
            Err((_, why)) => {
                self.cannot(span, "metadata.sorted_tables", why);
                None
            }
        }
    }

    /// Creates (in order) or drops (in reverse order) `tables`, as `create_all()` would;
    /// with `checkfirst`, a table that exists (or is missing, to drop) is left alone.
    fn apply_tables(
        &mut self,
        tables: &[TableDecl],
        create: bool,
        checkfirst: bool,
        convention: Option<crate::sqlalchemy::naming::NamingConvention>,
        span: &Span,
    ) {
        let saved = convention.map(|c| std::mem::replace(&mut self.convention, c));
        if create {
            for t in tables {
                if checkfirst && self.schema.tables.contains_key(&key(&t.name)) {
                    continue;
                }
                self.op_as_call("create_table", &t.create_table, span);
                for index in &t.indexes {
                    self.op_as_call("create_index", index, span);
                }
            }
        } else {
            for t in tables.iter().rev() {
                if checkfirst && !self.schema.tables.contains_key(&key(&t.name)) {
                    continue;
                }
                let mut args = Args {
                    positional: vec![Value::Str(t.name.name.clone())],
                    positional_spans: vec![span.clone()],
                    ..Args::default()
                };
                if let Some(schema) = &t.name.schema {
                    args.keywords
                        .push(("schema".into(), Value::Str(schema.clone())));
                    args.keyword_spans.push(span.clone());
                }
                self.op_as_call("drop_table", &args, span);
            }
        }
        if let Some(saved) = saved {
            self.convention = saved;
        }
    }

    fn op_as_call(&mut self, name: &str, args: &Args, span: &Span) {
        use crate::eval::interp::Host;
        self.op(name, None, args, span);
    }

    /// `sa.Index("ix", table.c.x).create(bind)` / `.drop(bind)`.
    fn index_ddl(&mut self, index: &Rc<Object>, method: &str, what: &str, span: &Span) {
        let Some(table) = index_table(index) else {
            self.cannot(
                span,
                what,
                "an index whose table is not known statically".into(),
            );
            return;
        };
        let table = QualName::new(None, table);
        if method == "create" {
            let args = index_args(index, &table);
            self.op_as_call("create_index", &args, span);
        } else {
            let Some(Value::Str(name)) = index.args.positional.first() else {
                self.cannot(
                    span,
                    what,
                    "an index whose name is not known statically".into(),
                );
                return;
            };
            let args = Args {
                positional: vec![Value::Str(name.clone())],
                positional_spans: vec![span.clone()],
                keywords: vec![("table_name".into(), Value::Str(table.name.clone()))],
                keyword_spans: vec![span.clone()],
            };
            self.op_as_call("drop_index", &args, span);
        }
    }
}

/// The table a `.create()`/`.drop()` receiver declares: `Model.__table__` or a `Table(...)`;
/// `None` for anything else.
fn table_of(object: &Rc<Object>) -> Option<Result<TableDecl, (Span, String)>> {
    let decl = match (&*object.class, &object.receiver) {
        ("__table__", Some(Value::Class(c))) => class_table(c, &[], &mut []),
        (class, None) if class_name(class) == "Table" => core_table(object, &[]),
        _ => return None,
    };
    Some(match decl {
        Ok(Some(decl)) => Ok(decl),
        Ok(None) => Err((
            object.span.clone(),
            "a class that maps no table driftlock can read".into(),
        )),
        Err(problem) => Err(problem),
    })
}

/// The naming convention of the metadata a table belongs to.
fn convention_of_table(object: &Rc<Object>) -> Option<crate::sqlalchemy::naming::NamingConvention> {
    match (&*object.class, &object.receiver) {
        ("__table__", Some(class @ Value::Class(_))) => crate::env_py::convention_of(class),
        _ => {
            let metadata = object.args.positional.get(1)?;
            crate::env_py::convention_of(metadata).or_else(|| {
                // A `MetaData()` made in the revision without a convention has SQLAlchemy's
                // default one, never env.py's.
                matches!(metadata, Value::Object(m)
                    if m.called && m.receiver.is_none() && class_name(&m.class) == "MetaData")
                .then(crate::sqlalchemy::naming::NamingConvention::default)
            })
        }
    }
}

/// The name of a table given in `tables=[...]` (`Model.__table__`, a `Table`).
fn table_name_of(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => match table_of(o)? {
            Ok(decl) => Some(decl.name.name),
            Err(_) => None,
        },
        _ => None,
    }
}

fn checkfirst(args: &Args, default: bool) -> bool {
    args.keyword("checkfirst")
        .and_then(Value::as_bool)
        .unwrap_or(default)
}

/// `decl`, the table `table` declares, with the indexes made apart on its columns among
/// `known` (`Index("ix", table.c.x)` joins the table when it is made: creating the table
/// creates it).
fn with_indexes_made_apart(mut decl: TableDecl, table: &Rc<Object>, known: &[Value]) -> TableDecl {
    for value in known {
        if let Value::Object(index) = value {
            if indexes_table(index, table) {
                decl.indexes.push(index_args(index, &decl.name));
            }
        }
    }
    decl
}
