//! Drift: the replayed schema (what the migrations build) against the declared one (what the
//! models describe), in Alembic autogenerate's vocabulary, from the point of view of "the
//! migration one would need to write so that the database matches the models".
//!
//! First the comparisons `alembic check` makes (with `compare_type` and
//! `compare_server_default` on), with its rules: tables and columns by name, types compared
//! on what both sides state (a length on one side only is no difference), nullability,
//! defaults by meaning, comments, indexes and unique constraints by name (unique constraints
//! also by columns), foreign keys by what they do (columns, target, actions), named checks.
//! Both schemas are PostgreSQL's canonical form, so differences of spelling alone
//! (`func.now()` vs `now()`, `'x'` vs `'x'::character varying`, `REAL` vs `Float(24)`) never
//! show. Then what Alembic does not compare, labelled in the detail: enum labels, check
//! constraints by content, primary keys.

pub mod include;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::ConstraintKind;
use crate::models::Origins;
use crate::pg::expr::{check_text, without_literal_cast};
use crate::schema::{Column, Constraint, Index, Key, Schema, SqlType, Table};

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: &'static str,
    /// The table's schema; `public` for the default one.
    pub schema: String,
    pub table: String,
    pub column: Option<String>,
    pub name: Option<String>,
    pub detail: String,
    /// Where the model declares it (for what the model has and the database lacks or has
    /// differently).
    pub span: Option<Span>,
}

/// What the comparison leaves out.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Compare tables outside `public` too (`include_schemas=True` in env.py).
    pub include_schemas: bool,
    /// Alembic's version table.
    pub version_table: String,
    /// Tables (`name` or `schema.name`) and columns (`table.column`) to leave out.
    pub ignore: Vec<String>,
    /// env.py's `include_object` leaves out tables the metadata does not have (`name not in
    /// target_metadata.tables`): no `remove_table`.
    pub only_model_tables: bool,
    /// env.py's `compare_server_default` is on (Alembic's default: off).
    pub compare_server_default: bool,
    /// env.py's `compare_type` is on (Alembic's default since 1.12: on).
    pub compare_type: bool,
    /// The SQLAlchemy installed beside the project reflects expression indexes (2.0 on):
    /// before it, Alembic sees none on either side.
    pub compare_expression_indexes: bool,
}

impl Filters {
    /// The filters `env.py` sets, and the tables and columns the configuration ignores.
    pub fn new(env: &crate::env_py::EnvOptions, ignore: &[String]) -> Self {
        Filters {
            include_schemas: env.include_schemas,
            version_table: env.version_table_name(),
            ignore: ignore.to_vec(),
            only_model_tables: env.skips_tables_outside_metadata,
            compare_server_default: env.compare_server_default,
            compare_type: env.compare_type,
            compare_expression_indexes: env.reflects_expression_indexes,
        }
    }

    /// SQLAlchemy before 2.0 reflects no expression index, and Alembic then leaves the
    /// models' out too: an item about one is reported all the same, labelled.
    fn label_index(&self, i: &Index, detail: String) -> String {
        let expression = i
            .keys
            .iter()
            .any(|key| matches!(key, crate::ir::IndexKey::Expression(_)));
        if expression && !self.compare_expression_indexes {
            format!(
                "{detail} (a comparison Alembic does not make with SQLAlchemy 1.x, which \
                 reflects no expression index)"
            )
        } else {
            detail
        }
    }

    fn ignores_table(&self, k: &Key) -> bool {
        (k.0 != "public" && !self.include_schemas)
            || k.1 == self.version_table
            || self
                .ignore
                .iter()
                .any(|i| *i == k.1 || *i == format!("{}.{}", k.0, k.1))
    }

    fn ignores_column(&self, k: &Key, column: &str) -> bool {
        self.ignore
            .iter()
            .any(|i| *i == format!("{}.{column}", k.1) || *i == format!("{}.{}.{column}", k.0, k.1))
    }
}

/// Why models found by a search, env.py's metadata not being known, may lack tables the
/// project declares.
pub const SEARCHED_MODELS: &str = "the models were found by searching the project (env.py does not say which they are), and a module not read may declare them";

/// Why models whose functions build tables at run time may lack tables the project declares.
pub const RUN_TIME_MODELS: &str = "functions of the models build tables from data when the application calls them (`run-time-tables`), and these may be such tables";

/// Why the models read may lack tables the project declares ([`SEARCHED_MODELS`],
/// [`RUN_TIME_MODELS`]), when they may: drift then leaves out the tables they lack
/// ([`leave_out_missing_tables`]).
pub fn why_models_may_lack_tables(declared: &crate::models::Declared) -> Option<&'static str> {
    if declared.metadata_unknown {
        Some(SEARCHED_MODELS)
    } else {
        declared.run_time_tables.then_some(RUN_TIME_MODELS)
    }
}

/// Leaves out the items of tables the migrations create and the models lack (`remove_table`
/// and the indexes and constraints listed with it), for models that may be incomplete (`why`:
/// a file that could not be read, models found by a search). Returns the finding that says
/// how many were left out, when any was.
pub fn leave_out_missing_tables(
    items: &mut Vec<Item>,
    declared: &Schema,
    why: &str,
) -> Option<Diagnostic> {
    let before = items.len();
    items.retain(|i| {
        let k: Key = (i.schema.clone(), i.table.clone());
        i.kind != "remove_table"
            && (declared.tables.contains_key(&k) || !i.kind.starts_with("remove_"))
    });
    let left_out = before - items.len();
    (left_out > 0).then(|| {
        Diagnostic::info(
            Kind::Unanalyzable,
            codes::DRIFT_NOT_CHECKED,
            format!("{left_out} item(s) of tables the models lack (remove_table and what goes with it) are left out: {why}"),
        )
    })
}

/// The declared schema as Alembic compares it: what the tables' `after_create` listeners
/// made is in the database `create_all()` builds, not in the metadata, so it is left out.
/// The revision writer builds from the same view, as autogenerate writes only the metadata.
pub fn compared_metadata<'a>(declared: &'a Schema, origins: &Origins) -> Cow<'a, Schema> {
    if origins.outside_metadata.is_empty() {
        return Cow::Borrowed(declared);
    }
    let mut own = declared.clone();
    for ((schema, table), name) in &origins.outside_metadata {
        if let Some(mut t) = own.tables.get_mut(&(schema.clone(), table.clone())) {
            t.indexes.retain(|i| &i.name != name);
            t.constraints.retain(|c| &c.name != name);
        }
    }
    Cow::Owned(own)
}

/// The differences between the replayed and the declared schema, sorted by (table, kind,
/// column, name).
pub fn compare(
    replayed: &Schema,
    declared: &Schema,
    origins: &Origins,
    filters: &Filters,
) -> Vec<Item> {
    let declared = compared_metadata(declared, origins);
    let declared = declared.as_ref();
    let mut out = Vec::new();
    let item =
        |kind: &'static str, k: &Key, column: Option<&str>, name: Option<&str>, detail: String| {
            Item {
                kind,
                schema: k.0.clone(),
                table: k.1.clone(),
                column: column.map(str::to_string),
                name: name.map(str::to_string),
                detail,
                span: column
                    .and_then(|c| origins.columns.get(&(k.clone(), c.to_string())))
                    .or_else(|| origins.tables.get(k))
                    .cloned(),
            }
        };
    let keys: BTreeSet<&Key> = replayed
        .tables
        .keys()
        .chain(declared.tables.keys())
        .collect();
    for k in keys {
        // A model table driftlock could not build (said where it is declared) is not
        // compared: its absence from the models is driftlock's, not the project's.
        if filters.ignores_table(k) || origins.unbuilt.contains(k) {
            continue;
        }
        match (replayed.tables.get(k), declared.tables.get(k)) {
            (None, Some(model)) => out.extend(new_table(
                k,
                model,
                format!(
                    "the models declare table {}; no migration creates it",
                    crate::schema::display_key(k)
                ),
                origins.tables.get(k).cloned(),
            )),
            (Some(_), None) if filters.only_model_tables => {}
            (Some(db), None) => {
                out.push(item(
                    "remove_table",
                    k,
                    None,
                    None,
                    format!(
                        "the migrations create table {}; no model declares it",
                        crate::schema::display_key(k)
                    ),
                ));
                // Alembic compares a dropped table's indexes too, and lists each
                // (its unique constraints go with the table).
                for i in &db.indexes {
                    let detail = filters.label_index(
                        i,
                        format!("index {} of the table no model declares", i.name),
                    );
                    out.push(item("remove_index", k, None, Some(&i.name), detail));
                }
            }
            (Some(db), Some(model)) => {
                compare_table(k, db, model, filters, origins, &item, &mut out)
            }
            (None, None) => {}
        }
    }
    enum_labels(replayed, declared, origins, &mut out);
    // What env.py switches off, `alembic check` does not compare: still reported, labelled.
    for i in &mut out {
        let off = match i.kind {
            "modify_default" if !filters.compare_server_default => Some("compare_server_default"),
            "modify_type" if !filters.compare_type => Some("compare_type"),
            _ => None,
        };
        if let Some(option) = off {
            i.detail = format!(
                "{} (a comparison Alembic does not make with env.py's {option} off)",
                i.detail
            );
        }
    }
    sort(&mut out);
    out
}

/// Items in report order: by (schema, table, kind, column, name).
pub(crate) fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| {
        (&a.schema, &a.table, a.kind, &a.column, &a.name)
            .cmp(&(&b.schema, &b.table, b.kind, &b.column, &b.name))
    });
}

/// A table the models declare and the database (as Alembic sees it) lacks: `add_table`, then
/// each of its indexes, which Alembic lists apart.
pub(crate) fn new_table(k: &Key, model: &Table, detail: String, span: Option<Span>) -> Vec<Item> {
    let item = |kind: &'static str, name: Option<&str>, detail: String| Item {
        kind,
        schema: k.0.clone(),
        table: k.1.clone(),
        column: None,
        name: name.map(str::to_string),
        detail,
        span: span.clone(),
    };
    let mut out = vec![item("add_table", None, detail)];
    for i in &model.indexes {
        out.push(item(
            "add_index",
            Some(&i.name),
            format!("index {} on the new table", i.name),
        ));
    }
    out
}

type MakeItem<'a> = dyn Fn(&'static str, &Key, Option<&str>, Option<&str>, String) -> Item + 'a;

fn compare_table(
    k: &Key,
    db: &Table,
    model: &Table,
    filters: &Filters,
    origins: &Origins,
    item: &MakeItem<'_>,
    out: &mut Vec<Item>,
) {
    let t = crate::schema::display_key(k);
    for c in &model.columns {
        if filters.ignores_column(k, &c.name) {
            continue;
        }
        match db.column(&c.name) {
            None => out.push(item(
                "add_column",
                k,
                Some(&c.name),
                None,
                format!(
                    "the models declare {t}.{} {} {}; no migration adds it",
                    c.name,
                    c.ty,
                    if c.not_null { "NOT NULL" } else { "NULL" }
                ),
            )),
            Some(d) => {
                // A primary key column the model declares `nullable=True`: PostgreSQL makes it
                // NOT NULL, SQLAlchemy keeps it nullable, and Alembic compares SQLAlchemy's.
                let declared;
                let c = if origins.nullable_keys.contains(&(k.clone(), c.name.clone())) {
                    declared = Column {
                        not_null: false,
                        ..c.clone()
                    };
                    &declared
                } else {
                    c
                };
                compare_column(
                    k,
                    &t,
                    d,
                    c,
                    db,
                    Unread {
                        default: origins
                            .unread_defaults
                            .contains(&(k.clone(), c.name.clone())),
                        ty: origins.assumed_types.contains(&(k.clone(), c.name.clone())),
                    },
                    item,
                    out,
                )
            }
        }
    }
    for d in &db.columns {
        if model.column(&d.name).is_none() && !filters.ignores_column(k, &d.name) {
            out.push(item(
                "remove_column",
                k,
                Some(&d.name),
                None,
                format!("the migrations create {t}.{}; no model declares it", d.name),
            ));
        }
    }
    if db.comment != model.comment {
        out.push(item(
            "modify_comment",
            k,
            None,
            None,
            format!(
                "table comment: {} in the migrations, {} in the models",
                show_opt(&db.comment),
                show_opt(&model.comment)
            ),
        ));
    }
    compare_indexes(k, db, model, filters, &origins.unread_indexes, item, out);
    compare_constraints(k, db, model, origins, item, out);
}

fn show_opt(v: &Option<String>) -> String {
    v.as_deref()
        .map_or_else(|| "none".to_string(), |s| format!("'{s}'"))
}

/// Alembic's type comparison on canonical types: equal, or differing only in a modifier one
/// side does not state.
fn types_differ(db: &SqlType, model: &SqlType) -> bool {
    if db == model {
        return false;
    }
    let bare_db = db.without_modifiers();
    let bare_model = model.without_modifiers();
    if bare_db != bare_model {
        return true;
    }
    // Same type, different modifiers: a difference only if both state one.
    *db != bare_db && *model != bare_model
}

/// Defaults compared by meaning: the forms PostgreSQL itself treats as the same value.
fn same_default(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "now()" | "current_timestamp" | "transaction_timestamp()"
        ) {
            return "now()".into();
        }
        let no_cast = without_literal_cast(s);
        let unquoted = no_cast
            .strip_prefix('\'')
            .and_then(|x| x.strip_suffix('\''))
            .unwrap_or(no_cast);
        unquoted.to_string()
    }
    a == b || norm(a) == norm(b)
}

/// What of a model's column driftlock could not read: its server default (built at run time),
/// its type (kept with an assumed one). Neither is compared.
#[derive(Clone, Copy, Default)]
struct Unread {
    default: bool,
    ty: bool,
}

/// One column on both sides.
#[allow(clippy::too_many_arguments)]
fn compare_column(
    k: &Key,
    t: &str,
    d: &Column,
    c: &Column,
    db: &Table,
    unread: Unread,
    item: &MakeItem<'_>,
    out: &mut Vec<Item>,
) {
    let name = Some(c.name.as_str());
    if !unread.ty && types_differ(&d.ty, &c.ty) {
        out.push(item(
            "modify_type",
            k,
            name,
            None,
            format!(
                "{t}.{}: {} in the migrations, {} in the models",
                c.name, d.ty, c.ty
            ),
        ));
    }
    // Identity columns are NOT NULL whatever the model says (Alembic skips them too).
    if d.not_null != c.not_null && d.identity.is_none() && c.identity.is_none() {
        let show = |n: bool| if n { "NOT NULL" } else { "NULL" };
        out.push(item(
            "modify_nullable",
            k,
            name,
            None,
            format!(
                "{t}.{}: {} in the migrations, {} in the models",
                c.name,
                show(d.not_null),
                show(c.not_null)
            ),
        ));
    }
    // The default of a serial key is its sequence, not something a model writes (Alembic
    // skips the autoincrement primary key).
    let serial = |col: &Column| {
        col.default
            .as_deref()
            .is_some_and(|x| x.starts_with("nextval("))
    };
    let in_pk = db.primary_key().is_some_and(|pk| matches!(&pk.kind, ConstraintKind::PrimaryKey { columns } if columns.contains(&c.name)));
    let skip_default = in_pk && (serial(d) || serial(c)) || unread.default;
    let defaults_differ = match (&d.default, &c.default) {
        (None, None) => false,
        (Some(a), Some(b)) => !same_default(a, b),
        _ => true,
    };
    if defaults_differ && !skip_default {
        out.push(item(
            "modify_default",
            k,
            name,
            None,
            format!(
                "{t}.{}: default {} in the migrations, {} in the models",
                c.name,
                show_opt(&d.default),
                show_opt(&c.default)
            ),
        ));
    }
    if d.comment != c.comment {
        out.push(item(
            "modify_comment",
            k,
            name,
            None,
            format!(
                "{t}.{}: comment {} in the migrations, {} in the models",
                c.name,
                show_opt(&d.comment),
                show_opt(&c.comment)
            ),
        ));
    }
}

fn index_shape(i: &Index) -> (bool, Vec<String>) {
    (
        i.unique,
        i.keys
            .iter()
            .map(|k| match k {
                crate::ir::IndexKey::Column(c) => c.clone(),
                crate::ir::IndexKey::Expression(e) => {
                    without_casts(&e.replace(['(', ')', ' '], "").to_lowercase())
                }
            })
            .collect(),
    )
}

/// An index expression without its `::type` casts: PostgreSQL keeps the casts it added
/// (`lower((name)::text)` for a varchar column), the models do not write them.
fn without_casts(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    while let Some(at) = rest.find("::") {
        out.push_str(&rest[..at]);
        rest = rest[at + 2..]
            .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_' || c == '[' || c == ']');
    }
    out.push_str(rest);
    out
}

fn compare_indexes(
    k: &Key,
    db: &Table,
    model: &Table,
    filters: &Filters,
    unread: &std::collections::BTreeSet<(Key, String)>,
    item: &MakeItem<'_>,
    out: &mut Vec<Item>,
) {
    // An index the models give in a form driftlock could not read is not known to be missing.
    let unread = |name: &str| {
        unread
            .iter()
            .any(|(t, n)| t == k && (n.is_empty() || n == name))
    };
    let item = |kind: &'static str, i: &Index, detail: String| {
        item(kind, k, None, Some(&i.name), filters.label_index(i, detail))
    };
    for i in &model.indexes {
        match db.indexes.iter().find(|x| x.name == i.name) {
            None => out.push(item(
                "add_index",
                i,
                format!("index {} is in the models only", i.name),
            )),
            Some(x) if index_shape(x) != index_shape(i) => {
                out.push(item(
                    "remove_index",
                    x,
                    format!("index {} differs: dropped", i.name),
                ));
                out.push(item(
                    "add_index",
                    i,
                    format!("index {} differs: created as the models declare it", i.name),
                ));
            }
            Some(_) => {}
        }
    }
    for x in &db.indexes {
        if !model.indexes.iter().any(|i| i.name == x.name) && !unread(&x.name) {
            out.push(item(
                "remove_index",
                x,
                format!("index {} is in the migrations only", x.name),
            ));
        }
    }
}

fn fk_signature(c: &Constraint) -> Option<String> {
    match &c.kind {
        ConstraintKind::ForeignKey {
            columns,
            referenced,
            referenced_columns,
            on_delete,
            on_update,
        } => Some(format!(
            "{}->{}.{}({})/{}/{}",
            columns.join(","),
            crate::schema::key(referenced).0,
            crate::schema::key(referenced).1,
            referenced_columns.join(","),
            on_delete
                .as_deref()
                .filter(|a| *a != "NO ACTION")
                .unwrap_or(""),
            on_update
                .as_deref()
                .filter(|a| *a != "NO ACTION")
                .unwrap_or("")
        )),
        _ => None,
    }
}

fn compare_constraints(
    k: &Key,
    db: &Table,
    model: &Table,
    origins: &Origins,
    item: &MakeItem<'_>,
    out: &mut Vec<Item>,
) {
    // Foreign keys: by what they do, not by name.
    let db_fks: BTreeMap<String, &Constraint> = db
        .constraints
        .iter()
        .filter_map(|c| fk_signature(c).map(|s| (s, c)))
        .collect();
    let model_fks: BTreeMap<String, &Constraint> = model
        .constraints
        .iter()
        .filter_map(|c| fk_signature(c).map(|s| (s, c)))
        .collect();
    for (sig, c) in &model_fks {
        if !db_fks.contains_key(sig) {
            out.push(item(
                "add_fk",
                k,
                None,
                Some(&c.name),
                format!("foreign key {} is in the models only (or differs)", c.name),
            ));
        }
    }
    for (sig, c) in &db_fks {
        if !model_fks.contains_key(sig) {
            out.push(item(
                "remove_fk",
                k,
                None,
                Some(&c.name),
                format!(
                    "foreign key {} is in the migrations only (or differs)",
                    c.name
                ),
            ));
        }
    }
    // Unique constraints: by name, or by columns.
    let uniques = |t: &Table| -> Vec<(String, Vec<String>)> {
        t.constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::Unique { columns } => {
                    let mut cols = columns.clone();
                    cols.sort();
                    Some((c.name.clone(), cols))
                }
                _ => None,
            })
            .collect()
    };
    let (du, mu) = (uniques(db), uniques(model));
    // Alembic matches a unique constraint the metadata names (itself or by a naming
    // convention) by its name only, one PostgreSQL names by its columns.
    let unnamed = |cols: &Vec<String>| origins.unnamed_uniques.contains(&(k.clone(), cols.clone()));
    for (name, cols) in &mu {
        let found = match unnamed(cols) {
            true => du.iter().any(|(_, c)| c == cols),
            false => du.iter().any(|(n, _)| n == name),
        };
        if !found {
            out.push(item(
                "add_constraint",
                k,
                None,
                Some(name),
                format!(
                    "unique constraint {name} ({}) is in the models only",
                    cols.join(", ")
                ),
            ));
        }
    }
    // What CREATE TABLE dropped as a repeat is still the metadata's: a database that has it
    // (added later with ALTER TABLE) matches it.
    let repeats: Vec<(&String, &Vec<String>, bool)> = origins
        .repeated_keys
        .iter()
        .filter(|r| r.table == *k)
        .map(|r| (&r.name, &r.columns, r.named))
        .collect();
    for (name, cols) in &du {
        let declared = mu
            .iter()
            .map(|(n, c)| (n, c, !unnamed(c)))
            .chain(repeats.iter().copied());
        if !declared
            .into_iter()
            .any(|(n, c, named)| n == name || (!named && c == cols))
        {
            out.push(item(
                "remove_constraint",
                k,
                None,
                Some(name),
                format!(
                    "unique constraint {name} ({}) is in the migrations only",
                    cols.join(", ")
                ),
            ));
        }
    }
    // The metadata's unique constraints that CREATE TABLE dropped as repeats of an equal key:
    // Alembic's comparison still looks for them, a named one by its name, an unnamed one by
    // its columns.
    for repeat in origins.repeated_keys.iter().filter(|r| r.table == *k) {
        let (name, cols) = (&repeat.name, &repeat.columns);
        let found = match repeat.named {
            true => du.iter().any(|(n, _)| n == name),
            false => du.iter().any(|(_, c)| c == cols),
        };
        if !found {
            out.push(item(
                "add_constraint",
                k,
                None,
                Some(name),
                format!(
                    "unique constraint {name} ({}) is in the models only: CREATE TABLE drops it as a repeat of an equal key, which Alembic's comparison does not know",
                    cols.join(", ")
                ),
            ));
        }
    }
    // Checks: by name, and by content. Alembic's autogenerate compares neither by default
    // (its by-name comparison, on by default only in 1.19.0 and 1.19.1, is an opt-in plugin
    // since 1.19.2): every item says so.
    let checks = |t: &Table| -> Vec<(String, String)> {
        t.constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::Check { expression, .. } => {
                    Some((c.name.clone(), expression.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let (dc, mc) = (checks(db), checks(model));
    for (name, e) in &mc {
        match dc.iter().find(|(n, _)| n == name) {
            None => out.push(item(
                "add_constraint",
                k,
                None,
                Some(name),
                format!("check constraint {name} is in the models only (a comparison Alembic does not make)"),
            )),
            Some((_, de)) if check_text(de) != check_text(e) => {
                let detail = format!("check constraint {name}: {de} in the migrations, {e} in the models (a comparison Alembic does not make)");
                out.push(item(
                    "remove_constraint",
                    k,
                    None,
                    Some(name),
                    detail.clone(),
                ));
                out.push(item("add_constraint", k, None, Some(name), detail));
            }
            Some(_) => {}
        }
    }
    // A check the models give in a form driftlock could not read (a naming convention may
    // have prefixed its name) is not known to be missing.
    let unread = |name: &str| {
        origins
            .unread_checks
            .iter()
            .any(|(t, n)| t == k && (n.is_empty() || name == n || name.ends_with(&format!("_{n}"))))
    };
    for (name, _) in &dc {
        if !mc.iter().any(|(n, _)| n == name) && !unread(name) {
            out.push(item(
                "remove_constraint",
                k,
                None,
                Some(name),
                format!("check constraint {name} is in the migrations only (a comparison Alembic does not make)"),
            ));
        }
    }
    // Primary keys (Alembic does not compare them).
    let pk = |t: &Table| -> Option<(String, Vec<String>)> {
        t.primary_key().and_then(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } => Some((c.name.clone(), columns.clone())),
            _ => None,
        })
    };
    match (pk(db), pk(model)) {
        (Some((dn, dcols)), Some((mn, mcols))) if dcols != mcols => {
            let detail = format!(
                "primary key: ({}) in the migrations, ({}) in the models (a comparison Alembic does not make)",
                dcols.join(", "),
                mcols.join(", ")
            );
            out.push(item(
                "remove_constraint",
                k,
                None,
                Some(&dn),
                detail.clone(),
            ));
            out.push(item("add_constraint", k, None, Some(&mn), detail));
        }
        (None, Some((mn, mcols))) => out.push(item(
            "add_constraint",
            k,
            None,
            Some(&mn),
            format!(
                "primary key ({}) is in the models only (a comparison Alembic does not make)",
                mcols.join(", ")
            ),
        )),
        (Some((dn, dcols)), None) => out.push(item(
            "remove_constraint",
            k,
            None,
            Some(&dn),
            format!(
                "primary key ({}) is in the migrations only (a comparison Alembic does not make)",
                dcols.join(", ")
            ),
        )),
        _ => {}
    }
}

/// Enum labels (Alembic compares enum names only): for every enum type both sides have.
fn enum_labels(replayed: &Schema, declared: &Schema, origins: &Origins, out: &mut Vec<Item>) {
    for (k, model_labels) in &declared.enums {
        let Some(db_labels) = replayed.enums.get(k) else {
            continue;
        };
        // Point at a model column of that type, if any.
        let span = declared.tables.iter().find_map(|(tk, t)| {
            t.columns.iter().find_map(|c| match &c.ty.base {
                crate::schema::BaseType::Named { name, .. } if *name == k.1 => {
                    origins.columns.get(&(tk.clone(), c.name.clone())).cloned()
                }
                _ => None,
            })
        });
        for l in model_labels.iter().filter(|l| !db_labels.contains(l)) {
            out.push(Item {
                kind: "add_enum_value",
                schema: k.0.clone(),
                table: k.1.clone(),
                column: None,
                name: Some(l.clone()),
                detail: format!("enum {}: the models have label '{l}', the migrations do not (a comparison Alembic does not make)", k.1),
                span: span.clone(),
            });
        }
        for l in db_labels.iter().filter(|l| !model_labels.contains(l)) {
            out.push(Item {
                kind: "remove_enum_value",
                schema: k.0.clone(),
                table: k.1.clone(),
                column: None,
                name: Some(l.clone()),
                detail: format!("enum {}: the migrations have label '{l}', the models do not (a comparison Alembic does not make)", k.1),
                span: span.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::BaseType;

    #[test]
    fn types_compare_on_what_both_sides_state() {
        let v = |n| SqlType::new(BaseType::Varchar(n));
        assert!(!types_differ(&v(Some(50)), &v(None)));
        assert!(types_differ(&v(Some(50)), &v(Some(60))));
        assert!(types_differ(&v(Some(50)), &SqlType::new(BaseType::Text)));
        assert!(types_differ(
            &SqlType::new(BaseType::Integer),
            &SqlType::new(BaseType::BigInt)
        ));
    }

    #[test]
    fn index_expressions_compare_without_casts() {
        assert_eq!(super::without_casts("lowerusername::text"), "lowerusername");
        assert_eq!(
            super::without_casts("coalescea::charactervarying,''::text"),
            "coalescea,''"
        );
    }

    #[test]
    fn defaults_compare_by_meaning() {
        assert!(same_default("now()", "CURRENT_TIMESTAMP"));
        assert!(same_default("'x'::character varying", "'x'"));
        assert!(same_default("'0'::bigint", "0"));
        assert!(!same_default(
            "'active'::character varying",
            "'pending'::character varying"
        ));
    }
}
