//! A SQLAlchemy metadata and the tables it holds, as `create_all()` sees them: which
//! metadata a value names (`Base.metadata`, `MetaData()`, Flask-SQLAlchemy's `db`), each
//! declared table as the arguments of `op.create_table(...)`, and the order `create_all()`
//! creates them in. The models reader and the replay (DDL a revision runs through
//! SQLAlchemy itself) both build tables from here.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use super::types::class_name;
use crate::diagnostic::Span;
use crate::eval::value::{Args, ClassValue, Object, Value};
use crate::ir::QualName;
use crate::schema::{key, Key};

/// One table a model declares, as the arguments of `op.create_table(...)`, and its indexes
/// as those of `op.create_index(...)`.
#[derive(Debug)]
pub(crate) struct TableDecl {
    pub name: QualName,
    pub span: Span,
    pub create_table: Args,
    pub indexes: Vec<Args>,
    /// Column name → where it is declared.
    pub column_spans: Vec<(String, Span)>,
    /// Tables this one references through foreign keys (for `create_all`'s order).
    pub references: BTreeSet<Key>,
}

/// The order `create_all()` creates tables in: referenced tables first (SQLAlchemy's
/// `sorted_tables`), ties and cycles in declaration order.
pub(crate) fn create_all_order(tables: &[TableDecl]) -> Vec<usize> {
    let by_key: HashMap<Key, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (key(&t.name), i))
        .collect();
    let mut done = vec![false; tables.len()];
    let mut order = Vec::new();
    fn visit(
        i: usize,
        tables: &[TableDecl],
        by_key: &HashMap<Key, usize>,
        done: &mut Vec<bool>,
        visiting: &mut BTreeSet<usize>,
        order: &mut Vec<usize>,
    ) {
        if done[i] || !visiting.insert(i) {
            return;
        }
        for r in &tables[i].references {
            if let Some(&j) = by_key.get(r) {
                if j != i {
                    visit(j, tables, by_key, done, visiting, order);
                }
            }
        }
        visiting.remove(&i);
        if !done[i] {
            done[i] = true;
            order.push(i);
        }
    }
    for i in 0..tables.len() {
        visit(
            i,
            tables,
            &by_key,
            &mut done,
            &mut BTreeSet::new(),
            &mut order,
        );
    }
    order
}

/// What a `target_metadata` value names: the declarative base (or `db`) whose metadata it is,
/// or a `MetaData(...)` object tables are attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Root {
    /// A class of the checkout (`class Base(DeclarativeBase)`), by pointer.
    Class(*const ClassValue),
    /// An object (`declarative_base()`, `SQLAlchemy()`, `MetaData()`), by pointer.
    Object(*const Object),
    /// `SQLModel.metadata`: the one metadata of every SQLModel table class.
    SqlModel,
}

pub(crate) fn root_of_metadata(v: &Value) -> Option<Root> {
    let sqlmodel = |n: &str| n == "sqlmodel.SQLModel" || n == "sqlmodel.main.SQLModel";
    match v {
        Value::External(n) if n.strip_suffix(".metadata").is_some_and(sqlmodel) => {
            Some(Root::SqlModel)
        }
        Value::Object(o)
            if o.class == "metadata"
                && matches!(&o.receiver, Some(Value::External(n)) if sqlmodel(n)) =>
        {
            Some(Root::SqlModel)
        }
        // `Base.metadata` / `db.metadata` / `db.Model.metadata` of an object.
        Value::Object(o) if o.class == "metadata" => match &o.receiver {
            Some(Value::Object(r)) if r.class == "Model" => match &r.receiver {
                Some(Value::Object(db)) => Some(Root::Object(Rc::as_ptr(db))),
                _ => Some(Root::Object(Rc::as_ptr(r))),
            },
            // `Base.metadata` of `Base = declarative_base()`, `db.metadata`, a registry's: an
            // object SQLAlchemy makes. Any other object (an attribute of a value driftlock
            // does not follow) names no metadata it knows.
            Some(Value::Object(r))
                if matches!(
                    class_name(&r.class),
                    "declarative_base" | "generate_base" | "SQLAlchemy" | "registry" | "MetaData"
                ) =>
            {
                Some(object_root(r))
            }
            Some(Value::Class(c)) => Some(declarative_root(c)),
            _ => None,
        },
        // `MetaData(...)` itself.
        Value::Object(o) if class_name(&o.class) == "MetaData" => Some(Root::Object(Rc::as_ptr(o))),
        Value::Class(c) => Some(Root::Class(Rc::as_ptr(c))),
        // Flask-SQLAlchemy's `db` itself.
        Value::Object(o) if class_name(&o.class) == "SQLAlchemy" => {
            Some(Root::Object(Rc::as_ptr(o)))
        }
        _ => None,
    }
}

/// The metadata a class's `.metadata` is: a model's is its declarative base's (`User.metadata`
/// is `Base.metadata`). The class itself when it is a base, or when no base above it is known.
fn declarative_root(c: &Rc<ClassValue>) -> Root {
    base_root(c).unwrap_or(Root::Class(Rc::as_ptr(c)))
}

/// The declarative base at or above `c`: a class that subclasses SQLAlchemy's own base
/// classes or sets its own `metadata`, a `declarative_base()` object, Flask-SQLAlchemy's `db`.
fn base_root(c: &Rc<ClassValue>) -> Option<Root> {
    let sqlalchemy_base = |b: &Value| matches!(b, Value::External(n) if matches!(class_name(n), "DeclarativeBase" | "DeclarativeBaseNoMeta" | "SQLModel"));
    if c.attributes.contains_key("metadata") || c.bases.iter().any(sqlalchemy_base) {
        return Some(Root::Class(Rc::as_ptr(c)));
    }
    c.bases.iter().find_map(|b| match b {
        Value::Class(b) => base_root(b),
        // `db.Model`: the metadata is `db`'s.
        Value::Object(o) if o.class == "Model" => match &o.receiver {
            Some(Value::Object(db)) => Some(Root::Object(Rc::as_ptr(db))),
            _ => Some(Root::Object(Rc::as_ptr(o))),
        },
        Value::Object(o) => Some(object_root(o)),
        _ => None,
    })
}

/// The `MetaData` object a declarative base or a registry was given: `declarative_base(
/// metadata=m)`, `registry(metadata=m)` and `registry(metadata=m).generate_base()` all hold
/// their tables in `m`, the one metadata whichever of them names it.
fn given_metadata(o: &Rc<Object>) -> Option<&Rc<Object>> {
    match (class_name(&o.class), &o.receiver) {
        ("declarative_base" | "registry", _) => match o.args.keyword("metadata") {
            Some(Value::Object(m)) => Some(m),
            _ => None,
        },
        ("generate_base", Some(Value::Object(registry))) => given_metadata(registry),
        _ => None,
    }
}

/// The root an object SQLAlchemy makes names: the `MetaData` it was given, or itself.
fn object_root(o: &Rc<Object>) -> Root {
    Root::Object(Rc::as_ptr(given_metadata(o).unwrap_or(o)))
}

/// Every root a declarative base object answers to: itself, the `MetaData` it was given
/// (`declarative_base(metadata=m)`) and, for `registry(...).generate_base()`, the registry
/// (`target_metadata = mapper_registry.metadata`) and the registry's `MetaData`.
pub(crate) fn roots_of_base(o: &Rc<Object>) -> Vec<Root> {
    let mut out = vec![Root::Object(Rc::as_ptr(o))];
    if let Some(Value::Object(m)) = o.args.keyword("metadata") {
        out.push(Root::Object(Rc::as_ptr(m)));
    }
    if let ("generate_base", Some(Value::Object(registry))) = (class_name(&o.class), &o.receiver) {
        out.push(Root::Object(Rc::as_ptr(registry)));
    }
    if let Some(m) = given_metadata(o) {
        out.push(Root::Object(Rc::as_ptr(m)));
    }
    out
}

/// `schema=` of the `MetaData(...)` a value is or stands for (`MetaData(schema="app")`, a
/// base, registry or database object given one, `Base.metadata`): the schema SQLAlchemy gives
/// the tables of that metadata, and the foreign key targets, that name none.
pub(crate) fn metadata_schema(v: &Value) -> Option<String> {
    let mut at = Some(v);
    let mut steps = 0;
    while let Some(current) = at {
        steps += 1;
        if steps > 32 {
            return None;
        }
        at = match current {
            Value::Object(o) => match class_name(&o.class) {
                "MetaData" => {
                    return o
                        .args
                        .keyword("schema")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                }
                "declarative_base" | "registry" | "SQLAlchemy" => o.args.keyword("metadata"),
                "generate_base" | "metadata" | "Model" => o.receiver.as_ref(),
                _ => None,
            },
            Value::Class(c) => return class_metadata_schema(c),
            _ => None,
        };
    }
    None
}

/// The default schema of the metadata a mapped class's table goes to: its own or inherited
/// `metadata` attribute, else its base's.
pub(crate) fn class_metadata_schema(c: &ClassValue) -> Option<String> {
    let mut stack = vec![c];
    let mut seen = 0;
    while let Some(class) = stack.pop() {
        seen += 1;
        if seen > 64 {
            return None;
        }
        if let Some(m) = class.attributes.get("metadata") {
            return metadata_schema(m);
        }
        for base in class.bases.iter().rev() {
            match base {
                Value::Class(b) => stack.push(b),
                other => {
                    if let Some(schema) = metadata_schema(other) {
                        return Some(schema);
                    }
                }
            }
        }
    }
    None
}

/// A table's schema: its own `schema=`, else the metadata's `default`, which is then given to
/// it (as SQLAlchemy's `Table` takes `MetaData.schema`).
pub(crate) fn table_schema(
    keywords: &mut Vec<(String, Value)>,
    default: Option<String>,
) -> Option<String> {
    let own = keywords.iter().find(|(k, _)| k == "schema").map(|(_, v)| v);
    match (own, default) {
        (Some(v), _) => v.as_str().map(str::to_string),
        (None, Some(default)) => {
            keywords.push(("schema".into(), Value::Str(default.clone())));
            Some(default)
        }
        (None, None) => None,
    }
}

/// The table's items with each foreign key target that names no schema (`"users.id"`) given
/// the metadata's `default` schema, as SQLAlchemy resolves it (`ForeignKey`'s parent table's
/// `metadata.schema`).
pub(crate) fn with_default_schema(items: Vec<Value>, default: Option<&str>) -> Vec<Value> {
    let Some(default) = default else {
        return items;
    };
    let qualify = |v: &Value| match v {
        Value::Str(s) if s.split('.').count() == 2 => Value::Str(format!("{default}.{s}")),
        other => other.clone(),
    };
    let rebuilt = |o: &Rc<Object>, args: Args| {
        Value::Object(Rc::new(Object {
            class: o.class.clone(),
            receiver: o.receiver.clone(),
            args,
            called: o.called,
            span: o.span.clone(),
        }))
    };
    items
        .into_iter()
        .map(|item| {
            let Value::Object(o) = &item else {
                return item;
            };
            match class_name(&o.class) {
                "Column" => {
                    let mut args = o.args.clone();
                    for p in &mut args.positional {
                        if let Value::Object(fk) = p {
                            if class_name(&fk.class) == "ForeignKey" {
                                let mut fk_args = fk.args.clone();
                                if let Some(target) = fk_args.positional.first_mut() {
                                    *target = qualify(target);
                                }
                                *p = rebuilt(fk, fk_args);
                            }
                        }
                    }
                    rebuilt(o, args)
                }
                "ForeignKeyConstraint" => {
                    let mut args = o.args.clone();
                    let targets = match args.positional.get_mut(1) {
                        Some(t) => Some(t),
                        None => args
                            .keywords
                            .iter_mut()
                            .find(|(k, _)| k == "refcolumns")
                            .map(|(_, v)| v),
                    };
                    if let Some(Value::List(ts) | Value::Tuple(ts)) = targets {
                        for t in ts.iter_mut() {
                            *t = qualify(t);
                        }
                    }
                    rebuilt(o, args)
                }
                _ => item,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn table(name: &str, references: &[&str]) -> TableDecl {
        TableDecl {
            name: QualName::new(None, name),
            span: Span::new(FileId(0), 0..0),
            create_table: Args::default(),
            indexes: Vec::new(),
            column_spans: Vec::new(),
            references: references
                .iter()
                .map(|r| ("public".to_string(), r.to_string()))
                .collect(),
        }
    }

    fn order(tables: &[TableDecl]) -> Vec<String> {
        create_all_order(tables)
            .into_iter()
            .map(|i| tables[i].name.name.clone())
            .collect()
    }

    #[test]
    fn create_all_creates_referenced_tables_first() {
        // Declared before what they reference, as classes often are.
        let tables = [
            table("orders", &["users", "products"]),
            table("users", &[]),
            table("products", &["vendors"]),
            table("vendors", &[]),
        ];
        // Referenced tables first, in name order of the references.
        assert_eq!(order(&tables), ["vendors", "products", "users", "orders"]);
    }

    #[test]
    fn cycles_and_self_references_keep_declaration_order() {
        let tables = [
            table("a", &["b"]),
            table("b", &["a"]),
            table("tree", &["tree"]),
            table("leaf", &["missing"]),
        ];
        assert_eq!(order(&tables), ["b", "a", "tree", "leaf"]);
    }
}
