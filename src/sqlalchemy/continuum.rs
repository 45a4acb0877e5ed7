//! SQLAlchemy-Continuum's version tables. `make_versioned()` makes the library add, when the
//! mappers are configured, a `<table>_version` table for every class with `__versioned__`
//! (and for the association tables of its many-to-many relationships) and a `transaction`
//! table, all on the models' metadata: `create_all()` creates them, so they are part of the
//! declared schema. A version table has the parent's columns (less `__versioned__`'s
//! `exclude`), each copied as the library copies it: same type and server default, its
//! `index` flag, primary key columns NOT NULL and the others nullable, no autoincrement, no
//! unique flag and no foreign key; then `transaction_id` (BIGINT, part of the primary key),
//! `end_transaction_id` (with the default `validity` strategy) and `operation_type`, each
//! indexed. The parent's table-level constraints and indexes are not copied.

use std::collections::BTreeSet;
use std::rc::Rc;

use crate::diagnostic::Span;
use crate::eval::value::{Args, Object, Value};
use crate::ir::QualName;
use crate::schema::key;
use crate::sqlalchemy::declarative::column_object;
use crate::sqlalchemy::metadata::TableDecl;
use crate::sqlalchemy::types::class_name;

/// The options `make_versioned()` was given that shape the tables.
struct Options {
    table_name: String,
    transaction_column: String,
    end_transaction_column: String,
    operation_type_column: String,
    validity: bool,
    remote_addr: bool,
    user_class: Option<String>,
    /// The stock `TransactionFactory` numbers transactions with its own sequence
    /// (`Sequence("transaction_id_seq")`: no server default); a project's subclass of it
    /// rebuilds the class, usually without it (a BIGSERIAL), which is what is assumed.
    own_sequence: bool,
}

impl Options {
    fn of(call: &Args) -> Options {
        let text = |options: Option<&Value>, name: &str, default: &str| -> String {
            match options {
                Some(Value::Dict(items)) => items
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(name))
                    .and_then(|(_, v)| v.as_str().map(str::to_string)),
                _ => None,
            }
            .unwrap_or_else(|| default.to_string())
        };
        let options = call.keyword("options");
        // `manager=VersioningManager(transaction_cls=TransactionFactory(remote_addr=False))`.
        let factory = match call.keyword("manager") {
            Some(Value::Object(manager)) => match manager.args.keyword("transaction_cls") {
                Some(Value::Object(factory)) => Some(factory.clone()),
                _ => None,
            },
            _ => None,
        };
        let remote_addr = factory
            .as_ref()
            .and_then(|f| f.args.get(0, "remote_addr").and_then(Value::as_bool))
            .unwrap_or(true);
        // A project's class is instantiated with the class as its receiver.
        let own_sequence = !matches!(
            factory.as_ref().map(|f| &f.receiver),
            Some(Some(Value::Class(_)))
        );
        let user_class = match call.keyword("user_cls") {
            None => Some("User".to_string()),
            Some(Value::Str(s)) => Some(s.clone()),
            Some(Value::Class(c)) => Some(c.name.clone()),
            Some(_) => None,
        };
        Options {
            table_name: text(options, "table_name", "%s_version"),
            transaction_column: text(options, "transaction_column_name", "transaction_id"),
            end_transaction_column: text(
                options,
                "end_transaction_column_name",
                "end_transaction_id",
            ),
            operation_type_column: text(options, "operation_type_column_name", "operation_type"),
            validity: text(options, "strategy", "validity") == "validity",
            remote_addr,
            user_class,
            own_sequence,
        }
    }
}

/// `sa.Column(name, ty, **keywords)` for a type given by its name.
fn column(name: &str, ty: &str, keywords: Vec<(&str, Value)>, span: &Span) -> Value {
    column_object(
        name,
        vec![Value::External(ty.to_string())],
        keywords
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        span,
    )
}

/// The version tables and the `transaction` table `make_versioned(call)` adds to `tables`
/// (the declared tables; `mapped` are the mapped classes, each with its table's name: those
/// with `__versioned__`, their own or inherited, are versioned).
pub(crate) fn version_tables(
    call: &Args,
    mapped: &[(Rc<crate::eval::value::ClassValue>, String)],
    tables: &[TableDecl],
    span: &Span,
) -> Vec<TableDecl> {
    let options = Options::of(call);
    let mut out = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let versioned = mapped
        .iter()
        .filter(|(c, _)| crate::eval::class_attribute(c, "__versioned__").is_some());
    for (class, table) in versioned {
        let Some(parent) = tables.iter().find(|t| &t.name.name == table) else {
            continue;
        };
        let exclude: Vec<String> = match crate::eval::class_attribute(class, "__versioned__") {
            Some(Value::Dict(items)) => items
                .iter()
                .find(|(k, _)| k.as_str() == Some("exclude"))
                .and_then(|(_, v)| match v {
                    Value::List(l) | Value::Tuple(l) | Value::Set(l) => Some(
                        l.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect(),
                    ),
                    _ => None,
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if done.insert(parent.name.name.clone()) {
            out.push(version_of(parent, &exclude, &options));
        }
        // The association tables of its many-to-many relationships.
        for value in class.attributes.values() {
            let Value::Object(r) = value else { continue };
            if class_name(&r.class) != "relationship" {
                continue;
            }
            let secondary = match r.args.keyword("secondary") {
                Some(Value::Str(name)) => Some(name.clone()),
                Some(Value::Object(t)) if class_name(&t.class) == "Table" => t
                    .args
                    .positional
                    .first()
                    .and_then(|v| v.as_str().map(str::to_string)),
                _ => None,
            };
            let Some(association) =
                secondary.and_then(|n| tables.iter().find(|t| t.name.name == n))
            else {
                continue;
            };
            if done.insert(association.name.name.clone()) {
                out.push(version_of(association, &[], &options));
            }
        }
    }
    if !out.is_empty() {
        let user_table = options.user_class.as_ref().and_then(|name| {
            let (_, table) = mapped.iter().find(|(c, _)| &c.name == name)?;
            tables.iter().find(|t| &t.name.name == table)
        });
        out.push(transaction_table(&options, user_table, span));
    }
    out
}

/// The version table of `parent`.
fn version_of(parent: &TableDecl, exclude: &[String], options: &Options) -> TableDecl {
    let span = &parent.span;
    let name = options.table_name.replace("%s", &parent.name.name);
    // Columns a table-level primary key names are primary key columns too.
    let mut pk_columns: BTreeSet<String> = BTreeSet::new();
    for item in parent.create_table.positional.iter().skip(1) {
        if let Value::Object(o) = item {
            if class_name(&o.class) == "PrimaryKeyConstraint" {
                pk_columns.extend(o.args.positional.iter().filter_map(|v| {
                    match v {
                        Value::Str(s) => Some(s.clone()),
                        Value::Object(c) => c
                            .args
                            .positional
                            .first()
                            .and_then(|n| n.as_str().map(str::to_string)),
                        _ => None,
                    }
                }));
            }
        }
    }
    let mut positional = vec![Value::Str(name.clone())];
    let mut column_spans = Vec::new();
    for item in parent.create_table.positional.iter().skip(1) {
        let Value::Object(o) = item else { continue };
        if class_name(&o.class) != "Column" {
            continue;
        }
        let Some(Value::Str(column_name)) = o.args.positional.first() else {
            continue;
        };
        if exclude.contains(column_name) {
            continue;
        }
        let primary_key = o.args.keyword("primary_key").and_then(Value::as_bool) == Some(true)
            || pk_columns.contains(column_name);
        // The type, without foreign keys, sequences or other column elements.
        let ty = o.args.positional.get(1).filter(|t| match t {
            Value::Object(e) => !matches!(
                class_name(&e.class),
                "ForeignKey" | "Sequence" | "Identity" | "Computed"
            ),
            _ => true,
        });
        let kept: Vec<Value> = ty.cloned().into_iter().collect();
        let mut keywords: Vec<(String, Value)> = Vec::new();
        for (k, v) in &o.args.keywords {
            if matches!(
                k.as_str(),
                "server_default" | "index" | "comment" | "type_" | "key"
            ) {
                keywords.push((k.clone(), v.clone()));
            }
        }
        keywords.push(("primary_key".into(), Value::Bool(primary_key)));
        keywords.push(("nullable".into(), Value::Bool(!primary_key)));
        keywords.push(("autoincrement".into(), Value::Bool(false)));
        positional.push(column_object(column_name, kept, keywords, &o.span));
        if let Some((_, s)) = parent.column_spans.iter().find(|(c, _)| c == column_name) {
            column_spans.push((column_name.clone(), s.clone()));
        }
    }
    positional.push(column(
        &options.transaction_column,
        "sqlalchemy.BigInteger",
        vec![
            ("primary_key", Value::Bool(true)),
            ("index", Value::Bool(true)),
            ("autoincrement", Value::Bool(false)),
        ],
        span,
    ));
    if options.validity {
        positional.push(column(
            &options.end_transaction_column,
            "sqlalchemy.BigInteger",
            vec![("index", Value::Bool(true))],
            span,
        ));
    }
    positional.push(column(
        &options.operation_type_column,
        "sqlalchemy.SmallInteger",
        vec![
            ("nullable", Value::Bool(false)),
            ("index", Value::Bool(true)),
        ],
        span,
    ));
    let mut create_table = Args {
        positional,
        ..Args::default()
    };
    if let Some(schema) = &parent.name.schema {
        create_table
            .keywords
            .push(("schema".into(), Value::Str(schema.clone())));
    }
    TableDecl {
        name: QualName::new(parent.name.schema.clone(), name),
        span: span.clone(),
        create_table,
        indexes: Vec::new(),
        column_spans,
        references: BTreeSet::new(),
    }
}

/// The `transaction` table: an id, when it was issued, the client's address (unless the
/// transaction factory says `remote_addr=False`) and the user (a foreign key to the user
/// class's table, when there is one).
fn transaction_table(options: &Options, user_table: Option<&TableDecl>, span: &Span) -> TableDecl {
    let mut id = vec![Value::External("sqlalchemy.BigInteger".into())];
    if options.own_sequence {
        let sequence = Value::Str("transaction_id_seq".into());
        id.push(Object::call(
            "sqlalchemy.Sequence",
            vec![sequence],
            Vec::new(),
            span,
        ));
    }
    let mut positional = vec![
        Value::Str("transaction".into()),
        column_object(
            "id",
            id,
            vec![
                ("primary_key".into(), Value::Bool(true)),
                ("autoincrement".into(), Value::Bool(true)),
            ],
            span,
        ),
        column("issued_at", "sqlalchemy.DateTime", Vec::new(), span),
    ];
    if options.remote_addr {
        let string50 = Object::call("sqlalchemy.String", vec![Value::Int(50)], Vec::new(), span);
        positional.push(column_object(
            "remote_addr",
            vec![string50],
            Vec::new(),
            span,
        ));
    }
    let mut references = BTreeSet::new();
    if let Some(user) = user_table {
        // Typed by the user table's primary key, as the foreign key's target.
        let target = Value::Str(format!("{}.id", user.name.name));
        let foreign_key = Object::call("sqlalchemy.ForeignKey", vec![target], Vec::new(), span);
        positional.push(column_object(
            "user_id",
            vec![foreign_key],
            vec![("index".into(), Value::Bool(true))],
            span,
        ));
        references.insert(key(&user.name));
    }
    TableDecl {
        name: QualName::new(None, "transaction".to_string()),
        span: span.clone(),
        create_table: Args {
            positional,
            ..Args::default()
        },
        indexes: Vec::new(),
        column_spans: Vec::new(),
        references,
    }
}
