//! Reflection in the code a revision runs: `sa.Table(name, metadata, autoload_with=bind)`,
//! `metadata.reflect(bind)`, and what a loaded table holds (`table.c`, `column.type`,
//! `column._copy()`). The host builds each table from the database as it is at that point of
//! the history (the replayed schema); a metadata keeps the tables it loaded, as SQLAlchemy's
//! does, so that loading one twice gives the same object and `metadata.tables` lists them.

use std::rc::Rc;

use super::interp::{Host, Interp};
use super::value::{Args, Handle, Object, Value};
use crate::diagnostic::Span;
use crate::ir::QualName;
use crate::schema::key;

fn last(class: &str) -> &str {
    class.rsplit('.').next().unwrap_or(class)
}

/// Whether `o` is a `Column(...)` call.
pub(super) fn is_column(o: &Object) -> bool {
    o.receiver.is_none() && o.called && last(&o.class) == "Column"
}

/// Whether `o` is a `Table(...)` call.
fn is_table(o: &Object) -> bool {
    o.receiver.is_none() && o.called && last(&o.class) == "Table"
}

/// Whether `index` is an `Index(...)` made apart whose columns are all `table`'s
/// (`Index("ix", table.c.x)`, `Index("ix", metadata.tables["t"].c["x"])`): SQLAlchemy
/// attaches it to that table when it is made. The very table object, not one of its name:
/// a helper that builds a fresh metadata on each call makes a fresh table each time.
pub fn indexes_table(index: &Object, table: &Rc<Object>) -> bool {
    if last(&index.class) != "Index" || index.receiver.is_some() {
        return false;
    }
    let table_of_column = |v: &Value| -> Option<Rc<Object>> {
        let mut at = match v {
            Value::Object(o) => o.receiver.clone(),
            _ => None,
        };
        while let Some(Value::Object(o)) = at {
            if is_table(&o) {
                return Some(o);
            }
            at = o.receiver.clone();
        }
        None
    };
    let columns = index.args.positional.get(1..).unwrap_or_default();
    !columns.is_empty()
        && columns
            .iter()
            .all(|c| table_of_column(c).is_some_and(|t| Rc::ptr_eq(&t, table)))
}

/// Whether two values are the same metadata: the same object, or the same class's
/// `metadata` attribute (`Base.metadata`, read twice; a library's, `SQLModel.metadata`, by
/// name).
fn same_metadata(a: &Value, b: &Value) -> bool {
    if a.same_object(b) {
        return true;
    }
    match (a, b) {
        (Value::External(x), Value::External(y)) => x == y,
        (Value::Object(x), Value::Object(y)) => {
            x.class == "metadata"
                && y.class == "metadata"
                && !x.called
                && !y.called
                && match (&x.receiver, &y.receiver) {
                    (Some(p), Some(q)) => p.same_object(q) || same_metadata(p, q),
                    _ => false,
                }
        }
        _ => false,
    }
}

/// The key `metadata.tables` files a table under: `schema.name`, or `name` in the default
/// schema.
fn tables_key(table: &QualName) -> String {
    match &table.schema {
        Some(schema) => format!("{schema}.{}", table.name),
        None => table.name.clone(),
    }
}

/// The columns of `table.c` / `table.columns` (an attribute read of a `Table(...)` call),
/// for a loop over them.
pub(super) fn columns_of_collection(o: &Object) -> Option<Vec<Value>> {
    match &o.receiver {
        Some(Value::Object(table))
            if !o.called && matches!(o.class.as_str(), "c" | "columns") && is_table(table) =>
        {
            Some(
                table
                    .args
                    .positional
                    .iter()
                    .filter(|v| matches!(v, Value::Object(c) if is_column(c)))
                    .cloned()
                    .collect(),
            )
        }
        _ => None,
    }
}

/// The column `table.c.name` names, when `table` is a `Table(...)` call that has it.
pub(super) fn referenced_column(o: &Object) -> Option<Rc<Object>> {
    let Some(Value::Object(collection)) = &o.receiver else {
        return None;
    };
    if o.called {
        return None;
    }
    columns_of_collection(collection)?
        .into_iter()
        .find_map(|c| match c {
            Value::Object(c)
                if column_name(&Value::Object(c.clone())) == Some(o.class.as_str()) =>
            {
                Some(c)
            }
            _ => None,
        })
}

/// `o.attr` for a column, as SQLAlchemy's `Column` answers it (`type`, `nullable`,
/// `primary_key`, `server_default`), also through `table.c.name`, and an enum type's
/// labels (`enums`). `None` for anything else.
pub(super) fn schema_item_attribute(o: &Rc<Object>, attr: &str) -> Option<Value> {
    if let Some(column) = referenced_column(o) {
        if matches!(attr, "name" | "key") {
            return column.args.get(0, "name").cloned();
        }
        if let Some(v) = column.args.keyword(attr) {
            return Some(v.clone());
        }
        return schema_item_attribute(&column, attr);
    }
    // `column.type.enums` of an enum type: its labels.
    if o.receiver.is_none() && matches!(last(&o.class), "Enum" | "ENUM") && attr == "enums" {
        return Some(Value::List(
            o.args
                .positional
                .iter()
                .filter(|v| matches!(v, Value::Str(_)))
                .cloned()
                .collect(),
        ));
    }
    if is_table(o) {
        return table_attribute(o, attr);
    }
    if o.receiver.is_none() && o.called && last(&o.class) == "ForeignKeyConstraint" {
        return foreign_key_attribute(o, attr);
    }
    // A column's `ForeignKey(target, name=...)`: its constraint's name and options, and the
    // column it references as `table.column`.
    if o.receiver.is_none() && o.called && last(&o.class) == "ForeignKey" {
        return match attr {
            "target_fullname" => o.args.get(0, "column").cloned(),
            // Its `ForeignKeyConstraint` (SQLAlchemy's own `_constraint` argument): given to
            // the foreign keys of a table's `foreign_keys`.
            "constraint" => o.args.keyword("_constraint").cloned(),
            _ => foreign_key_option(o, attr),
        };
    }
    if !is_column(o) {
        return None;
    }
    let primary_key = o
        .args
        .keyword("primary_key")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    match attr {
        "type" => Some(column_type(o).unwrap_or_else(|| {
            Value::Object(Rc::new(Object {
                class: "sqlalchemy.types.NullType".into(),
                receiver: None,
                args: Args::default(),
                called: true,
                span: o.span.clone(),
            }))
        })),
        "primary_key" => Some(Value::Bool(primary_key)),
        "nullable" => Some(Value::Bool(!primary_key)),
        "server_default" | "default" | "comment" => Some(Value::None),
        _ => None,
    }
}

/// What a `Table(...)` (declared in the revision, or loaded by reflection) holds:
/// `foreign_key_constraints`, `indexes`, `constraints`, `primary_key` and `schema`, as
/// SQLAlchemy's `Table` answers them. A column's own `ForeignKey(...)` and `primary_key=True`
/// count as the table-level constraints SQLAlchemy makes of them.
fn table_attribute(table: &Object, attr: &str) -> Option<Value> {
    let items = || {
        table.args.positional.iter().filter_map(|v| match v {
            Value::Object(o) if o.receiver.is_none() && o.called => Some(o),
            _ => None,
        })
    };
    let of_class = |class: &str| -> Vec<Value> {
        items()
            .filter(|o| last(&o.class) == class)
            .map(|o| Value::Object(o.clone()))
            .collect()
    };
    let foreign_keys = || {
        let mut all = of_class("ForeignKeyConstraint");
        for column in items().filter(|o| is_column(o)) {
            let Some(name) = column.args.positional.first().cloned() else {
                continue;
            };
            for fk in column.args.positional.iter().filter_map(|v| match v {
                Value::Object(fk) if last(&fk.class) == "ForeignKey" && fk.called => Some(fk),
                _ => None,
            }) {
                let Some(target) = fk.args.get(0, "column").cloned() else {
                    continue;
                };
                let mut keywords = fk.args.keywords.clone();
                keywords.retain(|(k, _)| k != "column");
                all.push(Object::call(
                    "sqlalchemy.ForeignKeyConstraint",
                    vec![Value::List(vec![name.clone()]), Value::List(vec![target])],
                    keywords,
                    &fk.span,
                ));
            }
        }
        all
    };
    let primary_key = || {
        of_class("PrimaryKeyConstraint")
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                let columns = items()
                    .filter(|o| {
                        is_column(o)
                            && o.args.keyword("primary_key").and_then(Value::as_bool) == Some(true)
                    })
                    .filter_map(|o| o.args.positional.first().cloned())
                    .collect();
                Object::call(
                    "sqlalchemy.PrimaryKeyConstraint",
                    columns,
                    Vec::new(),
                    &table.span,
                )
            })
    };
    match attr {
        "foreign_key_constraints" => Some(Value::List(foreign_keys())),
        // The column-level `ForeignKey`s of every foreign key constraint, one per column,
        // each with its constraint's name and options.
        "foreign_keys" => Some(Value::List(
            foreign_keys()
                .iter()
                .filter_map(|fk| match fk {
                    Value::Object(fk) => Some(fk),
                    _ => None,
                })
                .flat_map(|fk| {
                    let targets = fk.args.get(1, "refcolumns").and_then(Value::as_seq);
                    let targets = targets.map(<[Value]>::to_vec).unwrap_or_default();
                    let mut keywords = fk.args.keywords.clone();
                    keywords.push(("_constraint".into(), Value::Object(fk.clone())));
                    targets
                        .into_iter()
                        .map(move |target| {
                            Object::call(
                                "sqlalchemy.ForeignKey",
                                vec![target],
                                keywords.clone(),
                                &fk.span,
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
        )),
        "indexes" => Some(Value::List(of_class("Index"))),
        "primary_key" => Some(primary_key()),
        "constraints" => {
            let mut all = vec![primary_key()];
            all.extend(foreign_keys());
            all.extend(of_class("UniqueConstraint"));
            all.extend(of_class("CheckConstraint"));
            Some(Value::List(all))
        }
        "schema" => Some(table.args.keyword("schema").cloned().unwrap_or(Value::None)),
        _ => None,
    }
}

/// What a `ForeignKeyConstraint([columns], [targets], ...)` answers: `column_keys` and
/// `columns` (its own columns, by name), its options (`None` when not given). Its
/// `referred_table` needs the metadata and is the interpreter's
/// ([`Interp::referred_table`]).
fn foreign_key_attribute(fk: &Object, attr: &str) -> Option<Value> {
    let columns = || -> Vec<Value> {
        fk.args
            .get(0, "columns")
            .and_then(Value::as_seq)
            .map(<[Value]>::to_vec)
            .unwrap_or_default()
    };
    match attr {
        "column_keys" => Some(Value::List(columns())),
        "columns" => Some(as_columns(&columns(), &fk.span)),
        _ => foreign_key_option(fk, attr),
    }
}

/// A foreign key's name or option (`None` when not given), for a `ForeignKeyConstraint` and a
/// column's `ForeignKey` alike.
fn foreign_key_option(fk: &Object, attr: &str) -> Option<Value> {
    matches!(
        attr,
        "name" | "ondelete" | "onupdate" | "deferrable" | "initially" | "match"
    )
    .then(|| fk.args.keyword(attr).cloned().unwrap_or(Value::None))
}

/// A constraint's columns as column objects: those it names by string become `Column(name)`.
pub(super) fn as_columns(items: &[Value], span: &Span) -> Value {
    Value::List(
        items
            .iter()
            .map(|c| match c {
                Value::Str(_) => {
                    Object::call("sqlalchemy.Column", vec![c.clone()], Vec::new(), span)
                }
                other => other.clone(),
            })
            .collect(),
    )
}

/// The table (and schema) a foreign key's first target names: `"schema.table.column"` or
/// `"table.column"`; `None` for a target given as a column object.
fn referred_name(fk: &Object) -> Option<QualName> {
    let targets = fk.args.get(1, "refcolumns")?.as_seq()?;
    match targets.first()? {
        Value::Str(target) => {
            let mut parts: Vec<&str> = target.rsplitn(3, '.').collect();
            parts.reverse();
            match parts.as_slice() {
                [schema, table, _] => {
                    Some(QualName::new(Some(schema.to_string()), table.to_string()))
                }
                [table, _] => Some(QualName::new(None, table.to_string())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The name of a `Column(...)` value.
fn column_name(v: &Value) -> Option<&str> {
    match v {
        Value::Object(o) if is_column(o) => o.args.get(0, "name").and_then(Value::as_str),
        _ => None,
    }
}

/// The type a `Column(...)` call was given (`type_=`, or the first positional argument after
/// the name that is not a foreign key, constraint, sequence or default).
fn column_type(o: &Object) -> Option<Value> {
    if let Some(t) = o.args.keyword("type_") {
        return Some(t.clone());
    }
    o.args
        .positional
        .iter()
        .skip_while(|v| matches!(v, Value::Str(_)))
        .find(|v| match v {
            Value::Object(x) => !super::value::is_column_option(last(&x.class)),
            _ => true,
        })
        .cloned()
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `table.indexes` of a `Table(...)` the code made: those among its items and those made
    /// apart on its columns in a function (see [`indexes_table`]).
    pub(super) fn indexes_of_table(&self, table: &Rc<Object>, attr: &str) -> Option<Value> {
        if attr != "indexes" || !is_table(table) {
            return None;
        }
        let Some(Value::List(mut indexes)) = table_attribute(table, attr) else {
            return None;
        };
        indexes.extend(
            self.function_indexes
                .iter()
                .filter(|v| matches!(v, Value::Object(ix) if indexes_table(ix, table)))
                .cloned(),
        );
        Some(Value::List(indexes))
    }

    /// `Table(name, metadata, *columns, autoload_with=bind)` (or `autoload=True`): the table
    /// as the database holds it, the columns given overriding the reflected ones of the same
    /// name (added when new), as SQLAlchemy's reflection does. `None` when the call does not
    /// load from the database.
    pub(super) fn autoload_table(&mut self, args: &Args, span: &Span) -> Option<Value> {
        // Through the migration's connection, or another one (an application's engine, the
        // migration's engine: a new connection), which sees only what is committed.
        let (through_bind, elsewhere) = match args.keyword("autoload_with") {
            Some(Value::Handle(Handle::Bind)) => (true, false),
            Some(Value::Object(_) | Value::External(_)) => (false, true),
            _ => (false, false),
        };
        let autoload = args.keyword("autoload").and_then(Value::truthy) == Some(true);
        if !(through_bind || elsewhere || autoload) {
            return None;
        }
        let name = args.positional.first()?.as_str()?.to_string();
        let metadata = args.positional.get(1)?.clone();
        let schema = args
            .keyword("schema")
            .and_then(Value::as_str)
            .map(str::to_string);
        let loaded = self.load_table(&metadata, &QualName::new(schema, name), elsewhere, span);
        let overrides: Vec<&Value> = args.positional.iter().skip(2).collect();
        match &loaded {
            Value::Object(table) if !overrides.is_empty() => {
                let mut items = table.args.positional.clone();
                for given in overrides {
                    match column_name(given)
                        .and_then(|n| items.iter().position(|item| column_name(item) == Some(n)))
                    {
                        Some(at) => items[at] = given.clone(),
                        None => items.push(given.clone()),
                    }
                }
                Some(Object::call(
                    &table.class,
                    items,
                    table.args.keywords.clone(),
                    span,
                ))
            }
            _ => Some(loaded),
        }
    }

    /// The table `table` loaded into `metadata`: the object loaded before, or the host's.
    fn load_table(
        &mut self,
        metadata: &Value,
        table: &QualName,
        elsewhere: bool,
        span: &Span,
    ) -> Value {
        let wanted = key(table);
        if let Some((_, _, loaded)) = self
            .reflected
            .iter()
            .find(|(m, k, _)| *k == wanted && same_metadata(m, metadata))
        {
            return loaded.clone();
        }
        let loaded = self.host.reflect_table(table, metadata, elsewhere, span);
        self.take_host_exception();
        if matches!(loaded, Value::Object(_)) {
            self.reflected
                .push((metadata.clone(), wanted, loaded.clone()));
        }
        loaded
    }

    /// `fk.referred_table` of a foreign key of a table reflection loaded: the referred table,
    /// loaded into the same metadata (as SQLAlchemy's reflection loads it). `None` for a
    /// foreign key of no loaded table.
    pub(super) fn referred_table(&mut self, fk: &Rc<Object>, span: &Span) -> Option<Value> {
        if !(fk.receiver.is_none() && fk.called && last(&fk.class) == "ForeignKeyConstraint") {
            return None;
        }
        let metadata = self
            .reflected
            .iter()
            .find_map(|(m, _, table)| match table {
                Value::Object(t) => t
                    .args
                    .positional
                    .iter()
                    .any(|item| matches!(item, Value::Object(i) if Rc::ptr_eq(i, fk)))
                    .then(|| m.clone()),
                _ => None,
            })?;
        let name = referred_name(fk)?;
        Some(self.load_table(&metadata, &name, false, span))
    }

    /// `metadata.reflect(bind, schema=None, only=None)`: every table of the schema (those
    /// `only` names), loaded into the metadata.
    /// `metadata.tables` (a dict by key) or `metadata.sorted_tables` (a list) of `tables`,
    /// each remembered as coming from `metadata`.
    pub(super) fn tables_value(
        &mut self,
        metadata: &Value,
        tables: Vec<(String, Value)>,
        attr: &str,
    ) -> Value {
        // Which metadata each table came from (metadata merged into another).
        for (_, t) in &tables {
            self.table_sources.push((t.clone(), metadata.clone()));
        }
        if attr == "tables" {
            Value::Dict(
                tables
                    .into_iter()
                    .map(|(name, t)| (Value::Str(name), t))
                    .collect(),
            )
        } else {
            Value::List(tables.into_iter().map(|(_, t)| t).collect())
        }
    }

    pub(super) fn reflect_metadata(&mut self, metadata: &Value, args: &Args, span: &Span) -> Value {
        if !matches!(args.get(0, "bind"), Some(Value::Handle(Handle::Bind))) {
            return Value::unknown("`reflect()` without the migration's connection");
        }
        let schema = args
            .keyword("schema")
            .and_then(Value::as_str)
            .map(str::to_string);
        let query = Args {
            keywords: schema
                .iter()
                .map(|s| ("schema".to_string(), Value::Str(s.clone())))
                .collect(),
            ..Args::default()
        };
        let Value::List(names) = self.host.inspect("get_table_names", &query, false, span) else {
            return Value::unknown("the tables of the database");
        };
        let only: Option<Vec<String>> = match args.keyword("only") {
            None | Some(Value::None) => None,
            Some(v) => match v.as_seq() {
                Some(items) => Some(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                ),
                None => return Value::unknown("`reflect(only=...)` not known statically"),
            },
        };
        let mut names: Vec<String> = names
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .filter(|n| only.as_ref().is_none_or(|o| o.contains(n)))
            .collect();
        names.sort();
        for name in names {
            self.load_table(metadata, &QualName::new(schema.clone(), name), false, span);
        }
        Value::None
    }

    /// The tables reflection loaded into `metadata`, keyed as `metadata.tables` keys them, in
    /// the order loaded; `None` when it loaded none.
    pub(super) fn reflected_tables(&self, metadata: &Value) -> Option<Vec<(String, Value)>> {
        let found: Vec<(String, Value)> = self
            .reflected
            .iter()
            .filter(|(m, _, _)| same_metadata(m, metadata))
            .map(|(_, (_, name), table)| {
                let schema = match table {
                    Value::Object(o) => o
                        .args
                        .keyword("schema")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    _ => None,
                };
                (
                    tables_key(&QualName::new(schema, name.clone())),
                    table.clone(),
                )
            })
            .collect();
        (!found.is_empty()).then_some(found)
    }
}

/// `str()` of a type the inspector returns (see `sqlalchemy::types::reflected_type`): SQLAlchemy compiles it
/// with its default dialect, which writes the class's generic name with a length, precision
/// and scale, and nothing of a time zone or fractional-second precision (`VARCHAR(36)`,
/// `NUMERIC(10, 2)`, `TIMESTAMP`, `DOUBLE PRECISION`). `None` for what it writes otherwise
/// (an array).
pub fn reflected_type_text(o: &Object) -> Option<String> {
    let class = o.class.strip_prefix("sqlalchemy.dialects.postgresql.")?;
    if !o.called || o.receiver.is_some() || class == "ARRAY" {
        return None;
    }
    let int = |name: &str| match o.args.keyword(name) {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    Some(match class {
        "VARCHAR" | "CHAR" => match int("length") {
            Some(n) => format!("{class}({n})"),
            None => class.to_string(),
        },
        "NUMERIC" => match (int("precision"), int("scale")) {
            (Some(p), Some(s)) => format!("NUMERIC({p}, {s})"),
            (Some(p), None) => format!("NUMERIC({p})"),
            _ => "NUMERIC".to_string(),
        },
        "DOUBLE_PRECISION" => "DOUBLE PRECISION".to_string(),
        other => other.to_string(),
    })
}
