//! The catalog relations a query reads, materialized from the replayed schema: `pg_class`,
//! `pg_attribute`, `pg_constraint`, `pg_index`, `pg_type`, `pg_enum`, `pg_namespace`, the
//! `pg_indexes`/`pg_tables`/`pg_views`/`pg_sequences` views and the information_schema views
//! migrations ask. Object identifiers are made up (in a fixed order, so every answer is the
//! same run after run) and consistent across the relations; a column whose value the replay
//! does not know is [`V::Unknown`], and a relation whose rows it does not know (a view's
//! columns) has a row of unknown values, so that only a query that does not reach them is
//! answered. System catalogs and what extensions create are not listed.

use std::collections::BTreeMap;

use crate::pg::types::{BaseType, SqlType};
use crate::pg::{ConstraintKind, IndexKey};
use crate::schema::{Key, Schema, Table};

use super::value::V;

/// A relation: its columns' names and its rows.
pub(super) struct Relation {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<V>>,
}

/// A relation of `pg_class`.
pub(super) struct Class<'s> {
    pub oid: u32,
    pub schema: String,
    pub name: String,
    pub kind: &'static str,
    pub table: Option<&'s Table>,
    /// Its row type in `pg_type` (0: none).
    rowtype: u32,
    index: Option<IndexInfo>,
}

/// An index: its own or one behind a primary key, unique or exclusion constraint.
struct IndexInfo {
    table: u32,
    unique: bool,
    primary: bool,
    exclusion: bool,
    /// Each key's column (`None`: an expression).
    keys: Vec<Option<String>>,
    include: Vec<String>,
    definition: V,
    predicate: bool,
}

/// A type of `pg_type`.
struct TypeRow {
    oid: u32,
    namespace: u32,
    name: String,
    typtype: &'static str,
    relid: u32,
    elem: u32,
    array: u32,
}

/// The catalog of one schema as one query sees it.
pub(super) struct Catalog<'s> {
    pub schema: &'s Schema,
    /// The session's `search_path`, as set (`$user` and missing schemas are skipped).
    pub path: Vec<String>,
    pub(super) namespaces: BTreeMap<String, u32>,
    pub(super) classes: Vec<Class<'s>>,
    types: Vec<TypeRow>,
    /// Every constraint's identifier, by table and name.
    constraints: BTreeMap<(Key, String), u32>,
}

/// The built-in types a revision may ask `pg_type` about (each with its array type).
const BUILTIN_TYPES: &[&str] = &[
    "bool",
    "bytea",
    "char",
    "name",
    "int8",
    "int2",
    "int4",
    "text",
    "oid",
    "json",
    "xml",
    "float4",
    "float8",
    "money",
    "bpchar",
    "varchar",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "interval",
    "timetz",
    "bit",
    "varbit",
    "numeric",
    "uuid",
    "jsonb",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "tsvector",
    "tsquery",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "regclass",
    "regtype",
    "record",
    "tid",
    "xid",
    "cid",
];

/// The base types common extensions create (each with its array type), in a schema the
/// replay does not follow; an extension not listed makes `pg_type` unknown beyond its own.
const EXTENSION_TYPES: &[(&str, &[&str])] = &[
    ("plpgsql", &[]),
    ("pgcrypto", &[]),
    ("uuid-ossp", &[]),
    ("unaccent", &[]),
    ("pg_stat_statements", &[]),
    ("fuzzystrmatch", &[]),
    ("tablefunc", &[]),
    ("citext", &["citext"]),
    ("hstore", &["hstore", "ghstore"]),
    ("pg_trgm", &["gtrgm"]),
    (
        "btree_gist",
        &[
            "gbtreekey2",
            "gbtreekey4",
            "gbtreekey8",
            "gbtreekey16",
            "gbtreekey32",
            "gbtreekey_var",
        ],
    ),
    ("ltree", &["ltree", "lquery", "ltxtquery", "ltree_gist"]),
    ("cube", &["cube"]),
    ("vector", &["vector", "halfvec", "sparsevec"]),
];

impl<'s> Catalog<'s> {
    pub(super) fn new(schema: &'s Schema, path: &[String]) -> Catalog<'s> {
        let mut next = 16384u32;
        let mut fresh = || {
            next += 1;
            next
        };
        let mut namespaces = BTreeMap::from([
            ("pg_catalog".to_string(), 11),
            ("pg_toast".to_string(), 99),
            ("information_schema".to_string(), 13000),
        ]);
        for s in &schema.schemas {
            let oid = if s == "public" { 2200 } else { fresh() };
            namespaces.entry(s.clone()).or_insert(oid);
        }
        let mut types = Vec::new();
        let mut builtin = 1000;
        for name in BUILTIN_TYPES {
            let (oid, array) = (builtin, builtin + 1);
            builtin += 2;
            types.push(TypeRow::base(oid, 11, name, array));
            types.push(TypeRow::array_of(array, 11, name, oid));
        }
        for k in schema.enums.keys() {
            let Some(&ns) = namespaces.get(&k.0) else {
                continue;
            };
            let (oid, array) = (fresh(), fresh());
            types.push(TypeRow {
                oid,
                namespace: ns,
                name: k.1.clone(),
                typtype: "e",
                relid: 0,
                elem: 0,
                array,
            });
            types.push(TypeRow::array_of(array, ns, &k.1, oid));
        }
        let mut classes = Vec::new();
        let mut constraints = BTreeMap::new();
        let relation = |classes: &mut Vec<Class<'s>>,
                        types: &mut Vec<TypeRow>,
                        k: &Key,
                        kind: &'static str,
                        table: Option<&'s Table>,
                        with_type: bool,
                        fresh: &mut dyn FnMut() -> u32|
         -> u32 {
            let oid = fresh();
            let mut rowtype = 0;
            if let (true, Some(&ns)) = (with_type, namespaces.get(&k.0)) {
                rowtype = fresh();
                let array = fresh();
                types.push(TypeRow {
                    oid: rowtype,
                    namespace: ns,
                    name: k.1.clone(),
                    typtype: "c",
                    relid: oid,
                    elem: 0,
                    array,
                });
                types.push(TypeRow::array_of(array, ns, &k.1, rowtype));
            }
            classes.push(Class {
                oid,
                schema: k.0.clone(),
                name: k.1.clone(),
                kind,
                table,
                rowtype,
                index: None,
            });
            oid
        };
        for (k, t) in schema.tables.iter() {
            let kind = if t.partitioning.is_some() { "p" } else { "r" };
            let table = relation(&mut classes, &mut types, k, kind, Some(t), true, &mut fresh);
            for c in &t.constraints {
                constraints.insert((k.clone(), c.name.clone()), fresh());
            }
            for (name, info) in indexes_of(k, t, table) {
                let kind = if kind == "p" { "I" } else { "i" };
                relation(
                    &mut classes,
                    &mut types,
                    &(k.0.clone(), name),
                    kind,
                    None,
                    false,
                    &mut fresh,
                );
                if let Some(last) = classes.last_mut() {
                    last.index = Some(info);
                }
            }
        }
        for (k, _) in schema.sequences.iter() {
            relation(&mut classes, &mut types, k, "S", None, false, &mut fresh);
        }
        for (k, v) in &schema.views {
            let kind = if v.materialized { "m" } else { "v" };
            relation(&mut classes, &mut types, k, kind, None, true, &mut fresh);
            for name in &v.indexes {
                relation(
                    &mut classes,
                    &mut types,
                    &(k.0.clone(), name.clone()),
                    "i",
                    None,
                    false,
                    &mut fresh,
                );
            }
        }
        Catalog {
            schema,
            path: path
                .iter()
                .filter(|s| !s.is_empty() && *s != "$user")
                .cloned()
                .collect(),
            namespaces,
            classes,
            types,
            constraints,
        }
    }

    /// The schema unqualified new objects go to: `current_schema()`.
    pub(super) fn current_schema(&self) -> Option<&str> {
        self.path
            .iter()
            .find(|s| *s != "pg_catalog" && self.schema.schemas.contains(*s))
            .map(String::as_str)
    }

    /// The relation `name` (`schema.t` or `t` through the path), as `'...'::regclass` and
    /// `to_regclass(...)` find it.
    pub(super) fn class_named(&self, name: &str) -> Option<u32> {
        let (schema, name) = split_name(name)?;
        let found = |s: &str| {
            self.classes
                .iter()
                .find(|c| c.schema == s && c.name == name)
                .map(|c| c.oid)
        };
        match schema {
            Some(s) => found(&s),
            None => self.path.iter().find_map(|s| found(s)),
        }
    }

    /// The type `name` (an enum, a table's row type or a built-in), as `'...'::regtype` finds it.
    pub(super) fn type_named(&self, name: &str) -> Option<u32> {
        let (schema, name) = split_type_name(name)?;
        let found = |ns: u32, n: &str| {
            self.types
                .iter()
                .find(|t| t.namespace == ns && t.name == n)
                .map(|t| t.oid)
        };
        match schema {
            Some(s) => found(*self.namespaces.get(&s)?, &name),
            None => found(11, &name).or_else(|| {
                self.path
                    .iter()
                    .find_map(|s| found(*self.namespaces.get(s)?, &name))
            }),
        }
    }

    pub(super) fn namespace_named(&self, name: &str) -> Option<u32> {
        self.namespaces.get(name).copied()
    }

    /// An enum type's labels, in order.
    pub(super) fn enum_labels(&self, oid: u32) -> Option<&[String]> {
        let t = self
            .types
            .iter()
            .find(|t| t.oid == oid && t.typtype == "e")?;
        let schema = self.namespace_name(t.namespace)?;
        self.schema
            .enums
            .get(&(schema.to_string(), t.name.clone()))
            .map(Vec::as_slice)
    }

    fn namespace_name(&self, oid: u32) -> Option<&str> {
        self.namespaces
            .iter()
            .find(|(_, o)| **o == oid)
            .map(|(n, _)| n.as_str())
    }

    /// How PostgreSQL prints a `regclass`/`regtype`/`regnamespace`: the name, qualified when
    /// the path would not find it.
    pub(super) fn display(&self, v: &V) -> Option<String> {
        use crate::pg::types::quote_ident;
        let qualified = |schema: &str, name: &str, visible: bool| {
            if visible {
                quote_ident(name)
            } else {
                format!("{}.{}", quote_ident(schema), quote_ident(name))
            }
        };
        match v {
            V::RegClass(o) => {
                let c = self.classes.iter().find(|c| c.oid == *o)?;
                let visible = self.class_named(&quote_ident(&c.name)) == Some(*o);
                Some(qualified(&c.schema, &c.name, visible))
            }
            V::RegType(o) => {
                let t = self.types.iter().find(|t| t.oid == *o)?;
                let schema = self.namespace_name(t.namespace)?;
                if t.namespace == 11 {
                    return Some(t.name.clone());
                }
                let visible = self.type_named(&quote_ident(&t.name)) == Some(*o);
                Some(qualified(schema, &t.name, visible))
            }
            V::RegNamespace(o) => self.namespace_name(*o).map(quote_ident),
            _ => None,
        }
    }

    /// `pg_get_indexdef(oid)`.
    pub(super) fn index_definition(&self, oid: u32) -> V {
        match self.classes.iter().find(|c| c.oid == oid) {
            Some(Class {
                index: Some(info), ..
            }) => info.definition.clone(),
            Some(_) => V::Unknown("the definition of an index"),
            None => V::Null,
        }
    }

    /// Whether `pg_table_is_visible(oid)`: the path finds the relation by its name.
    pub(super) fn visible(&self, oid: u32) -> Option<bool> {
        let c = self.classes.iter().find(|c| c.oid == oid)?;
        Some(
            self.path.iter().find(|s| {
                self.classes
                    .iter()
                    .any(|o| &o.schema == *s && o.name == c.name)
            }) == Some(&c.schema),
        )
    }

    /// The catalog relation `schema.name` (`schema` empty: unqualified, found on the path:
    /// `pg_catalog` always, information_schema only when the path names it).
    pub(super) fn relation(&self, schema: &str, name: &str) -> Option<Relation> {
        let in_path = |s: &str| self.path.iter().any(|p| p == s);
        let pg = schema == "pg_catalog" || schema.is_empty();
        let info =
            schema == "information_schema" || (schema.is_empty() && in_path("information_schema"));
        match name {
            "pg_namespace" if pg => Some(self.pg_namespace()),
            "pg_class" if pg => Some(self.pg_class()),
            "pg_attribute" if pg => Some(self.pg_attribute()),
            "pg_constraint" if pg => Some(self.pg_constraint()),
            "pg_index" if pg => Some(self.pg_index()),
            "pg_type" if pg => Some(self.pg_type()),
            "pg_enum" if pg => Some(self.pg_enum()),
            "pg_indexes" if pg => Some(self.pg_indexes()),
            "pg_tables" if pg => Some(self.pg_tables()),
            "pg_views" | "pg_matviews" if pg => Some(self.pg_views(name == "pg_matviews")),
            "pg_sequences" if pg => Some(self.pg_sequences()),
            "tables" if info => Some(self.info_tables()),
            "columns" if info => Some(self.info_columns()),
            "schemata" if info => Some(self.info_schemata()),
            "sequences" if info => Some(self.info_sequences()),
            "table_constraints" if info => Some(self.info_table_constraints()),
            "key_column_usage" if info => Some(self.info_key_column_usage()),
            "constraint_column_usage" if info => Some(self.info_constraint_column_usage()),
            "referential_constraints" if info => Some(self.info_referential_constraints()),
            _ => None,
        }
    }

    fn ns(&self, schema: &str) -> V {
        self.namespaces
            .get(schema)
            .map_or(V::Unknown("a schema's identifier"), |o| V::Oid(*o))
    }

    fn table_oid(&self, k: &Key) -> u32 {
        self.classes
            .iter()
            .find(|c| c.schema == k.0 && c.name == k.1 && c.table.is_some())
            .map_or(0, |c| c.oid)
    }

    pub(super) fn tables(&self) -> impl Iterator<Item = (&Class<'s>, &'s Table)> {
        self.classes.iter().filter_map(|c| c.table.map(|t| (c, t)))
    }

    fn pg_namespace(&self) -> Relation {
        Relation {
            columns: vec!["oid", "nspname", "nspowner"],
            rows: self
                .namespaces
                .iter()
                .map(|(n, o)| vec![V::Oid(*o), V::name(n), V::Unknown("a schema's owner")])
                .collect(),
        }
    }

    fn pg_class(&self) -> Relation {
        let rows = self
            .classes
            .iter()
            .map(|c| {
                let kind = c.kind;
                vec![
                    V::Oid(c.oid),
                    V::name(&c.name),
                    self.ns(&c.schema),
                    V::text(kind),
                    V::Oid(c.rowtype),
                    V::Bool(c.table.is_some_and(|t| t.is_partition)),
                    match c.table {
                        Some(t) => V::Int(t.columns.len() as i64),
                        None => V::Unknown("a relation's number of columns"),
                    },
                    V::Unknown("a relation's owner"),
                ]
            })
            .collect();
        Relation {
            columns: vec![
                "oid",
                "relname",
                "relnamespace",
                "relkind",
                "reltype",
                "relispartition",
                "relnatts",
                "relowner",
            ],
            rows,
        }
    }

    fn pg_attribute(&self) -> Relation {
        let mut rows = Vec::new();
        for c in &self.classes {
            let Some(t) = c.table else {
                // A view's, a sequence's or an index's columns: not known.
                rows.push(
                    std::iter::once(V::Oid(c.oid))
                        .chain((1..12).map(|_| V::Unknown("the columns of a view or an index")))
                        .collect(),
                );
                continue;
            };
            const SYSTEM: [(&str, &str); 6] = [
                ("ctid", "tid"),
                ("xmin", "xid"),
                ("cmin", "cid"),
                ("xmax", "xid"),
                ("cmax", "cid"),
                ("tableoid", "oid"),
            ];
            for (i, (name, ty)) in SYSTEM.iter().enumerate() {
                rows.push(vec![
                    V::Oid(c.oid),
                    V::name(*name),
                    self.type_named(ty)
                        .map_or(V::Unknown("a system column's type"), V::Oid),
                    V::Int(-(i as i64) - 1),
                    V::Bool(true),
                    V::Bool(false),
                    V::Bool(false),
                    V::text(""),
                    V::text(""),
                    V::Bool(true),
                    V::Int(0),
                    V::Int(-1),
                ]);
            }
            for (i, col) in t.columns.iter().enumerate() {
                rows.push(vec![
                    V::Oid(c.oid),
                    V::name(&col.name),
                    self.type_oid(&col.ty),
                    V::Ord(i as i64 + 1),
                    V::Bool(col.not_null),
                    V::Bool(col.default.is_some() || col.generated.is_some()),
                    V::Bool(false),
                    V::text(match &col.identity {
                        Some(id) if id.always => "a",
                        Some(_) => "d",
                        None => "",
                    }),
                    V::text(if col.generated.is_some() { "s" } else { "" }),
                    V::Bool(col.local),
                    V::Int(i64::from(col.inherited)),
                    V::Unknown("a column's type modifier"),
                ]);
            }
        }
        Relation {
            columns: vec![
                "attrelid",
                "attname",
                "atttypid",
                "attnum",
                "attnotnull",
                "atthasdef",
                "attisdropped",
                "attidentity",
                "attgenerated",
                "attislocal",
                "attinhcount",
                "atttypmod",
            ],
            rows,
        }
    }

    /// The `pg_type` row of a column's type (without its modifiers).
    fn type_oid(&self, ty: &SqlType) -> V {
        let found = match &ty.base {
            BaseType::Named { schema, name, .. } => {
                let name = match schema {
                    Some(s) => format!("{}.{}", crate::pg::types::quote_ident(s), name),
                    None => crate::pg::types::quote_ident(name),
                };
                self.type_named(&name)
            }
            _ => type_name(ty).and_then(|n| self.type_named(&n)),
        };
        let element = found.map(|oid| {
            if ty.array {
                self.types.iter().find(|t| t.oid == oid).map(|t| t.array)
            } else {
                Some(oid)
            }
        });
        match element {
            Some(Some(oid)) => V::Oid(oid),
            _ => V::Unknown("a column's type"),
        }
    }

    /// A table's column numbers, for `conkey`/`indkey`.
    fn attnums(t: &Table, columns: &[String]) -> V {
        let numbers: Option<Vec<V>> = columns
            .iter()
            .map(|c| {
                t.columns
                    .iter()
                    .position(|col| &col.name == c)
                    .map(|i| V::Ord(i as i64 + 1))
            })
            .collect();
        numbers.map_or(V::Unknown("the columns of a constraint"), V::Array)
    }

    fn pg_constraint(&self) -> Relation {
        let mut rows = Vec::new();
        for (c, t) in self.tables() {
            let k = (c.schema.clone(), c.name.clone());
            for con in &t.constraints {
                let oid = self
                    .constraints
                    .get(&(k.clone(), con.name.clone()))
                    .copied()
                    .unwrap_or(0);
                let (contype, _) = constraint_types(&con.kind);
                let (conkey, confrelid, confkey, upd, del) = match &con.kind {
                    ConstraintKind::PrimaryKey { columns }
                    | ConstraintKind::Unique { columns }
                    | ConstraintKind::Exclude { columns, .. } => (
                        Self::attnums(t, columns),
                        V::Oid(0),
                        V::Null,
                        V::text(" "),
                        V::text(" "),
                    ),
                    ConstraintKind::Check { .. } => (
                        V::Unknown("the columns of a check constraint"),
                        V::Oid(0),
                        V::Null,
                        V::text(" "),
                        V::text(" "),
                    ),
                    ConstraintKind::ForeignKey {
                        columns,
                        referenced,
                        referenced_columns,
                        on_delete,
                        on_update,
                    } => {
                        let target = crate::schema::key(referenced);
                        let target_table = self.schema.tables.get(&target);
                        let confkey = match (target_table, referenced_columns.is_empty()) {
                            (Some(rt), false) => Self::attnums(rt, referenced_columns),
                            (Some(rt), true) => match rt.primary_key() {
                                Some(pk) => match &pk.kind {
                                    ConstraintKind::PrimaryKey { columns } => {
                                        Self::attnums(rt, columns)
                                    }
                                    _ => V::Unknown("a foreign key's referenced columns"),
                                },
                                None => V::Unknown("a foreign key's referenced columns"),
                            },
                            (None, _) => V::Unknown("a foreign key's referenced columns"),
                        };
                        let target_oid = self.table_oid(&target);
                        (
                            Self::attnums(t, columns),
                            if target_oid == 0 {
                                V::Unknown("a foreign key's referenced table")
                            } else {
                                V::Oid(target_oid)
                            },
                            confkey,
                            V::text(action_code(on_update.as_deref())),
                            V::text(action_code(on_delete.as_deref())),
                        )
                    }
                };
                rows.push(vec![
                    V::Oid(oid),
                    V::name(&con.name),
                    self.ns(&c.schema),
                    V::text(contype),
                    V::Oid(c.oid),
                    confrelid,
                    conkey,
                    confkey,
                    upd,
                    del,
                    V::Oid(0),
                    V::Bool(con.parent.is_none()),
                    V::Unknown("whether a constraint is validated"),
                    V::Unknown("whether a constraint is deferrable"),
                ]);
            }
        }
        Relation {
            columns: vec![
                "oid",
                "conname",
                "connamespace",
                "contype",
                "conrelid",
                "confrelid",
                "conkey",
                "confkey",
                "confupdtype",
                "confdeltype",
                "contypid",
                "conislocal",
                "convalidated",
                "condeferrable",
            ],
            rows,
        }
    }

    fn pg_index(&self) -> Relation {
        let mut rows = Vec::new();
        for c in &self.classes {
            let Some(info) = &c.index else {
                if c.kind == "i" {
                    // A materialized view's index: what it holds is not known.
                    rows.push(
                        std::iter::once(V::Oid(c.oid))
                            .chain((1..12).map(|_| V::Unknown("an index of a materialized view")))
                            .collect(),
                    );
                }
                continue;
            };
            let table = self.classes.iter().find(|t| t.oid == info.table);
            let key = |name: &Option<String>| match (name, table.and_then(|t| t.table)) {
                (None, _) => V::Int(0),
                (Some(n), Some(t)) => match t.columns.iter().position(|c| &c.name == n) {
                    Some(i) => V::Ord(i as i64 + 1),
                    None => V::Unknown("an index's column"),
                },
                (Some(_), None) => V::Unknown("an index's column"),
            };
            let mut indkey: Vec<V> = info.keys.iter().map(key).collect();
            indkey.extend(info.include.iter().map(|n| key(&Some(n.clone()))));
            rows.push(vec![
                V::Oid(c.oid),
                V::Oid(info.table),
                V::Bool(info.unique),
                V::Bool(info.primary),
                V::Bool(info.exclusion),
                V::Bool(true),
                V::Bool(true),
                V::Bool(true),
                V::Int(indkey.len() as i64),
                V::Int(info.keys.len() as i64),
                V::Array(indkey),
                if info.predicate {
                    V::Unknown("an index's predicate")
                } else {
                    V::Null
                },
            ]);
        }
        Relation {
            columns: vec![
                "indexrelid",
                "indrelid",
                "indisunique",
                "indisprimary",
                "indisexclusion",
                "indisvalid",
                "indisready",
                "indislive",
                "indnatts",
                "indnkeyatts",
                "indkey",
                "indpred",
            ],
            rows,
        }
    }

    fn pg_type(&self) -> Relation {
        let mut rows: Vec<Vec<V>> = self
            .types
            .iter()
            .map(|t| {
                vec![
                    V::Oid(t.oid),
                    V::name(&t.name),
                    V::Oid(t.namespace),
                    V::text(t.typtype),
                    V::Oid(t.relid),
                    V::Oid(t.elem),
                    V::Oid(t.array),
                ]
            })
            .collect();
        // The types of an extension (`citext`, `vector`), in the schema it was created in.
        for extension in &self.schema.extensions {
            match EXTENSION_TYPES.iter().find(|(e, _)| e == extension) {
                Some((_, types)) => {
                    for name in types.iter().flat_map(|t| [t.to_string(), format!("_{t}")]) {
                        let mut row = vec![V::Unknown("an extension type's identifier"); 7];
                        row[1] = V::Name(name.clone());
                        row[2] = V::Unknown("the schema of an extension");
                        row[3] = V::text("b");
                        rows.push(row);
                    }
                }
                None => rows.push(vec![V::Unknown("the types an extension creates"); 7]),
            }
        }
        Relation {
            columns: vec![
                "oid",
                "typname",
                "typnamespace",
                "typtype",
                "typrelid",
                "typelem",
                "typarray",
            ],
            rows,
        }
    }

    fn pg_enum(&self) -> Relation {
        let mut rows = Vec::new();
        for t in self.types.iter().filter(|t| t.typtype == "e") {
            for (i, label) in self
                .enum_labels(t.oid)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                rows.push(vec![
                    V::Unknown("a label's identifier"),
                    V::Oid(t.oid),
                    V::Ord(i as i64 + 1),
                    V::name(label),
                ]);
            }
        }
        Relation {
            columns: vec!["oid", "enumtypid", "enumsortorder", "enumlabel"],
            rows,
        }
    }

    fn pg_indexes(&self) -> Relation {
        let mut rows = Vec::new();
        for c in self
            .classes
            .iter()
            .filter(|c| c.kind == "i" || c.kind == "I")
        {
            let table = c
                .index
                .as_ref()
                .and_then(|i| self.classes.iter().find(|t| t.oid == i.table));
            let (table_name, definition) = match (table, &c.index) {
                (Some(t), Some(info)) => (V::name(&t.name), info.definition.clone()),
                _ => (
                    V::Unknown("the relation of an index"),
                    V::Unknown("an index's definition"),
                ),
            };
            rows.push(vec![
                V::name(&c.schema),
                table_name,
                V::name(&c.name),
                V::Unknown("an index's tablespace"),
                definition,
            ]);
        }
        Relation {
            columns: vec![
                "schemaname",
                "tablename",
                "indexname",
                "tablespace",
                "indexdef",
            ],
            rows,
        }
    }

    fn pg_tables(&self) -> Relation {
        let rows = self
            .tables()
            .map(|(c, t)| {
                vec![
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::Unknown("a table's owner"),
                    V::Unknown("a table's tablespace"),
                    V::Bool(!t.indexes.is_empty() || t.constraints.iter().any(backs_index)),
                    V::Unknown("whether a table has triggers"),
                    V::Unknown("whether a table has row security"),
                ]
            })
            .collect();
        Relation {
            columns: vec![
                "schemaname",
                "tablename",
                "tableowner",
                "tablespace",
                "hasindexes",
                "hastriggers",
                "rowsecurity",
            ],
            rows,
        }
    }

    fn pg_views(&self, materialized: bool) -> Relation {
        let kind = if materialized { "m" } else { "v" };
        let rows = self
            .classes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| {
                vec![
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::Unknown("a view's owner"),
                    V::Unknown("a view's definition"),
                ]
            })
            .collect();
        let name = if materialized {
            "matviewname"
        } else {
            "viewname"
        };
        Relation {
            columns: vec!["schemaname", name, "viewowner", "definition"],
            rows,
        }
    }

    fn pg_sequences(&self) -> Relation {
        let rows = self
            .classes
            .iter()
            .filter(|c| c.kind == "S")
            .map(|c| {
                vec![
                    V::name(&c.schema),
                    V::name(&c.name),
                    V::Unknown("a sequence's owner"),
                    V::Unknown("a sequence's type"),
                    V::Unknown("a sequence's last value"),
                ]
            })
            .collect();
        Relation {
            columns: vec![
                "schemaname",
                "sequencename",
                "sequenceowner",
                "data_type",
                "last_value",
            ],
            rows,
        }
    }
}

impl TypeRow {
    fn base(oid: u32, namespace: u32, name: &str, array: u32) -> TypeRow {
        TypeRow {
            oid,
            namespace,
            name: name.to_string(),
            typtype: "b",
            relid: 0,
            elem: 0,
            array,
        }
    }

    fn array_of(oid: u32, namespace: u32, name: &str, elem: u32) -> TypeRow {
        TypeRow {
            oid,
            namespace,
            name: format!("_{name}"),
            typtype: "b",
            relid: 0,
            elem,
            array: 0,
        }
    }
}

/// `schema.name` or `name` as PostgreSQL reads a relation's name (quoted parts kept, the
/// others folded to lower case); `None` for anything else.
pub(super) fn split_name(name: &str) -> Option<(Option<String>, String)> {
    use pg_query::protobuf::node::Node as N;
    let parsed = pg_query::parse(&format!("SELECT FROM {name}"), 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let N::SelectStmt(s) = stmt.stmt.as_ref()?.node.as_ref()? else {
        return None;
    };
    let [from] = s.from_clause.as_slice() else {
        return None;
    };
    match from.node.as_ref()? {
        N::RangeVar(rv) if rv.alias.is_none() && rv.catalogname.is_empty() && rv.inh => Some((
            (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
            rv.relname.clone(),
        )),
        _ => None,
    }
}

/// A type's name as PostgreSQL reads it (`integer` is `int4`, `double precision` `float8`).
pub(super) fn split_type_name(name: &str) -> Option<(Option<String>, String)> {
    use pg_query::protobuf::node::Node as N;
    let parsed = pg_query::parse(&format!("SELECT NULL::{name}"), 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let N::SelectStmt(s) = stmt.stmt.as_ref()?.node.as_ref()? else {
        return None;
    };
    let [target] = s.target_list.as_slice() else {
        return None;
    };
    let N::ResTarget(r) = target.node.as_ref()? else {
        return None;
    };
    let N::TypeCast(c) = r.val.as_deref()?.node.as_ref()? else {
        return None;
    };
    let tn = c.type_name.as_ref()?;
    if !tn.array_bounds.is_empty() || !tn.typmods.is_empty() {
        return None;
    }
    let names = crate::sql::strings(&tn.names);
    match names.as_slice() {
        [n] => Some((None, n.clone())),
        [s, n] => Some((Some(s.clone()), n.clone())),
        _ => None,
    }
}

/// Whether a constraint has an index behind it.
fn backs_index(c: &crate::schema::Constraint) -> bool {
    matches!(
        c.kind,
        ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Exclude { .. }
    )
}

/// Every index of a table, with `pg_get_indexdef`'s text: those behind its primary key,
/// unique and exclusion constraints, then its own.
fn indexes_of(k: &Key, t: &Table, table: u32) -> Vec<(String, IndexInfo)> {
    let on = format!("{}.{}", k.0, k.1);
    let mut out = Vec::new();
    for c in &t.constraints {
        let (columns, primary, exclusion) = match &c.kind {
            ConstraintKind::PrimaryKey { columns } => (columns, true, false),
            ConstraintKind::Unique { columns } => (columns, false, false),
            ConstraintKind::Exclude { columns, .. } => (columns, false, true),
            _ => continue,
        };
        let definition = if exclusion {
            V::Unknown("an exclusion constraint's index definition")
        } else {
            V::text(format!(
                "CREATE UNIQUE INDEX {} ON {on} USING btree ({})",
                c.name,
                columns.join(", ")
            ))
        };
        out.push((
            c.name.clone(),
            IndexInfo {
                table,
                unique: !exclusion,
                primary,
                exclusion,
                keys: columns.iter().cloned().map(Some).collect(),
                include: Vec::new(),
                definition,
                predicate: false,
            },
        ));
    }
    for i in &t.indexes {
        let keys: Vec<&str> = i
            .keys
            .iter()
            .map(|key| match key {
                IndexKey::Column(c) => c.as_str(),
                IndexKey::Expression(e) => e.as_str(),
            })
            .collect();
        let mut def = format!(
            "CREATE {}INDEX {} ON {on} USING {} ({})",
            if i.unique { "UNIQUE " } else { "" },
            i.name,
            i.method,
            keys.join(", ")
        );
        if !i.include.is_empty() {
            def.push_str(&format!(" INCLUDE ({})", i.include.join(", ")));
        }
        if let Some(p) = &i.predicate {
            def.push_str(&format!(" WHERE {p}"));
        }
        out.push((
            i.name.clone(),
            IndexInfo {
                table,
                unique: i.unique,
                primary: false,
                exclusion: false,
                keys: i
                    .keys
                    .iter()
                    .map(|key| match key {
                        IndexKey::Column(c) => Some(c.clone()),
                        IndexKey::Expression(_) => None,
                    })
                    .collect(),
                include: i.include.clone(),
                definition: V::Text(def),
                predicate: i.predicate.is_some(),
            },
        ));
    }
    out
}

/// `pg_constraint.contype` and `information_schema.table_constraints.constraint_type`.
pub(super) fn constraint_types(kind: &ConstraintKind) -> (&'static str, Option<&'static str>) {
    match kind {
        ConstraintKind::PrimaryKey { .. } => ("p", Some("PRIMARY KEY")),
        ConstraintKind::Unique { .. } => ("u", Some("UNIQUE")),
        ConstraintKind::Check { .. } => ("c", Some("CHECK")),
        ConstraintKind::ForeignKey { .. } => ("f", Some("FOREIGN KEY")),
        ConstraintKind::Exclude { .. } => ("x", None),
    }
}

/// `confdeltype`'s letter for an `ON DELETE` action.
fn action_code(action: Option<&str>) -> &'static str {
    match action.map(str::to_uppercase).as_deref() {
        Some("CASCADE") => "c",
        Some("RESTRICT") => "r",
        Some("SET NULL") => "n",
        Some("SET DEFAULT") => "d",
        _ => "a",
    }
}

/// `referential_constraints.delete_rule`'s words for an action.
pub(super) fn action_rule(action: Option<&str>) -> &'static str {
    match action.map(str::to_uppercase).as_deref() {
        Some("CASCADE") => "CASCADE",
        Some("RESTRICT") => "RESTRICT",
        Some("SET NULL") => "SET NULL",
        Some("SET DEFAULT") => "SET DEFAULT",
        _ => "NO ACTION",
    }
}

/// `information_schema.columns.data_type`: the type without modifiers, `ARRAY` for arrays,
/// `USER-DEFINED` for enums, domains and extension types.
pub(super) fn information_schema_type(ty: &SqlType) -> String {
    if ty.array {
        return "ARRAY".into();
    }
    match &ty.base {
        BaseType::Named { .. } => "USER-DEFINED".into(),
        BaseType::Char(_) => "character".into(),
        _ => ty.without_modifiers().to_string(),
    }
}

/// `pg_type.typname` of a built-in type (`int4`, `varchar`).
fn type_name(ty: &SqlType) -> Option<String> {
    let name = match &ty.base {
        BaseType::SmallInt => "int2",
        BaseType::Integer => "int4",
        BaseType::BigInt => "int8",
        BaseType::Real => "float4",
        BaseType::Double => "float8",
        BaseType::Numeric(_) => "numeric",
        BaseType::Boolean => "bool",
        BaseType::Text => "text",
        BaseType::Varchar(_) => "varchar",
        BaseType::Char(_) => "bpchar",
        BaseType::Bytea => "bytea",
        BaseType::Date => "date",
        BaseType::Timestamp { tz: false, .. } => "timestamp",
        BaseType::Timestamp { tz: true, .. } => "timestamptz",
        BaseType::Time { tz: false, .. } => "time",
        BaseType::Time { tz: true, .. } => "timetz",
        BaseType::Interval { .. } => "interval",
        BaseType::Json => "json",
        BaseType::Jsonb => "jsonb",
        BaseType::Uuid => "uuid",
        BaseType::Bit { varying: false, .. } => "bit",
        BaseType::Bit { varying: true, .. } => "varbit",
        BaseType::Builtin(name) => name,
        BaseType::Named { name, .. } => name.as_str(),
    };
    Some(name.to_string())
}

/// `information_schema.columns.udt_name`: the type's own name (`varchar`, `_int4`, `mood`).
pub(super) fn udt_name(ty: &SqlType) -> Option<String> {
    let name = type_name(ty)?;
    Some(if ty.array { format!("_{name}") } else { name })
}
